//! Settings, from flags or `WIF_*` environment variables (a flag wins).

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
}
