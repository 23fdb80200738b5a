//! The server over a real TCP port, and its start-up rules.

mod common;

use std::sync::Arc;

use common::provider;
use wif_server::{AppState, Db};

#[tokio::test]
async fn serves_the_api_over_a_real_port() {
    let folder = tempfile::tempdir().unwrap();
    let db = Db::open(&folder.path().join("wif.db")).unwrap();
    let router = wif_server::app(AppState { db: Arc::new(db) }, folder.path(), 64 * 1024);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let client = reqwest::Client::new();
    let base = format!("http://{address}/api/v1/identity-providers");
    let created = client.post(&base).json(&provider("Over TCP", "api://tcp")).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_owned();

    let fetched = client.get(format!("http://{address}{location}")).send().await.unwrap();
    assert_eq!(fetched.status(), 200);
    let body: serde_json::Value = fetched.json().await.unwrap();
    assert_eq!(body["displayName"], "Over TCP");

    let refused = client.post(&base).body("not json").send().await.unwrap();
    assert_eq!(refused.status(), 415);
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
}

#[test]
fn a_database_from_a_newer_server_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("wif.db");
    drop(Db::open(&path).unwrap());

    let conn = r2d2_sqlite::rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);

    let error = Db::open(&path).err().expect("refused");
    assert!(format!("{error:#}").contains("newer than this server"), "{error:#}");
}

#[test]
fn opening_creates_the_folder_and_is_repeatable() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("nested/data/wif.db");
    drop(Db::open(&path).unwrap());
    assert!(path.is_file());
    Db::open(&path).expect("a second open applies no migration twice");
}
