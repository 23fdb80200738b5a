//! Database users of projects: `<provider id>/<identifier>`, with their roles.
//!
//! A user is stored only while its provider is connected to the project's organization, and
//! is kept through a later disconnection (it then has no access until the provider is
//! connected again).

use r2d2_sqlite::rusqlite::{Connection, OptionalExtension, Row, params};
use wif_core::database_user::ValidDatabaseUser;
use wif_core::{
    DatabaseRole, DatabaseUser, DatabaseUserRef, FieldError, Named, OidcAuthType,
    ProviderDatabaseUser,
};

use super::audit::{self, Actor, Record, snapshot};
use super::{DbError, Outcome, identity_providers, orgs};

const COLUMNS: &str = "u.project_id, u.idp_id, u.identifier, u.oidc_auth_type, u.roles, \
    u.created_at";

fn user_from_row(row: &Row<'_>) -> Result<DatabaseUser, r2d2_sqlite::rusqlite::Error> {
    let idp_id: String = row.get(1)?;
    let identifier: String = row.get(2)?;
    let kind: String = row.get(3)?;
    let roles: String = row.get(4)?;
    // Both were checked before they were written; a row that no longer reads is a bug.
    let oidc_auth_type = OidcAuthType::parse(&kind).unwrap_or(OidcAuthType::User);
    let roles: Vec<DatabaseRole> = serde_json::from_str(&roles).unwrap_or_default();
    Ok(DatabaseUser {
        project_id: row.get(0)?,
        username: format!("{idp_id}/{identifier}"),
        database_name: oidc_auth_type.database_name().to_owned(),
        oidc_auth_type,
        roles,
        created_at: row.get(5)?,
    })
}

pub fn list_for_project(conn: &Connection, project_id: &str) -> Result<Vec<DatabaseUser>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM database_users u WHERE u.project_id = ?1 \
         ORDER BY u.idp_id, u.identifier"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([project_id], user_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every user of a provider, in every project, with whether it has access now.
pub fn list_for_provider(
    conn: &Connection,
    idp_id: &str,
) -> Result<Vec<ProviderDatabaseUser>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS}, p.name, p.org_id, \
         EXISTS (SELECT 1 FROM organization_identity_providers c \
         WHERE c.org_id = p.org_id AND c.idp_id = u.idp_id) \
         FROM database_users u JOIN projects p ON p.id = u.project_id \
         WHERE u.idp_id = ?1 ORDER BY p.name_key, u.identifier"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([idp_id], |row| {
        let user = user_from_row(row)?;
        Ok(ProviderDatabaseUser {
            project: Named { id: user.project_id.clone(), name: row.get(6)? },
            org_id: row.get(7)?,
            user,
            has_access: row.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The users that lose access if the provider is disconnected from the organization.
pub fn in_organization(
    conn: &Connection,
    org_id: &str,
    idp_id: &str,
) -> Result<Vec<DatabaseUserRef>, DbError> {
    let mut statement = conn.prepare_cached(
        "SELECT p.id, p.name, u.idp_id || '/' || u.identifier FROM database_users u \
         JOIN projects p ON p.id = u.project_id WHERE p.org_id = ?1 AND u.idp_id = ?2 \
         ORDER BY p.name_key, u.identifier",
    )?;
    let rows = statement.query_map(params![org_id, idp_id], |row| {
        Ok(DatabaseUserRef {
            project: Named { id: row.get(0)?, name: row.get(1)? },
            username: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Adds a user to a project, after the checks that need the provider and the organization.
pub fn insert(
    conn: &mut Connection,
    project_id: &str,
    user: &ValidDatabaseUser,
    now: &str,
    actor: &Actor,
) -> Result<Outcome<DatabaseUser>, DbError> {
    let tx =
        conn.transaction_with_behavior(r2d2_sqlite::rusqlite::TransactionBehavior::Immediate)?;
    let Some(org_id) = orgs::project_exists(&tx, project_id)? else {
        return Ok(Outcome::NotFound);
    };
    let Some(provider) = identity_providers::get(&tx, &user.provider_id)? else {
        let message = format!("No identity provider has the id {}.", user.provider_id);
        return Ok(Outcome::Invalid(vec![FieldError::new("username", message)]));
    };
    let errors = user.check_against(provider.authorization_type, &provider.issuer_uri);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    if !is_connected(&tx, &org_id, &provider.id)? {
        let message = format!(
            "The identity provider \"{}\" is not connected to this project's organization; an \
             Organization Owner connects it first.",
            provider.display_name
        );
        return Ok(Outcome::Conflict(vec![FieldError::new("username", message)]));
    }
    if get(&tx, project_id, &user.provider_id, &user.identifier)?.is_some() {
        let message = format!("This project already has the database user {}.", user.username());
        return Ok(Outcome::Conflict(vec![FieldError::new("username", message)]));
    }

    let roles = serde_json::to_string(&user.roles).unwrap_or_else(|_| "[]".into());
    tx.execute(
        "INSERT INTO database_users (project_id, idp_id, identifier, oidc_auth_type, roles, \
         created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            project_id,
            user.provider_id,
            user.identifier,
            user.oidc_auth_type.as_str(),
            roles,
            now
        ],
    )?;
    let created =
        get(&tx, project_id, &user.provider_id, &user.identifier)?.ok_or(DbError::Missing)?;
    audit::record(
        &tx,
        now,
        record(actor, "database_user.create", project_id, None, Some(&created)),
    )?;
    tx.commit()?;
    Ok(Outcome::Done(created))
}

/// Removes a user; `NotFound` when the project has no such user on that database.
pub fn delete(
    conn: &mut Connection,
    project_id: &str,
    database_name: &str,
    username: &str,
    now: &str,
    actor: &Actor,
) -> Result<Outcome<()>, DbError> {
    let tx =
        conn.transaction_with_behavior(r2d2_sqlite::rusqlite::TransactionBehavior::Immediate)?;
    let Some((idp_id, identifier)) = username.split_once('/') else {
        return Ok(Outcome::NotFound);
    };
    let found = get(&tx, project_id, idp_id, identifier)?;
    let Some(user) = found.filter(|user| user.database_name == database_name) else {
        return Ok(Outcome::NotFound);
    };
    tx.execute(
        "DELETE FROM database_users WHERE project_id = ?1 AND idp_id = ?2 AND identifier = ?3",
        params![project_id, idp_id, identifier],
    )?;
    audit::record(&tx, now, record(actor, "database_user.delete", project_id, Some(&user), None))?;
    tx.commit()?;
    Ok(Outcome::Done(()))
}

fn get(
    conn: &Connection,
    project_id: &str,
    idp_id: &str,
    identifier: &str,
) -> Result<Option<DatabaseUser>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM database_users u \
         WHERE u.project_id = ?1 AND u.idp_id = ?2 AND u.identifier = ?3"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    Ok(statement.query_row(params![project_id, idp_id, identifier], user_from_row).optional()?)
}

fn is_connected(conn: &Connection, org_id: &str, idp_id: &str) -> Result<bool, DbError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM organization_identity_providers \
         WHERE org_id = ?1 AND idp_id = ?2)",
        params![org_id, idp_id],
        |row| row.get(0),
    )?)
}

/// Changes to database users are recorded on their project.
fn record<'a>(
    actor: &'a Actor,
    action: &'a str,
    project_id: &'a str,
    before: Option<&DatabaseUser>,
    after: Option<&DatabaseUser>,
) -> Record<'a> {
    Record {
        actor,
        action,
        object_type: "project",
        object_id: Some(project_id),
        before: before.and_then(snapshot),
        after: after.and_then(snapshot),
    }
}
