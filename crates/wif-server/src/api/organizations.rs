//! `/api/v1/organizations` and `/api/v1/projects`: organizations, their projects, and the
//! identity providers connected to them.
//!
//! An organization or project the caller has no role in answers 404, as if it did not exist;
//! one it can see but not change answers 403.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use wif_core::{DisconnectImpact, IdentityProvider, NameBody, Organization, ProblemType, Project};

use super::ApiError;
use super::extract::{IfMatch, JsonBody, etag};
use crate::AppState;
use crate::auth::Caller;
use crate::db::identity_providers as idp_store;
use crate::db::orgs as store;
use crate::db::{Db, Outcome};
use crate::ids;

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Organization>>, ApiError> {
    let grants = caller.clone();
    let orgs = state
        .db
        .run(move |conn| {
            let mut visible = Vec::new();
            for org in store::list_orgs(conn)? {
                let projects = store::project_ids(conn, &org.id)?;
                if grants.permissions().can_read_organization(&org.id, &projects) {
                    visible.push(org);
                }
            }
            Ok(visible)
        })
        .await?;
    Ok(Json(orgs))
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<NameBody>,
) -> Result<Response, ApiError> {
    caller.require(caller.permissions().can_create_organizations(), "create organizations")?;
    let name =
        body.validate("organization").map_err(|e| ApiError::fields(ProblemType::Validation, e))?;
    let (id, now, actor) = (ids::new_id(), ids::now(), caller.actor());
    let outcome =
        state.db.run(move |conn| store::insert_org(conn, &id, &name, &now, &actor)).await?;
    let (org, version) = done(outcome, "organization")?;
    tracing::info!(org.id = %org.id, "organization created");
    let location = format!("/api/v1/organizations/{}", org.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location), etag(version)], Json(org))
        .into_response())
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(org_id): Path<String>,
) -> Result<Response, ApiError> {
    let (org, version) = readable_org(&state.db, &caller, &org_id).await?;
    Ok(([etag(version)], Json(org)).into_response())
}

pub async fn rename(
    State(state): State<AppState>,
    caller: Caller,
    Path(org_id): Path<String>,
    IfMatch(expected): IfMatch,
    JsonBody(body): JsonBody<NameBody>,
) -> Result<Response, ApiError> {
    manageable_org(&state.db, &caller, &org_id).await?;
    let name =
        body.validate("organization").map_err(|e| ApiError::fields(ProblemType::Validation, e))?;
    let (now, actor) = (ids::now(), caller.actor());
    let outcome = state
        .db
        .run(move |conn| store::rename_org(conn, &org_id, &name, &now, &actor, expected))
        .await?;
    let (org, version) = done(outcome, "organization")?;
    Ok(([etag(version)], Json(org)).into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(org_id): Path<String>,
    IfMatch(expected): IfMatch,
) -> Result<StatusCode, ApiError> {
    manageable_org(&state.db, &caller, &org_id).await?;
    let (now, actor, id) = (ids::now(), caller.actor(), org_id.clone());
    let outcome =
        state.db.run(move |conn| store::delete_org(conn, &id, &now, &actor, expected)).await?;
    done(outcome, "organization")?;
    tracing::info!(org.id = %org_id, "organization deleted");
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list_projects(
    State(state): State<AppState>,
    caller: Caller,
    Path(org_id): Path<String>,
) -> Result<Json<Vec<Project>>, ApiError> {
    readable_org(&state.db, &caller, &org_id).await?;
    let member = caller.permissions().is_member(&org_id);
    let projects = state.db.run(move |conn| store::list_projects(conn, &org_id)).await?;
    // A Project Owner who is not a member of the organization sees only its own projects.
    let projects = projects
        .into_iter()
        .filter(|project| member || caller.permissions().owns_project(&project.id))
        .collect();
    Ok(Json(projects))
}

pub async fn create_project(
    State(state): State<AppState>,
    caller: Caller,
    Path(org_id): Path<String>,
    JsonBody(body): JsonBody<NameBody>,
) -> Result<Response, ApiError> {
    manageable_org(&state.db, &caller, &org_id).await?;
    let name =
        body.validate("project").map_err(|e| ApiError::fields(ProblemType::Validation, e))?;
    let (id, now, actor) = (ids::new_id(), ids::now(), caller.actor());
    let outcome = state
        .db
        .run(move |conn| store::insert_project(conn, &id, &org_id, &name, &now, &actor))
        .await?;
    let (project, version) = done(outcome, "organization")?;
    tracing::info!(project.id = %project.id, org.id = %project.org_id, "project created");
    let location = format!("/api/v1/projects/{}", project.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location), etag(version)], Json(project))
        .into_response())
}

pub async fn get_project(
    State(state): State<AppState>,
    caller: Caller,
    Path(project_id): Path<String>,
) -> Result<Response, ApiError> {
    let (project, version) = readable_project(&state.db, &caller, &project_id).await?;
    Ok(([etag(version)], Json(project)).into_response())
}

pub async fn rename_project(
    State(state): State<AppState>,
    caller: Caller,
    Path(project_id): Path<String>,
    IfMatch(expected): IfMatch,
    JsonBody(body): JsonBody<NameBody>,
) -> Result<Response, ApiError> {
    let (project, _) = readable_project(&state.db, &caller, &project_id).await?;
    let allowed = caller.permissions().can_manage_organization(&project.org_id);
    caller.require(allowed, "rename projects of this organization")?;
    let name =
        body.validate("project").map_err(|e| ApiError::fields(ProblemType::Validation, e))?;
    let (now, actor) = (ids::now(), caller.actor());
    let outcome = state
        .db
        .run(move |conn| store::rename_project(conn, &project_id, &name, &now, &actor, expected))
        .await?;
    let (project, version) = done(outcome, "project")?;
    Ok(([etag(version)], Json(project)).into_response())
}

pub async fn delete_project(
    State(state): State<AppState>,
    caller: Caller,
    Path(project_id): Path<String>,
    IfMatch(expected): IfMatch,
) -> Result<StatusCode, ApiError> {
    let (project, _) = readable_project(&state.db, &caller, &project_id).await?;
    let allowed = caller.permissions().can_manage_organization(&project.org_id);
    caller.require(allowed, "delete projects of this organization")?;
    let (now, actor) = (ids::now(), caller.actor());
    let outcome = state
        .db
        .run(move |conn| store::delete_project(conn, &project_id, &now, &actor, expected))
        .await?;
    done(outcome, "project")?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list_connected(
    State(state): State<AppState>,
    caller: Caller,
    Path(org_id): Path<String>,
) -> Result<Json<Vec<IdentityProvider>>, ApiError> {
    let (org, _) = readable_org(&state.db, &caller, &org_id).await?;
    let providers = state
        .db
        .run(move |conn| {
            let mut providers = Vec::new();
            for id in &org.data_access_identity_provider_ids {
                providers.extend(idp_store::get(conn, id)?);
            }
            Ok(providers)
        })
        .await?;
    Ok(Json(providers))
}

pub async fn connect(
    State(state): State<AppState>,
    caller: Caller,
    Path((org_id, idp_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    manageable_org(&state.db, &caller, &org_id).await?;
    let (now, actor, org) = (ids::now(), caller.actor(), org_id.clone());
    let outcome =
        state.db.run(move |conn| store::connect(conn, &org, &idp_id, &now, &actor)).await?;
    let created = done(outcome, "organization")?;
    let (org, version) = readable_org(&state.db, &caller, &org_id).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, [etag(version)], Json(org)).into_response())
}

pub async fn disconnect(
    State(state): State<AppState>,
    caller: Caller,
    Path((org_id, idp_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    manageable_org(&state.db, &caller, &org_id).await?;
    let (now, actor) = (ids::now(), caller.actor());
    let outcome =
        state.db.run(move |conn| store::disconnect(conn, &org_id, &idp_id, &now, &actor)).await?;
    match outcome {
        Outcome::NotFound => Err(not_connected()),
        outcome => done(outcome, "organization").map(|()| StatusCode::NO_CONTENT),
    }
}

/// The dry run of a disconnection: who would lose access. Read-only, so members may ask.
pub async fn disconnect_impact(
    State(state): State<AppState>,
    caller: Caller,
    Path((org_id, idp_id)): Path<(String, String)>,
) -> Result<Json<DisconnectImpact>, ApiError> {
    readable_org(&state.db, &caller, &org_id).await?;
    let impact = state.db.run(move |conn| store::disconnect_impact(conn, &org_id, &idp_id)).await?;
    impact.map(Json).ok_or_else(not_connected)
}

fn not_connected() -> ApiError {
    ApiError::new(
        ProblemType::NotFound,
        "This identity provider is not connected to this organization.",
    )
}

/// The organization, if the caller may see it; 404 otherwise.
async fn readable_org(
    db: &Db,
    caller: &Caller,
    org_id: &str,
) -> Result<(Organization, i64), ApiError> {
    let id = org_id.to_owned();
    let found = db
        .run(move |conn| {
            let Some(org) = store::get_org(conn, &id)? else { return Ok(None) };
            Ok(Some((org, store::project_ids(conn, &id)?)))
        })
        .await?;
    match found {
        Some((org, projects)) if caller.permissions().can_read_organization(org_id, &projects) => {
            Ok(org)
        }
        _ => Err(ApiError::new(ProblemType::NotFound, "No organization you can see has this id.")),
    }
}

/// 404 unless the caller sees the organization, 403 unless it owns it.
async fn manageable_org(db: &Db, caller: &Caller, org_id: &str) -> Result<(), ApiError> {
    readable_org(db, caller, org_id).await?;
    let allowed = caller.permissions().can_manage_organization(org_id);
    caller.require(allowed, "change this organization, its projects or its identity providers")
}

pub(super) async fn readable_project(
    db: &Db,
    caller: &Caller,
    project_id: &str,
) -> Result<(Project, i64), ApiError> {
    let id = project_id.to_owned();
    let found = db.run(move |conn| store::get_project(conn, &id)).await?;
    match found {
        Some((project, version))
            if caller.permissions().can_read_project(&project.org_id, project_id) =>
        {
            Ok((project, version))
        }
        _ => Err(ApiError::new(ProblemType::NotFound, "No project you can see has this id.")),
    }
}

/// Turns a refused outcome into its problem; `what` names the object for a stale write.
pub(super) fn done<T>(outcome: Outcome<T>, what: &str) -> Result<T, ApiError> {
    match outcome {
        Outcome::Done(value) => Ok(value),
        Outcome::NotFound => {
            Err(ApiError::new(ProblemType::NotFound, format!("No {what} has this id.")))
        }
        Outcome::Conflict(errors) => Err(ApiError::fields(ProblemType::Conflict, errors)),
        Outcome::Invalid(errors) => Err(ApiError::fields(ProblemType::Validation, errors)),
        Outcome::Stale => Err(ApiError::stale(what)),
    }
}
