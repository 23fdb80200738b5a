//! Who is signed in, known to every page through a context.

use leptos::prelude::*;
use wif_core::{CurrentSession, Permissions};

use crate::api;
use crate::components::status::Loading;

#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// The app has not asked the server yet.
    Unknown,
    SignedOut,
    SignedIn(CurrentSession),
}

/// The session of this browser tab, shared by every page.
#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<SessionState>);

impl Session {
    /// Creates the context and asks the server who is signed in.
    pub fn provide() -> Session {
        let session = Session(RwSignal::new(SessionState::Unknown));
        provide_context(session);
        session.refresh();
        session
    }

    /// Asks the server again, after a change that gives this account new grants (creating an
    /// organization makes it the owner).
    pub fn refresh(self) {
        leptos::task::spawn_local(async move {
            let state = match api::current_session().await {
                Ok(current) => SessionState::SignedIn(current),
                Err(_) => SessionState::SignedOut,
            };
            self.0.set(state);
        });
    }

    /// Whether the signed-in account may do what `rule` asks; false when nobody is signed in.
    pub fn can(
        self,
        rule: impl Fn(&Permissions<'_>) -> bool + Send + Sync + 'static,
    ) -> Signal<bool> {
        Signal::derive(move || {
            self.0.with(|state| match state {
                SessionState::SignedIn(current) => rule(&current.permissions()),
                _ => false,
            })
        })
    }

    pub fn username(self) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.0.with(|state| match state {
                SessionState::SignedIn(current) => Some(current.account.username.clone()),
                _ => None,
            })
        })
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Shows its children only to a signed-in account; anyone else is sent to sign in.
#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    move || match session.0.get() {
        SessionState::Unknown => view! { <Loading label="Checking your session…" /> }.into_any(),
        SessionState::SignedOut => {
            api::go_to_sign_in();
            view! { <Loading label="Taking you to sign in…" /> }.into_any()
        }
        SessionState::SignedIn(_) => children().into_any(),
    }
}

/// What a page shows to an account whose role does not allow it. The server refuses the same
/// requests; this only saves a round trip and says why.
#[component]
pub fn NotAllowed(#[prop(into)] action: String) -> impl IntoView {
    let message = format!("Your account may not {action}. Ask an Organization Owner for the role.");
    view! {
        <h1>"Not allowed"</h1>
        <div class="notice notice-error" role="alert">
            <p>{message}</p>
        </div>
    }
}
