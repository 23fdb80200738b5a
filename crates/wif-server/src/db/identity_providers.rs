//! Queries on the `identity_providers` table.

use r2d2_sqlite::rusqlite::{self, Connection, OptionalExtension, Row, params};
use wif_core::idp::{IDP_TYPE_WORKLOAD, PROTOCOL_OIDC, field};
use wif_core::{
    AuthorizationType, FieldError, IdentityProvider, IdentityProviderConfig, PageRequest,
};

use super::audit::{self, Actor, Record, snapshot};
use super::{DbError, Expected, Outcome, is_current, version_of};

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
    let mut items = rows.collect::<Result<Vec<_>, _>>()?;
    for item in &mut items {
        item.associated_orgs = connected_org_ids(conn, &item.id)?;
    }
    Ok((items, total))
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<IdentityProvider>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM identity_providers WHERE id = ?1");
    let found = conn.prepare_cached(&sql)?.query_row([id], from_row).optional()?;
    let Some(mut provider) = found else { return Ok(None) };
    provider.associated_orgs = connected_org_ids(conn, id)?;
    Ok(Some(provider))
}

/// The providers of one issuer whose audience is one of `audiences`, for a token that names
/// both. Each lookup is one row of the `UNIQUE (issuer_uri, audience)` index, so it costs the
/// same however many providers share the issuer.
pub fn find_for_token(
    conn: &Connection,
    issuer: &str,
    audiences: &[String],
) -> Result<Vec<IdentityProvider>, DbError> {
    let sql =
        format!("SELECT {COLUMNS} FROM identity_providers WHERE issuer_uri = ?1 AND audience = ?2");
    let mut statement = conn.prepare_cached(&sql)?;
    let mut found: Vec<IdentityProvider> = Vec::new();
    for audience in audiences {
        let Some(mut provider) = statement.query_row([issuer, audience], from_row).optional()?
        else {
            continue;
        };
        // An `aud` array may repeat a value; the provider counts once.
        if found.iter().all(|p| p.id != provider.id) {
            provider.associated_orgs = connected_org_ids(conn, &provider.id)?;
            found.push(provider);
        }
    }
    Ok(found)
}

/// A provider with its version, for the `ETag`.
pub fn get_versioned(
    conn: &Connection,
    id: &str,
) -> Result<Option<(IdentityProvider, i64)>, DbError> {
    let Some(provider) = get(conn, id)? else { return Ok(None) };
    let version = version_of(conn, "identity_providers", id)?.ok_or(DbError::Missing)?;
    Ok(Some((provider, version)))
}

/// The organizations a provider is connected to, in id order.
pub fn connected_org_ids(conn: &Connection, idp_id: &str) -> Result<Vec<String>, DbError> {
    let mut statement = conn.prepare_cached(
        "SELECT org_id FROM organization_identity_providers WHERE idp_id = ?1 ORDER BY org_id",
    )?;
    let ids = statement.query_map([idp_id], |row| row.get(0))?;
    Ok(ids.collect::<Result<_, _>>()?)
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

/// Replaces a provider's configuration with what `change` makes of the current one, all inside
/// one transaction so that a concurrent update cannot slip between the read and the write.
pub fn update(
    conn: &mut Connection,
    id: &str,
    now: &str,
    actor: &Actor,
    expected: Expected,
    change: impl FnOnce(&IdentityProviderConfig) -> Result<IdentityProviderConfig, Vec<FieldError>>,
) -> Result<Outcome<(IdentityProvider, i64)>, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some((current, version)) = get_versioned(&tx, id)? else { return Ok(Outcome::NotFound) };
    if !is_current(expected, version) {
        return Ok(Outcome::Stale);
    }
    let config = match change(&current.config()) {
        Ok(config) => config,
        Err(errors) => return Ok(Outcome::Invalid(errors)),
    };
    if config == current.config() {
        return Ok(Outcome::Done((current, version)));
    }
    let conflicts = find_conflicts(&tx, &config, Some(id))?;
    if !conflicts.is_empty() {
        return Ok(Outcome::Conflict(conflicts));
    }

    tx.execute(
        "UPDATE identity_providers SET display_name = ?2, display_name_key = ?3, \
         description = ?4, issuer_uri = ?5, audience = ?6, authorization_type = ?7, \
         groups_claim = ?8, user_claim = ?9, updated_at = ?10, version = version + 1 \
         WHERE id = ?1",
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
    let (stored, version) = get_versioned(&tx, id)?.ok_or(DbError::Missing)?;
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
    Ok(Outcome::Done((stored, version)))
}

/// Deletes a provider, unless an organization is still connected to it.
pub fn delete(
    conn: &mut Connection,
    id: &str,
    now: &str,
    actor: &Actor,
    expected: Expected,
) -> Result<Outcome<()>, DbError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some((current, version)) = get_versioned(&tx, id)? else { return Ok(Outcome::NotFound) };
    if !is_current(expected, version) {
        return Ok(Outcome::Stale);
    }
    let connected = connected_org_names(&tx, id)?;
    if !connected.is_empty() {
        let message = format!(
            "The provider is still connected to {}; disconnect every organization first.",
            connected.join(", ")
        );
        return Ok(Outcome::Conflict(vec![FieldError::new("associatedOrgs", message)]));
    }
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
    Ok(Outcome::Done(()))
}

/// The connected organizations, as `"Name" (id)`, for messages.
fn connected_org_names(conn: &Connection, idp_id: &str) -> Result<Vec<String>, DbError> {
    let mut statement = conn.prepare_cached(
        "SELECT o.name, o.id FROM organization_identity_providers c \
         JOIN organizations o ON o.id = c.org_id WHERE c.idp_id = ?1 ORDER BY o.name_key",
    )?;
    let names = statement.query_map([idp_id], |row| {
        Ok(format!("\"{}\" ({})", row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    Ok(names.collect::<Result<_, _>>()?)
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
        // Filled by the callers, which have the connection table at hand.
        associated_orgs: Vec::new(),
    })
}
