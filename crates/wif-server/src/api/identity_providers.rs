//! `/api/v1/identity-providers`: list, create, read, update, delete.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use wif_core::jwk::{CachedKeys, Revocation};
use wif_core::{IdentityProvider, IdentityProviderPatch, NewIdentityProvider, Page, ProblemType};

use super::ApiError;
use super::extract::{IfMatch, JsonBody, PageQuery, etag};
use crate::AppState;
use crate::auth::Caller;
use crate::db::Outcome;
use crate::db::audit::{self, Record};
use crate::db::identity_providers as store;
use crate::ids;

const READ: &str = "read identity providers";
const MANAGE: &str = "create, change or delete identity providers";

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    PageQuery(page): PageQuery,
) -> Result<Json<Page<IdentityProvider>>, ApiError> {
    caller.require(caller.permissions().can_read_identity_providers(), READ)?;
    let (results, total_count) = state.db.run(move |conn| store::list(conn, page)).await?;
    Ok(Json(Page {
        results,
        items_per_page: page.items_per_page,
        page_num: page.page_num,
        total_count,
    }))
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<NewIdentityProvider>,
) -> Result<Response, ApiError> {
    caller.require(caller.permissions().can_manage_identity_providers(), MANAGE)?;
    let config = input
        .validate_with(state.issuer_policy)
        .map_err(|e| ApiError::fields(ProblemType::Validation, e))?;

    let (id, now, actor) = (ids::new_id(), ids::now(), caller.actor());
    let stored = state
        .db
        .run(move |conn| store::insert(conn, &id, &config, &now, &actor))
        .await?
        .map_err(|conflict| ApiError::fields(ProblemType::Conflict, conflict.0))?;

    tracing::info!(
        idp.id = %stored.id,
        idp.issuer = %stored.issuer_uri,
        "identity provider created"
    );
    let location = format!("/api/v1/identity-providers/{}", stored.id);
    let headers = [(header::LOCATION, location), etag(1)];
    Ok((StatusCode::CREATED, headers, Json(stored)).into_response())
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller.require(caller.permissions().can_read_identity_providers(), READ)?;
    let lookup = id.clone();
    let found = state.db.run(move |conn| store::get_versioned(conn, &lookup)).await?;
    let (provider, version) = found.ok_or_else(|| not_found(&id))?;
    Ok(([etag(version)], Json(provider)).into_response())
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(expected): IfMatch,
    JsonBody(patch): JsonBody<IdentityProviderPatch>,
) -> Result<Response, ApiError> {
    caller.require(caller.permissions().can_manage_identity_providers(), MANAGE)?;
    let (target, now, actor) = (id.clone(), ids::now(), caller.actor());
    let policy = state.issuer_policy;
    let outcome = state
        .db
        .run(move |conn| {
            store::update(conn, &target, &now, &actor, expected, |current| {
                patch.apply_to(current).validate_with(policy)
            })
        })
        .await?;

    match outcome {
        Outcome::Done((stored, version)) => {
            tracing::info!(idp.id = %stored.id, "identity provider updated");
            Ok(([etag(version)], Json(stored)).into_response())
        }
        Outcome::NotFound => Err(not_found(&id)),
        Outcome::Invalid(errors) => Err(ApiError::fields(ProblemType::Validation, errors)),
        Outcome::Conflict(errors) => Err(ApiError::fields(ProblemType::Conflict, errors)),
        Outcome::Stale => Err(ApiError::stale("identity provider")),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(expected): IfMatch,
) -> Result<StatusCode, ApiError> {
    caller.require(caller.permissions().can_manage_identity_providers(), MANAGE)?;
    let (target, actor) = (id.clone(), caller.actor());
    let outcome = state
        .db
        .run(move |conn| store::delete(conn, &target, &ids::now(), &actor, expected))
        .await?;
    match outcome {
        Outcome::Done(()) => {
            tracing::info!(idp.id = %id, "identity provider deleted");
            Ok(StatusCode::NO_CONTENT)
        }
        Outcome::NotFound => Err(not_found(&id)),
        Outcome::Stale => Err(ApiError::stale("identity provider")),
        Outcome::Conflict(errors) | Outcome::Invalid(errors) => {
            Err(ApiError::fields(ProblemType::Conflict, errors))
        }
    }
}

fn not_found(id: &str) -> ApiError {
    // The id is echoed only when it has the shape of one, so that junk is not reflected back.
    let detail = if ids::is_id(id) {
        format!("No identity provider has the id {id}.")
    } else {
        "No identity provider has this id; ids are 24 lowercase hex characters.".to_owned()
    };
    ApiError::new(ProblemType::NotFound, detail)
}

/// `GET /identity-providers/{id}/jwks`: the cached signing keys, fetched first when there are
/// none yet or they expired. Public parameters' summaries only.
pub async fn keys(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CachedKeys>, ApiError> {
    caller.require(caller.permissions().can_read_identity_providers(), READ)?;
    let provider = find(&state, &id).await?;
    Ok(Json(state.keys.current(&provider).await?))
}

/// `GET /identity-providers/{id}/jwks/public`: the cached key set itself, for the browser
/// inspector to verify offline. Only public keys can be in it: sets with private or
/// symmetric keys are refused when fetched.
pub async fn public_keys(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    caller.require(caller.permissions().can_read_identity_providers(), READ)?;
    let provider = find(&state, &id).await?;
    let set = state.keys.key_set_for(&provider, None).await?;
    let keys: Vec<serde_json::Value> =
        set.keys.into_iter().map(|key| serde_json::Value::Object(key.jwk)).collect();
    Ok(Json(serde_json::json!({ "keys": keys })))
}

/// `DELETE /identity-providers/{id}/jwks`: revoke the cached keys (a leaked key), fetch anew.
pub async fn revoke_keys(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Revocation>, ApiError> {
    caller.require(caller.permissions().can_manage_identity_providers(), "revoke signing keys")?;
    let provider = find(&state, &id).await?;
    let revocation = state.keys.revoke(&provider).await?;

    let (actor, now) = (caller.actor(), ids::now());
    let before =
        serde_json::json!({ "keys": revocation.before.iter().map(|k| &k.kid).collect::<Vec<_>>() });
    let after = serde_json::json!({ "removed": revocation.removed, "added": revocation.added });
    state
        .db
        .run(move |conn| {
            let record = Record {
                actor: &actor,
                action: "identity_provider.revoke_keys",
                object_type: store::OBJECT_TYPE,
                object_id: Some(&id),
                before: Some(before),
                after: Some(after),
            };
            audit::record(conn, &now, record)
        })
        .await?;
    tracing::warn!(
        idp.id = %provider.id,
        keys.removed = revocation.removed.len(),
        "signing keys revoked"
    );
    Ok(Json(revocation))
}

async fn find(state: &AppState, id: &str) -> Result<IdentityProvider, ApiError> {
    let lookup = id.to_owned();
    let found = state.db.run(move |conn| store::get(conn, &lookup)).await?;
    found.ok_or_else(|| not_found(id))
}
