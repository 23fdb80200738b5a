//! `/api/v1/accounts`: console accounts, managed by Organization Owners within their
//! organizations.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use wif_core::{Account, FieldError, NewAccount, ProblemType};

use super::ApiError;
use super::extract::JsonBody;
use crate::AppState;
use crate::auth::{Caller, password};
use crate::db::DbError;
use crate::db::accounts as store;
use crate::db::audit::{self, Record, snapshot};
use crate::db::orgs;
use crate::ids;

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Account>>, ApiError> {
    let owned: Vec<String> = caller.permissions().owned_orgs().map(str::to_owned).collect();
    caller.require(!owned.is_empty(), "manage accounts")?;
    let accounts = state
        .db
        .run(move |conn| {
            let owned: Vec<&str> = owned.iter().map(String::as_str).collect();
            store::list_accounts_in(conn, &owned)
        })
        .await?;
    Ok(Json(accounts))
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<NewAccount>,
) -> Result<Response, ApiError> {
    input.validate().map_err(|e| ApiError::fields(ProblemType::Validation, e))?;
    check_grantable(&state, &caller, &input).await?;

    let hash = password::hash_off_thread(input.password.clone())
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;

    let (id, now, actor) = (ids::new_id(), ids::now(), caller.actor());
    let outcome = state
        .db
        .run(move |conn| {
            let tx = conn
                .transaction_with_behavior(r2d2_sqlite::rusqlite::TransactionBehavior::Immediate)?;
            if store::username_taken(&tx, &input.username)? {
                return Ok(Err("Another account already has this user name."));
            }
            store::insert_account(&tx, &id, &input.username, &hash, &now)?;
            for grant in &input.grants {
                store::insert_grant(&tx, &id, grant)?;
            }
            let account = store::get_account(&tx, &id)?.ok_or(DbError::Missing)?;
            let record = Record {
                actor: &actor,
                action: "account.create",
                object_type: "account",
                object_id: Some(&id),
                before: None,
                after: snapshot(&account),
            };
            audit::record(&tx, &now, record)?;
            tx.commit()?;
            Ok(Ok(account))
        })
        .await?;
    let account = outcome.map_err(|message| {
        ApiError::fields(ProblemType::Conflict, vec![FieldError::new("username", message)])
    })?;

    tracing::info!(account.id = %account.id, by.account.id = %caller.account_id, "account created");
    let location = format!("/api/v1/accounts/{}", account.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(account)).into_response())
}

/// Every grant must be in an organization the caller owns (for a project role: the project's
/// organization).
async fn check_grantable(
    state: &AppState,
    caller: &Caller,
    input: &NewAccount,
) -> Result<(), ApiError> {
    for (index, grant) in input.grants.iter().enumerate() {
        let org_id = match (&grant.org_id, &grant.project_id) {
            (Some(org_id), _) => org_id.clone(),
            (None, Some(project_id)) => {
                let lookup = project_id.clone();
                let org = state.db.run(move |conn| orgs::project_exists(conn, &lookup)).await?;
                let Some(org_id) = org else {
                    let message = "No project has this id.";
                    let field = format!("grants[{index}].projectId");
                    return Err(ApiError::fields(
                        ProblemType::Validation,
                        vec![FieldError::new(&field, message)],
                    ));
                };
                org_id
            }
            (None, None) => unreachable!("NewAccount::validate requires a scope"),
        };
        caller.require(
            caller.permissions().can_manage_accounts(&org_id),
            "grant roles in an organization it does not own",
        )?;
    }
    Ok(())
}

/// What a deletion came to, decided inside its transaction.
enum Deletion {
    Done,
    /// No account the caller manages has the id.
    NotFound,
    /// The account holds roles in organizations the caller does not own.
    Beyond,
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if id == caller.account_id {
        let detail = "You cannot delete your own account; another Organization Owner can.";
        return Err(ApiError::new(ProblemType::Forbidden, detail));
    }
    let owned: Vec<String> = caller.permissions().owned_orgs().map(str::to_owned).collect();
    // An account that owns no organization manages no accounts at all: 403. One that owns
    // some gets 404 for accounts outside them, which it must not learn exist.
    caller.require(!owned.is_empty(), "manage accounts")?;
    let (target, actor) = (id.clone(), caller.actor());
    let deleted = state
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            let Some(account) = store::get_account(&tx, &target)? else {
                return Ok(Deletion::NotFound);
            };
            // Only an account that shares an organization the caller owns is visible at all,
            // and only one whose every role is in such an organization can be deleted: an owner
            // of a small organization must not remove an account that other organizations,
            // the first one among them, rely on.
            let (mut visible, mut beyond) = (false, false);
            for grant in &account.grants {
                let org = match (&grant.org_id, &grant.project_id) {
                    (Some(org), _) => Some(org.clone()),
                    (None, Some(project)) => orgs::project_exists(&tx, project)?,
                    (None, None) => None,
                };
                let owned_here = org.is_some_and(|org| owned.contains(&org));
                visible |= owned_here;
                beyond |= !owned_here;
            }
            if !visible {
                return Ok(Deletion::NotFound);
            }
            if beyond {
                return Ok(Deletion::Beyond);
            }
            store::delete_account(&tx, &target)?;
            let record = Record {
                actor: &actor,
                action: "account.delete",
                object_type: "account",
                object_id: Some(&target),
                before: snapshot(&account),
                after: None,
            };
            audit::record(&tx, &ids::now(), record)?;
            tx.commit()?;
            Ok(Deletion::Done)
        })
        .await?;
    match deleted {
        Deletion::Done => {}
        Deletion::NotFound => {
            let detail = "No account you manage has this id.";
            return Err(ApiError::new(ProblemType::NotFound, detail));
        }
        Deletion::Beyond => {
            let detail = "This account also holds roles in organizations you do not own; an \
                          owner of those organizations can delete it.";
            return Err(ApiError::new(ProblemType::Forbidden, detail));
        }
    }
    tracing::info!(account.id = %id, by.account.id = %caller.account_id, "account deleted");
    Ok(StatusCode::NO_CONTENT)
}
