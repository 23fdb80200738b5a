//! Organizations, projects, connecting providers, the blast radius of a disconnection, refusing
//! to delete what is still in use, and stale writes (ETag / If-Match).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{ADMIN_PASSWORD, TestApp, fields, provider};
use serde_json::{Value, json};

const ORGS: &str = "/api/v1/organizations";

async fn create_org(app: &TestApp, name: &str) -> Value {
    let reply = app.send_json("POST", ORGS, &json!({ "name": name })).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.body
}

async fn create_project(app: &TestApp, org_id: &str, name: &str) -> Value {
    let reply =
        app.send_json("POST", &format!("{ORGS}/{org_id}/projects"), &json!({ "name": name })).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.body
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn organizations_are_created_named_uniquely_and_owned_by_their_creator() {
    let app = TestApp::new().await;
    let reply = app.send_json("POST", ORGS, &json!({"name": "  Payments  "})).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.body["name"], "Payments");
    assert_eq!(reply.location.as_deref(), Some(format!("{ORGS}/{}", id(&reply.body)).as_str()));

    let me = app.get("/api/v1/sessions/current").await;
    let grants = me.body["account"]["grants"].as_array().unwrap();
    assert!(grants.iter().any(|g| g["orgId"] == reply.body["id"] && g["role"] == "ORG_OWNER"));

    let errors = app
        .send_json("POST", ORGS, &json!({"name": "PAYMENTS"}))
        .await
        .assert_problem(409, "conflict");
    assert_eq!(fields(&errors), ["name"]);
    let errors =
        app.send_json("POST", ORGS, &json!({"name": ""})).await.assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["name"]);
    let long = "x".repeat(65);
    app.send_json("POST", ORGS, &json!({ "name": long })).await.assert_problem(422, "validation");

    let listed = app.get(ORGS).await;
    let names: Vec<&str> =
        listed.body.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Default Organization", "Payments"]);
}

#[tokio::test]
async fn an_organization_with_projects_cannot_be_deleted_and_the_first_never() {
    let app = TestApp::new().await;
    let org = create_org(&app, "Has projects").await;
    let project = create_project(&app, &id(&org), "billing").await;

    let reply = app.delete(&format!("{ORGS}/{}", id(&org))).await;
    let errors = reply.assert_problem(409, "conflict");
    assert_eq!(fields(&errors), ["projects"]);
    assert!(errors[0].1.contains("1 project"), "{errors:?}");

    let federation = app.federation_org_id();
    let errors = app.delete(&format!("{ORGS}/{federation}")).await.assert_problem(409, "conflict");
    assert!(errors[0].1.contains("federation settings"), "{errors:?}");

    let deleted = app.delete(&format!("/api/v1/projects/{}", id(&project))).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let deleted = app.delete(&format!("{ORGS}/{}", id(&org))).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    app.get(&format!("{ORGS}/{}", id(&org))).await.assert_problem(404, "not-found");
}

#[tokio::test]
async fn projects_are_unique_per_organization_and_reachable_directly() {
    let app = TestApp::new().await;
    let one = create_org(&app, "One").await;
    let two = create_org(&app, "Two").await;
    let project = create_project(&app, &id(&one), "Billing").await;
    assert_eq!(project["orgId"], one["id"]);
    create_project(&app, &id(&two), "billing").await;

    let uri = format!("{ORGS}/{}/projects", id(&one));
    let errors = app
        .send_json("POST", &uri, &json!({"name": "BILLING"}))
        .await
        .assert_problem(409, "conflict");
    assert_eq!(fields(&errors), ["name"]);

    let direct = app.get(&format!("/api/v1/projects/{}", id(&project))).await;
    assert_eq!(direct.status, StatusCode::OK);
    assert_eq!(direct.body, project);

    let renamed = app
        .send_json(
            "PATCH",
            &format!("/api/v1/projects/{}", id(&project)),
            &json!({"name": "Invoices"}),
        )
        .await;
    assert_eq!(renamed.body["name"], "Invoices");
    let listed = app.get(&uri).await;
    assert_eq!(listed.body[0]["name"], "Invoices");
}

#[tokio::test]
async fn connecting_shows_on_both_sides_and_blocks_deleting_the_provider() {
    let app = TestApp::new().await;
    let org = create_org(&app, "Connected").await;
    create_project(&app, &id(&org), "analytics").await;
    create_project(&app, &id(&org), "billing").await;
    let idp = app.create(provider("Azure", "api://azure")).await;
    let link = format!("{ORGS}/{}/identity-providers/{}", id(&org), id(&idp));

    let first = app.send_raw("PUT", &link, None, Body::empty()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.body["dataAccessIdentityProviderIds"], json!([id(&idp)]));
    let again = app.send_raw("PUT", &link, None, Body::empty()).await;
    assert_eq!(again.status, StatusCode::OK, "connecting twice changes nothing");

    let fetched = app.get(&format!("/api/v1/identity-providers/{}", id(&idp))).await;
    assert_eq!(fetched.body["associatedOrgs"], json!([id(&org)]));
    let connected = app.get(&format!("{ORGS}/{}/identity-providers", id(&org))).await;
    assert_eq!(connected.body[0]["displayName"], "Azure");

    let impact = app.get(&format!("{link}/disconnect-impact")).await;
    assert_eq!(impact.status, StatusCode::OK, "{}", impact.text);
    let projects: Vec<&str> = impact.body["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(projects, ["analytics", "billing"]);
    assert_eq!(impact.body["identityProvider"]["name"], "Azure");
    assert_eq!(impact.body["organization"]["name"], "Connected");

    let refused = app.delete(&format!("/api/v1/identity-providers/{}", id(&idp))).await;
    let errors = refused.assert_problem(409, "conflict");
    assert!(errors[0].1.contains("\"Connected\""), "names the organization: {errors:?}");

    assert_eq!(app.delete(&link).await.status, StatusCode::NO_CONTENT);
    app.delete(&link).await.assert_problem(404, "not-found");
    app.get(&format!("{link}/disconnect-impact")).await.assert_problem(404, "not-found");
    let deleted = app.delete(&format!("/api/v1/identity-providers/{}", id(&idp))).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);

    let trail = app
        .get(&format!("/api/v1/audit-events?objectType=organization&objectId={}", id(&org)))
        .await;
    let actions: Vec<&str> = trail.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "organization.disconnect_identity_provider",
            "organization.connect_identity_provider",
            "organization.create"
        ]
    );
}

#[tokio::test]
async fn connecting_an_unknown_provider_names_it() {
    let app = TestApp::new().await;
    let org = create_org(&app, "Lonely").await;
    let link = format!("{ORGS}/{}/identity-providers/0123456789abcdef01234567", id(&org));
    let errors =
        app.send_raw("PUT", &link, None, Body::empty()).await.assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["idpId"]);
}

async fn send_if_match(
    app: &TestApp,
    method: &str,
    uri: &str,
    tag: &str,
    body: Option<Value>,
) -> common::Reply {
    let mut builder = Request::builder().method(method).uri(uri).header(header::IF_MATCH, tag);
    if body.is_some() {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
    }
    let body = body.map(|b| Body::from(b.to_string())).unwrap_or_else(Body::empty);
    app.request(builder.body(body).unwrap()).await
}

#[tokio::test]
async fn stale_writes_are_refused_with_412_and_write_nothing() {
    let app = TestApp::new().await;
    let created = app
        .send_json("POST", "/api/v1/identity-providers", &provider("Versioned", "api://v"))
        .await;
    let uri = created.location.clone().unwrap();
    let first = app.get(&uri).await;
    let response =
        tower::ServiceExt::oneshot(app.router.clone(), with_cookie(&app, Request::get(&uri)))
            .await
            .unwrap();
    let tag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_eq!(tag, "\"1\"");

    // Another admin saves first.
    let ok =
        send_if_match(&app, "PATCH", &uri, &tag, Some(json!({"audience": "api://first"}))).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);

    let stale =
        send_if_match(&app, "PATCH", &uri, &tag, Some(json!({"audience": "api://second"}))).await;
    stale.assert_problem(412, "precondition-failed");
    assert!(stale.body["detail"].as_str().unwrap().contains("changed by someone else"));
    let stale = send_if_match(&app, "DELETE", &uri, &tag, None).await;
    stale.assert_problem(412, "precondition-failed");

    let now = app.get(&uri).await;
    assert_eq!(now.body["audience"], "api://first", "the stale writes changed nothing");
    assert_ne!(now.body, first.body);
    let fresh = send_if_match(&app, "DELETE", &uri, "\"2\"", None).await;
    assert_eq!(fresh.status, StatusCode::NO_CONTENT);

    let org = create_org(&app, "Versioned org").await;
    let org_uri = format!("{ORGS}/{}", id(&org));
    let stale = send_if_match(&app, "PATCH", &org_uri, "\"7\"", Some(json!({"name": "x"}))).await;
    stale.assert_problem(412, "precondition-failed");
    let any = send_if_match(&app, "PATCH", &org_uri, "*", Some(json!({"name": "Renamed"}))).await;
    assert_eq!(any.body["name"], "Renamed");
}

fn with_cookie(app: &TestApp, builder: axum::http::request::Builder) -> Request<Body> {
    builder.header(header::COOKIE, app.cookie.clone().unwrap()).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn a_project_owner_sees_its_project_and_nothing_else() {
    let app = TestApp::new().await;
    let org = create_org(&app, "Shop").await;
    let mine = create_project(&app, &id(&org), "checkout").await;
    let other = create_project(&app, &id(&org), "search").await;
    let grants = json!([{"role": "PROJECT_OWNER", "projectId": id(&mine)}]);
    app.create_account("checkout-owner", grants).await;
    let owner = app.as_account("checkout-owner", ADMIN_PASSWORD).await;

    assert_eq!(owner.get(&format!("/api/v1/projects/{}", id(&mine))).await.status, StatusCode::OK);
    owner.get(&format!("/api/v1/projects/{}", id(&other))).await.assert_problem(404, "not-found");
    let listed = owner.get(&format!("{ORGS}/{}/projects", id(&org))).await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert_eq!(owner.get(&format!("{ORGS}/{}", id(&org))).await.status, StatusCode::OK);

    let rename = json!({"name": "mine now"});
    let uri = format!("/api/v1/projects/{}", id(&mine));
    owner.send_json("PATCH", &uri, &rename).await.assert_problem(403, "forbidden");
    owner.send_json("POST", ORGS, &json!({"name": "Mine"})).await.assert_problem(403, "forbidden");
    let federation = app.federation_org_id();
    owner.get(&format!("{ORGS}/{federation}")).await.assert_problem(404, "not-found");

    let missing = json!([{"role": "PROJECT_OWNER", "projectId": "0123456789abcdef01234567"}]);
    let body = json!({"username": "ghost", "password": ADMIN_PASSWORD, "grants": missing});
    let errors =
        app.send_json("POST", "/api/v1/accounts", &body).await.assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["grants[0].projectId"]);

    // Deleting the project removes its owner's role with it.
    app.delete(&uri).await;
    let me = owner.get("/api/v1/sessions/current").await;
    assert_eq!(me.body["account"]["grants"], json!([]));
}
