//! Reaching into the page from component tests: mounting, reading and typing.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element to mount into; earlier tests' elements are removed first (but not the
/// runner's own output, which lives in the same body).
pub fn container() -> HtmlElement {
    let body = document().body().unwrap();
    let earlier = document().query_selector_all(".test-root").unwrap();
    for index in 0..earlier.length() {
        body.remove_child(&earlier.get(index).unwrap()).unwrap();
    }
    let div = document().create_element("div").unwrap().unchecked_into::<HtmlElement>();
    div.set_class_name("test-root");
    body.append_child(&div).unwrap();
    div
}

pub fn text_of(id: &str) -> String {
    document().get_element_by_id(id).and_then(|e| e.text_content()).unwrap_or_default()
}

pub fn type_into(id: &str, value: &str) {
    let input: HtmlInputElement = document().get_element_by_id(id).unwrap().unchecked_into();
    input.set_value(value);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    input.dispatch_event(&web_sys::Event::new("blur").unwrap()).unwrap();
}

pub fn click(selector: &str) {
    let element: HtmlElement =
        document().query_selector(selector).unwrap().unwrap().unchecked_into();
    element.click();
}
