//! The signing-key cache against a test issuer on loopback: discovery, refused key sets,
//! revocation, failures, rotation by unknown kid, shared fetches, and the SSRF rules.

mod common;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::http::StatusCode;
use common::issuer::{TestIssuer, ec_key, rsa_key};
use common::{ADMIN_PASSWORD, TestApp};
use serde_json::json;

async fn provider_for(app: &TestApp, issuer: &str) -> String {
    let created = app
        .create(json!({"displayName": format!("Issuer {issuer}"), "issuerUri": issuer,
        "audience": "wif", "authorizationType": "USER"}))
        .await;
    created["id"].as_str().unwrap().to_owned()
}

fn jwks_uri(id: &str) -> String {
    format!("/api/v1/identity-providers/{id}/jwks")
}

#[tokio::test]
async fn keys_are_fetched_through_discovery_and_listed_without_key_material() {
    let issuer = TestIssuer::start().await;
    issuer.set_keys(json!({"keys": [rsa_key("rsa-1", 2048), ec_key("ec-1")]}));
    let app = TestApp::with_test_issuers().await;
    let id = provider_for(&app, &issuer.base).await;

    let reply = app.get(&jwks_uri(&id)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let keys = reply.body["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0]["kid"], "rsa-1");
    assert_eq!(keys[0]["strength"], "2048 bits");
    assert_eq!(keys[1]["strength"], "P-256");
    assert!(keys[0]["firstSeenAt"].as_str().unwrap().ends_with('Z'));
    assert!(reply.body["fetchedAt"].is_string() && reply.body["expiresAt"].is_string());
    for member in ["\"n\"", "\"x\"", "\"y\"", "\"e\""] {
        assert!(!reply.text.contains(member), "no key material in the answer: {}", reply.text);
    }

    // The key set itself, for the browser inspector: public members only.
    let set = app.get(&format!("{}/public", jwks_uri(&id))).await;
    assert_eq!(set.status, StatusCode::OK);
    assert_eq!(set.body["keys"][0]["kid"], "rsa-1");
    assert!(set.body["keys"][0]["n"].is_string());
    assert!(set.body["keys"][0].get("d").is_none());

    // A second read within the time to live asks the issuer nothing.
    app.get(&jwks_uri(&id)).await;
    assert_eq!(issuer.key_requests(), 1);
}

#[tokio::test]
async fn unsafe_key_sets_are_refused_whole() {
    let cases = [
        (
            json!({"keys": [
                rsa_key("ok", 2048),
                {"kty": "RSA", "kid": "leak", "n": "AQAB", "e": "AQAB", "d": "AQAB"}
            ]}),
            "private key material",
        ),
        (json!({"keys": [rsa_key("short", 1024)]}), "1024 bits, fewer than 2048"),
        (json!({"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}), "symmetric"),
        (json!({"nokeys": []}), "no \"keys\" array"),
    ];
    for (keys, expected) in cases {
        let issuer = TestIssuer::start().await;
        issuer.set_keys(keys);
        let app = TestApp::with_test_issuers().await;
        let id = provider_for(&app, &issuer.base).await;
        let reply = app.get(&jwks_uri(&id)).await;
        assert_eq!(reply.body["keys"], json!([]), "nothing is kept from a refused set");
        let error = reply.body["lastError"].as_str().unwrap_or_default();
        assert!(error.contains(expected), "{error:?} should mention {expected:?}");
    }
}

#[tokio::test]
async fn a_discovery_document_for_another_issuer_is_refused() {
    let issuer = TestIssuer::start().await;
    *issuer.state.stated_issuer.lock().unwrap() = Some(format!("{}/", issuer.base));
    let app = TestApp::with_test_issuers().await;
    let id = provider_for(&app, &issuer.base).await;
    let reply = app.get(&jwks_uri(&id)).await;
    let error = reply.body["lastError"].as_str().unwrap();
    assert!(error.contains("must be equal byte for byte"), "{error}");
    assert_eq!(issuer.key_requests(), 0, "the key set is not fetched at all");
}

#[tokio::test]
async fn revoking_drops_the_keys_at_once_and_shows_what_changed() {
    let issuer = TestIssuer::start().await;
    let app = TestApp::with_test_issuers().await;
    let id = provider_for(&app, &issuer.base).await;
    app.get(&jwks_uri(&id)).await;

    // The leaked key is replaced at the issuer; the cache would keep it until expiry.
    issuer.set_keys(json!({"keys": [rsa_key("second", 2048)]}));
    assert_eq!(app.get(&jwks_uri(&id)).await.body["keys"][0]["kid"], "first");

    let reader = {
        let federation = app.federation_org_id();
        app.create_account("reader", json!([{"role": "ORG_READ_ONLY", "orgId": federation}])).await;
        app.as_account("reader", ADMIN_PASSWORD).await
    };
    reader.delete(&jwks_uri(&id)).await.assert_problem(403, "forbidden");

    let revoked = app.delete(&jwks_uri(&id)).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text);
    assert_eq!(revoked.body["removed"], json!(["first"]));
    assert_eq!(revoked.body["added"], json!(["second"]));
    assert_eq!(revoked.body["before"][0]["kid"], "first");
    assert_eq!(revoked.body["after"]["keys"][0]["kid"], "second");
    assert_eq!(app.get(&jwks_uri(&id)).await.body["keys"][0]["kid"], "second");

    let trail = app.get(&format!("/api/v1/audit-events?objectId={id}")).await;
    assert_eq!(trail.body["results"][0]["action"], "identity_provider.revoke_keys");
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_old_keys_until_the_hard_maximum_age() {
    let issuer = TestIssuer::start().await;
    let app = TestApp::with_test_issuers().await;
    let id = provider_for(&app, &issuer.base).await;
    app.get(&jwks_uri(&id)).await;

    issuer.state.failing.store(true, Ordering::SeqCst);
    let age = |seconds: i64| {
        app.state
            .db
            .run_now(move |conn| {
                conn.execute("UPDATE key_sets SET fetched_at = fetched_at - ?1", [seconds])?;
                Ok(())
            })
            .unwrap()
    };
    age(2 * 3600);
    let reply = app.get(&jwks_uri(&id)).await;
    assert_eq!(reply.body["keys"][0]["kid"], "first", "expired but still the last good set");
    assert!(reply.body["lastError"].as_str().unwrap().contains("HTTP 503"), "{}", reply.text);

    age(23 * 3600);
    let reply = app.get(&jwks_uri(&id)).await;
    assert_eq!(reply.body["keys"], json!([]), "past the maximum age nothing is served");
}

#[tokio::test]
async fn an_unknown_kid_refreshes_once_per_cooldown() {
    let issuer = TestIssuer::start().await;
    let app = TestApp::with_test_issuers().await;
    let id = provider_for(&app, &issuer.base).await;
    let provider = provider_model(&app, &id).await;

    let keys = app.state.keys.key_set_for(&provider, Some("first")).await.unwrap();
    assert_eq!(keys.keys.len(), 1);
    assert_eq!(issuer.key_requests(), 1);

    issuer.set_keys(json!({"keys": [rsa_key("first", 2048), rsa_key("rotated", 2048)]}));
    let keys = app.state.keys.key_set_for(&provider, Some("rotated")).await.unwrap();
    assert!(keys.keys.iter().any(|k| k.kid.as_deref() == Some("rotated")), "rotation is noticed");
    assert_eq!(issuer.key_requests(), 2);

    // A flood of tokens with made-up kids does not become a flood of fetches.
    for n in 0..5 {
        app.state.keys.key_set_for(&provider, Some(&format!("bogus-{n}"))).await.unwrap();
    }
    assert_eq!(issuer.key_requests(), 2);
}

#[tokio::test]
async fn concurrent_requests_share_one_fetch() {
    let issuer = TestIssuer::start().await;
    *issuer.state.delay.lock().unwrap() = Duration::from_millis(300);
    let app = TestApp::with_test_issuers().await;
    let id = provider_for(&app, &issuer.base).await;
    let provider = provider_model(&app, &id).await;

    let cache = Arc::clone(&app.state.keys);
    let calls = (0..10).map(|_| {
        let (cache, provider) = (Arc::clone(&cache), provider.clone());
        tokio::spawn(async move { cache.key_set_for(&provider, Some("first")).await.unwrap() })
    });
    for call in calls {
        assert_eq!(call.await.unwrap().keys.len(), 1);
    }
    assert_eq!(issuer.key_requests(), 1);
}

#[tokio::test]
async fn hostile_answers_are_refused() {
    let cases = [
        ((StatusCode::FOUND, "application/json", String::new()), "HTTP 302"),
        ((StatusCode::OK, "text/html", "{}".to_owned()), "not JSON"),
        (
            (
                StatusCode::OK,
                "application/json",
                format!("{{\"keys\": [], \"pad\": \"{}\"}}", "x".repeat(300_000)),
            ),
            "more than 256 KiB",
        ),
    ];
    for (answer, expected) in cases {
        let issuer = TestIssuer::start().await;
        *issuer.state.raw_answer.lock().unwrap() = Some(answer);
        let app = TestApp::with_test_issuers().await;
        let id = provider_for(&app, &issuer.base).await;
        let error =
            app.get(&jwks_uri(&id)).await.body["lastError"].as_str().unwrap_or_default().to_owned();
        assert!(error.contains(expected), "{error:?} should mention {expected:?}");
    }
}

#[tokio::test]
async fn without_the_insecure_flag_private_and_loopback_addresses_are_never_fetched() {
    let app = TestApp::new().await;
    let cases = [
        ("https://127.0.0.1:9", "loopback"),
        ("https://10.0.0.1", "private"),
        ("https://169.254.169.254", "cloud metadata"),
        ("https://[::1]:9", "loopback"),
        ("https://[fd00::1]", "private"),
        ("https://localhost:9", "resolves to a loopback address"),
    ];
    for (issuer, expected) in cases {
        // Such issuer URIs are well-formed https URLs: the fetcher is what refuses them.
        let id = provider_for(&app, issuer).await;
        let reply = app.get(&jwks_uri(&id)).await;
        let error = reply.body["lastError"].as_str().unwrap_or_default();
        assert!(error.contains(expected), "{issuer}: {error:?} should mention {expected:?}");
        assert_eq!(reply.body["keys"], json!([]));
    }

    // And plain http is not even a valid issuer without the flag.
    let body = json!({"displayName": "Plain", "issuerUri": "http://127.0.0.1:9", "audience": "a",
        "authorizationType": "USER"});
    app.send_json("POST", "/api/v1/identity-providers", &body)
        .await
        .assert_problem(422, "validation");
}

#[tokio::test]
async fn an_issuer_that_cannot_be_reached_is_reported_with_its_cause() {
    // A port nothing listens on: bound, then closed, so the connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let app = TestApp::with_test_issuers().await;
    let id = provider_for(&app, &format!("http://{closed}")).await;
    let reply = app.get(&jwks_uri(&id)).await;
    let error = reply.body["lastError"].as_str().unwrap_or_default();
    assert!(error.contains("could not be reached"), "{error}");
    assert!(error.to_lowercase().contains("refused"), "the cause is named: {error}");
    assert!(!error.contains("error sending request"), "not reqwest's wording: {error}");
    assert_eq!(reply.body["keys"], json!([]));
}

async fn provider_model(app: &TestApp, id: &str) -> wif_core::IdentityProvider {
    let reply = app.get(&format!("/api/v1/identity-providers/{id}")).await;
    serde_json::from_value(reply.body).unwrap()
}
