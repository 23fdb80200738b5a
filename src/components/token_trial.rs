//! The wizards' "test a token" step: a token from the workload, checked against the
//! configuration being built, before the provider exists.
//!
//! Same invariant as the inspector: the token stays in this page. It is not saved with the
//! draft either; a reload forgets it. The check is the core's; the signature cannot be checked
//! yet (the provider has no cached keys), so the step is about issuer, audience and claims.

use leptos::prelude::*;
use serde_json::Value;
use wif_core::AuthorizationType;
use wif_core::token::{
    self, CheckInput, CheckedAgainst, Code, DEFAULT_LEEWAY_SECONDS, DEFAULT_MAX_TOKEN_BYTES,
    Principal, Report,
};

use crate::components::copy_button::CopyButton;

/// How the workload gets a token on its platform.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenCommand {
    /// Where to run it, such as "on the Azure VM".
    pub place: &'static str,
    pub command: String,
    /// What else to know, such as a user-assigned identity's extra parameter.
    pub note: String,
}

#[component]
pub fn TokenTrial(
    #[prop(into)] against: Signal<CheckedAgainst>,
    #[prop(into)] command: Signal<TokenCommand>,
) -> impl IntoView {
    let token = RwSignal::new(String::new());
    let report = Memo::new(move |_| {
        let token = token.get();
        if token.trim().is_empty() {
            return None;
        }
        let against = against.get();
        Some(token::check(&CheckInput {
            token: token.trim(),
            against: &against,
            keys: None,
            now: (js_sys::Date::now() / 1000.0) as i64,
            leeway_seconds: DEFAULT_LEEWAY_SECONDS,
            max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
        }))
    });
    let command_text = Signal::derive(move || command.with(|c| c.command.clone()));

    view! {
        <div class="field">
            <p class="field-label">
                {move || format!("Get a token {}:", command.with(|c| c.place))}
            </p>
            <pre class="command"><code id="token-command">{command_text}</code></pre>
            <div class="actions">
                <CopyButton label="Copy the command" text=command_text />
            </div>
            <p class="hint">{move || command.with(|c| c.note.clone())}</p>
        </div>
        <div class="field">
            <label for="trial-token">"Token from the workload"</label>
            <textarea id="trial-token" class="input mono" rows="5" spellcheck="false"
                placeholder="eyJhbGciOi…" bind:value=token></textarea>
            <p class="hint">
                "Checked in this page against the values entered so far; it is not sent anywhere \
                 and not kept."
            </p>
        </div>
        // One short sentence in a region that stays, so that screen readers announce each new
        // verdict without reading the whole table again.
        <p class="visually-hidden" role="status" id="trial-spoken">
            {move || report.with(|r| spoken(r.as_ref()))}
        </p>
        {move || report.get().map(|report| view! { <TrialResult report against=against.get() /> })}
    }
}

/// The verdict in one sentence, for the status region.
fn spoken(report: Option<&Report>) -> String {
    let Some(report) = report else { return String::new() };
    let problems = report.reasons.iter().filter(|r| r.code != Code::SignatureNotChecked).count();
    match (report.claims.is_some(), problems) {
        (false, _) => "The token cannot be read.".to_owned(),
        (true, 0) => "This token fits the configuration.".to_owned(),
        (true, 1) => "This token would be refused, for one reason.".to_owned(),
        (true, n) => format!("This token would be refused, for {n} reasons."),
    }
}

/// The three things the step is about, each matched or not, and the checker's own words.
#[component]
fn TrialResult(report: Report, against: CheckedAgainst) -> impl IntoView {
    if report.claims.is_none() {
        let message = report.reasons.first().map(|r| r.message.clone()).unwrap_or_default();
        return view! {
            <div class="notice notice-error" role="alert" id="trial-result">{message}</div>
        }
        .into_any();
    }
    let claims = report.claims.clone().unwrap_or(Value::Null);
    let claim = |name: &str| match claims.get(name) {
        None => "(none)".to_owned(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    let has = |code: Code| report.reasons.iter().any(|r| r.code == code);
    let issuer_ok = claims.get("iss").and_then(Value::as_str) == Some(against.issuer_uri.as_str());
    let audience_ok = !has(Code::AudienceMismatch) && claims.get("aud").is_some();
    let (identity_label, identity_shown) = identity_row(&report, &against);
    let rows = [
        ("Issuer", claim("iss"), against.issuer_uri.clone(), issuer_ok),
        ("Audience", claim("aud"), against.audience.clone(), audience_ok),
        (identity_label, identity_shown, identity_expected(&against), report.principal.is_some()),
    ]
    .into_iter()
    .map(|(what, token_says, configured, ok)| {
        view! {
            <tr>
                <th scope="row">{what}</th>
                <td class="mono">{token_says}</td>
                <td class="mono">{configured}</td>
                <td class=if ok { "match" } else { "mismatch" }>
                    {if ok { "Matches" } else { "Does not match" }}
                </td>
            </tr>
        }
    })
    .collect_view();
    let reasons = report
        .reasons
        .iter()
        .filter(|r| r.code != Code::SignatureNotChecked)
        .map(|r| view! { <li>{r.message.clone()}</li> })
        .collect_view();
    let database_user = match &report.principal {
        Some(Principal::User { username }) => Some(username.clone()),
        _ => None,
    };
    let all_match = report.reasons.iter().all(|r| r.code == Code::SignatureNotChecked);
    let verdict_class = if all_match { "verdict verdict-ok" } else { "verdict verdict-bad" };
    let summary = if all_match {
        "This token fits the configuration. Its signature is checked once the provider exists \
         (the inspector can do it with the server's cached keys)."
    } else {
        "This token would be refused with this configuration:"
    };

    view! {
        <div id="trial-result" class="card">
            <p class=verdict_class>{summary}</p>
            <ul class="reasons">{reasons}</ul>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Check"</th>
                            <th scope="col">"The token says"</th>
                            <th scope="col">"The configuration says"</th>
                            <th scope="col">"Result"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {database_user.map(|name| view! {
                <p class="principal">"Database user it would sign in as: "{name}</p>
            })}
        </div>
    }
    .into_any()
}

/// The identity row: what the claim that names the workload holds in the token.
fn identity_row(report: &Report, against: &CheckedAgainst) -> (&'static str, String) {
    let label = match against.authorization_type {
        AuthorizationType::User => "User claim",
        AuthorizationType::Group => "Groups claim",
    };
    let shown = match &report.principal {
        Some(Principal::Groups { groups }) => groups.join(", "),
        _ => {
            let value = report.claims.as_ref().and_then(|c| c.get(claim_name(against)));
            match value {
                None => "(none)".to_owned(),
                Some(Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
            }
        }
    };
    (label, shown)
}

/// What the configuration asks of the claim that names the workload, in words.
fn identity_expected(against: &CheckedAgainst) -> String {
    match against.authorization_type {
        AuthorizationType::User => format!("a value in the {} claim", against.user_claim),
        AuthorizationType::Group => format!("group ids in the {} claim", against.groups_claim),
    }
}

fn claim_name(against: &CheckedAgainst) -> &str {
    match against.authorization_type {
        AuthorizationType::User => &against.user_claim,
        AuthorizationType::Group => &against.groups_claim,
    }
}
