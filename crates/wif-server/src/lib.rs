//! The wif-console server: REST API under `/api/v1`, SQLite storage, and the built console app.
//!
//! [`app`] builds the whole router so that tests can call it in-process; [`serve`] binds it.

mod api;
mod config;
pub mod db;
mod ids;
mod spa;

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use db::Db;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Db>,
}

/// The whole HTTP surface: health, API, and the console app with deep-link fallback.
pub fn app(state: AppState, dist: &Path, body_limit_bytes: usize) -> Router {
    Router::new()
        .route("/healthz", get(api::health))
        .nest("/api", api::router())
        .with_state(state)
        .merge(spa::router(dist))
        .layer(DefaultBodyLimit::max(body_limit_bytes))
        .layer(TraceLayer::new_for_http())
}

/// Opens the database, binds the listener and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let db = Db::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))?;
    if !config.dist.join("index.html").is_file() {
        tracing::warn!(
            dist.path = %config.dist.display(),
            "the console app is not built here; the API works, the console pages do not"
        );
    }

    let state = AppState { db: Arc::new(db) };
    let router = app(state, &config.dist, config.body_limit_bytes);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    tracing::info!(
        listen.address = %listener.local_addr()?,
        database.path = %config.database.display(),
        dist.path = %config.dist.display(),
        "wif-server is listening"
    );

    axum::serve(listener, router).with_graceful_shutdown(shutdown_signal()).await?;
    tracing::info!("wif-server stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, fall back to waiting for SIGTERM alone.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
