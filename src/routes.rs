//! Every path of the app, in one place; links are built from here, never spelled out.

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    SignIn,
    Inspector,
    AuditTrail,
    ApiTokens,
    Account,
    Accounts,
    Organizations,
    Organization(String),
    Providers,
    NewProvider,
    AzureSetup,
    GoogleSetup,
    Provider(String),
    /// A provider just created, with the kind of wizard (or form) that made it.
    ProviderCreated(String, String),
    EditProvider(String),
}

impl Page {
    pub fn href(&self) -> String {
        match self {
            Page::SignIn => "/sign-in".to_owned(),
            Page::Inspector => "/inspector".to_owned(),
            Page::AuditTrail => "/audit-trail".to_owned(),
            Page::ApiTokens => "/api-tokens".to_owned(),
            Page::Account => "/account".to_owned(),
            Page::Accounts => "/accounts".to_owned(),
            Page::Organizations => "/organizations".to_owned(),
            Page::Organization(id) => format!("/organizations/{id}"),
            Page::Providers => "/identity-providers".to_owned(),
            Page::NewProvider => "/identity-providers/new".to_owned(),
            Page::AzureSetup => "/identity-providers/new/azure".to_owned(),
            Page::GoogleSetup => "/identity-providers/new/google".to_owned(),
            Page::Provider(id) => format!("/identity-providers/{id}"),
            Page::ProviderCreated(id, kind) => format!("/identity-providers/{id}?created={kind}"),
            Page::EditProvider(id) => format!("/identity-providers/{id}/edit"),
        }
    }
}

/// Where to go after signing in: only a path on this site, never another origin.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => Page::Providers.href(),
    }
}
