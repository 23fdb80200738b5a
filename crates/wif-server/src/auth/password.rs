//! Password hashing with argon2id, the memory-hard KDF RFC 9106 recommends.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The PHC string of a password, with a fresh salt and the crate's default argon2id
/// parameters (19 MiB, 2 passes), which follow OWASP's recommendation.
pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system's random source failed");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt length");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters does not fail")
        .to_string()
}

/// [`hash`] on a blocking thread: argon2 costs tens of milliseconds of CPU, which must not hold
/// up the request threads.
pub async fn hash_off_thread(password: String) -> Result<String, tokio::task::JoinError> {
    tokio::task::spawn_blocking(move || hash(&password)).await
}

/// Whether the password matches the stored hash. A malformed hash matches nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
}

/// Spends the time of one verification, so that an unknown user name answers as slowly as a
/// wrong password and the two cannot be told apart.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("not a password anyone has"));
    let _ = verify(password, dummy);
}
