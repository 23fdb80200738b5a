//! Identity providers: the configurations that tell which tokens a database accepts.
//!
//! Wire names follow the Atlas Admin API v2, in camelCase.

use serde::{Deserialize, Deserializer, Serialize};

/// Wire names of the identity provider fields, as used in bodies and in [`FieldError`]s.
///
/// [`FieldError`]: crate::FieldError
pub mod field {
    pub const DISPLAY_NAME: &str = "displayName";
    pub const DESCRIPTION: &str = "description";
    pub const ISSUER_URI: &str = "issuerUri";
    pub const AUDIENCE: &str = "audience";
    pub const AUTHORIZATION_TYPE: &str = "authorizationType";
    pub const GROUPS_CLAIM: &str = "groupsClaim";
    pub const USER_CLAIM: &str = "userClaim";
    pub const IDP_TYPE: &str = "idpType";
    pub const PROTOCOL: &str = "protocol";
}

/// The claim that names the principal when the admin does not choose another.
pub const DEFAULT_USER_CLAIM: &str = "sub";
/// The claim that lists group ids when the admin does not choose another.
pub const DEFAULT_GROUPS_CLAIM: &str = "groups";
/// Every provider managed here is for workloads, not people.
pub const IDP_TYPE_WORKLOAD: &str = "WORKLOAD";
/// Every provider managed here speaks OpenID Connect.
pub const PROTOCOL_OIDC: &str = "OIDC";

/// How a token's principal is matched to database users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum AuthorizationType {
    /// The user claim's value names the database user (Atlas: "User ID"). The common choice.
    #[default]
    #[serde(rename = "USER")]
    User,
    /// Each group id in the groups claim names a database role holder ("Group Membership").
    #[serde(rename = "GROUP")]
    Group,
}

impl AuthorizationType {
    pub const ALL: [AuthorizationType; 2] = [AuthorizationType::User, AuthorizationType::Group];

    /// The wire value, `USER` or `GROUP`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthorizationType::User => "USER",
            AuthorizationType::Group => "GROUP",
        }
    }

    /// The name admins see in the console.
    pub fn label(self) -> &'static str {
        match self {
            AuthorizationType::User => "User ID",
            AuthorizationType::Group => "Group Membership",
        }
    }

    pub fn parse(wire: &str) -> Option<AuthorizationType> {
        AuthorizationType::ALL.into_iter().find(|kind| kind.as_str() == wire)
    }
}

/// A validated identity provider configuration: every rule of [`crate::validate`] holds.
///
/// Only [`NewIdentityProvider::validate`] makes one, so holding one is proof of validity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityProviderConfig {
    pub display_name: String,
    pub description: Option<String>,
    pub issuer_uri: String,
    pub audience: String,
    pub authorization_type: AuthorizationType,
    pub groups_claim: String,
    pub user_claim: String,
}

/// An identity provider as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityProvider {
    /// 24 lowercase hex characters, assigned by the server.
    pub id: String,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub issuer_uri: String,
    pub audience: String,
    pub authorization_type: AuthorizationType,
    pub groups_claim: String,
    pub user_claim: String,
    /// Always `WORKLOAD`.
    pub idp_type: String,
    /// Always `OIDC`.
    pub protocol: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
    /// Ids of the organizations connected to this provider.
    #[serde(default)]
    pub associated_orgs: Vec<String>,
}

impl IdentityProvider {
    /// The configuration part, for editing.
    pub fn config(&self) -> IdentityProviderConfig {
        IdentityProviderConfig {
            display_name: self.display_name.clone(),
            description: self.description.clone(),
            issuer_uri: self.issuer_uri.clone(),
            audience: self.audience.clone(),
            authorization_type: self.authorization_type,
            groups_claim: self.groups_claim.clone(),
            user_claim: self.user_claim.clone(),
        }
    }
}

/// The body of `POST /api/v1/identity-providers`.
///
/// Every field is optional on the wire so that a missing one is reported by validation, with
/// the same sentence the console shows, rather than by the JSON reader.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewIdentityProvider {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// `USER` or `GROUP`; read as text so that a wrong value gets a sentence, not a parse error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups_claim: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_claim: Option<String>,
    /// Accepted for Atlas compatibility; only `WORKLOAD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idp_type: Option<String>,
    /// Accepted for Atlas compatibility; only `OIDC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

/// The body of `PATCH /api/v1/identity-providers/{id}`: a field left out stays as it is, a
/// field set to `null` goes back to its default (or is removed, for the description).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdentityProviderPatch {
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub display_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub issuer_uri: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub audience: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub authorization_type: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub groups_claim: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub user_claim: Option<Option<String>>,
}

/// Tells a field sent as `null` (`Some(None)`) from a field left out (`None`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

impl IdentityProviderPatch {
    /// The whole configuration this patch asks for, to be validated like a new one.
    pub fn apply_to(&self, current: &IdentityProviderConfig) -> NewIdentityProvider {
        fn merge(patch: &Option<Option<String>>, current: &str) -> Option<String> {
            match patch {
                None => Some(current.to_owned()),
                Some(value) => value.clone(),
            }
        }

        NewIdentityProvider {
            display_name: merge(&self.display_name, &current.display_name),
            description: match &self.description {
                None => current.description.clone(),
                Some(value) => value.clone(),
            },
            issuer_uri: merge(&self.issuer_uri, &current.issuer_uri),
            audience: merge(&self.audience, &current.audience),
            authorization_type: merge(
                &self.authorization_type,
                current.authorization_type.as_str(),
            ),
            groups_claim: merge(&self.groups_claim, &current.groups_claim),
            user_claim: merge(&self.user_claim, &current.user_claim),
            idp_type: None,
            protocol: None,
        }
    }

    /// True when the patch names no field at all.
    pub fn is_empty(&self) -> bool {
        *self == IdentityProviderPatch::default()
    }
}

impl From<&IdentityProviderConfig> for NewIdentityProvider {
    fn from(config: &IdentityProviderConfig) -> Self {
        NewIdentityProvider {
            display_name: Some(config.display_name.clone()),
            description: config.description.clone(),
            issuer_uri: Some(config.issuer_uri.clone()),
            audience: Some(config.audience.clone()),
            authorization_type: Some(config.authorization_type.as_str().to_owned()),
            groups_claim: Some(config.groups_claim.clone()),
            user_claim: Some(config.user_claim.clone()),
            idp_type: None,
            protocol: None,
        }
    }
}
