//! Test-only signing, for the tests of this crate and of the server: tokens signed with the
//! published RFC 7520 RSA key and fixed EC and Ed25519 keys. Never a real secret.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

/// The kid of the RFC 7520 key.
pub const RSA_KID: &str = "bilbo.baggins@hobbiton.example";

pub fn rfc7520_key() -> Map<String, Value> {
    let document: Value =
        serde_json::from_str(include_str!("../tests/vectors/rfc7520/4_1.rsa_v15_signature.json"))
            .unwrap();
    document["input"]["key"].as_object().unwrap().clone()
}

pub fn public(mut key: Map<String, Value>) -> Map<String, Value> {
    for private in ["d", "p", "q", "dp", "dq", "qi"] {
        key.remove(private);
    }
    key
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> rsa::BigUint {
    rsa::BigUint::from_bytes_be(&URL_SAFE_NO_PAD.decode(text).unwrap())
}

pub fn signing_input(header: &Value, claims: &Value) -> String {
    format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()))
}

pub fn rs256(header: Value, claims: Value) -> String {
    use rsa::signature::{SignatureEncoding, Signer};
    let key = rfc7520_key();
    let text = |name: &str| key[name].as_str().unwrap();
    let private = rsa::RsaPrivateKey::from_components(
        unb64(text("n")),
        unb64(text("e")),
        unb64(text("d")),
        vec![unb64(text("p")), unb64(text("q"))],
    )
    .unwrap();
    let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(private);
    let input = signing_input(&header, &claims);
    let signature = signer.sign(input.as_bytes()).to_vec();
    format!("{input}.{}", b64(&signature))
}

pub fn ec_signer() -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_bytes(&[7u8; 32].into()).unwrap()
}

pub fn ec_public_jwk(kid: &str) -> Map<String, Value> {
    let point = ec_signer().verifying_key().to_encoded_point(false);
    json!({
        "kty": "EC",
        "crv": "P-256",
        "kid": kid,
        "x": b64(point.x().unwrap()),
        "y": b64(point.y().unwrap())
    })
    .as_object()
    .unwrap()
    .clone()
}

pub fn es256(header: Value, claims: Value) -> String {
    use p256::ecdsa::signature::Signer;
    let input = signing_input(&header, &claims);
    let signature: p256::ecdsa::Signature = ec_signer().sign(input.as_bytes());
    format!("{input}.{}", b64(&signature.to_bytes()))
}

pub fn ed_signer() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[9u8; 32])
}

pub fn eddsa(header: Value, claims: Value) -> String {
    use ed25519_dalek::Signer;
    let input = signing_input(&header, &claims);
    let signature = ed_signer().sign(input.as_bytes());
    format!("{input}.{}", b64(&signature.to_bytes()))
}

/// The public keys of every test signer: RSA (kid [`RSA_KID`]), EC (`ec`), Ed25519 (`ed`).
pub fn public_keys() -> Vec<Map<String, Value>> {
    let mut ed = json!({"kty": "OKP", "crv": "Ed25519", "kid": "ed"}).as_object().unwrap().clone();
    ed.insert("x".into(), json!(b64(ed_signer().verifying_key().as_bytes())));
    vec![public(rfc7520_key()), ec_public_jwk("ec"), ed]
}
