//! The REST API. Every response body is JSON; every error is an RFC 9457 problem.

mod accounts;
mod api_tokens;
mod audit_events;
mod database_users;
mod error;
mod extract;
mod identity_providers;
mod organizations;
mod sessions;
mod token_checks;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use serde_json::json;
use wif_core::ProblemType;

pub use error::ApiError;

use crate::AppState;

/// Mounted at `/api`: the versioned routes, and problems for anything else under it.
pub fn router() -> Router<AppState> {
    let v1 = Router::new()
        .route(
            "/identity-providers",
            get(identity_providers::list).post(identity_providers::create),
        )
        .route(
            "/identity-providers/{id}",
            get(identity_providers::get)
                .patch(identity_providers::update)
                .delete(identity_providers::delete),
        )
        .route(
            "/identity-providers/{id}/jwks",
            get(identity_providers::keys).delete(identity_providers::revoke_keys),
        )
        .route("/identity-providers/{id}/jwks/public", get(identity_providers::public_keys))
        .route("/identity-providers/{id}/database-users", get(database_users::list_for_provider))
        .route("/token-checks", post(token_checks::create))
        .route("/sessions", post(sessions::create))
        .route("/sessions/current", get(sessions::current).delete(sessions::delete))
        .route("/sessions/current/password", put(sessions::change_password))
        .route("/api-tokens", get(api_tokens::list).post(api_tokens::create))
        .route("/api-tokens/{id}", delete(api_tokens::delete))
        .route("/accounts", get(accounts::list).post(accounts::create))
        .route("/accounts/{id}", delete(accounts::delete))
        .route("/audit-events", get(audit_events::list))
        .route("/organizations", get(organizations::list).post(organizations::create))
        .route(
            "/organizations/{org_id}",
            get(organizations::get).patch(organizations::rename).delete(organizations::delete),
        )
        .route(
            "/organizations/{org_id}/projects",
            get(organizations::list_projects).post(organizations::create_project),
        )
        .route(
            "/projects/{project_id}",
            get(organizations::get_project)
                .patch(organizations::rename_project)
                .delete(organizations::delete_project),
        )
        .route(
            "/projects/{project_id}/database-users",
            get(database_users::list).post(database_users::create),
        )
        .route(
            "/projects/{project_id}/database-users/{database_name}/{username}",
            delete(database_users::delete),
        )
        .route("/organizations/{org_id}/identity-providers", get(organizations::list_connected))
        .route(
            "/organizations/{org_id}/identity-providers/{idp_id}",
            put(organizations::connect).delete(organizations::disconnect),
        )
        .route(
            "/organizations/{org_id}/identity-providers/{idp_id}/disconnect-impact",
            get(organizations::disconnect_impact),
        );

    Router::new()
        .nest("/v1", v1)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(crate::web::refuse_cross_site))
}

/// `GET /healthz`: 200 when the database answers.
pub async fn health(State(state): State<AppState>) -> Response {
    let probe =
        state.db.run(|conn| Ok(conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))?));
    match probe.await {
        Ok(_) => (StatusCode::OK, axum::Json(json!({"status": "ok"}))).into_response(),
        Err(error) => {
            tracing::error!(error = %error, "health check: the database does not answer");
            let body = json!({"status": "unavailable", "detail": "The database does not answer."});
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response()
        }
    }
}

async fn not_found() -> ApiError {
    ApiError::new(ProblemType::NotFound, "No API resource has this path.")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(ProblemType::MethodNotAllowed, "This resource does not accept this method.")
}
