//! A test server: the real router over a real SQLite file in a temporary folder.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use wif_server::{AppState, Db};

pub const BODY_LIMIT: usize = 64 * 1024;

pub struct TestApp {
    pub router: Router,
    pub folder: tempfile::TempDir,
}

/// What a request got back.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub location: Option<String>,
    pub body: Value,
    pub text: String,
}

impl TestApp {
    pub fn new() -> TestApp {
        let folder = tempfile::tempdir().expect("temporary folder");
        let dist = folder.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!doctype html><title>wif-console</title>")
            .unwrap();
        std::fs::write(dist.join("app.js"), "console.log('app')").unwrap();

        let db = Db::open(&folder.path().join("data/wif.db")).expect("database");
        let state = AppState { db: Arc::new(db) };
        let router = wif_server::app(state, &dist, BODY_LIMIT);
        TestApp { router, folder }
    }

    pub fn database_path(&self) -> PathBuf {
        self.folder.path().join("data/wif.db")
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
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
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, content_type, location, body, text }
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
