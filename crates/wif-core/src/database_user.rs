//! Database users with federated authentication: a project's users named
//! `<provider id>/<identifier>`, where the identifier is what the provider's tokens carry.
//!
//! Wire names follow the Atlas Admin API v2 (`username`, `databaseName`, `oidcAuthType`,
//! `roles`). The rules that need only the request live in [`NewDatabaseUser::validate`]; those
//! that need the provider (its authorization type, the identifier shape its issuer implies) in
//! [`ValidDatabaseUser::check_against`], so that the console runs both as the admin types.

use serde::{Deserialize, Serialize};

use crate::idp::AuthorizationType;
use crate::org::Named;
use crate::problem::FieldError;
use crate::setup::{self, IssuerKind};

/// Wire names of the database user fields, as used in [`FieldError`]s.
pub mod field {
    pub const USERNAME: &str = "username";
    pub const DATABASE_NAME: &str = "databaseName";
    pub const OIDC_AUTH_TYPE: &str = "oidcAuthType";
    pub const ROLES: &str = "roles";
}

/// The longest identifier accepted after `<provider id>/`.
pub const IDENTIFIER_MAX: usize = 256;

/// What a federated database user stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OidcAuthType {
    /// One workload, named by the provider's user claim.
    #[serde(rename = "USER")]
    User,
    /// A group, named by one of the ids in the provider's groups claim.
    #[serde(rename = "IDP_GROUP")]
    IdpGroup,
}

impl OidcAuthType {
    pub const ALL: [OidcAuthType; 2] = [OidcAuthType::User, OidcAuthType::IdpGroup];

    /// The kind of database user a provider's authorization type calls for.
    pub fn for_provider(authorization_type: AuthorizationType) -> OidcAuthType {
        match authorization_type {
            AuthorizationType::User => OidcAuthType::User,
            AuthorizationType::Group => OidcAuthType::IdpGroup,
        }
    }

    /// The authentication database: `$external` for a workload, `admin` for a group.
    pub fn database_name(self) -> &'static str {
        match self {
            OidcAuthType::User => "$external",
            OidcAuthType::IdpGroup => "admin",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OidcAuthType::User => "USER",
            OidcAuthType::IdpGroup => "IDP_GROUP",
        }
    }

    pub fn parse(wire: &str) -> Option<OidcAuthType> {
        OidcAuthType::ALL.into_iter().find(|kind| kind.as_str() == wire)
    }
}

/// A built-in role a database user can be granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltInRole {
    pub name: &'static str,
    /// What it allows, for the console.
    pub meaning: &'static str,
    /// It applies to every database, so it is granted on `admin`.
    pub any_database: bool,
    /// It can be narrowed to one collection.
    pub per_collection: bool,
}

/// The roles the console and the API accept, most common first.
pub const BUILT_IN_ROLES: &[BuiltInRole] = &[
    BuiltInRole {
        name: "readWrite",
        meaning: "read and write one database",
        any_database: false,
        per_collection: true,
    },
    BuiltInRole {
        name: "read",
        meaning: "read one database",
        any_database: false,
        per_collection: true,
    },
    BuiltInRole {
        name: "dbAdmin",
        meaning: "indexes, statistics and schema of one database; no data",
        any_database: false,
        per_collection: false,
    },
    BuiltInRole {
        name: "readAnyDatabase",
        meaning: "read every database",
        any_database: true,
        per_collection: false,
    },
    BuiltInRole {
        name: "readWriteAnyDatabase",
        meaning: "read and write every database",
        any_database: true,
        per_collection: false,
    },
    BuiltInRole {
        name: "atlasAdmin",
        meaning: "administer the whole deployment",
        any_database: true,
        per_collection: false,
    },
];

pub fn built_in_role(name: &str) -> Option<&'static BuiltInRole> {
    BUILT_IN_ROLES.iter().find(|role| role.name == name)
}

/// One role on one database (and optionally one collection).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseRole {
    #[serde(default)]
    pub role_name: String,
    #[serde(default)]
    pub database_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_name: Option<String>,
}

/// A stored database user, as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseUser {
    pub project_id: String,
    /// `<provider id>/<identifier>`.
    pub username: String,
    pub database_name: String,
    pub oidc_auth_type: OidcAuthType,
    pub roles: Vec<DatabaseRole>,
    pub created_at: String,
}

impl DatabaseUser {
    /// The user's address in the REST API: `…/database-users/{databaseName}/{username}`, with
    /// the username's slash encoded.
    pub fn api_path(&self) -> String {
        format!(
            "/api/v1/projects/{}/database-users/{}/{}",
            self.project_id,
            crate::encode::component(&self.database_name),
            crate::encode::component(&self.username)
        )
    }

    /// The provider id and the identifier, from the username.
    pub fn parts(&self) -> (&str, &str) {
        self.username.split_once('/').unwrap_or(("", &self.username))
    }
}

/// A database user of one provider, with its project and whether it can sign in now: it can
/// only while the provider is connected to the project's organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderDatabaseUser {
    pub project: Named,
    pub org_id: String,
    pub user: DatabaseUser,
    pub has_access: bool,
}

/// A database user that loses access in a disconnection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseUserRef {
    pub project: Named,
    pub username: String,
}

/// The body of `POST /api/v1/projects/{projectId}/database-users`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDatabaseUser {
    #[serde(default)]
    pub username: Option<String>,
    /// Optional: it follows from the kind of user, and is checked when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_name: Option<String>,
    #[serde(default)]
    pub oidc_auth_type: Option<String>,
    #[serde(default)]
    pub roles: Option<Vec<DatabaseRole>>,
}

/// A request that follows every rule that needs nothing but itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDatabaseUser {
    pub provider_id: String,
    pub identifier: String,
    pub oidc_auth_type: OidcAuthType,
    pub roles: Vec<DatabaseRole>,
}

impl ValidDatabaseUser {
    pub fn username(&self) -> String {
        format!("{}/{}", self.provider_id, self.identifier)
    }

    /// The rules that need the provider: the kind of user its authorization type calls for,
    /// and the identifier shape its issuer implies.
    pub fn check_against(
        &self,
        authorization_type: AuthorizationType,
        issuer_uri: &str,
    ) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let expected = OidcAuthType::for_provider(authorization_type);
        if self.oidc_auth_type != expected {
            let message = match authorization_type {
                AuthorizationType::User => {
                    "This provider authorizes by user ID: its database users are workloads \
                     (USER), not groups."
                }
                AuthorizationType::Group => {
                    "This provider authorizes by group membership: its database users are \
                     groups (IDP_GROUP), not single workloads."
                }
            };
            errors.push(FieldError::new(field::OIDC_AUTH_TYPE, message));
        }
        if let Err(message) = check_identifier(issuer_uri, expected, &self.identifier) {
            errors.push(FieldError::new(field::USERNAME, message));
        }
        errors
    }
}

impl NewDatabaseUser {
    pub fn validate(&self) -> Result<ValidDatabaseUser, Vec<FieldError>> {
        let mut errors = Vec::new();
        let username = self.username.as_deref().unwrap_or("");
        let parts = check_username(username)
            .map_err(|message| errors.push(FieldError::new(field::USERNAME, message)))
            .ok();

        let kind = match self.oidc_auth_type.as_deref() {
            Some(wire) => OidcAuthType::parse(wire),
            None => None,
        };
        if kind.is_none() {
            let message = "Choose the kind of database user: USER for one workload, IDP_GROUP \
                for a group.";
            errors.push(FieldError::new(field::OIDC_AUTH_TYPE, message));
        }
        if let (Some(kind), Some(given)) = (kind, self.database_name.as_deref())
            && given != kind.database_name()
        {
            let message = format!(
                "A {} database user authenticates on {}, not {given}.",
                kind.as_str(),
                kind.database_name()
            );
            errors.push(FieldError::new(field::DATABASE_NAME, message));
        }
        let roles = self.roles.clone().unwrap_or_default();
        errors.extend(check_roles(&roles));

        match (parts, kind) {
            (Some((provider_id, identifier)), Some(oidc_auth_type)) if errors.is_empty() => {
                Ok(ValidDatabaseUser { provider_id, identifier, oidc_auth_type, roles })
            }
            _ => Err(errors),
        }
    }
}

/// `<provider id>/<identifier>`, split and checked.
pub fn check_username(username: &str) -> Result<(String, String), String> {
    let Some((provider_id, identifier)) = username.split_once('/') else {
        return Err("Enter the username as <provider id>/<identifier>: the identity provider's \
            id, a slash, and the value its tokens carry for the workload or group."
            .into());
    };
    if !is_object_id(provider_id) {
        return Err(format!(
            "The username starts with the identity provider's id (24 hexadecimal characters), \
             not \"{provider_id}\"."
        ));
    }
    check_identifier_text(identifier)?;
    Ok((provider_id.to_owned(), identifier.to_owned()))
}

fn check_identifier_text(identifier: &str) -> Result<(), String> {
    if identifier.is_empty() {
        return Err("Enter the identifier after the provider id and the slash.".into());
    }
    if identifier.chars().count() > IDENTIFIER_MAX {
        return Err(format!("An identifier can be at most {IDENTIFIER_MAX} characters long."));
    }
    if identifier.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("An identifier has no spaces or control characters: tokens carry it \
            exactly, so check what was pasted."
            .into());
    }
    Ok(())
}

/// The identifier shape a provider's issuer implies: an object id (GUID) for Entra ID, a
/// Unique ID (21 digits) for Google, anything printable otherwise.
pub fn check_identifier(
    issuer_uri: &str,
    kind: OidcAuthType,
    identifier: &str,
) -> Result<(), String> {
    // The shape the issuer implies goes first: it says what to paste instead, which is more
    // use than a complaint about a space in a group's name.
    let issuer = IssuerKind::of(issuer_uri);
    if issuer == IssuerKind::EntraId && !setup::is_guid(identifier) {
        return Err(match kind {
            OidcAuthType::User => {
                "For Entra ID, the identifier is the workload's object id: a \
                managed identity's principal id or a service principal's object id, a GUID \
                like 6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b."
            }
            OidcAuthType::IdpGroup => {
                "For Entra ID, a group is named by its Object Id, a GUID \
                like 6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b; tokens do not carry group names."
            }
        }
        .into());
    }
    if issuer == IssuerKind::Google {
        setup::google_unique_id(identifier)?;
    }
    check_identifier_text(identifier)
}

/// An id as the server assigns them: 24 lowercase hexadecimal characters.
fn is_object_id(text: &str) -> bool {
    text.len() == 24 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn check_roles(roles: &[DatabaseRole]) -> Vec<FieldError> {
    if roles.is_empty() {
        let message = "Grant at least one role: without one, the user can sign in but do nothing.";
        return vec![FieldError::new(field::ROLES, message)];
    }
    let mut errors = Vec::new();
    for (index, role) in roles.iter().enumerate() {
        let at = |name: &str| format!("{}[{index}].{name}", field::ROLES);
        let Some(built_in) = built_in_role(&role.role_name) else {
            let names: Vec<&str> = BUILT_IN_ROLES.iter().map(|r| r.name).collect();
            let message = format!(
                "\"{}\" is not a role this console grants; choose one of {}.",
                role.role_name,
                names.join(", ")
            );
            errors.push(FieldError::new(&at("roleName"), message));
            continue;
        };
        if let Err(message) = check_role_database(built_in, &role.database_name) {
            errors.push(FieldError::new(&at("databaseName"), message));
        }
        match role.collection_name.as_deref() {
            Some(_) if !built_in.per_collection => {
                let message =
                    format!("{} applies to whole databases, not one collection.", built_in.name);
                errors.push(FieldError::new(&at("collectionName"), message));
            }
            Some(collection)
                if collection.trim().is_empty() || collection.starts_with("system.") =>
            {
                let message = "Enter a collection name, or none for the whole database; system \
                    collections cannot be granted.";
                errors.push(FieldError::new(&at("collectionName"), message));
            }
            _ => {}
        }
    }
    errors
}

fn check_role_database(role: &BuiltInRole, database: &str) -> Result<(), String> {
    if role.any_database {
        return if database == "admin" {
            Ok(())
        } else {
            Err(format!("{} covers every database, so it is granted on admin.", role.name))
        };
    }
    if database.is_empty() {
        return Err(format!("Enter the database that {} applies to.", role.name));
    }
    if database.len() > 63 || database.chars().any(|c| "/\\. \"$*<>:|?".contains(c) || c == '\0') {
        return Err(
            "A database name has at most 63 bytes and none of / \\ . space \" $ * < > : | \
            ?."
            .into(),
        );
    }
    Ok(())
}
