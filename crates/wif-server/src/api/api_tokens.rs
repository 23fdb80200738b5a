//! `/api/v1/api-tokens`: tokens for scripts, each acting as the account that made it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use wif_core::{ApiToken, CreatedApiToken, NewApiToken, ProblemType};

use super::ApiError;
use super::extract::JsonBody;
use crate::AppState;
use crate::auth::{self, Caller, TOKEN_PREFIX};
use crate::db::accounts as store;
use crate::db::audit::{self, Record, snapshot};
use crate::ids;

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ApiToken>>, ApiError> {
    let id = caller.account_id.clone();
    Ok(Json(state.db.run(move |conn| store::list_tokens(conn, &id)).await?))
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<NewApiToken>,
) -> Result<Response, ApiError> {
    let name = input.validate().map_err(|e| ApiError::fields(ProblemType::Validation, e))?;
    let secret = format!("{TOKEN_PREFIX}{}", auth::new_secret());
    let token = ApiToken { id: ids::new_id(), name, created_at: ids::now(), last_used_at: None };

    let (stored, hash, actor) = (token.clone(), auth::secret_hash(&secret), caller.actor());
    state
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            store::insert_token(&tx, &stored, actor.account_id.as_deref().unwrap_or(""), &hash)?;
            let record = Record {
                actor: &actor,
                action: "api_token.create",
                object_type: "api_token",
                object_id: Some(&stored.id),
                before: None,
                after: snapshot(&stored),
            };
            audit::record(&tx, &stored.created_at, record)?;
            tx.commit()?;
            Ok(())
        })
        .await?;

    tracing::info!(account.id = %caller.account_id, token.id = %token.id, "API token created");
    let location = format!("/api/v1/api-tokens/{}", token.id);
    let body = CreatedApiToken { token, secret };
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(body)).into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let (target, actor) = (id.clone(), caller.actor());
    let deleted = state
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            let owner = actor.account_id.clone().unwrap_or_default();
            if !store::delete_token(&tx, &target, &owner)? {
                return Ok(false);
            }
            let record = Record {
                actor: &actor,
                action: "api_token.revoke",
                object_type: "api_token",
                object_id: Some(&target),
                before: None,
                after: None,
            };
            audit::record(&tx, &ids::now(), record)?;
            tx.commit()?;
            Ok(true)
        })
        .await?;
    if !deleted {
        return Err(ApiError::new(ProblemType::NotFound, "You have no API token with this id."));
    }
    tracing::info!(account.id = %caller.account_id, token.id = %id, "API token revoked");
    Ok(StatusCode::NO_CONTENT)
}
