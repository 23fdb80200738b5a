//! `/api/v1/projects/{projectId}/database-users`: a project's federated database users, and
//! `/api/v1/identity-providers/{id}/database-users`: one provider's users across projects.
//!
//! A user is addressed as `…/database-users/{databaseName}/{username}` with the username
//! percent-encoded (it holds a slash), as in the Atlas Admin API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use wif_core::{DatabaseUser, NewDatabaseUser, ProblemType, ProviderDatabaseUser};

use super::ApiError;
use super::extract::JsonBody;
use super::organizations::{done, readable_project};
use crate::AppState;
use crate::auth::Caller;
use crate::db::database_users as store;
use crate::db::identity_providers as idp_store;
use crate::ids;

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(project_id): Path<String>,
) -> Result<Json<Vec<DatabaseUser>>, ApiError> {
    readable_project(&state.db, &caller, &project_id).await?;
    let users = state.db.run(move |conn| store::list_for_project(conn, &project_id)).await?;
    Ok(Json(users))
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(project_id): Path<String>,
    JsonBody(body): JsonBody<NewDatabaseUser>,
) -> Result<Response, ApiError> {
    let (project, _) = readable_project(&state.db, &caller, &project_id).await?;
    let allowed = caller.permissions().can_manage_database_users(&project.org_id, &project.id);
    caller.require(allowed, "manage this project's database users")?;
    let user = body.validate().map_err(|e| ApiError::fields(ProblemType::Validation, e))?;

    let (now, actor) = (ids::now(), caller.actor());
    let outcome =
        state.db.run(move |conn| store::insert(conn, &project_id, &user, &now, &actor)).await?;
    let created = done(outcome, "project")?;
    let (idp_id, _) = created.parts();
    tracing::info!(project.id = %created.project_id, idp.id = %idp_id, "database user created");
    let location = created.api_path();
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(created)).into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path((project_id, database_name, username)): Path<(String, String, String)>,
) -> Result<StatusCode, ApiError> {
    let (project, _) = readable_project(&state.db, &caller, &project_id).await?;
    let allowed = caller.permissions().can_manage_database_users(&project.org_id, &project.id);
    caller.require(allowed, "manage this project's database users")?;

    let (now, actor) = (ids::now(), caller.actor());
    let outcome = state
        .db
        .run(move |conn| store::delete(conn, &project_id, &database_name, &username, &now, &actor))
        .await?;
    match outcome {
        crate::db::Outcome::NotFound => Err(ApiError::new(
            ProblemType::NotFound,
            "This project has no database user with this name on this database.",
        )),
        outcome => done(outcome, "database user").map(|()| StatusCode::NO_CONTENT),
    }
}

/// The provider's users in every project the caller can see.
pub async fn list_for_provider(
    State(state): State<AppState>,
    caller: Caller,
    Path(idp_id): Path<String>,
) -> Result<Json<Vec<ProviderDatabaseUser>>, ApiError> {
    caller.require(caller.permissions().can_read_identity_providers(), "see identity providers")?;
    let users = state
        .db
        .run(move |conn| {
            if idp_store::get(conn, &idp_id)?.is_none() {
                return Ok(None);
            }
            store::list_for_provider(conn, &idp_id).map(Some)
        })
        .await?
        .ok_or_else(|| ApiError::new(ProblemType::NotFound, "No identity provider has this id."))?;
    let permissions = caller.permissions();
    let visible =
        users.into_iter().filter(|u| permissions.can_read_project(&u.org_id, &u.project.id));
    Ok(Json(visible.collect()))
}
