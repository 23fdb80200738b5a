//! Drafts kept in the tab's session storage, so that a reload or a step back loses nothing.
//!
//! Session storage belongs to one tab and ends with it; only configuration values go in it,
//! never a token. A storage the browser refuses (private modes, quotas) only costs the draft.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The draft saved under `key`, or `None` when there is none or it no longer reads.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = session_storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// The draft saved under `key`, keeping every value that still reads: a draft saved by an
/// older version of the console, with one field of another shape, loses that field only.
pub fn load_or_default<T: DeserializeOwned + Serialize + Default>(key: &str) -> T {
    let saved = session_storage()
        .and_then(|storage| storage.get_item(key).ok().flatten())
        .and_then(|text| serde_json::from_str::<Value>(&text).ok());
    let Some(Value::Object(saved)) = saved else { return T::default() };
    if let Ok(draft) = serde_json::from_value(Value::Object(saved.clone())) {
        return draft;
    }

    let Ok(Value::Object(mut merged)) = serde_json::to_value(T::default()) else {
        return T::default();
    };
    for (name, value) in saved {
        let before = merged.insert(name.clone(), value);
        if serde_json::from_value::<T>(Value::Object(merged.clone())).is_err() {
            match before {
                Some(before) => merged.insert(name, before),
                None => merged.remove(&name),
            };
        }
    }
    serde_json::from_value(Value::Object(merged)).unwrap_or_default()
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
