//! Every call the app makes to the REST API.
//!
//! Errors come back as [`ApiError`], which always has a sentence to show.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wif_core::{
    Account, ApiToken, AuditEvent, CreatedApiToken, CurrentSession, DatabaseUser, DisconnectImpact,
    FieldError, IdentityProvider, IdentityProviderPatch, LoginRequest, NameBody, NewAccount,
    NewApiToken, NewDatabaseUser, NewIdentityProvider, Organization, Page, PasswordChange, Problem,
    Project, ProviderDatabaseUser,
};

use wif_core::jwk::{CachedKeys, Revocation};

use crate::routes::Page as Route;

const IDPS: &str = "/api/v1/identity-providers";
const ORGS: &str = "/api/v1/organizations";

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

    /// The first field's message when the server named fields (the most precise sentence for
    /// a one-field form), or the general one.
    pub fn first_message(&self) -> String {
        self.field_errors().first().map(|e| e.message.clone()).unwrap_or_else(|| self.message())
    }

    /// The per-field errors, when the server gave some.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Problem(problem) => &problem.errors,
            _ => &[],
        }
    }

    /// The object changed since it was read (412).
    pub fn is_stale(&self) -> bool {
        self.status() == Some(412)
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(problem) => Some(problem.status),
            ApiError::Status(status) => Some(*status),
            ApiError::Network(_) => None,
        }
    }
}

/// Who is signed in; an [`ApiError`] with status 401 when nobody is.
pub async fn current_session() -> Result<CurrentSession, ApiError> {
    read(Request::get("/api/v1/sessions/current")).await
}

pub async fn sign_in(login: &LoginRequest) -> Result<CurrentSession, ApiError> {
    read_with_body(Request::post("/api/v1/sessions"), login).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    expect_empty(Request::delete("/api/v1/sessions/current")).await
}

pub async fn change_password(change: &PasswordChange) -> Result<(), ApiError> {
    let response = send_json(Request::put("/api/v1/sessions/current/password"), change).await?;
    expect_ok(response).await
}

pub async fn list_accounts() -> Result<Vec<Account>, ApiError> {
    read(Request::get("/api/v1/accounts")).await
}

pub async fn create_account(input: &NewAccount) -> Result<Account, ApiError> {
    read_with_body(Request::post("/api/v1/accounts"), input).await
}

pub async fn delete_account(id: &str) -> Result<(), ApiError> {
    expect_empty(Request::delete(&format!("/api/v1/accounts/{id}"))).await
}

pub async fn list_audit_events(page_num: u32) -> Result<Page<AuditEvent>, ApiError> {
    read(Request::get(&format!("/api/v1/audit-events?itemsPerPage=50&pageNum={page_num}"))).await
}

pub async fn list_api_tokens() -> Result<Vec<ApiToken>, ApiError> {
    read(Request::get("/api/v1/api-tokens")).await
}

pub async fn create_api_token(input: &NewApiToken) -> Result<CreatedApiToken, ApiError> {
    read_with_body(Request::post("/api/v1/api-tokens"), input).await
}

pub async fn revoke_api_token(id: &str) -> Result<(), ApiError> {
    expect_empty(Request::delete(&format!("/api/v1/api-tokens/{id}"))).await
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

/// An object with the version the server sent as `ETag`, for a later `If-Match`.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    pub value: T,
    pub etag: Option<String>,
}

pub async fn get_provider_versioned(id: &str) -> Result<Versioned<IdentityProvider>, ApiError> {
    let response = send(Request::get(&format!("{IDPS}/{id}"))).await?;
    let etag = response.headers().get("etag");
    Ok(Versioned { value: decode(response).await?, etag })
}

pub async fn create_provider(input: &NewIdentityProvider) -> Result<IdentityProvider, ApiError> {
    read_with_body(Request::post(IDPS), input).await
}

/// Saves a change, refused (412) if the provider changed since `etag` was read.
pub async fn update_provider(
    id: &str,
    patch: &IdentityProviderPatch,
    etag: Option<&str>,
) -> Result<IdentityProvider, ApiError> {
    let request = if_match(Request::patch(&format!("{IDPS}/{id}")), etag);
    read_with_body(request, patch).await
}

pub async fn delete_provider(id: &str) -> Result<(), ApiError> {
    expect_empty(Request::delete(&format!("{IDPS}/{id}"))).await
}

pub async fn get_keys(id: &str) -> Result<CachedKeys, ApiError> {
    read(Request::get(&format!("{IDPS}/{id}/jwks"))).await
}

/// The provider's cached key set itself, for the inspector to verify in the page.
pub async fn get_public_keys(id: &str) -> Result<serde_json::Value, ApiError> {
    read(Request::get(&format!("{IDPS}/{id}/jwks/public"))).await
}

pub async fn revoke_keys(id: &str) -> Result<Revocation, ApiError> {
    read(Request::delete(&format!("{IDPS}/{id}/jwks"))).await
}

pub async fn list_organizations() -> Result<Vec<Organization>, ApiError> {
    read(Request::get(ORGS)).await
}

pub async fn get_organization(id: &str) -> Result<Organization, ApiError> {
    read(Request::get(&format!("{ORGS}/{id}"))).await
}

pub async fn create_organization(name: &str) -> Result<Organization, ApiError> {
    read_with_body(Request::post(ORGS), &NameBody { name: Some(name.to_owned()) }).await
}

pub async fn delete_organization(id: &str) -> Result<(), ApiError> {
    expect_empty(Request::delete(&format!("{ORGS}/{id}"))).await
}

pub async fn list_projects(org_id: &str) -> Result<Vec<Project>, ApiError> {
    read(Request::get(&format!("{ORGS}/{org_id}/projects"))).await
}

pub async fn create_project(org_id: &str, name: &str) -> Result<Project, ApiError> {
    let body = NameBody { name: Some(name.to_owned()) };
    read_with_body(Request::post(&format!("{ORGS}/{org_id}/projects")), &body).await
}

pub async fn delete_project(id: &str) -> Result<(), ApiError> {
    expect_empty(Request::delete(&format!("/api/v1/projects/{id}"))).await
}

/// An organization or project (by its API path) with its name and version, for a rename.
pub async fn get_named(path: &str) -> Result<Versioned<String>, ApiError> {
    #[derive(serde::Deserialize)]
    struct Named {
        name: String,
    }
    let response = send(Request::get(path)).await?;
    let etag = response.headers().get("etag");
    let named: Named = decode(response).await?;
    Ok(Versioned { value: named.name, etag })
}

/// Renames an organization or project, refused (412) if it changed since `etag` was read.
pub async fn rename(path: &str, name: &str, etag: Option<&str>) -> Result<(), ApiError> {
    let body = NameBody { name: Some(name.to_owned()) };
    expect_ok(send_json(if_match(Request::patch(path), etag), &body).await?).await
}

pub async fn connect_provider(org_id: &str, idp_id: &str) -> Result<Organization, ApiError> {
    read(Request::put(&format!("{ORGS}/{org_id}/identity-providers/{idp_id}"))).await
}

pub async fn disconnect_provider(org_id: &str, idp_id: &str) -> Result<(), ApiError> {
    expect_empty(Request::delete(&format!("{ORGS}/{org_id}/identity-providers/{idp_id}"))).await
}

pub async fn disconnect_impact(org_id: &str, idp_id: &str) -> Result<DisconnectImpact, ApiError> {
    let url = format!("{ORGS}/{org_id}/identity-providers/{idp_id}/disconnect-impact");
    read(Request::get(&url)).await
}

fn if_match(request: RequestBuilder, etag: Option<&str>) -> RequestBuilder {
    match etag {
        Some(etag) => request.header("If-Match", etag),
        None => request,
    }
}

/// A provider's database users in every project this account can see.
pub async fn list_provider_database_users(
    idp_id: &str,
) -> Result<Vec<ProviderDatabaseUser>, ApiError> {
    read(Request::get(&format!("{IDPS}/{idp_id}/database-users"))).await
}

pub async fn create_database_user(
    project_id: &str,
    input: &NewDatabaseUser,
) -> Result<DatabaseUser, ApiError> {
    let url = format!("/api/v1/projects/{project_id}/database-users");
    read_with_body(Request::post(&url), input).await
}

pub async fn delete_database_user(user: &DatabaseUser) -> Result<(), ApiError> {
    expect_empty(Request::delete(&user.api_path())).await
}

async fn expect_empty(request: RequestBuilder) -> Result<(), ApiError> {
    expect_ok(send(request).await?).await
}

/// Success whatever the body says; the problem otherwise.
async fn expect_ok(response: Response) -> Result<(), ApiError> {
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
    decode(send_json(request, body).await?).await
}

async fn send_json<B: Serialize>(request: RequestBuilder, body: &B) -> Result<Response, ApiError> {
    let request = request.json(body).map_err(|e| ApiError::Network(e.to_string()))?;
    request.send().await.map_err(|e| ApiError::Network(e.to_string()))
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
    // A session that ended sends the admin to sign in, and back here afterwards. The sign-in
    // call itself answers 401 for a wrong password, which the sign-in page shows instead.
    if status == 401 && !response.url().ends_with("/api/v1/sessions") {
        go_to_sign_in();
    }
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Status(status),
    }
}

/// Leaves for the sign-in page, remembering where the admin was.
pub fn go_to_sign_in() {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let here = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
    if here.starts_with(&Route::SignIn.href()) {
        return;
    }
    let target = format!("{}?next={}", Route::SignIn.href(), js_sys::encode_uri_component(&here));
    let _ = location.assign(&target);
}
