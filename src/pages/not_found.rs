use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::layout::set_title;
use crate::routes::Page;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_title("Page not found");
    view! {
        <h1>"Page not found"</h1>
        <p>"Nothing lives at this address."</p>
        <p>
            <A href=Page::Providers.href()>"Go to the identity providers"</A>
        </p>
    }
}
