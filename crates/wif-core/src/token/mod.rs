//! The token checker: why is this token accepted or refused?
//!
//! One function, [`check`], runs in the browser inspector and on the server, so both give the
//! same verdict for the same inputs. It gathers every reason it finds, not only the first.
//!
//! **Invariant:** a token is `accepted` only when its signature was verified with a key of the
//! provider's set; without keys the verdict is `rejected` with `signature_not_checked`.
//! **Invariant:** `jku`, `x5u`, `jwk` and `x5c` headers never choose a key: the checker does
//! no I/O at all, so nothing a token says can make it fetch.

pub mod crypto;
pub mod decode;
pub mod diagnose;
pub mod explain;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::idp::AuthorizationType;
use crate::jwk::MIN_RSA_BITS;
use crypto::Algorithm;
pub use decode::{DEFAULT_MAX_TOKEN_BYTES, UnverifiedToken, decode};

/// Clock skew allowed on `exp`, `nbf` and `iat`, in seconds.
pub const DEFAULT_LEEWAY_SECONDS: i64 = 60;

/// The provider configuration a token is checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckedAgainst {
    /// Used in the principal; an ad hoc configuration has none.
    #[serde(default)]
    pub provider_id: Option<String>,
    pub issuer_uri: String,
    pub audience: String,
    pub authorization_type: AuthorizationType,
    pub user_claim: String,
    pub groups_claim: String,
}

/// Everything the checker needs; the clock is an input because the core reads none.
#[derive(Debug, Clone)]
pub struct CheckInput<'a> {
    pub token: &'a str,
    pub against: &'a CheckedAgainst,
    /// The provider's keys as JWK objects; `None` when no key set is at hand.
    pub keys: Option<&'a [Map<String, Value>]>,
    /// Unix seconds.
    pub now: i64,
    pub leeway_seconds: i64,
    pub max_token_bytes: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Accepted,
    Rejected,
}

/// Stable machine codes; each reason also has a sentence for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    Malformed,
    UnsupportedAlgorithm,
    UnsupportedCriticalHeader,
    KeyNotFound,
    WeakKey,
    SignatureInvalid,
    SignatureNotChecked,
    IssuerMismatch,
    AudienceMismatch,
    Expired,
    NotYetValid,
    MissingClaim,
    InvalidClaim,
    MissingUserClaim,
    MissingGroupsClaim,
    GroupsOverage,
    /// A configuration that works today but is risky (a note, never a refusal).
    MutableUserClaim,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: Code,
    pub message: String,
}

/// Whom the token authenticates as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Principal {
    /// `<provider id>/<user claim value>`, the database user name for user-id authorization.
    User { username: String },
    /// The group ids; each names a database user `<provider id>/<group id>`.
    Groups { groups: Vec<String> },
}

/// The checker's answer: `POST /api/v1/token-checks` sends it as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
    /// Advice that does not refuse the token.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Reason>,
    pub principal: Option<Principal>,
    pub header: Option<Value>,
    pub claims: Option<Value>,
    /// Whether a signature was verified (false also when no keys were given).
    pub signature_verified: bool,
}

/// The body of `POST /api/v1/token-checks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenCheckRequest {
    pub token: String,
    /// The provider to check against; without it, the stored provider whose issuer and
    /// audience the token names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_provider_id: Option<String>,
    /// Keys to check with instead of the provider's cached ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks: Option<Value>,
}

/// The JWK objects of a pasted key set, or why it is not one.
pub fn jwk_objects(jwks: &Value) -> Result<Vec<Map<String, Value>>, String> {
    let keys = jwks
        .get("keys")
        .and_then(Value::as_array)
        .ok_or("A key set is a JSON object with a \"keys\" array.")?;
    keys.iter()
        .map(|key| {
            key.as_object().cloned().ok_or_else(|| "Every key must be a JSON object.".to_owned())
        })
        .collect()
}

/// A report to paste into a ticket: the token without its signature (so it can no longer be
/// replayed), and the verdict with every reason.
pub fn shareable(token: &str, report: &Report) -> String {
    let unsigned = match token.trim().rsplit_once('.') {
        Some((signed_part, _)) => format!("{signed_part}.<signature removed>"),
        None => "<not a token>".to_owned(),
    };
    let verdict = match report.verdict {
        Verdict::Accepted => "accepted",
        Verdict::Rejected => "rejected",
    };
    let mut text = format!("Token: {unsigned}\nVerdict: {verdict}\n");
    for reason in report.reasons.iter().chain(&report.notes) {
        let code = serde_json::to_value(reason.code).ok();
        let code = code.as_ref().and_then(Value::as_str).unwrap_or("");
        text.push_str(&format!("- {code}: {}\n", reason.message));
    }
    if let Some(principal) = &report.principal {
        text.push_str(&format!(
            "Principal: {}\n",
            serde_json::to_string(principal).unwrap_or_default()
        ));
    }
    text
}

/// Checks a token; never panics, whatever the input.
pub fn check(input: &CheckInput<'_>) -> Report {
    let token = match decode(input.token, input.max_token_bytes) {
        Ok(token) => token,
        Err(message) => return malformed(message),
    };
    let mut reasons = Vec::new();
    let mut notes = Vec::new();

    let algorithm = check_header(&token.header, &mut reasons);
    let signature_verified = match (algorithm, input.keys) {
        (Some(algorithm), Some(keys)) => check_signature(&token, algorithm, keys, &mut reasons),
        (_, None) => {
            reasons.push(reason(
                Code::SignatureNotChecked,
                "The signature was not checked: no key set was given. The claims below may be \
                 forged, so the token is not called valid.",
            ));
            false
        }
        (None, Some(_)) => false,
    };
    check_claims(&token.claims, input, &mut reasons);
    let principal = check_identity(&token.claims, input.against, &mut reasons, &mut notes);

    let verdict = if reasons.is_empty() && signature_verified {
        Verdict::Accepted
    } else {
        Verdict::Rejected
    };
    Report {
        verdict,
        reasons,
        notes,
        principal,
        header: Some(Value::Object(token.header)),
        claims: Some(Value::Object(token.claims)),
        signature_verified,
    }
}

fn malformed(message: String) -> Report {
    Report {
        verdict: Verdict::Rejected,
        reasons: vec![Reason { code: Code::Malformed, message }],
        notes: Vec::new(),
        principal: None,
        header: None,
        claims: None,
        signature_verified: false,
    }
}

fn reason(code: Code, message: impl Into<String>) -> Reason {
    Reason { code, message: message.into() }
}

/// The algorithm, if the header allows checking at all.
fn check_header(header: &Map<String, Value>, reasons: &mut Vec<Reason>) -> Option<Algorithm> {
    if let Some(critical) = header.get("crit") {
        let names = critical.as_array().map(|names| {
            names.iter().map(|n| n.as_str().unwrap_or("?").to_owned()).collect::<Vec<_>>()
        });
        let message = match names {
            Some(names) if !names.is_empty() => format!(
                "The header marks {} as critical, and this checker understands none of them.",
                names.join(", ")
            ),
            _ => "The header's crit must be a non-empty list of names.".to_owned(),
        };
        reasons.push(reason(Code::UnsupportedCriticalHeader, message));
    }

    let Some(name) = header.get("alg").and_then(Value::as_str) else {
        reasons.push(reason(Code::Malformed, "The header has no alg."));
        return None;
    };
    if name.eq_ignore_ascii_case("none") {
        let message = "The token is not signed (alg none); unsigned tokens are never accepted.";
        reasons.push(reason(Code::UnsupportedAlgorithm, message));
        return None;
    }
    if name.to_ascii_uppercase().starts_with("HS") {
        let message = format!(
            "The token uses {name}, an HMAC algorithm: a shared secret, which no identity \
             provider should use for access tokens. Only asymmetric algorithms are accepted."
        );
        reasons.push(reason(Code::UnsupportedAlgorithm, message));
        return None;
    }
    let algorithm = Algorithm::parse(name);
    if algorithm.is_none() {
        let message = format!(
            "The algorithm {name} is not supported; use RS256, RS384, RS512, PS256, PS384, \
             PS512, ES256, ES384 or EdDSA."
        );
        reasons.push(reason(Code::UnsupportedAlgorithm, message));
    }
    algorithm
}

fn check_signature(
    token: &UnverifiedToken,
    algorithm: Algorithm,
    keys: &[Map<String, Value>],
    reasons: &mut Vec<Reason>,
) -> bool {
    let kid = token.header.get("kid").and_then(Value::as_str);
    let key = match choose_key(keys, kid, algorithm) {
        Ok(key) => key,
        Err(message) => {
            reasons.push(reason(Code::KeyNotFound, message));
            return false;
        }
    };
    if let Some(bits) = rsa_bits(key).filter(|bits| *bits < MIN_RSA_BITS) {
        let message = format!(
            "The signing key has {bits} bits; RSA keys under {MIN_RSA_BITS} bits are refused."
        );
        reasons.push(reason(Code::WeakKey, message));
        return false;
    }
    if !algorithm.fits(key) {
        let (kty, curve) = algorithm.key_shape();
        let message = format!(
            "The header says {}, which needs a {kty}{} key, but key {} is not one (or names \
             another alg).",
            algorithm.name(),
            curve.map(|c| format!(" {c}")).unwrap_or_default(),
            kid.unwrap_or("(without kid)")
        );
        reasons.push(reason(Code::UnsupportedAlgorithm, message));
        return false;
    }
    match crypto::verify(algorithm, key, token.signing_input.as_bytes(), &token.signature) {
        Ok(true) => true,
        Ok(false) => {
            let message = "The signature does not match: the token was changed, or was signed \
                by another key than the one with this kid.";
            reasons.push(reason(Code::SignatureInvalid, message));
            false
        }
        Err(problem) => {
            reasons.push(reason(
                Code::KeyNotFound,
                format!("The matching key is unusable: {problem}"),
            ));
            false
        }
    }
}

/// By `kid`; a token without one is checked only when exactly one key fits its algorithm.
fn choose_key<'k>(
    keys: &'k [Map<String, Value>],
    kid: Option<&str>,
    algorithm: Algorithm,
) -> Result<&'k Map<String, Value>, String> {
    let kid_of =
        |key: &Map<String, Value>| key.get("kid").and_then(Value::as_str).map(str::to_owned);
    match kid {
        Some(kid) => keys.iter().find(|key| kid_of(key).as_deref() == Some(kid)).ok_or_else(|| {
            let known: Vec<String> = keys.iter().filter_map(kid_of).collect();
            format!(
                "No key in the provider's set has the kid {kid}; the set has {}. A new key is \
                 fetched when a token names an unknown kid, so a rotation shows up here only \
                 briefly; a kid that stays unknown means another issuer signed the token.",
                if known.is_empty() { "no kids".to_owned() } else { known.join(", ") }
            )
        }),
        None => {
            let fitting: Vec<_> = keys.iter().filter(|key| algorithm.fits(key)).collect();
            match fitting.as_slice() {
                [one] => Ok(one),
                _ => Err("The token's header has no kid, and the key set does not have exactly \
                    one key for its algorithm."
                    .to_owned()),
            }
        }
    }
}

fn rsa_bits(key: &Map<String, Value>) -> Option<usize> {
    use base64::Engine;
    if key.get("kty").and_then(Value::as_str) != Some("RSA") {
        return None;
    }
    let n = key.get("n").and_then(Value::as_str)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(n).ok()?;
    let first = bytes.iter().position(|b| *b != 0)?;
    Some((bytes.len() - first) * 8 - bytes[first].leading_zeros() as usize)
}

fn check_claims(claims: &Map<String, Value>, input: &CheckInput<'_>, reasons: &mut Vec<Reason>) {
    let against = input.against;
    match claims.get("iss") {
        None => reasons.push(reason(Code::MissingClaim, "The token has no iss (issuer) claim.")),
        Some(Value::String(iss)) if iss == &against.issuer_uri => {}
        Some(Value::String(iss)) => {
            let message = diagnose::issuer(iss, &against.issuer_uri, claims);
            reasons.push(reason(Code::IssuerMismatch, message));
        }
        Some(_) => reasons.push(reason(Code::InvalidClaim, "The iss claim must be a string.")),
    }

    match claims.get("aud") {
        None => reasons.push(reason(Code::MissingClaim, "The token has no aud (audience) claim.")),
        Some(aud) => {
            let values: Option<Vec<&str>> = match aud {
                Value::String(one) => Some(vec![one.as_str()]),
                Value::Array(many) => many.iter().map(Value::as_str).collect(),
                _ => None,
            };
            match values {
                None => reasons.push(reason(
                    Code::InvalidClaim,
                    "The aud claim must be a string or a list of strings.",
                )),
                Some(values) if values.contains(&against.audience.as_str()) => {}
                Some(values) => {
                    let message = diagnose::audience(&values, &against.audience);
                    reasons.push(reason(Code::AudienceMismatch, message));
                }
            }
        }
    }

    let now = input.now;
    let leeway = input.leeway_seconds;
    match numeric_date(claims, "exp", reasons) {
        None if !claims.contains_key("exp") => {
            reasons.push(reason(Code::MissingClaim, "The token has no exp (expiry) claim."))
        }
        Some(exp) if now > exp + leeway => {
            let message = format!("The token expired {} ago.", diagnose::duration(now - exp));
            reasons.push(reason(Code::Expired, message));
        }
        _ => {}
    }
    if let Some(nbf) = numeric_date(claims, "nbf", reasons).filter(|nbf| *nbf > now + leeway) {
        let message =
            format!("The token is not valid before {} from now.", diagnose::duration(nbf - now));
        reasons.push(reason(Code::NotYetValid, message));
    }
    if let Some(iat) = numeric_date(claims, "iat", reasons).filter(|iat| *iat > now + leeway) {
        let message = format!(
            "The token says it was issued {} in the future: a clock is wrong.",
            diagnose::duration(iat - now)
        );
        reasons.push(reason(Code::NotYetValid, message));
    }
}

/// A NumericDate claim; a present value of another type is an `invalid_claim`.
fn numeric_date(claims: &Map<String, Value>, name: &str, reasons: &mut Vec<Reason>) -> Option<i64> {
    let value = claims.get(name)?;
    let seconds = value.as_i64().or_else(|| value.as_f64().map(|f| f.floor() as i64));
    if seconds.is_none() {
        let message = format!("The {name} claim must be a number of seconds, not {value}.");
        reasons.push(reason(Code::InvalidClaim, message));
    }
    seconds
}

fn check_identity(
    claims: &Map<String, Value>,
    against: &CheckedAgainst,
    reasons: &mut Vec<Reason>,
    notes: &mut Vec<Reason>,
) -> Option<Principal> {
    let provider = against.provider_id.as_deref().unwrap_or("<provider id>");
    match against.authorization_type {
        AuthorizationType::User => {
            if let Some(note) = diagnose::mutable_user_claim(&against.user_claim) {
                notes.push(reason(Code::MutableUserClaim, note));
            }
            match claims.get(&against.user_claim) {
                Some(Value::String(value)) if !value.is_empty() => {
                    Some(Principal::User { username: format!("{provider}/{value}") })
                }
                Some(Value::String(_)) | None => {
                    let message = format!(
                        "The token has no {} claim (the provider's user claim), so it names no \
                         database user.",
                        against.user_claim
                    );
                    reasons.push(reason(Code::MissingUserClaim, message));
                    None
                }
                Some(other) => {
                    let message = format!(
                        "The user claim {} must be a string, not {other}.",
                        against.user_claim
                    );
                    reasons.push(reason(Code::InvalidClaim, message));
                    None
                }
            }
        }
        AuthorizationType::Group => {
            let name = &against.groups_claim;
            match claims.get(name) {
                Some(Value::Array(items)) => {
                    let groups: Option<Vec<String>> =
                        items.iter().map(|g| g.as_str().map(str::to_owned)).collect();
                    match groups {
                        Some(groups) => Some(Principal::Groups { groups }),
                        None => {
                            let message = format!("The {name} claim must be a list of strings.");
                            reasons.push(reason(Code::InvalidClaim, message));
                            None
                        }
                    }
                }
                Some(_) => {
                    let message = format!("The {name} claim must be a list of strings.");
                    reasons.push(reason(Code::InvalidClaim, message));
                    None
                }
                None if diagnose::has_group_overage(claims, name) => {
                    let message = "The principal is in more groups than the token can hold (Entra \
                        group overage: the token has _claim_names or hasgroups instead of the \
                        groups). Group authorization fails for it: use user-id authorization, or \
                        fewer groups, or emit only groups assigned to the application.";
                    reasons.push(reason(Code::GroupsOverage, message));
                    None
                }
                None => {
                    let message = format!(
                        "The token has no {name} claim (the provider's groups claim); for Entra, \
                         add a groups claim (security groups, as Group ID) to the app registration."
                    );
                    reasons.push(reason(Code::MissingGroupsClaim, message));
                    None
                }
            }
        }
    }
}
