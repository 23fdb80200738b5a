//! Organizations (as far as access needs them), accounts, grants, sessions and API tokens.

use r2d2_sqlite::rusqlite::{Connection, OptionalExtension, params};
use wif_core::{Account, ApiToken, Grant, Role};

use super::DbError;

/// The name of the organization the first start creates.
pub const FIRST_ORGANIZATION: &str = "Default Organization";
/// The user name of the account the first start creates.
pub const FIRST_ACCOUNT: &str = "admin";

/// The organization that owns the federation settings, if the database has been set up.
pub fn federation_org_id(conn: &Connection) -> Result<Option<String>, DbError> {
    Ok(conn
        .query_row("SELECT id FROM organizations WHERE is_federation_owner = 1", [], |r| r.get(0))
        .optional()?)
}

pub fn has_accounts(conn: &Connection) -> Result<bool, DbError> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM accounts)", [], |r| r.get(0))?)
}

/// Creates the first organization and its owner, `admin`, in one transaction.
pub fn create_first_account(
    conn: &mut Connection,
    org_id: &str,
    account_id: &str,
    password_hash: &str,
    now: &str,
) -> Result<(), DbError> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO organizations (id, name, name_key, is_federation_owner, created_at) \
         VALUES (?1, ?2, ?3, 1, ?4)",
        params![org_id, FIRST_ORGANIZATION, FIRST_ORGANIZATION.to_lowercase(), now],
    )?;
    insert_account(&tx, account_id, FIRST_ACCOUNT, password_hash, now)?;
    insert_grant(&tx, account_id, &Grant::org(Role::OrgOwner, org_id))?;
    tx.commit()?;
    Ok(())
}

pub fn insert_account(
    conn: &Connection,
    id: &str,
    username: &str,
    password_hash: &str,
    now: &str,
) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO accounts (id, username, username_key, password_hash, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, username, username.to_lowercase(), password_hash, now],
    )?;
    Ok(())
}

pub fn insert_grant(conn: &Connection, account_id: &str, grant: &Grant) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO grants (account_id, role, org_id, project_id) VALUES (?1, ?2, ?3, ?4)",
        params![account_id, grant.role.as_str(), grant.org_id, grant.project_id],
    )?;
    Ok(())
}

/// The id and password hash of the account with this user name (without regard to case).
pub fn find_credentials(
    conn: &Connection,
    username: &str,
) -> Result<Option<(String, String)>, DbError> {
    Ok(conn
        .query_row(
            "SELECT id, password_hash FROM accounts WHERE username_key = ?1",
            [username.to_lowercase()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

/// The password hash of an account, by id.
pub fn password_hash(conn: &Connection, id: &str) -> Result<Option<String>, DbError> {
    Ok(conn
        .query_row("SELECT password_hash FROM accounts WHERE id = ?1", [id], |row| row.get(0))
        .optional()?)
}

/// Replaces the hash only if it is still `verified_hash`, the one the current password was
/// checked against: of two changes at once, the second finds it gone and writes nothing.
pub fn replace_password_hash(
    conn: &Connection,
    id: &str,
    verified_hash: &str,
    new_hash: &str,
) -> Result<bool, DbError> {
    let changed = conn.execute(
        "UPDATE accounts SET password_hash = ?3 WHERE id = ?1 AND password_hash = ?2",
        params![id, verified_hash, new_hash],
    )?;
    Ok(changed == 1)
}

/// Ends every session of the account but `keep`; returns how many ended.
pub fn delete_other_sessions(
    conn: &Connection,
    account_id: &str,
    keep: &[u8],
) -> Result<usize, DbError> {
    Ok(conn.execute(
        "DELETE FROM sessions WHERE account_id = ?1 AND secret_hash != ?2",
        params![account_id, keep],
    )?)
}

pub fn username_taken(conn: &Connection, username: &str) -> Result<bool, DbError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE username_key = ?1)",
        [username.to_lowercase()],
        |r| r.get(0),
    )?)
}

pub fn org_exists(conn: &Connection, org_id: &str) -> Result<bool, DbError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM organizations WHERE id = ?1)",
        [org_id],
        |r| r.get(0),
    )?)
}

pub fn get_account(conn: &Connection, id: &str) -> Result<Option<Account>, DbError> {
    let found = conn
        .query_row("SELECT id, username, created_at FROM accounts WHERE id = ?1", [id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
        })
        .optional()?;
    let Some((id, username, created_at)) = found else { return Ok(None) };
    let grants = grants_of(conn, &id)?;
    Ok(Some(Account { id, username, grants, created_at }))
}

pub fn grants_of(conn: &Connection, account_id: &str) -> Result<Vec<Grant>, DbError> {
    let mut statement = conn.prepare_cached(
        "SELECT role, org_id, project_id FROM grants WHERE account_id = ?1 \
         ORDER BY role, org_id, project_id",
    )?;
    let rows = statement.query_map([account_id], |row| {
        let role: String = row.get(0)?;
        Ok((role, row.get(1)?, row.get(2)?))
    })?;
    let mut grants = Vec::new();
    for row in rows {
        let (role, org_id, project_id) = row?;
        // The table's CHECK allows only known roles.
        if let Some(role) = Role::parse(&role) {
            grants.push(Grant { role, org_id, project_id });
        }
    }
    Ok(grants)
}

/// Accounts holding a grant in any of these organizations, by user name.
pub fn list_accounts_in(conn: &Connection, org_ids: &[&str]) -> Result<Vec<Account>, DbError> {
    let mut ids = Vec::new();
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT a.id, a.username_key FROM accounts a JOIN grants g ON g.account_id = a.id \
         LEFT JOIN projects p ON p.id = g.project_id \
         WHERE g.org_id = ?1 OR p.org_id = ?1 ORDER BY a.username_key",
    )?;
    for org_id in org_ids {
        for id in statement.query_map([org_id], |row| row.get::<_, String>(0))? {
            let id = id?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let mut accounts = Vec::new();
    for id in ids {
        accounts.extend(get_account(conn, &id)?);
    }
    accounts.sort_by_key(|a| a.username.to_lowercase());
    Ok(accounts)
}

pub fn delete_account(conn: &Connection, id: &str) -> Result<bool, DbError> {
    Ok(conn.execute("DELETE FROM accounts WHERE id = ?1", [id])? == 1)
}

pub fn insert_session(
    conn: &Connection,
    secret_hash: &[u8],
    account_id: &str,
    now_unix: i64,
) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO sessions (secret_hash, account_id, created_at, last_seen_at) \
         VALUES (?1, ?2, ?3, ?3)",
        params![secret_hash, account_id, now_unix],
    )?;
    Ok(())
}

/// The account, start and last use of a session.
pub fn find_session(
    conn: &Connection,
    secret_hash: &[u8],
) -> Result<Option<(String, i64, i64)>, DbError> {
    Ok(conn
        .query_row(
            "SELECT account_id, created_at, last_seen_at FROM sessions WHERE secret_hash = ?1",
            [secret_hash],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?)
}

pub fn touch_session(conn: &Connection, secret_hash: &[u8], now_unix: i64) -> Result<(), DbError> {
    conn.execute(
        "UPDATE sessions SET last_seen_at = ?2 WHERE secret_hash = ?1",
        params![secret_hash, now_unix],
    )?;
    Ok(())
}

pub fn delete_session(conn: &Connection, secret_hash: &[u8]) -> Result<(), DbError> {
    conn.execute("DELETE FROM sessions WHERE secret_hash = ?1", [secret_hash])?;
    Ok(())
}

pub fn insert_token(
    conn: &Connection,
    token: &ApiToken,
    account_id: &str,
    secret_hash: &[u8],
) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO api_tokens (id, account_id, name, secret_hash, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token.id, account_id, token.name, secret_hash, token.created_at],
    )?;
    Ok(())
}

pub fn list_tokens(conn: &Connection, account_id: &str) -> Result<Vec<ApiToken>, DbError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE account_id = ?1 \
         ORDER BY created_at, id",
    )?;
    let rows = statement.query_map([account_id], |row| {
        Ok(ApiToken {
            id: row.get(0)?,
            name: row.get(1)?,
            created_at: row.get(2)?,
            last_used_at: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The token id and account of a secret's hash.
pub fn find_token(
    conn: &Connection,
    secret_hash: &[u8],
) -> Result<Option<(String, String, Option<String>)>, DbError> {
    Ok(conn
        .query_row(
            "SELECT id, account_id, last_used_at FROM api_tokens WHERE secret_hash = ?1",
            [secret_hash],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?)
}

pub fn touch_token(conn: &Connection, id: &str, now: &str) -> Result<(), DbError> {
    conn.execute("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

/// Revokes one of the account's own tokens; false when it has none with this id.
pub fn delete_token(conn: &Connection, id: &str, account_id: &str) -> Result<bool, DbError> {
    let deleted = conn.execute(
        "DELETE FROM api_tokens WHERE id = ?1 AND account_id = ?2",
        params![id, account_id],
    )?;
    Ok(deleted == 1)
}
