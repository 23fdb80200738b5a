//! Editing a provider: the same form, sent as a PATCH of every field, refused if someone else
//! saved in between.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use wif_core::{IdentityProvider, IdentityProviderPatch, NewIdentityProvider};

use crate::api::{self, Versioned};
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
        async move { api::get_provider_versioned(&id).await }
    });
    let reload = Callback::new(move |()| provider.refetch());

    let can_manage = use_session().can(|p| p.can_manage_identity_providers());
    move || match provider.get() {
        _ if !can_manage.get() => {
            view! { <NotAllowed action="edit identity providers" /> }.into_any()
        }
        None => view! { <Loading label="Loading the identity provider…" /> }.into_any(),
        Some(Err(error)) => view! { <LoadError error retry=reload /> }.into_any(),
        Some(Ok(provider)) => view! { <EditForm provider reload /> }.into_any(),
    }
}

#[component]
fn EditForm(provider: Versioned<IdentityProvider>, reload: Callback<()>) -> impl IntoView {
    let Versioned { value: provider, etag } = provider;
    let id = provider.id.clone();
    let fields = ProviderFields::from_config(&provider.config());
    let update = Action::new_local(move |input: &NewIdentityProvider| {
        let (id, patch, etag) = (id.clone(), patch_from(input), etag.clone());
        async move { api::update_provider(&id, &patch, etag.as_deref()).await }
    });

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(updated)) = update.value().get() {
            navigate(&Page::Provider(updated.id).href(), Default::default());
        }
    });
    let is_stale = move || {
        update.value().with(|v| v.as_ref().is_some_and(|r| r.as_ref().is_err_and(|e| e.is_stale())))
    };
    // A stale write gets its own notice with a way out; other refusals go to the form.
    let server_error = Signal::derive(move || {
        update.value().get().and_then(Result::err).filter(|error| !error.is_stale())
    });
    // The notice is at the top and the button the admin pressed at the bottom: move focus (and
    // so the view) to the way out.
    let reload_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if is_stale() {
            request_animation_frame(move || {
                if let Some(button) = reload_button.get_untracked() {
                    let _ = button.focus();
                }
            });
        }
    });

    view! {
        <h1>"Edit " {provider.display_name.clone()}</h1>
        <Show when=is_stale>
            <div class="notice notice-error" role="alert">
                <p>
                    "Someone else changed this provider since you opened it, so your change was \
                     not saved. Reload to see their version, then make your change again."
                </p>
                <button
                    type="button"
                    class="button"
                    node_ref=reload_button
                    on:click=move |_| reload.run(())
                >
                    "Reload"
                </button>
            </div>
        </Show>
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
