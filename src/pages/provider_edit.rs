//! Editing a provider: the same form, sent as a PATCH of every field.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use wif_core::{IdentityProvider, IdentityProviderPatch, NewIdentityProvider};

use crate::api;
use crate::components::layout::set_title;
use crate::components::provider_form::{ProviderFields, ProviderForm};
use crate::components::status::{LoadError, Loading};
use crate::routes::Page;
use crate::session::{NotAllowed, use_session};

#[component]
pub fn EditProviderPage() -> impl IntoView {
    set_title("Edit identity provider");
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let provider = LocalResource::new(move || {
        let id = id.get();
        async move { api::get_provider(&id).await }
    });

    let can_manage = use_session().can(|p| p.can_manage_identity_providers());
    move || match provider.get() {
        _ if !can_manage.get() => {
            view! { <NotAllowed action="edit identity providers" /> }.into_any()
        }
        None => view! { <Loading label="Loading the identity provider…" /> }.into_any(),
        Some(Err(error)) => {
            view! { <LoadError error retry=move |()| provider.refetch() /> }.into_any()
        }
        Some(Ok(provider)) => view! { <EditForm provider /> }.into_any(),
    }
}

#[component]
fn EditForm(provider: IdentityProvider) -> impl IntoView {
    let id = provider.id.clone();
    let fields = ProviderFields::from_config(&provider.config());
    let update = Action::new_local(move |input: &NewIdentityProvider| {
        let (id, patch) = (id.clone(), patch_from(input));
        async move { api::update_provider(&id, &patch).await }
    });

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(updated)) = update.value().get() {
            navigate(&Page::Provider(updated.id).href(), Default::default());
        }
    });
    let server_error = Signal::derive(move || update.value().get().and_then(Result::err));

    view! {
        <h1>"Edit " {provider.display_name.clone()}</h1>
        <ProviderForm
            fields
            submit_label="Save changes"
            cancel_href=Page::Provider(provider.id.clone()).href()
            on_submit=move |input| { update.dispatch(input); }
            pending=update.pending()
            server_error
        />
    }
}

/// Every field of the form, as a patch; an emptied description removes it.
fn patch_from(input: &NewIdentityProvider) -> IdentityProviderPatch {
    let description = input.description.clone().filter(|d| !d.trim().is_empty());
    IdentityProviderPatch {
        display_name: Some(input.display_name.clone()),
        description: Some(description),
        issuer_uri: Some(input.issuer_uri.clone()),
        audience: Some(input.audience.clone()),
        authorization_type: Some(input.authorization_type.clone()),
        groups_claim: Some(input.groups_claim.clone()),
        user_claim: Some(input.user_claim.clone()),
    }
}
