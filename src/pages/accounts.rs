//! The console accounts of the organizations the signed-in account owns: who they are, their
//! roles, adding one and deleting one.

use leptos::prelude::*;
use wif_core::{Account, FieldError, Grant, NewAccount, Organization, Project, Role};

use crate::api::{self, ApiError};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::field::{TextField, focus};
use crate::components::grants::{self, Names};
use crate::components::layout::set_title;
use crate::components::provider_table::short_date;
use crate::components::status::{LoadError, Loading};
use crate::session::{SessionState, use_session};

/// The organizations the signed-in account owns: where it may give roles.
/// With their projects, to name a Project Owner's project.
async fn owned(can_manage: impl Fn(&str) -> bool) -> Result<Names, ApiError> {
    let mut orgs = api::list_organizations().await?;
    orgs.retain(|org| can_manage(&org.id));
    let mut projects = Vec::new();
    for org in &orgs {
        projects.extend(api::list_projects(&org.id).await?);
    }
    Ok(Names { orgs, projects })
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    set_title("Accounts");
    let session = use_session();
    let orgs = LocalResource::new(move || {
        let current = session.0.get_untracked();
        owned(move |org_id| match &current {
            SessionState::SignedIn(current) => current.permissions().can_manage_accounts(org_id),
            _ => false,
        })
    });
    // The list reloads after each change; the form stays, with what it says.
    let accounts = LocalResource::new(api::list_accounts);
    let reload = Callback::new(move |()| accounts.refetch());
    let names = move || orgs.get().and_then(Result::ok).unwrap_or_default();

    view! {
        <h1>"Accounts"</h1>
        <p class="lead">
            "Who can sign in to this console, with which roles, in the organizations you own."
        </p>
        {move || match accounts.get() {
            None => view! { <Loading label="Loading the accounts…" /> }.into_any(),
            Some(Err(error)) => view! { <LoadError error retry=reload /> }.into_any(),
            Some(Ok(list)) => {
                view! { <AccountTable accounts=list names=names() reload /> }.into_any()
            }
        }}
        {move || match orgs.get() {
            None => view! { <Loading label="Loading your organizations…" /> }.into_any(),
            Some(Err(error)) => {
                view! { <LoadError error retry=move |()| orgs.refetch() /> }.into_any()
            }
            Some(Ok(owned)) => {
                view! { <NewAccountForm orgs=owned.orgs projects=owned.projects reload /> }
                    .into_any()
            }
        }}
    }
}

#[component]
fn AccountTable(accounts: Vec<Account>, names: Names, reload: Callback<()>) -> impl IntoView {
    let me = use_session().0.with_untracked(|state| match state {
        SessionState::SignedIn(current) => current.account.id.clone(),
        _ => String::new(),
    });
    let rows = accounts
        .into_iter()
        .map(|account| {
            let is_me = account.id == me;
            view! { <AccountRow account names=names.clone() is_me reload /> }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption class="visually-hidden">"Accounts"</caption>
                <thead>
                    <tr>
                        <th scope="col">"User name"</th>
                        <th scope="col">"Roles"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn AccountRow(account: Account, names: Names, is_me: bool, reload: Callback<()>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let id = account.id.clone();
    let delete = Action::new_local(move |(): &()| {
        let id = id.clone();
        async move { api::delete_account(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            confirming.set(false);
            reload.run(());
        }
    });
    let error =
        Signal::derive(move || delete.value().get().and_then(Result::err).map(|e| e.message()));
    let roles = account
        .grants
        .iter()
        .map(|grant| view! { <li>{grants::describe(grant, &names)}</li> })
        .collect_view();
    // The server deletes only an account whose every role is in organizations the viewer owns.
    let elsewhere = !account.grants.iter().all(|grant| names.covers(grant));
    let action = if is_me {
        view! { <span class="muted">"You"</span> }.into_any()
    } else if elsewhere {
        view! { <span class="muted">"Also has roles elsewhere"</span> }.into_any()
    } else {
        view! {
            <button
                type="button"
                class="button button-danger"
                on:click=move |_| confirming.set(true)
            >
                "Delete"
            </button>
            <ConfirmDialog
                open=confirming
                title=format!("Delete the account {}?", account.username)
                confirm_label="Delete account"
                on_confirm=move |()| { delete.dispatch(()); }
                pending=delete.pending()
                error
            >
                <p>"It can no longer sign in, and its API tokens stop working."</p>
            </ConfirmDialog>
        }
        .into_any()
    };
    view! {
        <tr>
            <th scope="row">{account.username.clone()}</th>
            <td><ul class="roles">{roles}</ul></td>
            <td>{short_date(&account.created_at)}</td>
            <td>{action}</td>
        </tr>
    }
}

/// The fields of a new account; the project list follows the organization chosen.
#[derive(Debug, Clone, Copy)]
struct Fields {
    username: RwSignal<String>,
    password: RwSignal<String>,
    role: RwSignal<Role>,
    org_id: RwSignal<String>,
    project_id: RwSignal<String>,
}

impl Fields {
    fn new(orgs: &[Organization]) -> Fields {
        Fields {
            username: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            role: RwSignal::new(Role::OrgReadOnly),
            org_id: RwSignal::new(orgs.first().map(|o| o.id.clone()).unwrap_or_default()),
            project_id: RwSignal::new(String::new()),
        }
    }

    fn account(&self) -> NewAccount {
        let grant = match self.role.get_untracked() {
            Role::ProjectOwner => Grant {
                role: Role::ProjectOwner,
                org_id: None,
                project_id: Some(self.project_id.get_untracked()).filter(|p| !p.is_empty()),
            },
            role => Grant::org(role, &self.org_id.get_untracked()),
        };
        NewAccount {
            username: self.username.get_untracked(),
            password: self.password.get_untracked(),
            grants: vec![grant],
        }
    }
}

/// The form's field for an error the core or the server names: the role's scope for a grant.
fn form_field(error: &FieldError) -> &'static str {
    match error.field.as_str() {
        "username" => "username",
        "password" => "password",
        _ => "scope",
    }
}

#[component]
fn NewAccountForm(
    orgs: Vec<Organization>,
    projects: Vec<Project>,
    reload: Callback<()>,
) -> impl IntoView {
    if orgs.is_empty() {
        return view! { <p>"You own no organization, so you cannot add accounts."</p> }.into_any();
    }
    let fields = Fields::new(&orgs);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let created = RwSignal::new(None::<String>);
    let create = Action::new_local(|input: &NewAccount| {
        let input = input.clone();
        async move { api::create_account(&input).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(account)) => {
            created.set(Some(account.username));
            fields.username.set(String::new());
            fields.password.set(String::new());
            reload.run(());
        }
        Some(Err(error)) => show_errors(errors, error.field_errors().to_vec()),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        created.set(None);
        let input = fields.account();
        match checked(&input) {
            Err(found) => show_errors(errors, found),
            Ok(()) => {
                errors.set(Vec::new());
                create.dispatch(input);
            }
        }
    };
    let error = move |field: &'static str| {
        Signal::derive(move || {
            errors
                .with(|all| all.iter().find(|e| form_field(e) == field).map(|e| e.message.clone()))
        })
    };
    let failed = move || {
        let error = create.value().get().and_then(Result::err)?;
        error.field_errors().is_empty().then(|| {
            view! { <div class="notice notice-error" role="alert">{error.message()}</div> }
        })
    };
    let done = move || {
        created.get().map(|username| {
            let message = format!(
                "The account {username} was created. Give its password over a safe channel; it \
                 can change it on its account page."
            );
            view! { <div class="notice" role="status">{message}</div> }
        })
    };
    let nothing = Callback::new(|()| {});

    view! {
        <section class="add-account" aria-labelledby="add-account-heading">
            <h2 id="add-account-heading">"Add an account"</h2>
            <form class="form" on:submit=submit novalidate>
                <TextField
                    name="username"
                    label="User name"
                    hint="Letters, digits and . _ @ -; the same without regard to case."
                    value=fields.username
                    error=error("username")
                    on_leave=nothing
                    required=true
                />
                <TextField
                    name="password"
                    label="Password"
                    hint="At least 12 characters. The account can change it once signed in."
                    value=fields.password
                    error=error("password")
                    on_leave=nothing
                    required=true
                    password="new-password"
                />
                <RoleFields fields orgs projects error=error("scope") />
                {failed}
                {done}
                <div class="actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        disabled=move || create.pending().get()
                    >
                        {move || if create.pending().get() { "Adding…" } else { "Add account" }}
                    </button>
                </div>
            </form>
        </section>
    }
    .into_any()
}

/// The core's rules, and one the core words for the API: a Project Owner needs a project.
fn checked(input: &NewAccount) -> Result<(), Vec<FieldError>> {
    let no_project =
        input.grants.iter().any(|g| g.role == Role::ProjectOwner && g.project_id.is_none());
    let mut errors = input.validate().err().unwrap_or_default();
    if no_project {
        errors.retain(|e| form_field(e) != "scope");
        let message = "Choose a project; this organization has none yet, so create one first.";
        errors.push(FieldError::new("grants[0]", message));
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

fn show_errors(errors: RwSignal<Vec<FieldError>>, found: Vec<FieldError>) {
    if let Some(first) = found.first() {
        focus(form_field(first));
    }
    errors.set(found);
}

/// The role, its organization, and for a Project Owner its project.
#[component]
fn RoleFields(
    fields: Fields,
    orgs: Vec<Organization>,
    /// The projects of every organization in `orgs`, loaded with them.
    projects: Vec<Project>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let roles = Role::ALL
        .into_iter()
        .map(|role| {
            let selected = move || fields.role.get() == role;
            view! { <option value=role.as_str() selected=selected>{role.label()}</option> }
        })
        .collect_view();
    let org_options = orgs
        .into_iter()
        .map(|org| view! { <option value=org.id.clone()>{org.name.clone()}</option> })
        .collect_view();
    let is_project_owner = move || fields.role.get() == Role::ProjectOwner;
    let projects = StoredValue::new(projects);
    let in_org = move || {
        let org_id = fields.org_id.get();
        projects.with_value(|all| all.iter().filter(|p| p.org_id == org_id).cloned().collect())
    };
    let project_options = move || {
        let list: Vec<Project> = in_org();
        let none = list.is_empty().then(|| view! { <option value="">"No projects"</option> });
        let options = list
            .into_iter()
            .map(|project| view! { <option value=project.id.clone()>{project.name}</option> })
            .collect_view();
        view! { {none} {options} }
    };
    // Choosing an organization chooses its first project, so that the project always belongs to
    // the organization shown.
    Effect::new(move |_| {
        let first = in_org().first().map(|p: &Project| p.id.clone());
        fields.project_id.set(first.unwrap_or_default());
    });

    view! {
        <div class="field">
            <label for="role">"Role"</label>
            <select
                id="role"
                class="input"
                on:change=move |event| {
                    if let Some(role) = Role::parse(&event_target_value(&event)) {
                        fields.role.set(role);
                    }
                }
            >
                {roles}
            </select>
        </div>
        <div class="field">
            <label for="scope">"Organization"</label>
            <select
                id="scope"
                class="input"
                aria-describedby="scope-error"
                bind:value=fields.org_id
            >
                {org_options}
            </select>
        </div>
        <Show when=is_project_owner>
            <div class="field">
                <label for="project">"Project"</label>
                <select id="project" class="input" bind:value=fields.project_id>
                    {project_options}
                </select>
            </div>
        </Show>
        <p class="field-error" id="scope-error">{move || error.get()}</p>
    }
}
