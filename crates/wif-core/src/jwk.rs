//! JSON Web Key Sets (RFC 7517) as issuers publish them, checked for what a verifier may hold.
//!
//! **Invariant:** a [`KeySet`] holds only public, asymmetric keys of acceptable strength; a set
//! that contains anything else is refused whole, never filtered, since such a set means the
//! issuer is misconfigured (or is not an issuer).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// RSA keys shorter than this are refused (NIST SP 800-131A).
pub const MIN_RSA_BITS: usize = 2048;

/// Members that only a private key has.
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/// One checked public key, with the original JWK kept for verification.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub kid: Option<String>,
    pub kty: String,
    pub alg: Option<String>,
    /// RSA modulus size in bits, or the curve name of an EC or OKP key.
    pub strength: String,
    pub jwk: Map<String, Value>,
}

/// A checked key set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeySet {
    pub keys: Vec<Key>,
}

/// What the API shows of a cached key: never more than the public parameters' summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeySummary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    pub kty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// `2048 bits`, `P-256`, `Ed25519`.
    pub strength: String,
    /// RFC 3339: when this key was first fetched.
    pub first_seen_at: String,
}

/// The cached key set of a provider: `GET /api/v1/identity-providers/{id}/jwks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CachedKeys {
    pub keys: Vec<KeySummary>,
    /// RFC 3339; absent when nothing was ever fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    /// RFC 3339: when the keys are fetched again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Why the last fetch failed, when it did; the keys above are then the older ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

/// The answer to a revocation: the keys before and after, and what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Revocation {
    pub before: Vec<KeySummary>,
    pub after: CachedKeys,
    /// Key ids dropped and not served again.
    pub removed: Vec<String>,
    /// Key ids that are new after the fetch.
    pub added: Vec<String>,
}

/// Parses and checks a JWKS document; every refusal is a sentence.
pub fn parse_key_set(document: &[u8]) -> Result<KeySet, String> {
    let value: Value = serde_json::from_slice(document)
        .map_err(|e| format!("The key set is not valid JSON: {e}."))?;
    let Some(keys) = value.get("keys").and_then(Value::as_array) else {
        return Err("The key set has no \"keys\" array.".into());
    };
    let mut checked = Vec::with_capacity(keys.len());
    for (index, key) in keys.iter().enumerate() {
        let Some(jwk) = key.as_object() else {
            return Err(format!("Key {index} of the set is not a JSON object."));
        };
        checked.push(check_key(jwk).map_err(|reason| format!("Key {index} is refused: {reason}"))?);
    }
    Ok(KeySet { keys: checked })
}

fn check_key(jwk: &Map<String, Value>) -> Result<Key, String> {
    let text = |name: &str| jwk.get(name).and_then(Value::as_str).map(str::to_owned);
    if let Some(member) = PRIVATE_MEMBERS.iter().find(|m| jwk.contains_key(**m)) {
        return Err(format!(
            "it holds private key material (\"{member}\"); publish public keys only."
        ));
    }
    let kty = text("kty").ok_or("it has no \"kty\".")?;
    let strength = match kty.as_str() {
        "RSA" => {
            let bits = rsa_bits(jwk)?;
            if bits < MIN_RSA_BITS {
                return Err(format!("its RSA modulus has {bits} bits, fewer than {MIN_RSA_BITS}."));
            }
            format!("{bits} bits")
        }
        "EC" => {
            let curve = text("crv").ok_or("an EC key needs \"crv\".")?;
            if !["P-256", "P-384", "P-521"].contains(&curve.as_str()) {
                return Err(format!("the curve {curve} is not supported."));
            }
            require_members(jwk, &["x", "y"])?;
            curve
        }
        "OKP" => {
            let curve = text("crv").ok_or("an OKP key needs \"crv\".")?;
            if curve != "Ed25519" {
                return Err(format!("the curve {curve} is not supported; only Ed25519 is."));
            }
            require_members(jwk, &["x"])?;
            curve
        }
        "oct" => {
            return Err("it is a symmetric key; tokens must be signed with asymmetric keys.".into());
        }
        other => return Err(format!("the key type {other} is not supported.")),
    };
    if let Some(usage) = text("use").filter(|u| u != "sig") {
        return Err(format!("its use is \"{usage}\", not \"sig\"."));
    }
    Ok(Key { kid: text("kid"), kty, alg: text("alg"), strength, jwk: jwk.clone() })
}

fn rsa_bits(jwk: &Map<String, Value>) -> Result<usize, String> {
    require_members(jwk, &["n", "e"])?;
    let n = jwk.get("n").and_then(Value::as_str).unwrap_or("");
    let bytes = URL_SAFE_NO_PAD
        .decode(n.as_bytes())
        .map_err(|_| "its modulus \"n\" is not base64url.".to_owned())?;
    let first = bytes.iter().position(|b| *b != 0).ok_or("its modulus is zero.")?;
    let significant = &bytes[first..];
    Ok(significant.len() * 8 - significant[0].leading_zeros() as usize)
}

fn require_members(jwk: &Map<String, Value>, members: &[&str]) -> Result<(), String> {
    for member in members {
        if !jwk.get(*member).is_some_and(Value::is_string) {
            return Err(format!("it has no \"{member}\"."));
        }
    }
    Ok(())
}
