//! Lets every core test run natively under `cargo test` and in wasm under
//! `wasm-bindgen-test-runner`, without writing both attributes on each test.

#[macro_export]
macro_rules! both_targets {
    ($(fn $name:ident() $body:block)*) => {
        $(
            #[cfg_attr(not(target_arch = "wasm32"), test)]
            #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
            fn $name() $body
        )*
    };
}
