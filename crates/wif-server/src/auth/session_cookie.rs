//! The session cookie: HttpOnly, SameSite=Strict, and `Secure` with a `__Host-` name whenever
//! the request came over HTTPS (directly or through a proxy that says so).

use axum::http::HeaderMap;
use axum::http::header::{COOKIE, HOST};

/// The name over HTTPS: the `__Host-` prefix makes browsers refuse it from a subdomain or
/// without `Secure`.
const SECURE_NAME: &str = "__Host-wif_session";
/// The name over plain HTTP (local use), where `__Host-` cannot be set.
const PLAIN_NAME: &str = "wif_session";

/// Whether the browser reached us over HTTPS. The server speaks plain HTTP, so HTTPS means a
/// TLS proxy in front that says so. Trusting the header is safe here: it can only make the
/// cookie stricter.
pub fn is_https(headers: &HeaderMap) -> bool {
    let forwarded_proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    let forwarded = headers
        .get("forwarded")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("proto=https"));
    forwarded_proto || forwarded
}

/// The session secret the request carries, under either name.
pub fn read(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SECURE_NAME || *name == PLAIN_NAME)
        .map(|(_, value)| value.to_owned())
}

/// `Set-Cookie` that starts a session. No `Max-Age`: the cookie ends with the browser, and the
/// server ends the session on its own schedule.
pub fn set(headers: &HeaderMap, secret: &str) -> String {
    if is_https(headers) {
        format!("{SECURE_NAME}={secret}; Path=/; HttpOnly; Secure; SameSite=Strict")
    } else {
        format!("{PLAIN_NAME}={secret}; Path=/; HttpOnly; SameSite=Strict")
    }
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear(headers: &HeaderMap) -> String {
    if is_https(headers) {
        format!("{SECURE_NAME}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0")
    } else {
        format!("{PLAIN_NAME}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
    }
}

/// The request's own origin host, for the cross-site check.
pub fn host(headers: &HeaderMap) -> Option<&str> {
    headers.get(HOST).and_then(|v| v.to_str().ok())
}
