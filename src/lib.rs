//! The wif-console browser app: a Leptos client-side app over the REST API.
//!
//! `pages/` holds one component per route, `components/` the pieces they share, `api.rs` every
//! call to the server, and [`routes::Page`] every path.

pub mod api;
pub mod components;
pub mod pages;
pub mod routes;
pub mod session;
pub mod storage;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Shell;
use crate::pages::{
    AccountPage, AccountsPage, ApiTokensPage, AuditTrailPage, AzureSetupPage, EditProviderPage,
    GoogleSetupPage, InspectorPage, NewProviderPage, NotFoundPage, OrganizationPage,
    OrganizationsPage, ProviderPage, ProvidersPage, SignInPage,
};
use crate::routes::Page;
use crate::session::{RequireSession, Session};

/// The whole app: the shell and its routes. Every page but sign-in needs a session.
#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route
                        path=path!("/")
                        view=|| view! { <Redirect path=Page::Providers.href() /> }
                    />
                    <Route path=path!("/identity-providers") view=|| guarded(ProvidersPage) />
                    <Route
                        path=path!("/identity-providers/new")
                        view=|| guarded(NewProviderPage)
                    />
                    <Route
                        path=path!("/identity-providers/new/azure")
                        view=|| guarded(AzureSetupPage)
                    />
                    <Route
                        path=path!("/identity-providers/new/google")
                        view=|| guarded(GoogleSetupPage)
                    />
                    <Route path=path!("/identity-providers/:id") view=|| guarded(ProviderPage) />
                    <Route
                        path=path!("/identity-providers/:id/edit")
                        view=|| guarded(EditProviderPage)
                    />
                    <Route path=path!("/organizations") view=|| guarded(OrganizationsPage) />
                    <Route path=path!("/organizations/:id") view=|| guarded(OrganizationPage) />
                    <Route path=path!("/inspector") view=|| guarded(InspectorPage) />
                    <Route path=path!("/audit-trail") view=|| guarded(AuditTrailPage) />
                    <Route path=path!("/api-tokens") view=|| guarded(ApiTokensPage) />
                    <Route path=path!("/account") view=|| guarded(AccountPage) />
                    <Route path=path!("/accounts") view=|| guarded(AccountsPage) />
                </Routes>
            </Shell>
        </Router>
    }
}

/// A page behind sign-in.
fn guarded<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    view! { <RequireSession>{move || page()}</RequireSession> }
}
