//! `/api/v1/identity-providers`, every endpoint and every error,
//! in-process over a real SQLite file.

mod common;

use axum::http::StatusCode;
use common::{BODY_LIMIT, TestApp, fields, provider};
use serde_json::json;

const IDPS: &str = "/api/v1/identity-providers";

#[tokio::test]
async fn create_returns_201_with_location_defaults_and_atlas_fields() {
    let app = TestApp::new().await;
    let reply = app.send_json("POST", IDPS, &provider("Azure prod", "api://prod")).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let body = &reply.body;
    let id = body["id"].as_str().unwrap();
    assert_eq!(id.len(), 24);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_eq!(reply.location.as_deref(), Some(format!("{IDPS}/{id}").as_str()));
    assert_eq!(body["displayName"], "Azure prod");
    assert_eq!(body["userClaim"], "sub");
    assert_eq!(body["groupsClaim"], "groups");
    assert_eq!(body["idpType"], "WORKLOAD");
    assert_eq!(body["protocol"], "OIDC");
    assert_eq!(body["associatedOrgs"], json!([]));
    assert!(body.get("description").is_none());
    assert_eq!(body["createdAt"], body["updatedAt"]);
    assert!(body["createdAt"].as_str().unwrap().ends_with('Z'));

    let fetched = app.get(&reply.location.unwrap()).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(&fetched.body, body);
}

#[tokio::test]
async fn create_accepts_every_optional_field() {
    let app = TestApp::new().await;
    let created = app
        .create(json!({
            "displayName": "  Google  ", "description": "Cloud Run services",
            "issuerUri": "https://accounts.google.com", "audience": "wif-prod",
            "authorizationType": "GROUP", "groupsClaim": "roles", "userClaim": "email",
            "idpType": "WORKLOAD", "protocol": "OIDC",
        }))
        .await;
    assert_eq!(created["displayName"], "Google", "the name is trimmed");
    assert_eq!(created["description"], "Cloud Run services");
    assert_eq!(created["authorizationType"], "GROUP");
    assert_eq!(created["groupsClaim"], "roles");
    assert_eq!(created["userClaim"], "email");
}

#[tokio::test]
async fn create_reports_every_invalid_field_at_once() {
    let app = TestApp::new().await;
    let body = json!({
        "displayName": "", "issuerUri": "http://idp.example?x=1", "audience": "",
        "authorizationType": "ADMIN",
    });
    let reply = app.send_json("POST", IDPS, &body).await;
    let errors = reply.assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["displayName", "issuerUri", "audience", "authorizationType"]);
    assert!(errors[1].1.contains("https"), "{errors:?}");
    assert!(reply.body["detail"].as_str().unwrap().contains("4 fields"));

    let list = app.get(IDPS).await;
    assert_eq!(list.body["totalCount"], 0, "nothing is stored");
}

#[tokio::test]
async fn create_requires_a_groups_claim_for_group_authorization() {
    let app = TestApp::new().await;
    let mut body = provider("Groups", "aud");
    body["authorizationType"] = json!("GROUP");
    body["groupsClaim"] = json!("");
    let errors = app.send_json("POST", IDPS, &body).await.assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["groupsClaim"]);
}

#[tokio::test]
async fn malformed_bodies_get_problems_not_plain_text() {
    let app = TestApp::new().await;

    let reply = app.send_raw("POST", IDPS, Some("application/json"), "{\"displayName\": ").await;
    reply.assert_problem(400, "malformed-json");

    let reply = app.send_raw("POST", IDPS, Some("application/json"), "{} trailing").await;
    reply.assert_problem(400, "malformed-json");

    let reply = app.send_raw("POST", IDPS, Some("text/plain"), "{}").await;
    reply.assert_problem(415, "unsupported-media-type");

    let reply = app.send_raw("POST", IDPS, None, "{}").await;
    reply.assert_problem(415, "unsupported-media-type");

    let big = json!({"displayName": "x".repeat(BODY_LIMIT + 1)}).to_string();
    let reply = app.send_raw("POST", IDPS, Some("application/json"), big).await;
    reply.assert_problem(413, "payload-too-large");

    let reply = app.send_raw("POST", IDPS, Some("application/json"), "[1, 2]").await;
    reply.assert_problem(422, "validation");

    // A charset parameter and a +json media type are both JSON.
    let body = provider("Charset", "aud-charset").to_string();
    let reply = app.send_raw("POST", IDPS, Some("application/json; charset=utf-8"), body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

#[tokio::test]
async fn unknown_and_mistyped_fields_are_named() {
    let app = TestApp::new().await;

    let mut body = provider("Unknown field", "aud");
    body["issuer"] = json!("https://typo.example");
    let errors = app.send_json("POST", IDPS, &body).await.assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["issuer"]);
    assert!(errors[0].1.contains("no field named \"issuer\""), "{errors:?}");

    let mut body = provider("Wrong type", "aud");
    body["audience"] = json!(42);
    let errors = app.send_json("POST", IDPS, &body).await.assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["audience"]);
    assert!(errors[0].1.contains("wrong type"), "{errors:?}");

    let raw = r#"{"displayName": "a", "displayName": "b"}"#;
    let reply = app.send_raw("POST", IDPS, Some("application/json"), raw).await;
    let errors = reply.assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["displayName"]);
}

#[tokio::test]
async fn display_names_are_unique_without_regard_to_case() {
    let app = TestApp::new().await;
    app.create(provider("Azure prod", "api://one")).await;

    let reply = app.send_json("POST", IDPS, &provider("AZURE PROD", "api://two")).await;
    let errors = reply.assert_problem(409, "conflict");
    assert_eq!(fields(&errors), ["displayName"]);
    assert!(errors[0].1.contains("\"Azure prod\""), "names the other provider: {errors:?}");
}

#[tokio::test]
async fn issuer_and_audience_pairs_are_unique() {
    let app = TestApp::new().await;
    app.create(provider("First", "api://shared")).await;

    let reply = app.send_json("POST", IDPS, &provider("Second", "api://shared")).await;
    let errors = reply.assert_problem(409, "conflict");
    assert_eq!(fields(&errors), ["issuerUri", "audience"]);

    // The same issuer with another audience is a separate provider.
    app.create(provider("Third", "api://other")).await;
}

#[tokio::test]
async fn list_pages_in_name_order_with_total_count() {
    let app = TestApp::new().await;
    for (name, audience) in [("charlie", "c"), ("Alpha", "a"), ("bravo", "b")] {
        app.create(provider(name, audience)).await;
    }

    let first = app.get(&format!("{IDPS}?itemsPerPage=2")).await;
    assert_eq!(first.status, StatusCode::OK);
    let names: Vec<&str> = first.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Alpha", "bravo"]);
    assert_eq!(first.body["totalCount"], 3);
    assert_eq!(first.body["itemsPerPage"], 2);
    assert_eq!(first.body["pageNum"], 1);

    let second = app.get(&format!("{IDPS}?itemsPerPage=2&pageNum=2")).await;
    assert_eq!(second.body["results"][0]["displayName"], "charlie");
    assert_eq!(second.body["results"].as_array().unwrap().len(), 1);

    let beyond = app.get(&format!("{IDPS}?pageNum=9")).await;
    assert_eq!(beyond.body["results"], json!([]));
    assert_eq!(beyond.body["totalCount"], 3);
}

#[tokio::test]
async fn list_refuses_bad_paging_parameters() {
    let app = TestApp::new().await;
    let reply = app.get(&format!("{IDPS}?itemsPerPage=0&pageNum=x")).await;
    let errors = reply.assert_problem(400, "invalid-query");
    assert_eq!(fields(&errors), ["itemsPerPage", "pageNum"]);

    let reply = app.get(&format!("{IDPS}?itemsPerPage=501")).await;
    reply.assert_problem(400, "invalid-query");
}

#[tokio::test]
async fn get_unknown_or_malformed_ids_is_404() {
    let app = TestApp::new().await;
    let reply = app.get(&format!("{IDPS}/0123456789abcdef01234567")).await;
    reply.assert_problem(404, "not-found");
    assert!(reply.body["detail"].as_str().unwrap().contains("0123456789abcdef01234567"));

    let reply = app.get(&format!("{IDPS}/%3Cscript%3E")).await;
    reply.assert_problem(404, "not-found");
    assert!(!reply.text.contains("script"), "junk ids are not reflected: {}", reply.text);
}

#[tokio::test]
async fn patch_changes_only_the_fields_sent() {
    let app = TestApp::new().await;
    let mut body = provider("Patch me", "api://before");
    body["description"] = json!("to be removed");
    let created = app.create(body).await;
    let uri = format!("{IDPS}/{}", created["id"].as_str().unwrap());

    let patch = json!({"audience": "api://after", "description": null});
    let reply = app.send_json("PATCH", &uri, &patch).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["audience"], "api://after");
    assert!(reply.body.get("description").is_none(), "null removes the description");
    assert_eq!(reply.body["displayName"], "Patch me");
    assert_eq!(reply.body["issuerUri"], created["issuerUri"]);
    assert_eq!(reply.body["createdAt"], created["createdAt"]);

    let fetched = app.get(&uri).await;
    assert_eq!(fetched.body, reply.body, "the change is stored");

    let unchanged = app.send_json("PATCH", &uri, &json!({})).await;
    assert_eq!(unchanged.status, StatusCode::OK);
    assert_eq!(unchanged.body, reply.body);
}

#[tokio::test]
async fn patch_validates_the_result_and_writes_nothing_on_error() {
    let app = TestApp::new().await;
    let created = app.create(provider("Valid", "api://valid")).await;
    let other = app.create(provider("Other", "api://other")).await;
    let uri = format!("{IDPS}/{}", created["id"].as_str().unwrap());

    let patch = json!({"issuerUri": "https://ok.example", "audience": " padded"});
    let errors = app.send_json("PATCH", &uri, &patch).await.assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["audience"]);

    let patch = json!({"authorizationType": "GROUP", "groupsClaim": ""});
    let errors = app.send_json("PATCH", &uri, &patch).await.assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["groupsClaim"]);

    let errors = app
        .send_json("PATCH", &uri, &json!({"displayName": null}))
        .await
        .assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["displayName"]);

    let errors = app
        .send_json("PATCH", &uri, &json!({"displayName": "other"}))
        .await
        .assert_problem(409, "conflict");
    assert_eq!(fields(&errors), ["displayName"]);

    let errors = app
        .send_json("PATCH", &uri, &json!({"audience": other["audience"]}))
        .await
        .assert_problem(409, "conflict");
    assert_eq!(fields(&errors), ["issuerUri", "audience"]);

    let errors = app
        .send_json("PATCH", &uri, &json!({"id": "0123456789abcdef01234567"}))
        .await
        .assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["id"], "read-only fields are not accepted");

    let after = app.get(&uri).await;
    assert_eq!(after.body, created, "nothing was written");
}

#[tokio::test]
async fn patch_of_an_unknown_provider_is_404() {
    let app = TestApp::new().await;
    let reply = app
        .send_json("PATCH", &format!("{IDPS}/0123456789abcdef01234567"), &json!({"audience": "a"}))
        .await;
    reply.assert_problem(404, "not-found");
}

#[tokio::test]
async fn delete_returns_204_then_404() {
    let app = TestApp::new().await;
    let created = app.create(provider("Doomed", "api://doomed")).await;
    let uri = format!("{IDPS}/{}", created["id"].as_str().unwrap());

    let reply = app.delete(&uri).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.text.is_empty());

    app.get(&uri).await.assert_problem(404, "not-found");
    app.delete(&uri).await.assert_problem(404, "not-found");
}

#[tokio::test]
async fn unknown_api_paths_and_methods_get_problems() {
    let app = TestApp::new().await;
    app.get("/api/v1/nothing-here").await.assert_problem(404, "not-found");
    app.get("/api/v2/identity-providers").await.assert_problem(404, "not-found");
    app.get("/api").await.assert_problem(404, "not-found");
    app.send_json("PUT", IDPS, &json!({})).await.assert_problem(405, "method-not-allowed");
}

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = TestApp::new().await;
    let reply = app.get("/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["status"], "ok");
}

#[tokio::test]
async fn page_paths_fall_back_to_the_app_but_missing_files_do_not() {
    let app = TestApp::new().await;
    for path in ["/", "/identity-providers", "/identity-providers/0123456789abcdef01234567/edit"] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(reply.text.contains("<title>wif-console</title>"), "{path}: {}", reply.text);
    }
    let asset = app.get("/app.js").await;
    assert_eq!(asset.status, StatusCode::OK);
    assert!(asset.text.contains("console.log"));

    assert_eq!(app.get("/missing-1234.wasm").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn what_is_created_is_in_the_sqlite_file() {
    let app = TestApp::new().await;
    let created = app.create(provider("Durable", "api://durable")).await;

    // A second, independent handle on the same file sees the row.
    let db = wif_server::Db::open(&app.database_path()).unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let found = db
        .run(move |conn| wif_server::db::identity_providers::get(conn, &id))
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(found.display_name, "Durable");
}
