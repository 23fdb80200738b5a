//! Every path of the app, in one place; links are built from here, never spelled out.

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Providers,
    NewProvider,
    Provider(String),
    EditProvider(String),
}

impl Page {
    pub fn href(&self) -> String {
        match self {
            Page::Providers => "/identity-providers".to_owned(),
            Page::NewProvider => "/identity-providers/new".to_owned(),
            Page::Provider(id) => format!("/identity-providers/{id}"),
            Page::EditProvider(id) => format!("/identity-providers/{id}/edit"),
        }
    }
}
