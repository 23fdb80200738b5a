//! SQLite storage through rusqlite, on a small connection pool.
//!
//! rusqlite is synchronous; [`Db::run`] moves each unit of work to Tokio's blocking threads so
//! that a slow disk never stalls the request threads.

pub mod accounts;
pub mod audit;
pub mod database_users;
pub mod identity_providers;
pub mod orgs;

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use r2d2_sqlite::SqliteConnectionManager;
use r2d2_sqlite::rusqlite::{self, Connection};

/// Schema changes, applied in order; `PRAGMA user_version` records how many have run.
///
/// **Invariant:** a migration, once released, is never edited; a change is a new file.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_identity_providers.sql"),
    include_str!("../../migrations/0002_access.sql"),
    include_str!("../../migrations/0003_organizations.sql"),
    include_str!("../../migrations/0004_key_cache.sql"),
    include_str!("../../migrations/0005_database_users.sql"),
];

/// The outcome of a change that can be refused for a reason the client can act on.
#[derive(Debug)]
pub enum Outcome<T> {
    Done(T),
    NotFound,
    /// The change breaks a rule that involves other objects (uniqueness, dependencies).
    Conflict(Vec<wif_core::FieldError>),
    /// The change breaks a rule of the object's own fields.
    Invalid(Vec<wif_core::FieldError>),
    /// `If-Match` named a version that is no longer current.
    Stale,
}

/// The version a write expects (from `If-Match`), or any.
pub type Expected = Option<i64>;

/// Whether the stored version is the one the client expects.
pub fn is_current(expected: Expected, stored: i64) -> bool {
    expected.is_none_or(|expected| expected == stored)
}

/// The stored version of one row of a versioned table.
pub fn version_of(
    conn: &Connection,
    table: &'static str,
    id: &str,
) -> Result<Option<i64>, DbError> {
    use r2d2_sqlite::rusqlite::OptionalExtension;
    let sql = format!("SELECT version FROM {table} WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], |row| row.get(0)).optional()?)
}

/// Why a unit of storage work failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("SQLite failed")]
    Sqlite(#[from] rusqlite::Error),
    #[error("no database connection is free")]
    Pool(#[from] r2d2::Error),
    #[error("the storage task did not finish")]
    Task(#[from] tokio::task::JoinError),
    #[error("a row written in this transaction cannot be read back")]
    Missing,
}

pub struct Db {
    pool: r2d2::Pool<SqliteConnectionManager>,
}

impl Db {
    /// Opens (or creates) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create the folder {}", folder.display()))?;
        }

        let manager = SqliteConnectionManager::file(path).with_init(|conn| {
            // WAL lets readers go on while one writer commits; the busy timeout makes a second
            // writer wait for the first instead of failing at once.
            conn.busy_timeout(Duration::from_secs(5))?;
            conn.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
            )
        });
        let pool = r2d2::Pool::builder()
            .max_size(8)
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .context("cannot open a connection")?;

        let mut conn = pool.get()?;
        migrate(&mut conn)?;
        Ok(Db { pool })
    }

    /// Runs `work` on a pooled connection on this thread: for start-up, before serving.
    pub fn run_now<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        let mut conn = self.pool.get()?;
        work(&mut conn)
    }

    /// Runs `work` on a pooled connection on a blocking thread.
    pub async fn run<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let applied: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if applied > MIGRATIONS.len() {
        anyhow::bail!(
            "the database has schema version {applied}, newer than this server's {}; \
             run a newer wif-server",
            MIGRATIONS.len()
        );
    }

    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let version = index + 1;
        // Each migration and its version bump commit together, or not at all.
        let tx = conn.transaction()?;
        tx.execute_batch(sql).with_context(|| format!("migration {version} failed"))?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(schema.version = version, "applied a database migration");
    }
    Ok(())
}
