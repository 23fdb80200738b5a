//! Throughput of the token checker with a warm key, next to the raw signature verification
//! of the same library on the same machine in the same run. The ratio is the figure: how much
//! the checker costs on top of the cryptography. Run with `cargo bench -p wif-core`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use wif_core::AuthorizationType;
use wif_core::testing::{RSA_KID, es256, public_keys, rs256};
use wif_core::token::crypto::{self, Algorithm};
use wif_core::token::{CheckInput, CheckedAgainst, Verdict, check};

const NOW: i64 = 1_780_000_000;

/// Calls per second of `work`, measured for about `budget`.
fn rate(budget: Duration, mut work: impl FnMut()) -> f64 {
    for _ in 0..50 {
        work();
    }
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed() < budget {
        for _ in 0..50 {
            work();
        }
        calls += 50;
    }
    calls as f64 / start.elapsed().as_secs_f64()
}

fn measure(name: &str, algorithm: Algorithm, token: &str, keys: &[Map<String, Value>], kid: &str) {
    let against = CheckedAgainst {
        provider_id: Some("6b11aaaaaaaaaaaaaaaaaaaa".into()),
        issuer_uri: "https://accounts.google.com".into(),
        audience: "wif-prod".into(),
        authorization_type: AuthorizationType::User,
        user_claim: "sub".into(),
        groups_claim: "groups".into(),
    };
    let input = CheckInput {
        token,
        against: &against,
        keys: Some(keys),
        now: NOW,
        leeway_seconds: 60,
        max_token_bytes: 16 * 1024,
    };
    assert_eq!(check(&input).verdict, Verdict::Accepted, "the benchmark token must be valid");

    let parts: Vec<&str> = token.rsplitn(2, '.').collect();
    let signing_input = parts[1].as_bytes();
    let signature =
        base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, parts[0])
            .unwrap();
    let key = keys.iter().find(|k| k["kid"] == kid).unwrap();

    let budget = Duration::from_secs(2);
    let checks = rate(budget, || {
        black_box(check(black_box(&input)));
    });
    let verifies = rate(budget, || {
        black_box(crypto::verify(algorithm, key, black_box(signing_input), &signature).unwrap());
    });
    println!(
        "{name}: check {checks:>9.0}/s   raw verify {verifies:>9.0}/s   ratio {:.2}",
        checks / verifies
    );
}

fn main() {
    let claims = json!({"iss": "https://accounts.google.com", "aud": "wif-prod",
        "sub": "109876543210987654321", "azp": "109876543210987654321",
        "email": "svc@project.iam.gserviceaccount.com", "iat": NOW - 60, "exp": NOW + 3600});
    let keys = public_keys();
    let rsa_token = rs256(json!({"alg": "RS256", "kid": RSA_KID}), claims.clone());
    measure("RS256", Algorithm::Rs256, &rsa_token, &keys, RSA_KID);
    let ec_token = es256(json!({"alg": "ES256", "kid": "ec"}), claims);
    measure("ES256", Algorithm::Es256, &ec_token, &keys, "ec");
}
