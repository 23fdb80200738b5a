//! The frame around every page: skip link, header, navigation, who is signed in, main region.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::routes::Page;
use crate::session::{SessionState, use_session};

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="top-bar">
            <span class="brand">"wif-console"</span>
            <Navigation />
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
    }
}

/// The links an account may use, and the way out.
#[component]
fn Navigation() -> impl IntoView {
    let session = use_session();
    let can_audit = session.can(|p| p.can_read_audit_trail());
    let can_manage_accounts = session.can(|p| p.owned_orgs().next().is_some());
    let navigate = use_navigate();
    let sign_out = Action::new_local(|(): &()| api::sign_out());
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            // Whatever the server said, this tab no longer has a session it can use.
            session.0.set(SessionState::SignedOut);
            navigate(&Page::SignIn.href(), Default::default());
        }
    });

    move || {
        session.username().get().map(|username| {
            view! {
                <nav aria-label="Main">
                    <A href=Page::Providers.href()>"Identity providers"</A>
                    <A href=Page::Organizations.href()>"Organizations"</A>
                    <A href=Page::Inspector.href()>"Token inspector"</A>
                    <Show when=move || can_audit.get()>
                        <A href=Page::AuditTrail.href()>"Audit trail"</A>
                    </Show>
                    <A href=Page::ApiTokens.href()>"API tokens"</A>
                    <Show when=move || can_manage_accounts.get()>
                        <A href=Page::Accounts.href()>"Accounts"</A>
                    </Show>
                </nav>
                <div class="account">
                    <A href=Page::Account.href() exact=true attr:class="account-link">
                        "Signed in as " <strong>{username}</strong>
                    </A>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| { sign_out.dispatch(()); }
                    >
                        "Sign out"
                    </button>
                </div>
            }
        })
    }
}

/// Sets the browser tab's title, so that history and tabs name the page.
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · wif-console"));
    }
}
