//! End to end: the real `wif-server` binary serving the release-built app, driven in headless
//! Chromium through chromedriver. Needs `dist/` (built by `make dist`, which `make test` runs
//! first) and Debian's `chromium` and `chromium-driver`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::issuer::{TestIssuer, rsa_key};
use serde_json::json;
use thirtyfour::prelude::*;

mod common;

/// A child process that is killed when the test ends, however it ends.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn dist() -> PathBuf {
    let dist = std::env::var_os("WIF_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the app first with `make dist` (`make test` does it)",
        dist.display()
    );
    dist
}

/// Starts `wif-server` and waits until `/healthz` answers.
async fn start_server(database: &Path, port: u16) -> Process {
    let child = Command::new(env!("CARGO_BIN_EXE_wif-server"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(database)
        .arg("--dist")
        .arg(dist())
        .env("WIF_LOG", "warn")
        .env("WIF_BOOTSTRAP_PASSWORD", PASSWORD)
        // The test issuer below listens on loopback over http.
        .env("WIF_ALLOW_INSECURE_ISSUERS", "true")
        .stdout(Stdio::null())
        .spawn()
        .expect("start wif-server");
    let process = Process(child);
    wait_until_up(&format!("http://127.0.0.1:{port}/healthz")).await;
    process
}

async fn wait_until_up(url: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if reqwest::get(url).await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} did not answer within 30 seconds");
}

/// Starts chromedriver and a headless Chromium session with a fresh profile.
async fn start_browser(scratch: &Path) -> (Process, WebDriver) {
    let port = free_port();
    let driver_binary = std::env::var("CHROMEDRIVER").unwrap_or("/usr/bin/chromedriver".into());
    let child = Command::new(&driver_binary)
        .arg(format!("--port={port}"))
        // Chromium's temporary folders stay inside the build folder.
        .env("TMPDIR", scratch)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {driver_binary} (apt-get install chromium-driver): {e}")
        });
    let process = Process(child);
    wait_until_up(&format!("http://127.0.0.1:{port}/status")).await;

    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary("/usr/bin/chromium").unwrap();
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ] {
        caps.add_arg(arg).unwrap();
    }
    caps.add_arg(&format!("--user-data-dir={}", scratch.join("profile").display())).unwrap();
    let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await.unwrap();
    (process, driver)
}

/// The input that a label with this exact text is for.
async fn field(driver: &WebDriver, label: &str) -> WebElement {
    let label = driver
        .query(By::XPath(format!("//label[normalize-space(text())='{label}']")))
        .first()
        .await
        .unwrap_or_else(|e| panic!("no label {label:?}: {e}"));
    let id = label.attr("for").await.unwrap().expect("the label names its input");
    driver.query(By::Id(id)).first().await.unwrap()
}

async fn heading(driver: &WebDriver, text: &str) {
    driver
        .query(By::XPath(format!("//h1[normalize-space()='{text}']")))
        .first()
        .await
        .unwrap_or_else(|e| panic!("no heading {text:?}: {e}"));
}

async fn screenshot(driver: &WebDriver, name: &str) {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&folder).unwrap();
    driver.screenshot(&folder.join(format!("{name}.png"))).await.unwrap();
}

const AUDIENCE: &str = "api://4a5b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d";
const PASSWORD: &str = "a long enough test password";

/// Fills the sign-in form as a person would, and waits until it is gone.
async fn sign_in(driver: &WebDriver, username: &str) {
    heading(driver, "Sign in to wif-console").await;
    field(driver, "User name").await.send_keys(username).await.unwrap();
    field(driver, "Password").await.send_keys(PASSWORD).await.unwrap();
    click_button(driver, "Sign in").await;
    let signed_in = format!("//div[@class='account']//strong[text()='{username}']");
    driver.query(By::XPath(signed_in)).first().await.unwrap();
}

async fn click_button(driver: &WebDriver, text: &str) {
    let button = driver.query(By::XPath(format!("//button[text()='{text}']"))).first().await;
    button.unwrap().click().await.unwrap();
}

/// A second admin working through the API, as a script or another browser would.
struct AdminApi {
    client: reqwest::Client,
    base: String,
    cookie: String,
    federation_org_id: String,
}

impl AdminApi {
    async fn sign_in(base: &str) -> AdminApi {
        let client = reqwest::Client::new();
        let login = json!({"username": "admin", "password": PASSWORD});
        let signed_in =
            client.post(format!("{base}/api/v1/sessions")).header("origin", base).json(&login);
        let signed_in = signed_in.send().await.unwrap();
        let cookie = signed_in.headers()["set-cookie"].to_str().unwrap();
        let cookie = cookie.split(';').next().unwrap().to_owned();
        let me: serde_json::Value = signed_in.json().await.unwrap();
        let federation_org_id = me["federationOrgId"].as_str().unwrap().to_owned();
        AdminApi { client, base: base.to_owned(), cookie, federation_org_id }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: serde_json::Value) -> u16 {
        let request = self.client.request(method, format!("{}{path}", self.base));
        let request = request.header("origin", &self.base).header("cookie", &self.cookie);
        request.json(&body).send().await.unwrap().status().as_u16()
    }

    async fn patch(&self, path: &str, body: serde_json::Value) {
        assert_eq!(self.send(reqwest::Method::PATCH, path, body).await, 200);
    }
}

/// Makes an account through the API, as an admin's script would.
async fn create_read_only_account(base: &str, username: &str) {
    let admin = AdminApi::sign_in(base).await;
    let grants = json!([{"role": "ORG_READ_ONLY", "orgId": admin.federation_org_id}]);
    let body = json!({"username": username, "password": PASSWORD, "grants": grants});
    assert_eq!(admin.send(reqwest::Method::POST, "/api/v1/accounts", body).await, 201);
}

/// Cuts (or restores) the browser's network, as a person going offline would.
async fn set_offline(driver: &WebDriver, offline: bool) {
    let tools = thirtyfour::extensions::cdp::ChromeDevTools::new(driver.handle.clone());
    tools.execute_cdp("Network.enable").await.unwrap();
    let conditions = json!({"offline": offline, "latency": 0, "downloadThroughput": -1,
        "uploadThroughput": -1});
    tools.execute_cdp_with_params("Network.emulateNetworkConditions", conditions).await.unwrap();
}

/// Every URL the page has requested so far.
async fn resource_names(driver: &WebDriver) -> Vec<String> {
    let script = "return performance.getEntriesByType('resource').map(e => e.name);";
    let names = driver.execute(script, Vec::new()).await.unwrap();
    names.convert().unwrap()
}

/// Fills a text field at once (a long token typed key by key takes seconds).
async fn type_fast(driver: &WebDriver, id: &str, text: &str) {
    let element = driver.query(By::Id(id)).first().await.unwrap();
    let script = "arguments[0].value = arguments[1]; \
        arguments[0].dispatchEvent(new Event('input', { bubbles: true }));";
    driver.execute(script, vec![element.to_json().unwrap(), json!(text)]).await.unwrap();
}

/// The same page with the system's dark scheme, to look at both.
async fn dark_screenshot(driver: &WebDriver, name: &str) {
    let tools = thirtyfour::extensions::cdp::ChromeDevTools::new(driver.handle.clone());
    let dark = json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]});
    tools.execute_cdp_with_params("Emulation.setEmulatedMedia", dark).await.unwrap();
    screenshot(driver, name).await;
    let light = json!({"features": [{"name": "prefers-color-scheme", "value": "light"}]});
    tools.execute_cdp_with_params("Emulation.setEmulatedMedia", light).await.unwrap();
}

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
    driver.query(By::LinkText("Add provider")).first().await.unwrap().click().await.unwrap();
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
    let focused = driver.active_element().await.unwrap().text().await.unwrap();
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
    let add_links = driver.find_all(By::LinkText("Add provider")).await.unwrap();
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
