//! The one error body of the REST API: RFC 9457 `application/problem+json`.

use serde::{Deserialize, Serialize};

/// The media type of every error response.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// What went wrong with one field of a request, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The wire name of the field, such as `issuerUri`.
    pub field: String,
    /// A complete sentence that says what is wrong and what to do.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError { field: field.to_owned(), message: message.into() }
    }
}

/// An RFC 9457 problem details body, with the per-field errors this API adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A stable URI that names the kind of problem; clients branch on it.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem, the same for every occurrence.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for people.
    pub detail: String,
    /// The fields that were refused, when the problem is about request fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// The kinds of problem the API reports. Each has a stable `type` URI, a title and a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemType {
    /// The body or the query names fields whose values break a rule.
    Validation,
    /// The body is not well-formed JSON.
    MalformedJson,
    /// The body is not declared as JSON.
    UnsupportedMediaType,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The query string cannot be read.
    InvalidQuery,
    /// No resource at this address.
    NotFound,
    /// The resource does not accept this method.
    MethodNotAllowed,
    /// The change would break a uniqueness rule.
    Conflict,
    /// The request carries no valid session or API token.
    Unauthenticated,
    /// The account may not do this.
    Forbidden,
    /// A state-changing request that did not come from the console's own pages.
    CrossSite,
    /// Too many failed sign-ins; try again later.
    TooManyRequests,
    /// The request took longer than the server allows.
    Timeout,
    /// `If-Match` names a version that is no longer current: someone else changed the object.
    PreconditionFailed,
    /// The server failed; the details are in its log, not in the response.
    Internal,
}

impl ProblemType {
    pub const ALL: [ProblemType; 15] = [
        ProblemType::Validation,
        ProblemType::MalformedJson,
        ProblemType::UnsupportedMediaType,
        ProblemType::PayloadTooLarge,
        ProblemType::InvalidQuery,
        ProblemType::NotFound,
        ProblemType::MethodNotAllowed,
        ProblemType::Conflict,
        ProblemType::Unauthenticated,
        ProblemType::Forbidden,
        ProblemType::CrossSite,
        ProblemType::TooManyRequests,
        ProblemType::Timeout,
        ProblemType::PreconditionFailed,
        ProblemType::Internal,
    ];

    /// The stable URI clients branch on.
    pub fn uri(self) -> &'static str {
        match self {
            ProblemType::Validation => "urn:wif-console:problem:validation",
            ProblemType::MalformedJson => "urn:wif-console:problem:malformed-json",
            ProblemType::UnsupportedMediaType => "urn:wif-console:problem:unsupported-media-type",
            ProblemType::PayloadTooLarge => "urn:wif-console:problem:payload-too-large",
            ProblemType::InvalidQuery => "urn:wif-console:problem:invalid-query",
            ProblemType::NotFound => "urn:wif-console:problem:not-found",
            ProblemType::MethodNotAllowed => "urn:wif-console:problem:method-not-allowed",
            ProblemType::Conflict => "urn:wif-console:problem:conflict",
            ProblemType::Unauthenticated => "urn:wif-console:problem:unauthenticated",
            ProblemType::Forbidden => "urn:wif-console:problem:forbidden",
            ProblemType::CrossSite => "urn:wif-console:problem:cross-site",
            ProblemType::TooManyRequests => "urn:wif-console:problem:too-many-requests",
            ProblemType::Timeout => "urn:wif-console:problem:timeout",
            ProblemType::PreconditionFailed => "urn:wif-console:problem:precondition-failed",
            ProblemType::Internal => "urn:wif-console:problem:internal",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ProblemType::Validation => "Invalid fields",
            ProblemType::MalformedJson => "Malformed JSON",
            ProblemType::UnsupportedMediaType => "Unsupported media type",
            ProblemType::PayloadTooLarge => "Request body too large",
            ProblemType::InvalidQuery => "Invalid query",
            ProblemType::NotFound => "Not found",
            ProblemType::MethodNotAllowed => "Method not allowed",
            ProblemType::Conflict => "Conflict",
            ProblemType::Unauthenticated => "Sign-in required",
            ProblemType::Forbidden => "Not allowed",
            ProblemType::CrossSite => "Cross-site request refused",
            ProblemType::TooManyRequests => "Too many attempts",
            ProblemType::Timeout => "Request timed out",
            ProblemType::PreconditionFailed => "Changed by someone else",
            ProblemType::Internal => "Internal server error",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            ProblemType::Validation => 422,
            ProblemType::MalformedJson | ProblemType::InvalidQuery => 400,
            ProblemType::UnsupportedMediaType => 415,
            ProblemType::PayloadTooLarge => 413,
            ProblemType::NotFound => 404,
            ProblemType::MethodNotAllowed => 405,
            ProblemType::Conflict => 409,
            ProblemType::Unauthenticated => 401,
            ProblemType::Forbidden | ProblemType::CrossSite => 403,
            ProblemType::TooManyRequests => 429,
            ProblemType::Timeout => 408,
            ProblemType::PreconditionFailed => 412,
            ProblemType::Internal => 500,
        }
    }

    /// Reads a `type` URI back, for clients that branch on the kind of problem.
    pub fn from_uri(uri: &str) -> Option<ProblemType> {
        ProblemType::ALL.into_iter().find(|kind| kind.uri() == uri)
    }
}

impl Problem {
    pub fn new(kind: ProblemType, detail: impl Into<String>) -> Self {
        Problem {
            problem_type: kind.uri().to_owned(),
            title: kind.title().to_owned(),
            status: kind.status(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// The kind of problem, when the `type` is one this crate knows.
    pub fn kind(&self) -> Option<ProblemType> {
        ProblemType::from_uri(&self.problem_type)
    }

    /// The messages for one field, in the order the server gave them.
    pub fn field_messages<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.errors.iter().filter(move |e| e.field == field).map(|e| e.message.as_str())
    }
}
