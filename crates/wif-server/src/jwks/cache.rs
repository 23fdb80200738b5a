//! The key cache.
//!
//! **Invariant:** a refresh replaces the whole key set or nothing: a failed fetch keeps the
//! previous keys (until the hard maximum age) and records why, so a flaky issuer never leaves
//! a half-updated set.
//!
//! **Invariant:** concurrent refreshes of one provider share one fetch: each waits on the
//! provider's lock and, once it has it, reuses a fetch that finished while it waited.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use r2d2_sqlite::rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use wif_core::IdentityProvider;
use wif_core::jwk::{self, CachedKeys, KeySet, KeySummary, Revocation};

use super::fetch::Fetcher;
use crate::db::{Db, DbError};

#[derive(Debug, Clone, Copy)]
pub struct CacheSettings {
    /// Keys are fetched again this long after the last fetch.
    pub time_to_live: Duration,
    /// After this long without a successful fetch, the old keys are no longer served.
    pub max_age: Duration,
    /// A token naming an unknown key refreshes a provider at most once per this period.
    pub unknown_kid_cooldown: Duration,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            time_to_live: Duration::from_secs(3600),
            max_age: Duration::from_secs(24 * 3600),
            unknown_kid_cooldown: Duration::from_secs(30),
        }
    }
}

pub struct KeyCache {
    db: Arc<Db>,
    fetcher: Fetcher,
    settings: CacheSettings,
    /// One lock per provider, so that its refreshes queue instead of racing.
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// When a token's unknown key last refreshed each provider.
    unknown_kid_refreshes: Mutex<HashMap<String, Instant>>,
}

/// The stored state of one provider's keys.
#[derive(Debug, Clone, Default)]
struct Stored {
    document: Option<String>,
    fetched_at: Option<i64>,
    last_error: Option<String>,
    last_error_at: Option<i64>,
}

impl Stored {
    /// When a fetch was last tried, whatever its outcome.
    fn attempted_at(&self) -> Option<i64> {
        self.fetched_at.max(self.last_error_at)
    }
}

impl KeyCache {
    pub fn new(db: Arc<Db>, fetcher: Fetcher, settings: CacheSettings) -> KeyCache {
        KeyCache {
            db,
            fetcher,
            settings,
            locks: Mutex::new(HashMap::new()),
            unknown_kid_refreshes: Mutex::new(HashMap::new()),
        }
    }

    /// The provider's keys, fetched first if there are none yet or they have expired.
    pub async fn current(&self, provider: &IdentityProvider) -> Result<CachedKeys, DbError> {
        let stored = self.load(&provider.id).await?;
        if self.is_fresh(&stored) {
            return self.describe(&provider.id, stored).await;
        }
        let stored = self.refresh(provider, stored.attempted_at()).await?;
        self.describe(&provider.id, stored).await
    }

    /// The key set to verify a token whose header names `kid`. An unknown `kid` refreshes the
    /// provider, at most once per cooldown: it is how a rotation is noticed before expiry.
    pub async fn key_set_for(
        &self,
        provider: &IdentityProvider,
        kid: Option<&str>,
    ) -> Result<KeySet, DbError> {
        let mut stored = self.load(&provider.id).await?;
        if !self.is_fresh(&stored) {
            stored = self.refresh(provider, stored.attempted_at()).await?;
        }
        let keys = self.usable(&stored);
        let known = kid.is_none_or(|kid| keys.keys.iter().any(|k| k.kid.as_deref() == Some(kid)));
        if known || !self.may_refresh_for_unknown_kid(&provider.id) {
            return Ok(keys);
        }
        let stored = self.refresh(provider, stored.attempted_at()).await?;
        Ok(self.usable(&stored))
    }

    /// Drops the cached keys at once and fetches them again: for a leaked key, so that tokens
    /// it signed stop verifying now rather than at expiry.
    pub async fn revoke(&self, provider: &IdentityProvider) -> Result<Revocation, DbError> {
        let lock = self.lock_for(&provider.id);
        let _guard = lock.lock().await;

        let before = self.describe(&provider.id, self.load(&provider.id).await?).await?.keys;
        let id = provider.id.clone();
        self.db
            .run(move |conn| {
                conn.execute(
                    "UPDATE key_sets SET jwks_json = NULL, fetched_at = NULL WHERE idp_id = ?1",
                    [&id],
                )?;
                Ok(())
            })
            .await?;
        let stored = self.fetch_and_store(provider, Stored::default()).await?;
        let after = self.describe(&provider.id, stored).await?;

        let names = |keys: &[KeySummary]| keys.iter().map(key_label).collect::<Vec<_>>();
        let (old, new) = (names(&before), names(&after.keys));
        let removed = old.iter().filter(|k| !new.contains(k)).cloned().collect();
        let added = new.iter().filter(|k| !old.contains(k)).cloned().collect();
        Ok(Revocation { before, after, removed, added })
    }

    /// Fetches unless another caller's fetch finished while this one waited for the lock.
    async fn refresh(
        &self,
        provider: &IdentityProvider,
        seen: Option<i64>,
    ) -> Result<Stored, DbError> {
        let lock = self.lock_for(&provider.id);
        let _guard = lock.lock().await;
        let stored = self.load(&provider.id).await?;
        if stored.attempted_at() != seen {
            // Another caller fetched (or tried to) while this one waited: share its outcome.
            return Ok(stored);
        }
        self.fetch_and_store(provider, stored).await
    }

    async fn fetch_and_store(
        &self,
        provider: &IdentityProvider,
        previous: Stored,
    ) -> Result<Stored, DbError> {
        let outcome = self.fetcher.fetch(&provider.issuer_uri).await;
        let id = provider.id.clone();
        let now = OffsetDateTime::now_utc().unix_timestamp();
        match outcome {
            Ok(fetched) => {
                tracing::info!(
                    idp.id = %id,
                    keys.count = fetched.keys.keys.len(),
                    "fetched signing keys"
                );
                let names: Vec<String> = fetched
                    .keys
                    .keys
                    .iter()
                    .enumerate()
                    .map(|(i, k)| name_of(k.kid.as_deref(), i))
                    .collect();
                let document = fetched.document;
                self.db.run(move |conn| store_success(conn, &id, &document, &names, now)).await
            }
            Err(reason) => {
                tracing::warn!(idp.id = %id, error = %reason, "fetching signing keys failed");
                self.db.run(move |conn| store_failure(conn, &id, &reason, now, previous)).await
            }
        }
    }

    fn is_fresh(&self, stored: &Stored) -> bool {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        stored.document.is_some()
            && stored
                .fetched_at
                .is_some_and(|at| now - at < self.settings.time_to_live.as_secs() as i64)
    }

    /// The stored keys, unless they are past the hard maximum age.
    fn usable(&self, stored: &Stored) -> KeySet {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let too_old =
            stored.fetched_at.is_none_or(|at| now - at > self.settings.max_age.as_secs() as i64);
        match &stored.document {
            Some(document) if !too_old => {
                jwk::parse_key_set(document.as_bytes()).unwrap_or_default()
            }
            _ => KeySet::default(),
        }
    }

    fn may_refresh_for_unknown_kid(&self, idp_id: &str) -> bool {
        let mut last = self.unknown_kid_refreshes.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        match last.get(idp_id) {
            Some(at) if now.duration_since(*at) < self.settings.unknown_kid_cooldown => false,
            _ => {
                last.insert(idp_id.to_owned(), now);
                true
            }
        }
    }

    fn lock_for(&self, idp_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(locks.entry(idp_id.to_owned()).or_default())
    }

    async fn load(&self, idp_id: &str) -> Result<Stored, DbError> {
        let id = idp_id.to_owned();
        self.db.run(move |conn| load(conn, &id)).await
    }

    async fn describe(&self, idp_id: &str, stored: Stored) -> Result<CachedKeys, DbError> {
        let id = idp_id.to_owned();
        let first_seen = self.db.run(move |conn| first_seen(conn, &id)).await?;
        let keys = self
            .usable(&stored)
            .keys
            .iter()
            .enumerate()
            .map(|(index, key)| {
                let name = name_of(key.kid.as_deref(), index);
                KeySummary {
                    kid: key.kid.clone(),
                    kty: key.kty.clone(),
                    alg: key.alg.clone(),
                    strength: key.strength.clone(),
                    first_seen_at: first_seen.get(&name).cloned().unwrap_or_default(),
                }
            })
            .collect();
        let ttl = self.settings.time_to_live.as_secs() as i64;
        Ok(CachedKeys {
            keys,
            fetched_at: stored.fetched_at.map(rfc3339),
            expires_at: stored.fetched_at.map(|at| rfc3339(at + ttl)),
            last_error: stored.last_error,
        })
    }
}

fn name_of(kid: Option<&str>, index: usize) -> String {
    kid.map(str::to_owned).unwrap_or_else(|| format!("#{index}"))
}

fn key_label(key: &KeySummary) -> String {
    key.kid.clone().unwrap_or_else(|| format!("{} {}", key.kty, key.strength))
}

fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

fn load(conn: &Connection, idp_id: &str) -> Result<Stored, DbError> {
    let found = conn
        .query_row(
            "SELECT jwks_json, fetched_at, last_error, last_error_at FROM key_sets \
             WHERE idp_id = ?1",
            [idp_id],
            |row| {
                Ok(Stored {
                    document: row.get(0)?,
                    fetched_at: row.get(1)?,
                    last_error: row.get(2)?,
                    last_error_at: row.get(3)?,
                })
            },
        )
        .optional()?;
    Ok(found.unwrap_or_default())
}

fn store_success(
    conn: &mut Connection,
    idp_id: &str,
    document: &str,
    names: &[String],
    now: i64,
) -> Result<Stored, DbError> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO key_sets (idp_id, jwks_json, fetched_at, last_error, last_error_at) \
         VALUES (?1, ?2, ?3, NULL, NULL) ON CONFLICT (idp_id) DO UPDATE SET \
         jwks_json = excluded.jwks_json, fetched_at = excluded.fetched_at, last_error = NULL, \
         last_error_at = NULL",
        params![idp_id, document, now],
    )?;
    for name in names {
        tx.execute(
            "INSERT OR IGNORE INTO key_first_seen (idp_id, key_name, first_seen_at) \
             VALUES (?1, ?2, ?3)",
            params![idp_id, name, rfc3339(now)],
        )?;
    }
    tx.commit()?;
    Ok(Stored {
        document: Some(document.to_owned()),
        fetched_at: Some(now),
        last_error: None,
        last_error_at: None,
    })
}

fn store_failure(
    conn: &mut Connection,
    idp_id: &str,
    reason: &str,
    now: i64,
    previous: Stored,
) -> Result<Stored, DbError> {
    conn.execute(
        "INSERT INTO key_sets (idp_id, last_error, last_error_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (idp_id) DO UPDATE SET last_error = excluded.last_error, \
         last_error_at = excluded.last_error_at",
        params![idp_id, reason, now],
    )?;
    Ok(Stored { last_error: Some(reason.to_owned()), last_error_at: Some(now), ..previous })
}

fn first_seen(conn: &Connection, idp_id: &str) -> Result<HashMap<String, String>, DbError> {
    let mut statement = conn
        .prepare_cached("SELECT key_name, first_seen_at FROM key_first_seen WHERE idp_id = ?1")?;
    let rows = statement.query_map([idp_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
