//! Renaming an organization or a project in a dialog, guarded by the version it was read at.

use leptos::html;
use leptos::prelude::*;
use wif_core::NameBody;

use crate::api::{self, ApiError, Versioned};
use crate::components::confirm_dialog::follow_open;

/// What the dialog is renaming: the API path of the object and what to call it in messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Renamed {
    pub path: String,
    /// "organization" or "project".
    pub what: &'static str,
}

/// The name and version are read afresh each time the dialog opens, so that a rename is made
/// against what the server has now; a change by someone else in between is refused (412) and
/// the dialog offers to read it again, keeping the name typed.
#[component]
pub fn RenameDialog(
    open: RwSignal<bool>,
    target: Renamed,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let name = RwSignal::new(String::new());
    let read = RwSignal::new(None::<Result<Versioned<String>, ApiError>>);
    let field_error = RwSignal::new(None::<String>);
    // A refusal that is not about the name (gone, not allowed, offline) is said apart from it.
    let refusal = RwSignal::new(None::<String>);
    let path = target.path.clone();
    let fetch = Action::new_local(move |(): &()| {
        let path = path.clone();
        async move { api::get_named(&path).await }
    });
    let path = target.path.clone();
    let save = Action::new_local(move |(name, etag): &(String, Option<String>)| {
        let (path, name, etag) = (path.clone(), name.clone(), etag.clone());
        async move { api::rename(&path, &name, etag.as_deref()).await }
    });

    // Opening reads the object; a fresh read fills the field only if it is still empty.
    follow_open(dialog, open, move || {
        name.set(String::new());
        field_error.set(None);
        refusal.set(None);
        save.value().set(None);
        fetch.dispatch(());
    });
    Effect::new(move |_| {
        let Some(result) = fetch.value().get() else { return };
        if let Ok(current) = &result
            && name.with_untracked(String::is_empty)
        {
            name.set(current.value.clone());
        }
        read.set(Some(result));
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            open.set(false);
            on_done.run(());
        }
        Some(Err(error)) if error.is_stale() => {}
        Some(Err(error)) if error.field_errors().is_empty() => refusal.set(Some(error.message())),
        Some(Err(error)) => field_error.set(Some(error.first_message())),
        _ => {}
    });

    let what = target.what;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = NameBody { name: Some(name.get_untracked()) };
        match body.validate(what) {
            Err(errors) => field_error.set(errors.first().map(|e| e.message.clone())),
            Ok(trimmed) => {
                field_error.set(None);
                refusal.set(None);
                let etag = read.with_untracked(|read| {
                    read.as_ref().and_then(|r| r.as_ref().ok()).and_then(|c| c.etag.clone())
                });
                save.dispatch((trimmed, etag));
            }
        }
    };
    let is_stale = move || {
        save.value().with(|v| v.as_ref().is_some_and(|r| r.as_ref().is_err_and(|e| e.is_stale())))
    };
    let reread = move |_| {
        save.value().set(None);
        fetch.dispatch(());
    };
    let load_error = move || {
        let failed = read.get().and_then(Result::err).map(|error| error.message());
        failed.or_else(|| refusal.get()).map(|message| {
            view! { <p class="notice notice-error" role="alert">{message}</p> }
        })
    };
    // Without the version just read, a save could overwrite an unseen change: it waits for one.
    let has_version = move || {
        read.with(|read| read.as_ref().is_some_and(|r| r.as_ref().is_ok_and(|v| v.etag.is_some())))
    };
    let invalid = move || if field_error.with(Option::is_some) { "true" } else { "false" };
    // Several dialogs share the organization page (one per project): ids name the object.
    let key = target.path.rsplit('/').next().unwrap_or_default();
    let input_id = format!("rename-{what}-{key}");
    let error_id = format!("{input_id}-error");

    view! {
        <dialog
            node_ref=dialog
            class="dialog rename-dialog"
            aria-labelledby=format!("{input_id}-title")
            on:close=move |_| open.set(false)
        >
            <h2 id=format!("{input_id}-title")>{format!("Rename the {what}")}</h2>
            <form on:submit=submit novalidate>
                {load_error}
                <div class="field">
                    <label for=input_id.clone()>"Name"</label>
                    <input
                        id=input_id.clone()
                        class="input"
                        aria-describedby=error_id.clone()
                        aria-invalid=invalid
                        bind:value=name
                    />
                    <p class="field-error" id=error_id>{move || field_error.get()}</p>
                </div>
                <Show when=is_stale>
                    <div class="notice notice-warning" role="alert">
                        <p>
                            {format!("Someone else changed this {what} since this dialog read \
                                      it, so your name was not saved. Read it again, then save.")}
                        </p>
                        <button type="button" class="button" on:click=reread>
                            "Read it again"
                        </button>
                    </div>
                </Show>
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class="button button-primary"
                        disabled=move || {
                            save.pending().get() || fetch.pending().get() || !has_version()
                        }
                    >
                        {move || if save.pending().get() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
