//! An OpenID issuer on loopback for the tests: discovery and a key set, with failures and
//! hostile answers on demand.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

/// An OpenID issuer on loopback, serving keys the test generates.
#[derive(Clone)]
pub struct TestIssuer {
    pub base: String,
    pub state: Arc<IssuerState>,
}

pub struct IssuerState {
    pub base: Mutex<String>,
    pub keys: Mutex<Value>,
    pub stated_issuer: Mutex<Option<String>>,
    pub failing: AtomicBool,
    pub key_requests: AtomicUsize,
    pub delay: Mutex<Duration>,
    /// Replaces the key set answer: status, content type, body.
    pub raw_answer: Mutex<Option<(StatusCode, &'static str, String)>>,
}

impl TestIssuer {
    pub async fn start() -> TestIssuer {
        let state = Arc::new(IssuerState {
            base: Mutex::new(String::new()),
            keys: Mutex::new(json!({"keys": [rsa_key("first", 2048)]})),
            stated_issuer: Mutex::new(None),
            failing: AtomicBool::new(false),
            key_requests: AtomicUsize::new(0),
            delay: Mutex::new(Duration::ZERO),
            raw_answer: Mutex::new(None),
        });
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/keys", get(key_set))
            .with_state(Arc::clone(&state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        *state.base.lock().unwrap() = base.clone();
        tokio::spawn(async move { axum::serve(listener, router).await });
        TestIssuer { base, state }
    }

    pub fn set_keys(&self, keys: Value) {
        *self.state.keys.lock().unwrap() = keys;
    }

    pub fn key_requests(&self) -> usize {
        self.state.key_requests.load(Ordering::SeqCst)
    }
}

async fn discovery(State(state): State<Arc<IssuerState>>) -> Response {
    let base = state.base.lock().unwrap().clone();
    let issuer = state.stated_issuer.lock().unwrap().clone().unwrap_or(base.clone());
    axum::Json(json!({"issuer": issuer, "jwks_uri": format!("{base}/keys")})).into_response()
}

async fn key_set(State(state): State<Arc<IssuerState>>) -> Response {
    state.key_requests.fetch_add(1, Ordering::SeqCst);
    let delay = *state.delay.lock().unwrap();
    tokio::time::sleep(delay).await;
    if state.failing.load(Ordering::SeqCst) {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    if let Some((status, content_type, body)) = state.raw_answer.lock().unwrap().clone() {
        return (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    }
    axum::Json(state.keys.lock().unwrap().clone()).into_response()
}

fn random_bytes(length: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; length];
    getrandom::fill(&mut bytes).unwrap();
    bytes
}

/// A public RSA key of `bits` bits. Only the shape matters to the cache; signature checks,
/// which need a real key pair, are the token checker's tests.
pub fn rsa_key(kid: &str, bits: usize) -> Value {
    let mut modulus = random_bytes(bits / 8);
    modulus[0] |= 0x80;
    json!({"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig",
           "n": URL_SAFE_NO_PAD.encode(modulus), "e": "AQAB"})
}

pub fn ec_key(kid: &str) -> Value {
    json!({"kty": "EC", "kid": kid, "crv": "P-256",
           "x": URL_SAFE_NO_PAD.encode(random_bytes(32)),
           "y": URL_SAFE_NO_PAD.encode(random_bytes(32))})
}
