//! Settings, from flags or `WIF_*` environment variables (a flag wins).

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Parser)]
#[command(name = "wif-server", version, about = "Workload identity federation console server.")]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "WIF_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// SQLite database file; created with its folder on first start.
    #[arg(long, env = "WIF_DATABASE", default_value = "data/wif.db")]
    pub database: PathBuf,

    /// Folder of the built console app (Trunk's `dist/`).
    #[arg(long, env = "WIF_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Largest request body accepted, in bytes; a larger one gets 413.
    #[arg(long, env = "WIF_BODY_LIMIT_BYTES", default_value_t = 64 * 1024)]
    pub body_limit_bytes: usize,

    /// A console session unused this many minutes ends.
    #[arg(long, env = "WIF_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u32,

    /// A console session ends this many hours after sign-in, however busy.
    #[arg(long, env = "WIF_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: u32,

    /// Let issuers use plain http and loopback addresses. For a test issuer on this machine
    /// only: it opens the server to fetching from itself. Off unless given.
    #[arg(long, env = "WIF_ALLOW_INSECURE_ISSUERS")]
    pub allow_insecure_issuers: bool,

    /// Password of the first account, `admin`, created on first start with an empty database.
    /// Without it, a random one is generated and printed once in the log.
    #[arg(long, env = "WIF_BOOTSTRAP_PASSWORD", hide_env_values = true)]
    pub bootstrap_password: Option<Secret>,
}

/// A value kept out of `Debug` output and logs.
#[derive(Clone)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Secret(text.to_owned()))
    }
}
