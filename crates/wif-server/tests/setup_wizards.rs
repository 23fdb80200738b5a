//! End to end: each setup wizard, from the provider list to the created provider, in headless
//! Chromium against the real server. Both go back a step and reload mid-way, and take a
//! screenshot of every step, light and dark (in `target/tmp/screenshots/`).

use common::browser::{
    Console, choose, click_button, dark_screenshot, field, focused_id, heading, open_add_menu,
    screenshot, type_fast,
};
use serde_json::{Value, json};
use thirtyfour::prelude::*;

mod common;

const TENANT: &str = "0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21";
const CLIENT_ID: &str = "4a5b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d";
const GROUP_ID: &str = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
const UNIQUE_ID: &str = "109876543210987654321";

/// Waits for the step with this title, and checks the URL names it.
async fn at_step(driver: &WebDriver, number: usize, title: &str) {
    let heading = format!("//h2[@id='step-heading' and normalize-space()='{title}']");
    driver.query(By::XPath(heading)).first().await.unwrap_or_else(|e| panic!("{title}: {e}"));
    let url = driver.current_url().await.unwrap();
    let step = url.query_pairs().find(|(name, _)| name == "step").map(|(_, value)| value);
    // The list links to the first step without naming it.
    let step = step.map_or(1, |s| s.parse::<usize>().unwrap());
    assert_eq!(step, number, "{url}");
}

/// Both schemes of the step on screen.
async fn both_schemes(driver: &WebDriver, name: &str) {
    screenshot(driver, name).await;
    dark_screenshot(driver, &format!("{name}-dark")).await;
}

/// At a phone's width nothing may run off the side of the page; takes a picture there too.
async fn at_phone_width(driver: &WebDriver, name: &str) {
    let (width, height) = (390, 844);
    driver.set_window_rect(0, 0, width, height).await.unwrap();
    let overflow = "return document.documentElement.scrollWidth \
        - document.documentElement.clientWidth;";
    let excess: i64 = driver.execute(overflow, Vec::new()).await.unwrap().convert().unwrap();
    assert_eq!(excess, 0, "the page is wider than the {width} px window");
    both_schemes(driver, name).await;
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
}

async fn tick(driver: &WebDriver, id: &str) {
    driver.query(By::Id(format!("tick-{id}"))).first().await.unwrap().click().await.unwrap();
}

async fn text_of(driver: &WebDriver, id: &str) -> String {
    driver.query(By::Id(id)).first().await.unwrap().text().await.unwrap()
}

async fn value_of(driver: &WebDriver, label: &str) -> String {
    field(driver, label).await.value().await.unwrap().unwrap_or_default()
}

/// Replaces a text field's value by typing, as a person would.
async fn retype(driver: &WebDriver, label: &str, text: &str) {
    let input = field(driver, label).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

fn token(claims: Value) -> String {
    wif_core::testing::rs256(json!({"alg": "RS256", "kid": wif_core::testing::RSA_KID}), claims)
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

async fn providers(base: &str) -> Vec<Value> {
    let admin = common::browser::AdminApi::sign_in(base).await;
    let page = admin.get("/api/v1/identity-providers").await;
    page["results"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_azure_wizard_creates_a_provider_from_the_list() {
    let Console { base, driver, .. } = &Console::signed_in_at("/identity-providers").await;
    // A project to add the database user to, once the provider exists.
    let admin = common::browser::AdminApi::sign_in(base).await;
    let projects = format!("/api/v1/organizations/{}/projects", admin.federation_org_id);
    let status = admin.send(reqwest::Method::POST, &projects, json!({"name": "Payments"})).await;
    assert_eq!(status, 201);
    open_add_menu(driver).await;
    choose(driver, "Azure Entra ID").await;
    heading(driver, "Add an Azure Entra ID provider").await;

    // Step 1: Next holds until every item is ticked, and points at the first one.
    at_step(driver, 1, "Register an application").await;
    both_schemes(driver, "20-azure-1-register").await;
    click_button(driver, "Next").await;
    let refusal = driver.query(By::XPath("//p[contains(., 'Tick each item')]")).first().await;
    assert!(refusal.is_ok(), "an unticked checklist says why Next did not go on");
    assert_eq!(focused_id(driver, "tick-register-new").await, "tick-register-new");
    both_schemes(driver, "20-azure-1-register-refused").await;
    for item in ["register-new", "register-single-tenant", "register-separate"] {
        tick(driver, item).await;
    }
    click_button(driver, "Next").await;

    // Step 2: group membership brings the overage warning and its own checklist.
    at_step(driver, 2, "Choose the authorization type").await;
    both_schemes(driver, "21-azure-2-authorization").await;
    driver.query(By::Id("authorizationType-GROUP")).first().await.unwrap().click().await.unwrap();
    driver.query(By::XPath("//p[contains(., 'Group overage')]")).first().await.unwrap();
    assert_eq!(value_of(driver, "Groups claim").await, "groups");
    tick(driver, "groups-claim").await;
    tick(driver, "groups-id").await;
    both_schemes(driver, "21-azure-2-authorization-groups").await;
    click_button(driver, "Next").await;

    at_step(driver, 3, "Expose an API").await;
    both_schemes(driver, "22-azure-3-expose").await;
    tick(driver, "expose-uri").await;
    click_button(driver, "Next").await;
    at_step(driver, 4, "Accept v2 tokens").await;
    both_schemes(driver, "23-azure-4-manifest").await;
    driver.query(By::Id("tokenVersion-1")).first().await.unwrap().click().await.unwrap();
    driver.query(By::Id("keep-v1")).first().await.unwrap();
    both_schemes(driver, "23-azure-4-manifest-keep-v1").await;
    driver.query(By::Id("tokenVersion-2")).first().await.unwrap().click().await.unwrap();
    tick(driver, "manifest-v2").await;
    click_button(driver, "Next").await;

    // Step 5: the issuer is derived as it is typed, and the token version named.
    at_step(driver, 5, "Enter the values").await;
    let tenant_label = "Tenant ID or OpenID Connect metadata document URL";
    retype(driver, tenant_label, &format!("https://sts.windows.net/{TENANT}/")).await;
    let derived = text_of(driver, "derived-issuer").await;
    assert!(derived.contains("v1 tokens") && derived.contains("not the v2"), "{derived}");
    let metadata =
        format!("https://login.microsoftonline.com/{TENANT}/v2.0/.well-known/openid-configuration");
    retype(driver, tenant_label, &metadata).await;
    let issuer = format!("https://login.microsoftonline.com/{TENANT}/v2.0");
    let derived = text_of(driver, "derived-issuer").await;
    assert!(derived.contains(&issuer) && derived.contains("v2 tokens"), "{derived}");

    retype(driver, "Application (client) ID", "not-a-guid").await;
    field(driver, "Audience").await.click().await.unwrap();
    let error = text_of(driver, "clientId-error").await;
    assert!(error.contains("is a GUID"), "{error}");
    retype(driver, "Application (client) ID", CLIENT_ID).await;
    assert_eq!(value_of(driver, "Audience").await, format!("api://{CLIENT_ID}"));
    assert_eq!(text_of(driver, "clientId-error").await, "");
    both_schemes(driver, "24-azure-5-values").await;
    at_phone_width(driver, "24-azure-5-values-phone").await;

    // Back a step, then a reload: every value is still there.
    click_button(driver, "Back").await;
    at_step(driver, 4, "Accept v2 tokens").await;
    driver.refresh().await.unwrap();
    at_step(driver, 4, "Accept v2 tokens").await;
    let ticked = driver.query(By::Id("tick-manifest-v2")).first().await.unwrap();
    assert!(ticked.is_selected().await.unwrap(), "the tick survived the reload");
    click_button(driver, "Next").await;
    at_step(driver, 5, "Enter the values").await;
    assert_eq!(value_of(driver, tenant_label).await, metadata);
    assert_eq!(value_of(driver, "Audience").await, format!("api://{CLIENT_ID}"));
    click_button(driver, "Next").await;

    // The test step: the command is filled in, and a v2 token shows what aud it carries.
    at_step(driver, 6, "Test a token").await;
    let command = text_of(driver, "token-command").await;
    assert!(command.contains(&format!("resource=api%3A%2F%2F{CLIENT_ID}")), "{command}");
    let claims = json!({"iss": issuer, "aud": CLIENT_ID, "ver": "2.0", "sub": "workload",
        "groups": [GROUP_ID], "iat": now() - 60, "exp": now() + 600});
    type_fast(driver, "trial-token", &token(claims.clone())).await;
    let result = text_of(driver, "trial-result").await;
    assert!(result.contains("would be refused"), "{result}");
    assert!(result.contains("Does not match"), "{result}");
    both_schemes(driver, "25-azure-6-test-mismatch").await;

    // The test is optional: the review can be reached, and warns about the audience again.
    click_button(driver, "Next").await;
    at_step(driver, 7, "Review and create").await;
    let warnings = text_of(driver, "review-warnings").await;
    assert!(warnings.contains("v2 tokens carry the bare client id"), "{warnings}");
    both_schemes(driver, "26-azure-7-review-warned").await;
    click_button(driver, "Back").await;
    at_step(driver, 6, "Test a token").await;

    // Taking the client id as the audience, as the values step offers, makes it fit.
    click_button(driver, "Back").await;
    at_step(driver, 5, "Enter the values").await;
    click_button(driver, "Use the client id").await;
    assert_eq!(value_of(driver, "Audience").await, CLIENT_ID);
    click_button(driver, "Next").await;
    at_step(driver, 6, "Test a token").await;
    assert_eq!(value_of(driver, "Token from the workload").await, "", "the token is not kept");
    type_fast(driver, "trial-token", &token(claims)).await;
    let result = text_of(driver, "trial-result").await;
    assert!(result.contains("This token fits"), "{result}");
    assert!(result.contains(GROUP_ID), "{result}");
    both_schemes(driver, "25-azure-6-test-fits").await;
    click_button(driver, "Next").await;

    // Review: each value beside where it came from, then create.
    at_step(driver, 7, "Review and create").await;
    let review = driver.query(By::Css(".review")).first().await.unwrap().text().await.unwrap();
    assert!(review.contains(&issuer) && review.contains("OpenID Connect metadata document"));
    assert!(review.contains("as v2 tokens carry it"), "{review}");
    assert!(review.contains("Group Membership"), "{review}");
    both_schemes(driver, "26-azure-7-review").await;
    at_phone_width(driver, "26-azure-7-review-phone").await;
    click_button(driver, "Create provider").await;

    heading(driver, "Azure Entra ID workloads").await;
    let next = text_of(driver, "next-steps-heading").await;
    assert_eq!(next, "Provider created. Next steps");
    let focused = focused_id(driver, "next-steps-heading").await;
    assert_eq!(focused, "next-steps-heading", "reading starts at the next steps");
    driver.query(By::LinkText("Connect organizations")).first().await.unwrap();
    driver.query(By::LinkText("Add a database user")).first().await.unwrap();
    both_schemes(driver, "27-azure-created").await;

    // The next steps lead on: connect the organization, then add the group as a database user.
    driver
        .query(By::LinkText("Connect organizations"))
        .first()
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    heading(driver, "Azure Entra ID workloads").await;
    click_button(driver, "Connect").await;
    driver.query(By::XPath("//span[text()='Connected']")).first().await.unwrap();
    driver.query(By::LinkText("Add a database user")).first().await.unwrap().click().await.unwrap();
    let identifier = driver.query(By::Id("dbuser-identifier")).first().await.unwrap();
    identifier.send_keys("Database readers").await.unwrap();
    field(driver, "Database").await.click().await.unwrap();
    let error = text_of(driver, "dbuser-identifier-error").await;
    assert!(error.contains("Object Id"), "a group name is refused: {error}");
    identifier.clear().await.unwrap();
    identifier.send_keys(GROUP_ID).await.unwrap();
    field(driver, "Database").await.send_keys("sales").await.unwrap();
    click_button(driver, "Add database user").await;
    let row = format!("//table[@aria-label='Database users']//th[contains(., '{GROUP_ID}')]");
    driver.query(By::XPath(row)).first().await.unwrap();
    let scroll = "document.getElementById('database-users').scrollIntoView();";
    driver.execute(scroll, Vec::new()).await.unwrap();
    both_schemes(driver, "28-azure-database-user").await;

    let created = providers(base).await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["issuerUri"], issuer);
    assert_eq!(created[0]["audience"], CLIENT_ID);
    assert_eq!(created[0]["authorizationType"], "GROUP");
    assert_eq!(created[0]["groupsClaim"], "groups");
    let id = created[0]["id"].as_str().unwrap();
    let admin = common::browser::AdminApi::sign_in(base).await;
    let users = admin.get(&format!("/api/v1/identity-providers/{id}/database-users")).await;
    assert_eq!(users[0]["user"]["username"], format!("{id}/{GROUP_ID}"));
    assert_eq!(users[0]["user"]["databaseName"], "admin");
    assert_eq!(users[0]["project"]["name"], "Payments");

    // The draft is gone: the wizard starts over, even when a later step is asked for.
    driver.goto(format!("{base}/identity-providers/new/azure?step=5")).await.unwrap();
    let first = "//h2[@id='step-heading' and normalize-space()='Register an application']";
    driver.query(By::XPath(first)).first().await.unwrap();
    let ticked = driver.query(By::Id("tick-register-new")).first().await.unwrap();
    assert!(!ticked.is_selected().await.unwrap());

    driver.clone().quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_google_wizard_creates_a_provider_and_recovers_from_a_taken_name() {
    let Console { base, driver, .. } = &Console::signed_in_at("/identity-providers").await;
    // Someone already took the name the wizard suggests.
    let admin = common::browser::AdminApi::sign_in(base).await;
    let taken = json!({"displayName": "Google Cloud workloads",
        "issuerUri": "https://accounts.google.com", "audience": "someone-else",
        "authorizationType": "USER"});
    assert_eq!(admin.send(reqwest::Method::POST, "/api/v1/identity-providers", taken).await, 201);
    driver.refresh().await.unwrap();

    open_add_menu(driver).await;
    choose(driver, "Google Cloud").await;
    heading(driver, "Add a Google Cloud provider").await;
    at_step(driver, 1, "Where tokens come from").await;
    driver.query(By::XPath("//li[strong='Cloud Run']")).first().await.unwrap();
    both_schemes(driver, "30-google-1-platforms").await;
    click_button(driver, "Next").await;

    // Step 2: the issuer is fixed; the audience is required.
    at_step(driver, 2, "Choose the audience").await;
    assert_eq!(text_of(driver, "google-issuer").await, "https://accounts.google.com");
    click_button(driver, "Next").await;
    let error = text_of(driver, "audience-error").await;
    assert!(!error.is_empty(), "an empty audience is refused");
    assert_eq!(focused_id(driver, "audience").await, "audience");
    both_schemes(driver, "31-google-2-audience-refused").await;
    field(driver, "Audience").await.send_keys("wif-e2e").await.unwrap();
    both_schemes(driver, "31-google-2-audience").await;
    at_phone_width(driver, "31-google-2-audience-phone").await;
    click_button(driver, "Next").await;

    // Step 3: an email address is not a Unique ID; 21 digits are.
    at_step(driver, 3, "The identifier to register").await;
    retype(driver, "Check a Unique ID", "app@project.iam.gserviceaccount.com").await;
    click_button(driver, "Next").await;
    let error = text_of(driver, "uniqueId-error").await;
    assert!(error.contains("21 digits") && error.contains("email"), "{error}");
    at_step(driver, 3, "The identifier to register").await;
    both_schemes(driver, "32-google-3-identifier-refused").await;
    retype(driver, "Check a Unique ID", UNIQUE_ID).await;
    assert!(text_of(driver, "unique-id-ok").await.contains(UNIQUE_ID));
    both_schemes(driver, "32-google-3-identifier").await;

    // Reload mid-way, then back a step: nothing is lost.
    driver.refresh().await.unwrap();
    at_step(driver, 3, "The identifier to register").await;
    assert_eq!(value_of(driver, "Check a Unique ID").await, UNIQUE_ID);
    click_button(driver, "Back").await;
    at_step(driver, 2, "Choose the audience").await;
    assert_eq!(value_of(driver, "Audience").await, "wif-e2e");
    click_button(driver, "Next").await;
    click_button(driver, "Next").await;

    // The test step's command asks the metadata server for this audience.
    at_step(driver, 4, "Test a token").await;
    let command = text_of(driver, "token-command").await;
    assert!(command.contains("service-accounts/default/identity?audience=wif-e2e"), "{command}");
    let claims = json!({"iss": "https://accounts.google.com", "aud": "wif-e2e",
        "sub": UNIQUE_ID, "azp": UNIQUE_ID, "iat": now() - 60, "exp": now() + 600});
    type_fast(driver, "trial-token", &token(claims)).await;
    let result = text_of(driver, "trial-result").await;
    assert!(result.contains("This token fits"), "{result}");
    both_schemes(driver, "33-google-4-test").await;
    click_button(driver, "Next").await;

    // The suggested name is taken: the refusal says so and leads back to the field.
    at_step(driver, 5, "Review and create").await;
    both_schemes(driver, "34-google-5-review").await;
    click_button(driver, "Create provider").await;
    let refusal = text_of(driver, "create-error").await;
    assert!(refusal.contains("Google Cloud workloads"), "{refusal}");
    both_schemes(driver, "34-google-5-refused").await;
    click_button(driver, "Change it").await;
    at_step(driver, 2, "Choose the audience").await;
    // The server's reason waits under the field, with the cursor in it, until the name changes.
    assert_eq!(focused_id(driver, "displayName").await, "displayName");
    let error = text_of(driver, "displayName-error").await;
    assert!(error.contains("already named"), "{error}");
    both_schemes(driver, "31-google-2-name-taken").await;
    retype(driver, "Configuration name", "Google Cloud production").await;
    assert_eq!(text_of(driver, "displayName-error").await, "");
    click_button(driver, "Next").await;
    click_button(driver, "Next").await;
    click_button(driver, "Next").await;
    at_step(driver, 5, "Review and create").await;
    click_button(driver, "Create provider").await;

    heading(driver, "Google Cloud production").await;
    let next = driver.query(By::Css(".next-steps")).first().await.unwrap().text().await.unwrap();
    assert!(next.contains("Unique ID (21 digits)"), "{next}");
    let created = providers(base).await;
    let mine = created.iter().find(|p| p["displayName"] == "Google Cloud production").unwrap();
    assert_eq!(mine["issuerUri"], "https://accounts.google.com");
    assert_eq!(mine["audience"], "wif-e2e");
    assert_eq!(mine["userClaim"], "sub");

    driver.clone().quit().await.unwrap();
}
