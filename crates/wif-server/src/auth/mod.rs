//! Who is calling: passwords, sessions, API tokens, and the sign-in rate limit.
//!
//! **Invariant:** the database holds no usable credential. Passwords are argon2id hashes;
//! session ids and API tokens are random 256-bit secrets stored as SHA-256 hashes, so a copy of
//! the database file signs nobody in.

mod caller;
mod limiter;
pub mod password;
pub mod session_cookie;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

pub use caller::Caller;
pub use limiter::LoginLimiter;

/// Prefix of API token secrets, so that a leaked one is recognizable in a scan.
pub const TOKEN_PREFIX: &str = "wif_";

/// A new random secret: 32 bytes from the operating system, base64url.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    // Without an OS random source no credential can be made safely; that is fatal.
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a secret. A plain hash suffices: the secret has 256 random bits,
/// so there is nothing to guess that a slow hash would protect.
pub fn secret_hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Session lifetime rules.
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    /// A session unused this long ends.
    pub idle_seconds: i64,
    /// A session ends this long after sign-in, however busy.
    pub absolute_seconds: i64,
}
