//! End to end: the real `wif-server` binary serving the release-built app, driven in headless
//! Chromium through chromedriver. Needs `dist/` (built by `make dist`, which `make test` runs
//! first) and Debian's `chromium` and `chromium-driver`.

use common::browser::{
    AUDIENCE, AdminApi, Console, PASSWORD, choose, click_button, create_read_only_account,
    dark_screenshot, field, focused_id, focused_text, free_port, heading, open_add_menu,
    resource_names, screenshot, set_offline, sign_in, start_browser, start_server, type_fast,
};
use common::issuer::{TestIssuer, rsa_key};
use serde_json::json;
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

mod common;

#[tokio::test(flavor = "multi_thread")]
async fn create_a_provider_in_the_browser_and_find_it_after_a_restart() {
    let scratch = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let database = scratch.path().join("data/wif.db");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let server = start_server(&database, port).await;
    let (_chromedriver, driver) = start_browser(scratch.path()).await;

    // Nobody is signed in: the console asks first, then comes back to the page asked for.
    driver.goto(format!("{base}/identity-providers")).await.unwrap();
    heading(&driver, "Sign in to wif-console").await;
    screenshot(&driver, "00-sign-in").await;
    sign_in(&driver, "admin").await;
    assert_eq!(driver.current_url().await.unwrap().path(), "/identity-providers");
    screenshot(&driver, "00-signed-in-empty").await;

    // The empty list invites the first provider.
    driver.query(By::XPath("//h2[text()='No identity providers yet']")).first().await.unwrap();
    screenshot(&driver, "01-empty-list").await;
    open_add_menu(&driver).await;
    screenshot(&driver, "01b-add-menu").await;
    choose(&driver, "Other OIDC issuer").await;
    heading(&driver, "Add identity provider").await;

    // Submitting nothing shows the core's messages, and sends nothing.
    driver.query(By::Css("button[type=submit]")).first().await.unwrap().click().await.unwrap();
    let error = driver.query(By::Id("displayName-error")).first().await.unwrap();
    assert!(error.text().await.unwrap().contains("Enter a configuration name"));

    field(&driver, "Configuration name").await.send_keys("Azure production").await.unwrap();
    let issuer = field(&driver, "Issuer URI").await;
    issuer.send_keys("http://login.microsoftonline.com/tenant/v2.0").await.unwrap();
    field(&driver, "Audience").await.click().await.unwrap();
    let issuer_error = driver.query(By::Id("issuerUri-error")).first().await.unwrap();
    assert!(issuer_error.text().await.unwrap().contains("must use https"));
    screenshot(&driver, "02-form-errors").await;

    issuer.clear().await.unwrap();
    let issuer_uri = "https://login.microsoftonline.com/0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21/v2.0";
    issuer.send_keys(issuer_uri).await.unwrap();
    field(&driver, "Audience").await.send_keys(AUDIENCE).await.unwrap();
    driver.query(By::Css("button[type=submit]")).first().await.unwrap().click().await.unwrap();

    // The new provider's page, at its own address.
    heading(&driver, "Azure production").await;
    let detail_url = driver.current_url().await.unwrap();
    let id = detail_url.path().rsplit('/').next().unwrap().to_owned();
    assert_eq!(id.len(), 24, "{detail_url}");
    screenshot(&driver, "03-detail").await;

    driver.query(By::LinkText("Identity providers")).first().await.unwrap().click().await.unwrap();
    let row = driver.query(By::XPath("//tbody/tr[th/a[text()='Azure production']]")).first().await;
    assert!(row.unwrap().text().await.unwrap().contains(issuer_uri));
    screenshot(&driver, "04-list").await;

    // Restart the server on the same SQLite file: the provider is still there, and a deep link
    // to it loads on its own.
    drop(server);
    let _server = start_server(&database, port).await;
    driver.goto(detail_url.as_str()).await.unwrap();
    heading(&driver, "Azure production").await;
    driver.refresh().await.unwrap();
    heading(&driver, "Azure production").await;

    // Editing keeps what is not changed and saves what is.
    driver.query(By::LinkText("Edit")).first().await.unwrap().click().await.unwrap();
    heading(&driver, "Edit Azure production").await;
    let audience = field(&driver, "Audience").await;
    assert_eq!(audience.value().await.unwrap().as_deref(), Some(AUDIENCE));
    audience.clear().await.unwrap();
    audience.send_keys("api://edited").await.unwrap();
    driver.query(By::Css("button[type=submit]")).first().await.unwrap().click().await.unwrap();
    heading(&driver, "Azure production").await;
    driver.query(By::XPath("//dd[text()='api://edited']")).first().await.unwrap();

    // Two admins edit at once: the second save is refused and offers to reload.
    driver.query(By::LinkText("Edit")).first().await.unwrap().click().await.unwrap();
    heading(&driver, "Edit Azure production").await;
    let admin = AdminApi::sign_in(&base).await;
    admin
        .patch(
            &format!("/api/v1/identity-providers/{id}"),
            json!({"description": "by someone else"}),
        )
        .await;
    let audience = field(&driver, "Audience").await;
    audience.clear().await.unwrap();
    audience.send_keys("api://mine").await.unwrap();
    driver.query(By::Css("button[type=submit]")).first().await.unwrap().click().await.unwrap();
    driver
        .query(By::XPath("//p[contains(., 'Someone else changed this provider')]"))
        .first()
        .await
        .unwrap();
    let focused = focused_text(&driver, "Reload").await;
    assert_eq!(focused, "Reload", "focus moves to the way out of a stale edit");
    screenshot(&driver, "06a-stale-edit").await;
    click_button(&driver, "Reload").await;
    let description = driver.query(By::Id("description")).first().await.unwrap();
    assert_eq!(description.value().await.unwrap().as_deref(), Some("by someone else"));
    driver.goto(detail_url.as_str()).await.unwrap();
    heading(&driver, "Azure production").await;

    // The audit trail shows the change, with the account that made it.
    driver.query(By::LinkText("Audit trail")).first().await.unwrap().click().await.unwrap();
    heading(&driver, "Audit trail").await;
    let update = driver.query(By::XPath("//td[text()='identity_provider.update']")).first().await;
    let row = update.unwrap().parent().await.unwrap().text().await.unwrap();
    assert!(row.contains("admin") && row.contains(&id), "{row}");
    screenshot(&driver, "07-audit-trail").await;

    // An API token's secret is shown once, then the token can be revoked.
    driver.query(By::LinkText("API tokens")).first().await.unwrap().click().await.unwrap();
    heading(&driver, "API tokens").await;
    field(&driver, "Token name").await.send_keys("deploy pipeline").await.unwrap();
    click_button(&driver, "Create token").await;
    let secret = driver.query(By::Css("code.secret")).first().await.unwrap();
    assert!(secret.text().await.unwrap().starts_with("wif_"));
    driver.query(By::XPath("//th[text()='deploy pipeline']")).first().await.unwrap();
    screenshot(&driver, "08-api-token-created").await;
    click_button(&driver, "Revoke").await;
    let dialog = driver.query(By::Css("dialog[open]")).first().await.unwrap();
    dialog
        .find(By::XPath(".//button[text()='Revoke token']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    driver.query(By::XPath("//p[text()='You have no API tokens.']")).first().await.unwrap();
    driver.goto(detail_url.as_str()).await.unwrap();
    heading(&driver, "Azure production").await;

    // Connect the provider to a new organization with a project, from the organization's page.
    driver.query(By::LinkText("Organizations")).first().await.unwrap().click().await.unwrap();
    heading(&driver, "Organizations").await;
    field(&driver, "New organization name").await.send_keys("Payments").await.unwrap();
    click_button(&driver, "Create organization").await;
    heading(&driver, "Payments").await;
    field(&driver, "New project name").await.send_keys("billing").await.unwrap();
    click_button(&driver, "Create project").await;
    driver
        .query(By::XPath("//ul[@aria-label='Projects']/li[span[text()='billing']]"))
        .first()
        .await
        .unwrap();
    click_button(&driver, "Connect").await;
    let connected =
        "//ul[@aria-label='Connected identity providers']//a[text()='Azure production']";
    driver.query(By::XPath(connected)).first().await.unwrap();
    screenshot(&driver, "08a-organization").await;
    dark_screenshot(&driver, "08a-organization-dark").await;

    // The provider cannot be deleted while connected: the dialog says what to do instead.
    driver.goto(detail_url.as_str()).await.unwrap();
    heading(&driver, "Azure production").await;
    click_button(&driver, "Delete").await;
    let dialog = driver.query(By::Css("dialog[open]")).first().await.unwrap();
    assert!(dialog.text().await.unwrap().contains("still connected to these organizations"));
    let confirm = dialog.find(By::XPath(".//button[text()='Delete provider']")).await.unwrap();
    assert!(!confirm.is_enabled().await.unwrap(), "deleting is blocked while connected");
    dialog.find(By::XPath(".//button[text()='Cancel']")).await.unwrap().click().await.unwrap();

    // Disconnecting shows who loses access first.
    let row = "//ul[@aria-label='Organizations']/li[a[text()='Payments']]";
    let row = driver.query(By::XPath(row)).first().await.unwrap();
    row.find(By::XPath(".//button[text()='Disconnect']")).await.unwrap().click().await.unwrap();
    let dialog = driver.query(By::Css("dialog[open]")).first().await.unwrap();
    let lost =
        dialog.query(By::XPath(".//ul[@aria-label='Projects that lose access']/li")).first().await;
    assert_eq!(lost.unwrap().text().await.unwrap(), "billing");
    screenshot(&driver, "08b-blast-radius").await;
    dialog.find(By::XPath(".//button[text()='Disconnect']")).await.unwrap().click().await.unwrap();
    let not_connected =
        "//ul[@aria-label='Organizations']/li[a[text()='Payments']]/span[text()='Not connected']";
    driver.query(By::XPath(not_connected)).first().await.unwrap();

    // Deleting asks first, names the provider, and then leaves the list empty.
    click_button(&driver, "Delete").await;
    let dialog = driver.query(By::Css("dialog[open]")).first().await.unwrap();
    assert!(dialog.text().await.unwrap().contains("Delete Azure production?"));
    screenshot(&driver, "05-delete-dialog").await;
    dialog
        .find(By::XPath(".//button[text()='Delete provider']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    driver.query(By::XPath("//h2[text()='No identity providers yet']")).first().await.unwrap();

    // A provider whose issuer runs here: its keys are listed, and revoking shows what changed.
    let issuer = TestIssuer::start().await;
    let admin = AdminApi::sign_in(&base).await;
    let body = json!({"displayName": "Test issuer", "issuerUri": issuer.base, "audience": "wif",
        "authorizationType": "USER"});
    assert_eq!(admin.send(reqwest::Method::POST, "/api/v1/identity-providers", body).await, 201);
    driver.goto(format!("{base}/identity-providers")).await.unwrap();
    driver.query(By::LinkText("Test issuer")).first().await.unwrap().click().await.unwrap();
    heading(&driver, "Test issuer").await;
    let key_row = "//table[caption='Cached signing keys']//th[text()='first']";
    driver.query(By::XPath(key_row)).first().await.unwrap();
    issuer.set_keys(json!({"keys": [rsa_key("second", 2048)]}));
    click_button(&driver, "Revoke keys").await;
    let dialog = driver.query(By::Css("dialog[open]")).first().await.unwrap();
    assert!(dialog.text().await.unwrap().contains("Routine rotation needs nothing"));
    dialog.find(By::XPath(".//button[text()='Revoke keys']")).await.unwrap().click().await.unwrap();
    driver.query(By::XPath("//p[text()='Removed: first.']")).first().await.unwrap();
    driver.query(By::XPath("//p[text()='Added: second.']")).first().await.unwrap();
    let key_row = "//table[caption='Cached signing keys']//th[text()='second']";
    driver.query(By::XPath(key_row)).first().await.unwrap();
    screenshot(&driver, "09-keys-revoked").await;

    // The inspector checks a token in the page, with the network cut: nothing carries it.
    driver.query(By::LinkText("Token inspector")).first().await.unwrap().click().await.unwrap();
    heading(&driver, "Token inspector").await;
    let select = driver.query(By::Id("check-against")).first().await.unwrap();
    select
        .query(By::XPath(".//option[text()='Test issuer']"))
        .first()
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let test_issuer_id = select.value().await.unwrap().unwrap();
    set_offline(&driver, true).await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let claims = json!({"iss": issuer.base, "aud": "wif", "sub": "109876543210987654321",
        "iat": now - 60, "exp": now + 300});
    let token = wif_core::testing::rs256(
        json!({"alg": "RS256", "kid": wif_core::testing::RSA_KID}),
        claims,
    );
    let requests_before = resource_names(&driver).await.len();
    type_fast(&driver, "token", &token).await;
    driver
        .query(By::XPath("//h2[text()='Rejected: the signature was not verified']"))
        .first()
        .await
        .unwrap();
    let jwks = json!({ "keys": wif_core::testing::public_keys() }).to_string();
    type_fast(&driver, "jwks", &jwks).await;
    driver.query(By::XPath("//h2[text()='Accepted']")).first().await.unwrap();
    let principal =
        driver.query(By::Css("p.principal")).first().await.unwrap().text().await.unwrap();
    assert_eq!(principal, format!("Database user: {test_issuer_id}/109876543210987654321"));
    driver
        .query(By::XPath("//td[contains(., 'expires') or contains(., 'in 5 minutes')]"))
        .first()
        .await
        .unwrap();
    screenshot(&driver, "10-inspector-offline").await;

    // Sharing copies the report without the signature, so the token cannot be replayed.
    let tools = thirtyfour::extensions::cdp::ChromeDevTools::new(driver.handle.clone());
    let grant = json!({"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]});
    tools.execute_cdp_with_params("Browser.grantPermissions", grant).await.unwrap();
    click_button(&driver, "Share (signature removed)").await;
    driver.query(By::XPath("//span[text()='Copied.']")).first().await.unwrap();
    let read = "const done = arguments[0]; \
                navigator.clipboard.readText().then(done, e => done(String(e)));";
    let shared: String = driver.execute_async(read, Vec::new()).await.unwrap().convert().unwrap();
    assert!(
        shared.contains("<signature removed>") && shared.contains("Verdict: accepted"),
        "{shared}"
    );
    assert!(!shared.contains(token.rsplit('.').next().unwrap()), "the signature is not shared");
    let scroll = "document.querySelector('table caption').scrollIntoView();";
    driver.execute(scroll, Vec::new()).await.unwrap();
    screenshot(&driver, "10b-inspector-claims").await;
    dark_screenshot(&driver, "10c-inspector-claims-dark").await;
    let requests = resource_names(&driver).await;
    assert_eq!(requests.len(), requests_before, "checking a token made no request: {requests:?}");
    let signature = token.rsplit('.').next().unwrap();
    assert!(requests.iter().all(|r| !r.contains(signature)), "no request carries the token");
    set_offline(&driver, false).await;

    // A read-only account sees the list but not the ways to change it, and a deep link to the
    // creation page tells it why it cannot.
    create_read_only_account(&base, "reader").await;
    click_button(&driver, "Sign out").await;
    sign_in(&driver, "reader").await;
    driver.query(By::LinkText("Test issuer")).first().await.unwrap();
    let add_links = driver.find_all(By::XPath("//summary[text()='Add provider']")).await.unwrap();
    assert!(add_links.is_empty(), "a read-only account is not offered to add a provider");
    assert!(driver.find_all(By::LinkText("Audit trail")).await.unwrap().len() == 1);
    driver.query(By::LinkText("Test issuer")).first().await.unwrap().click().await.unwrap();
    driver.query(By::XPath("//table[caption='Cached signing keys']")).first().await.unwrap();
    let revoke = driver.find_all(By::XPath("//button[text()='Revoke keys']")).await.unwrap();
    assert!(revoke.is_empty(), "a read-only account sees the keys but cannot revoke them");
    driver.goto(format!("{base}/identity-providers/new")).await.unwrap();
    heading(&driver, "Not allowed").await;
    screenshot(&driver, "06-not-allowed").await;

    // Signing out ends the session: the console asks to sign in again, even for a deep link.
    click_button(&driver, "Sign out").await;
    heading(&driver, "Sign in to wif-console").await;
    driver.goto(format!("{base}/identity-providers")).await.unwrap();
    heading(&driver, "Sign in to wif-console").await;
    let url = driver.current_url().await.unwrap();
    assert_eq!(url.query(), Some("next=%2Fidentity-providers"), "{url}");

    driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn change_the_password_from_the_account_page() {
    let console = Console::signed_in_at("/identity-providers").await;
    let (base, driver) = (&console.base, &console.driver);
    // Another session of the same account, as on a second machine.
    let elsewhere = AdminApi::sign_in(base).await;

    // "Signed in as" leads to the account: its roles, by organization name.
    driver.query(By::Css("a.account-link")).first().await.unwrap().click().await.unwrap();
    heading(driver, "Your account").await;
    let roles = "//li[contains(., 'Organization Owner of the organization Default Organization')]";
    driver.query(By::XPath(roles)).first().await.unwrap();

    // A wrong current password is answered at its field, with the cursor put there.
    field(driver, "Current password").await.send_keys("not the password").await.unwrap();
    let new_password = "a brand new passphrase";
    field(driver, "New password").await.send_keys(new_password).await.unwrap();
    field(driver, "New password, again").await.send_keys(new_password).await.unwrap();
    click_button(driver, "Change password").await;
    let refusal =
        "//p[@id='currentPassword-error' and text()='This is not your current password.']";
    driver.query(By::XPath(refusal)).first().await.unwrap();
    assert_eq!(focused_id(driver, "currentPassword").await, "currentPassword");
    screenshot(driver, "11-account-refused").await;
    dark_screenshot(driver, "11-account-refused-dark").await;

    let current = field(driver, "Current password").await;
    current.clear().await.unwrap();
    current.send_keys(PASSWORD).await.unwrap();
    click_button(driver, "Change password").await;
    let done = "//div[@role='status' and contains(., 'Your password was changed')]";
    driver.query(By::XPath(done)).first().await.unwrap();
    assert_eq!(field(driver, "New password").await.value().await.unwrap().unwrap(), "");
    screenshot(driver, "12-account-changed").await;
    dark_screenshot(driver, "12-account-changed-dark").await;

    // The other session ended; this one goes on until it signs out, then only the new password
    // signs in.
    let status = elsewhere.send(reqwest::Method::GET, "/api/v1/sessions/current", json!(null));
    assert_eq!(status.await, 401, "the other session was signed out");
    click_button(driver, "Sign out").await;
    heading(driver, "Sign in to wif-console").await;
    field(driver, "User name").await.send_keys("admin").await.unwrap();
    field(driver, "Password").await.send_keys(new_password).await.unwrap();
    click_button(driver, "Sign in").await;
    let signed_in = "//div[@class='account']//strong[text()='admin']";
    driver.query(By::XPath(signed_in)).first().await.unwrap();
    driver.clone().quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn rename_an_organization_after_someone_else_did_and_a_project() {
    let console = Console::signed_in_at("/organizations").await;
    let (base, driver) = (&console.base, &console.driver);

    let admin = AdminApi::sign_in(base).await;
    let post = reqwest::Method::POST;
    let created = admin.send(post.clone(), "/api/v1/organizations", json!({"name": "Payments"}));
    assert_eq!(created.await, 201);
    let orgs = admin.get("/api/v1/organizations").await;
    let org = orgs.as_array().unwrap().iter().find(|o| o["name"] == "Payments");
    let org_id = org.unwrap()["id"].as_str().unwrap().to_owned();
    let projects = format!("/api/v1/organizations/{org_id}/projects");
    assert_eq!(admin.send(post.clone(), &projects, json!({"name": "Billing"})).await, 201);
    // A second project: each row's dialog must keep its own ids.
    assert_eq!(admin.send(post, &projects, json!({"name": "Archive"})).await, 201);
    let listed = admin.get(&projects).await;
    let billing = listed.as_array().unwrap().iter().find(|p| p["name"] == "Billing").unwrap();
    let billing_id = billing["id"].as_str().unwrap().to_owned();

    driver.goto(format!("{base}/organizations/{org_id}")).await.unwrap();
    heading(driver, "Payments").await;
    let header_rename = "//div[@class='page-header']//button[text()='Rename']";
    driver.query(By::XPath(header_rename)).first().await.unwrap().click().await.unwrap();
    let input =
        driver.query(By::Id(format!("rename-organization-{org_id}"))).first().await.unwrap();
    assert_eq!(value_once_read(&input).await, "Payments", "the dialog reads the current name");

    // An empty name is refused in the page, with the core's message. Backspaces, not clear(),
    // so that the page sees the input events a person's typing makes.
    input.send_keys("\u{e003}".repeat("Payments".len())).await.unwrap();
    in_open_dialog(driver, "Save").await;
    let empty = format!(
        "//p[@id='rename-organization-{org_id}-error' and text()='Enter a name for the \
         organization.']"
    );
    driver.query(By::XPath(empty)).first().await.unwrap();

    // Someone renames it meanwhile: the save is refused, and reading again lets it through.
    input.send_keys("Payments EU").await.unwrap();
    admin
        .patch(&format!("/api/v1/organizations/{org_id}"), json!({"name": "Payments (old)"}))
        .await;
    in_open_dialog(driver, "Save").await;
    let stale = "//div[@role='alert' and contains(., 'Someone else changed this organization')]";
    driver.query(By::XPath(stale)).first().await.unwrap();
    screenshot(driver, "13-rename-stale").await;
    dark_screenshot(driver, "13-rename-stale-dark").await;
    in_open_dialog(driver, "Read it again").await;
    assert_eq!(input.value().await.unwrap().unwrap(), "Payments EU", "the typed name stays");
    in_open_dialog(driver, "Save").await;
    heading(driver, "Payments EU").await;

    // A project is renamed the same way, from its row.
    let row_rename = "//li[contains(., 'Billing')]//button[text()='Rename']";
    driver.query(By::XPath(row_rename)).first().await.unwrap().click().await.unwrap();
    let project_input =
        driver.query(By::Id(format!("rename-project-{billing_id}"))).first().await.unwrap();
    assert_eq!(value_once_read(&project_input).await, "Billing");
    project_input.send_keys(" EU").await.unwrap();
    screenshot(driver, "14-rename-project").await;
    dark_screenshot(driver, "14-rename-project-dark").await;
    in_open_dialog(driver, "Save").await;
    let renamed = "//ul[@aria-label='Projects']//span[text()='Billing EU']";
    driver.query(By::XPath(renamed)).first().await.unwrap();

    let projects = admin.get(&format!("/api/v1/organizations/{org_id}/projects")).await;
    let names: Vec<&str> =
        projects.as_array().unwrap().iter().filter_map(|p| p["name"].as_str()).collect();
    assert!(names.contains(&"Billing EU") && names.contains(&"Archive"), "{projects}");
    let org = admin.get(&format!("/api/v1/organizations/{org_id}")).await;
    assert_eq!(org["name"], "Payments EU");
    driver.clone().quit().await.unwrap();
}

/// The input's value once the dialog has filled it in from the server, or "" after two seconds.
async fn value_once_read(input: &WebElement) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let value = input.value().await.unwrap().unwrap_or_default();
        if !value.is_empty() || std::time::Instant::now() > deadline {
            return value;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Clicks a button of the dialog that is open: closed dialogs keep theirs in the page.
async fn in_open_dialog(driver: &WebDriver, text: &str) {
    let button = format!("//dialog[@open]//button[text()='{text}']");
    driver.query(By::XPath(button)).first().await.unwrap().click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn add_and_delete_an_account_in_the_console() {
    let console = Console::start().await;
    let (base, driver) = (&console.base, &console.driver);
    // A project to own, and an organization without one, before the console reads its roles.
    let admin = AdminApi::sign_in(base).await;
    let billing = format!("/api/v1/organizations/{}/projects", admin.federation_org_id);
    let post = reqwest::Method::POST;
    assert_eq!(admin.send(post.clone(), &billing, json!({"name": "Billing"})).await, 201);
    let empty = json!({"name": "Empty"});
    assert_eq!(admin.send(post, "/api/v1/organizations", empty).await, 201);

    console.sign_in_at("/identity-providers").await;

    driver.query(By::LinkText("Accounts")).first().await.unwrap().click().await.unwrap();
    heading(driver, "Accounts").await;
    let me = "//tr[th='admin' and contains(., 'Organization Owner of the organization Default \
              Organization') and contains(., 'You')]";
    driver.query(By::XPath(me)).first().await.unwrap();

    // The core's rules first: a short password, and a Project Owner without a project.
    field(driver, "User name").await.send_keys("auditor").await.unwrap();
    field(driver, "Password").await.send_keys("short").await.unwrap();
    let role = driver.query(By::Id("role")).first().await.unwrap();
    SelectElement::new(&role).await.unwrap().select_by_exact_text("Project Owner").await.unwrap();
    let org = SelectElement::new(&driver.find(By::Id("scope")).await.unwrap()).await.unwrap();
    org.select_by_exact_text("Empty").await.unwrap();
    click_button(driver, "Add account").await;
    let short = "//p[@id='password-error' and contains(., 'at least 12')]";
    driver.query(By::XPath(short)).first().await.unwrap();
    let no_project = "//p[@id='scope-error' and contains(., 'Choose a project')]";
    driver.query(By::XPath(no_project)).first().await.unwrap();
    assert_eq!(focused_id(driver, "password").await, "password");
    screenshot(driver, "15-accounts-refused").await;
    dark_screenshot(driver, "15-accounts-refused-dark").await;

    let password = "a long enough auditor passphrase";
    let password_field = field(driver, "Password").await;
    password_field.clear().await.unwrap();
    password_field.send_keys(password).await.unwrap();
    let read_only = SelectElement::new(&role).await.unwrap();
    read_only.select_by_exact_text("Organization Read Only").await.unwrap();
    org.select_by_exact_text("Default Organization").await.unwrap();
    click_button(driver, "Add account").await;
    let created = "//div[@role='status' and contains(., 'The account auditor was created')]";
    driver.query(By::XPath(created)).first().await.unwrap();
    let row = "//tr[th='auditor' and contains(., 'Organization Read Only of the organization \
               Default Organization')]";
    driver.query(By::XPath(row)).first().await.unwrap();

    // A Project Owner picks one of the organization's projects, and is listed by its name.
    field(driver, "User name").await.send_keys("billing-owner").await.unwrap();
    field(driver, "Password").await.send_keys(password).await.unwrap();
    read_only.select_by_exact_text("Project Owner").await.unwrap();
    let project = driver.query(By::XPath("//select[@id='project']/option[text()='Billing']"));
    project.first().await.unwrap();
    click_button(driver, "Add account").await;
    let owner = "//tr[th='billing-owner' and contains(., 'Project Owner of the project Billing \
                 in Default Organization')]";
    driver.query(By::XPath(owner)).first().await.unwrap();
    screenshot(driver, "16-accounts-created").await;
    dark_screenshot(driver, "16-accounts-created-dark").await;

    // The new account signs in with its password; its name is taken, whatever the case.
    let login = json!({"username": "auditor", "password": password});
    let client = reqwest::Client::new();
    let signed_in = client.post(format!("{base}/api/v1/sessions")).header("origin", base);
    assert_eq!(signed_in.json(&login).send().await.unwrap().status(), 201);
    field(driver, "User name").await.send_keys("AUDITOR").await.unwrap();
    field(driver, "Password").await.send_keys(password).await.unwrap();
    click_button(driver, "Add account").await;
    let taken =
        "//p[@id='username-error' and text()='Another account already has this user name.']";
    driver.query(By::XPath(taken)).first().await.unwrap();

    let delete = format!("{row}//button[text()='Delete']");
    driver.query(By::XPath(delete)).first().await.unwrap().click().await.unwrap();
    in_open_dialog(driver, "Delete account").await;
    let rows = driver.query(By::XPath("//tr[th='auditor']")).nowait().all_from_selector().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    let mut remaining = rows.unwrap().len();
    while remaining > 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let rows = driver.find_all(By::XPath("//tr[th='auditor']")).await.unwrap();
        remaining = rows.len();
    }
    assert_eq!(remaining, 0, "the deleted account's row is gone");
    let refused = client.post(format!("{base}/api/v1/sessions")).header("origin", base);
    assert_eq!(refused.json(&login).send().await.unwrap().status(), 401);
    driver.clone().quit().await.unwrap();
}
