//! Extractors that turn bad input into the API's own problems instead of axum's plain text.

use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use wif_core::{FieldError, PageRequest, ProblemType};

use super::ApiError;

/// A JSON request body, read with per-field error messages.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !has_json_content_type(&request) {
            let detail = "Send the body as JSON, with the header Content-Type: application/json.";
            return Err(ApiError::new(ProblemType::UnsupportedMediaType, detail));
        }
        let bytes = Bytes::from_request(request, state).await.map_err(body_rejection)?;
        parse_json(&bytes).map(JsonBody)
    }
}

fn has_json_content_type(request: &Request) -> bool {
    let Some(value) = request.headers().get(header::CONTENT_TYPE) else {
        return false;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn body_rejection(rejection: BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let detail = "The request body is larger than this server accepts.";
        return ApiError::new(ProblemType::PayloadTooLarge, detail);
    }
    ApiError::new(ProblemType::MalformedJson, "The request body could not be read.")
}

/// Reads JSON, telling a body that is not JSON at all (400) from JSON of the wrong shape (422).
fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                ApiError::fields(ProblemType::Validation, vec![shape_error(&path, &inner)])
            }
            _ => malformed(&inner),
        }
    })?;
    // Trailing bytes after the value make the body malformed, not merely long.
    deserializer.end().map_err(|error| malformed(&error))?;
    Ok(value)
}

fn malformed(error: &serde_json::Error) -> ApiError {
    let detail = format!("The request body is not valid JSON: {error}.");
    ApiError::new(ProblemType::MalformedJson, detail)
}

/// Names the field a shape error is about: the unknown field itself, or the path to the value.
fn shape_error(path: &str, error: &serde_json::Error) -> FieldError {
    let text = error.to_string();
    if let Some(name) = text.strip_prefix("unknown field `").and_then(|r| r.split('`').next()) {
        // serde_path_to_error's path already ends with the unknown name.
        return FieldError::new(path, format!("There is no field named \"{name}\" here."));
    }
    if let Some(name) = text.strip_prefix("duplicate field `").and_then(|r| r.split('`').next()) {
        return FieldError::new(name, format!("The field \"{name}\" is given twice."));
    }
    if path == "." {
        return FieldError::new("", "The body must be a JSON object.");
    }
    // serde's message ("invalid type: integer `5`, expected a string") is the most precise;
    // cut its position suffix, which points into the body rather than at a field.
    let message = text.split(" at line ").next().unwrap_or(&text);
    FieldError::new(path, format!("The value has the wrong type: {message}."))
}

/// `itemsPerPage` and `pageNum` from the query string.
pub struct PageQuery(pub PageRequest);

impl<S: Send + Sync> FromRequestParts<S> for PageQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri) else {
            return Err(ApiError::new(
                ProblemType::InvalidQuery,
                "The query string cannot be read.",
            ));
        };
        let find = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());

        PageRequest::parse(find("itemsPerPage"), find("pageNum"))
            .map(PageQuery)
            .map_err(|errors| ApiError::fields(ProblemType::InvalidQuery, errors))
    }
}

/// The version a client expects from `If-Match`: `None` for no header or `*`.
///
/// Versions travel as strong entity tags, `"<version>"`. A tag that is not one of ours can match
/// nothing, so it is read as version 0, which no object has.
pub struct IfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else { return Ok(IfMatch(None)) };
        let value = value.to_str().unwrap_or("").trim();
        if value == "*" {
            return Ok(IfMatch(None));
        }
        let first = value.split(',').next().unwrap_or("").trim();
        let version = first.trim_matches('"').parse::<i64>().unwrap_or(0);
        Ok(IfMatch(Some(version)))
    }
}

/// The `ETag` of a version.
pub fn etag(version: i64) -> (header::HeaderName, String) {
    (header::ETAG, format!("\"{version}\""))
}
