//! A labelled input with its hint and its error, and moving focus to the one to fix.

use leptos::prelude::*;

/// A labelled text input with its hint and its error, tied together for screen readers.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    on_leave: Callback<()>,
    #[prop(optional)] required: bool,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] monospace: bool,
    /// A password input with this `autocomplete` token (`current-password`, `new-password`),
    /// so that password managers fill or offer the right one.
    #[prop(optional)]
    password: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described_by = format!("{hint_id} {error_id}");
    let invalid = move || if error.with(Option::is_some) { "true" } else { "false" };
    let class = if monospace { "input mono" } else { "input" };
    // A focused input that leaves the page (a wizard's step changing) gets a last blur after
    // its owner, and the callback, are gone: that blur has nothing left to tell.
    let leave = move |_| {
        let _ = on_leave.try_run(());
    };

    let control = if multiline {
        view! {
            <textarea
                id=name
                name=name
                class=class
                rows="3"
                aria-describedby=described_by
                aria-invalid=invalid
                bind:value=value
                on:blur=leave
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=name
                name=name
                type=if password.is_some() { "password" } else { "text" }
                class=class
                autocomplete=password.unwrap_or("off")
                spellcheck="false"
                aria-required=if required { "true" } else { "false" }
                aria-describedby=described_by
                aria-invalid=invalid
                bind:value=value
                on:blur=leave
            />
        }
        .into_any()
    };

    view! {
        <div class="field">
            <label for=name>
                {label}
                {(!required).then(|| view! { <span class="optional">" (optional)"</span> })}
            </label>
            {control}
            <p class="hint" id=hint_id>{hint}</p>
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// Moves focus to the input of a field, so a keyboard user lands on what to fix.
pub fn focus(name: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(name))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
