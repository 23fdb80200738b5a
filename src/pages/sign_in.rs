//! Signing in; afterwards the admin goes back to where they were sent from.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use wif_core::LoginRequest;

use crate::api;
use crate::components::layout::set_title;
use crate::routes::safe_next;
use crate::session::{SessionState, use_session};

#[component]
pub fn SignInPage() -> impl IntoView {
    set_title("Sign in");
    let session = use_session();
    let query = use_query_map();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let sign_in = Action::new_local(|login: &LoginRequest| {
        let login = login.clone();
        async move { api::sign_in(&login).await }
    });

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(current)) = sign_in.value().get() {
            session.0.set(SessionState::SignedIn(current));
            let next = query.with_untracked(|q| safe_next(q.get("next").as_deref()));
            navigate(&next, Default::default());
        }
    });
    let error = move || {
        sign_in.value().get().and_then(Result::err).map(|error| {
            view! { <div class="notice notice-error" role="alert">{error.message()}</div> }
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let login = LoginRequest { username: username.get(), password: password.get() };
        sign_in.dispatch(login);
    };

    view! {
        <div class="sign-in">
            <h1>"Sign in to wif-console"</h1>
            <form class="form" on:submit=submit>
                {error}
                <div class="field">
                    <label for="username">"User name"</label>
                    <input
                        id="username"
                        name="username"
                        class="input"
                        autocomplete="username"
                        required
                        bind:value=username
                    />
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        class="input"
                        autocomplete="current-password"
                        required
                        bind:value=password
                    />
                </div>
                <div class="actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        disabled=move || sign_in.pending().get()
                    >
                        {move || if sign_in.pending().get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </div>
            </form>
        </div>
    }
}
