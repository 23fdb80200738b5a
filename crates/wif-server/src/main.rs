//! `wif-server`: the REST API and the console app on one port.
//!
//! Run `wif-server --help` for the settings; each also reads a `WIF_*` environment variable.

use clap::Parser;
use tracing_subscriber::EnvFilter;
use wif_server::Config;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let filter = EnvFilter::try_from_env("WIF_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();

    let config = Config::parse();
    wif_server::serve(config).await
}
