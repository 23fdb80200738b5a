//! Verifying a JWS signature with one JWK, for the algorithms the checker accepts.
//!
//! **Invariant:** only asymmetric algorithms exist here; there is no code path that could
//! verify an HMAC or `none` token, whatever a header says.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use sha2::{Sha256, Sha384, Sha512};

/// The algorithms a token may be signed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Rs256,
    Rs384,
    Rs512,
    Ps256,
    Ps384,
    Ps512,
    Es256,
    Es384,
    EdDsa,
}

impl Algorithm {
    pub fn parse(name: &str) -> Option<Algorithm> {
        Some(match name {
            "RS256" => Algorithm::Rs256,
            "RS384" => Algorithm::Rs384,
            "RS512" => Algorithm::Rs512,
            "PS256" => Algorithm::Ps256,
            "PS384" => Algorithm::Ps384,
            "PS512" => Algorithm::Ps512,
            "ES256" => Algorithm::Es256,
            "ES384" => Algorithm::Es384,
            "EdDSA" => Algorithm::EdDsa,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Rs256 => "RS256",
            Algorithm::Rs384 => "RS384",
            Algorithm::Rs512 => "RS512",
            Algorithm::Ps256 => "PS256",
            Algorithm::Ps384 => "PS384",
            Algorithm::Ps512 => "PS512",
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
            Algorithm::EdDsa => "EdDSA",
        }
    }

    /// The key type and curve a key must have for this algorithm.
    pub fn key_shape(self) -> (&'static str, Option<&'static str>) {
        match self {
            Algorithm::Rs256 | Algorithm::Rs384 | Algorithm::Rs512 => ("RSA", None),
            Algorithm::Ps256 | Algorithm::Ps384 | Algorithm::Ps512 => ("RSA", None),
            Algorithm::Es256 => ("EC", Some("P-256")),
            Algorithm::Es384 => ("EC", Some("P-384")),
            Algorithm::EdDsa => ("OKP", Some("Ed25519")),
        }
    }

    /// Whether a key can verify this algorithm: type, curve, the key's own `alg` if any, and
    /// its `use` and `key_ops`, which must allow signatures when present.
    pub fn fits(self, jwk: &Map<String, Value>) -> bool {
        let (kty, curve) = self.key_shape();
        let text = |name: &str| jwk.get(name).and_then(Value::as_str);
        let operations_allow_verify = jwk.get("key_ops").is_none_or(|ops| {
            ops.as_array().is_some_and(|ops| ops.iter().any(|op| op == "verify"))
        });
        text("kty") == Some(kty)
            && curve.is_none_or(|curve| text("crv") == Some(curve))
            && text("alg").is_none_or(|alg| alg == self.name())
            && text("use").is_none_or(|usage| usage == "sig")
            && operations_allow_verify
    }
}

/// Verifies `signature` over `signing_input` with the public key `jwk`; `Err` says why the key
/// itself is unusable, `Ok(false)` is a signature that does not match.
pub fn verify(
    algorithm: Algorithm,
    jwk: &Map<String, Value>,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    match algorithm {
        Algorithm::Rs256 => rsa_pkcs1::<Sha256>(jwk, signing_input, signature),
        Algorithm::Rs384 => rsa_pkcs1::<Sha384>(jwk, signing_input, signature),
        Algorithm::Rs512 => rsa_pkcs1::<Sha512>(jwk, signing_input, signature),
        Algorithm::Ps256 => rsa_pss::<Sha256>(jwk, signing_input, signature, 32),
        Algorithm::Ps384 => rsa_pss::<Sha384>(jwk, signing_input, signature, 48),
        Algorithm::Ps512 => rsa_pss::<Sha512>(jwk, signing_input, signature, 64),
        Algorithm::Es256 => es256(jwk, signing_input, signature),
        Algorithm::Es384 => es384(jwk, signing_input, signature),
        Algorithm::EdDsa => ed25519(jwk, signing_input, signature),
    }
}

fn member(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, String> {
    let text =
        jwk.get(name).and_then(Value::as_str).ok_or(format!("the key has no \"{name}\"."))?;
    URL_SAFE_NO_PAD.decode(text).map_err(|_| format!("the key's \"{name}\" is not base64url."))
}

fn rsa_key(jwk: &Map<String, Value>) -> Result<rsa::RsaPublicKey, String> {
    let n = rsa::BigUint::from_bytes_be(&member(jwk, "n")?);
    let e = rsa::BigUint::from_bytes_be(&member(jwk, "e")?);
    rsa::RsaPublicKey::new(n, e).map_err(|e| format!("the RSA key is not usable: {e}."))
}

fn rsa_pkcs1<D>(jwk: &Map<String, Value>, input: &[u8], signature: &[u8]) -> Result<bool, String>
where
    D: sha2::Digest + sha2::digest::const_oid::AssociatedOid,
{
    use rsa::signature::Verifier;
    let key = rsa::pkcs1v15::VerifyingKey::<D>::new(rsa_key(jwk)?);
    let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else { return Ok(false) };
    Ok(key.verify(input, &signature).is_ok())
}

fn rsa_pss<D>(
    jwk: &Map<String, Value>,
    input: &[u8],
    signature: &[u8],
    salt_len: usize,
) -> Result<bool, String>
where
    D: sha2::Digest + sha2::digest::FixedOutputReset,
{
    use rsa::signature::Verifier;
    // RFC 7518 section 3.5: the salt is as long as the hash.
    let key = rsa::pss::VerifyingKey::<D>::new_with_salt_len(rsa_key(jwk)?, salt_len);
    let Ok(signature) = rsa::pss::Signature::try_from(signature) else { return Ok(false) };
    Ok(key.verify(input, &signature).is_ok())
}

fn es256(jwk: &Map<String, Value>, input: &[u8], signature: &[u8]) -> Result<bool, String> {
    use p256::ecdsa::signature::Verifier;
    let (x, y) = (member(jwk, "x")?, member(jwk, "y")?);
    if x.len() != 32 || y.len() != 32 {
        return Err("a P-256 key's x and y are 32 bytes each.".into());
    }
    let point = p256::EncodedPoint::from_affine_coordinates(
        p256::FieldBytes::from_slice(&x),
        p256::FieldBytes::from_slice(&y),
        false,
    );
    let key = p256::ecdsa::VerifyingKey::from_encoded_point(&point)
        .map_err(|_| "the P-256 key is not a point on the curve.".to_owned())?;
    let Ok(signature) = p256::ecdsa::Signature::from_slice(signature) else { return Ok(false) };
    Ok(key.verify(input, &signature).is_ok())
}

fn es384(jwk: &Map<String, Value>, input: &[u8], signature: &[u8]) -> Result<bool, String> {
    use p384::ecdsa::signature::Verifier;
    let (x, y) = (member(jwk, "x")?, member(jwk, "y")?);
    if x.len() != 48 || y.len() != 48 {
        return Err("a P-384 key's x and y are 48 bytes each.".into());
    }
    let point = p384::EncodedPoint::from_affine_coordinates(
        p384::FieldBytes::from_slice(&x),
        p384::FieldBytes::from_slice(&y),
        false,
    );
    let key = p384::ecdsa::VerifyingKey::from_encoded_point(&point)
        .map_err(|_| "the P-384 key is not a point on the curve.".to_owned())?;
    let Ok(signature) = p384::ecdsa::Signature::from_slice(signature) else { return Ok(false) };
    Ok(key.verify(input, &signature).is_ok())
}

fn ed25519(jwk: &Map<String, Value>, input: &[u8], signature: &[u8]) -> Result<bool, String> {
    let x: [u8; 32] =
        member(jwk, "x")?.try_into().map_err(|_| "an Ed25519 key's x is 32 bytes.".to_owned())?;
    let key = ed25519_dalek::VerifyingKey::from_bytes(&x)
        .map_err(|_| "the Ed25519 key is not valid.".to_owned())?;
    let Ok(signature) = ed25519_dalek::Signature::from_slice(signature) else { return Ok(false) };
    Ok(key.verify_strict(input, &signature).is_ok())
}

/// Verifies a compact JWS of any payload with one key, choosing the algorithm from the
/// protected header: the JOSE layer alone, without claims. Every part must be strict base64url.
pub fn verify_compact(jws: &str, jwk: &Map<String, Value>) -> bool {
    let parts: Vec<&str> = jws.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else { return false };
    let decode = |part: &str| {
        if part.contains('=') { None } else { URL_SAFE_NO_PAD.decode(part).ok() }
    };
    let (Some(header_bytes), Some(_), Some(signature_bytes)) =
        (decode(header), decode(payload), decode(signature))
    else {
        return false;
    };
    let Ok(Value::Object(protected)) = serde_json::from_slice::<Value>(&header_bytes) else {
        return false;
    };
    if protected.contains_key("crit") {
        return false;
    }
    let algorithm = protected.get("alg").and_then(Value::as_str).and_then(Algorithm::parse);
    let Some(algorithm) = algorithm.filter(|a| a.fits(jwk)) else { return false };
    let signing_input = format!("{header}.{payload}");
    verify(algorithm, jwk, signing_input.as_bytes(), &signature_bytes).unwrap_or(false)
}
