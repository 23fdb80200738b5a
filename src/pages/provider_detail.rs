//! One provider: its configuration, and the way to edit or delete it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use wif_core::{AuthorizationType, IdentityProvider};

use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::layout::set_title;
use crate::components::provider_table::short_date;
use crate::components::status::{LoadError, Loading};
use crate::routes::Page;
use crate::session::use_session;

#[component]
pub fn ProviderPage() -> impl IntoView {
    set_title("Identity provider");
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let provider = LocalResource::new(move || {
        let id = id.get();
        async move { api::get_provider(&id).await }
    });

    move || match provider.get() {
        None => view! { <Loading label="Loading the identity provider…" /> }.into_any(),
        Some(Err(error)) => {
            view! { <LoadError error retry=move |()| provider.refetch() /> }.into_any()
        }
        Some(Ok(provider)) => view! { <ProviderDetail provider /> }.into_any(),
    }
}

#[component]
fn ProviderDetail(provider: IdentityProvider) -> impl IntoView {
    set_title(&provider.display_name);
    let confirming = RwSignal::new(false);
    let id = provider.id.clone();
    let delete = Action::new_local(move |(): &()| {
        let id = id.clone();
        async move { api::delete_provider(&id).await }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate(&Page::Providers.href(), Default::default());
        }
    });
    let delete_error = Signal::derive(move || {
        delete.value().get().and_then(Result::err).map(|error| error.message())
    });

    let is_group = provider.authorization_type == AuthorizationType::Group;
    let can_manage = use_session().can(|p| p.can_manage_identity_providers());
    let name = provider.display_name.clone();
    let id_for_edit = provider.id.clone();
    view! {
        <div class="page-header">
            <h1>{provider.display_name.clone()}</h1>
            <Show when=move || can_manage.get()>
                <div class="actions">
                    <A href=Page::EditProvider(id_for_edit.clone()).href() attr:class="button">"Edit"</A>
                    <button type="button" class="button button-danger" on:click=move |_| confirming.set(true)>
                        "Delete"
                    </button>
                </div>
            </Show>
        </div>
        {provider.description.clone().map(|d| view! { <p class="lead">{d}</p> })}
        <dl class="details">
            <dt>"Issuer URI"</dt>
            <dd class="mono">{provider.issuer_uri.clone()}</dd>
            <dt>"Audience"</dt>
            <dd class="mono">{provider.audience.clone()}</dd>
            <dt>"Authorization type"</dt>
            <dd>{provider.authorization_type.label()}</dd>
            <dt>"User claim"</dt>
            <dd class="mono">{provider.user_claim.clone()}</dd>
            {is_group.then(|| view! {
                <dt>"Groups claim"</dt>
                <dd class="mono">{provider.groups_claim.clone()}</dd>
            })}
            <dt>"Id"</dt>
            <dd class="mono">{provider.id.clone()}</dd>
            <dt>"Created"</dt>
            <dd>{short_date(&provider.created_at)}</dd>
            <dt>"Updated"</dt>
            <dd>{short_date(&provider.updated_at)}</dd>
        </dl>
        <p>
            <A href=Page::Providers.href()>"Back to the identity providers"</A>
        </p>
        <ConfirmDialog
            open=confirming
            title=format!("Delete {name}?")
            confirm_label="Delete provider"
            on_confirm=move |()| { delete.dispatch(()); }
            pending=delete.pending()
            error=delete_error
        >
            <p>
                "Tokens from this issuer and audience will no longer be accepted, and database \
                 users named after this provider stop working. This cannot be undone."
            </p>
        </ConfirmDialog>
    }
}
