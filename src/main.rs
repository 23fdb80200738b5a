//! Entry point of the browser app: Trunk builds this binary to wasm and loads it.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(wif_console::App);
}
