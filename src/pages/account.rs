//! The signed-in account: who it is, its roles, and changing its password.

use leptos::prelude::*;
use wif_core::Grant;

use crate::api;
use crate::components::layout::set_title;
use crate::components::password_form::PasswordForm;
use crate::session::{SessionState, use_session};

#[component]
pub fn AccountPage() -> impl IntoView {
    set_title("Your account");
    let session = use_session();
    // Organization names for the roles; an id stands in until they arrive, or if they do not.
    let organizations = LocalResource::new(api::list_organizations);
    let name_of = move |org_id: &str| {
        organizations
            .get()
            .and_then(Result::ok)
            .and_then(|orgs| orgs.into_iter().find(|o| o.id == org_id).map(|o| o.name))
    };
    let summary = move || match session.0.get() {
        SessionState::SignedIn(current) => Some(view! {
            <dl class="details">
                <dt>"User name"</dt>
                <dd>{current.account.username.clone()}</dd>
                <dt>"Roles"</dt>
                <dd>
                    <ul class="roles">
                        {current
                            .account
                            .grants
                            .iter()
                            .map(|grant| {
                                let scope = scope_of(grant, name_of);
                                view! { <li>{format!("{} of {scope}", grant.role.label())}</li> }
                            })
                            .collect_view()}
                    </ul>
                </dd>
            </dl>
        }),
        _ => None,
    };

    view! {
        <h1>"Your account"</h1>
        {summary}
        <PasswordForm />
    }
}

/// What a role applies to, in words.
fn scope_of(grant: &Grant, name_of: impl Fn(&str) -> Option<String>) -> String {
    match (&grant.org_id, &grant.project_id) {
        (Some(org), _) => format!("the organization {}", name_of(org).unwrap_or(org.clone())),
        (None, Some(project)) => format!("the project {project}"),
        (None, None) => String::new(),
    }
}
