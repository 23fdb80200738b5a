//! Taking a compact JWS apart, without trusting any of it.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The default size limit of a token, in bytes.
pub const DEFAULT_MAX_TOKEN_BYTES: usize = 16 * 1024;

/// A token split into its parts. Nothing here is signature-checked: hence the name.
#[derive(Debug, Clone)]
pub struct UnverifiedToken {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    /// `<header>.<payload>` as it came: what the signature covers.
    pub signing_input: String,
    pub signature: Vec<u8>,
}

/// Splits and decodes a compact JWS; the error is a sentence.
pub fn decode(token: &str, max_bytes: usize) -> Result<UnverifiedToken, String> {
    let token = token.trim();
    if token.len() > max_bytes {
        return Err(format!(
            "The token has {} bytes, more than the limit of {max_bytes}.",
            token.len()
        ));
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "A token has three parts separated by dots (header.payload.signature); \
             this one has {}.",
            parts.len()
        ));
    }
    let header = decode_part(parts[0], "header")?;
    let claims = decode_part(parts[1], "payload")?;
    let signature = base64url(parts[2], "signature")?;
    let header = object(&header, "header")?;
    let claims = object(&claims, "payload")?;
    Ok(UnverifiedToken {
        header,
        claims,
        signing_input: format!("{}.{}", parts[0], parts[1]),
        signature,
    })
}

fn decode_part(part: &str, name: &str) -> Result<Vec<u8>, String> {
    if part.is_empty() {
        return Err(format!("The token's {name} is empty."));
    }
    base64url(part, name)
}

fn base64url(part: &str, name: &str) -> Result<Vec<u8>, String> {
    if part.contains('=') {
        return Err(format!("The token's {name} has base64 padding (=), which JWS forbids."));
    }
    URL_SAFE_NO_PAD.decode(part).map_err(|_| format!("The token's {name} is not base64url."))
}

fn object(bytes: &[u8], name: &str) -> Result<Map<String, Value>, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| format!("The token's {name} is not UTF-8."))?;
    let StrictValue(value) = serde_json::from_str(text)
        .map_err(|e| format!("The token's {name} is not valid JSON: {e}."))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(format!("The token's {name} is JSON but not an object.")),
    }
}

/// A JSON value read with duplicate member names refused at every depth: two readers that
/// pick different duplicates would see different claims in the same token.
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map(Value::Number).unwrap_or(Value::Null))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let StrictValue(value) = access.next_value()?;
            if map.contains_key(&key) {
                return Err(de::Error::custom(format!("the member \"{key}\" appears twice")));
            }
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}
