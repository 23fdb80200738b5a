//! The token inspector page: why is this token accepted or refused?

use leptos::prelude::*;

use crate::api;
use crate::components::layout::set_title;
use crate::components::status::{LoadError, Loading};
use crate::components::token_inspector::TokenInspector;

#[component]
pub fn InspectorPage() -> impl IntoView {
    set_title("Token inspector");
    let providers = LocalResource::new(|| api::list_providers(500, 1));
    view! {
        <h1>"Token inspector"</h1>
        <p class="lead">
            "Paste a token a workload got from its cloud to see what it says and whether a \
             provider accepts it. Everything happens in this page, which keeps working offline."
        </p>
        {move || match providers.get() {
            None => view! { <Loading label="Loading the providers…" /> }.into_any(),
            Some(Err(error)) => {
                view! { <LoadError error retry=move |()| providers.refetch() /> }.into_any()
            }
            Some(Ok(page)) => view! { <TokenInspector providers=page.results /> }.into_any(),
        }}
    }
}
