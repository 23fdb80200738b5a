//! The server over a real TCP port, and its start-up rules.

mod common;

use common::{ADMIN_PASSWORD, SESSIONS, provider};
use serde_json::json;
use wif_server::{AppState, Db};

#[tokio::test]
async fn serves_the_api_over_a_real_port() {
    let folder = tempfile::tempdir().unwrap();
    let state = AppState::open(&folder.path().join("wif.db"), SESSIONS, Some(ADMIN_PASSWORD));
    let router = wif_server::app(state.unwrap(), folder.path(), 64 * 1024);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });

    // A script signs in once, makes an API token, and uses only the token from then on.
    let client = reqwest::Client::new();
    let api = format!("http://{address}/api/v1");
    let signed_in = client
        .post(format!("{api}/sessions"))
        .header("origin", format!("http://{address}"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 201);
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP cannot carry a Secure cookie: {cookie}");
    let session = cookie.split(';').next().unwrap().to_owned();
    let token: serde_json::Value = client
        .post(format!("{api}/api-tokens"))
        .header("origin", format!("http://{address}"))
        .header("cookie", session)
        .json(&json!({"name": "deploy script"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", token["secret"].as_str().unwrap());

    let base = format!("{api}/identity-providers");
    let created = client
        .post(&base)
        .header("authorization", &bearer)
        .json(&provider("Over TCP", "api://tcp"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_owned();

    let fetched = client
        .get(format!("http://{address}{location}"))
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.status(), 200);
    let body: serde_json::Value = fetched.json().await.unwrap();
    assert_eq!(body["displayName"], "Over TCP");

    let refused =
        client.post(&base).header("authorization", &bearer).body("not json").send().await.unwrap();
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

#[tokio::test]
async fn oversized_headers_are_refused_before_any_handler_runs() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let folder = tempfile::tempdir().unwrap();
    let state = AppState::open(&folder.path().join("wif.db"), SESSIONS, Some(ADMIN_PASSWORD));
    let router = wif_server::app(state.unwrap(), folder.path(), 64 * 1024);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });

    // hyper's limit is 100 headers; this request has 150.
    let mut request = String::from("GET /healthz HTTP/1.1\r\nHost: test\r\n");
    for n in 0..150 {
        request.push_str(&format!("X-Filler-{n}: x\r\n"));
    }
    request.push_str("\r\n");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ =
        tokio::time::timeout(std::time::Duration::from_secs(5), stream.read_to_end(&mut answer))
            .await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
}
