//! Ids and timestamps as the API shows them.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A new id in the Atlas shape: 24 lowercase hex characters, the creation second first (so ids
/// sort roughly by age), then 8 random bytes.
pub fn new_id() -> String {
    let seconds = OffsetDateTime::now_utc().unix_timestamp() as u32;
    let mut random = [0u8; 8];
    // Without an OS random source the server cannot make ids that never collide; that is fatal.
    getrandom::fill(&mut random).expect("the operating system's random source failed");

    let mut id = String::with_capacity(24);
    for byte in seconds.to_be_bytes().iter().chain(random.iter()) {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

/// True for strings of the id shape.
pub fn is_id(text: &str) -> bool {
    text.len() == 24 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Now, as RFC 3339 in UTC to the second, like Atlas timestamps.
pub fn now() -> String {
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    now.format(&Rfc3339).unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// Now, in whole seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}
