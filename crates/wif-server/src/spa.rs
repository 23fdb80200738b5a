//! Serves the built console app, with every unknown page path answered by `index.html` so that
//! deep links such as `/identity-providers/<id>` survive a reload.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;

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

    match tokio::fs::read(index.as_path()).await {
        Ok(html) => {
            // The page names hashed asset files, so it must be fetched again after an upgrade.
            let headers = [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ];
            (headers, html).into_response()
        }
        Err(error) => {
            tracing::error!(index.path = %index.display(), %error, "cannot read the app's index.html");
            let message = "The console app is not built. Build it with `make dist`; the API under \
                /api/v1 works without it.\n";
            (StatusCode::SERVICE_UNAVAILABLE, message).into_response()
        }
    }
}
