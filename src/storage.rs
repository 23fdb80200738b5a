//! Drafts kept in the tab's session storage, so that a reload or a step back loses nothing.
//!
//! Session storage belongs to one tab and ends with it; only configuration values go in it,
//! never a token. A storage the browser refuses (private modes, quotas) only costs the draft.

use serde::Serialize;
use serde::de::DeserializeOwned;

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The draft saved under `key`, or `None` when there is none or it no longer reads.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = session_storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

pub fn save<T: Serialize>(key: &str, draft: &T) {
    let (Some(storage), Ok(text)) = (session_storage(), serde_json::to_string(draft)) else {
        return;
    };
    let _ = storage.set_item(key, &text);
}

pub fn clear(key: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(key);
    }
}
