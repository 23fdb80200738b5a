//! Creating a provider with the plain form.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wif_core::NewIdentityProvider;

use crate::api;
use crate::components::layout::set_title;
use crate::components::provider_form::{ProviderFields, ProviderForm};
use crate::routes::Page;
use crate::session::{NotAllowed, use_session};

#[component]
pub fn NewProviderPage() -> impl IntoView {
    set_title("Add identity provider");
    let fields = ProviderFields::blank();
    let create = Action::new_local(|input: &NewIdentityProvider| {
        let input = input.clone();
        async move { api::create_provider(&input).await }
    });

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            navigate(&Page::ProviderCreated(created.id, "oidc".into()).href(), Default::default());
        }
    });
    let server_error = Signal::derive(move || create.value().get().and_then(Result::err));
    if !use_session().can(|p| p.can_manage_identity_providers()).get_untracked() {
        return view! { <NotAllowed action="create identity providers" /> }.into_any();
    }

    view! {
        <h1>"Add identity provider"</h1>
        <p class="lead">"The values come from your cloud's app registration or from its docs."</p>
        <ProviderForm
            fields
            submit_label="Create provider"
            cancel_href=Page::Providers.href()
            on_submit=move |input| { create.dispatch(input); }
            pending=create.pending()
            server_error
        />
    }
    .into_any()
}
