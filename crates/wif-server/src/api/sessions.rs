//! `/api/v1/sessions`: sign in, see who is signed in, sign out.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use wif_core::{CurrentSession, FieldError, LoginRequest, PasswordChange, ProblemType};

use super::ApiError;
use super::extract::JsonBody;
use crate::AppState;
use crate::auth::{self, Caller, password, session_cookie};
use crate::db::accounts as store;
use crate::db::audit::{self, Actor, Record};
use crate::ids;

/// The same answer for an unknown name and a wrong password, so neither can be probed.
const WRONG_CREDENTIALS: &str = "The user name or the password is not right.";

pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientAddress(address): ClientAddress,
    JsonBody(login): JsonBody<LoginRequest>,
) -> Result<Response, ApiError> {
    if let Some(wait) = state.limiter.retry_after(&login.username, address) {
        return Ok(too_many_attempts(wait.as_secs()));
    }

    let username = login.username.clone();
    let credentials = state.db.run(move |conn| store::find_credentials(conn, &username)).await?;
    let verified = verify_blocking(login.password.clone(), credentials.clone()).await?;
    let Some(account_id) = verified else {
        state.limiter.record_failure(&login.username, address);
        let account_id = credentials.map(|(id, _)| id);
        record_refusal(&state, "session.login_failed", &login.username, account_id).await?;
        tracing::warn!(client.address = ?address, "sign-in refused");
        return Err(ApiError::new(ProblemType::Unauthenticated, WRONG_CREDENTIALS));
    };
    state.limiter.record_success(&login.username);

    let secret = auth::new_secret();
    let hash = auth::secret_hash(&secret);
    let id = account_id.clone();
    let account = state
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            store::insert_session(&tx, &hash, &id, ids::unix_now())?;
            let account = store::get_account(&tx, &id)?.ok_or(crate::db::DbError::Missing)?;
            let actor = Actor { account_id: Some(id.clone()), username: account.username.clone() };
            let record = Record {
                actor: &actor,
                action: "session.login",
                object_type: "account",
                object_id: Some(&id),
                before: None,
                after: None,
            };
            audit::record(&tx, &ids::now(), record)?;
            tx.commit()?;
            Ok(account)
        })
        .await?;

    tracing::info!(account.id = %account.id, "signed in");
    let cookie = session_cookie::set(&headers, &secret);
    let body = CurrentSession { account, federation_org_id: state.federation_org_id.to_string() };
    Ok((StatusCode::CREATED, [(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

pub async fn current(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<CurrentSession>, ApiError> {
    let id = caller.account_id.clone();
    let account = state.db.run(move |conn| store::get_account(conn, &id)).await?;
    let account = account.ok_or_else(|| {
        ApiError::new(ProblemType::Unauthenticated, "The account no longer exists.")
    })?;
    Ok(Json(CurrentSession { account, federation_org_id: state.federation_org_id.to_string() }))
}

pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    caller: Caller,
) -> Result<Response, ApiError> {
    let Some(hash) = caller.session_hash.clone() else {
        let detail =
            "This request used an API token, which has no session; revoke the token instead.";
        return Err(ApiError::new(ProblemType::NotFound, detail));
    };
    let actor = caller.actor();
    state
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            store::delete_session(&tx, &hash)?;
            let record = Record {
                actor: &actor,
                action: "session.logout",
                object_type: "account",
                object_id: actor.account_id.as_deref(),
                before: None,
                after: None,
            };
            audit::record(&tx, &ids::now(), record)?;
            tx.commit()?;
            Ok(())
        })
        .await?;

    tracing::info!(account.id = %caller.account_id, "signed out");
    let cookie = session_cookie::clear(&headers);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// The signed-in account changes its own password. The current one must be given (a session
/// left open on a shared screen is not enough), and failures count toward the sign-in limit.
/// Every other session of the account ends, so whoever knew the old password is signed out, and
/// this one gets a new secret, so that a secret copied before the change is worth nothing.
/// API tokens stay, as they were issued on their own and are revoked on their own.
pub async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientAddress(address): ClientAddress,
    caller: Caller,
    JsonBody(change): JsonBody<PasswordChange>,
) -> Result<Response, ApiError> {
    let Some(session) = caller.session_hash.clone() else {
        let detail = "A password is changed from a console session, not with an API token.";
        return Err(ApiError::new(ProblemType::Forbidden, detail));
    };
    change.validate().map_err(|e| ApiError::fields(ProblemType::Validation, e))?;
    if let Some(wait) = state.limiter.retry_after(&caller.username, address) {
        return Ok(too_many_attempts(wait.as_secs()));
    }

    let id = caller.account_id.clone();
    let stored = state.db.run(move |conn| store::password_hash(conn, &id)).await?;
    let stored = stored.ok_or_else(|| {
        ApiError::new(ProblemType::Unauthenticated, "The account no longer exists.")
    })?;
    let credentials = Some((caller.account_id.clone(), stored.clone()));
    if verify_blocking(change.current_password.clone(), credentials).await?.is_none() {
        state.limiter.record_failure(&caller.username, address);
        let account_id = Some(caller.account_id.clone());
        record_refusal(&state, "account.password_change_failed", &caller.username, account_id)
            .await?;
        tracing::warn!(account.id = %caller.account_id, "password change refused");
        let message = "This is not your current password.";
        let errors = vec![FieldError::new("currentPassword", message)];
        return Err(ApiError::fields(ProblemType::Validation, errors));
    }
    state.limiter.record_success(&caller.username);

    let new_hash = password::hash_off_thread(change.new_password.clone())
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let secret = auth::new_secret();
    let replaced = Replacement { old_session: session, new_session: auth::secret_hash(&secret) };
    let ended = store_new_password(&state, &caller, replaced, stored, new_hash).await?;
    tracing::info!(account.id = %caller.account_id, sessions.ended = ended, "password changed");
    let cookie = session_cookie::set(&headers, &secret);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// The session that made the change, by the hashes of its old and new secrets.
struct Replacement {
    old_session: Vec<u8>,
    new_session: Vec<u8>,
}

/// Writes the new hash, ends the other sessions, renews this one and audits it, all or nothing;
/// returns how many other sessions ended.
async fn store_new_password(
    state: &AppState,
    caller: &Caller,
    session: Replacement,
    verified_hash: String,
    new_hash: String,
) -> Result<usize, ApiError> {
    let (id, actor) = (caller.account_id.clone(), caller.actor());
    let outcome = state
        .db
        .run(move |conn| {
            let tx = conn
                .transaction_with_behavior(r2d2_sqlite::rusqlite::TransactionBehavior::Immediate)?;
            if !store::replace_password_hash(&tx, &id, &verified_hash, &new_hash)? {
                return Ok(None);
            }
            let ended = store::delete_other_sessions(&tx, &id, &session.old_session)?;
            store::delete_session(&tx, &session.old_session)?;
            store::insert_session(&tx, &session.new_session, &id, ids::unix_now())?;
            let record = Record {
                actor: &actor,
                action: "account.password_change",
                object_type: "account",
                object_id: Some(&id),
                before: None,
                after: Some(serde_json::json!({ "otherSessionsEnded": ended })),
            };
            audit::record(&tx, &ids::now(), record)?;
            tx.commit()?;
            Ok(Some(ended))
        })
        .await?;
    outcome.ok_or_else(|| {
        let detail = "The password was changed by another request meanwhile; sign in again.";
        ApiError::new(ProblemType::Conflict, detail)
    })
}

/// Argon2 costs tens of milliseconds of CPU: run it off the request threads. An unknown name
/// spends the same time on a dummy hash.
async fn verify_blocking(
    password: String,
    credentials: Option<(String, String)>,
) -> Result<Option<String>, ApiError> {
    let outcome = tokio::task::spawn_blocking(move || match credentials {
        Some((id, stored)) => password::verify(&password, &stored).then_some(id),
        None => {
            password::verify_nothing(&password);
            None
        }
    })
    .await;
    outcome.map_err(|e| ApiError::Internal(e.into()))
}

/// Audits a wrong password: a failed sign-in, or a failed password change.
async fn record_refusal(
    state: &AppState,
    action: &'static str,
    username: &str,
    account_id: Option<String>,
) -> Result<(), ApiError> {
    // The name as typed, cut short: it is shown to admins and may be anything.
    let username: String = username.chars().take(64).collect();
    state
        .db
        .run(move |conn| {
            let actor = Actor { account_id: account_id.clone(), username };
            let record = Record {
                actor: &actor,
                action,
                object_type: "account",
                object_id: account_id.as_deref(),
                before: None,
                after: None,
            };
            audit::record(conn, &ids::now(), record)
        })
        .await?;
    Ok(())
}

fn too_many_attempts(seconds: u64) -> Response {
    let minutes = seconds.div_ceil(60);
    let detail = format!(
        "Too many wrong passwords for this account or from this address; try again in {minutes} \
         minute{}.",
        if minutes == 1 { "" } else { "s" }
    );
    let mut response = ApiError::new(ProblemType::TooManyRequests, detail).into_response();
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// The peer address of the connection, when the server was started with it (in-process tests
/// have none). A proxy in front makes this the proxy's address.
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        let info = parts.extensions.get::<ConnectInfo<SocketAddr>>();
        Ok(ClientAddress(info.map(|ConnectInfo(address)| address.ip())))
    }
}
