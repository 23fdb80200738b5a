//! Console accounts, their grants, and what each grant allows.
//!
//! The rules of who may do what live here, once: the server enforces them and the console uses
//! them to hide what an account cannot do.
//!
//! Console accounts are people (and their scripts) who use the console; they are not database
//! users.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::problem::FieldError;

/// A role an account holds in one organization or project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Manages the organization: its identity provider connections, projects and accounts.
    #[serde(rename = "ORG_OWNER")]
    OrgOwner,
    /// Sees everything in the organization and uses the inspector; changes nothing.
    #[serde(rename = "ORG_READ_ONLY")]
    OrgReadOnly,
    /// Manages the database users of one project.
    #[serde(rename = "PROJECT_OWNER")]
    ProjectOwner,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::OrgOwner, Role::OrgReadOnly, Role::ProjectOwner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::OrgOwner => "ORG_OWNER",
            Role::OrgReadOnly => "ORG_READ_ONLY",
            Role::ProjectOwner => "PROJECT_OWNER",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::OrgOwner => "Organization Owner",
            Role::OrgReadOnly => "Organization Read Only",
            Role::ProjectOwner => "Project Owner",
        }
    }

    pub fn parse(wire: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == wire)
    }
}

/// One role on one organization (or, for [`Role::ProjectOwner`], one project).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
}

impl Grant {
    pub fn org(role: Role, org_id: &str) -> Grant {
        Grant { role, org_id: Some(org_id.to_owned()), project_id: None }
    }
}

/// The grants of the account making a request, with what the rules need to know about the
/// deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permissions<'a> {
    pub grants: &'a [Grant],
    /// The organization that owns the deployment's federation settings (the first one).
    pub federation_org_id: &'a str,
}

impl Permissions<'_> {
    fn holds(&self, role: Role, org_id: &str) -> bool {
        self.grants.iter().any(|g| g.role == role && g.org_id.as_deref() == Some(org_id))
    }

    /// Creating, editing and deleting identity providers (shared by the whole deployment).
    pub fn can_manage_identity_providers(&self) -> bool {
        self.holds(Role::OrgOwner, self.federation_org_id)
    }

    /// Reading identity providers: every account may, to pick one in the inspector.
    pub fn can_read_identity_providers(&self) -> bool {
        true
    }

    /// The deployment's audit trail: members of the federation organization.
    pub fn can_read_audit_trail(&self) -> bool {
        self.is_member(self.federation_org_id)
    }

    /// Whether the account holds any organization role there (owner or read only).
    pub fn is_member(&self, org_id: &str) -> bool {
        self.holds(Role::OrgOwner, org_id) || self.holds(Role::OrgReadOnly, org_id)
    }

    /// Creating accounts with grants in an organization, and deleting them.
    pub fn can_manage_accounts(&self, org_id: &str) -> bool {
        self.holds(Role::OrgOwner, org_id)
    }

    /// Creating organizations: the owners of the federation organization run the deployment.
    pub fn can_create_organizations(&self) -> bool {
        self.holds(Role::OrgOwner, self.federation_org_id)
    }

    /// Renaming or deleting an organization, managing its projects, and connecting or
    /// disconnecting identity providers for it.
    pub fn can_manage_organization(&self, org_id: &str) -> bool {
        self.holds(Role::OrgOwner, org_id)
    }

    /// Seeing an organization at all: its members, and owners of one of its projects.
    pub fn can_read_organization(&self, org_id: &str, project_ids: &[String]) -> bool {
        self.is_member(org_id) || project_ids.iter().any(|p| self.owns_project(p))
    }

    /// Seeing a project: members of its organization and its owners.
    pub fn can_read_project(&self, org_id: &str, project_id: &str) -> bool {
        self.is_member(org_id) || self.owns_project(project_id)
    }

    /// Managing a project's database users.
    pub fn can_manage_database_users(&self, org_id: &str, project_id: &str) -> bool {
        self.holds(Role::OrgOwner, org_id) || self.owns_project(project_id)
    }

    pub fn owns_project(&self, project_id: &str) -> bool {
        self.grants
            .iter()
            .any(|g| g.role == Role::ProjectOwner && g.project_id.as_deref() == Some(project_id))
    }

    /// Organizations where the account may manage accounts.
    pub fn owned_orgs(&self) -> impl Iterator<Item = &str> {
        self.grants.iter().filter(|g| g.role == Role::OrgOwner).filter_map(|g| g.org_id.as_deref())
    }
}

/// The body of `POST /api/v1/sessions`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// Who is signed in: the answer of `GET /api/v1/sessions/current`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentSession {
    pub account: Account,
    pub federation_org_id: String,
}

impl CurrentSession {
    pub fn permissions(&self) -> Permissions<'_> {
        Permissions { grants: &self.account.grants, federation_org_id: &self.federation_org_id }
    }
}

/// A console account as the API shows it; never with its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    pub username: String,
    pub grants: Vec<Grant>,
    pub created_at: String,
}

/// The body of `POST /api/v1/accounts`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewAccount {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub grants: Vec<Grant>,
}

// The bodies that carry a password print it as hidden, so that no `{:?}` of one, in a log or
// a panic message, can show it.

impl fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .field("password", &HIDDEN)
            .finish()
    }
}

impl fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewAccount")
            .field("username", &self.username)
            .field("password", &HIDDEN)
            .field("grants", &self.grants)
            .finish()
    }
}

impl fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordChange")
            .field("current_password", &HIDDEN)
            .field("new_password", &HIDDEN)
            .finish()
    }
}

const HIDDEN: Hidden = Hidden;

/// Prints as `<hidden>` in place of a secret.
struct Hidden;

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<hidden>")
    }
}

/// Limits on account fields.
pub mod account_limits {
    pub const USERNAME_MAX: usize = 64;
    pub const PASSWORD_MIN: usize = 12;
    pub const PASSWORD_MAX: usize = 256;
}

impl NewAccount {
    /// Checks the fields that need no stored data; the server checks the organizations.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Err(message) = check_username(&self.username) {
            errors.push(FieldError::new("username", message));
        }
        if let Err(message) = check_password(&self.password) {
            errors.push(FieldError::new("password", message));
        }
        if self.grants.is_empty() {
            errors.push(FieldError::new("grants", "Give the account at least one role."));
        }
        for (index, grant) in self.grants.iter().enumerate() {
            let scoped_right = match grant.role {
                Role::ProjectOwner => grant.project_id.is_some() && grant.org_id.is_none(),
                Role::OrgOwner | Role::OrgReadOnly => {
                    grant.org_id.is_some() && grant.project_id.is_none()
                }
            };
            if !scoped_right {
                let message = match grant.role {
                    Role::ProjectOwner => "A Project Owner role names a projectId and no orgId.",
                    _ => "An organization role names an orgId and no projectId.",
                };
                errors.push(FieldError::new(&format!("grants[{index}]"), message));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// The body of `PUT /api/v1/sessions/current/password`: the signed-in account changes its own
/// password, proving it knows the current one.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordChange {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
}

impl PasswordChange {
    /// Checks the fields on their own; whether the current password is right is the server's.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.current_password.is_empty() {
            errors.push(FieldError::new("currentPassword", "Enter your current password."));
        }
        if let Err(message) = check_password(&self.new_password) {
            errors.push(FieldError::new("newPassword", message));
        } else if self.new_password == self.current_password {
            let message = "The new password is the current one; choose another.";
            errors.push(FieldError::new("newPassword", message));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// A user name: letters, digits and `._@-`, so that it reads the same everywhere it is shown.
pub fn check_username(username: &str) -> Result<(), String> {
    if username.is_empty() {
        return Err("Enter a user name.".into());
    }
    if username.chars().count() > account_limits::USERNAME_MAX {
        let max = account_limits::USERNAME_MAX;
        return Err(format!("A user name can be at most {max} characters long."));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._@-".contains(c);
    if !username.chars().all(allowed) {
        return Err("A user name may hold only letters, digits and . _ @ -.".into());
    }
    Ok(())
}

/// Long passwords rather than composition rules, as NIST SP 800-63B advises.
pub fn check_password(password: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < account_limits::PASSWORD_MIN {
        let min = account_limits::PASSWORD_MIN;
        return Err(format!("A password needs at least {min} characters; it has {length}."));
    }
    if length > account_limits::PASSWORD_MAX {
        let max = account_limits::PASSWORD_MAX;
        return Err(format!("A password can be at most {max} characters long."));
    }
    Ok(())
}

/// An API token as listed; the secret is never shown again after creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
}

/// The answer to creating an API token: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiToken {
    #[serde(flatten)]
    pub token: ApiToken,
    /// Send as `Authorization: Bearer <secret>`.
    pub secret: String,
}

/// The body of `POST /api/v1/api-tokens`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewApiToken {
    #[serde(default)]
    pub name: String,
}

impl NewApiToken {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let name = self.name.trim();
        let message = if name.is_empty() {
            "Name the token after the script that uses it."
        } else if name.chars().count() > 100 {
            "A token name can be at most 100 characters long."
        } else if name.chars().any(char::is_control) {
            "A token name must not contain control characters."
        } else {
            return Ok(name.to_owned());
        };
        Err(vec![FieldError::new("name", message)])
    }
}

/// One recorded change or sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// The acting account; absent for a failed sign-in under an unknown name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The name given, as typed for a failed sign-in.
    pub username: String,
    /// What happened, such as `identity_provider.update` or `session.login_failed`.
    pub action: String,
    pub object_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_id: Option<String>,
    /// The object before the change, secrets left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    /// The object after the change, secrets left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
}
