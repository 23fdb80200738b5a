//! Every call the app makes to the REST API.
//!
//! Errors come back as [`ApiError`], which always has a sentence to show.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wif_core::{
    FieldError, IdentityProvider, IdentityProviderPatch, NewIdentityProvider, Page, Problem,
};

const IDPS: &str = "/api/v1/identity-providers";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem body.
    Problem(Problem),
    /// The server answered with an error that is not a problem body.
    Status(u16),
    /// The request did not reach the server, or the answer could not be read.
    Network(String),
}

impl ApiError {
    /// A sentence for the person using the console.
    pub fn message(&self) -> String {
        match self {
            ApiError::Problem(problem) => problem.detail.clone(),
            ApiError::Status(status) => {
                format!("The server answered with an unexpected error (HTTP {status}).")
            }
            ApiError::Network(cause) => {
                format!("The server could not be reached; check the connection ({cause}).")
            }
        }
    }

    /// The per-field errors, when the server gave some.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Problem(problem) => &problem.errors,
            _ => &[],
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Problem(problem) if problem.status == 404)
    }
}

pub async fn list_providers(
    items_per_page: u32,
    page_num: u32,
) -> Result<Page<IdentityProvider>, ApiError> {
    let url = format!("{IDPS}?itemsPerPage={items_per_page}&pageNum={page_num}");
    read(Request::get(&url)).await
}

pub async fn get_provider(id: &str) -> Result<IdentityProvider, ApiError> {
    read(Request::get(&format!("{IDPS}/{id}"))).await
}

pub async fn create_provider(input: &NewIdentityProvider) -> Result<IdentityProvider, ApiError> {
    read_with_body(Request::post(IDPS), input).await
}

pub async fn update_provider(
    id: &str,
    patch: &IdentityProviderPatch,
) -> Result<IdentityProvider, ApiError> {
    read_with_body(Request::patch(&format!("{IDPS}/{id}")), patch).await
}

pub async fn delete_provider(id: &str) -> Result<(), ApiError> {
    let response = send(Request::delete(&format!("{IDPS}/{id}"))).await?;
    if response.ok() { Ok(()) } else { Err(error_from(response).await) }
}

async fn read<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, ApiError> {
    let response = send(request).await?;
    decode(response).await
}

async fn read_with_body<T, B>(request: RequestBuilder, body: &B) -> Result<T, ApiError>
where
    T: DeserializeOwned,
    B: Serialize,
{
    let request = request.json(body).map_err(|e| ApiError::Network(e.to_string()))?;
    let response = request.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
    decode(response).await
}

async fn send(request: RequestBuilder) -> Result<Response, ApiError> {
    request.send().await.map_err(|e| ApiError::Network(e.to_string()))
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if !response.ok() {
        return Err(error_from(response).await);
    }
    response.json().await.map_err(|e| ApiError::Network(e.to_string()))
}

async fn error_from(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Status(status),
    }
}
