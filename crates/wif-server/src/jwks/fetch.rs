//! Fetching an issuer's discovery document and key set, hardened against server-side request
//! forgery: an issuer URI is data an admin typed, so the server must not become a way to reach
//! what only it can reach.
//!
//! **Invariant:** no request leaves for a private, loopback, link-local or metadata address.
//! Literal addresses are checked before connecting; names are checked in the resolver, whose
//! answer is exactly what the connection uses, so a name that resolves differently on a second
//! lookup (DNS rebinding) cannot slip through.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::{Client, Url, header};
use wif_core::jwk::{self, KeySet};

/// The largest document accepted, discovery or key set.
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024;

/// How far the fetcher may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// `https` to public addresses only: every real deployment.
    PublicHttps,
    /// Also `http`, and loopback addresses: a test issuer on this machine.
    AlsoLoopback,
}

pub struct Fetcher {
    client: Client,
    reach: Reach,
}

/// A fetched and checked key set, with the document as it came.
pub struct Fetched {
    pub keys: KeySet,
    pub document: String,
}

impl Fetcher {
    pub fn new(reach: Reach) -> Fetcher {
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(10))
            .https_only(reach == Reach::PublicHttps)
            .dns_resolver(Arc::new(CheckedResolver { reach }))
            .user_agent(concat!("wif-console/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a client with these settings always builds");
        Fetcher { client, reach }
    }

    /// Discovery, then the key set, each checked; an error is a sentence for admins.
    pub async fn fetch(&self, issuer: &str) -> Result<Fetched, String> {
        let discovery_url =
            format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/'));
        let discovery = self.get_json(&discovery_url).await?;
        let discovery: serde_json::Value = serde_json::from_slice(&discovery)
            .map_err(|_| "The discovery document is not valid JSON.".to_owned())?;

        let stated = discovery.get("issuer").and_then(|v| v.as_str()).unwrap_or_default();
        if stated != issuer {
            return Err(format!(
                "The discovery document names the issuer \"{stated}\", not \"{issuer}\"; they \
                 must be equal byte for byte."
            ));
        }
        let Some(jwks_uri) = discovery.get("jwks_uri").and_then(|v| v.as_str()) else {
            return Err("The discovery document has no jwks_uri.".into());
        };
        let document = self.get_json(jwks_uri).await?;
        let keys = jwk::parse_key_set(&document)?;
        Ok(Fetched { keys, document: String::from_utf8_lossy(&document).into_owned() })
    }

    async fn get_json(&self, url: &str) -> Result<Vec<u8>, String> {
        let parsed = Url::parse(url).map_err(|_| format!("\"{url}\" is not a valid URL."))?;
        self.check_url(&parsed)?;

        let mut response = self
            .client
            .get(parsed)
            .header(header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| describe(url, &e))?;
        if !response.status().is_success() {
            return Err(format!("{url} answered HTTP {}.", response.status().as_u16()));
        }
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let essence = content_type.split(';').next().unwrap_or("").trim();
        if essence != "application/json" && !essence.ends_with("+json") {
            return Err(format!("{url} answered with {essence:?}, not JSON."));
        }

        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| describe(url, &e))? {
            if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
                return Err(format!("{url} sent more than {} KiB.", MAX_DOCUMENT_BYTES / 1024));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn check_url(&self, url: &Url) -> Result<(), String> {
        let plain_http_allowed = self.reach == Reach::AlsoLoopback && url.scheme() == "http";
        if url.scheme() != "https" && !plain_http_allowed {
            return Err(format!("{url} does not use https."));
        }
        // The resolver never sees literal addresses: check them here, before any connection.
        let literal = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            Some(url::Host::Domain(_)) => None,
            None => return Err(format!("{url} has no host.")),
        };
        if let Some(reason) = literal.and_then(|ip| forbidden(ip, self.reach)) {
            return Err(format!("{url} points at a {reason} address, which is never fetched."));
        }
        Ok(())
    }
}

fn describe(url: &str, error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return format!("{url} did not answer in time.");
    }
    if error.is_redirect() {
        return format!("{url} answered with a redirect, which is not followed.");
    }
    // The resolver's refusal is the most useful part of the chain.
    let mut source: Option<&dyn std::error::Error> = Some(error);
    let mut innermost: &dyn std::error::Error = error;
    while let Some(cause) = source {
        if let Some(refusal) = cause.downcast_ref::<Refused>() {
            return format!("{url}: {}", refusal.0);
        }
        innermost = cause;
        source = cause.source();
    }
    // reqwest's own words ("error sending request for url (...)") repeat the URL and hide the
    // cause; the innermost error is the one that says what happened (a name that does not
    // resolve, a refused connection, a TLS failure).
    let cause = innermost.to_string();
    let cause = cause.trim_end_matches('.');
    if error.is_connect() {
        return format!(
            "{url} could not be reached ({cause}). Check that the issuer's host name resolves \
             from this server and accepts HTTPS connections."
        );
    }
    format!("{url} could not be fetched ({cause}).")
}

/// Why an address is never fetched, if it is not.
pub fn forbidden(ip: IpAddr, reach: Reach) -> Option<&'static str> {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    };
    if ip.is_loopback() {
        return (reach == Reach::PublicHttps).then_some("loopback");
    }
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4 == std::net::Ipv4Addr::new(169, 254, 169, 254) {
                Some("cloud metadata")
            } else if v4.is_private() || (a == 100 && (64..128).contains(&b)) {
                Some("private")
            } else if v4.is_link_local() {
                Some("link-local")
            } else if v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast() || a == 0 {
                Some("non-routable")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if first & 0xfe00 == 0xfc00 {
                Some("private")
            } else if first & 0xffc0 == 0xfe80 {
                Some("link-local")
            } else if v6.is_unspecified() || v6.is_multicast() {
                Some("non-routable")
            } else {
                None
            }
        }
    }
}

/// A name whose addresses include a forbidden one.
#[derive(Debug)]
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// Resolves with the system resolver, then refuses the whole answer if any address is
/// forbidden: a name that mixes public and private addresses is not an issuer.
struct CheckedResolver {
    reach: Reach,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let reach = self.reach;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            for address in &addresses {
                if let Some(reason) = forbidden(address.ip(), reach) {
                    let message =
                        format!("{host} resolves to a {reason} address, which is never fetched.");
                    return Err(
                        Box::new(Refused(message)) as Box<dyn std::error::Error + Send + Sync>
                    );
                }
            }
            Ok(Box::new(addresses.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_ranges() {
        let cases = [
            ("127.0.0.1", Some("loopback")),
            ("10.1.2.3", Some("private")),
            ("172.16.0.1", Some("private")),
            ("192.168.1.1", Some("private")),
            ("100.64.0.1", Some("private")),
            ("169.254.169.254", Some("cloud metadata")),
            ("169.254.1.1", Some("link-local")),
            ("0.0.0.0", Some("non-routable")),
            ("::1", Some("loopback")),
            ("fd00:ec2::254", Some("private")),
            ("fe80::1", Some("link-local")),
            ("::ffff:10.0.0.1", Some("private")),
            ("8.8.8.8", None),
            ("2001:4860:4860::8888", None),
        ];
        for (ip, expected) in cases {
            assert_eq!(forbidden(ip.parse().unwrap(), Reach::PublicHttps), expected, "{ip}");
        }
        assert_eq!(forbidden("127.0.0.1".parse().unwrap(), Reach::AlsoLoopback), None);
        assert_eq!(forbidden("10.0.0.1".parse().unwrap(), Reach::AlsoLoopback), Some("private"));
    }
}
