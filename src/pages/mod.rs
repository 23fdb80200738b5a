//! One component per route of [`crate::routes::Page`].

mod account;
mod accounts;
mod api_tokens;
mod audit_trail;
pub mod azure_setup;
pub mod google_setup;
mod inspector;
mod not_found;
mod organization;
mod organizations;
mod provider_detail;
mod provider_edit;
mod provider_new;
mod providers;
mod sign_in;

pub use account::AccountPage;
pub use accounts::AccountsPage;
pub use api_tokens::ApiTokensPage;
pub use audit_trail::AuditTrailPage;
pub use azure_setup::AzureSetupPage;
pub use google_setup::GoogleSetupPage;
pub use inspector::InspectorPage;
pub use not_found::NotFoundPage;
pub use organization::OrganizationPage;
pub use organizations::OrganizationsPage;
pub use provider_detail::ProviderPage;
pub use provider_edit::EditProviderPage;
pub use provider_new::NewProviderPage;
pub use providers::ProvidersPage;
pub use sign_in::SignInPage;
