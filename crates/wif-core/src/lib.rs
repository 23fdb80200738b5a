//! The workload identity federation domain, shared by the browser console and the server.
//!
//! It holds the identity provider model, the request and response bodies of the REST API and
//! the validation rules, written once so that the console shows exactly the messages the server
//! enforces.
//!
//! **Invariant:** this crate does no I/O and knows nothing of HTTP frameworks, databases or the
//! DOM; it builds for native targets and for `wasm32-unknown-unknown`.

pub mod access;
pub mod database_user;
pub mod encode;
pub mod idp;
pub mod jwk;
pub mod org;
pub mod page;
pub mod problem;
pub mod setup;
#[cfg(feature = "testing")]
pub mod testing;
pub mod token;
pub mod validate;

pub use access::{
    Account, ApiToken, AuditEvent, CreatedApiToken, CurrentSession, Grant, LoginRequest,
    NewAccount, NewApiToken, PasswordChange, Permissions, Role,
};
pub use database_user::{
    DatabaseRole, DatabaseUser, DatabaseUserRef, NewDatabaseUser, OidcAuthType,
    ProviderDatabaseUser,
};
pub use idp::{
    AuthorizationType, IdentityProvider, IdentityProviderConfig, IdentityProviderPatch,
    NewIdentityProvider,
};
pub use org::{DisconnectImpact, NameBody, Named, Organization, Project};
pub use page::{Page, PageRequest};
pub use problem::{FieldError, Problem, ProblemType};
