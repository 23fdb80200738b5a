//! Queries on the `identity_providers` table.

use r2d2_sqlite::rusqlite::{self, Connection, OptionalExtension, Row, params};
use wif_core::idp::{IDP_TYPE_WORKLOAD, PROTOCOL_OIDC, field};
use wif_core::{
    AuthorizationType, FieldError, IdentityProvider, IdentityProviderConfig, PageRequest,
};

use super::DbError;
use super::audit::{self, Actor, Record, snapshot};

const COLUMNS: &str = "id, display_name, description, issuer_uri, audience, authorization_type, \
    groups_claim, user_claim, created_at, updated_at";

/// How the audit trail names these objects.
pub const OBJECT_TYPE: &str = "identity_provider";

/// A write that would break a uniqueness rule, with the fields to blame.
#[derive(Debug)]
pub struct Conflict(pub Vec<FieldError>);

pub fn list(conn: &Connection, page: PageRequest) -> Result<(Vec<IdentityProvider>, u64), DbError> {
    let total: u64 = conn.query_row("SELECT count(*) FROM identity_providers", [], |r| r.get(0))?;
    let sql = format!(
        "SELECT {COLUMNS} FROM identity_providers ORDER BY display_name_key, id \
         LIMIT ?1 OFFSET ?2"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params![page.items_per_page, page.offset()], from_row)?;
    let items = rows.collect::<Result<Vec<_>, _>>()?;
    Ok((items, total))
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<IdentityProvider>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM identity_providers WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], from_row).optional()?)
}

/// Stores a new provider, unless its name or its issuer and audience are taken.
pub fn insert(
    conn: &mut Connection,
    id: &str,
    config: &IdentityProviderConfig,
    now: &str,
    actor: &Actor,
) -> Result<Result<IdentityProvider, Conflict>, DbError> {
    // IMMEDIATE takes the write lock first, so the uniqueness check and the insert see the same
    // data; the table's UNIQUE constraints are the backstop.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let conflicts = find_conflicts(&tx, config, None)?;
    if !conflicts.is_empty() {
        return Ok(Err(Conflict(conflicts)));
    }

    tx.execute(
        "INSERT INTO identity_providers (id, display_name, display_name_key, description, \
         issuer_uri, audience, authorization_type, groups_claim, user_claim, created_at, \
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            id,
            config.display_name,
            name_key(&config.display_name),
            config.description,
            config.issuer_uri,
            config.audience,
            config.authorization_type.as_str(),
            config.groups_claim,
            config.user_claim,
            now,
        ],
    )?;
    let stored = get(&tx, id)?.ok_or(DbError::Missing)?;
    let record = Record {
        actor,
        action: "identity_provider.create",
        object_type: OBJECT_TYPE,
        object_id: Some(id),
        before: None,
        after: snapshot(&stored),
    };
    audit::record(&tx, now, record)?;
    tx.commit()?;
    Ok(Ok(stored))
}

/// The outcome of an update.
pub enum Updated {
    Done(IdentityProvider),
    NotFound,
    Conflict(Conflict),
    Invalid(Vec<FieldError>),
}

/// Replaces a provider's configuration with what `change` makes of the current one, all inside
/// one transaction so that a concurrent update cannot slip between the read and the write.
pub fn update(
    conn: &mut Connection,
    id: &str,
    now: &str,
    actor: &Actor,
    change: impl FnOnce(&IdentityProviderConfig) -> Result<IdentityProviderConfig, Vec<FieldError>>,
) -> Result<Updated, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some(current) = get(&tx, id)? else {
        return Ok(Updated::NotFound);
    };
    let config = match change(&current.config()) {
        Ok(config) => config,
        Err(errors) => return Ok(Updated::Invalid(errors)),
    };
    if config == current.config() {
        return Ok(Updated::Done(current));
    }
    let conflicts = find_conflicts(&tx, &config, Some(id))?;
    if !conflicts.is_empty() {
        return Ok(Updated::Conflict(Conflict(conflicts)));
    }

    tx.execute(
        "UPDATE identity_providers SET display_name = ?2, display_name_key = ?3, \
         description = ?4, issuer_uri = ?5, audience = ?6, authorization_type = ?7, \
         groups_claim = ?8, user_claim = ?9, updated_at = ?10 WHERE id = ?1",
        params![
            id,
            config.display_name,
            name_key(&config.display_name),
            config.description,
            config.issuer_uri,
            config.audience,
            config.authorization_type.as_str(),
            config.groups_claim,
            config.user_claim,
            now,
        ],
    )?;
    let stored = get(&tx, id)?.ok_or(DbError::Missing)?;
    let record = Record {
        actor,
        action: "identity_provider.update",
        object_type: OBJECT_TYPE,
        object_id: Some(id),
        before: snapshot(&current),
        after: snapshot(&stored),
    };
    audit::record(&tx, now, record)?;
    tx.commit()?;
    Ok(Updated::Done(stored))
}

/// Deletes a provider; false when there was none with this id.
pub fn delete(conn: &mut Connection, id: &str, now: &str, actor: &Actor) -> Result<bool, DbError> {
    let tx = conn.transaction()?;
    let Some(current) = get(&tx, id)? else { return Ok(false) };
    tx.execute("DELETE FROM identity_providers WHERE id = ?1", [id])?;
    let record = Record {
        actor,
        action: "identity_provider.delete",
        object_type: OBJECT_TYPE,
        object_id: Some(id),
        before: snapshot(&current),
        after: None,
    };
    audit::record(&tx, now, record)?;
    tx.commit()?;
    Ok(true)
}

fn find_conflicts(
    conn: &Connection,
    config: &IdentityProviderConfig,
    except_id: Option<&str>,
) -> Result<Vec<FieldError>, DbError> {
    let except_id = except_id.unwrap_or("");
    let mut conflicts = Vec::new();

    let same_name: Option<String> = conn
        .query_row(
            "SELECT display_name FROM identity_providers WHERE display_name_key = ?1 AND id != ?2",
            params![name_key(&config.display_name), except_id],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(other) = same_name {
        let message = format!(
            "Another identity provider is already named \"{other}\"; names are \
            unique, without regard to case."
        );
        conflicts.push(FieldError::new(field::DISPLAY_NAME, message));
    }

    let same_pair: Option<String> = conn
        .query_row(
            "SELECT display_name FROM identity_providers \
             WHERE issuer_uri = ?1 AND audience = ?2 AND id != ?3",
            params![config.issuer_uri, config.audience, except_id],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(other) = same_pair {
        let message = format!(
            "The identity provider \"{other}\" already has this issuer URI and audience; one \
             issuer can have several providers only with different audiences."
        );
        conflicts.push(FieldError::new(field::ISSUER_URI, message.clone()));
        conflicts.push(FieldError::new(field::AUDIENCE, message));
    }
    Ok(conflicts)
}

fn name_key(display_name: &str) -> String {
    display_name.to_lowercase()
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<IdentityProvider> {
    let authorization_type: String = row.get("authorization_type")?;
    let authorization_type = AuthorizationType::parse(&authorization_type).ok_or_else(|| {
        let message = format!("unknown authorization type {authorization_type:?}");
        rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, message.into())
    })?;
    Ok(IdentityProvider {
        id: row.get("id")?,
        display_name: row.get("display_name")?,
        description: row.get("description")?,
        issuer_uri: row.get("issuer_uri")?,
        audience: row.get("audience")?,
        authorization_type,
        groups_claim: row.get("groups_claim")?,
        user_claim: row.get("user_claim")?,
        idp_type: IDP_TYPE_WORKLOAD.to_owned(),
        protocol: PROTOCOL_OIDC.to_owned(),
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        // FIXME: organizations do not exist yet (issue 4); until then no provider is connected.
        associated_orgs: Vec::new(),
    })
}
