//! Driving the real `wif-server` binary and the release-built app in headless Chromium through
//! chromedriver. Needs `dist/` (built by `make dist`, which `make test` runs first) and Debian's
//! `chromium` and `chromium-driver`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use thirtyfour::prelude::*;

/// A child process that is killed when the test ends, however it ends.
pub struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

pub fn dist() -> PathBuf {
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
pub async fn start_server(database: &Path, port: u16) -> Process {
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

pub async fn wait_until_up(url: &str) {
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
pub async fn start_browser(scratch: &Path) -> (Process, WebDriver) {
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

/// A server on its own database and port, and a browser to drive it; both end when this is
/// dropped.
pub struct Console {
    pub base: String,
    pub driver: WebDriver,
    _server: Process,
    _chromedriver: Process,
    _scratch: tempfile::TempDir,
}

impl Console {
    /// Nobody signed in yet, so that a test can set data up through the API first.
    pub async fn start() -> Console {
        let scratch = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let server = start_server(&scratch.path().join("data/wif.db"), port).await;
        let (chromedriver, driver) = start_browser(scratch.path()).await;
        Console { base, driver, _server: server, _chromedriver: chromedriver, _scratch: scratch }
    }

    /// Opens `path`, signs in as the admin there, and stays on it.
    pub async fn sign_in_at(&self, path: &str) {
        self.driver.goto(format!("{}{path}", self.base)).await.unwrap();
        sign_in(&self.driver, "admin").await;
    }

    /// Started, and signed in as the admin on `path`.
    pub async fn signed_in_at(path: &str) -> Console {
        let console = Console::start().await;
        console.sign_in_at(path).await;
        console
    }
}

/// The input that a label with this exact text is for.
pub async fn field(driver: &WebDriver, label: &str) -> WebElement {
    let label = driver
        .query(By::XPath(format!("//label[normalize-space(text())='{label}']")))
        .first()
        .await
        .unwrap_or_else(|e| panic!("no label {label:?}: {e}"));
    let id = label.attr("for").await.unwrap().expect("the label names its input");
    driver.query(By::Id(id)).first().await.unwrap()
}

pub async fn heading(driver: &WebDriver, text: &str) {
    driver
        .query(By::XPath(format!("//h1[normalize-space()='{text}']")))
        .first()
        .await
        .unwrap_or_else(|e| panic!("no heading {text:?}: {e}"));
}

/// The whole page, not only the window, so that what is below the fold is looked at too.
pub async fn screenshot(driver: &WebDriver, name: &str) {
    use base64::Engine;

    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&folder).unwrap();
    let tools = thirtyfour::extensions::cdp::ChromeDevTools::new(driver.handle.clone());

    // The whole page as one tall viewport. Capturing beyond a window-sized viewport leaves
    // tiles below the window unpainted at times: a step's buttons went missing from its picture.
    // Without scroll bars the page keeps its width when the viewport grows, so its height holds;
    // it is measured again all the same, until it stops changing.
    let hidden = json!({"hidden": true});
    tools.execute_cdp_with_params("Emulation.setScrollbarsHidden", hidden).await.unwrap();
    let mut size = (0.0, 0.0);
    for _ in 0..3 {
        next_frames(driver).await;
        let metrics = tools.execute_cdp("Page.getLayoutMetrics").await.unwrap();
        let width = metrics["cssLayoutViewport"]["clientWidth"].as_f64().unwrap();
        let height = metrics["cssContentSize"]["height"].as_f64().unwrap().ceil();
        if (width, height) == size {
            break;
        }
        size = (width, height);
        let page = json!({"width": width, "height": height, "deviceScaleFactor": 1,
            "mobile": false});
        tools.execute_cdp_with_params("Emulation.setDeviceMetricsOverride", page).await.unwrap();
    }
    next_frames(driver).await;

    let params = json!({"format": "png"});
    let shot = tools.execute_cdp_with_params("Page.captureScreenshot", params).await.unwrap();
    tools.execute_cdp("Emulation.clearDeviceMetricsOverride").await.unwrap();
    let shown = json!({"hidden": false});
    tools.execute_cdp_with_params("Emulation.setScrollbarsHidden", shown).await.unwrap();
    let png = base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().unwrap());
    std::fs::write(folder.join(format!("{name}.png")), png.unwrap()).unwrap();
}

/// Waits until the page has laid out and painted what changed: two animation frames.
async fn next_frames(driver: &WebDriver) {
    let frames = "const done = arguments[arguments.length - 1]; \
        requestAnimationFrame(() => requestAnimationFrame(done));";
    driver.execute_async(frames, Vec::new()).await.unwrap();
}

pub const AUDIENCE: &str = "api://4a5b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d";
pub const PASSWORD: &str = "a long enough test password";

/// Fills the sign-in form as a person would, and waits until it is gone.
pub async fn sign_in(driver: &WebDriver, username: &str) {
    heading(driver, "Sign in to wif-console").await;
    field(driver, "User name").await.send_keys(username).await.unwrap();
    field(driver, "Password").await.send_keys(PASSWORD).await.unwrap();
    click_button(driver, "Sign in").await;
    let signed_in = format!("//div[@class='account']//strong[text()='{username}']");
    driver.query(By::XPath(signed_in)).first().await.unwrap();
}

pub async fn click_button(driver: &WebDriver, text: &str) {
    let button = driver.query(By::XPath(format!("//button[text()='{text}']"))).first().await;
    button.unwrap().click().await.unwrap();
}

/// A second admin working through the API, as a script or another browser would.
pub struct AdminApi {
    client: reqwest::Client,
    base: String,
    cookie: String,
    pub federation_org_id: String,
}

impl AdminApi {
    pub async fn sign_in(base: &str) -> AdminApi {
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

    pub async fn send(&self, method: reqwest::Method, path: &str, body: serde_json::Value) -> u16 {
        let request = self.client.request(method, format!("{}{path}", self.base));
        let request = request.header("origin", &self.base).header("cookie", &self.cookie);
        request.json(&body).send().await.unwrap().status().as_u16()
    }

    pub async fn get(&self, path: &str) -> serde_json::Value {
        let request = self.client.get(format!("{}{path}", self.base));
        let answer = request.header("cookie", &self.cookie).send().await.unwrap();
        assert_eq!(answer.status(), 200, "GET {path}");
        answer.json().await.unwrap()
    }

    pub async fn patch(&self, path: &str, body: serde_json::Value) {
        assert_eq!(self.send(reqwest::Method::PATCH, path, body).await, 200);
    }
}

/// Makes an account through the API, as an admin's script would.
pub async fn create_read_only_account(base: &str, username: &str) {
    let admin = AdminApi::sign_in(base).await;
    let grants = json!([{"role": "ORG_READ_ONLY", "orgId": admin.federation_org_id}]);
    let body = json!({"username": username, "password": PASSWORD, "grants": grants});
    assert_eq!(admin.send(reqwest::Method::POST, "/api/v1/accounts", body).await, 201);
}

/// Cuts (or restores) the browser's network, as a person going offline would.
pub async fn set_offline(driver: &WebDriver, offline: bool) {
    let tools = thirtyfour::extensions::cdp::ChromeDevTools::new(driver.handle.clone());
    tools.execute_cdp("Network.enable").await.unwrap();
    let conditions = json!({"offline": offline, "latency": 0, "downloadThroughput": -1,
        "uploadThroughput": -1});
    tools.execute_cdp_with_params("Network.emulateNetworkConditions", conditions).await.unwrap();
}

/// Every URL the page has requested so far.
pub async fn resource_names(driver: &WebDriver) -> Vec<String> {
    let script = "return performance.getEntriesByType('resource').map(e => e.name);";
    let names = driver.execute(script, Vec::new()).await.unwrap();
    names.convert().unwrap()
}

/// Fills a text field at once (a long token typed key by key takes seconds).
pub async fn type_fast(driver: &WebDriver, id: &str, text: &str) {
    let element = driver.query(By::Id(id)).first().await.unwrap();
    let script = "arguments[0].value = arguments[1]; \
        arguments[0].dispatchEvent(new Event('input', { bubbles: true }));";
    driver.execute(script, vec![element.to_json().unwrap(), json!(text)]).await.unwrap();
}

/// The same page with the system's dark scheme, to look at both.
pub async fn dark_screenshot(driver: &WebDriver, name: &str) {
    let tools = thirtyfour::extensions::cdp::ChromeDevTools::new(driver.handle.clone());
    let dark = json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]});
    tools.execute_cdp_with_params("Emulation.setEmulatedMedia", dark).await.unwrap();
    screenshot(driver, name).await;
    let light = json!({"features": [{"name": "prefers-color-scheme", "value": "light"}]});
    tools.execute_cdp_with_params("Emulation.setEmulatedMedia", light).await.unwrap();
}

/// Opens the provider list's "Add provider" menu.
pub async fn open_add_menu(driver: &WebDriver) {
    let summary = driver.query(By::XPath("//summary[text()='Add provider']")).first().await;
    summary.unwrap().click().await.unwrap();
}

/// Follows the link of the "Add provider" menu whose name is `name`.
pub async fn choose(driver: &WebDriver, name: &str) {
    let link = driver.query(By::XPath(format!("//a[strong='{name}']"))).first().await;
    link.unwrap().click().await.unwrap();
}

/// The text of the focused element once it is `expected`, or whatever has focus after two
/// seconds: focus moves after the page has drawn what it moves to.
pub async fn focused_text(driver: &WebDriver, expected: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let text = driver.active_element().await.unwrap().text().await.unwrap();
        if text == expected || Instant::now() > deadline {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The id of the focused element once it is `expected`, or whatever has focus after two
/// seconds.
pub async fn focused_id(driver: &WebDriver, expected: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let id = driver.active_element().await.unwrap().id().await.unwrap().unwrap_or_default();
        if id == expected || Instant::now() > deadline {
            return id;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
