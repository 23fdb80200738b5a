//! Browser-facing hardening: the cross-site request guard, security headers and time limits.

use std::time::Duration;

use axum::BoxError;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use wif_core::ProblemType;

use crate::api::ApiError;
use crate::auth::session_cookie;

/// The policy of every response but the app's page, which adds hashes of its inline scripts.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' \
    'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Refuses state-changing API requests that a browser sent from another site (CSRF). A request
/// with an API token is exempt: a browser never adds one by itself.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let has_token = request.headers().contains_key(header::AUTHORIZATION);
    if safe || has_token {
        return next.run(request).await;
    }

    if !is_same_origin(request.headers()) {
        tracing::warn!(
            method = %request.method(),
            path = %request.uri().path(),
            "cross-site request refused"
        );
        let detail = "This request did not come from the console's own pages, so it is refused. \
            Scripts should send an API token as Authorization: Bearer <token>.";
        return ApiError::new(ProblemType::CrossSite, detail).into_response();
    }
    if has_body(request.headers()) && !declares_json(request.headers()) {
        let detail = "Send the body as JSON, with the header Content-Type: application/json.";
        return ApiError::new(ProblemType::UnsupportedMediaType, detail).into_response();
    }
    next.run(request).await
}

/// `Sec-Fetch-Site: same-origin`, or an `Origin` whose host and port are the request's own.
fn is_same_origin(headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site == Some("same-origin") {
        return true;
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let origin_host = origin.and_then(|o| o.split_once("://")).map(|(_, host)| host);
    match (origin_host, session_cookie::host(headers)) {
        (Some(origin_host), Some(host)) => origin_host.eq_ignore_ascii_case(host),
        _ => false,
    }
}

/// Whether a body comes with the request: a `PUT` that only connects two objects has none.
fn has_body(headers: &HeaderMap) -> bool {
    let length = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok());
    let chunked = headers.contains_key(header::TRANSFER_ENCODING);
    chunked || length.is_some_and(|length| length.trim() != "0")
}

fn declares_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Adds the security headers to every response; API responses are never cached.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();

    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if is_api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// What a request that ran out of time gets.
pub async fn timed_out(error: BoxError) -> Response {
    if error.is::<tower::timeout::error::Elapsed>() {
        let detail = "The request took too long and was stopped.";
        return ApiError::new(ProblemType::Timeout, detail).into_response();
    }
    ApiError::Internal(anyhow::anyhow!("request failed in a middleware: {error}")).into_response()
}

/// The default limit on handling one request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
