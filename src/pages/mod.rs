//! One component per route of [`crate::routes::Page`].

mod not_found;
mod provider_detail;
mod provider_edit;
mod provider_new;
mod providers;

pub use not_found::NotFoundPage;
pub use provider_detail::ProviderPage;
pub use provider_edit::EditProviderPage;
pub use provider_new::NewProviderPage;
pub use providers::ProvidersPage;
