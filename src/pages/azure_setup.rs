//! The Azure Entra ID setup wizard: from a new app registration to a provider.
//!
//! The steps follow the Entra admin center in order. Each value the admin pastes is checked
//! with the core's rules as it is typed, and the draft is kept in session storage, so that a
//! step back or a reload loses nothing.

use std::collections::BTreeSet;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wif_core::idp::{DEFAULT_GROUPS_CLAIM, DEFAULT_USER_CLAIM, field};
use wif_core::setup::{self, EntraIssuer, EntraVersion};
use wif_core::token::CheckedAgainst;
use wif_core::{AuthorizationType, FieldError, NewIdentityProvider};

use crate::components::field::TextField;
use crate::components::provider_form::AuthorizationChoice;
use crate::components::setup::{CreateStep, ReviewRow, ReviewTable, SetupPage};
use crate::components::token_trial::{TokenCommand, TokenTrial};
use crate::components::wizard::{
    Checklist, ChecklistItem, Progress, Step, StepIndicator, StepInfo, WizardNav, checklist_errors,
};
use crate::storage;

/// The session storage key of the draft.
pub const DRAFT_KEY: &str = "wif-console.setup.azure";
const CONSOLE: &str = "Entra admin center";

pub const STEPS: &[StepInfo] = &[
    StepInfo { title: "Register an application", optional: false },
    StepInfo { title: "Choose the authorization type", optional: false },
    StepInfo { title: "Expose an API", optional: false },
    StepInfo { title: "Accept v2 tokens", optional: false },
    StepInfo { title: "Enter the values", optional: false },
    StepInfo { title: "Test a token", optional: true },
    StepInfo { title: "Review and create", optional: false },
];
const REGISTER: usize = 0;
const AUTHORIZATION: usize = 1;
const EXPOSE: usize = 2;
const MANIFEST: usize = 3;
const VALUES: usize = 4;
const TEST: usize = 5;
const REVIEW: usize = 6;

/// Field names of the values that are not provider fields.
const TENANT: &str = "tenant";
const CLIENT_ID: &str = "clientId";

const REGISTER_ITEMS: &[ChecklistItem] = &[
    ChecklistItem {
        id: "register-new",
        text: "In the Entra admin center, App registrations, New registration, with a name such \
               as Database - workloads.",
    },
    ChecklistItem {
        id: "register-single-tenant",
        text: "Supported account types: accounts in this organizational directory only (single \
               tenant).",
    },
    ChecklistItem {
        id: "register-separate",
        text: "It is a registration of its own, not the one people use to sign in.",
    },
];
const GROUP_ITEMS: &[ChecklistItem] = &[
    ChecklistItem {
        id: "groups-claim",
        text: "Token configuration, Add groups claim, with Security groups selected.",
    },
    ChecklistItem {
        id: "groups-id",
        text: "Under Customize token properties by type, Access: Group ID, so that tokens carry \
               each group's Object Id rather than its name.",
    },
];
const EXPOSE_ITEMS: &[ChecklistItem] = &[ChecklistItem {
    id: "expose-uri",
    text: "Expose an API, Application ID URI, Add: keep the value it offers, api://<client id>, \
           and Save.",
}];
const MANIFEST_ITEMS: &[ChecklistItem] = &[ChecklistItem {
    id: "manifest-v2",
    text: "Manifest: set requestedAccessTokenVersion (accessTokenAcceptedVersion in the older \
           AAD Graph manifest) from null to 2, and Save.",
}];

/// Everything entered so far, as saved in session storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AzureDraft {
    pub ticked: BTreeSet<String>,
    pub authorization_type: AuthorizationType,
    /// The token version the registration's manifest is set to (step 4).
    pub token_version: EntraVersion,
    pub groups_claim: String,
    /// The tenant id or the metadata document URL, as pasted.
    pub tenant: String,
    pub client_id: String,
    pub audience: String,
    pub display_name: String,
    pub description: String,
}

impl Default for AzureDraft {
    fn default() -> Self {
        AzureDraft {
            ticked: BTreeSet::new(),
            authorization_type: AuthorizationType::User,
            token_version: EntraVersion::V2,
            groups_claim: DEFAULT_GROUPS_CLAIM.to_owned(),
            tenant: String::new(),
            client_id: String::new(),
            audience: String::new(),
            display_name: "Azure Entra ID workloads".to_owned(),
            description: String::new(),
        }
    }
}

impl AzureDraft {
    pub fn issuer(&self) -> Result<EntraIssuer, String> {
        setup::entra_issuer_for(&self.tenant, self.token_version)
    }

    /// The provider this draft makes, as the body sent to the server.
    pub fn provider(&self) -> NewIdentityProvider {
        NewIdentityProvider {
            display_name: Some(self.display_name.clone()),
            description: Some(self.description.clone()),
            issuer_uri: Some(self.issuer().map(|i| i.issuer_uri).unwrap_or_default()),
            audience: Some(self.audience.clone()),
            authorization_type: Some(self.authorization_type.as_str().to_owned()),
            groups_claim: Some(self.groups_claim.clone()),
            user_claim: Some(DEFAULT_USER_CLAIM.to_owned()),
            idp_type: None,
            protocol: None,
        }
    }

    /// Why tokens would not match the audience, when the issuer says so: v2 tokens carry the
    /// bare client id in `aud`, whatever resource the workload asked for.
    pub fn audience_warning(&self) -> Option<String> {
        let issuer = self.issuer().ok()?;
        if issuer.version != EntraVersion::V2 || !self.audience.starts_with("api://") {
            return None;
        }
        let client_id = setup::entra_client_id(&self.client_id).unwrap_or("<client id>".into());
        Some(format!(
            "v2 tokens carry the bare client id in aud ({client_id}), even when the workload asks \
             for resource=api://<client id>, so they would not match this audience. Use the \
             client id, unless the test step shows that your tokens carry the api:// form."
        ))
    }

    /// Why no token would carry the issuer, when it is of the other version than the one step 4
    /// set the manifest to.
    pub fn version_warning(&self) -> Option<String> {
        let issuer = self.issuer().ok()?;
        match (issuer.version, self.token_version) {
            (EntraVersion::V1, EntraVersion::V2) => Some(
                "This is the v1 issuer (sts.windows.net), which only v1 tokens carry, but step 4 \
                 set the manifest to version 2. Paste the tenant id or the v2.0 metadata URL, or \
                 keep v1 tokens in step 4."
                    .to_owned(),
            ),
            (EntraVersion::V2, EntraVersion::V1) => Some(format!(
                "This is the v2 issuer, but step 4 keeps v1 tokens, which carry \
                 https://sts.windows.net/{}/. Paste the tenant id instead, or set the manifest to \
                 version 2 in step 4.",
                issuer.tenant
            )),
            _ => None,
        }
    }

    /// What the admin should know before creating: values that will refuse tokens.
    pub fn review_warnings(&self) -> Vec<String> {
        let mut warnings: Vec<String> = self.version_warning().into_iter().collect();
        warnings.extend(self.audience_warning());
        warnings
    }

    fn against(&self) -> CheckedAgainst {
        CheckedAgainst {
            provider_id: None,
            issuer_uri: self.issuer().map(|i| i.issuer_uri).unwrap_or_default(),
            audience: self.audience.clone(),
            authorization_type: self.authorization_type,
            user_claim: DEFAULT_USER_CLAIM.to_owned(),
            groups_claim: self.groups_claim.clone(),
        }
    }

    /// What keeps a step from being complete; empty when it is.
    pub fn step_errors(&self, step: usize) -> Vec<FieldError> {
        match step {
            REGISTER => checklist_errors(REGISTER_ITEMS, &self.ticked, CONSOLE),
            AUTHORIZATION if self.authorization_type == AuthorizationType::Group => {
                let mut errors = checklist_errors(GROUP_ITEMS, &self.ticked, CONSOLE);
                errors.extend(self.provider_errors(&[field::GROUPS_CLAIM]));
                errors
            }
            EXPOSE => checklist_errors(EXPOSE_ITEMS, &self.ticked, CONSOLE),
            MANIFEST if self.token_version == EntraVersion::V2 => {
                checklist_errors(MANIFEST_ITEMS, &self.ticked, CONSOLE)
            }
            VALUES => self.value_errors(),
            _ => Vec::new(),
        }
    }

    fn value_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Err(message) = self.issuer() {
            errors.push(FieldError::new(TENANT, message));
        }
        if let Err(message) = setup::entra_client_id(&self.client_id) {
            errors.push(FieldError::new(CLIENT_ID, message));
        }
        errors.extend(self.provider_errors(&[
            field::AUDIENCE,
            field::DISPLAY_NAME,
            field::DESCRIPTION,
        ]));
        errors
    }

    /// The core's errors for some provider fields.
    fn provider_errors(&self, fields: &[&str]) -> Vec<FieldError> {
        let errors = self.provider().validate().err().unwrap_or_default();
        errors.into_iter().filter(|e| fields.contains(&e.field.as_str())).collect()
    }
}

/// Where a field the server refused is entered: its step and input.
fn place_of(field_name: &str) -> (usize, &'static str) {
    match field_name {
        field::GROUPS_CLAIM => (AUTHORIZATION, field::GROUPS_CLAIM),
        field::ISSUER_URI => (VALUES, TENANT),
        field::AUDIENCE => (VALUES, field::AUDIENCE),
        field::DESCRIPTION => (VALUES, field::DESCRIPTION),
        _ => (VALUES, field::DISPLAY_NAME),
    }
}

/// The inputs, one signal each, so that every field redraws on its own.
#[derive(Debug, Clone, Copy)]
struct Fields {
    ticked: RwSignal<BTreeSet<String>>,
    authorization_type: RwSignal<AuthorizationType>,
    token_version: RwSignal<EntraVersion>,
    groups_claim: RwSignal<String>,
    tenant: RwSignal<String>,
    client_id: RwSignal<String>,
    audience: RwSignal<String>,
    display_name: RwSignal<String>,
    description: RwSignal<String>,
}

impl Fields {
    fn new(draft: AzureDraft) -> Self {
        Fields {
            ticked: RwSignal::new(draft.ticked),
            authorization_type: RwSignal::new(draft.authorization_type),
            token_version: RwSignal::new(draft.token_version),
            groups_claim: RwSignal::new(draft.groups_claim),
            tenant: RwSignal::new(draft.tenant),
            client_id: RwSignal::new(draft.client_id),
            audience: RwSignal::new(draft.audience),
            display_name: RwSignal::new(draft.display_name),
            description: RwSignal::new(draft.description),
        }
    }

    fn draft(&self) -> AzureDraft {
        AzureDraft {
            ticked: self.ticked.get(),
            authorization_type: self.authorization_type.get(),
            token_version: self.token_version.get(),
            groups_claim: self.groups_claim.get(),
            tenant: self.tenant.get(),
            client_id: self.client_id.get(),
            audience: self.audience.get(),
            display_name: self.display_name.get(),
            description: self.description.get(),
        }
    }
}

/// The wizard in the page, with the step in the URL.
#[component]
pub fn AzureSetupPage() -> impl IntoView {
    view! {
        <SetupPage
            title="Add an Azure Entra ID provider"
            lead="For managed identities and service principals: an app registration stands for \
                  the database, and workloads ask Entra ID for tokens addressed to it."
            render=|requested, go| view! { <AzureSetup requested go /> }.into_any()
        />
    }
}

/// The wizard itself; `requested` is the step asked for (0-based), `go` asks for another.
#[component]
pub fn AzureSetup(#[prop(into)] requested: Signal<usize>, go: Callback<usize>) -> impl IntoView {
    let fields = Fields::new(storage::load_or_default(DRAFT_KEY));
    let draft = Memo::new(move |_| fields.draft());
    follow_client_id(fields);

    let progress =
        Progress::of_draft(DRAFT_KEY, draft, STEPS.len(), AzureDraft::step_errors, requested, go);

    let body = move || match progress.shown.get() {
        REGISTER => register_step(fields, progress).into_any(),
        AUTHORIZATION => authorization_step(fields, progress).into_any(),
        EXPOSE => expose_step(fields, progress).into_any(),
        MANIFEST => manifest_step(fields, progress).into_any(),
        VALUES => values_step(fields, progress).into_any(),
        TEST => test_step(draft).into_any(),
        _ => review_step(draft, progress).into_any(),
    };
    view! {
        <StepIndicator steps=STEPS progress />
        {body}
        <WizardNav progress last=REVIEW />
    }
}

/// Keeps the audience following the client id while it holds a value derived from it (the
/// default `api://<client id>`, or the bare client id), until the admin types another.
fn follow_client_id(fields: Fields) {
    let default_for = |client_id: &str| {
        if client_id.is_empty() { String::new() } else { setup::entra_default_audience(client_id) }
    };
    Effect::new(move |previous: Option<String>| {
        let client_id = fields.client_id.get().trim().to_ascii_lowercase();
        let audience = fields.audience.get_untracked();
        let followed = previous.filter(|p| !p.is_empty()).and_then(|previous| {
            if audience == default_for(&previous) {
                Some(default_for(&client_id))
            } else if audience == previous {
                Some(client_id.clone())
            } else {
                None
            }
        });
        if audience.is_empty() {
            fields.audience.set(default_for(&client_id));
        } else if let Some(next) = followed.filter(|next| *next != audience) {
            fields.audience.set(next);
        }
        client_id
    });
}

fn register_step(fields: Fields, progress: Progress) -> impl IntoView {
    view! {
        <Step steps=STEPS index=REGISTER lead="The database is represented in Entra ID by an app \
            registration: workloads ask for tokens addressed to it. Keep it apart from any \
            registration used for people signing in, so that workload access can be changed \
            without touching theirs.">
            <Checklist
                items=REGISTER_ITEMS
                ticked=fields.ticked
                error=progress.checklist_message(REGISTER)
            />
        </Step>
    }
}

fn authorization_step(fields: Fields, progress: Progress) -> impl IntoView {
    let is_group = move || fields.authorization_type.get() == AuthorizationType::Group;
    view! {
        <Step steps=STEPS index=AUTHORIZATION lead="Decide what a database user stands for. With \
            User ID, each database user is one workload, named by its object id: the managed \
            identity's principal id, or the service principal's object id. With Group \
            Membership, database users are security groups and workloads get access through them.">
            <AuthorizationChoice value=fields.authorization_type />
            <Show when=is_group>
                <div class="notice notice-warning" role="note">
                    <p>
                        <strong>"Group overage. "</strong>
                        "A token holds at most 200 groups. For a workload in more, Entra ID \
                         leaves the groups out (the token says hasgroups or _claim_names \
                         instead), and group authorization fails for it without a clear error. \
                         Keep such workloads out of large groups, or choose User ID."
                    </p>
                </div>
                <Checklist
                    items=GROUP_ITEMS
                    ticked=fields.ticked
                    error=progress.checklist_message(AUTHORIZATION)
                />
                <TextField
                    name=field::GROUPS_CLAIM
                    label="Groups claim"
                    hint="The claim that lists the group ids; Entra ID calls it groups."
                    value=fields.groups_claim
                    error=progress.message(AUTHORIZATION, field::GROUPS_CLAIM)
                    on_leave=progress.touch(field::GROUPS_CLAIM)
                    required=true
                    monospace=true
                />
            </Show>
        </Step>
    }
}

fn expose_step(fields: Fields, progress: Progress) -> impl IntoView {
    view! {
        <Step steps=STEPS index=EXPOSE lead="Workloads name the database by its Application ID \
            URI when they ask for a token (resource=api://<client id>), so the registration \
            needs one. Entra ID offers api://<client id>; keep it, as this wizard expects that \
            form. Which value the token's aud then carries depends on the token version: step 5 \
            shows both.">
            <Checklist
                items=EXPOSE_ITEMS
                ticked=fields.ticked
                error=progress.checklist_message(EXPOSE)
            />
        </Step>
    }
}

fn manifest_step(fields: Fields, progress: Progress) -> impl IntoView {
    let keeps_v1 = move || fields.token_version.get() == EntraVersion::V1;
    view! {
        <Step steps=STEPS index=MANIFEST lead="A new registration gets v1 access tokens \
            (the manifest says null). Their issuer is https://sts.windows.net/<tenant>/, while \
            v2 tokens carry https://login.microsoftonline.com/<tenant>/v2.0, and a token of the \
            other version is refused for a wrong issuer: the most common mistake. Version 2 is \
            what this wizard sets up, and the issuer of step 5 follows what you choose here.">
            <TokenVersionChoice value=fields.token_version />
            <Show
                when=keeps_v1
                fallback=move || view! {
                    <Checklist
                        items=MANIFEST_ITEMS
                        ticked=fields.ticked
                        error=progress.checklist_message(MANIFEST)
                    />
                }
            >
                <p class="notice" id="keep-v1">
                    "The manifest stays as it is, and the provider takes the v1 issuer. The \
                     audience must then be what v1 tokens carry: api://<client id> when the \
                     workload asks for that resource."
                </p>
            </Show>
        </Step>
    }
}

/// Version 2, as the setup recommends, or version 1 for a registration whose v1 tokens other
/// applications already rely on.
#[component]
fn TokenVersionChoice(value: RwSignal<EntraVersion>) -> impl IntoView {
    let option = move |version: EntraVersion, id: &'static str, title, explanation| {
        view! {
            <div class="radio">
                <input
                    type="radio"
                    id=id
                    name="tokenVersion"
                    prop:checked=move || value.get() == version
                    on:change=move |_| value.set(version)
                />
                <label for=id>
                    <strong>{title}</strong>
                    <span class="hint">{explanation}</span>
                </label>
            </div>
        }
    };
    view! {
        <fieldset class="field">
            <legend>"Token version"</legend>
            {option(
                EntraVersion::V2,
                "tokenVersion-2",
                "Version 2",
                "Set the manifest to 2. The recommended choice for a new registration.",
            )}
            {option(
                EntraVersion::V1,
                "tokenVersion-1",
                "Keep version 1",
                "Only when other applications already rely on this registration's v1 tokens.",
            )}
        </fieldset>
    }
}

fn values_step(fields: Fields, progress: Progress) -> impl IntoView {
    let client_id = move || {
        setup::entra_client_id(&fields.client_id.get()).unwrap_or_else(|_| "<client id>".into())
    };
    let no_client_id = move || setup::entra_client_id(&fields.client_id.get()).is_err();
    let use_value = move |value: String| move |_| fields.audience.set(value.clone());
    let warning = move || {
        let draft = fields.draft();
        let warning = draft.audience_warning()?;
        Some(view! { <p class="notice notice-warning" id="audience-warning">{warning}</p> })
    };
    view! {
        <Step steps=STEPS index=VALUES lead="Copy three values from the app registration. The \
            Overview page has the tenant and client ids; Endpoints has the OpenID Connect \
            metadata document URL, which names the issuer.">
            <TextField
                name=TENANT
                label="Tenant ID or OpenID Connect metadata document URL"
                hint="Overview: Directory (tenant) ID, or Endpoints: OpenID Connect metadata \
                      document. The issuer is that URL without /.well-known/openid-configuration."
                value=fields.tenant
                error=progress.message(VALUES, TENANT)
                on_leave=progress.touch(TENANT)
                required=true
                monospace=true
            />
            <DerivedIssuer tenant=fields.tenant version=fields.token_version />
            <TextField
                name=CLIENT_ID
                label="Application (client) ID"
                hint="Overview: Application (client) ID, a GUID."
                value=fields.client_id
                error=progress.message(VALUES, CLIENT_ID)
                on_leave=progress.touch(CLIENT_ID)
                required=true
                monospace=true
            />
            <TextField
                name=field::AUDIENCE
                label="Audience"
                hint="The Application ID URI of step 3, api://<client id>, unless you chose \
                      another. It must equal the aud of the tokens."
                value=fields.audience
                error=progress.message(VALUES, field::AUDIENCE)
                on_leave=progress.touch(field::AUDIENCE)
                required=true
                monospace=true
            />
            <div aria-live="polite">{warning}</div>
            <div class="field audience-versions">
                <p class="field-label">"What aud tokens carry for this registration"</p>
                <table>
                    <tbody>
                        <tr>
                            <th scope="row">"v1 tokens"</th>
                            <td class="mono">
                                {move || format!("api://{} (or the client id itself)", client_id())}
                            </td>
                        </tr>
                        <tr>
                            <th scope="row">"v2 tokens"</th>
                            <td class="mono">{client_id}</td>
                        </tr>
                    </tbody>
                </table>
                <p class="hint">
                    "The audience is compared with aud exactly. If the test step shows your \
                     tokens carry the bare client id, use it as the audience."
                </p>
                <div class="actions">
                    <button type="button" class="button" disabled=no_client_id
                        on:click=move |ev| use_value(format!("api://{}", client_id()))(ev)>
                        "Use api://<client id>"
                    </button>
                    <button type="button" class="button" disabled=no_client_id
                        on:click=move |ev| use_value(client_id())(ev)>
                        "Use the client id"
                    </button>
                </div>
            </div>
            <TextField
                name=field::DISPLAY_NAME
                label="Configuration name"
                hint="Shown to every admin; unique."
                value=fields.display_name
                error=progress.message(VALUES, field::DISPLAY_NAME)
                on_leave=progress.touch(field::DISPLAY_NAME)
                required=true
            />
            <TextField
                name=field::DESCRIPTION
                label="Description"
                hint="Optional: which tenant and workloads this is for, and who owns it."
                value=fields.description
                error=progress.message(VALUES, field::DESCRIPTION)
                on_leave=progress.touch(field::DESCRIPTION)
                multiline=true
            />
        </Step>
    }
}

/// The issuer derived from what was pasted, and the token version it implies.
#[component]
fn DerivedIssuer(tenant: RwSignal<String>, version: RwSignal<EntraVersion>) -> impl IntoView {
    let derived = move || {
        let chosen = version.get();
        let issuer = setup::entra_issuer_for(&tenant.get(), chosen).ok()?;
        let name = |version| match version {
            EntraVersion::V1 => "v1 tokens (ver 1.0)",
            EntraVersion::V2 => "v2 tokens (ver 2.0)",
        };
        let (class, implies) = if issuer.version == chosen {
            let implies = format!("{}, as step 4 set up: their iss is exactly this.", name(chosen));
            ("notice derived", implies)
        } else {
            let implies = format!(
                "{}, not the {} that step 4 set up: those would be refused for their issuer. \
                 Paste the tenant id {} instead, or change step 4.",
                name(issuer.version),
                name(chosen),
                issuer.tenant
            );
            ("notice notice-warning derived", implies)
        };
        Some(view! {
            <div class=class id="derived-issuer">
                <p>"Issuer URI: "<code>{issuer.issuer_uri}</code></p>
                <p>"Implies "{implies}</p>
            </div>
        })
    };
    // The region stays in the page and its content changes, so screen readers announce it.
    view! { <div aria-live="polite">{derived}</div> }
}

fn test_step(draft: Memo<AzureDraft>) -> impl IntoView {
    let against = Signal::derive(move || draft.with(AzureDraft::against));
    let command = Signal::derive(move || draft.with(|d| azure_command(&d.audience)));
    view! {
        <Step steps=STEPS index=TEST lead="Optional, and worth it: get a token on the workload \
            and paste it here to see whether it fits the values entered, before anything is \
            created.">
            <TokenTrial against command />
        </Step>
    }
}

/// The instance metadata call that gets a managed identity's token for `audience`.
pub fn azure_command(audience: &str) -> TokenCommand {
    let resource = wif_core::encode::component(audience);
    TokenCommand {
        place: "on the Azure VM, with its managed identity",
        command: format!(
            "curl -s -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token\
             ?api-version=2018-02-01&resource={resource}\""
        ),
        note: format!(
            "The token is the access_token of the JSON answer. With a user-assigned identity, \
             add &client_id=<the identity's client id>. On App Service and Azure Functions, ask \
             $IDENTITY_ENDPOINT?api-version=2019-08-01&resource={resource} with the header \
             X-IDENTITY-HEADER: $IDENTITY_HEADER instead. For a service principal: \
             az account get-access-token --resource {audience}."
        ),
    }
}

fn review_step(draft: Memo<AzureDraft>, progress: Progress) -> impl IntoView {
    let rows = move || draft.with(review_rows);
    let provider = Signal::derive(move || draft.with(AzureDraft::provider));
    view! {
        <Step steps=STEPS index=REVIEW lead="Each setting, and where its value came from in the \
            Entra admin center. Creating the provider changes nothing in Entra ID.">
            {move || {
                let warnings = draft.with(AzureDraft::review_warnings);
                (!warnings.is_empty()).then(|| {
                    let items = warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view();
                    view! {
                        <div class="notice notice-warning" id="review-warnings" role="note">
                            <p><strong>"Before you create it"</strong></p>
                            <ul>{items}</ul>
                        </div>
                    }
                })
            }}
            {move || view! { <ReviewTable rows=rows() /> }}
            <CreateStep
                provider
                draft_key=DRAFT_KEY
                kind="azure"
                progress
                place_of
            />
        </Step>
    }
}

fn review_rows(draft: &AzureDraft) -> Vec<ReviewRow> {
    let issuer = draft.issuer().ok();
    let client_id = setup::entra_client_id(&draft.client_id).unwrap_or_default();
    let pasted = draft.tenant.trim();
    let issuer_source = if setup::is_guid(pasted) {
        match draft.token_version {
            EntraVersion::V2 => "Overview: Directory (tenant) ID, in the v2.0 issuer form",
            EntraVersion::V1 => "Overview: Directory (tenant) ID, in the v1 issuer form",
        }
    } else if pasted.starts_with("https://sts.windows.net/") {
        "Typed in step 5: the v1 issuer itself"
    } else {
        "Endpoints: OpenID Connect metadata document, without /.well-known/openid-configuration"
    };
    let audience_source = if draft.audience == setup::entra_default_audience(&client_id) {
        "Expose an API: Application ID URI"
    } else if draft.audience == client_id {
        "Overview: Application (client) ID, as v2 tokens carry it"
    } else {
        "Typed in step 5"
    };
    let version = match issuer.as_ref().map(|i| i.version) {
        Some(EntraVersion::V1) => "v1 (sts.windows.net issuer)",
        _ => "v2",
    };
    let mut rows = vec![
        ReviewRow::new("Configuration name", draft.display_name.trim(), "Typed in step 5"),
        ReviewRow::new(
            "Issuer URI",
            issuer.map(|i| i.issuer_uri).unwrap_or_default(),
            issuer_source,
        ),
        ReviewRow::new(
            "Client ID",
            client_id,
            "Overview: Application (client) ID. It makes the audience; not stored on its own.",
        ),
        ReviewRow::new("Audience", &draft.audience, audience_source),
        ReviewRow::new("Token version", version, "Step 4: manifest, requestedAccessTokenVersion"),
        ReviewRow::new("Authorization type", draft.authorization_type.label(), "Step 2"),
    ];
    if draft.authorization_type == AuthorizationType::Group {
        rows.push(ReviewRow::new(
            "Groups claim",
            &draft.groups_claim,
            "Token configuration: groups claim, security groups as Group ID",
        ));
    }
    let user_claim_source = match draft.authorization_type {
        AuthorizationType::User => "The default: it names the workload in every token",
        AuthorizationType::Group => "The default; with Group Membership, access comes from groups",
    };
    rows.push(ReviewRow::new("User claim", DEFAULT_USER_CLAIM, user_claim_source));
    rows
}
