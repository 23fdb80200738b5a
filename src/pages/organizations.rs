//! The organizations the account can see, and creating one.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wif_core::Organization;

use crate::api;
use crate::components::layout::set_title;
use crate::components::provider_table::short_date;
use crate::components::status::{LoadError, Loading};
use crate::routes::Page;
use crate::session::use_session;

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    set_title("Organizations");
    let orgs = LocalResource::new(api::list_organizations);
    let can_create = use_session().can(|p| p.can_create_organizations());
    view! {
        <h1>"Organizations"</h1>
        <p class="lead">
            "A provider connected to an organization can be used by every project in it for \
             database access."
        </p>
        <Show when=move || can_create.get()>
            <CreateOrganization />
        </Show>
        {move || match orgs.get() {
            None => view! { <Loading label="Loading organizations…" /> }.into_any(),
            Some(Err(error)) => {
                view! { <LoadError error retry=move |()| orgs.refetch() /> }.into_any()
            }
            Some(Ok(list)) => view! { <OrganizationTable orgs=list /> }.into_any(),
        }}
    }
}

#[component]
fn CreateOrganization() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let create = Action::new_local(|name: &String| {
        let name = name.clone();
        async move { api::create_organization(&name).await }
    });
    let navigate = use_navigate();
    let session = use_session();
    Effect::new(move |_| {
        if let Some(Ok(org)) = create.value().get() {
            session.refresh();
            navigate(&Page::Organization(org.id).href(), Default::default());
        }
    });
    let error = move || {
        create.value().get().and_then(Result::err).map(|error| {
            let message = error.first_message();
            view! { <p class="field-error" role="alert">{message}</p> }
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        create.dispatch(name.get());
    };
    view! {
        <form class="form inline-form" on:submit=submit>
            <div class="field">
                <label for="org-name">"New organization name"</label>
                <input id="org-name" class="input" bind:value=name />
                {error}
            </div>
            <button
                type="submit"
                class="button button-primary"
                disabled=move || create.pending().get()
            >
                "Create organization"
            </button>
        </form>
    }
}

#[component]
fn OrganizationTable(orgs: Vec<Organization>) -> impl IntoView {
    let rows = orgs
        .into_iter()
        .map(|org| {
            let providers = org.data_access_identity_provider_ids.len();
            let badge = org
                .is_federation_owner
                .then(|| view! { <span class="badge">"owns federation settings"</span> });
            view! {
                <tr>
                    <th scope="row">
                        <A href=Page::Organization(org.id.clone()).href()>{org.name.clone()}</A>
                        {badge}
                    </th>
                    <td>{format!("{providers} connected")}</td>
                    <td>{short_date(&org.created_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption class="visually-hidden">"Organizations"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Identity providers"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
