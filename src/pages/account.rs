//! The signed-in account: who it is, its roles, and changing its password.

use leptos::prelude::*;

use crate::api;
use crate::components::grants;
use crate::components::layout::set_title;
use crate::components::password_form::PasswordForm;
use crate::session::{SessionState, use_session};

#[component]
pub fn AccountPage() -> impl IntoView {
    set_title("Your account");
    let session = use_session();
    // Organization names for the roles; an id stands in until they arrive, or if they do not.
    let organizations = LocalResource::new(api::list_organizations);
    let names = move || grants::Names {
        orgs: organizations.get().and_then(Result::ok).unwrap_or_default(),
        projects: Vec::new(),
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
                            .map(|grant| view! { <li>{grants::describe(grant, &names())}</li> })
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
