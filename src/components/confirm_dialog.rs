//! A modal confirmation built on the native `<dialog>`, which brings focus trapping and Escape.

use leptos::html;
use leptos::prelude::*;

/// Shows the `<dialog>` as a modal while `open` is true, calling `on_open` just before each
/// showing, and closes it when `open` turns false.
pub fn follow_open(
    dialog: NodeRef<html::Dialog>,
    open: RwSignal<bool>,
    on_open: impl Fn() + 'static,
) {
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        if open.get() && !element.open() {
            on_open();
            // Fails only if the element is detached, in which case there is nothing to show.
            let _ = element.show_modal();
        } else if !open.get() && element.open() {
            element.close();
        }
    });
}

#[component]
pub fn ConfirmDialog(
    /// Opens and closes the dialog; Escape and Cancel set it back to false.
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    /// Why the last confirmation failed, shown inside the dialog.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// When true, the children explain why confirming is not possible yet.
    #[prop(optional, into)]
    blocked: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    // Several dialogs can share a page (one per table row): each needs its own title id.
    static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let title_id =
        format!("dialog-title-{}", NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    follow_open(dialog, open, || {});

    let labelled_by = title_id.clone();
    let error_notice = move || {
        error.get().map(|message| {
            view! { <p class="notice notice-error" role="alert">{message}</p> }
        })
    };
    let button_label =
        move || if pending.get() { "Working…".to_owned() } else { confirm_label.clone() };
    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby=labelled_by
            on:close=move |_| open.set(false)
        >
            <h2 id=title_id>{title}</h2>
            {children()}
            {error_notice}
            <div class="actions">
                <button type="button" class="button" on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="button button-danger"
                    disabled=move || pending.get() || blocked.get()
                    on:click=move |_| on_confirm.run(())
                >
                    {button_label}
                </button>
            </div>
        </dialog>
    }
}
