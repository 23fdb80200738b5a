//! A button that copies a text to the clipboard and says whether that worked.

use leptos::prelude::*;

/// Copies `text` to the clipboard and says whether it worked.
#[component]
pub fn CopyButton(label: &'static str, #[prop(into)] text: Signal<String>) -> impl IntoView {
    let status = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        let text = text.get_untracked();
        leptos::task::spawn_local(async move {
            let Some(window) = web_sys::window() else { return };
            let written = window.navigator().clipboard().write_text(&text);
            let outcome = wasm_bindgen_futures::JsFuture::from(written).await;
            status.set(Some(if outcome.is_ok() {
                "Copied."
            } else {
                "The browser refused to copy."
            }));
        });
    };
    view! {
        <button type="button" class="button" on:click=copy>{label}</button>
        <span class="muted" role="status">{move || status.get()}</span>
    }
}
