//! The token inspector: decode a token and check it against a provider, in the page.
//!
//! **Invariant:** the token never leaves the page. Nothing here sends it, or any of its
//! claims, anywhere: the check is the core's, run in the browser with the clock of the browser.
//! Claim values are shown as text, never as HTML.

use leptos::prelude::*;
use serde_json::{Map, Value};
use wif_core::token::{
    self, CheckInput, CheckedAgainst, DEFAULT_LEEWAY_SECONDS, DEFAULT_MAX_TOKEN_BYTES, Report,
    Verdict, diagnose, explain,
};
use wif_core::{AuthorizationType, IdentityProvider};

use crate::api;
use crate::components::copy_button::CopyButton;

/// What the token is checked against.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Stored(String),
    AdHoc,
}

#[component]
pub fn TokenInspector(providers: Vec<IdentityProvider>) -> impl IntoView {
    let token = RwSignal::new(String::new());
    let jwks = RwSignal::new(String::new());
    let target = RwSignal::new(match providers.first() {
        Some(provider) => Target::Stored(provider.id.clone()),
        None => Target::AdHoc,
    });
    let ad_hoc = AdHocFields::new();
    let providers = StoredValue::new(providers);

    let against = Memo::new(move |_| match target.get() {
        Target::Stored(id) => providers.with_value(|all| {
            all.iter().find(|p| p.id == id).map(|p| CheckedAgainst {
                provider_id: Some(p.id.clone()),
                issuer_uri: p.issuer_uri.clone(),
                audience: p.audience.clone(),
                authorization_type: p.authorization_type,
                user_claim: p.user_claim.clone(),
                groups_claim: p.groups_claim.clone(),
            })
        }),
        Target::AdHoc => Some(ad_hoc.against()),
    });
    let keys_error = RwSignal::new(None::<String>);
    let report = Memo::new(move |_| {
        let token = token.get();
        if token.trim().is_empty() {
            return None;
        }
        let keys = parse_keys(&jwks.get());
        let against = against.get()?;
        Some(token::check(&CheckInput {
            token: &token,
            against: &against,
            keys: keys.as_ref().ok().and_then(|k| k.as_deref()),
            now: (js_sys::Date::now() / 1000.0) as i64,
            leeway_seconds: DEFAULT_LEEWAY_SECONDS,
            max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
        }))
    });
    Effect::new(move |_| keys_error.set(parse_keys(&jwks.get()).err()));

    let fetch_keys = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { api::get_public_keys(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(set)) = fetch_keys.value().get() {
            jwks.set(serde_json::to_string_pretty(&set).unwrap_or_default());
        }
    });
    let fetch_error = move || {
        fetch_keys
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="field-error" role="alert">{e.message()}</p> })
    };

    let options = providers.with_value(|all| {
        all.iter()
            .map(|p| view! { <option value=p.id.clone()>{p.display_name.clone()}</option> })
            .collect_view()
    });
    let on_target = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        target.set(if value.is_empty() { Target::AdHoc } else { Target::Stored(value) });
    };

    view! {
        <div class="inspector">
            <div class="field">
                <label for="token">"Token"</label>
                <textarea id="token" class="input mono" rows="6" spellcheck="false"
                    placeholder="eyJhbGciOi…" bind:value=token
                    on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                    on:drop=move |ev: leptos::ev::DragEvent| drop_file(ev, token)></textarea>
                <p class="hint">
                    "Paste it, or drop a file holding it. Checked here, in this page: the token is \
                     never sent anywhere."
                </p>
            </div>
            {move || report.get().map(|report| {
                let shared = token::shareable(&token.get_untracked(), &report);
                view! {
                    <VerdictCard report=report.clone() />
                    <div class="actions copy-actions">
                        <CopyButton label="Copy the verdict" text=verdict_text(&report) />
                        <CopyButton label="Copy the header" text=json_text(&report.header) />
                        <CopyButton label="Copy the claims" text=json_text(&report.claims) />
                        <CopyButton label="Share (signature removed)" text=shared />
                    </div>
                }
            })}
            <div class="field">
                <label for="check-against">"Check against"</label>
                <select id="check-against" class="input" on:change=on_target>
                    {options}
                    <option value="">"A configuration typed here"</option>
                </select>
            </div>
            <Show when=move || target.get() == Target::AdHoc>
                <AdHocForm fields=ad_hoc />
            </Show>
            <div class="field">
                <label for="jwks">"Key set (JWKS)"</label>
                <textarea id="jwks" class="input mono" rows="4" spellcheck="false"
                    placeholder="{\"keys\": [...]}" bind:value=jwks></textarea>
                <p class="field-error">{move || keys_error.get()}</p>
                {move || match target.get() {
                    Target::Stored(id) => view! {
                        <button
                            type="button"
                            class="button"
                            disabled=move || fetch_keys.pending().get()
                            on:click=move |_| { fetch_keys.dispatch(id.clone()); }
                        >
                            "Use the server's cached keys"
                        </button>
                    }.into_any(),
                    Target::AdHoc => ().into_any(),
                }}
                {fetch_error}
            </div>
            {move || report.get().map(|report| view! { <DecodedToken report /> })}
        </div>
    }
}

/// `Ok(None)` for an empty field; the keys, or why the text is not a key set.
fn parse_keys(text: &str) -> Result<Option<Vec<Map<String, Value>>>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("The key set is not valid JSON: {e}."))?;
    token::jwk_objects(&value).map(Some)
}

#[derive(Debug, Clone, Copy)]
struct AdHocFields {
    issuer_uri: RwSignal<String>,
    audience: RwSignal<String>,
    group: RwSignal<bool>,
    user_claim: RwSignal<String>,
    groups_claim: RwSignal<String>,
}

impl AdHocFields {
    fn new() -> Self {
        AdHocFields {
            issuer_uri: RwSignal::new(String::new()),
            audience: RwSignal::new(String::new()),
            group: RwSignal::new(false),
            user_claim: RwSignal::new("sub".into()),
            groups_claim: RwSignal::new("groups".into()),
        }
    }

    fn against(&self) -> CheckedAgainst {
        CheckedAgainst {
            provider_id: None,
            issuer_uri: self.issuer_uri.get(),
            audience: self.audience.get(),
            authorization_type: if self.group.get() {
                AuthorizationType::Group
            } else {
                AuthorizationType::User
            },
            user_claim: self.user_claim.get(),
            groups_claim: self.groups_claim.get(),
        }
    }
}

#[component]
fn AdHocForm(fields: AdHocFields) -> impl IntoView {
    view! {
        <div class="ad-hoc">
            <div class="field">
                <label for="adhoc-issuer">"Issuer URI"</label>
                <input id="adhoc-issuer" class="input mono" bind:value=fields.issuer_uri />
            </div>
            <div class="field">
                <label for="adhoc-audience">"Audience"</label>
                <input id="adhoc-audience" class="input mono" bind:value=fields.audience />
            </div>
            <div class="field">
                <label for="adhoc-user-claim">"User claim"</label>
                <input id="adhoc-user-claim" class="input mono" bind:value=fields.user_claim />
            </div>
            <div class="radio">
                <input type="checkbox" id="adhoc-group" bind:checked=fields.group />
                <label for="adhoc-group">"Group membership (reads the groups claim)"</label>
            </div>
        </div>
    }
}

#[component]
fn VerdictCard(report: Report) -> impl IntoView {
    let accepted = report.verdict == Verdict::Accepted;
    let (class, title) = match (accepted, report.signature_verified) {
        (true, _) => ("verdict verdict-ok", "Accepted"),
        (false, true) => ("verdict verdict-bad", "Rejected"),
        (false, false) => ("verdict verdict-bad", "Rejected: the signature was not verified"),
    };
    let reasons = report
        .reasons
        .iter()
        .map(|r| view! { <li><code>{code_name(&r.code)}</code>" "{r.message.clone()}</li> })
        .collect_view();
    let notes = report
        .notes
        .iter()
        .map(|r| view! { <li><code>{code_name(&r.code)}</code>" "{r.message.clone()}</li> })
        .collect_view();
    let principal = report.principal.clone().map(|p| match p {
        token::Principal::User { username } => format!("Database user: {username}"),
        token::Principal::Groups { groups } => format!("Groups: {}", groups.join(", ")),
    });
    view! {
        <section class="card" aria-labelledby="verdict-heading">
            <h2 id="verdict-heading" class=class role="status">{title}</h2>
            {principal.map(|p| view! { <p class="principal">{p}</p> })}
            <ul class="reasons" aria-label="Reasons">{reasons}</ul>
            <ul class="reasons notes" aria-label="Notes">{notes}</ul>
        </section>
    }
}

/// The header and claims, each with what it means.
#[component]
fn DecodedToken(report: Report) -> impl IntoView {
    let claims = report.claims.and_then(|c| c.as_object().cloned());
    let header = report.header.and_then(|c| c.as_object().cloned());
    view! {
        {header.map(|h| view! { <ClaimTable title="Header" values=h /> })}
        {claims.map(|c| view! { <ClaimTable title="Claims" values=c /> })}
    }
}

fn code_name(code: &token::Code) -> String {
    serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[component]
fn ClaimTable(title: &'static str, values: Map<String, Value>) -> impl IntoView {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let rows = values
        .into_iter()
        .map(|(name, value)| {
            let shown = match &value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let time = explain::is_time(&name)
                .then(|| value.as_i64())
                .flatten()
                .map(|t| describe_time(t, now));
            let meaning = explain::claim(&name).unwrap_or("");
            view! {
                <tr>
                    <th scope="row" class="mono">{name}</th>
                    <td class="mono">
                        {shown}
                        {time.map(|t| view! { <span class="time">{t}</span> })}
                    </td>
                    <td class="muted">{meaning}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll claims">
            <table>
                <caption>{title}</caption>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// `2026-12-03 17:40:00 UTC (18:40:00 local), expires in 5 minutes`.
fn describe_time(seconds: i64, now: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds as f64 * 1000.0));
    let utc = String::from(date.to_iso_string()).replace('T', " ").replace(".000Z", " UTC");
    let local = String::from(date.to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED));
    let relative = if seconds >= now {
        format!("in {}", diagnose::duration(seconds - now))
    } else {
        format!("{} ago", diagnose::duration(now - seconds))
    };
    format!("{utc} ({local} local), {relative}")
}

/// Reads the first dropped file as the token. The file stays in the page like a paste.
fn drop_file(event: leptos::ev::DragEvent, token: RwSignal<String>) {
    event.prevent_default();
    let file =
        event.data_transfer().and_then(|transfer| transfer.files()).and_then(|files| files.get(0));
    let Some(file) = file else { return };
    leptos::task::spawn_local(async move {
        if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
            token.set(text.as_string().unwrap_or_default().trim().to_owned());
        }
    });
}

fn verdict_text(report: &Report) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "verdict": report.verdict,
        "reasons": report.reasons,
        "notes": report.notes,
        "principal": report.principal,
    }))
    .unwrap_or_default()
}

fn json_text(value: &Option<Value>) -> String {
    value.as_ref().and_then(|v| serde_json::to_string_pretty(v).ok()).unwrap_or_default()
}
