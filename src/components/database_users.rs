//! A provider's database users: who signs in through it, in which project, with which role,
//! and the form that adds one. The form runs the core's checks as the admin types, including
//! the identifier shape the provider's issuer implies (a GUID for Entra ID, 21 digits for
//! Google).

use leptos::prelude::*;
use wif_core::database_user::{BUILT_IN_ROLES, ValidDatabaseUser, built_in_role, check_identifier};
use wif_core::{
    AuthorizationType, DatabaseRole, DatabaseUser, FieldError, IdentityProvider, NewDatabaseUser,
    OidcAuthType, Project, ProviderDatabaseUser,
};

use crate::api::{self, ApiError};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::field::{TextField, focus};
use crate::components::status::{LoadError, Loading};
use crate::session::use_session;

/// Field ids of the form, which are also the keys of its messages.
const PROJECT: &str = "dbuser-project";
const IDENTIFIER: &str = "dbuser-identifier";
const ROLE: &str = "dbuser-role";
const DATABASE: &str = "dbuser-database";
const ON_ADMIN: &str = "Granted on admin: the role covers every database.";

#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    users: Vec<ProviderDatabaseUser>,
    /// Projects of the organizations the provider is connected to.
    projects: Vec<Project>,
}

async fn load(idp_id: String, org_ids: Vec<String>) -> Result<Loaded, ApiError> {
    let users = api::list_provider_database_users(&idp_id).await?;
    let mut projects = Vec::new();
    for org_id in org_ids {
        projects.extend(api::list_projects(&org_id).await?);
    }
    Ok(Loaded { users, projects })
}

#[component]
pub fn DatabaseUsers(provider: IdentityProvider) -> impl IntoView {
    let (idp_id, org_ids) = (provider.id.clone(), provider.associated_orgs.clone());
    let loaded = LocalResource::new(move || load(idp_id.clone(), org_ids.clone()));
    let reload = Callback::new(move |()| loaded.refetch());
    let provider = StoredValue::new(provider);

    view! {
        <section class="card" aria-labelledby="database-users">
            <h2 id="database-users" tabindex="-1">"Database users"</h2>
            <p class="muted">
                "Each one signs in with a token from this provider, as "
                <code>{move || provider.with_value(|p| format!("{}/<identifier>", p.id))}</code>
                ", in one project of a connected organization."
            </p>
            {move || match loaded.get() {
                None => view! { <Loading label="Loading the database users…" /> }.into_any(),
                Some(Err(error)) => view! { <LoadError error retry=reload /> }.into_any(),
                Some(Ok(loaded)) => {
                    let provider = provider.get_value();
                    let projects = manageable(loaded.projects);
                    view! {
                        <UserTable users=loaded.users.clone() reload />
                        <AddDatabaseUser provider projects added=reload />
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// The projects whose database users this account may change.
fn manageable(projects: Vec<Project>) -> Vec<Project> {
    let session = use_session();
    projects
        .into_iter()
        .filter(|p| {
            let (org, id) = (p.org_id.clone(), p.id.clone());
            session.can(move |perm| perm.can_manage_database_users(&org, &id)).get_untracked()
        })
        .collect()
}

#[component]
fn UserTable(users: Vec<ProviderDatabaseUser>, reload: Callback<()>) -> impl IntoView {
    if users.is_empty() {
        let none = "No database user signs in through this provider yet.";
        return view! { <p id="no-database-users">{none}</p> }.into_any();
    }
    let deleting = RwSignal::new(None::<DatabaseUser>);
    let open = RwSignal::new(false);
    let delete = Action::new_local(|user: &DatabaseUser| {
        let user = user.clone();
        async move { api::delete_database_user(&user).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            open.set(false);
            reload.run(());
        }
    });
    let session = use_session();
    let rows = users
        .into_iter()
        .map(|entry| {
            let (org_id, project_id) = (entry.org_id.clone(), entry.project.id.clone());
            let manage = session.can(move |p| p.can_manage_database_users(&org_id, &project_id));
            let user = entry.user.clone();
            let roles = entry.user.roles.iter().map(role_text).collect::<Vec<_>>().join(", ");
            let access =
                if entry.has_access { "Yes" } else { "No: the organization is not connected" };
            view! {
                <tr>
                    <td>{entry.project.name}</td>
                    <th scope="row" class="mono">{entry.user.username.clone()}</th>
                    <td class="mono">{entry.user.database_name.clone()}</td>
                    <td class="mono">{roles}</td>
                    <td>{access}</td>
                    <td>
                        <Show when=move || manage.get()>
                            {
                                let user = user.clone();
                                view! {
                                    <button type="button" class="button button-danger"
                                        on:click=move |_| {
                                            deleting.set(Some(user.clone()));
                                            open.set(true);
                                        }>
                                        "Delete"
                                    </button>
                                }
                            }
                        </Show>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let title = move || {
        deleting.with(|u| format!("Delete {}?", u.as_ref().map_or("", |u| u.username.as_str())))
    };
    let error =
        Signal::derive(move || delete.value().get().and_then(Result::err).map(|e| e.message()));

    view! {
        <div class="table-scroll">
            <table aria-label="Database users">
                <thead>
                    <tr>
                        <th scope="col">"Project"</th>
                        <th scope="col">"Username"</th>
                        <th scope="col">"Database"</th>
                        <th scope="col">"Roles"</th>
                        <th scope="col">"Can sign in"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || view! {
            <ConfirmDialog
                open
                title=title()
                confirm_label="Delete database user"
                on_confirm=move |()| {
                    if let Some(user) = deleting.get_untracked() {
                        delete.dispatch(user);
                    }
                }
                pending=delete.pending()
                error
            >
                <p>"The workload or group loses its access to this project at once."</p>
            </ConfirmDialog>
        }}
    }
    .into_any()
}

fn role_text(role: &DatabaseRole) -> String {
    match &role.collection_name {
        Some(collection) => format!("{}@{}.{collection}", role.role_name, role.database_name),
        None => format!("{}@{}", role.role_name, role.database_name),
    }
}

/// What the identifier is for this provider, in the admin's terms.
fn identifier_hint(provider: &IdentityProvider) -> String {
    let entra = provider.issuer_uri.starts_with("https://login.microsoftonline.com/")
        || provider.issuer_uri.starts_with("https://sts.windows.net/");
    let google = provider.issuer_uri == wif_core::setup::GOOGLE_ISSUER;
    match (provider.authorization_type, entra, google) {
        (AuthorizationType::User, true, _) => "The workload's object id: a managed identity's \
            principal id or a service principal's object id, a GUID."
            .into(),
        (AuthorizationType::Group, true, _) => {
            "The security group's Object Id, a GUID (not its name).".into()
        }
        (_, _, true) => "The service account's Unique ID, 21 digits.".into(),
        (AuthorizationType::User, _, _) => {
            format!("The value of the {} claim in the workload's tokens.", provider.user_claim)
        }
        (AuthorizationType::Group, _, _) => {
            format!("A group id from the {} claim of the tokens.", provider.groups_claim)
        }
    }
}

/// The form's values, checked as the server will check them; errors keyed by field id.
fn form_errors(
    provider: &IdentityProvider,
    project: &str,
    identifier: &str,
    input: &NewDatabaseUser,
) -> Vec<FieldError> {
    let kind = OidcAuthType::for_provider(provider.authorization_type);
    let mut errors = Vec::new();
    if project.is_empty() {
        errors.push(FieldError::new(PROJECT, "Choose the project the user belongs to."));
    }
    if identifier.is_empty() {
        errors.push(FieldError::new(IDENTIFIER, "Enter the identifier."));
    } else if let Err(message) = check_identifier(&provider.issuer_uri, kind, identifier) {
        errors.push(FieldError::new(IDENTIFIER, message));
    }
    let checked = input.validate().map(|valid: ValidDatabaseUser| {
        valid.check_against(provider.authorization_type, &provider.issuer_uri)
    });
    let core = checked.unwrap_or_else(|errors| errors);
    errors.extend(
        core.into_iter()
            .filter_map(|e| form_field(&e.field).map(|f| FieldError::new(f, e.message))),
    );
    // The identifier's message is already there, in its own words.
    let mut seen = std::collections::HashSet::new();
    errors.retain(|e| seen.insert(e.field.clone()));
    errors
}

/// The form field that shows a core or server error.
fn form_field(wire: &str) -> Option<&'static str> {
    match wire {
        "username" => Some(IDENTIFIER),
        "roles[0].roleName" | "roles" => Some(ROLE),
        "roles[0].databaseName" => Some(DATABASE),
        _ => None,
    }
}

/// The form that adds a database user to one of `projects` (those the account may manage, in
/// organizations the provider is connected to); `added` runs after each addition.
#[component]
pub fn AddDatabaseUser(
    provider: IdentityProvider,
    projects: Vec<Project>,
    added: Callback<()>,
) -> impl IntoView {
    if provider.associated_orgs.is_empty() {
        return view! {
            <p class="notice" id="add-database-user-blocked">
                "Connect an organization first (under Connected organizations, above): database \
                 users belong to the projects of a connected organization."
            </p>
        }
        .into_any();
    }
    if projects.is_empty() {
        return view! {
            <p class="notice" id="add-database-user-blocked">
                "No project of a connected organization is yours to manage. An Organization \
                 Owner creates projects on the organization's page."
            </p>
        }
        .into_any();
    }

    let kind = OidcAuthType::for_provider(provider.authorization_type);
    let project = RwSignal::new(projects[0].id.clone());
    let identifier = RwSignal::new(String::new());
    let role = RwSignal::new(BUILT_IN_ROLES[0].name.to_owned());
    let database = RwSignal::new(String::new());
    let any_database = move || role.with(|r| built_in_role(r).is_some_and(|r| r.any_database));
    let idp_id = provider.id.clone();
    let input = Memo::new(move |_| NewDatabaseUser {
        username: Some(format!("{idp_id}/{}", identifier.get().trim())),
        database_name: None,
        oidc_auth_type: Some(kind.as_str().to_owned()),
        roles: Some(vec![DatabaseRole {
            role_name: role.get(),
            database_name: if any_database() { "admin".into() } else { database.get() },
            collection_name: None,
        }]),
    });
    let provider = StoredValue::new(provider);
    let errors = Memo::new(move |_| {
        let (project, identifier) = (project.get(), identifier.get());
        input.with(|input| {
            provider.with_value(|p| form_errors(p, &project, identifier.trim(), input))
        })
    });

    let create = Action::new_local(|(project, input): &(String, NewDatabaseUser)| {
        let (project, input) = (project.clone(), input.clone());
        async move { api::create_database_user(&project, &input).await }
    });
    let submitted = RwSignal::new(false);
    let touched = RwSignal::new(std::collections::HashSet::<&'static str>::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            identifier.set(String::new());
            submitted.set(false);
            touched.set(Default::default());
            added.run(());
        }
    });
    let message = move |name: &'static str| {
        Signal::derive(move || {
            let shown = submitted.get() || touched.with(|t| t.contains(name));
            let client =
                errors.with(|e| e.iter().find(|e| e.field == name).map(|e| e.message.clone()));
            let server = create.value().with(|v| {
                let error = v.as_ref()?.as_ref().err()?;
                error
                    .field_errors()
                    .iter()
                    .find(|e| form_field(&e.field) == Some(name))
                    .map(|e| e.message.clone())
            });
            if shown { client.or(server) } else { server }
        })
    };
    let (identifier_error, role_error) = (message(IDENTIFIER), message(ROLE));
    let invalid = move || if identifier_error.with(Option::is_some) { "true" } else { "false" };
    let touch = move |name: &'static str| {
        Callback::new(move |()| {
            touched.update(|t| {
                t.insert(name);
            })
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        match errors.with_untracked(|e| e.first().map(|e| e.field.clone())) {
            Some(field) => focus(&field),
            None => {
                create.dispatch((project.get_untracked(), input.get_untracked()));
            }
        }
    };
    let general_error = move || {
        let error = create.value().get()?.err()?;
        let named = error.field_errors().iter().any(|e| form_field(&e.field).is_some());
        (!named).then(|| view! { <p class="field-error" role="alert">{error.message()}</p> })
    };

    let project_options = projects
        .iter()
        .map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> })
        .collect_view();
    let role_options = BUILT_IN_ROLES
        .iter()
        .map(|r| view! { <option value=r.name>{format!("{}: {}", r.name, r.meaning)}</option> })
        .collect_view();
    let hint = provider.with_value(identifier_hint);
    let preview = move || {
        let id = identifier.get();
        let id =
            if id.trim().is_empty() { "<identifier>".to_owned() } else { id.trim().to_owned() };
        format!("{}/{id} on {}", provider.with_value(|p| p.id.clone()), kind.database_name())
    };

    view! {
        <form
            class="add-database-user"
            novalidate
            on:submit=submit
            aria-labelledby="add-user-heading"
        >
            <h3 id="add-user-heading">"Add a database user"</h3>
            <div class="field">
                <label for=PROJECT>"Project"</label>
                <select
                    id=PROJECT
                    class="input"
                    on:change=move |ev| project.set(event_target_value(&ev))
                >
                    {project_options}
                </select>
            </div>
            <div class="field">
                <label for=IDENTIFIER>"Identifier"</label>
                <input id=IDENTIFIER class="input mono" type="text" autocomplete="off"
                    spellcheck="false"
                    aria-describedby="dbuser-identifier-hint dbuser-identifier-error"
                    aria-invalid=invalid
                    bind:value=identifier
                    on:blur=move |_| touched.update(|t| { t.insert(IDENTIFIER); }) />
                <p class="hint" id="dbuser-identifier-hint">{hint}</p>
                <p class="hint" id="dbuser-username">"Username: "<code>{preview}</code></p>
                <p class="field-error" id="dbuser-identifier-error">
                    {move || identifier_error.get()}
                </p>
            </div>
            <div class="field">
                <label for=ROLE>"Role"</label>
                <select
                    id=ROLE
                    class="input"
                    on:change=move |ev| role.set(event_target_value(&ev))
                >
                    {role_options}
                </select>
                <p class="field-error" id="dbuser-role-error">{move || role_error.get()}</p>
            </div>
            <Show
                when=move || !any_database()
                fallback=|| view! { <p class="hint">{ON_ADMIN}</p> }
            >
                <TextField
                    name=DATABASE
                    label="Database"
                    hint="The database the role applies to, such as sales."
                    value=database
                    error=message(DATABASE)
                    on_leave=touch(DATABASE)
                    required=true
                    monospace=true
                />
            </Show>
            {general_error}
            <div class="actions">
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || create.pending().get()
                >
                    {move || if create.pending().get() { "Adding…" } else { "Add database user" }}
                </button>
            </div>
        </form>
    }
    .into_any()
}
