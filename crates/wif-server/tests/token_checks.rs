//! `POST /api/v1/token-checks` gives the core's verdict, with pasted or cached keys.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use common::issuer::TestIssuer;
use serde_json::{Value, json};
use wif_core::AuthorizationType;
use wif_core::testing::{RSA_KID, public_keys, rs256};
use wif_core::token::{CheckInput, CheckedAgainst, check};

const CHECKS: &str = "/api/v1/token-checks";

fn claims(issuer: &str) -> Value {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    json!({"iss": issuer, "aud": "wif-prod", "sub": "109876543210987654321",
           "iat": now - 60, "exp": now + 3600})
}

fn header() -> Value {
    json!({"alg": "RS256", "kid": RSA_KID})
}

async fn google_like(app: &TestApp, issuer: &str) -> String {
    let created = app
        .create(json!({"displayName": "Google", "issuerUri": issuer,
        "audience": "wif-prod", "authorizationType": "USER"}))
        .await;
    created["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_server_gives_the_same_verdict_as_the_core() {
    let app = TestApp::new().await;
    let issuer = "https://accounts.google.com";
    let id = google_like(&app, issuer).await;
    let keys = public_keys();
    let jwks = json!({ "keys": keys });

    let good = rs256(header(), claims(issuer));
    let mut tampered = good.clone();
    tampered.pop();
    let cases = [
        good.clone(),
        tampered,
        rs256(header(), json!({"iss": "accounts.google.com", "aud": ["x", "wif-prod"], "exp": 1})),
        rs256(json!({"alg": "RS256", "kid": "unknown"}), claims(issuer)),
        rs256(json!({"alg": "RS256", "kid": RSA_KID, "crit": ["b64"]}), claims(issuer)),
        "not.a.token".to_owned(),
    ];
    let against = CheckedAgainst {
        provider_id: Some(id.clone()),
        issuer_uri: issuer.into(),
        audience: "wif-prod".into(),
        authorization_type: AuthorizationType::User,
        user_claim: "sub".into(),
        groups_claim: "groups".into(),
    };
    for token in cases {
        let body = json!({"token": token, "identityProviderId": id, "jwks": jwks});
        let reply = app.send_json("POST", CHECKS, &body).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);

        let core = check(&CheckInput {
            token: &token,
            against: &against,
            keys: Some(&keys),
            now: time::OffsetDateTime::now_utc().unix_timestamp(),
            leeway_seconds: 60,
            max_token_bytes: 16 * 1024,
        });
        let core = serde_json::to_value(&core).unwrap();
        assert_eq!(reply.body["verdict"], core["verdict"], "{token}");
        assert_eq!(reply.body["reasons"], core["reasons"], "{token}");
        assert_eq!(reply.body["principal"], core["principal"], "{token}");
    }

    let accepted = app.send_json("POST", CHECKS, &json!({"token": good, "jwks": jwks})).await;
    assert_eq!(accepted.body["verdict"], "accepted", "the provider is found by iss and aud");
    assert_eq!(accepted.body["principal"]["username"], format!("{id}/109876543210987654321"));
}

#[tokio::test]
async fn without_pasted_keys_the_cached_keys_are_used() {
    let issuer = TestIssuer::start().await;
    issuer.set_keys(json!({ "keys": public_keys() }));
    let app = TestApp::with_test_issuers().await;
    let id = google_like(&app, &issuer.base).await;

    let token = rs256(header(), claims(&issuer.base));
    let reply =
        app.send_json("POST", CHECKS, &json!({"token": token, "identityProviderId": id})).await;
    assert_eq!(reply.body["verdict"], "accepted", "{}", reply.text);
    assert_eq!(reply.body["signatureVerified"], true);

    // After the key is dropped at the issuer and revoked here, the same token stops verifying.
    issuer.set_keys(json!({"keys": [common::issuer::rsa_key("replacement", 2048)]}));
    app.delete(&format!("/api/v1/identity-providers/{id}/jwks")).await;
    let reply =
        app.send_json("POST", CHECKS, &json!({"token": token, "identityProviderId": id})).await;
    assert_eq!(reply.body["verdict"], "rejected");
    assert_eq!(reply.body["reasons"][0]["code"], "key_not_found");
}

#[tokio::test]
async fn bad_requests_get_problems_and_broken_tokens_get_reports() {
    let app = TestApp::new().await;
    let id = google_like(&app, "https://accounts.google.com").await;

    let reply = app.send_json("POST", CHECKS, &json!({"token": "x.y"})).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["reasons"][0]["code"], "malformed");

    let reply = app.send_raw("POST", CHECKS, Some("application/json"), "{not json").await;
    reply.assert_problem(400, "malformed-json");

    let token = rs256(header(), claims("https://nobody.example"));
    let errors = app
        .send_json("POST", CHECKS, &json!({"token": token}))
        .await
        .assert_problem(422, "validation");
    assert_eq!(common::fields(&errors), ["identityProviderId"]);

    let body = json!({"token": token, "identityProviderId": id, "jwks": {"nokeys": 1}});
    let errors = app.send_json("POST", CHECKS, &body).await.assert_problem(422, "validation");
    assert_eq!(common::fields(&errors), ["jwks"]);

    app.anonymous()
        .send_json("POST", CHECKS, &json!({"token": token}))
        .await
        .assert_problem(401, "unauthenticated");
}

#[tokio::test]
async fn the_provider_is_found_by_issuer_and_audience_among_many() {
    let app = TestApp::new().await;
    let issuer = "https://accounts.google.com";
    // More providers than one page holds, all sorted before the one the token names.
    for n in 0..501 {
        app.create(json!({"displayName": format!("A {n:03}"), "issuerUri": issuer,
            "audience": format!("other-{n}"), "authorizationType": "USER"}))
            .await;
    }
    let created = app
        .create(json!({"displayName": "Z last", "issuerUri": issuer,
            "audience": "wif-prod", "authorizationType": "USER"}))
        .await;
    let jwks = json!({ "keys": public_keys() });

    let token = rs256(header(), claims(issuer));
    let reply = app.send_json("POST", CHECKS, &json!({"token": token, "jwks": jwks})).await;
    assert_eq!(reply.body["verdict"], "accepted", "{}", reply.text);
    let expected = format!("{}/109876543210987654321", created["id"].as_str().unwrap());
    assert_eq!(reply.body["principal"]["username"], expected, "checked against the last one");
}

#[tokio::test]
async fn a_token_naming_two_providers_asks_which_one() {
    let app = TestApp::new().await;
    let issuer = "https://accounts.google.com";
    for (name, audience) in [("Reports", "wif-reports"), ("Payments", "wif-payments")] {
        app.create(json!({"displayName": name, "issuerUri": issuer, "audience": audience,
            "authorizationType": "USER"}))
            .await;
    }

    let mut both = claims(issuer);
    both["aud"] = json!(["wif-reports", "wif-payments"]);
    let token = rs256(header(), both);
    let errors = app
        .send_json("POST", CHECKS, &json!({"token": token}))
        .await
        .assert_problem(422, "validation");
    assert_eq!(common::fields(&errors), ["identityProviderId"]);
    let message = &errors[0].1;
    assert!(message.contains("\"Reports\"") && message.contains("\"Payments\""), "{message}");
}
