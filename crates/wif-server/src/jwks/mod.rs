//! Each provider's signing keys: fetched from its issuer, cached in the database, refreshed
//! when they expire or when a token names an unknown key, and revoked on demand.

pub mod cache;
pub mod fetch;

pub use cache::{CacheSettings, KeyCache};
pub use fetch::{Fetcher, Reach};
