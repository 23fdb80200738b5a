//! `POST /api/v1/token-checks`: why is this token accepted or refused, with the server's keys.
//!
//! **Invariant:** the token is never logged, stored or audited; only the verdict is logged.

use axum::Json;
use axum::extract::State;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use wif_core::token::{
    self, CheckInput, CheckedAgainst, DEFAULT_LEEWAY_SECONDS, DEFAULT_MAX_TOKEN_BYTES, Report,
    TokenCheckRequest,
};
use wif_core::{FieldError, IdentityProvider, ProblemType};

use super::ApiError;
use super::extract::JsonBody;
use crate::AppState;
use crate::auth::Caller;
use crate::db::identity_providers as store;

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(request): JsonBody<TokenCheckRequest>,
) -> Result<Json<Report>, ApiError> {
    caller.require(caller.permissions().can_read_identity_providers(), "check tokens")?;
    let pasted_keys = match &request.jwks {
        Some(jwks) => Some(token::jwk_objects(jwks).map_err(|m| field_error("jwks", m))?),
        None => None,
    };

    // A token that cannot be read at all gets its malformed report, whatever the provider.
    let unverified = match token::decode(&request.token, DEFAULT_MAX_TOKEN_BYTES) {
        Ok(unverified) => unverified,
        Err(_) => return Ok(Json(run(&request.token, &placeholder(), Some(&[])))),
    };
    let provider = choose_provider(&state, &request, &unverified.claims).await?;
    let against = against(&provider);

    let keys = match pasted_keys {
        Some(keys) => keys,
        None => {
            let kid = unverified.header.get("kid").and_then(Value::as_str);
            let set = state.keys.key_set_for(&provider, kid).await?;
            set.keys.into_iter().map(|key| key.jwk).collect()
        }
    };
    let report = run(&request.token, &against, Some(&keys));
    tracing::info!(
        idp.id = %provider.id,
        verdict = ?report.verdict,
        reasons = report.reasons.len(),
        "token checked"
    );
    Ok(Json(report))
}

fn run(token: &str, against: &CheckedAgainst, keys: Option<&[Map<String, Value>]>) -> Report {
    token::check(&CheckInput {
        token,
        against,
        keys,
        now: OffsetDateTime::now_utc().unix_timestamp(),
        leeway_seconds: DEFAULT_LEEWAY_SECONDS,
        max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
    })
}

/// The provider named in the request, or the one stored provider matching the token's issuer
/// and audience (read unverified: the check that follows verifies them).
async fn choose_provider(
    state: &AppState,
    request: &TokenCheckRequest,
    unverified_claims: &Map<String, Value>,
) -> Result<IdentityProvider, ApiError> {
    if let Some(id) = request.identity_provider_id.clone() {
        let found = state.db.run(move |conn| store::get(conn, &id)).await?;
        return found
            .ok_or_else(|| field_error("identityProviderId", "No identity provider has this id."));
    }
    let issuer =
        unverified_claims.get("iss").and_then(Value::as_str).unwrap_or_default().to_owned();
    let audiences = audiences_of(unverified_claims);
    let matching =
        state.db.run(move |conn| store::find_for_token(conn, &issuer, &audiences)).await?;
    the_only_one(matching)
}

/// The `aud` claim as a list, whether the token carries one audience or several.
fn audiences_of(claims: &Map<String, Value>) -> Vec<String> {
    match claims.get("aud") {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(many)) => {
            many.iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }
        _ => Vec::new(),
    }
}

/// A token whose audiences name two providers of its issuer cannot choose between them.
fn the_only_one(mut matching: Vec<IdentityProvider>) -> Result<IdentityProvider, ApiError> {
    match matching.len() {
        1 => Ok(matching.remove(0)),
        0 => Err(field_error(
            "identityProviderId",
            "No stored identity provider has this token's issuer and audience; name the provider \
             to see why the token does not match it.",
        )),
        _ => {
            let names: Vec<String> =
                matching.iter().map(|p| format!("\"{}\"", p.display_name)).collect();
            Err(field_error(
                "identityProviderId",
                format!(
                    "The token's audiences match several providers of its issuer ({}); name the \
                     one to check against.",
                    names.join(", ")
                ),
            ))
        }
    }
}

fn against(provider: &IdentityProvider) -> CheckedAgainst {
    CheckedAgainst {
        provider_id: Some(provider.id.clone()),
        issuer_uri: provider.issuer_uri.clone(),
        audience: provider.audience.clone(),
        authorization_type: provider.authorization_type,
        user_claim: provider.user_claim.clone(),
        groups_claim: provider.groups_claim.clone(),
    }
}

/// For a token too broken to choose a provider by: only its structure is reported.
fn placeholder() -> CheckedAgainst {
    CheckedAgainst {
        provider_id: None,
        issuer_uri: String::new(),
        audience: String::new(),
        authorization_type: Default::default(),
        user_claim: "sub".into(),
        groups_claim: "groups".into(),
    }
}

fn field_error(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::fields(ProblemType::Validation, vec![FieldError::new(field, message)])
}
