//! Component tests of the setup wizards in headless Chromium: each step's validation and what
//! it derives from the pasted values. `cargo test -p wif-console --target wasm32-unknown-unknown`.

#![cfg(target_arch = "wasm32")]

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use wif_console::components::token_trial::{TokenCommand, TokenTrial};
use wif_console::pages::azure_setup::{self, AzureDraft, AzureSetup};
use wif_console::pages::google_setup::{self, GoogleDraft, GoogleSetup};
use wif_console::storage;
use wif_core::AuthorizationType;
use wif_core::setup::EntraVersion;
use wif_core::token::CheckedAgainst;

wasm_bindgen_test_configure!(run_in_browser);

mod dom;
use dom::{click, container, document, text_of, type_into};

const TENANT: &str = "0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21";
const CLIENT_ID: &str = "4a5b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d";

/// Mounts a wizard on `start` (0-based) with the given draft saved; returns the step signal,
/// which Next and Back change as the URL would.
fn mount<V: IntoView + 'static>(
    start: usize,
    wizard: impl Fn(RwSignal<usize>) -> V + Send + 'static,
) -> RwSignal<usize> {
    let step = RwSignal::new(start);
    leptos::mount::mount_to(container(), move || view! { <Router>{wizard(step)}</Router> })
        .forget();
    step
}

fn mount_azure(start: usize, draft: Option<AzureDraft>) -> RwSignal<usize> {
    match draft {
        Some(draft) => storage::save(azure_setup::DRAFT_KEY, &draft),
        None => storage::clear(azure_setup::DRAFT_KEY),
    }
    mount(start, |step| {
        let go = Callback::new(move |to| step.set(to));
        view! { <AzureSetup requested=step go /> }
    })
}

fn mount_google(start: usize, draft: Option<GoogleDraft>) -> RwSignal<usize> {
    match draft {
        Some(draft) => storage::save(google_setup::DRAFT_KEY, &draft),
        None => storage::clear(google_setup::DRAFT_KEY),
    }
    mount(start, |step| {
        let go = Callback::new(move |to| step.set(to));
        view! { <GoogleSetup requested=step go /> }
    })
}

/// A draft with every checklist ticked, as after steps 1 to 4.
fn ticked_draft() -> AzureDraft {
    let ticks = ["register-new", "register-single-tenant", "register-separate", "expose-uri"];
    let mut ticked: BTreeSet<String> = ticks.into_iter().map(str::to_owned).collect();
    ticked.insert("manifest-v2".to_owned());
    AzureDraft { ticked, ..AzureDraft::default() }
}

fn step_title() -> String {
    text_of("step-heading")
}

fn is_checked(id: &str) -> bool {
    let input: web_sys::HtmlInputElement =
        document().get_element_by_id(id).unwrap().unchecked_into();
    input.checked()
}

fn value_of(id: &str) -> String {
    let input: web_sys::HtmlInputElement =
        document().get_element_by_id(id).unwrap().unchecked_into();
    input.value()
}

/// Lets the effects run and then the DOM catch up with what they set (two turns).
async fn settle() {
    leptos::task::tick().await;
    leptos::task::tick().await;
}

fn next() {
    click(".wizard-nav .button-primary");
}

fn focused() -> String {
    document().active_element().map(|e| e.id()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_checklist_holds_next_until_every_item_is_ticked() {
    let step = mount_azure(0, None);
    settle().await;
    assert_eq!(step_title(), "Register an application");

    next();
    settle().await;
    assert_eq!(step.get_untracked(), 0, "Next did not go on");
    let checklist = document().query_selector(".checklist + .field-error").unwrap().unwrap();
    assert!(checklist.text_content().unwrap().contains("Tick each item"));
    assert_eq!(focused(), "tick-register-new", "focus goes to the first item to tick");

    click("#tick-register-new");
    click("#tick-register-single-tenant");
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 0, "one item is still not ticked");
    assert_eq!(focused(), "tick-register-separate");

    click("#tick-register-separate");
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 1);
    assert_eq!(step_title(), "Choose the authorization type");
}

#[wasm_bindgen_test]
async fn group_membership_asks_for_the_groups_claim_and_warns_about_overage() {
    let step = mount_azure(1, Some(ticked_draft()));
    settle().await;
    assert!(document().get_element_by_id("groupsClaim").is_none(), "not for user ids");
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 2, "user ids need nothing more");

    step.set(1);
    settle().await;
    click("#authorizationType-GROUP");
    settle().await;
    let warning = document().query_selector(".notice-warning").unwrap().unwrap();
    assert!(warning.text_content().unwrap().contains("200 groups"));
    assert_eq!(value_of("groupsClaim"), "groups", "the default groups claim");

    click("#tick-groups-claim");
    click("#tick-groups-id");
    type_into("groupsClaim", "");
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 1);
    assert!(!text_of("groupsClaim-error").is_empty(), "the core's rule: a claim is required");
    type_into("groupsClaim", "groups");
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 2);
}

#[wasm_bindgen_test]
async fn the_issuer_is_derived_from_a_metadata_url_or_a_tenant_id() {
    mount_azure(4, Some(ticked_draft()));
    settle().await;
    assert_eq!(step_title(), "Enter the values");

    let metadata =
        format!("https://login.microsoftonline.com/{TENANT}/v2.0/.well-known/openid-configuration");
    type_into("tenant", &metadata);
    settle().await;
    let derived = text_of("derived-issuer");
    let v2_issuer = format!("https://login.microsoftonline.com/{TENANT}/v2.0");
    assert!(derived.contains(&v2_issuer) && derived.contains("v2 tokens"), "{derived}");
    assert!(!derived.contains("openid-configuration"), "{derived}");

    type_into("tenant", &TENANT.to_ascii_uppercase());
    settle().await;
    assert!(text_of("derived-issuer").contains(&v2_issuer), "a tenant id makes the v2 issuer");

    type_into("tenant", &format!("https://sts.windows.net/{TENANT}/"));
    settle().await;
    let derived = text_of("derived-issuer");
    assert!(derived.contains(&format!("https://sts.windows.net/{TENANT}/")), "{derived}");
    assert!(derived.contains("v1 tokens"), "{derived}");

    type_into("tenant", &format!("https://login.microsoftonline.com/{TENANT}"));
    settle().await;
    assert_eq!(text_of("derived-issuer"), "", "nothing derived from a v1 metadata address");
    assert!(text_of("tenant-error").contains("v2.0"), "{}", text_of("tenant-error"));
}

#[wasm_bindgen_test]
async fn the_client_id_must_be_a_guid_and_the_audience_follows_it() {
    let step = mount_azure(4, Some(ticked_draft()));
    settle().await;

    type_into("clientId", "4a5b3c2d-1e0f-4a5b-8c7d");
    settle().await;
    assert!(text_of("clientId-error").contains("is a GUID"), "{}", text_of("clientId-error"));

    type_into("clientId", CLIENT_ID);
    settle().await;
    assert_eq!(text_of("clientId-error"), "");
    assert_eq!(value_of("audience"), format!("api://{CLIENT_ID}"), "the default audience");
    let versions = document().query_selector(".audience-versions").unwrap().unwrap();
    let versions = versions.text_content().unwrap();
    assert!(versions.contains(&format!("api://{CLIENT_ID} (or the client id itself)")));
    assert!(versions.contains(&format!("v2 tokens{CLIENT_ID}")), "{versions}");

    // A typed audience is the admin's; changing the client id leaves it alone.
    type_into("audience", "api://database");
    type_into("clientId", TENANT);
    settle().await;
    assert_eq!(value_of("audience"), "api://database");

    let buttons = document().query_selector_all(".audience-versions button").unwrap();
    let use_client_id: web_sys::HtmlElement = buttons.get(1).unwrap().unchecked_into();
    use_client_id.click();
    settle().await;
    assert_eq!(value_of("audience"), TENANT);

    type_into("tenant", TENANT);
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 5, "valid values go on to the test step");
}

fn is_disabled(selector: &str) -> bool {
    let button: web_sys::HtmlButtonElement =
        document().query_selector(selector).unwrap().unwrap().unchecked_into();
    button.disabled()
}

#[wasm_bindgen_test]
async fn the_audience_keeps_following_the_client_id_in_either_form() {
    mount_azure(4, Some(ticked_draft()));
    settle().await;
    let use_api = ".audience-versions button:nth-of-type(1)";
    let use_bare = ".audience-versions button:nth-of-type(2)";
    assert!(is_disabled(use_api) && is_disabled(use_bare), "nothing to use without a client id");

    type_into("clientId", CLIENT_ID);
    settle().await;
    assert!(!is_disabled(use_bare));
    click(use_bare);
    settle().await;
    assert_eq!(value_of("audience"), CLIENT_ID);

    // Fixing a mistyped client id carries the bare form along, as it does the default.
    type_into("clientId", TENANT);
    settle().await;
    assert_eq!(value_of("audience"), TENANT);
    click(use_api);
    settle().await;
    type_into("clientId", CLIENT_ID);
    settle().await;
    assert_eq!(value_of("audience"), format!("api://{CLIENT_ID}"));

    // An audience of the admin's own stays put.
    type_into("audience", "custom-audience");
    type_into("clientId", TENANT);
    settle().await;
    assert_eq!(value_of("audience"), "custom-audience");
}

#[wasm_bindgen_test]
async fn an_api_audience_with_the_v2_issuer_is_warned_about() {
    let draft = AzureDraft {
        tenant: TENANT.into(),
        client_id: CLIENT_ID.into(),
        audience: format!("api://{CLIENT_ID}"),
        ..ticked_draft()
    };
    mount_azure(4, Some(draft));
    settle().await;
    let warning = text_of("audience-warning");
    assert!(warning.contains(&format!("bare client id in aud ({CLIENT_ID})")), "{warning}");

    click(".audience-versions button:nth-of-type(2)");
    settle().await;
    assert!(document().get_element_by_id("audience-warning").is_none(), "the client id fits");

    // v1 tokens may carry either form: no warning for the audience, but one in the review.
    type_into("tenant", &format!("https://sts.windows.net/{TENANT}/"));
    click(".audience-versions button:nth-of-type(1)");
    settle().await;
    assert!(document().get_element_by_id("audience-warning").is_none());
}

#[wasm_bindgen_test]
fn the_review_warns_about_values_that_would_refuse_tokens() {
    let v2 = AzureDraft {
        tenant: TENANT.into(),
        client_id: CLIENT_ID.into(),
        audience: format!("api://{CLIENT_ID}"),
        ..AzureDraft::default()
    };
    let warnings = v2.review_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("v2 tokens carry the bare client id"));

    let fitting = AzureDraft { audience: CLIENT_ID.into(), ..v2.clone() };
    assert!(fitting.review_warnings().is_empty());

    let v1 = AzureDraft { tenant: format!("https://sts.windows.net/{TENANT}/"), ..v2 };
    let warnings = v1.review_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("only v1 tokens carry"), "{warnings:?}");

    // Kept on v1 in step 4, the same issuer is what the tokens carry.
    let kept = AzureDraft { token_version: EntraVersion::V1, ..v1 };
    assert!(kept.review_warnings().is_empty(), "{:?}", kept.review_warnings());
    let v2_url = format!("https://login.microsoftonline.com/{TENANT}/v2.0");
    let mismatched = AzureDraft { tenant: v2_url, ..kept };
    assert!(mismatched.review_warnings()[0].contains("step 4 keeps v1 tokens"));
}

#[wasm_bindgen_test]
async fn keeping_v1_tokens_needs_no_manifest_change_and_gives_the_v1_issuer() {
    let draft = AzureDraft { ticked: ticked_draft().ticked, ..AzureDraft::default() };
    let mut ticked = draft.ticked.clone();
    ticked.remove("manifest-v2");
    let step = mount_azure(3, Some(AzureDraft { ticked, ..draft }));
    settle().await;
    assert_eq!(step_title(), "Accept v2 tokens");
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 3, "version 2 needs its checklist");

    click("#tokenVersion-1");
    settle().await;
    assert!(document().get_element_by_id("tick-manifest-v2").is_none());
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 4, "keeping v1 changes nothing in the manifest");

    type_into("tenant", TENANT);
    settle().await;
    let derived = text_of("derived-issuer");
    assert!(derived.contains(&format!("https://sts.windows.net/{TENANT}/")), "{derived}");
    assert!(derived.contains("as step 4 set up"), "{derived}");
}

#[wasm_bindgen_test]
async fn every_value_of_the_values_step_is_checked_before_next() {
    let step = mount_azure(4, Some(ticked_draft()));
    settle().await;
    type_into("displayName", "");
    next();
    settle().await;

    assert_eq!(step.get_untracked(), 4);
    assert!(text_of("tenant-error").contains("Enter the tenant id"));
    assert!(text_of("clientId-error").contains("is a GUID"));
    assert!(text_of("displayName-error").contains("Enter a configuration name"));
    assert_eq!(focused(), "tenant", "focus goes to the first value to fix");
}

#[wasm_bindgen_test]
async fn a_step_past_the_first_incomplete_one_shows_that_one_instead() {
    // Asked for the review with nothing ticked, as a stale bookmark would.
    mount_azure(6, None);
    settle().await;
    assert_eq!(step_title(), "Register an application");
    let current = document().query_selector("[aria-current=step]").unwrap().unwrap();
    assert!(current.text_content().unwrap().contains("Register an application"));
}

#[wasm_bindgen_test]
async fn the_draft_survives_a_remount_as_after_a_reload() {
    mount_azure(4, Some(ticked_draft()));
    settle().await;
    type_into("tenant", TENANT);
    type_into("clientId", CLIENT_ID);
    settle().await;

    let saved: AzureDraft = storage::load(azure_setup::DRAFT_KEY).unwrap();
    assert_eq!(saved.tenant, TENANT);
    assert_eq!(saved.audience, format!("api://{CLIENT_ID}"));

    // A new mount reads the draft back, as a reload does.
    let step = RwSignal::new(4);
    leptos::mount::mount_to(container(), move || {
        let go = Callback::new(move |to| step.set(to));
        view! { <Router><AzureSetup requested=step go /></Router> }
    })
    .forget();
    settle().await;
    assert_eq!(value_of("tenant"), TENANT);
    assert_eq!(value_of("clientId"), CLIENT_ID);
    step.set(3);
    settle().await;
    assert!(is_checked("tick-manifest-v2"), "the ticks come back too");
}

#[wasm_bindgen_test]
async fn a_draft_with_a_value_of_another_shape_keeps_the_others() {
    // As saved by another version of the console: ticked was a list of numbers.
    let saved = serde_json::json!({"tenant": TENANT, "clientId": CLIENT_ID, "ticked": [1, 2],
        "unknownField": true});
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    storage.set_item(azure_setup::DRAFT_KEY, &saved.to_string()).unwrap();
    mount(4, |step| {
        let go = Callback::new(move |to| step.set(to));
        view! { <AzureSetup requested=step go /> }
    });
    settle().await;

    // The checklists start over, so the first step is shown; the values are still there.
    assert_eq!(step_title(), "Register an application");
    let draft: AzureDraft = storage::load(azure_setup::DRAFT_KEY).unwrap();
    assert_eq!((draft.tenant.as_str(), draft.client_id.as_str()), (TENANT, CLIENT_ID));
    assert!(draft.ticked.is_empty());
}

#[wasm_bindgen_test]
async fn the_review_says_where_each_value_came_from() {
    let draft = AzureDraft {
        tenant: format!(
            "https://login.microsoftonline.com/{TENANT}/v2.0/.well-known/openid-configuration"
        ),
        client_id: CLIENT_ID.into(),
        audience: format!("api://{CLIENT_ID}"),
        ..ticked_draft()
    };
    mount_azure(6, Some(draft));
    settle().await;
    assert_eq!(step_title(), "Review and create");

    let rows = document().query_selector_all(".review tbody tr").unwrap();
    let rows: Vec<String> =
        (0..rows.length()).map(|i| rows.get(i).unwrap().text_content().unwrap()).collect();
    let row = |setting: &str| rows.iter().find(|r| r.starts_with(setting)).cloned().unwrap();
    assert!(row("Issuer URI").contains("Endpoints: OpenID Connect metadata document"));
    assert!(row("Client ID").contains("Overview: Application (client) ID"));
    assert!(row("Audience").contains("Expose an API: Application ID URI"));
    assert!(row("Token version").contains("v2"));
    assert!(rows.iter().all(|r| !r.starts_with("Groups claim")), "no groups claim for user ids");
    assert!(text_of("review-warnings").contains("bare client id"), "api:// with v2 tokens");
}

#[wasm_bindgen_test]
async fn a_v1_issuer_is_reviewed_as_typed_and_warned_about() {
    let draft = AzureDraft {
        tenant: format!("https://sts.windows.net/{TENANT}/"),
        client_id: CLIENT_ID.into(),
        audience: format!("api://{CLIENT_ID}"),
        ..ticked_draft()
    };
    mount_azure(6, Some(draft));
    settle().await;
    let issuer = document().query_selector(".review tbody tr:nth-child(2)").unwrap().unwrap();
    let issuer = issuer.text_content().unwrap();
    assert!(issuer.contains("the v1 issuer itself"), "{issuer}");
    let warnings = text_of("review-warnings");
    assert!(warnings.contains("v1 issuer") && !warnings.contains("bare client id"), "{warnings}");
}

#[wasm_bindgen_test]
async fn the_google_audience_is_required_and_the_issuer_fixed() {
    let step = mount_google(1, None);
    settle().await;
    assert_eq!(step_title(), "Choose the audience");
    assert_eq!(text_of("google-issuer"), "https://accounts.google.com");

    next();
    settle().await;
    assert_eq!(step.get_untracked(), 1);
    // The advice is Google's: any value, asked for by the workload; nothing of Entra's api://.
    let error = text_of("audience-error");
    assert!(error.contains("Enter the audience") && error.contains("any value"), "{error}");
    assert!(!error.contains("api://"), "{error}");
    type_into("audience", " padded ");
    settle().await;
    assert!(!text_of("audience-error").is_empty(), "the core's rule on white space");
    type_into("audience", "wif-prod");
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 2);
}

#[wasm_bindgen_test]
async fn a_google_unique_id_is_21_digits() {
    let draft = GoogleDraft { audience: "wif-prod".into(), ..GoogleDraft::default() };
    let step = mount_google(2, Some(draft));
    settle().await;
    assert_eq!(step_title(), "The identifier to register");

    type_into("uniqueId", "app@project.iam.gserviceaccount.com");
    settle().await;
    let error = text_of("uniqueId-error");
    assert!(error.contains("21 digits") && error.contains("email address"), "{error}");

    type_into("uniqueId", "10987654321098765432");
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 2, "20 digits are not a Unique ID");
    assert!(text_of("uniqueId-error").contains("this has 20 characters"));

    type_into("uniqueId", "109876543210987654321");
    settle().await;
    assert!(text_of("unique-id-ok").contains("<provider id>/109876543210987654321"));
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 3);

    // The check is optional: an empty field goes on too.
    step.set(2);
    settle().await;
    type_into("uniqueId", "");
    next();
    settle().await;
    assert_eq!(step.get_untracked(), 3);
}

fn against(audience: &str) -> CheckedAgainst {
    CheckedAgainst {
        provider_id: None,
        issuer_uri: "https://accounts.google.com".into(),
        audience: audience.into(),
        authorization_type: AuthorizationType::User,
        user_claim: "sub".into(),
        groups_claim: String::new(),
    }
}

fn set_token(value: &str) {
    let area: web_sys::HtmlTextAreaElement =
        document().get_element_by_id("trial-token").unwrap().unchecked_into();
    area.set_value(value);
    area.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn the_test_step_shows_which_value_a_token_does_not_match() {
    let audience = RwSignal::new("wif-prod".to_owned());
    leptos::mount::mount_to(container(), move || {
        let against = Signal::derive(move || against(&audience.get()));
        let command = Signal::derive(move || google_setup::google_command(&audience.get()));
        view! { <TokenTrial against command /> }
    })
    .forget();
    settle().await;
    assert!(text_of("token-command").ends_with("identity?audience=wif-prod\""));

    let now = (js_sys::Date::now() / 1000.0) as i64;
    let claims = serde_json::json!({"iss": "https://accounts.google.com", "aud": "other",
        "sub": "109876543210987654321", "iat": now, "exp": now + 300});
    let header = serde_json::json!({"alg": "RS256", "kid": wif_core::testing::RSA_KID});
    set_token(&wif_core::testing::rs256(header, claims));
    settle().await;
    let result = text_of("trial-result");
    assert!(result.contains("would be refused"), "{result}");
    let verdicts = document().query_selector_all("#trial-result tbody td:last-child").unwrap();
    let verdicts: Vec<String> =
        (0..verdicts.length()).map(|i| verdicts.get(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(verdicts, ["Matches", "Does not match", "Matches"]);
    let spoken = text_of("trial-spoken");
    assert_eq!(spoken, "This token would be refused, for one reason.");
    let expected = document().query_selector_all("#trial-result tbody td:nth-child(3)").unwrap();
    let identity = expected.get(2).unwrap().text_content().unwrap();
    assert_eq!(identity, "a value in the sub claim", "the user claim, named in words");

    // The configuration changes under the token: the verdict follows.
    audience.set("other".into());
    settle().await;
    assert!(text_of("trial-result").contains("This token fits"), "{}", text_of("trial-result"));
    assert!(text_of("token-command").ends_with("identity?audience=other\""));

    set_token("not a token");
    settle().await;
    assert!(!text_of("trial-result").is_empty(), "a malformed token is explained");
}

#[wasm_bindgen_test]
fn commands_encode_the_audience_as_a_query_value() {
    let command: TokenCommand = azure_setup::azure_command("api://a b&c");
    assert!(command.command.contains("resource=api%3A%2F%2Fa%20b%26c"), "{}", command.command);
    assert_eq!(wif_core::encode::component("wif-prod_1.~"), "wif-prod_1.~");
}
