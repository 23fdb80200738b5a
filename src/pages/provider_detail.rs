//! One provider: its configuration, and the way to edit or delete it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use wif_core::{AuthorizationType, IdentityProvider, Organization};

use crate::api::{self, ApiError};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::database_users::DatabaseUsers;
use crate::components::disconnect_dialog::DisconnectDialog;
use crate::components::field::focus;
use crate::components::layout::set_title;
use crate::components::provider_table::short_date;
use crate::components::signing_keys::SigningKeys;
use crate::components::status::{LoadError, Loading};
use crate::routes::Page;
use crate::session::use_session;

#[component]
pub fn ProviderPage() -> impl IntoView {
    set_title("Identity provider");
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let loaded = LocalResource::new(move || load(id.get()));
    let reload = Callback::new(move |()| loaded.refetch());
    // Once per visit: a reload after connecting an organization must not move focus again.
    let focus_next_steps = StoredValue::new(true);

    move || match loaded.get() {
        None => view! { <Loading label="Loading the identity provider…" /> }.into_any(),
        Some(Err(error)) => view! { <LoadError error retry=reload /> }.into_any(),
        Some(Ok((provider, orgs))) => {
            view! { <ProviderDetail provider orgs reload focus_next_steps /> }.into_any()
        }
    }
}

async fn load(id: String) -> Result<(IdentityProvider, Vec<Organization>), ApiError> {
    let provider = api::get_provider(&id).await?;
    let orgs = api::list_organizations().await?;
    Ok((provider, orgs))
}

#[component]
fn ProviderDetail(
    provider: IdentityProvider,
    orgs: Vec<Organization>,
    reload: Callback<()>,
    /// Whether the next steps, if shown, should take focus.
    focus_next_steps: StoredValue<bool>,
) -> impl IntoView {
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
    let connected_count = provider.associated_orgs.len();
    let connected: Vec<(String, String)> = provider
        .associated_orgs
        .iter()
        .map(|id| {
            let name = orgs.iter().find(|o| &o.id == id).map(|o| o.name.clone());
            (id.clone(), name.unwrap_or_else(|| id.clone()))
        })
        .collect();
    let delete_explanation = if connected_count == 0 {
        view! {
            <p>
                "Tokens from this issuer and audience will no longer be accepted. This cannot be \
                 undone."
            </p>
        }
        .into_any()
    } else {
        let items = connected
            .into_iter()
            .map(|(id, name)| view! { <li><A href=Page::Organization(id).href()>{name}</A></li> })
            .collect_view();
        view! {
            <p>"This provider is still connected to these organizations. Disconnect each one first \
                (below, or on the organization's page), then delete the provider."</p>
            <ul>{items}</ul>
        }
        .into_any()
    };
    let connections = view! { <Connections provider=provider.clone() orgs=orgs.clone() reload /> };
    let keys = view! { <SigningKeys idp_id=provider.id.clone() can_revoke=can_manage /> };
    view! {
        <div class="page-header">
            <h1>{provider.display_name.clone()}</h1>
            <Show when=move || can_manage.get()>
                <div class="actions">
                    <A href=Page::EditProvider(id_for_edit.clone()).href() attr:class="button">
                        "Edit"
                    </A>
                    <button
                        type="button"
                        class="button button-danger"
                        on:click=move |_| confirming.set(true)
                    >
                        "Delete"
                    </button>
                </div>
            </Show>
        </div>
        {provider.description.clone().map(|d| view! { <p class="lead">{d}</p> })}
        {next_steps(&provider, focus_next_steps)}
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
        {keys}
        {connections}
        <DatabaseUsers provider=provider.clone() />
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
            blocked=Signal::derive(move || connected_count > 0)
        >
            {delete_explanation}
        </ConfirmDialog>
    }
}

/// The organizations the account can see, connected or not, with a way to change each one.
#[component]
fn Connections(
    provider: IdentityProvider,
    orgs: Vec<Organization>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let rows = orgs
        .into_iter()
        .map(|org| {
            let connected = provider.associated_orgs.contains(&org.id);
            let manage = {
                let id = org.id.clone();
                session.can(move |p| p.can_manage_organization(&id))
            };
            view! {
                <ConnectionRow
                    org
                    idp_id=provider.id.clone()
                    idp_name=provider.display_name.clone()
                    connected
                    manage
                    reload
                />
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="connections-heading">
            <h2 id="connections-heading" tabindex="-1">"Connected organizations"</h2>
            <p class="muted">"Every project of a connected organization can use this provider."</p>
            <ul class="plain-list" aria-label="Organizations">{rows}</ul>
        </section>
    }
}

#[component]
fn ConnectionRow(
    org: Organization,
    idp_id: String,
    idp_name: String,
    connected: bool,
    manage: Signal<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let (org_id, provider_id) = (org.id.clone(), idp_id.clone());
    let connect = Action::new_local(move |(): &()| {
        let (org, idp) = (org_id.clone(), provider_id.clone());
        async move { api::connect_provider(&org, &idp).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = connect.value().get() {
            reload.run(());
        }
    });
    let status = if connected { "Connected" } else { "Not connected" };
    let title = format!("Disconnect {idp_name} from {}?", org.name);
    view! {
        <li>
            <A href=Page::Organization(org.id.clone()).href()>{org.name.clone()}</A>
            <span class=if connected { "badge badge-on" } else { "badge" }>{status}</span>
            <Show when=move || manage.get()>
                {if connected {
                    view! {
                        <button
                            type="button"
                            class="button button-danger"
                            on:click=move |_| open.set(true)
                        >
                            "Disconnect"
                        </button>
                    }
                    .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="button"
                            disabled=move || connect.pending().get()
                            on:click=move |_| { connect.dispatch(()); }
                        >
                            "Connect"
                        </button>
                    }
                    .into_any()
                }}
            </Show>
            <DisconnectDialog
                open
                org_id=org.id.clone()
                idp_id=idp_id.clone()
                title
                on_done=reload
            />
        </li>
    }
}

/// Right after a provider is created (`?created=<kind>`): what to do next, as links.
fn next_steps(
    provider: &IdentityProvider,
    take_focus: StoredValue<bool>,
) -> Option<impl IntoView + use<>> {
    let kind = use_query_map().with_untracked(|q| q.get("created"))?;
    let identifier = match kind.as_str() {
        "azure" if provider.authorization_type == AuthorizationType::Group => {
            "the security group's Object Id"
        }
        "azure" => "the managed identity's principal (object) id, or the service principal's",
        "google" => "the service account's Unique ID (21 digits)",
        _ if provider.authorization_type == AuthorizationType::Group => {
            "a group id, as the groups claim carries it"
        }
        _ => "the value of the user claim",
    };
    // The page was opened by the create button, whose step is gone: start reading here.
    if take_focus.get_value() {
        take_focus.set_value(false);
        request_animation_frame(|| focus("next-steps-heading"));
    }
    let username = format!("{}/<{}>", provider.id, "identifier");
    Some(view! {
        <section class="card next-steps" aria-labelledby="next-steps-heading">
            <h2 id="next-steps-heading" tabindex="-1">"Provider created. Next steps"</h2>
            <ol>
                <li>
                    <a href="#connections-heading">"Connect organizations"</a>
                    ": only projects of a connected organization can use the provider."
                </li>
                <li>
                    <a href="#database-users">"Add a database user"</a>
                    " named "<code>{username}</code>", where the identifier is "{identifier}"."
                </li>
                <li>
                    <a href=Page::Inspector.href()>"Check a token in the inspector"</a>
                    ", with the signing keys the server fetches for this provider."
                </li>
            </ol>
        </section>
    })
}
