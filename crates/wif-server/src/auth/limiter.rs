//! Failed sign-ins, counted per account and per client address in a sliding window.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many failures are allowed within the window, per key.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_account: u32,
    pub per_address: u32,
    pub window: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { per_account: 5, per_address: 20, window: Duration::from_secs(15 * 60) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

/// Failures are kept in memory: a restart forgets them, which is acceptable for a limit whose
/// purpose is to slow guessing, not to lock accounts.
pub struct LoginLimiter {
    limits: Limits,
    failures: Mutex<HashMap<Key, Vec<Instant>>>,
}

impl LoginLimiter {
    pub fn new(limits: Limits) -> Self {
        LoginLimiter { limits, failures: Mutex::new(HashMap::new()) }
    }

    /// How long to wait, if this account or address has failed too often.
    // FIXME: checking and recording are separate steps around a slow password hash, so guesses
    // sent in parallel all pass the check before any is recorded: the limit holds per wave, not
    // per guess. Reserving an attempt at check time would close it.
    pub fn retry_after(&self, username: &str, address: Option<IpAddr>) -> Option<Duration> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = None;
        for (key, limit) in self.keys(username, address) {
            let Some(times) = failures.get_mut(&key) else { continue };
            times.retain(|t| now.duration_since(*t) < self.limits.window);
            if times.len() as u32 >= limit {
                let oldest = times[0];
                let remaining = self.limits.window.saturating_sub(now.duration_since(oldest));
                wait = wait.max(Some(remaining.max(Duration::from_secs(1))));
            }
        }
        wait
    }

    pub fn record_failure(&self, username: &str, address: Option<IpAddr>) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Bound the memory an attacker can make us use with made-up names.
        if failures.len() > 100_000 {
            let window = self.limits.window;
            failures.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < window));
        }
        for (key, _) in self.keys(username, address) {
            failures.entry(key).or_default().push(now);
        }
    }

    /// A successful sign-in clears the account's failures (not the address's).
    pub fn record_success(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&Key::Account(username.to_lowercase()));
    }

    fn keys(&self, username: &str, address: Option<IpAddr>) -> Vec<(Key, u32)> {
        let mut keys = vec![(Key::Account(username.to_lowercase()), self.limits.per_account)];
        if let Some(address) = address {
            keys.push((Key::Address(address), self.limits.per_address));
        }
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_account_and_each_address() {
        let limiter = LoginLimiter::new(Limits {
            per_account: 2,
            per_address: 3,
            window: Duration::from_secs(60),
        });
        let address: IpAddr = "192.0.2.1".parse().unwrap();

        limiter.record_failure("Alice", Some(address));
        assert_eq!(limiter.retry_after("alice", Some(address)), None);
        limiter.record_failure("alice", Some(address));
        assert!(limiter.retry_after("ALICE", None).is_some(), "names are folded");

        limiter.record_failure("bob", Some(address));
        assert!(limiter.retry_after("carol", Some(address)).is_some(), "the address is spent");
        assert_eq!(limiter.retry_after("carol", None), None);

        limiter.record_success("alice");
        assert_eq!(limiter.retry_after("alice", None), None);
    }
}
