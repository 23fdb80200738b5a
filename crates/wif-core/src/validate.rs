//! The rules every identity provider configuration must follow.
//!
//! The console runs them as the admin types and the server runs them again before it stores
//! anything, so both show the same sentences. Uniqueness (of the name, and of the issuer and
//! audience pair) needs the stored providers and is checked by the server.

use crate::idp::{
    AuthorizationType, DEFAULT_GROUPS_CLAIM, DEFAULT_USER_CLAIM, IDP_TYPE_WORKLOAD,
    IdentityProviderConfig, NewIdentityProvider, PROTOCOL_OIDC, field,
};
use crate::problem::FieldError;
use crate::setup::IssuerKind;

/// Length limits, in characters, of every text field.
pub mod limits {
    pub const DISPLAY_NAME: usize = 100;
    pub const DESCRIPTION: usize = 1000;
    pub const ISSUER_URI: usize = 2048;
    pub const AUDIENCE: usize = 512;
    pub const CLAIM: usize = 256;
}

impl NewIdentityProvider {
    /// Checks every field and returns the configuration to store, or every error found.
    ///
    /// The name and the description are trimmed; the issuer URI, the audience and the claim
    /// names are not, because tokens are compared with them byte for byte: white space at their
    /// ends is an error instead.
    pub fn validate(&self) -> Result<IdentityProviderConfig, Vec<FieldError>> {
        self.validate_with(IssuerPolicy::HttpsOnly)
    }

    /// [`validate`](Self::validate) with a server's issuer policy.
    pub fn validate_with(
        &self,
        policy: IssuerPolicy,
    ) -> Result<IdentityProviderConfig, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &str, result: Result<(), String>| {
            if let Err(message) = result {
                errors.push(FieldError::new(field, message));
            }
        };

        let display_name = self.display_name.as_deref().unwrap_or("").trim();
        check(field::DISPLAY_NAME, check_display_name(display_name));

        let description = self.description.as_deref().map(str::trim).filter(|d| !d.is_empty());
        check(field::DESCRIPTION, description.map_or(Ok(()), check_description));

        let issuer_uri = self.issuer_uri.as_deref().unwrap_or("");
        check(field::ISSUER_URI, check_issuer_uri_with(issuer_uri, policy));

        let audience = self.audience.as_deref().unwrap_or("");
        check(field::AUDIENCE, check_audience(audience, IssuerKind::of(issuer_uri)));

        let authorization_type = parse_authorization_type(self.authorization_type.as_deref())
            .unwrap_or_else(|message| {
                check(field::AUTHORIZATION_TYPE, Err(message));
                // Go on with the default so that the groups claim is still checked.
                AuthorizationType::default()
            });

        let groups_claim = self.groups_claim.as_deref().unwrap_or(DEFAULT_GROUPS_CLAIM);
        check(field::GROUPS_CLAIM, check_groups_claim(groups_claim, authorization_type));
        // The claim is ignored for user-id authorization; an emptied field means the default.
        let groups_claim =
            if groups_claim.is_empty() { DEFAULT_GROUPS_CLAIM } else { groups_claim };

        let user_claim = self.user_claim.as_deref().unwrap_or(DEFAULT_USER_CLAIM);
        check(field::USER_CLAIM, check_user_claim(user_claim));

        check(field::IDP_TYPE, check_fixed(self.idp_type.as_deref(), IDP_TYPE_WORKLOAD, IDP_TYPE));
        check(field::PROTOCOL, check_fixed(self.protocol.as_deref(), PROTOCOL_OIDC, PROTOCOL));

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(IdentityProviderConfig {
            display_name: display_name.to_owned(),
            description: description.map(str::to_owned),
            issuer_uri: issuer_uri.to_owned(),
            audience: audience.to_owned(),
            authorization_type,
            groups_claim: groups_claim.to_owned(),
            user_claim: user_claim.to_owned(),
        })
    }
}

const IDP_TYPE: &str = "Only WORKLOAD identity providers are managed here; WORKFORCE \
    (sign-in for people) is not supported.";
const PROTOCOL: &str = "Only the OIDC protocol is supported.";

fn check_display_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("Enter a configuration name; every admin sees it in the provider list.".into());
    }
    check_length("The configuration name", name, limits::DISPLAY_NAME)?;
    if name.chars().any(char::is_control) {
        return Err("The configuration name must not contain control characters.".into());
    }
    Ok(())
}

fn check_description(description: &str) -> Result<(), String> {
    check_length("The description", description, limits::DESCRIPTION)?;
    let is_forbidden = |c: char| c.is_control() && c != '\n' && c != '\t' && c != '\r';
    if description.chars().any(is_forbidden) {
        return Err("The description must not contain control characters.".into());
    }
    Ok(())
}

/// `issuer` only changes the advice for an empty audience: what to enter differs by cloud.
fn check_audience(audience: &str, issuer: IssuerKind) -> Result<(), String> {
    if audience.is_empty() {
        return Err(match issuer {
            IssuerKind::EntraId => {
                "Enter the audience: the exact value of the aud claim the workload's tokens \
                carry, for Entra ID the Application ID URI api://<client id>."
            }
            IssuerKind::Google => {
                "Enter the audience: any value you choose, such as the database's name; each \
                workload must ask Google for a token with exactly this audience."
            }
            IssuerKind::Other => {
                "Enter the audience: the exact value of the aud claim the workload's tokens \
                carry."
            }
        }
        .into());
    }
    check_exact_text("The audience", audience, limits::AUDIENCE)
}

fn parse_authorization_type(wire: Option<&str>) -> Result<AuthorizationType, String> {
    match wire {
        None | Some("") => Err("Choose an authorization type: USER (user id) or GROUP \
            (group membership)."
            .into()),
        Some(wire) => AuthorizationType::parse(wire).ok_or_else(|| {
            format!("The authorization type must be USER or GROUP, not \"{}\".", shorten(wire))
        }),
    }
}

fn check_groups_claim(claim: &str, authorization_type: AuthorizationType) -> Result<(), String> {
    if claim.is_empty() {
        return match authorization_type {
            AuthorizationType::Group => Err("Enter the groups claim: group membership \
                authorization reads the group ids from it (usually groups)."
                .into()),
            AuthorizationType::User => Ok(()),
        };
    }
    check_claim_name("The groups claim", claim)
}

fn check_user_claim(claim: &str) -> Result<(), String> {
    if claim.is_empty() {
        return Err("Enter the user claim, or leave it out to use sub.".into());
    }
    check_claim_name("The user claim", claim)
}

fn check_claim_name(what: &str, claim: &str) -> Result<(), String> {
    check_length(what, claim, limits::CLAIM)?;
    if claim.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{what} is a claim name and must not contain white space."));
    }
    Ok(())
}

fn check_fixed(given: Option<&str>, only: &str, message: &str) -> Result<(), String> {
    match given {
        Some(value) if value != only => Err(message.to_owned()),
        _ => Ok(()),
    }
}

/// Text that a token must match byte for byte: no white space at the ends, no control characters.
fn check_exact_text(what: &str, text: &str, limit: usize) -> Result<(), String> {
    check_length(what, text, limit)?;
    if text.trim() != text {
        return Err(format!(
            "{what} must not start or end with white space: tokens are compared with it byte \
             for byte."
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(format!("{what} must not contain control characters."));
    }
    Ok(())
}

fn check_length(what: &str, text: &str, limit: usize) -> Result<(), String> {
    let length = text.chars().count();
    if length > limit {
        return Err(format!("{what} can be at most {limit} characters long; it has {length}."));
    }
    Ok(())
}

/// Which issuer URIs a deployment accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IssuerPolicy {
    /// Only `https`: every real deployment.
    #[default]
    HttpsOnly,
    /// Also `http` to a loopback host, for a test issuer on this machine. A server flag turns
    /// it on, loudly; the console never assumes it.
    AllowHttpLoopback,
}

/// Checks that the issuer URI is an absolute `https` URL without query or fragment.
///
/// Written by hand, rather than with a URL library, to keep the browser app small and to give
/// a sentence that names the exact fault.
pub fn check_issuer_uri(uri: &str) -> Result<(), String> {
    check_issuer_uri_with(uri, IssuerPolicy::HttpsOnly)
}

/// [`check_issuer_uri`] under a policy.
pub fn check_issuer_uri_with(uri: &str, policy: IssuerPolicy) -> Result<(), String> {
    if policy == IssuerPolicy::AllowHttpLoopback
        && let Some(rest) = uri.strip_prefix("http://")
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
        if ["127.0.0.1", "localhost", "[::1]"].contains(&host) {
            return check_issuer_uri(&format!("https://{rest}"));
        }
    }
    if uri.is_empty() {
        return Err("Enter the issuer URI: the exact value of the iss claim in the workload's \
            tokens, such as https://accounts.google.com."
            .into());
    }
    check_exact_text("The issuer URI", uri, limits::ISSUER_URI)?;

    let Some(rest) = uri.strip_prefix("https://") else {
        return Err(explain_missing_https(uri));
    };
    if uri.contains('#') {
        return Err("The issuer URI must not have a fragment (the part from #).".into());
    }
    if uri.contains('?') {
        return Err("The issuer URI must not have a query (the part from ?).".into());
    }
    if !uri.is_ascii() {
        return Err("The issuer URI must be ASCII; percent-encode any other character.".into());
    }
    if uri.contains(char::is_whitespace) {
        return Err("The issuer URI must not contain white space.".into());
    }

    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    check_authority(authority)?;
    check_path(path)
}

fn explain_missing_https(uri: &str) -> String {
    let lower = uri.to_ascii_lowercase();
    if lower.starts_with("https://") {
        "Write the scheme in lower case, https://, as the token's iss claim does.".into()
    } else if lower.starts_with("http://") {
        "The issuer URI must use https, not http: the provider's keys are fetched from it.".into()
    } else if !uri.contains("://") {
        format!(
            "The issuer URI must be a full URL that starts with https://, such as https://{}.",
            shorten(uri)
        )
    } else {
        "The issuer URI must start with https://.".into()
    }
}

fn check_authority(authority: &str) -> Result<(), String> {
    if authority.is_empty() {
        return Err("The issuer URI needs a host name after https://.".into());
    }
    if authority.contains('@') {
        return Err(
            "The issuer URI must not contain a user name or password (the part before @).".into()
        );
    }

    let (host, port) = split_host_port(authority)?;
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u16>().is_ok_and(|p| p != 0);
        if !valid {
            return Err(format!(
                "The port \"{port}\" of the issuer URI is not a number from 1 to 65535."
            ));
        }
    }
    check_host(host)
}

fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(literal) = authority.strip_prefix('[') {
        let Some(end) = literal.find(']') else {
            return Err("The IPv6 address in the issuer URI is missing its closing ].".into());
        };
        let (address, after) = literal.split_at(end);
        let after = &after[1..];
        if address.is_empty()
            || !address.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err("The IPv6 address in the issuer URI is not valid.".into());
        }
        return match after.strip_prefix(':') {
            Some(port) => Ok(("", Some(port))),
            None if after.is_empty() => Ok(("", None)),
            None => Err("Only a port may follow the IPv6 address in the issuer URI.".into()),
        };
    }
    Ok(match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

/// An empty host here stands for an IPv6 literal, already checked.
fn check_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Ok(());
    }
    let valid_label = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if host.len() > 253 || !host.split('.').all(valid_label) {
        return Err(format!("\"{}\" is not a valid host name.", shorten(host)));
    }
    Ok(())
}

fn check_path(path: &str) -> Result<(), String> {
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let escape_ok = bytes.len() > i + 2
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit();
            if !escape_ok {
                return Err("A % in the issuer URI must start an escape like %2F.".into());
            }
            i += 3;
            continue;
        }
        if !is_path_byte(b) {
            return Err(format!("The issuer URI must not contain \"{}\".", b as char));
        }
        i += 1;
    }
    Ok(())
}

/// RFC 3986 `pchar` and `/`, less the percent sign handled by the caller.
fn is_path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b)
}

/// Keeps echoed input short enough for a message.
fn shorten(text: &str) -> String {
    const KEEP: usize = 40;
    if text.chars().count() <= KEEP {
        return text.to_owned();
    }
    let kept: String = text.chars().take(KEEP).collect();
    format!("{kept}…")
}
