//! The frame around every page: skip link, header, navigation, main region.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::Page;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="top-bar">
            <span class="brand">"wif-console"</span>
            <nav aria-label="Main">
                <A href=Page::Providers.href()>"Identity providers"</A>
            </nav>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
    }
}

/// Sets the browser tab's title, so that history and tabs name the page.
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · wif-console"));
    }
}
