//! Changing the signed-in account's password, with the core's rules checked before sending.

use leptos::prelude::*;
use wif_core::{FieldError, PasswordChange};

use crate::api;
use crate::components::field::{TextField, focus};
use crate::routes::Page;

const CURRENT: &str = "currentPassword";
const NEW: &str = "newPassword";
const REPEAT: &str = "repeatPassword";

/// The values of the form and what is wrong with them, before the server is asked.
fn form_errors(current: &str, new: &str, repeat: &str) -> Vec<FieldError> {
    let change = PasswordChange { current_password: current.into(), new_password: new.into() };
    let mut errors = change.validate().err().unwrap_or_default();
    let new_is_fine = errors.iter().all(|e| e.field != NEW);
    if new_is_fine && repeat != new {
        errors.push(FieldError::new(REPEAT, "This is not the same as the new password."));
    }
    errors
}

#[component]
pub fn PasswordForm() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    // Field errors show once the admin has tried to submit, and follow the typing afterwards.
    let tried = RwSignal::new(false);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    let change = Action::new_local(|change: &PasswordChange| {
        let change = change.clone();
        async move { api::change_password(&change).await }
    });
    let changed = RwSignal::new(false);

    let client_errors = Memo::new(move |_| form_errors(&current.get(), &new.get(), &repeat.get()));
    let error = move |field: &'static str| {
        Signal::derive(move || {
            let client = if tried.get() { client_errors.get() } else { Vec::new() };
            let from = |errors: &[FieldError]| {
                errors.iter().find(|e| e.field == field).map(|e| e.message.clone())
            };
            from(&client).or_else(|| server_errors.with(|errors| from(errors)))
        })
    };
    // The server's word on a field holds until that field changes.
    for (field, value) in [(CURRENT, current), (NEW, new)] {
        Effect::new(move |_| {
            value.track();
            server_errors.update(|errors| errors.retain(|e| e.field != field));
        });
    }
    Effect::new(move |_| match change.value().get() {
        Some(Ok(())) => {
            for value in [current, new, repeat] {
                value.set(String::new());
            }
            tried.set(false);
            changed.set(true);
        }
        Some(Err(error)) => {
            server_errors.set(error.field_errors().to_vec());
            if let Some(first) = error.field_errors().first() {
                focus(&first.field);
            }
        }
        None => {}
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        tried.set(true);
        changed.set(false);
        if let Some(first) = client_errors.get_untracked().first() {
            focus(&first.field);
            return;
        }
        let input = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        change.dispatch(input);
    };
    let outcome = move || {
        if changed.get() {
            let done = "Your password was changed. Your other sessions were signed out; your API \
                        tokens still work: ";
            return Some(
                view! {
                    <div class="notice" role="status">
                        {done}
                        <a href=Page::ApiTokens.href()>"revoke any you no longer trust"</a>
                        "."
                    </div>
                }
                .into_any(),
            );
        }
        let failed = change.value().get().and_then(Result::err)?;
        // Field errors are shown at their fields; anything else (too many attempts) here.
        failed.field_errors().is_empty().then(|| {
            view! { <div class="notice notice-error" role="alert">{failed.message()}</div> }
                .into_any()
        })
    };
    let nothing = Callback::new(|()| {});

    view! {
        <section class="password-change" aria-labelledby="password-heading">
            <h2 id="password-heading">"Change your password"</h2>
            <p class="muted">
                "At least 12 characters; a few unrelated words make a good one. Every other \
                 session of this account is signed out."
            </p>
            <form class="form" on:submit=submit novalidate>
                <TextField
                    name=CURRENT
                    label="Current password"
                    hint="The one you signed in with."
                    value=current
                    error=error(CURRENT)
                    on_leave=nothing
                    required=true
                    password="current-password"
                />
                <TextField
                    name=NEW
                    label="New password"
                    hint="12 to 256 characters."
                    value=new
                    error=error(NEW)
                    on_leave=nothing
                    required=true
                    password="new-password"
                />
                <TextField
                    name=REPEAT
                    label="New password, again"
                    hint="To be sure it was typed as meant."
                    value=repeat
                    error=error(REPEAT)
                    on_leave=nothing
                    required=true
                    password="new-password"
                />
                {outcome}
                <div class="actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        disabled=move || change.pending().get()
                    >
                        {move || {
                            if change.pending().get() { "Changing…" } else { "Change password" }
                        }}
                    </button>
                </div>
            </form>
        </section>
    }
}
