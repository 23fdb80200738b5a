//! The Google Cloud setup wizard. Google needs nothing set up: the wizard explains where
//! tokens come from, has the admin choose an audience, and says which identifier to register.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wif_core::idp::{DEFAULT_USER_CLAIM, field};
use wif_core::setup::{self, GOOGLE_ISSUER};
use wif_core::token::CheckedAgainst;
use wif_core::{AuthorizationType, FieldError, NewIdentityProvider};

use crate::components::field::TextField;
use crate::components::setup::{CreateStep, ReviewRow, ReviewTable, SetupPage};
use crate::components::token_trial::{TokenCommand, TokenTrial};
use crate::components::wizard::{Progress, Step, StepIndicator, StepInfo, WizardNav};
use crate::storage;

/// The session storage key of the draft.
pub const DRAFT_KEY: &str = "wif-console.setup.google";

pub const STEPS: &[StepInfo] = &[
    StepInfo { title: "Where tokens come from", optional: false },
    StepInfo { title: "Choose the audience", optional: false },
    StepInfo { title: "The identifier to register", optional: false },
    StepInfo { title: "Test a token", optional: true },
    StepInfo { title: "Review and create", optional: false },
];
const PLATFORMS: usize = 0;
const AUDIENCE: usize = 1;
const IDENTIFIER: usize = 2;
const TEST: usize = 3;
const REVIEW: usize = 4;

/// The field of the optional Unique ID check.
const UNIQUE_ID: &str = "uniqueId";

/// Where a workload gets a Google-signed token without code of its own.
const INFRASTRUCTURES: &[(&str, &str)] = &[
    ("Compute Engine", "virtual machines, as their attached service account"),
    ("App Engine standard environment", "as the app's service account"),
    ("App Engine flexible environment", "as the app's service account"),
    ("Cloud Functions", "as the function's runtime service account"),
    ("Cloud Run", "as the service's or job's service account"),
    ("Google Kubernetes Engine", "pods, through Workload Identity for GKE"),
    ("Cloud Build", "builds, as the build's service account"),
];

/// Everything entered so far, as saved in session storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GoogleDraft {
    pub audience: String,
    pub display_name: String,
    pub description: String,
    /// A Unique ID the admin checked in step 3; only checked, never stored with the provider.
    pub unique_id: String,
}

impl Default for GoogleDraft {
    fn default() -> Self {
        GoogleDraft {
            audience: String::new(),
            display_name: "Google Cloud workloads".to_owned(),
            description: String::new(),
            unique_id: String::new(),
        }
    }
}

impl GoogleDraft {
    pub fn provider(&self) -> NewIdentityProvider {
        NewIdentityProvider {
            display_name: Some(self.display_name.clone()),
            description: Some(self.description.clone()),
            issuer_uri: Some(GOOGLE_ISSUER.to_owned()),
            audience: Some(self.audience.clone()),
            authorization_type: Some(AuthorizationType::User.as_str().to_owned()),
            groups_claim: None,
            user_claim: Some(DEFAULT_USER_CLAIM.to_owned()),
            idp_type: None,
            protocol: None,
        }
    }

    fn against(&self) -> CheckedAgainst {
        CheckedAgainst {
            provider_id: None,
            issuer_uri: GOOGLE_ISSUER.to_owned(),
            audience: self.audience.clone(),
            authorization_type: AuthorizationType::User,
            user_claim: DEFAULT_USER_CLAIM.to_owned(),
            groups_claim: String::new(),
        }
    }

    /// What keeps a step from being complete; empty when it is.
    pub fn step_errors(&self, step: usize) -> Vec<FieldError> {
        match step {
            AUDIENCE => {
                let fields = [field::AUDIENCE, field::DISPLAY_NAME, field::DESCRIPTION];
                let errors = self.provider().validate().err().unwrap_or_default();
                errors.into_iter().filter(|e| fields.contains(&e.field.as_str())).collect()
            }
            // The check is optional, but a value that is not a Unique ID is not let through.
            IDENTIFIER if !self.unique_id.trim().is_empty() => {
                setup::google_unique_id(&self.unique_id)
                    .err()
                    .map(|message| FieldError::new(UNIQUE_ID, message))
                    .into_iter()
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    audience: RwSignal<String>,
    display_name: RwSignal<String>,
    description: RwSignal<String>,
    unique_id: RwSignal<String>,
}

impl Fields {
    fn new(draft: GoogleDraft) -> Self {
        Fields {
            audience: RwSignal::new(draft.audience),
            display_name: RwSignal::new(draft.display_name),
            description: RwSignal::new(draft.description),
            unique_id: RwSignal::new(draft.unique_id),
        }
    }

    fn draft(&self) -> GoogleDraft {
        GoogleDraft {
            audience: self.audience.get(),
            display_name: self.display_name.get(),
            description: self.description.get(),
            unique_id: self.unique_id.get(),
        }
    }
}

#[component]
pub fn GoogleSetupPage() -> impl IntoView {
    view! {
        <SetupPage
            title="Add a Google Cloud provider"
            lead="For service accounts on Google Cloud: Google signs an identity token for the \
                  audience the workload asks for, and the database checks it."
            render=|requested, go| view! { <GoogleSetup requested go /> }.into_any()
        />
    }
}

/// The wizard itself; `requested` is the step asked for (0-based), `go` asks for another.
#[component]
pub fn GoogleSetup(#[prop(into)] requested: Signal<usize>, go: Callback<usize>) -> impl IntoView {
    let fields = Fields::new(storage::load_or_default(DRAFT_KEY));
    let draft = Memo::new(move |_| fields.draft());

    let progress =
        Progress::of_draft(DRAFT_KEY, draft, STEPS.len(), GoogleDraft::step_errors, requested, go);

    let body = move || match progress.shown.get() {
        PLATFORMS => platforms_step().into_any(),
        AUDIENCE => audience_step(fields, progress).into_any(),
        IDENTIFIER => identifier_step(fields, progress).into_any(),
        TEST => test_step(draft).into_any(),
        _ => review_step(draft, progress).into_any(),
    };
    view! {
        <StepIndicator steps=STEPS progress />
        {body}
        <WizardNav progress last=REVIEW />
    }
}

fn platforms_step() -> impl IntoView {
    let items = INFRASTRUCTURES
        .iter()
        .map(|(name, how)| view! { <li><strong>{*name}</strong>": "{*how}</li> })
        .collect_view();
    view! {
        <Step steps=STEPS index=PLATFORMS lead="There is nothing to set up at Google: no app \
            registration, no key, no change in the Cloud console. Workloads on these platforms \
            ask the metadata server for a token, and the database drivers can do it for them \
            without code:">
            <ul class="platforms">{items}</ul>
            <p class="hint">
                "Each token is signed by Google, names the service account, and is addressed to \
                 the audience the workload asked for. Elsewhere, a workload needs a service \
                 account key or workload identity federation to get one: use the Other OIDC \
                 issuer form for other issuers."
            </p>
        </Step>
    }
}

fn audience_step(fields: Fields, progress: Progress) -> impl IntoView {
    view! {
        <Step steps=STEPS index=AUDIENCE lead="Every Google token has the same issuer, so the \
            audience is what tells this provider's tokens apart. Choose any value; each \
            workload must ask for exactly this one.">
            <div class="field">
                <p class="field-label">"Issuer URI"</p>
                <p><code id="google-issuer">{GOOGLE_ISSUER}</code>" (fixed: Google's issuer)"</p>
            </div>
            <TextField
                name=field::AUDIENCE
                label="Audience"
                hint="For example, the database's name or URL. The drivers' TOKEN_RESOURCE and \
                      every token request must use exactly this value."
                value=fields.audience
                error=progress.message(AUDIENCE, field::AUDIENCE)
                on_leave=progress.touch(field::AUDIENCE)
                required=true
                monospace=true
            />
            <TextField
                name=field::DISPLAY_NAME
                label="Configuration name"
                hint="Shown to every admin; unique."
                value=fields.display_name
                error=progress.message(AUDIENCE, field::DISPLAY_NAME)
                on_leave=progress.touch(field::DISPLAY_NAME)
                required=true
            />
            <TextField
                name=field::DESCRIPTION
                label="Description"
                hint="Optional: which projects and workloads this is for, and who owns it."
                value=fields.description
                error=progress.message(AUDIENCE, field::DESCRIPTION)
                on_leave=progress.touch(field::DESCRIPTION)
                multiline=true
            />
            <p class="hint">
                "Authorization is by user ID: Google's tokens carry no groups, so each database \
                 user is one service account."
            </p>
        </Step>
    }
}

fn identifier_step(fields: Fields, progress: Progress) -> impl IntoView {
    let checked = move || {
        let id = setup::google_unique_id(&fields.unique_id.get()).ok()?;
        Some(view! {
            <p class="notice derived" id="unique-id-ok">
                "A Unique ID. Its database user will be "
                <code>{format!("<provider id>/{id}")}</code>"."
            </p>
        })
    };
    view! {
        <Step steps=STEPS index=IDENTIFIER lead="Database users name a service account by its \
            Unique ID: 21 digits, in the sub claim of its tokens. IAM, Service accounts, the \
            account's details show it. The email address is not used: it can be reused after \
            the account is deleted, while the Unique ID cannot.">
            <TextField
                name=UNIQUE_ID
                label="Check a Unique ID"
                hint="Optional: paste one to check its shape before you add database users."
                value=fields.unique_id
                error=progress.message(IDENTIFIER, UNIQUE_ID)
                on_leave=progress.touch(UNIQUE_ID)
                monospace=true
            />
            <div aria-live="polite">{checked}</div>
        </Step>
    }
}

fn test_step(draft: Memo<GoogleDraft>) -> impl IntoView {
    let against = Signal::derive(move || draft.with(GoogleDraft::against));
    let command = Signal::derive(move || draft.with(|d| google_command(&d.audience)));
    view! {
        <Step steps=STEPS index=TEST lead="Optional, and worth it: get a token on the workload \
            and paste it here to see whether it fits, before anything is created.">
            <TokenTrial against command />
        </Step>
    }
}

/// The metadata server call that gets the service account's identity token for `audience`.
pub fn google_command(audience: &str) -> TokenCommand {
    TokenCommand {
        place: "on the workload (Compute Engine, Cloud Run, GKE and the others)",
        command: format!(
            "curl -s -H \"Metadata-Flavor: Google\" \"http://metadata.google.internal/\
             computeMetadata/v1/instance/service-accounts/default/identity?audience={}\"",
            wif_core::encode::component(audience)
        ),
        note: "It prints the token itself. Add &format=full to see the service account's email \
               in it as well."
            .to_owned(),
    }
}

fn review_step(draft: Memo<GoogleDraft>, progress: Progress) -> impl IntoView {
    let rows = move || draft.with(review_rows);
    let provider = Signal::derive(move || draft.with(GoogleDraft::provider));
    view! {
        <Step steps=STEPS index=REVIEW lead="Each setting and where it came from. Nothing \
            changes at Google.">
            {move || view! { <ReviewTable rows=rows() /> }}
            <CreateStep
                provider
                draft_key=DRAFT_KEY
                kind="google"
                progress
                place_of
            />
        </Step>
    }
}

/// Where a field the server refused is entered: every provider field is on the audience step.
fn place_of(field_name: &str) -> (usize, &'static str) {
    match field_name {
        field::DESCRIPTION => (AUDIENCE, field::DESCRIPTION),
        field::DISPLAY_NAME => (AUDIENCE, field::DISPLAY_NAME),
        // The issuer is fixed: a taken issuer and audience pair is fixed by the audience.
        _ => (AUDIENCE, field::AUDIENCE),
    }
}

fn review_rows(draft: &GoogleDraft) -> Vec<ReviewRow> {
    vec![
        ReviewRow::new("Configuration name", draft.display_name.trim(), "Typed in step 2"),
        ReviewRow::new("Issuer URI", GOOGLE_ISSUER, "Google's issuer, the same for every token"),
        ReviewRow::new("Audience", &draft.audience, "Chosen in step 2"),
        ReviewRow::new(
            "Authorization type",
            AuthorizationType::User.label(),
            "Google's tokens carry no groups",
        ),
        ReviewRow::new(
            "User claim",
            DEFAULT_USER_CLAIM,
            "sub: the service account's Unique ID, 21 digits",
        ),
    ]
}
