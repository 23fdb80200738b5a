//! Percent-encoding of one URL component (a path segment or a query value).

/// Encodes every byte but RFC 3986's unreserved characters, so the result is safe in a path
/// segment (`/` included) and in a query value (`&`, `=` and `+` included).
pub fn component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}
