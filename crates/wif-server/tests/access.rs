//! Sign-in, sessions, API tokens, roles on every endpoint, the audit trail and the web
//! hardening, against the real router and a real SQLite file.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{ADMIN_PASSWORD, TestApp, provider};
use serde_json::{Value, json};
use wif_server::db::accounts;

const IDPS: &str = "/api/v1/identity-providers";
const ORGS: &str = "/api/v1/organizations";
const OTHER_ORG: &str = "0000000000000000000000aa";

/// Who makes a request in the role table.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Nobody,
    FederationOwner,
    FederationReadOnly,
    OtherOrgOwner,
    OtherOrgReadOnly,
    /// Owner of one project of the federation organization, and nothing else.
    ProjectOwner,
}

const EVERYONE: [Who; 6] = [
    Who::Nobody,
    Who::FederationOwner,
    Who::FederationReadOnly,
    Who::OtherOrgOwner,
    Who::OtherOrgReadOnly,
    Who::ProjectOwner,
];

/// An app with one signed-in account per role; the admin is the federation owner.
struct World {
    admin: TestApp,
    read_only: TestApp,
    other_owner: TestApp,
    other_read_only: TestApp,
    project_owner: TestApp,
    /// The project of the federation organization that `project_owner` owns.
    project_id: String,
}

async fn world() -> World {
    let admin = TestApp::new().await;
    let other = admin.send_json("POST", "/api/v1/organizations", &json!({"name": "Other"})).await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.text);
    let other = other.body["id"].as_str().unwrap().to_owned();
    let federation = admin.federation_org_id();
    admin.create_account("reader", json!([{"role": "ORG_READ_ONLY", "orgId": federation}])).await;
    // The admin created the other organization, so it owns it too and can staff it.
    admin.create_account("other-owner", json!([{"role": "ORG_OWNER", "orgId": other}])).await;
    admin.create_account("other-reader", json!([{"role": "ORG_READ_ONLY", "orgId": other}])).await;
    let project = admin
        .send_json(
            "POST",
            &format!("/api/v1/organizations/{federation}/projects"),
            &json!({"name": "owned"}),
        )
        .await;
    let project_id = project.body["id"].as_str().unwrap().to_owned();
    admin
        .create_account(
            "project-owner",
            json!([{"role": "PROJECT_OWNER", "projectId": project_id}]),
        )
        .await;
    World {
        project_owner: admin.as_account("project-owner", ADMIN_PASSWORD).await,
        project_id,
        read_only: admin.as_account("reader", ADMIN_PASSWORD).await,
        other_owner: admin.as_account("other-owner", ADMIN_PASSWORD).await,
        other_read_only: admin.as_account("other-reader", ADMIN_PASSWORD).await,
        admin,
    }
}

impl World {
    /// The caller for a row of the table. The owner gets a session of its own, so that signing
    /// out at the end of its row leaves the fixtures' session working.
    async fn app(&self, who: Who) -> TestApp {
        let source = match who {
            Who::Nobody => return self.admin.anonymous(),
            Who::FederationOwner => return self.admin.as_account("admin", ADMIN_PASSWORD).await,
            Who::FederationReadOnly => &self.read_only,
            Who::OtherOrgOwner => &self.other_owner,
            Who::OtherOrgReadOnly => &self.other_read_only,
            Who::ProjectOwner => &self.project_owner,
        };
        TestApp {
            router: source.router.clone(),
            folder: tempfile::tempdir().unwrap(),
            state: source.state.clone(),
            cookie: source.cookie.clone(),
        }
    }

    async fn new_provider(&self) -> String {
        let name = format!("Provider {}", unique());
        let created = self.admin.create(provider(&name, &name)).await;
        format!("{IDPS}/{}", created["id"].as_str().unwrap())
    }
}

fn unique() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    NEXT.fetch_add(1, Ordering::SeqCst).to_string()
}

/// A new workload of an Entra provider, with an object id no other row uses.
fn database_user(idp_id: &str) -> Value {
    let object_id = format!("00000000-0000-4000-8000-{:0>12}", unique());
    json!({"username": format!("{idp_id}/{object_id}"), "oidcAuthType": "USER",
        "roles": [{"roleName": "read", "databaseName": "sales"}]})
}

/// Expected statuses in the order of [`EVERYONE`].
fn expect(who: Who, statuses: [u16; 6]) -> u16 {
    statuses[EVERYONE.iter().position(|w| *w == who).unwrap()]
}

#[tokio::test]
async fn every_endpoint_checks_every_role() {
    let world = world().await;
    let federation = world.admin.federation_org_id();

    for who in EVERYONE {
        let app = world.app(who).await;
        let check = |name: &str, reply: common::Reply, statuses: [u16; 6]| {
            let expected = expect(who, statuses);
            assert_eq!(reply.status.as_u16(), expected, "{name} as {who:?}: {}", reply.text);
            if expected >= 400 {
                assert_eq!(reply.content_type, "application/problem+json", "{name} as {who:?}");
            }
        };

        check("list providers", app.get(IDPS).await, [401, 200, 200, 200, 200, 200]);
        let body = provider(&format!("New {}", unique()), &unique());
        check(
            "create provider",
            app.send_json("POST", IDPS, &body).await,
            [401, 201, 403, 403, 403, 403],
        );
        let uri = world.new_provider().await;
        check("read provider", app.get(&uri).await, [401, 200, 200, 200, 200, 200]);
        let patch = json!({"description": "changed"});
        check(
            "update provider",
            app.send_json("PATCH", &uri, &patch).await,
            [401, 200, 403, 403, 403, 403],
        );
        check("delete provider", app.delete(&uri).await, [401, 204, 403, 403, 403, 403]);

        check("list tokens", app.get("/api/v1/api-tokens").await, [401, 200, 200, 200, 200, 200]);
        let body = json!({"name": "script"});
        let created = app.send_json("POST", "/api/v1/api-tokens", &body).await;
        check("create token", created, [401, 201, 201, 201, 201, 201]);
        let admins = world.admin.send_json("POST", "/api/v1/api-tokens", &body).await;
        let admins = format!("/api/v1/api-tokens/{}", admins.body["id"].as_str().unwrap());
        // Another account's token is not there at all for anyone else.
        check(
            "revoke the admin's token",
            app.delete(&admins).await,
            [401, 204, 404, 404, 404, 404],
        );

        check("list accounts", app.get("/api/v1/accounts").await, [401, 200, 403, 200, 403, 403]);
        let grants = json!([{"role": "ORG_READ_ONLY", "orgId": federation}]);
        let body = json!({"username": format!("new-{}", unique()), "password": ADMIN_PASSWORD,
                          "grants": grants});
        check(
            "create account",
            app.send_json("POST", "/api/v1/accounts", &body).await,
            [401, 201, 403, 403, 403, 403],
        );
        let victim = world.admin.create_account(&format!("victim-{}", unique()), grants).await;
        let victim = format!("/api/v1/accounts/{victim}");
        // An owner of another organization does not see this account: 404, not 403.
        check("delete account", app.delete(&victim).await, [401, 204, 403, 404, 403, 403]);

        check("audit trail", app.get("/api/v1/audit-events").await, [401, 200, 200, 403, 403, 403]);
        check("list organizations", app.get(ORGS).await, [401, 200, 200, 200, 200, 200]);
        let body = json!({"name": format!("Org {}", unique())});
        check(
            "create organization",
            app.send_json("POST", ORGS, &body).await,
            [401, 201, 403, 403, 403, 403],
        );
        let org_uri = format!("{ORGS}/{federation}");
        check("read organization", app.get(&org_uri).await, [401, 200, 200, 404, 404, 200]);
        let rename = json!({"name": format!("Federation {}", unique())});
        check(
            "rename organization",
            app.send_json("PATCH", &org_uri, &rename).await,
            [401, 200, 403, 404, 404, 403],
        );
        let body = json!({"name": format!("project {}", unique())});
        let projects = format!("{org_uri}/projects");
        check(
            "create project",
            app.send_json("POST", &projects, &body).await,
            [401, 201, 403, 404, 404, 403],
        );
        let project = format!("/api/v1/projects/{}", world.project_id);
        check("read project", app.get(&project).await, [401, 200, 200, 404, 404, 200]);
        let idp = world.new_provider().await;
        let link = format!("{org_uri}/identity-providers/{}", idp.rsplit('/').next().unwrap());
        let connect = app.send_raw("PUT", &link, None, Body::empty()).await;
        check("connect provider", connect, [401, 201, 403, 404, 404, 403]);
        world.admin.send_raw("PUT", &link, None, Body::empty()).await;
        check(
            "blast radius",
            app.get(&format!("{link}/disconnect-impact")).await,
            [401, 200, 200, 404, 404, 200],
        );
        let users = format!("{project}/database-users");
        check("list database users", app.get(&users).await, [401, 200, 200, 404, 404, 200]);
        let idp_id = idp.rsplit('/').next().unwrap();
        let body = database_user(idp_id);
        check(
            "create database user",
            app.send_json("POST", &users, &body).await,
            [401, 201, 403, 404, 404, 201],
        );
        let admins = world.admin.send_json("POST", &users, &database_user(idp_id)).await;
        let admins = admins.location.unwrap();
        check("delete database user", app.delete(&admins).await, [401, 204, 403, 404, 404, 204]);
        check(
            "a provider's database users",
            app.get(&format!("{idp}/database-users")).await,
            [401, 200, 200, 200, 200, 200],
        );
        check("disconnect provider", app.delete(&link).await, [401, 204, 403, 404, 404, 403]);
        let not_it = json!({"currentPassword": "not the password", "newPassword": "long enough x"});
        check(
            "change own password (wrong current one)",
            app.send_json("PUT", "/api/v1/sessions/current/password", &not_it).await,
            [401, 422, 422, 422, 422, 422],
        );
        check(
            "who am I",
            app.get("/api/v1/sessions/current").await,
            [401, 200, 200, 200, 200, 200],
        );
        check(
            "sign out",
            app.delete("/api/v1/sessions/current").await,
            [401, 204, 204, 204, 204, 204],
        );
    }
}

#[tokio::test]
async fn the_first_start_creates_admin_owner_of_the_first_organization() {
    let app = TestApp::new().await;
    let me = app.get("/api/v1/sessions/current").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["account"]["username"], "admin");
    let federation = app.federation_org_id();
    assert_eq!(me.body["federationOrgId"], federation.as_str());
    assert_eq!(me.body["account"]["grants"], json!([{"role": "ORG_OWNER", "orgId": federation}]));
    assert!(me.text.find("password").is_none(), "no password or hash in any answer");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let app = TestApp::signed_out();
    let wrong = app
        .send_json("POST", "/api/v1/sessions", &json!({"username": "admin", "password": "nope"}))
        .await;
    let unknown = app
        .send_json("POST", "/api/v1/sessions", &json!({"username": "nobody", "password": "nope"}))
        .await;
    wrong.assert_problem(401, "unauthenticated");
    unknown.assert_problem(401, "unauthenticated");
    assert_eq!(wrong.body, unknown.body);
    assert!(wrong.set_cookie.is_none());
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_account_with_retry_after() {
    let app = TestApp::signed_out();
    let wrong = json!({"username": "admin", "password": "wrong password"});
    for _ in 0..5 {
        let reply = app.send_json("POST", "/api/v1/sessions", &wrong).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let request = Request::post("/api/v1/sessions")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"username": "ADMIN", "password": ADMIN_PASSWORD}).to_string()))
        .unwrap();
    let response =
        tower::ServiceExt::oneshot(app.router.clone(), with_origin(request)).await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    let retry_after: u64 =
        response.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
}

fn with_origin(mut request: Request<Body>) -> Request<Body> {
    request.headers_mut().insert(header::HOST, "wif.test".parse().unwrap());
    request.headers_mut().insert(header::ORIGIN, common::ORIGIN.parse().unwrap());
    request
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::new().await;
    let reply = app.delete("/api/v1/sessions/current").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.set_cookie.unwrap().contains("Max-Age=0"));

    // The old cookie, replayed, no longer works.
    app.get(IDPS).await.assert_problem(401, "unauthenticated");
}

#[tokio::test]
async fn sessions_expire_when_idle() {
    let app = TestApp::new().await;
    let cookie = app.cookie.clone().unwrap();
    let secret = cookie.split_once('=').unwrap().1.to_owned();
    let hash = wif_server::auth::secret_hash(&secret);
    app.state
        .db
        .run_now(|conn| {
            conn.execute("UPDATE sessions SET last_seen_at = last_seen_at - 1801", [])
                .map_err(Into::into)
                .map(|_| ())
        })
        .unwrap();
    let reply = app.get(IDPS).await;
    reply.assert_problem(401, "unauthenticated");
    assert!(reply.body["detail"].as_str().unwrap().contains("expired"));
    let gone = app.state.db.run_now(|conn| accounts::find_session(conn, &hash)).unwrap();
    assert!(gone.is_none(), "an expired session is deleted");
}

#[tokio::test]
async fn api_tokens_are_shown_once_stored_hashed_and_revocable() {
    let app = TestApp::new().await;
    let created =
        app.send_json("POST", "/api/v1/api-tokens", &json!({"name": " CI deploy "})).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let secret = created.body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("wif_") && secret.len() > 40);
    assert_eq!(created.body["name"], "CI deploy");

    let listed = app.get("/api/v1/api-tokens").await;
    assert_eq!(listed.body[0]["name"], "CI deploy");
    assert!(!listed.text.contains(&secret), "the secret is never shown again");

    let database = std::fs::read(app.database_path()).unwrap();
    let wal = std::fs::read(app.database_path().with_extension("db-wal")).unwrap_or_default();
    let needle = secret.as_bytes();
    let stored = |bytes: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(!stored(&database) && !stored(&wal), "the database holds only a hash");

    let token_app = TestApp { cookie: None, ..app.anonymous() };
    let request = |method: &str| {
        Request::builder()
            .method(method)
            .uri(IDPS)
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(provider("By token", "api://token").to_string()))
            .unwrap()
    };
    // A bearer token needs no Origin: browsers never add one by themselves.
    let mut plain = request("POST");
    plain.headers_mut().remove(header::ORIGIN);
    let reply = token_app.request(plain).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);

    let id = created.body["id"].as_str().unwrap();
    let revoked = app.delete(&format!("/api/v1/api-tokens/{id}")).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    token_app.request(request("GET")).await.assert_problem(401, "unauthenticated");

    let bad = Request::get(IDPS)
        .header(header::AUTHORIZATION, "Basic YWRtaW46eA==")
        .body(Body::empty())
        .unwrap();
    token_app.request(bad).await.assert_problem(401, "unauthenticated");
}

#[tokio::test]
async fn cross_site_requests_with_a_session_are_refused() {
    let app = TestApp::new().await;
    let body = provider("Cross site", "api://cross").to_string();

    let foreign = Request::post(IDPS)
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.clone()))
        .unwrap();
    app.request(foreign).await.assert_problem(403, "cross-site");

    let form = Request::post(IDPS)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(body.clone()))
        .unwrap();
    app.request(form).await.assert_problem(415, "unsupported-media-type");

    let mut fetched = Request::post(IDPS)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    fetched.headers_mut().insert(header::ORIGIN, "http://elsewhere.example".parse().unwrap());
    let reply = app.request(fetched).await;
    assert_eq!(reply.status, StatusCode::CREATED, "Sec-Fetch-Site: same-origin is enough");

    let listed = app.get(IDPS).await;
    assert_eq!(listed.body["totalCount"], 1, "the refused requests wrote nothing");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    for path in [IDPS, "/identity-providers", "/api/v1/nothing", "/healthz"] {
        let response = tower::ServiceExt::oneshot(
            app.router.clone(),
            Request::get(path).body(Body::empty()).unwrap(),
        )
        .await
        .unwrap();
        let headers = response.headers();
        let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{path}: {policy}");
        assert!(policy.contains("object-src 'none'") && policy.contains("base-uri 'none'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
        if path.starts_with("/api/") {
            assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{path}");
        }
    }
}

#[tokio::test]
async fn changes_sign_ins_and_tokens_are_in_the_audit_trail() {
    let app = TestApp::new().await;
    let failed = json!({"username": "admin", "password": "not the password"});
    app.anonymous().send_json("POST", "/api/v1/sessions", &failed).await;

    let created = app.create(provider("Audited", "api://audited")).await;
    let uri = format!("{IDPS}/{}", created["id"].as_str().unwrap());
    app.send_json("PATCH", &uri, &json!({"audience": "api://changed"})).await;
    app.delete(&uri).await;
    app.send_json("POST", "/api/v1/api-tokens", &json!({"name": "audited"})).await;

    let trail = app.get("/api/v1/audit-events").await;
    assert_eq!(trail.status, StatusCode::OK);
    let actions: Vec<&str> = trail.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "api_token.create",
            "identity_provider.delete",
            "identity_provider.update",
            "identity_provider.create",
            "session.login_failed",
            "session.login",
        ]
    );
    assert!(!trail.text.contains("secret") && !trail.text.contains("not the password"));

    let id = created["id"].as_str().unwrap();
    let filtered =
        app.get(&format!("/api/v1/audit-events?objectType=identity_provider&objectId={id}")).await;
    let events = filtered.body["results"].as_array().unwrap();
    assert_eq!(filtered.body["totalCount"], 3);
    let update = &events[1];
    assert_eq!(update["before"]["audience"], "api://audited");
    assert_eq!(update["after"]["audience"], "api://changed");
    assert_eq!(update["username"], "admin");

    let by_account: Value = app
        .get(&format!(
            "/api/v1/audit-events?accountId={}&itemsPerPage=1",
            update["accountId"].as_str().unwrap()
        ))
        .await
        .body;
    assert_eq!(by_account["results"].as_array().unwrap().len(), 1);
    assert_eq!(by_account["totalCount"], 6, "the failed sign-in names the admin account too");
}

#[tokio::test]
async fn accounts_validate_their_fields_and_their_grants() {
    let app = TestApp::new().await;
    let body = json!({"username": "bad name!", "password": "short", "grants": []});
    let errors =
        app.send_json("POST", "/api/v1/accounts", &body).await.assert_problem(422, "validation");
    assert_eq!(common::fields(&errors), ["username", "password", "grants"]);

    let grants = json!([{"role": "ORG_OWNER", "orgId": OTHER_ORG}]);
    let body = json!({"username": "elsewhere", "password": ADMIN_PASSWORD, "grants": grants});
    app.send_json("POST", "/api/v1/accounts", &body).await.assert_problem(403, "forbidden");

    let federation = app.federation_org_id();
    app.create_account("Twin", json!([{"role": "ORG_READ_ONLY", "orgId": federation}])).await;
    let body = json!({"username": "twin", "password": ADMIN_PASSWORD,
        "grants": [{"role": "ORG_READ_ONLY", "orgId": federation}]});
    let errors =
        app.send_json("POST", "/api/v1/accounts", &body).await.assert_problem(409, "conflict");
    assert_eq!(common::fields(&errors), ["username"]);

    let me = app.get("/api/v1/sessions/current").await;
    let mine = format!("/api/v1/accounts/{}", me.body["account"]["id"].as_str().unwrap());
    app.delete(&mine).await.assert_problem(403, "forbidden");
}

const PASSWORD: &str = "/api/v1/sessions/current/password";

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_ends_the_other_sessions() {
    let app = TestApp::new().await;
    let other_session = app.as_account("admin", ADMIN_PASSWORD).await;

    // Every field rule at once, then a wrong current password: nothing changes.
    let errors = app
        .send_json("PUT", PASSWORD, &json!({"currentPassword": "", "newPassword": "short"}))
        .await
        .assert_problem(422, "validation");
    assert_eq!(common::fields(&errors), ["currentPassword", "newPassword"]);
    let wrong =
        json!({"currentPassword": "not it at all", "newPassword": "a brand new passphrase"});
    let errors = app.send_json("PUT", PASSWORD, &wrong).await.assert_problem(422, "validation");
    assert_eq!(errors, [("currentPassword".into(), "This is not your current password.".into())]);
    assert_eq!(other_session.get("/api/v1/sessions/current").await.status, StatusCode::OK);

    let right = json!({"currentPassword": ADMIN_PASSWORD, "newPassword": "a brand new passphrase"});
    let reply = app.send_json("PUT", PASSWORD, &right).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);

    // This session goes on under a new secret: the old cookie, like the other session, ended.
    let cookie = reply.set_cookie.expect("a renewed session cookie");
    let renewed =
        TestApp { cookie: Some(cookie.split(';').next().unwrap().into()), ..app.anonymous() };
    assert_eq!(renewed.get("/api/v1/sessions/current").await.status, StatusCode::OK);
    app.get("/api/v1/sessions/current").await.assert_problem(401, "unauthenticated");
    let ended = other_session.get("/api/v1/sessions/current").await;
    ended.assert_problem(401, "unauthenticated");
    let app = renewed;
    let old = json!({"username": "admin", "password": ADMIN_PASSWORD});
    let refused = app.anonymous().send_json("POST", "/api/v1/sessions", &old).await;
    refused.assert_problem(401, "unauthenticated");
    app.as_account("admin", "a brand new passphrase").await;

    let trail = app.get("/api/v1/audit-events?itemsPerPage=50").await;
    let changes: Vec<&Value> = trail.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| event["action"] == "account.password_change")
        .collect();
    assert_eq!(changes.len(), 1, "{}", trail.text);
    assert_eq!(changes[0]["after"]["otherSessionsEnded"], 1);
    assert!(!trail.text.contains("brand new"), "no password in the trail");
    assert!(!trail.text.contains(ADMIN_PASSWORD), "no password in the trail");
    assert!(trail.text.contains("account.password_change_failed"), "the wrong one is audited");
}

#[tokio::test]
async fn a_password_change_is_rate_limited_and_needs_a_session() {
    let app = TestApp::new().await;
    let wrong =
        json!({"currentPassword": "not it at all", "newPassword": "a brand new passphrase"});
    for _ in 0..5 {
        app.send_json("PUT", PASSWORD, &wrong).await.assert_problem(422, "validation");
    }
    let right = json!({"currentPassword": ADMIN_PASSWORD, "newPassword": "a brand new passphrase"});
    let limited = app.send_json("PUT", PASSWORD, &right).await;
    limited.assert_problem(429, "too-many-requests");
    // They count toward the sign-in limit: a guesser cannot switch to the sign-in form.
    let login = json!({"username": "admin", "password": ADMIN_PASSWORD});
    let sign_in = app.anonymous().send_json("POST", "/api/v1/sessions", &login).await;
    sign_in.assert_problem(429, "too-many-requests");

    let created = app.send_json("POST", "/api/v1/api-tokens", &json!({"name": "CI"})).await;
    let secret = created.body["secret"].as_str().unwrap();
    let request = Request::put(PASSWORD)
        .header(header::AUTHORIZATION, format!("Bearer {secret}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(right.to_string()))
        .unwrap();
    let by_token = app.anonymous().request(request).await;
    by_token.assert_problem(403, "forbidden");
}

#[tokio::test]
async fn an_owner_deletes_only_accounts_whose_every_role_is_in_its_organizations() {
    let app = TestApp::new().await;
    let federation = app.federation_org_id();
    let body = json!({"name": "Payments"});
    let payments = app.send_json("POST", "/api/v1/organizations", &body).await;
    let payments = payments.body["id"].as_str().unwrap().to_owned();
    app.create_account("pay-owner", json!([{"role": "ORG_OWNER", "orgId": payments}])).await;
    let shared = app
        .create_account(
            "shared",
            json!([{"role": "ORG_READ_ONLY", "orgId": federation},
                   {"role": "ORG_READ_ONLY", "orgId": payments}]),
        )
        .await;
    let pay_owner = app.as_account("pay-owner", ADMIN_PASSWORD).await;

    // The owner of Payments sees the first admin and the shared account, and deletes neither.
    let me = app.get("/api/v1/sessions/current").await;
    let admin = format!("/api/v1/accounts/{}", me.body["account"]["id"].as_str().unwrap());
    let shared = format!("/api/v1/accounts/{shared}");
    for target in [&admin, &shared] {
        let refused = pay_owner.delete(target).await.assert_problem(403, "forbidden");
        assert!(refused.is_empty());
        let reply = pay_owner.delete(target).await;
        let detail = reply.body["detail"].as_str().unwrap_or_default();
        assert!(detail.contains("organizations you do not own"), "{detail}");
    }
    assert_eq!(app.get("/api/v1/sessions/current").await.status, StatusCode::OK);

    // The admin owns both organizations, so the shared account is theirs to delete.
    assert_eq!(app.delete(&shared).await.status, StatusCode::NO_CONTENT);
}
