//! Disconnecting a provider from an organization, after showing who loses access.

use leptos::prelude::*;
use wif_core::DisconnectImpact;

use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;

/// Asks the server what the disconnection would take away (a dry run), shows it, and
/// disconnects only when the admin confirms.
#[component]
pub fn DisconnectDialog(
    open: RwSignal<bool>,
    org_id: String,
    idp_id: String,
    #[prop(into)] title: String,
    /// Called after the disconnection succeeded.
    #[prop(into)]
    on_done: Callback<()>,
) -> impl IntoView {
    let (impact_org, impact_idp) = (org_id.clone(), idp_id.clone());
    let impact = LocalResource::new(move || {
        let (org, idp) = (impact_org.clone(), impact_idp.clone());
        // Asked again each time the dialog opens, so the list is never stale.
        let opened = open.get();
        async move { if opened { Some(api::disconnect_impact(&org, &idp).await) } else { None } }
    });
    let disconnect = Action::new_local(move |(): &()| {
        let (org, idp) = (org_id.clone(), idp_id.clone());
        async move { api::disconnect_provider(&org, &idp).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = disconnect.value().get() {
            open.set(false);
            on_done.run(());
        }
    });
    let error =
        Signal::derive(move || disconnect.value().get().and_then(Result::err).map(|e| e.message()));

    view! {
        <ConfirmDialog
            open
            title
            confirm_label="Disconnect"
            on_confirm=move |()| { disconnect.dispatch(()); }
            pending=disconnect.pending()
            error
        >
            {move || match impact.get().flatten() {
                None => view! { <p>"Finding who loses access…"</p> }.into_any(),
                Some(Err(error)) => {
                    view! { <p class="notice notice-error">{error.message()}</p> }.into_any()
                }
                Some(Ok(impact)) => view! { <BlastRadius impact /> }.into_any(),
            }}
        </ConfirmDialog>
    }
}

#[component]
fn BlastRadius(impact: DisconnectImpact) -> impl IntoView {
    let summary = format!(
        "Every project of {} stops accepting tokens from {}.",
        impact.organization.name, impact.identity_provider.name
    );
    let projects = if impact.projects.is_empty() {
        view! { <p>"The organization has no projects, so nobody loses access."</p> }.into_any()
    } else {
        let items = impact
            .projects
            .into_iter()
            .map(|project| view! { <li>{project.name}</li> })
            .collect_view();
        view! {
            <p>"Projects that lose access through this provider:"</p>
            <ul class="blast-radius" aria-label="Projects that lose access">{items}</ul>
        }
        .into_any()
    };
    let users = if impact.database_users.is_empty() {
        view! { <p>"No database user of this provider is in those projects."</p> }.into_any()
    } else {
        let items = impact
            .database_users
            .into_iter()
            .map(|user| view! { <li><code>{user.username}</code>" in "{user.project.name}</li> })
            .collect_view();
        view! {
            <p>
                "Database users that lose access (they are kept, and get it back on \
                 reconnection):"
            </p>
            <ul class="blast-radius" aria-label="Database users that lose access">{items}</ul>
        }
        .into_any()
    };
    view! {
        <p>{summary}</p>
        {projects}
        {users}
    }
}
