//! A provider's cached signing keys, and revoking them when a key has leaked.

use leptos::prelude::*;
use wif_core::jwk::{CachedKeys, KeySummary, Revocation};

use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::provider_table::short_date;
use crate::components::status::{LoadError, Loading};

#[component]
pub fn SigningKeys(idp_id: String, #[prop(into)] can_revoke: Signal<bool>) -> impl IntoView {
    let load_id = idp_id.clone();
    let keys = LocalResource::new(move || {
        let id = load_id.clone();
        async move { api::get_keys(&id).await }
    });
    let open = RwSignal::new(false);
    let revoke = Action::new_local(move |(): &()| {
        let id = idp_id.clone();
        async move { api::revoke_keys(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = revoke.value().get() {
            open.set(false);
            keys.refetch();
        }
    });
    let error =
        Signal::derive(move || revoke.value().get().and_then(Result::err).map(|e| e.message()));
    let outcome = move || {
        revoke
            .value()
            .get()
            .and_then(Result::ok)
            .map(|r| view! { <RevocationOutcome revocation=r /> })
    };

    view! {
        <section class="card" aria-labelledby="keys-heading">
            <div class="page-header">
                <h2 id="keys-heading">"Signing keys"</h2>
                // Only an account that may revoke gets the button and its dialog at all.
                <Show when=move || can_revoke.get()>
                    <button
                        type="button"
                        class="button button-danger"
                        on:click=move |_| open.set(true)
                    >
                        "Revoke keys"
                    </button>
                    <ConfirmDialog
                open
                title="Revoke the cached signing keys?"
                confirm_label="Revoke keys"
                on_confirm=move |()| { revoke.dispatch(()); }
                pending=revoke.pending()
                error
            >
                <p>
                    "Do this when a private signing key has leaked: the cached keys are dropped at \
                     once, tokens signed by a key the issuer no longer publishes stop verifying, \
                     and the keys are fetched again."
                </p>
                <p>
                    "Routine rotation needs nothing: new keys are fetched when a token names an \
                     unknown key id, and when the cache expires."
                </p>
            </ConfirmDialog>
                </Show>
            </div>
            {outcome}
            {move || match keys.get() {
                None => view! { <Loading label="Fetching the issuer's keys…" /> }.into_any(),
                Some(Err(error)) => {
                    view! { <LoadError error retry=move |()| keys.refetch() /> }.into_any()
                }
                Some(Ok(cached)) => view! { <KeyTable cached /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn KeyTable(cached: CachedKeys) -> impl IntoView {
    let fetched = match (&cached.fetched_at, &cached.expires_at) {
        (Some(fetched), Some(expires)) => {
            format!("Fetched {}; fetched again after {}.", short_date(fetched), short_date(expires))
        }
        _ => "Never fetched successfully.".to_owned(),
    };
    let problem = cached.last_error.map(|error| {
        let message = format!("The last fetch failed: {error}");
        view! { <p class="notice notice-error" role="alert">{message}</p> }
    });
    let body = if cached.keys.is_empty() {
        view! { <p>"No keys are cached: no token from this provider can be verified."</p> }
            .into_any()
    } else {
        let rows = cached.keys.into_iter().map(|key| view! { <KeyRow key /> }).collect_view();
        view! {
            <div class="table-scroll">
                <table>
                    <caption class="visually-hidden">"Cached signing keys"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Key id"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Algorithm"</th>
                            <th scope="col">"Size"</th>
                            <th scope="col">"First seen"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        {problem}
        {body}
        <p class="muted">{fetched}</p>
    }
}

#[component]
fn KeyRow(key: KeySummary) -> impl IntoView {
    view! {
        <tr>
            <th scope="row" class="mono">{key.kid.unwrap_or_else(|| "(none)".to_owned())}</th>
            <td>{key.kty}</td>
            <td>{key.alg.unwrap_or_else(|| "any".to_owned())}</td>
            <td>{key.strength}</td>
            <td>{short_date(&key.first_seen_at)}</td>
        </tr>
    }
}

#[component]
fn RevocationOutcome(revocation: Revocation) -> impl IntoView {
    let list = |ids: &[String]| if ids.is_empty() { "none".to_owned() } else { ids.join(", ") };
    let before: Vec<String> = revocation
        .before
        .iter()
        .map(|k| k.kid.clone().unwrap_or_else(|| format!("{} {}", k.kty, k.strength)))
        .collect();
    view! {
        <div class="notice" role="status">
            <p><strong>"Keys revoked."</strong></p>
            <p>{format!("Before: {}.", list(&before))}</p>
            <p>{format!("Removed: {}.", list(&revocation.removed))}</p>
            <p>{format!("Added: {}.", list(&revocation.added))}</p>
        </div>
    }
}
