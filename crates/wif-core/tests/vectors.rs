//! Signature verification against published vectors: Wycheproof and RFC 7520.

mod common;

use serde_json::{Map, Value};
use wif_core::token::crypto::{self, Algorithm};
use wif_core::token::decode;

fn hex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

/// Runs every test of a Wycheproof file; returns how many were decided (not "acceptable").
fn wycheproof(document: &str, algorithm: Algorithm, jwk_member: &str) -> usize {
    let document: Value = serde_json::from_str(document).unwrap();
    let mut decided = 0;
    for group in document["testGroups"].as_array().unwrap() {
        let jwk: Map<String, Value> = group[jwk_member].as_object().unwrap().clone();
        for test in group["tests"].as_array().unwrap() {
            let (message, signature) =
                (hex(test["msg"].as_str().unwrap()), hex(test["sig"].as_str().unwrap()));
            let verified = crypto::verify(algorithm, &jwk, &message, &signature).unwrap_or(false);
            let id = test["tcId"].as_i64().unwrap();
            match test["result"].as_str().unwrap() {
                "valid" => assert!(verified, "test {id} ({}) must verify", test["comment"]),
                "invalid" => assert!(!verified, "test {id} ({}) must not verify", test["comment"]),
                _ => continue,
            }
            decided += 1;
        }
    }
    decided
}

both_targets! {
    fn wycheproof_ecdsa_p256_sha256() {
        let file = include_str!("vectors/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json");
        assert!(wycheproof(file, Algorithm::Es256, "publicKeyJwk") > 200);
    }

    fn wycheproof_ecdsa_p384_sha384() {
        let file = include_str!("vectors/wycheproof/ecdsa_secp384r1_sha384_p1363_test.json");
        assert!(wycheproof(file, Algorithm::Es384, "publicKeyJwk") > 200);
    }

    fn wycheproof_ed25519() {
        let file = include_str!("vectors/wycheproof/ed25519_test.json");
        assert!(wycheproof(file, Algorithm::EdDsa, "publicKeyJwk") > 100);
    }

    fn wycheproof_rsa_pkcs1_2048_sha256() {
        let file = include_str!("vectors/wycheproof/rsa_signature_2048_sha256_test.json");
        assert!(wycheproof(file, Algorithm::Rs256, "keyJwk") > 100);
    }

    fn wycheproof_rsa_pss_2048_sha256() {
        let file = include_str!("vectors/wycheproof/rsa_pss_2048_sha256_mgf1_32_test.json");
        assert!(wycheproof(file, Algorithm::Ps256, "publicKeyJwk") > 50);
    }

    fn wycheproof_json_web_signatures() {
        let document: Value = serde_json::from_str(include_str!(
            "vectors/wycheproof/json_web_signature_test.json"
        ))
        .unwrap();
        let mut decided = 0;
        for group in document["testGroups"].as_array().unwrap() {
            let kind = group["comment"].as_str().unwrap_or_default();
            let key = group
                .get("public")
                .or_else(|| group.get("private"))
                .cloned()
                .unwrap_or(Value::Null);
            // A set is given for some groups: take its first key.
            let key = key.get("keys").and_then(|k| k.get(0)).cloned().unwrap_or(key);
            let Some(key) = key.as_object() else { continue };
            let symmetric = key.get("kty").and_then(Value::as_str) == Some("oct");
            for test in group["tests"].as_array().unwrap() {
                let id = test["tcId"].as_i64().unwrap();
                // Only the compact serialization is accepted; a JSON-serialized JWS never is.
                let verified =
                    test["jws"].as_str().is_some_and(|jws| crypto::verify_compact(jws, key));
                if symmetric {
                    assert!(!verified, "test {id} ({kind}): an HMAC token must never verify");
                    continue;
                }
                // The older schema pairs a PS256 key with a PS384 token (RFC 7520 figure 20);
                // a key's own alg binds here, so such a pair is refused on purpose.
                if key_alg_differs(key, &test["jws"]) {
                    assert!(!verified, "test {id} ({kind}): a key's alg must bind");
                    continue;
                }
                match test["result"].as_str().unwrap() {
                    "valid" if test["jws"].is_string() => {
                        assert!(verified, "test {id} ({kind}, {}) must verify", test["comment"])
                    }
                    "valid" => {}
                    "invalid" => {
                        assert!(
                            !verified,
                            "test {id} ({kind}, {}) must not verify",
                            test["comment"]
                        )
                    }
                    _ => continue,
                }
                decided += 1;
            }
        }
        assert!(decided > 300, "{decided}");
    }

    fn rfc7515_appendix_a_examples_verify() {
        let document: Value =
            serde_json::from_str(include_str!("vectors/rfc7515/appendix_a.json")).unwrap();
        for example in document["examples"].as_array().unwrap() {
            let name = example["name"].as_str().unwrap();
            let jws = example["jws"].as_str().unwrap();
            let key = example["key"].as_object().unwrap();
            assert!(crypto::verify_compact(jws, key), "{name} must verify");

            // One changed character of the payload breaks it.
            let mut changed: Vec<char> = jws.chars().collect();
            let at = jws.find('.').unwrap() + 5;
            changed[at] = if changed[at] == 'A' { 'B' } else { 'A' };
            let changed: String = changed.into_iter().collect();
            assert!(!crypto::verify_compact(&changed, key), "{name} changed must not verify");
        }
    }

    fn rfc7520_signatures_verify_and_fail_when_changed() {
        let examples = [
            (include_str!("vectors/rfc7520/4_1.rsa_v15_signature.json"), Some(Algorithm::Rs256)),
            (include_str!("vectors/rfc7520/4_2.rsa-pss_signature.json"), Some(Algorithm::Ps384)),
            // ES512 (P-521) is not among the accepted algorithms.
            (include_str!("vectors/rfc7520/4_3.ecdsa_signature.json"), None),
        ];
        for (document, algorithm) in examples {
            let document: Value = serde_json::from_str(document).unwrap();
            let compact = document["output"]["compact"].as_str().unwrap();
            let alg = document["input"]["alg"].as_str().unwrap();
            assert_eq!(Algorithm::parse(alg), algorithm, "{alg}");
            let Some(algorithm) = algorithm else { continue };

            let mut key = document["input"]["key"].as_object().unwrap().clone();
            for private in ["d", "p", "q", "dp", "dq", "qi"] {
                key.remove(private);
            }
            let parts: Vec<&str> = compact.split('.').collect();
            let signing_input = format!("{}.{}", parts[0], parts[1]);
            let token = decode::decode(compact, 1 << 20);
            // The cookbook's payload is text, not a claims object.
            assert!(token.is_err());
            let signature = base64url(parts[2]);
            assert_eq!(
                crypto::verify(algorithm, &key, signing_input.as_bytes(), &signature),
                Ok(true)
            );

            let changed = format!("{signing_input}x");
            assert_eq!(crypto::verify(algorithm, &key, changed.as_bytes(), &signature), Ok(false));
        }
    }
}

fn key_alg_differs(key: &Map<String, Value>, jws: &Value) -> bool {
    let Some(key_alg) = key.get("alg").and_then(Value::as_str) else { return false };
    let Some(header) = jws.as_str().and_then(|jws| jws.split('.').next()) else { return false };
    use base64::Engine;
    let header =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(header).unwrap_or_default();
    let header: Value = serde_json::from_slice(&header).unwrap_or(Value::Null);
    header["alg"].as_str().is_some_and(|alg| alg != key_alg)
}

fn base64url(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).unwrap()
}
