//! The `Caller` extractor: every API handler that takes one is behind sign-in.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use wif_core::{Grant, Permissions, ProblemType};

use super::{SessionSettings, TOKEN_PREFIX, secret_hash, session_cookie};
use crate::AppState;
use crate::api::ApiError;
use crate::db::DbError;
use crate::db::accounts as store;
use crate::db::audit::Actor;
use crate::ids;

/// The signed-in account making a request, with its grants.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account_id: String,
    pub username: String,
    pub grants: Vec<Grant>,
    /// The session's secret hash, when the caller signed in with the console (not a token).
    pub session_hash: Option<Vec<u8>>,
    federation_org_id: Arc<str>,
}

impl Caller {
    pub fn permissions(&self) -> Permissions<'_> {
        Permissions { grants: &self.grants, federation_org_id: &self.federation_org_id }
    }

    pub fn actor(&self) -> Actor {
        Actor { account_id: Some(self.account_id.clone()), username: self.username.clone() }
    }

    /// Refuses with 403 unless `allowed`; `action` completes "Your account may not …".
    pub fn require(&self, allowed: bool, action: &str) -> Result<(), ApiError> {
        if allowed {
            return Ok(());
        }
        tracing::info!(account.id = %self.account_id, action, "request refused by role");
        let detail = format!("Your account may not {action}; ask an Organization Owner.");
        Err(ApiError::new(ProblemType::Forbidden, detail))
    }
}

/// How the request says who it is.
enum Credential {
    Token(String),
    Session(String),
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let credential = credential(parts)?;
        let settings = state.sessions;
        let found = state.db.run(move |conn| identify(conn, credential, settings)).await?;
        let (account_id, session_hash) = found.map_err(unauthenticated)?;

        let lookup = account_id.clone();
        let account = state.db.run(move |conn| store::get_account(conn, &lookup)).await?;
        let Some(account) = account else {
            return Err(unauthenticated("The account of this session no longer exists."));
        };
        Ok(Caller {
            account_id,
            username: account.username,
            grants: account.grants,
            session_hash,
            federation_org_id: Arc::clone(&state.federation_org_id),
        })
    }
}

fn credential(parts: &Parts) -> Result<Credential, ApiError> {
    if let Some(value) = parts.headers.get(AUTHORIZATION) {
        let value = value.to_str().unwrap_or("");
        let token = value
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| token.starts_with(TOKEN_PREFIX));
        return match token {
            Some(token) => Ok(Credential::Token(token.to_owned())),
            None => Err(unauthenticated(
                "The Authorization header must be Bearer followed by an API token (wif_…).",
            )),
        };
    }
    match session_cookie::read(&parts.headers) {
        Some(secret) => Ok(Credential::Session(secret)),
        None => {
            Err(unauthenticated("Sign in, or send an API token as Authorization: Bearer <token>."))
        }
    }
}

/// The account behind a credential, and the session's hash when it is a session; or why not.
type Identified = Result<(String, Option<Vec<u8>>), &'static str>;

fn identify(
    conn: &mut r2d2_sqlite::rusqlite::Connection,
    credential: Credential,
    settings: SessionSettings,
) -> Result<Identified, DbError> {
    match credential {
        Credential::Token(secret) => {
            let Some((id, account_id, last_used)) = store::find_token(conn, &secret_hash(&secret))?
            else {
                return Ok(Err("This API token is not valid, or it was revoked."));
            };
            // Record use at most once a minute: the time is for people, not for accounting.
            let now = ids::now();
            if last_used.as_deref().is_none_or(|last| last.get(..16) != now.get(..16)) {
                store::touch_token(conn, &id, &now)?;
            }
            Ok(Ok((account_id, None)))
        }
        Credential::Session(secret) => {
            let hash = secret_hash(&secret);
            let Some((account_id, created_at, last_seen_at)) = store::find_session(conn, &hash)?
            else {
                return Ok(Err("Your session has ended; sign in again."));
            };
            let now = ids::unix_now();
            let idle = now - last_seen_at > settings.idle_seconds;
            let too_old = now - created_at > settings.absolute_seconds;
            if idle || too_old {
                store::delete_session(conn, &hash)?;
                return Ok(Err("Your session has expired; sign in again."));
            }
            if now - last_seen_at >= 60 {
                store::touch_session(conn, &hash, now)?;
            }
            Ok(Ok((account_id, Some(hash))))
        }
    }
}

fn unauthenticated(detail: &str) -> ApiError {
    ApiError::new(ProblemType::Unauthenticated, detail)
}
