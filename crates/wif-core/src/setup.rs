//! What the setup wizards derive from the values admins copy out of their cloud's console.
//!
//! Each function takes the text as pasted and returns what to store, or a sentence saying
//! what is wrong with it, so the wizard and any later API can share them.

use serde::{Deserialize, Serialize};

/// The Entra ID token version an issuer URI implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntraVersion {
    /// `https://sts.windows.net/<tenant>/`: v1 tokens (`accessTokenAcceptedVersion` null or 1).
    V1,
    /// `https://login.microsoftonline.com/<tenant>/v2.0`: v2 tokens, what the setup asks for.
    V2,
}

/// An Entra ID issuer derived from a tenant id or a metadata document URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntraIssuer {
    pub issuer_uri: String,
    pub tenant: String,
    pub version: EntraVersion,
}

const METADATA_SUFFIX: &str = "/.well-known/openid-configuration";

/// Reads a tenant id (a GUID: the v2 issuer follows) or the "OpenID Connect metadata
/// document" URL from the Entra admin center (the issuer is the URL without its suffix).
pub fn entra_issuer(pasted: &str) -> Result<EntraIssuer, String> {
    entra_issuer_for(pasted, EntraVersion::V2)
}

/// [`entra_issuer`] for an app registration whose tokens are of `version`: a tenant id gives
/// that version's issuer, and for v1 the v1 metadata URL is read too (its document names the
/// `sts.windows.net` issuer). A URL that names the other version's issuer still gives it.
pub fn entra_issuer_for(pasted: &str, version: EntraVersion) -> Result<EntraIssuer, String> {
    let text = pasted.trim();
    if text.is_empty() {
        return Err("Enter the tenant id or the OpenID Connect metadata document URL.".into());
    }
    if is_guid(text) {
        return Ok(entra_issuer_of(text.to_ascii_lowercase(), version));
    }
    let issuer = text.strip_suffix(METADATA_SUFFIX).unwrap_or(text);
    if let Some(rest) = issuer.strip_prefix("https://login.microsoftonline.com/") {
        let (tenant, tail) = rest.split_once('/').unwrap_or((rest, ""));
        return match tail {
            "v2.0" => {
                let tenant = entra_tenant(tenant)?;
                let issuer_uri = format!("https://login.microsoftonline.com/{tenant}/v2.0");
                Ok(EntraIssuer { issuer_uri, tenant, version: EntraVersion::V2 })
            }
            "" if version == EntraVersion::V1 => {
                Ok(entra_issuer_of(entra_tenant(tenant)?, EntraVersion::V1))
            }
            "" => Err("This is the v1 metadata address (no /v2.0): use the v2.0 one the \
                Endpoints page lists, so that tokens carry the v2 issuer."
                .into()),
            _ => Err("This is not an Entra ID metadata document URL.".into()),
        };
    }
    if let Some(rest) = issuer.strip_prefix("https://sts.windows.net/") {
        let tenant = entra_tenant(rest.trim_end_matches('/'))?;
        return Ok(entra_issuer_of(tenant, EntraVersion::V1));
    }
    if !text.contains("://") && text.contains('.') {
        return Err(domain_name_hint(text));
    }
    Err("Paste the tenant id (a GUID) or the metadata document URL, which starts with \
        https://login.microsoftonline.com/."
        .into())
}

/// The issuer of a tenant's tokens of `version`, exactly as they carry it.
fn entra_issuer_of(tenant: String, version: EntraVersion) -> EntraIssuer {
    let issuer_uri = match version {
        EntraVersion::V2 => format!("https://login.microsoftonline.com/{tenant}/v2.0"),
        // The v1 issuer ends with a slash, and tokens carry it exactly so.
        EntraVersion::V1 => format!("https://sts.windows.net/{tenant}/"),
    };
    EntraIssuer { issuer_uri, tenant, version }
}

/// The tenant part of an Entra address, as tokens carry it: the tenant id, in lower case.
///
/// Entra ID answers at other names for a tenant too (`common`, a domain name), but every token
/// names its tenant by id, so an issuer built from another name would match no token.
fn entra_tenant(segment: &str) -> Result<String, String> {
    if is_guid(segment) {
        return Ok(segment.to_ascii_lowercase());
    }
    let lower = segment.to_ascii_lowercase();
    if matches!(lower.as_str(), "common" | "organizations" | "consumers") {
        return Err(format!(
            "\"{segment}\" is Entra ID's address for any tenant, and tokens never carry it: \
             their issuer names your tenant by its id. Use the metadata URL with the Directory \
             (tenant) ID from the Overview page instead."
        ));
    }
    if segment.contains('.') {
        return Err(domain_name_hint(segment));
    }
    Err("The tenant in the address must be the Directory (tenant) ID, a GUID like \
        0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21."
        .into())
}

fn domain_name_hint(domain: &str) -> String {
    format!(
        "Tokens name the tenant by its id, not by a domain name such as \"{domain}\": paste the \
         Directory (tenant) ID from the Overview page, or the metadata URL that holds it."
    )
}

/// A GUID in its usual form, 8-4-4-4-12 hex digits: Entra client, tenant and object ids.
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    groups.len() == 5
        && groups.iter().zip(lengths).all(|(group, length)| {
            group.len() == length && group.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// The Application (client) ID, checked.
pub fn entra_client_id(pasted: &str) -> Result<String, String> {
    let text = pasted.trim();
    if is_guid(text) {
        Ok(text.to_ascii_lowercase())
    } else {
        Err("The Application (client) ID is a GUID like 4a5b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d; \
            copy it from the app registration's Overview."
            .into())
    }
}

/// The audience the setup recommends: the Application ID URI.
pub fn entra_default_audience(client_id: &str) -> String {
    format!("api://{client_id}")
}

/// What `aud` tokens of each version carry for this registration, for the wizard to show.
pub fn entra_token_audiences(client_id: &str) -> [(EntraVersion, String); 2] {
    [
        (EntraVersion::V1, format!("api://{client_id} (or the client id itself)")),
        (EntraVersion::V2, client_id.to_owned()),
    ]
}

/// A Google service account's Unique ID: 21 decimal digits.
pub fn google_unique_id(pasted: &str) -> Result<String, String> {
    let text = pasted.trim();
    if text.len() == 21 && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "A service account's Unique ID is 21 digits (IAM, Service accounts, the account's \
             details); this has {} characters{}.",
            text.chars().count(),
            if text.contains('@') {
                " and looks like an email address, which can change"
            } else {
                ""
            }
        ))
    }
}

/// The issuer of every Google token the product accepts.
pub const GOOGLE_ISSUER: &str = "https://accounts.google.com";

/// Whose tokens an issuer URI names, for the advice and identifier shapes that depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuerKind {
    /// `login.microsoftonline.com` (v2) or `sts.windows.net` (v1).
    EntraId,
    /// `https://accounts.google.com`, or the scheme-less form some Google tokens carry.
    Google,
    Other,
}

impl IssuerKind {
    pub fn of(issuer_uri: &str) -> Self {
        if issuer_uri.starts_with("https://login.microsoftonline.com/")
            || issuer_uri.starts_with("https://sts.windows.net/")
        {
            IssuerKind::EntraId
        } else if issuer_uri == GOOGLE_ISSUER || issuer_uri == "accounts.google.com" {
            IssuerKind::Google
        } else {
            IssuerKind::Other
        }
    }
}
