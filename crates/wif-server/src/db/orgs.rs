//! Organizations, projects, and which identity providers are connected to which organization.

use r2d2_sqlite::rusqlite::{self, Connection, OptionalExtension, Row, params};
use wif_core::{DisconnectImpact, FieldError, Named, Organization, Project};

use super::audit::{self, Actor, Record, snapshot};
use super::identity_providers;
use super::{DbError, Expected, Outcome, is_current, version_of};

pub fn list_orgs(conn: &Connection) -> Result<Vec<Organization>, DbError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, name, is_federation_owner, created_at FROM organizations ORDER BY name_key",
    )?;
    let rows = statement.query_map([], org_from_row)?;
    let mut orgs = rows.collect::<Result<Vec<_>, _>>()?;
    for org in &mut orgs {
        org.data_access_identity_provider_ids = connected_idp_ids(conn, &org.id)?;
    }
    Ok(orgs)
}

pub fn get_org(conn: &Connection, id: &str) -> Result<Option<(Organization, i64)>, DbError> {
    let found = conn
        .prepare_cached(
            "SELECT id, name, is_federation_owner, created_at FROM organizations WHERE id = ?1",
        )?
        .query_row([id], org_from_row)
        .optional()?;
    let Some(mut org) = found else { return Ok(None) };
    org.data_access_identity_provider_ids = connected_idp_ids(conn, id)?;
    let version = version_of(conn, "organizations", id)?.ok_or(DbError::Missing)?;
    Ok(Some((org, version)))
}

/// Ids of the projects of an organization, for permission checks.
pub fn project_ids(conn: &Connection, org_id: &str) -> Result<Vec<String>, DbError> {
    let mut statement =
        conn.prepare_cached("SELECT id FROM projects WHERE org_id = ?1 ORDER BY name_key")?;
    let ids = statement.query_map([org_id], |row| row.get(0))?;
    Ok(ids.collect::<Result<_, _>>()?)
}

/// Creates an organization; its creator becomes its owner, as in Atlas.
pub fn insert_org(
    conn: &mut Connection,
    id: &str,
    name: &str,
    now: &str,
    actor: &Actor,
) -> Result<Outcome<(Organization, i64)>, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if org_name_taken(&tx, name, None)? {
        return Ok(Outcome::Conflict(vec![name_taken("organization")]));
    }
    tx.execute(
        "INSERT INTO organizations (id, name, name_key, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, name, name.to_lowercase(), now],
    )?;
    if let Some(owner) = &actor.account_id {
        let grant = wif_core::Grant::org(wif_core::Role::OrgOwner, id);
        super::accounts::insert_grant(&tx, owner, &grant)?;
    }
    let (org, version) = get_org(&tx, id)?.ok_or(DbError::Missing)?;
    let record = record(actor, "organization.create", "organization", id, None, snapshot(&org));
    audit::record(&tx, now, record)?;
    tx.commit()?;
    Ok(Outcome::Done((org, version)))
}

pub fn rename_org(
    conn: &mut Connection,
    id: &str,
    name: &str,
    now: &str,
    actor: &Actor,
    expected: Expected,
) -> Result<Outcome<(Organization, i64)>, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some((before, version)) = get_org(&tx, id)? else { return Ok(Outcome::NotFound) };
    if !is_current(expected, version) {
        return Ok(Outcome::Stale);
    }
    if before.name == name {
        return Ok(Outcome::Done((before, version)));
    }
    if org_name_taken(&tx, name, Some(id))? {
        return Ok(Outcome::Conflict(vec![name_taken("organization")]));
    }
    tx.execute(
        "UPDATE organizations SET name = ?2, name_key = ?3, version = version + 1 WHERE id = ?1",
        params![id, name, name.to_lowercase()],
    )?;
    let (after, version) = get_org(&tx, id)?.ok_or(DbError::Missing)?;
    let record = record(
        actor,
        "organization.rename",
        "organization",
        id,
        snapshot(&before),
        snapshot(&after),
    );
    audit::record(&tx, now, record)?;
    tx.commit()?;
    Ok(Outcome::Done((after, version)))
}

/// Deletes an organization that has no projects and does not own the federation settings.
pub fn delete_org(
    conn: &mut Connection,
    id: &str,
    now: &str,
    actor: &Actor,
    expected: Expected,
) -> Result<Outcome<()>, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some((org, version)) = get_org(&tx, id)? else { return Ok(Outcome::NotFound) };
    if !is_current(expected, version) {
        return Ok(Outcome::Stale);
    }
    if org.is_federation_owner {
        let message = "This organization owns the deployment's federation settings and its \
            first accounts, so it cannot be deleted.";
        return Ok(Outcome::Conflict(vec![FieldError::new("id", message)]));
    }
    let projects = project_ids(&tx, id)?.len();
    if projects > 0 {
        // Deleting it would strand the projects' database users; they are removed on purpose,
        // one project at a time, not as a side effect.
        let message = format!(
            "The organization still has {projects} project{}; delete them first, so that no \
             database user disappears as a side effect.",
            if projects == 1 { "" } else { "s" }
        );
        return Ok(Outcome::Conflict(vec![FieldError::new("projects", message)]));
    }
    tx.execute("DELETE FROM organizations WHERE id = ?1", [id])?;
    let record = record(actor, "organization.delete", "organization", id, snapshot(&org), None);
    audit::record(&tx, now, record)?;
    tx.commit()?;
    Ok(Outcome::Done(()))
}

pub fn list_projects(conn: &Connection, org_id: &str) -> Result<Vec<Project>, DbError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, org_id, name, created_at FROM projects WHERE org_id = ?1 ORDER BY name_key",
    )?;
    let rows = statement.query_map([org_id], project_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_project(conn: &Connection, id: &str) -> Result<Option<(Project, i64)>, DbError> {
    let found = conn
        .prepare_cached("SELECT id, org_id, name, created_at FROM projects WHERE id = ?1")?
        .query_row([id], project_from_row)
        .optional()?;
    let Some(project) = found else { return Ok(None) };
    let version = version_of(conn, "projects", id)?.ok_or(DbError::Missing)?;
    Ok(Some((project, version)))
}

pub fn insert_project(
    conn: &mut Connection,
    id: &str,
    org_id: &str,
    name: &str,
    now: &str,
    actor: &Actor,
) -> Result<Outcome<(Project, i64)>, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if get_org(&tx, org_id)?.is_none() {
        return Ok(Outcome::NotFound);
    }
    if project_name_taken(&tx, org_id, name, None)? {
        return Ok(Outcome::Conflict(vec![name_taken("project in this organization")]));
    }
    tx.execute(
        "INSERT INTO projects (id, org_id, name, name_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, org_id, name, name.to_lowercase(), now],
    )?;
    let (project, version) = get_project(&tx, id)?.ok_or(DbError::Missing)?;
    let record = record(actor, "project.create", "project", id, None, snapshot(&project));
    audit::record(&tx, now, record)?;
    tx.commit()?;
    Ok(Outcome::Done((project, version)))
}

pub fn rename_project(
    conn: &mut Connection,
    id: &str,
    name: &str,
    now: &str,
    actor: &Actor,
    expected: Expected,
) -> Result<Outcome<(Project, i64)>, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some((before, version)) = get_project(&tx, id)? else { return Ok(Outcome::NotFound) };
    if !is_current(expected, version) {
        return Ok(Outcome::Stale);
    }
    if before.name == name {
        return Ok(Outcome::Done((before, version)));
    }
    if project_name_taken(&tx, &before.org_id, name, Some(id))? {
        return Ok(Outcome::Conflict(vec![name_taken("project in this organization")]));
    }
    tx.execute(
        "UPDATE projects SET name = ?2, name_key = ?3, version = version + 1 WHERE id = ?1",
        params![id, name, name.to_lowercase()],
    )?;
    let (after, version) = get_project(&tx, id)?.ok_or(DbError::Missing)?;
    let record =
        record(actor, "project.rename", "project", id, snapshot(&before), snapshot(&after));
    audit::record(&tx, now, record)?;
    tx.commit()?;
    Ok(Outcome::Done((after, version)))
}

pub fn delete_project(
    conn: &mut Connection,
    id: &str,
    now: &str,
    actor: &Actor,
    expected: Expected,
) -> Result<Outcome<()>, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some((project, version)) = get_project(&tx, id)? else { return Ok(Outcome::NotFound) };
    if !is_current(expected, version) {
        return Ok(Outcome::Stale);
    }
    // Grants cannot reference projects by foreign key (the table predates them): remove the
    // project's roles here, in the same transaction.
    tx.execute("DELETE FROM grants WHERE project_id = ?1", [id])?;
    tx.execute("DELETE FROM projects WHERE id = ?1", [id])?;
    let record = record(actor, "project.delete", "project", id, snapshot(&project), None);
    audit::record(&tx, now, record)?;
    tx.commit()?;
    Ok(Outcome::Done(()))
}

pub fn project_exists(conn: &Connection, id: &str) -> Result<Option<String>, DbError> {
    Ok(conn
        .query_row("SELECT org_id FROM projects WHERE id = ?1", [id], |row| row.get(0))
        .optional()?)
}

/// Connects a provider to an organization; connecting again changes nothing. `Done(true)` when
/// this call made the connection.
pub fn connect(
    conn: &mut Connection,
    org_id: &str,
    idp_id: &str,
    now: &str,
    actor: &Actor,
) -> Result<Outcome<bool>, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if get_org(&tx, org_id)?.is_none() {
        return Ok(Outcome::NotFound);
    }
    if identity_providers::get(&tx, idp_id)?.is_none() {
        let message = "No identity provider has this id.";
        return Ok(Outcome::Invalid(vec![FieldError::new("idpId", message)]));
    }
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO organization_identity_providers (org_id, idp_id, connected_at) \
         VALUES (?1, ?2, ?3)",
        params![org_id, idp_id, now],
    )?;
    if inserted == 1 {
        let after = Some(serde_json::json!({"orgId": org_id, "idpId": idp_id}));
        let record = record(
            actor,
            "organization.connect_identity_provider",
            "organization",
            org_id,
            None,
            after,
        );
        audit::record(&tx, now, record)?;
    }
    tx.commit()?;
    Ok(Outcome::Done(inserted == 1))
}

pub fn disconnect(
    conn: &mut Connection,
    org_id: &str,
    idp_id: &str,
    now: &str,
    actor: &Actor,
) -> Result<Outcome<()>, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let deleted = tx.execute(
        "DELETE FROM organization_identity_providers WHERE org_id = ?1 AND idp_id = ?2",
        params![org_id, idp_id],
    )?;
    if deleted == 0 {
        return Ok(Outcome::NotFound);
    }
    let before = Some(serde_json::json!({"orgId": org_id, "idpId": idp_id}));
    let record = record(
        actor,
        "organization.disconnect_identity_provider",
        "organization",
        org_id,
        before,
        None,
    );
    audit::record(&tx, now, record)?;
    tx.commit()?;
    Ok(Outcome::Done(()))
}

/// Who loses access if the provider is disconnected from the organization; `None` when the two
/// are not connected.
pub fn disconnect_impact(
    conn: &Connection,
    org_id: &str,
    idp_id: &str,
) -> Result<Option<DisconnectImpact>, DbError> {
    let Some((org, _)) = get_org(conn, org_id)? else { return Ok(None) };
    if !org.data_access_identity_provider_ids.iter().any(|id| id == idp_id) {
        return Ok(None);
    }
    let Some(provider) = identity_providers::get(conn, idp_id)? else { return Ok(None) };
    let projects = list_projects(conn, org_id)?
        .into_iter()
        .map(|project| Named { id: project.id, name: project.name })
        .collect();
    let database_users = super::database_users::in_organization(conn, org_id, idp_id)?;
    Ok(Some(DisconnectImpact {
        organization: Named { id: org.id, name: org.name },
        identity_provider: Named { id: provider.id, name: provider.display_name },
        projects,
        database_users,
    }))
}

fn connected_idp_ids(conn: &Connection, org_id: &str) -> Result<Vec<String>, DbError> {
    let mut statement = conn.prepare_cached(
        "SELECT idp_id FROM organization_identity_providers WHERE org_id = ?1 ORDER BY idp_id",
    )?;
    let ids = statement.query_map([org_id], |row| row.get(0))?;
    Ok(ids.collect::<Result<_, _>>()?)
}

fn org_name_taken(conn: &Connection, name: &str, except: Option<&str>) -> Result<bool, DbError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM organizations WHERE name_key = ?1 AND id != ?2)",
        params![name.to_lowercase(), except.unwrap_or("")],
        |row| row.get(0),
    )?)
}

fn project_name_taken(
    conn: &Connection,
    org_id: &str,
    name: &str,
    except: Option<&str>,
) -> Result<bool, DbError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM projects WHERE org_id = ?1 AND name_key = ?2 AND id != ?3)",
        params![org_id, name.to_lowercase(), except.unwrap_or("")],
        |row| row.get(0),
    )?)
}

fn name_taken(what: &str) -> FieldError {
    FieldError::new("name", format!("Another {what} already has this name."))
}

fn record<'a>(
    actor: &'a Actor,
    action: &'a str,
    object_type: &'a str,
    object_id: &'a str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Record<'a> {
    Record { actor, action, object_type, object_id: Some(object_id), before, after }
}

fn org_from_row(row: &Row<'_>) -> rusqlite::Result<Organization> {
    Ok(Organization {
        id: row.get(0)?,
        name: row.get(1)?,
        is_federation_owner: row.get::<_, i64>(2)? == 1,
        data_access_identity_provider_ids: Vec::new(),
        created_at: row.get(3)?,
    })
}

fn project_from_row(row: &Row<'_>) -> rusqlite::Result<Project> {
    Ok(Project { id: row.get(0)?, org_id: row.get(1)?, name: row.get(2)?, created_at: row.get(3)? })
}
