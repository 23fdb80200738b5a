//! Component tests in headless Chromium:
//! `cargo test -p wif-console --target wasm32-unknown-unknown`.

#![cfg(target_arch = "wasm32")]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use wif_console::api::ApiError;
use wif_console::components::database_users::AddDatabaseUser;
use wif_console::components::password_form::PasswordForm;
use wif_console::components::provider_form::{ProviderFields, ProviderForm};
use wif_console::components::provider_table::ProviderTable;
use wif_console::components::token_inspector::TokenInspector;
use wif_core::{AuthorizationType, FieldError, IdentityProvider, Problem, ProblemType, Project};

wasm_bindgen_test_configure!(run_in_browser);

mod dom;
use dom::{click, container, document, text_of, type_into};

/// Mounts the form with no server error; returns how many times it was submitted.
fn mount_form(server_error: Option<ApiError>) -> Arc<AtomicU32> {
    let submissions = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&submissions);
    let handle = leptos::mount::mount_to(container(), move || {
        let counter = Arc::clone(&counter);
        let on_submit = Callback::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let server_error = Signal::derive(move || server_error.clone());
        view! {
            <Router>
                <ProviderForm
                    fields=ProviderFields::blank()
                    submit_label="Create provider"
                    cancel_href="/identity-providers"
                    on_submit
                    pending=Signal::derive(|| false)
                    server_error
                />
            </Router>
        }
    });
    handle.forget();
    submissions
}

#[wasm_bindgen_test]
async fn form_shows_the_core_message_when_leaving_an_invalid_field() {
    mount_form(None);
    assert_eq!(text_of("issuerUri-error"), "", "no message before the field is touched");

    type_into("issuerUri", "http://idp.example");
    leptos::task::tick().await;
    assert!(
        text_of("issuerUri-error").contains("must use https, not http"),
        "{}",
        text_of("issuerUri-error")
    );
    let input = document().get_element_by_id("issuerUri").unwrap();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));

    type_into("issuerUri", "https://idp.example");
    leptos::task::tick().await;
    assert_eq!(text_of("issuerUri-error"), "", "the message goes once the value is valid");
}

#[wasm_bindgen_test]
async fn submitting_an_empty_form_names_every_required_field_and_sends_nothing() {
    let submissions = mount_form(None);
    click("button[type=submit]");
    leptos::task::tick().await;

    assert!(text_of("displayName-error").contains("Enter a configuration name"));
    assert!(text_of("issuerUri-error").contains("Enter the issuer URI"));
    assert!(text_of("audience-error").contains("Enter the audience"));
    assert_eq!(submissions.load(Ordering::SeqCst), 0);
    let focused = document().active_element().map(|e| e.id());
    assert_eq!(focused.as_deref(), Some("displayName"), "focus goes to the first invalid field");
}

#[wasm_bindgen_test]
async fn a_valid_form_is_submitted_once() {
    let submissions = mount_form(None);
    type_into("displayName", "Google");
    type_into("issuerUri", "https://accounts.google.com");
    type_into("audience", "wif-prod");
    click("button[type=submit]");
    leptos::task::tick().await;
    assert_eq!(submissions.load(Ordering::SeqCst), 1);
}

#[wasm_bindgen_test]
async fn the_groups_claim_appears_only_for_group_membership() {
    mount_form(None);
    assert!(document().get_element_by_id("groupsClaim").is_none());

    click("#authorizationType-GROUP");
    leptos::task::tick().await;
    assert!(document().get_element_by_id("groupsClaim").is_some());
}

#[wasm_bindgen_test]
async fn server_field_errors_are_shown_under_their_fields() {
    let message = "Another identity provider is already named \"Google\".";
    let problem = Problem::new(ProblemType::Conflict, "The name is taken.")
        .with_errors(vec![FieldError::new("displayName", message)]);
    mount_form(Some(ApiError::Problem(problem)));
    leptos::task::tick().await;

    assert_eq!(text_of("displayName-error"), message);
    let alert = document().query_selector("[role=alert]").unwrap().unwrap();
    assert_eq!(alert.text_content().as_deref(), Some("The name is taken."));
}

fn provider(id: &str, name: &str) -> IdentityProvider {
    IdentityProvider {
        id: id.to_owned(),
        display_name: name.to_owned(),
        description: None,
        issuer_uri: "https://accounts.google.com".to_owned(),
        audience: format!("aud-{id}"),
        authorization_type: AuthorizationType::Group,
        groups_claim: "groups".to_owned(),
        user_claim: "sub".to_owned(),
        idp_type: "WORKLOAD".to_owned(),
        protocol: "OIDC".to_owned(),
        created_at: "2026-12-03T17:40:00Z".to_owned(),
        updated_at: "2026-12-03T17:41:00Z".to_owned(),
        associated_orgs: Vec::new(),
    }
}

#[wasm_bindgen_test]
async fn the_table_renders_one_row_per_provider_with_a_link() {
    let providers = vec![
        provider("0123456789abcdef01234567", "Google <b>prod</b>"),
        provider("76543210fedcba9876543210", "Azure"),
    ];
    leptos::mount::mount_to(container(), move || {
        view! { <Router><ProviderTable providers=providers.clone() /></Router> }
    })
    .forget();
    leptos::task::tick().await;

    let rows = document().query_selector_all("tbody tr").unwrap();
    assert_eq!(rows.length(), 2);
    let link = document().query_selector("tbody tr a").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/identity-providers/0123456789abcdef01234567")
    );
    assert_eq!(
        link.text_content().as_deref(),
        Some("Google <b>prod</b>"),
        "names are text, not HTML"
    );
    let first_row = rows.get(0).unwrap().text_content().unwrap();
    assert!(first_row.contains("Group Membership") && first_row.contains("2026-12-03 17:41 UTC"));
}

fn inspector_provider() -> IdentityProvider {
    let mut provider = provider("0123456789abcdef01234567", "Google");
    provider.authorization_type = AuthorizationType::User;
    provider.audience = "wif-prod".into();
    provider
}

fn signed_token(claims: serde_json::Value) -> String {
    let header = serde_json::json!({"alg": "RS256", "kid": wif_core::testing::RSA_KID});
    wif_core::testing::rs256(header, claims)
}

fn set_text(id: &str, value: &str) {
    let area: web_sys::HtmlTextAreaElement =
        document().get_element_by_id(id).unwrap().unchecked_into();
    area.set_value(value);
    area.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

fn mount_inspector() {
    leptos::mount::mount_to(container(), || {
        view! { <TokenInspector providers=vec![inspector_provider()] /> }
    })
    .forget();
}

#[wasm_bindgen_test]
async fn the_inspector_decodes_and_never_calls_an_unchecked_token_valid() {
    mount_inspector();
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let claims = serde_json::json!({"iss": "https://accounts.google.com", "aud": "wif-prod",
        "sub": "<img src=x onerror=alert(1)>", "iat": now, "exp": now + 300});
    set_text("token", &signed_token(claims));
    leptos::task::tick().await;

    assert_eq!(text_of("verdict-heading"), "Rejected: the signature was not verified");
    let cells = document().query_selector_all(".claims td").unwrap();
    let texts: Vec<String> =
        (0..cells.length()).map(|i| cells.get(i).unwrap().text_content().unwrap()).collect();
    assert!(texts.iter().any(|t| t == "<img src=x onerror=alert(1)>"), "{texts:?}");
    assert!(
        document().query_selector(".claims img").unwrap().is_none(),
        "claims are text, not HTML"
    );
    assert!(texts.iter().any(|t| t.contains("in 5 minutes")), "{texts:?}");
}

#[wasm_bindgen_test]
async fn the_inspector_accepts_a_good_token_with_the_keys_and_explains_a_bad_one() {
    mount_inspector();
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let jwks = serde_json::json!({ "keys": wif_core::testing::public_keys() }).to_string();
    set_text("jwks", &jwks);
    let good = serde_json::json!({"iss": "https://accounts.google.com", "aud": "wif-prod",
        "sub": "109876543210987654321", "exp": now + 300});
    set_text("token", &signed_token(good));
    leptos::task::tick().await;
    assert_eq!(text_of("verdict-heading"), "Accepted");
    let principal =
        document().query_selector(".principal").unwrap().unwrap().text_content().unwrap();
    assert_eq!(principal, "Database user: 0123456789abcdef01234567/109876543210987654321");

    let bare = serde_json::json!({"iss": "accounts.google.com", "aud": "wif-prod",
        "sub": "109876543210987654321", "exp": now + 300});
    set_text("token", &signed_token(bare));
    leptos::task::tick().await;
    assert_eq!(text_of("verdict-heading"), "Rejected");
    let reasons =
        document().query_selector("[aria-label=Reasons]").unwrap().unwrap().text_content().unwrap();
    assert!(
        reasons.contains("issuer_mismatch") && reasons.contains("without https://"),
        "{reasons}"
    );

    set_text("jwks", "{not json");
    leptos::task::tick().await;
    let errors = document().query_selector_all(".inspector .field-error").unwrap();
    let shown: Vec<String> =
        (0..errors.length()).map(|i| errors.get(i).unwrap().text_content().unwrap()).collect();
    assert!(shown.iter().any(|e| e.contains("not valid JSON")), "{shown:?}");
}

#[wasm_bindgen_test]
async fn the_inspector_shows_a_malformed_token_plainly() {
    mount_inspector();
    set_text("token", "not-a-token");
    leptos::task::tick().await;
    assert_eq!(text_of("verdict-heading"), "Rejected: the signature was not verified");
    let reasons =
        document().query_selector("[aria-label=Reasons]").unwrap().unwrap().text_content().unwrap();
    assert!(reasons.contains("malformed") && reasons.contains("three parts"), "{reasons}");
}

#[wasm_bindgen_test]
async fn a_dropped_file_becomes_the_token() {
    mount_inspector();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str("a.b"));
    let file = web_sys::File::new_with_str_sequence(&parts, "token.txt").unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_data_transfer(Some(&transfer));
    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    document().get_element_by_id("token").unwrap().dispatch_event(&drop).unwrap();

    // Reading the file is asynchronous: wait for it, a frame at a time.
    for _ in 0..50 {
        leptos::task::tick().await;
        if !text_of("verdict-heading").is_empty() {
            break;
        }
        sleep_ms(10).await;
    }
    let area: web_sys::HtmlTextAreaElement =
        document().get_element_by_id("token").unwrap().unchecked_into();
    assert_eq!(area.value(), "a.b");
    let reasons =
        document().query_selector("[aria-label=Reasons]").unwrap().unwrap().text_content().unwrap();
    assert!(reasons.contains("three parts"), "{reasons}");
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Not a timed test: it checks the verdict, and prints the time from paste to verdict for a
/// 4 KiB token (`make bench` shows it).
#[wasm_bindgen_test]
async fn paste_to_verdict_for_a_4_kib_token() {
    mount_inspector();
    let jwks = serde_json::json!({ "keys": wif_core::testing::public_keys() }).to_string();
    set_text("jwks", &jwks);
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let performance = web_sys::window().unwrap().performance().unwrap();

    let mut times = Vec::new();
    for round in 0..21 {
        let claims = serde_json::json!({"iss": "https://accounts.google.com", "aud": "wif-prod",
            "sub": format!("1098765432109876543{round:02}"), "exp": now + 300,
            "padding": "x".repeat(2640)});
        let token = signed_token(claims);
        assert!((4000..=4200).contains(&token.len()), "{}", token.len());
        set_text("token", "");
        leptos::task::tick().await;

        let start = performance.now();
        set_text("token", &token);
        leptos::task::tick().await;
        times.push(performance.now() - start);
        assert_eq!(text_of("verdict-heading"), "Accepted");
    }
    times.sort_by(f64::total_cmp);
    wasm_bindgen_test::console_log!(
        "inspector, paste to verdict, 4 KiB RS256 token: \
         median {:.1} ms, worst {:.1} ms (21 pastes)",
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

fn connected(issuer: &str, authorization_type: AuthorizationType) -> IdentityProvider {
    let mut provider = provider("65a1b2c3d4e5f60718293a4b", "Workloads");
    provider.issuer_uri = issuer.into();
    provider.authorization_type = authorization_type;
    provider.associated_orgs = vec!["0000000000000000000000aa".into()];
    provider
}

fn project() -> Project {
    Project {
        id: "0000000000000000000000bb".into(),
        org_id: "0000000000000000000000aa".into(),
        name: "payments".into(),
        created_at: "2026-12-03T17:40:00Z".into(),
    }
}

/// Mounts the add form, with no server behind it: only its checks are exercised.
fn mount_add_user(provider: IdentityProvider, projects: Vec<Project>) {
    leptos::mount::mount_to(container(), move || {
        view! { <AddDatabaseUser provider projects added=Callback::new(|()| {}) /> }
    })
    .forget();
}

fn select(id: &str, value: &str) {
    let element: web_sys::HtmlSelectElement =
        document().get_element_by_id(id).unwrap().unchecked_into();
    element.set_value(value);
    element.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

const ENTRA: &str = "https://login.microsoftonline.com/0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21/v2.0";

#[wasm_bindgen_test]
async fn an_entra_database_user_is_named_by_an_object_id() {
    mount_add_user(connected(ENTRA, AuthorizationType::User), vec![project()]);
    leptos::task::tick().await;

    type_into("dbuser-identifier", "billing-api");
    leptos::task::tick().await;
    assert!(
        text_of("dbuser-identifier-error").contains("object id"),
        "{}",
        text_of("dbuser-identifier-error")
    );
    type_into("dbuser-identifier", "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b");
    leptos::task::tick().await;
    assert_eq!(text_of("dbuser-identifier-error"), "");
    assert_eq!(
        text_of("dbuser-username"),
        "Username: 65a1b2c3d4e5f60718293a4b/6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b on $external"
    );

    // A role on one database needs the database; a role on every database does not ask.
    click("button[type=submit]");
    leptos::task::tick().await;
    assert!(text_of("dbuser-database-error").contains("Enter the database"));
    assert_eq!(document().active_element().map(|e| e.id()).as_deref(), Some("dbuser-database"));
    select("dbuser-role", "readAnyDatabase");
    leptos::task::tick().await;
    assert!(document().get_element_by_id("dbuser-database").is_none());
}

#[wasm_bindgen_test]
async fn a_google_database_user_is_named_by_a_unique_id_and_groups_by_object_ids() {
    mount_add_user(
        connected("https://accounts.google.com", AuthorizationType::User),
        vec![project()],
    );
    leptos::task::tick().await;
    type_into("dbuser-identifier", "app@project.iam.gserviceaccount.com");
    leptos::task::tick().await;
    assert!(text_of("dbuser-identifier-error").contains("21 digits"));
    type_into("dbuser-identifier", "109876543210987654321");
    leptos::task::tick().await;
    assert_eq!(text_of("dbuser-identifier-error"), "");

    mount_add_user(connected(ENTRA, AuthorizationType::Group), vec![project()]);
    leptos::task::tick().await;
    type_into("dbuser-identifier", "Database readers");
    leptos::task::tick().await;
    assert!(!text_of("dbuser-identifier-error").is_empty());
    assert!(text_of("dbuser-username").ends_with(" on admin"), "groups authenticate on admin");
}

#[wasm_bindgen_test]
async fn adding_a_database_user_waits_for_a_connected_organization_and_a_project() {
    let mut alone = connected(ENTRA, AuthorizationType::User);
    alone.associated_orgs.clear();
    mount_add_user(alone, vec![]);
    leptos::task::tick().await;
    assert!(text_of("add-database-user-blocked").contains("Connect an organization first"));
    assert!(document().get_element_by_id("dbuser-identifier").is_none());

    mount_add_user(connected(ENTRA, AuthorizationType::User), vec![]);
    leptos::task::tick().await;
    assert!(text_of("add-database-user-blocked").contains("No project"));
}

#[wasm_bindgen_test]
async fn the_password_form_checks_its_fields_before_sending() {
    leptos::mount::mount_to(container(), || view! { <PasswordForm /> }).forget();
    assert_eq!(text_of("newPassword-error"), "", "no message before the first try");

    click("button[type=submit]");
    leptos::task::tick().await;
    assert_eq!(text_of("currentPassword-error"), "Enter your current password.");
    assert!(
        text_of("newPassword-error").contains("at least 12"),
        "{}",
        text_of("newPassword-error")
    );
    let focused = document().active_element().map(|e| e.id()).unwrap_or_default();
    assert_eq!(focused, "currentPassword", "focus goes to the first field to fix");

    // Messages follow the typing once shown: a mistyped repeat is caught, then cleared.
    type_into("currentPassword", "the old password");
    type_into("newPassword", "a brand new passphrase");
    type_into("repeatPassword", "a brand new passphrasE");
    leptos::task::tick().await;
    assert_eq!(text_of("currentPassword-error"), "");
    assert_eq!(text_of("newPassword-error"), "");
    assert_eq!(text_of("repeatPassword-error"), "This is not the same as the new password.");

    type_into("repeatPassword", "a brand new passphrase");
    leptos::task::tick().await;
    assert_eq!(text_of("repeatPassword-error"), "");

    type_into("newPassword", "the old password");
    leptos::task::tick().await;
    assert!(text_of("newPassword-error").contains("is the current one"));
    let input = document().get_element_by_id("newPassword").unwrap();
    assert_eq!(input.get_attribute("type").as_deref(), Some("password"));
    assert_eq!(input.get_attribute("autocomplete").as_deref(), Some("new-password"));
}
