//! Loading and error states, shown the same way on every page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiError;
use crate::routes::Page;

#[component]
pub fn Loading(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
}

/// A failed load, with what went wrong and a way to try again (or back, when it is gone).
#[component]
pub fn LoadError(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    if error.is_not_found() {
        return view! {
            <h1>"Not found"</h1>
            <div class="notice notice-error" role="alert">
                <p>{error.message()}</p>
                <A href=Page::Providers.href()>"Back to the identity providers"</A>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="notice notice-error" role="alert">
            <p>{error.message()}</p>
            <button type="button" class="button" on:click=move |_| retry.run(())>
                "Try again"
            </button>
        </div>
    }
    .into_any()
}
