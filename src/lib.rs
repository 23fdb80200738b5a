//! The wif-console browser app: a Leptos client-side app over the REST API.
//!
//! `pages/` holds one component per route, `components/` the pieces they share, `api.rs` every
//! call to the server, and [`routes::Page`] every path.

pub mod api;
pub mod components;
pub mod pages;
pub mod routes;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Shell;
use crate::pages::{EditProviderPage, NewProviderPage, NotFoundPage, ProviderPage, ProvidersPage};
use crate::routes::Page;

/// The whole app: the shell and its routes.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route
                        path=path!("/")
                        view=|| view! { <Redirect path=Page::Providers.href() /> }
                    />
                    <Route path=path!("/identity-providers") view=ProvidersPage />
                    <Route path=path!("/identity-providers/new") view=NewProviderPage />
                    <Route path=path!("/identity-providers/:id") view=ProviderPage />
                    <Route path=path!("/identity-providers/:id/edit") view=EditProviderPage />
                </Routes>
            </Shell>
        </Router>
    }
}
