//! Serves the built console app, with every unknown page path answered by `index.html` so that
//! deep links such as `/identity-providers/<id>` survive a reload.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

use crate::web::CONTENT_SECURITY_POLICY;

pub fn router(dist: &Path) -> Router {
    let index = Arc::new(dist.join("index.html"));
    let fallback = get(index_html).with_state(index);
    Router::new().fallback_service(ServeDir::new(dist).fallback(fallback))
}

async fn index_html(State(index): State<Arc<PathBuf>>, uri: Uri) -> Response {
    // A missing file (`/app-1234.js`) is a 404, not the app: only page paths fall back.
    let last_segment = uri.path().rsplit('/').next().unwrap_or("");
    if last_segment.contains('.') {
        return (StatusCode::NOT_FOUND, "Not found.\n").into_response();
    }

    match tokio::fs::read_to_string(index.as_path()).await {
        Ok(html) => {
            // The page names hashed asset files, so it must be fetched again after an upgrade.
            let policy = policy_for(&html);
            let headers = [
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
                (header::CACHE_CONTROL, "no-cache".to_owned()),
                (header::CONTENT_SECURITY_POLICY, policy),
            ];
            (headers, html).into_response()
        }
        Err(error) => {
            tracing::error!(
                index.path = %index.display(),
                %error,
                "cannot read the app's index.html"
            );
            let message = "The console app is not built. Build it with `make dist`; the API under \
                /api/v1 works without it.\n";
            (StatusCode::SERVICE_UNAVAILABLE, message).into_response()
        }
    }
}

/// The security policy of the app's page: Trunk's loader is an inline module script, allowed by
/// its hash so that `'unsafe-inline'` is never needed.
fn policy_for(html: &str) -> String {
    let hashes: Vec<String> = inline_scripts(html)
        .map(|script| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(script.as_bytes()))))
        .collect();
    let script_src = format!("script-src 'self' 'wasm-unsafe-eval' {}", hashes.join(" "));
    CONTENT_SECURITY_POLICY.replace("script-src 'self' 'wasm-unsafe-eval'", script_src.trim_end())
}

/// The bodies of `<script>` elements that have no `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        let (body, _) = rest.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(body)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_nothing_else_is() {
        let html = "<script type=\"module\">run()</script><script src=\"/x.js\"></script>";
        let policy = policy_for(html);
        let expected = STANDARD.encode(Sha256::digest(b"run()"));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        assert_eq!(policy.matches("'sha256-").count(), 1);
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
