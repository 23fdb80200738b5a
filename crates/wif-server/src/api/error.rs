//! Every API error becomes a `application/problem+json` response here, and only here.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use wif_core::problem::PROBLEM_CONTENT_TYPE;
use wif_core::{FieldError, Problem, ProblemType};

use crate::db::DbError;

#[derive(Debug)]
pub enum ApiError {
    /// A problem the client can act on; sent as it is.
    Client(Problem),
    /// A failure of the server; logged once, and the client is told little.
    Internal(anyhow::Error),
}

impl ApiError {
    pub fn new(kind: ProblemType, detail: impl Into<String>) -> Self {
        ApiError::Client(Problem::new(kind, detail))
    }

    /// A 422 (or another status given by `kind`) that names the fields to fix.
    pub fn fields(kind: ProblemType, errors: Vec<FieldError>) -> Self {
        let detail = match errors.len() {
            1 => format!("{} Fix it and send the request again.", errors[0].message),
            n => format!("{n} fields have problems; each is listed under errors."),
        };
        ApiError::Client(Problem::new(kind, detail).with_errors(errors))
    }
}

impl ApiError {
    /// 412: the object changed since the client read it.
    pub fn stale(what: &str) -> Self {
        let detail = format!(
            "This {what} was changed by someone else since you loaded it; reload it and make your \
             change again."
        );
        ApiError::new(ProblemType::PreconditionFailed, detail)
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        ApiError::Internal(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = match self {
            ApiError::Client(problem) => problem,
            ApiError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed inside the server");
                let detail = "The server failed to handle this request; the cause is in its log.";
                Problem::new(ProblemType::Internal, detail)
            }
        };

        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(problem)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_CONTENT_TYPE));
        response
    }
}
