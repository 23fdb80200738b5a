//! The audit trail: one row per change or sign-in, written in the transaction of the change.

use r2d2_sqlite::rusqlite::{Connection, Row, params, params_from_iter, types::Value};
use serde::Serialize;
use wif_core::{AuditEvent, PageRequest};

use super::DbError;

/// Who did something. For a failed sign-in under an unknown name there is no account.
#[derive(Debug, Clone)]
pub struct Actor {
    pub account_id: Option<String>,
    pub username: String,
}

/// What to record; `before` and `after` must already leave secrets out.
pub struct Record<'a> {
    pub actor: &'a Actor,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Option<&'a str>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Serializes an object for the trail.
pub fn snapshot(value: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

pub fn record(conn: &Connection, now: &str, record: Record<'_>) -> Result<(), DbError> {
    let json = |value: Option<serde_json::Value>| value.map(|v| v.to_string());
    conn.execute(
        "INSERT INTO audit_events (at, account_id, username, action, object_type, object_id, \
         before_json, after_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            now,
            record.actor.account_id,
            record.actor.username,
            record.action,
            record.object_type,
            record.object_id,
            json(record.before),
            json(record.after),
        ],
    )?;
    Ok(())
}

/// Filters of the audit list; each one given narrows it.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub account_id: Option<String>,
}

/// Newest first.
pub fn list(
    conn: &Connection,
    filter: &Filter,
    page: PageRequest,
) -> Result<(Vec<AuditEvent>, u64), DbError> {
    let mut conditions = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    for (column, value) in [
        ("object_type", &filter.object_type),
        ("object_id", &filter.object_id),
        ("account_id", &filter.account_id),
    ] {
        if let Some(value) = value {
            values.push(Value::Text(value.clone()));
            conditions.push(format!("{column} = ?{}", values.len()));
        }
    }
    let condition = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };

    let total: u64 = conn.query_row(
        &format!("SELECT count(*) FROM audit_events {condition}"),
        params_from_iter(values.iter()),
        |row| row.get(0),
    )?;
    values.push(Value::Integer(i64::from(page.items_per_page)));
    values.push(Value::Integer(page.offset() as i64));
    let sql = format!(
        "SELECT id, at, account_id, username, action, object_type, object_id, before_json, \
         after_json FROM audit_events {condition} ORDER BY id DESC LIMIT ?{} OFFSET ?{}",
        values.len() - 1,
        values.len()
    );
    let mut statement = conn.prepare(&sql)?;
    let events = statement.query_map(params_from_iter(values.iter()), from_row)?;
    Ok((events.collect::<Result<_, _>>()?, total))
}

fn from_row(row: &Row<'_>) -> r2d2_sqlite::rusqlite::Result<AuditEvent> {
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    Ok(AuditEvent {
        id: row.get(0)?,
        at: row.get(1)?,
        account_id: row.get(2)?,
        username: row.get(3)?,
        action: row.get(4)?,
        object_type: row.get(5)?,
        object_id: row.get(6)?,
        before: json(row.get(7)?),
        after: json(row.get(8)?),
    })
}
