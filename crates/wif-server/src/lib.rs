//! The wif-console server: REST API under `/api/v1`, SQLite storage, and the built console app.
//!
//! [`app`] builds the whole router so that tests can call it in-process; [`serve`] binds it.

mod api;
pub mod auth;
mod config;
pub mod db;
mod ids;
pub mod jwks;
mod spa;
mod web;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use tower::ServiceBuilder;
use tower_http::trace::TraceLayer;

pub use config::{Config, Secret};
pub use db::Db;

use wif_core::validate::IssuerPolicy;

use crate::auth::{LoginLimiter, SessionSettings, password};
use crate::db::accounts;
use crate::jwks::{CacheSettings, Fetcher, KeyCache, Reach};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Db>,
    /// The organization that owns the deployment's federation settings.
    pub federation_org_id: Arc<str>,
    pub sessions: SessionSettings,
    pub limiter: Arc<LoginLimiter>,
    pub keys: Arc<KeyCache>,
    /// Which issuer URIs providers may have.
    pub issuer_policy: IssuerPolicy,
}

impl AppState {
    /// Opens the database and, when it has no account yet, creates the first organization and
    /// its owner `admin` with `bootstrap_password` (or a random one, printed once).
    pub fn open(
        database: &Path,
        sessions: SessionSettings,
        bootstrap_password: Option<&str>,
    ) -> anyhow::Result<AppState> {
        AppState::open_with(database, sessions, bootstrap_password, Reach::PublicHttps)
    }

    /// [`open`](Self::open), choosing how far the key fetcher may reach.
    pub fn open_with(
        database: &Path,
        sessions: SessionSettings,
        bootstrap_password: Option<&str>,
        reach: Reach,
    ) -> anyhow::Result<AppState> {
        let db = Db::open(database)
            .with_context(|| format!("cannot open the database {}", database.display()))?;
        let federation_org_id = bootstrap(&db, bootstrap_password)?;
        let db = Arc::new(db);
        let keys = KeyCache::new(Arc::clone(&db), Fetcher::new(reach), CacheSettings::default());
        let issuer_policy = match reach {
            Reach::PublicHttps => IssuerPolicy::HttpsOnly,
            Reach::AlsoLoopback => IssuerPolicy::AllowHttpLoopback,
        };
        Ok(AppState {
            db,
            federation_org_id: federation_org_id.into(),
            sessions,
            limiter: Arc::new(LoginLimiter::new(Default::default())),
            keys: Arc::new(keys),
            issuer_policy,
        })
    }
}

fn bootstrap(db: &Db, bootstrap_password: Option<&str>) -> anyhow::Result<String> {
    if !db.run_now(|conn| accounts::has_accounts(conn))? {
        let generated = bootstrap_password.is_none().then(|| auth::new_secret()[..24].to_owned());
        let password = bootstrap_password.or(generated.as_deref()).unwrap_or_default();
        if let Err(message) = wif_core::access::check_password(password) {
            anyhow::bail!("WIF_BOOTSTRAP_PASSWORD is not acceptable: {message}");
        }
        let hash = password::hash(password);
        let (org_id, account_id, now) = (ids::new_id(), ids::new_id(), ids::now());
        db.run_now(|conn| accounts::create_first_account(conn, &org_id, &account_id, &hash, &now))?;
        match generated {
            // Printed once, on purpose: nobody could sign in otherwise. It is not stored.
            Some(password) => tracing::warn!(
                account.username = accounts::FIRST_ACCOUNT,
                "created the first account; its generated password is {password} (shown only \
                 now: sign in and keep it safe)"
            ),
            None => tracing::info!(
                account.username = accounts::FIRST_ACCOUNT,
                "created the first account with the password from WIF_BOOTSTRAP_PASSWORD"
            ),
        }
    }
    let org_id = db.run_now(|conn| accounts::federation_org_id(conn))?;
    org_id.context("the database has accounts but no federation organization")
}

/// The whole HTTP surface: health, API, and the console app with deep-link fallback.
pub fn app(state: AppState, dist: &Path, body_limit_bytes: usize) -> Router {
    let time_limit = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(web::timed_out))
        .timeout(web::REQUEST_TIMEOUT);
    Router::new()
        .route("/healthz", get(api::health))
        .nest("/api", api::router())
        .with_state(state)
        .merge(spa::router(dist))
        .layer(DefaultBodyLimit::max(body_limit_bytes))
        .layer(time_limit)
        .layer(axum::middleware::from_fn(web::security_headers))
        .layer(TraceLayer::new_for_http())
}

/// Opens the database, binds the listener and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let sessions = SessionSettings {
        idle_seconds: i64::from(config.session_idle_minutes) * 60,
        absolute_seconds: i64::from(config.session_max_hours) * 3600,
    };
    let bootstrap_password = config.bootstrap_password.as_ref().map(|s| s.0.as_str());
    let reach = if config.allow_insecure_issuers {
        tracing::warn!(
            "INSECURE: issuers may use plain http and loopback addresses \
             (--allow-insecure-issuers); never run a real deployment like this"
        );
        Reach::AlsoLoopback
    } else {
        Reach::PublicHttps
    };
    let state = AppState::open_with(&config.database, sessions, bootstrap_password, reach)?;
    if !config.dist.join("index.html").is_file() {
        tracing::warn!(
            dist.path = %config.dist.display(),
            "the console app is not built here; the API works, the console pages do not"
        );
    }

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

    // Client addresses feed the sign-in rate limit.
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await?;
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
