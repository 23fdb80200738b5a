//! A test server: the real router over a real SQLite file in a temporary folder.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

pub mod browser;
pub mod issuer;

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use wif_server::AppState;
use wif_server::auth::SessionSettings;

pub const BODY_LIMIT: usize = 64 * 1024;
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";
/// The console's own origin in these tests; requests carry it as browsers do.
pub const ORIGIN: &str = "http://wif.test";

pub const SESSIONS: SessionSettings =
    SessionSettings { idle_seconds: 1800, absolute_seconds: 43200 };

pub struct TestApp {
    pub router: Router,
    pub folder: tempfile::TempDir,
    pub state: AppState,
    /// The session cookie sent with every request, once signed in.
    pub cookie: Option<String>,
}

/// What a request got back.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    pub body: Value,
    pub text: String,
}

impl TestApp {
    /// An app with the first account signed in, the way the console signs in.
    pub async fn new() -> TestApp {
        let mut app = TestApp::signed_out();
        app.sign_in("admin", ADMIN_PASSWORD).await;
        app
    }

    /// An app whose key fetcher may reach a test issuer on loopback over http, signed in.
    pub async fn with_test_issuers() -> TestApp {
        let mut app = TestApp::build(wif_server::jwks::Reach::AlsoLoopback);
        app.sign_in("admin", ADMIN_PASSWORD).await;
        app
    }

    /// An app with nobody signed in.
    pub fn signed_out() -> TestApp {
        TestApp::build(wif_server::jwks::Reach::PublicHttps)
    }

    fn build(reach: wif_server::jwks::Reach) -> TestApp {
        let folder = tempfile::tempdir().expect("temporary folder");
        let dist = folder.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!doctype html><title>wif-console</title>")
            .unwrap();
        std::fs::write(dist.join("app.js"), "console.log('app')").unwrap();

        let database = folder.path().join("data/wif.db");
        let state = AppState::open_with(&database, SESSIONS, Some(ADMIN_PASSWORD), reach)
            .expect("database");
        let router = wif_server::app(state.clone(), &dist, BODY_LIMIT);
        TestApp { router, folder, state, cookie: None }
    }

    /// Signs in through the API and keeps the session cookie; panics if refused.
    pub async fn sign_in(&mut self, username: &str, password: &str) {
        self.cookie = None;
        let body = json!({"username": username, "password": password});
        let reply = self.send_json("POST", "/api/v1/sessions", &body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "sign-in as {username}: {}", reply.text);
        let cookie = reply.set_cookie.expect("a session cookie");
        self.cookie = Some(cookie.split(';').next().unwrap().to_owned());
    }

    /// The same app and database, as another signed-in account.
    pub async fn as_account(&self, username: &str, password: &str) -> TestApp {
        let mut other = TestApp {
            router: self.router.clone(),
            folder: tempfile::tempdir().unwrap(),
            state: self.state.clone(),
            cookie: None,
        };
        other.sign_in(username, password).await;
        other
    }

    /// The same app and database, with nobody signed in.
    pub fn anonymous(&self) -> TestApp {
        TestApp {
            router: self.router.clone(),
            folder: tempfile::tempdir().unwrap(),
            state: self.state.clone(),
            cookie: None,
        }
    }

    pub fn database_path(&self) -> PathBuf {
        self.folder.path().join("data/wif.db")
    }

    /// Creates an account through the API (as the signed-in account) and returns its id.
    pub async fn create_account(&self, username: &str, grants: Value) -> String {
        let body = json!({"username": username, "password": ADMIN_PASSWORD, "grants": grants});
        let reply = self.send_json("POST", "/api/v1/accounts", &body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        reply.body["id"].as_str().unwrap().to_owned()
    }

    pub fn federation_org_id(&self) -> String {
        self.state.federation_org_id.to_string()
    }

    pub async fn request(&self, mut request: Request<Body>) -> Reply {
        let headers = request.headers_mut();
        headers.insert(header::HOST, "wif.test".parse().unwrap());
        headers.entry(header::ORIGIN).or_insert(ORIGIN.parse().unwrap());
        if let Some(cookie) = &self.cookie {
            headers.insert(header::COOKIE, cookie.parse().unwrap());
        }
        let response = self.router.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let header_text = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
        };
        let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
        let location = header_text(header::LOCATION);
        let set_cookie = header_text(header::SET_COOKIE);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, content_type, location, set_cookie, body, text }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.request(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn send_json(&self, method: &str, uri: &str, body: &Value) -> Reply {
        self.send_raw(method, uri, Some("application/json"), body.to_string()).await
    }

    pub async fn send_raw(
        &self,
        method: &str,
        uri: &str,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(content_type) = content_type {
            builder = builder.header(header::CONTENT_TYPE, content_type);
        }
        self.request(builder.body(body.into()).unwrap()).await
    }

    pub async fn delete(&self, uri: &str) -> Reply {
        self.request(Request::delete(uri).body(Body::empty()).unwrap()).await
    }

    /// Creates a provider and returns its body, failing the test if it is refused.
    pub async fn create(&self, body: Value) -> Value {
        let reply = self.send_json("POST", "/api/v1/identity-providers", &body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        reply.body
    }
}

/// A valid creation body; tests change the fields they care about.
pub fn provider(name: &str, audience: &str) -> Value {
    json!({
        "displayName": name,
        "issuerUri": "https://login.microsoftonline.com/0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21/v2.0",
        "audience": audience,
        "authorizationType": "USER",
    })
}

impl Reply {
    /// Asserts an RFC 9457 problem of this status and type, and returns its field errors.
    pub fn assert_problem(&self, status: u16, type_suffix: &str) -> Vec<(String, String)> {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(self.content_type, "application/problem+json", "{}", self.text);
        let problem_type = self.body["type"].as_str().unwrap_or_default();
        assert!(
            problem_type.ends_with(type_suffix),
            "type {problem_type:?} should end with {type_suffix:?}"
        );
        assert_eq!(self.body["status"], status);
        let detail = self.body["detail"].as_str().expect("a detail");
        assert!(detail.ends_with('.'), "detail is a sentence: {detail:?}");
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| {
                        let field = e["field"].as_str().unwrap().to_owned();
                        (field, e["message"].as_str().unwrap().to_owned())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub fn fields(errors: &[(String, String)]) -> Vec<&str> {
    errors.iter().map(|(field, _)| field.as_str()).collect()
}
