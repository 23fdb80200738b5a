//! Plain-word explanations of the usual misconfigurations, shown with the reason codes.

use serde_json::{Map, Value};

const ENTRA_V1_HOST: &str = "https://sts.windows.net/";
const ENTRA_V2_HOST: &str = "https://login.microsoftonline.com/";

/// Why the token's `iss` differs from the configured issuer, as precisely as can be told.
pub fn issuer(token: &str, configured: &str, claims: &Map<String, Value>) -> String {
    let base = format!("The token's issuer is {token}, but the provider expects {configured}.");
    let version = claims.get("ver").and_then(Value::as_str);
    let hint = if token.starts_with(ENTRA_V1_HOST) && configured.starts_with(ENTRA_V2_HOST) {
        format!(
            "This is an Entra ID v1 token (ver {}), but the provider is set up for v2 tokens. \
             Set accessTokenAcceptedVersion to 2 in the app registration's manifest, then get a \
             new token.",
            version.unwrap_or("1.0")
        )
    } else if token.starts_with(ENTRA_V2_HOST) && configured.starts_with(ENTRA_V1_HOST) {
        "This is an Entra ID v2 token, but the provider's issuer is the v1 form \
         (sts.windows.net). Use the issuer https://login.microsoftonline.com/<tenant>/v2.0."
            .to_owned()
    } else if token.trim_end_matches('/') == configured.trim_end_matches('/') {
        "They differ only by a trailing slash, and issuers are compared byte for byte. Copy the \
         issuer exactly as the token has it."
            .to_owned()
    } else if format!("https://{token}") == configured {
        "Google issues some tokens with the issuer written without https:// \
         (accounts.google.com). Such a token does not match https://accounts.google.com."
            .to_owned()
    } else {
        "Issuers are compared byte for byte: check the tenant or project in the URI.".to_owned()
    };
    format!("{base} {hint}")
}

/// Why none of the token's audiences is the configured one.
pub fn audience(token: &[&str], configured: &str) -> String {
    let shown = token.join(", ");
    let base = format!("The token's audience is {shown}, but the provider expects {configured}.");
    let bare_configured = configured.strip_prefix("api://");
    let hint = if bare_configured.is_some_and(|id| token.contains(&id)) {
        "The token carries the bare client id, as Entra v2 tokens do, while the provider expects \
         the Application ID URI. Set the provider's audience to the client id, or have the \
         workload ask for a token with the resource api://<client id>."
            .to_owned()
    } else if token.iter().any(|aud| aud.strip_prefix("api://") == Some(configured)) {
        "The token carries the Application ID URI (api://…), as v1 tokens may, while the \
         provider expects the bare client id. Make both the same value."
            .to_owned()
    } else {
        "The workload must ask for a token with exactly the provider's audience (for Azure, \
         resource=<audience>; for Google, audience=<audience>)."
            .to_owned()
    };
    format!("{base} {hint}")
}

/// A user claim whose value can change or be reused, which makes a poor database user name.
pub fn mutable_user_claim(claim: &str) -> Option<String> {
    ["email", "upn", "preferred_username", "unique_name"].contains(&claim).then(|| {
        format!(
            "The user claim {claim} can change or be given to someone else later. Prefer an \
             immutable id: oid for Entra ID, sub for Google."
        )
    })
}

/// Entra's overage markers in place of the groups claim.
pub fn has_group_overage(claims: &Map<String, Value>, groups_claim: &str) -> bool {
    let named = claims
        .get("_claim_names")
        .and_then(Value::as_object)
        .is_some_and(|names| names.contains_key(groups_claim));
    let flagged = claims.get("hasgroups").and_then(Value::as_bool).unwrap_or(false);
    named || flagged
}

/// A duration for people: "5 minutes", "3 days".
pub fn duration(seconds: i64) -> String {
    let seconds = seconds.unsigned_abs();
    let (value, unit) = match seconds {
        0..=89 => (seconds, "second"),
        90..=5399 => ((seconds + 30) / 60, "minute"),
        5400..=129_599 => ((seconds + 1800) / 3600, "hour"),
        _ => ((seconds + 43_200) / 86_400, "day"),
    };
    format!("{value} {unit}{}", if value == 1 { "" } else { "s" })
}
