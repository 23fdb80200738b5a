//! One organization: its projects and its identity providers, connected and not.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use wif_core::{IdentityProvider, Organization, Project};

use crate::api::{self, ApiError};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::disconnect_dialog::DisconnectDialog;
use crate::components::layout::set_title;
use crate::components::rename_dialog::{RenameDialog, Renamed};
use crate::components::status::{LoadError, Loading};
use crate::routes::Page;
use crate::session::use_session;

/// Everything the page shows, loaded together.
#[derive(Debug, Clone)]
struct Loaded {
    org: Organization,
    projects: Vec<Project>,
    providers: Vec<IdentityProvider>,
}

async fn load(id: String) -> Result<Loaded, ApiError> {
    let org = api::get_organization(&id).await?;
    let projects = api::list_projects(&id).await?;
    let providers = api::list_providers(500, 1).await?.results;
    Ok(Loaded { org, projects, providers })
}

#[component]
pub fn OrganizationPage() -> impl IntoView {
    set_title("Organization");
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let loaded = LocalResource::new(move || load(id.get()));
    let reload = Callback::new(move |()| loaded.refetch());

    move || match loaded.get() {
        None => view! { <Loading label="Loading the organization…" /> }.into_any(),
        Some(Err(error)) => view! { <LoadError error retry=reload /> }.into_any(),
        Some(Ok(loaded)) => view! { <OrganizationDetail loaded reload /> }.into_any(),
    }
}

#[component]
fn OrganizationDetail(loaded: Loaded, reload: Callback<()>) -> impl IntoView {
    set_title(&loaded.org.name);
    let org_id = loaded.org.id.clone();
    let manage = {
        let org_id = org_id.clone();
        use_session().can(move |p| p.can_manage_organization(&org_id))
    };
    let (connected, unconnected): (Vec<_>, Vec<_>) = loaded
        .providers
        .into_iter()
        .partition(|p| loaded.org.data_access_identity_provider_ids.contains(&p.id));

    let (name, is_federation_owner) = (loaded.org.name.clone(), loaded.org.is_federation_owner);
    let (delete_id, delete_name) = (org_id.clone(), name.clone());
    let rename_path = format!("/api/v1/organizations/{org_id}");
    let (connected_id, connect_id) = (org_id.clone(), org_id.clone());
    view! {
        <div class="page-header">
            <h1>{name}</h1>
            <div class="actions">
                <Show when=move || manage.get()>
                    <Rename path=rename_path.clone() what="organization" reload />
                </Show>
                <Show when=move || manage.get() && !is_federation_owner>
                    <DeleteOrganization org_id=delete_id.clone() name=delete_name.clone() />
                </Show>
            </div>
        </div>
        <section class="card" aria-labelledby="providers-heading">
            <h2 id="providers-heading">"Identity providers"</h2>
            <ConnectedProviders org_id=connected_id providers=connected manage reload />
            <Show when=move || manage.get()>
                <ConnectProvider org_id=connect_id.clone() providers=unconnected.clone() reload />
            </Show>
        </section>
        <section class="card" aria-labelledby="projects-heading">
            <h2 id="projects-heading">"Projects"</h2>
            <Projects org_id=org_id.clone() projects=loaded.projects manage reload />
        </section>
        <p><A href=Page::Organizations.href()>"Back to the organizations"</A></p>
    }
}

#[component]
fn ConnectedProviders(
    org_id: String,
    providers: Vec<IdentityProvider>,
    manage: Signal<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    if providers.is_empty() {
        return view! { <p>"No identity provider is connected: no project here can use one."</p> }
            .into_any();
    }
    let rows = providers
        .into_iter()
        .map(|provider| {
            let open = RwSignal::new(false);
            let title = format!("Disconnect {}?", provider.display_name);
            view! {
                <li>
                    <A href=Page::Provider(provider.id.clone()).href()>
                        {provider.display_name.clone()}
                    </A>
                    <span class="mono muted">{provider.issuer_uri.clone()}</span>
                    <Show when=move || manage.get()>
                        <button
                            type="button"
                            class="button button-danger"
                            on:click=move |_| open.set(true)
                        >
                            "Disconnect"
                        </button>
                    </Show>
                    <DisconnectDialog
                        open
                        org_id=org_id.clone()
                        idp_id=provider.id.clone()
                        title
                        on_done=reload
                    />
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain-list" aria-label="Connected identity providers">{rows}</ul> }
        .into_any()
}

#[component]
fn ConnectProvider(
    org_id: String,
    providers: Vec<IdentityProvider>,
    reload: Callback<()>,
) -> impl IntoView {
    if providers.is_empty() {
        return view! { <p class="muted">"Every identity provider is connected."</p> }.into_any();
    }
    let chosen = RwSignal::new(providers[0].id.clone());
    let connect = Action::new_local(move |idp_id: &String| {
        let (org, idp) = (org_id.clone(), idp_id.clone());
        async move { api::connect_provider(&org, &idp).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = connect.value().get() {
            reload.run(());
        }
    });
    let options = providers
        .into_iter()
        .map(|p| view! { <option value=p.id.clone()>{p.display_name.clone()}</option> })
        .collect_view();
    let error = move || {
        connect
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="field-error" role="alert">{e.message()}</p> })
    };
    view! {
        <form class="inline-form" on:submit=move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            connect.dispatch(chosen.get());
        }>
            <div class="field">
                <label for="connect-provider">"Connect an identity provider"</label>
                <select
                    id="connect-provider"
                    class="input"
                    on:change:target=move |ev| chosen.set(ev.target().value())
                >
                    {options}
                </select>
                {error}
            </div>
            <button
                type="submit"
                class="button button-primary"
                disabled=move || connect.pending().get()
            >
                "Connect"
            </button>
        </form>
    }
    .into_any()
}

#[component]
fn Projects(
    org_id: String,
    projects: Vec<Project>,
    manage: Signal<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let create = Action::new_local(move |name: &String| {
        let (org, name) = (org_id.clone(), name.clone());
        async move { api::create_project(&org, &name).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            name.set(String::new());
            reload.run(());
        }
    });
    let error = move || {
        create.value().get().and_then(Result::err).map(|error| {
            let message = error.first_message();
            view! { <p class="field-error" role="alert">{message}</p> }
        })
    };
    let list = if projects.is_empty() {
        view! { <p>"No projects yet."</p> }.into_any()
    } else {
        let items = projects
            .into_iter()
            .map(|project| view! { <ProjectItem project manage reload /> })
            .collect_view();
        view! { <ul class="plain-list" aria-label="Projects">{items}</ul> }.into_any()
    };
    view! {
        {list}
        <Show when=move || manage.get()>
            <form class="inline-form" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                create.dispatch(name.get());
            }>
                <div class="field">
                    <label for="project-name">"New project name"</label>
                    <input id="project-name" class="input" bind:value=name />
                    {error}
                </div>
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || create.pending().get()
                >
                    "Create project"
                </button>
            </form>
        </Show>
    }
}

#[component]
fn ProjectItem(project: Project, manage: Signal<bool>, reload: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let id = project.id.clone();
    let delete = Action::new_local(move |(): &()| {
        let id = id.clone();
        async move { api::delete_project(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            open.set(false);
            reload.run(());
        }
    });
    let error =
        Signal::derive(move || delete.value().get().and_then(Result::err).map(|e| e.message()));
    view! {
        <li>
            <span>{project.name.clone()}</span>
            <span class="mono muted">{project.id.clone()}</span>
            <Show when=move || manage.get()>
                <Rename path=format!("/api/v1/projects/{}", project.id) what="project" reload />
                <button type="button" class="button button-danger" on:click=move |_| open.set(true)>
                    "Delete"
                </button>
            </Show>
            <ConfirmDialog
                open
                title=format!("Delete project {}?", project.name)
                confirm_label="Delete project"
                on_confirm=move |()| { delete.dispatch(()); }
                pending=delete.pending()
                error
            >
                <p>"Its database users and its owners' roles go with it. This cannot be undone."</p>
            </ConfirmDialog>
        </li>
    }
}

#[component]
fn DeleteOrganization(org_id: String, name: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let delete = Action::new_local(move |(): &()| {
        let id = org_id.clone();
        async move { api::delete_organization(&id).await }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate(&Page::Organizations.href(), Default::default());
        }
    });
    let error = Signal::derive(move || {
        delete.value().get().and_then(Result::err).map(|error| error.first_message())
    });
    view! {
        <button type="button" class="button button-danger" on:click=move |_| open.set(true)>
            "Delete"
        </button>
        <ConfirmDialog
            open
            title=format!("Delete {name}?")
            confirm_label="Delete organization"
            on_confirm=move |()| { delete.dispatch(()); }
            pending=delete.pending()
            error
        >
            <p>
                "Only an organization without projects can be deleted; its accounts lose their \
                 roles in it."
            </p>
        </ConfirmDialog>
    }
}

/// A Rename button and its dialog.
#[component]
fn Rename(path: String, what: &'static str, reload: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button type="button" class="button" on:click=move |_| open.set(true)>
            "Rename"
        </button>
        <RenameDialog open target=Renamed { path, what } on_done=reload />
    }
}
