//! Database users of projects: creation with every check that needs the provider and the
//! organization, listing, deletion by address, the blast radius of a disconnection, and what
//! happens to users when their project or provider goes.

mod common;

use axum::body::Body;
use common::{TestApp, fields, provider};
use serde_json::{Value, json};

const OBJECT_ID: &str = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
const UNIQUE_ID: &str = "109876543210987654321";

/// A federation project, an Entra provider connected to its organization, and the paths.
struct Setup {
    app: TestApp,
    project_id: String,
    idp_id: String,
    users: String,
    connection: String,
}

async fn setup() -> Setup {
    let app = TestApp::new().await;
    let org = app.federation_org_id();
    let project = app
        .send_json("POST", &format!("/api/v1/organizations/{org}/projects"), &json!({"name": "p"}))
        .await;
    let project_id = project.body["id"].as_str().unwrap().to_owned();
    let idp_id = app.create(provider("Entra", "api://db")).await["id"].as_str().unwrap().to_owned();
    let connection = format!("/api/v1/organizations/{org}/identity-providers/{idp_id}");
    assert_eq!(app.send_raw("PUT", &connection, None, Body::empty()).await.status.as_u16(), 201);
    let users = format!("/api/v1/projects/{project_id}/database-users");
    Setup { app, project_id, idp_id, users, connection }
}

/// Connects another provider to the organization of `connection`.
async fn connect(app: &TestApp, connection: &str, idp_id: &str) {
    let organization = connection.rsplit_once('/').unwrap().0;
    let link = format!("{organization}/{idp_id}");
    assert_eq!(app.send_raw("PUT", &link, None, Body::empty()).await.status.as_u16(), 201);
}

fn user(idp_id: &str, identifier: &str, kind: &str) -> Value {
    json!({"username": format!("{idp_id}/{identifier}"), "oidcAuthType": kind,
        "roles": [{"roleName": "readWrite", "databaseName": "sales"}]})
}

#[tokio::test]
async fn a_workload_is_added_listed_and_deleted_at_its_address() {
    let Setup { app, project_id, idp_id, users, .. } = setup().await;
    let reply = app.send_json("POST", &users, &user(&idp_id, OBJECT_ID, "USER")).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.text);
    let username = format!("{idp_id}/{OBJECT_ID}");
    assert_eq!(reply.body["username"], username);
    assert_eq!(reply.body["databaseName"], "$external");
    assert_eq!(reply.body["projectId"], project_id);
    assert_eq!(reply.body["roles"], json!([{"roleName": "readWrite", "databaseName": "sales"}]));
    let location = reply.location.unwrap();
    assert_eq!(location, format!("{users}/%24external/{idp_id}%2F{OBJECT_ID}"));

    let listed = app.get(&users).await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert_eq!(listed.body[0]["username"], username);
    let by_provider = app.get(&format!("/api/v1/identity-providers/{idp_id}/database-users")).await;
    assert_eq!(by_provider.body[0]["project"]["name"], "p");
    assert_eq!(by_provider.body[0]["hasAccess"], true);

    let again = app.send_json("POST", &users, &user(&idp_id, OBJECT_ID, "USER")).await;
    let errors = again.assert_problem(409, "conflict");
    assert!(errors[0].1.contains("already has the database user"), "{errors:?}");

    // The address names the database too: the same user on another database is not there.
    app.delete(&format!("{users}/admin/{idp_id}%2F{OBJECT_ID}"))
        .await
        .assert_problem(404, "not-found");
    assert_eq!(app.delete(&location).await.status.as_u16(), 204);
    assert_eq!(app.get(&users).await.body, json!([]));
    app.delete(&location).await.assert_problem(404, "not-found");

    let trail = app.get(&format!("/api/v1/audit-events?objectId={project_id}")).await;
    let actions: Vec<&str> = trail.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.starts_with(&["database_user.delete", "database_user.create"]), "{actions:?}");
}

#[tokio::test]
async fn the_provider_decides_the_kind_of_user_and_the_identifier_shape() {
    let Setup { app, idp_id, users, .. } = setup().await;
    let errors = app
        .send_json("POST", &users, &user(&idp_id, "my-app", "USER"))
        .await
        .assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["username"]);
    assert!(errors[0].1.contains("object id"), "{errors:?}");

    let errors = app
        .send_json("POST", &users, &user(&idp_id, OBJECT_ID, "IDP_GROUP"))
        .await
        .assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["oidcAuthType"]);

    let errors = app
        .send_json("POST", &users, &user("0123456789abcdef01234567", OBJECT_ID, "USER"))
        .await
        .assert_problem(422, "validation");
    assert!(errors[0].1.contains("No identity provider has the id"), "{errors:?}");

    let errors = app
        .send_json("POST", &users, &json!({"username": "x", "roles": []}))
        .await
        .assert_problem(422, "validation");
    assert_eq!(fields(&errors), ["username", "oidcAuthType", "roles"]);
    assert_eq!(app.get(&users).await.body, json!([]), "nothing was stored");
}

#[tokio::test]
async fn google_users_are_unique_ids_and_groups_are_admin_users() {
    let Setup { app, users, connection, .. } = setup().await;
    let google = json!({"displayName": "Google", "issuerUri": "https://accounts.google.com",
        "audience": "db", "authorizationType": "USER"});
    let google = app.create(google).await["id"].as_str().unwrap().to_owned();
    connect(&app, &connection, &google).await;
    let errors = app
        .send_json("POST", &users, &user(&google, "app@p.iam.gserviceaccount.com", "USER"))
        .await
        .assert_problem(422, "validation");
    assert!(errors[0].1.contains("21 digits"), "{errors:?}");
    let created = app.send_json("POST", &users, &user(&google, UNIQUE_ID, "USER")).await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.text);

    let mut groups = provider("Entra groups", "api://groups");
    groups["authorizationType"] = json!("GROUP");
    let groups = app.create(groups).await["id"].as_str().unwrap().to_owned();
    connect(&app, &connection, &groups).await;
    let created = app.send_json("POST", &users, &user(&groups, OBJECT_ID, "IDP_GROUP")).await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.text);
    assert_eq!(created.body["databaseName"], "admin");
}

#[tokio::test]
async fn a_user_needs_a_connected_provider_and_keeps_its_place_after_a_disconnection() {
    let Setup { app, idp_id, users, connection, .. } = setup().await;
    app.send_json("POST", &users, &user(&idp_id, OBJECT_ID, "USER")).await;

    let impact = app.get(&format!("{connection}/disconnect-impact")).await;
    assert_eq!(impact.body["databaseUsers"][0]["username"], format!("{idp_id}/{OBJECT_ID}"));
    assert_eq!(impact.body["databaseUsers"][0]["project"]["name"], "p");

    assert_eq!(app.delete(&connection).await.status.as_u16(), 204);
    let by_provider = app.get(&format!("/api/v1/identity-providers/{idp_id}/database-users")).await;
    assert_eq!(by_provider.body[0]["hasAccess"], false, "kept, without access");
    let other = "7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";
    let errors = app
        .send_json("POST", &users, &user(&idp_id, other, "USER"))
        .await
        .assert_problem(409, "conflict");
    assert!(errors[0].1.contains("is not connected"), "{errors:?}");
}

#[tokio::test]
async fn users_go_with_their_project_and_with_their_provider() {
    let Setup { app, project_id, idp_id, users, connection } = setup().await;
    app.send_json("POST", &users, &user(&idp_id, OBJECT_ID, "USER")).await;

    // The provider can only go once disconnected; its users go with it.
    app.delete(&connection).await;
    let idp = format!("/api/v1/identity-providers/{idp_id}");
    assert_eq!(app.delete(&idp).await.status.as_u16(), 204);
    assert_eq!(app.get(&users).await.body, json!([]));

    let idp_id =
        app.create(provider("Second", "api://second")).await["id"].as_str().unwrap().to_owned();
    connect(&app, &connection, &idp_id).await;
    app.send_json("POST", &users, &user(&idp_id, OBJECT_ID, "USER")).await;
    assert_eq!(app.delete(&format!("/api/v1/projects/{project_id}")).await.status.as_u16(), 204);
    let left: i64 = app
        .state
        .db
        .run_now(
            |conn| Ok(conn.query_row("SELECT count(*) FROM database_users", [], |r| r.get(0))?),
        )
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn an_unknown_project_is_not_found() {
    let Setup { app, idp_id, .. } = setup().await;
    let users = "/api/v1/projects/0123456789abcdef01234567/database-users";
    app.get(users).await.assert_problem(404, "not-found");
    app.send_json("POST", users, &user(&idp_id, OBJECT_ID, "USER"))
        .await
        .assert_problem(404, "not-found");
    app.get("/api/v1/identity-providers/0123456789abcdef01234567/database-users")
        .await
        .assert_problem(404, "not-found");
}
