//! Organizations, their projects, and the identity providers connected to them.

use serde::{Deserialize, Serialize};

use crate::database_user::DatabaseUserRef;
use crate::problem::FieldError;

/// An organization as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub name: String,
    /// True for the organization that owns the deployment's federation settings.
    pub is_federation_owner: bool,
    /// The identity providers connected to it (Atlas: `dataAccessIdentityProviderIds`).
    pub data_access_identity_provider_ids: Vec<String>,
    pub created_at: String,
}

/// A project of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub created_at: String,
}

/// The body that creates or renames an organization or a project: only a name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NameBody {
    #[serde(default)]
    pub name: Option<String>,
}

/// Atlas allows 64 characters for organization and project names.
pub const NAME_MAX: usize = 64;

impl NameBody {
    /// The trimmed name; `what` is "organization" or "project", for the message.
    pub fn validate(&self, what: &str) -> Result<String, Vec<FieldError>> {
        let name = self.name.as_deref().unwrap_or("").trim();
        let message = if name.is_empty() {
            format!("Enter a name for the {what}.")
        } else if name.chars().count() > NAME_MAX {
            format!("A {what} name can be at most {NAME_MAX} characters long.")
        } else if name.chars().any(char::is_control) {
            format!("A {what} name must not contain control characters.")
        } else {
            return Ok(name.to_owned());
        };
        Err(vec![FieldError::new("name", message)])
    }
}

/// A reference to an object by id and name, for lists of what a change affects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// What disconnecting a provider from an organization takes away: every project of the
/// organization can no longer use the provider, and its database users of that provider lose
/// access. Returned by `GET …/identity-providers/{idpId}/disconnect-impact` and shown before
/// the console disconnects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisconnectImpact {
    pub organization: Named,
    pub identity_provider: Named,
    pub projects: Vec<Named>,
    /// Database users named `<provider id>/…` in those projects.
    pub database_users: Vec<DatabaseUserRef>,
}
