//! The identity provider form, used to create and to edit.
//!
//! It runs the core validation as the admin types, so its messages are the server's own.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos_router::components::A;
use wif_core::idp::{DEFAULT_GROUPS_CLAIM, DEFAULT_USER_CLAIM, field};
use wif_core::{AuthorizationType, FieldError, IdentityProviderConfig, NewIdentityProvider};

use crate::api::ApiError;
use crate::components::field::{TextField, focus};

/// The value of every input, as typed.
#[derive(Debug, Clone, Copy)]
pub struct ProviderFields {
    pub display_name: RwSignal<String>,
    pub description: RwSignal<String>,
    pub issuer_uri: RwSignal<String>,
    pub audience: RwSignal<String>,
    pub authorization_type: RwSignal<AuthorizationType>,
    pub groups_claim: RwSignal<String>,
    pub user_claim: RwSignal<String>,
}

impl ProviderFields {
    /// Empty fields with the documented defaults filled in.
    pub fn blank() -> Self {
        ProviderFields {
            display_name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            issuer_uri: RwSignal::new(String::new()),
            audience: RwSignal::new(String::new()),
            authorization_type: RwSignal::new(AuthorizationType::User),
            groups_claim: RwSignal::new(DEFAULT_GROUPS_CLAIM.to_owned()),
            user_claim: RwSignal::new(DEFAULT_USER_CLAIM.to_owned()),
        }
    }

    pub fn from_config(config: &IdentityProviderConfig) -> Self {
        ProviderFields {
            display_name: RwSignal::new(config.display_name.clone()),
            description: RwSignal::new(config.description.clone().unwrap_or_default()),
            issuer_uri: RwSignal::new(config.issuer_uri.clone()),
            audience: RwSignal::new(config.audience.clone()),
            authorization_type: RwSignal::new(config.authorization_type),
            groups_claim: RwSignal::new(config.groups_claim.clone()),
            user_claim: RwSignal::new(config.user_claim.clone()),
        }
    }

    /// What the inputs say, as the request body the server validates too.
    pub fn input(&self) -> NewIdentityProvider {
        NewIdentityProvider {
            display_name: Some(self.display_name.get()),
            description: Some(self.description.get()),
            issuer_uri: Some(self.issuer_uri.get()),
            audience: Some(self.audience.get()),
            authorization_type: Some(self.authorization_type.get().as_str().to_owned()),
            groups_claim: Some(self.groups_claim.get()),
            user_claim: Some(self.user_claim.get()),
            idp_type: None,
            protocol: None,
        }
    }
}

#[component]
pub fn ProviderForm(
    fields: ProviderFields,
    #[prop(into)] submit_label: String,
    #[prop(into)] cancel_href: String,
    /// Called with a body that passed validation.
    #[prop(into)]
    on_submit: Callback<NewIdentityProvider>,
    #[prop(into)] pending: Signal<bool>,
    /// The server's answer to the last submission, when it refused it.
    #[prop(into)]
    server_error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let errors = Memo::new(move |_| fields.input().validate().err().unwrap_or_default());
    let touched = RwSignal::new(HashSet::<&'static str>::new());
    let submitted = RwSignal::new(false);

    // A field's message: the core's, once the admin has left the field or tried to submit;
    // otherwise the server's, which knows about names and audiences already taken.
    let message_for = move |name: &'static str| {
        Signal::derive(move || {
            let shown = submitted.get() || touched.with(|t| t.contains(name));
            let client = errors.with(|errors| first_message(errors, name));
            let server = server_error
                .with(|e| e.as_ref().and_then(|e| first_message(e.field_errors(), name)));
            if shown { client.or(server) } else { server }
        })
    };
    let touch = move |name: &'static str| {
        Callback::new(move |()| {
            touched.update(|t| {
                t.insert(name);
            })
        })
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        let first_invalid = errors.with(|errors| errors.first().map(|e| e.field.clone()));
        match first_invalid {
            Some(name) => focus(&name),
            None => on_submit.run(fields.input()),
        }
    };
    let is_group = move || fields.authorization_type.get() == AuthorizationType::Group;
    let form_error = move || {
        server_error.get().map(|error| {
            view! { <div class="notice notice-error" role="alert">{error.message()}</div> }
        })
    };
    let button_label =
        move || if pending.get() { "Saving…".to_owned() } else { submit_label.clone() };

    view! {
        <form class="form" novalidate on:submit=submit>
            {form_error}
            <TextField
                name=field::DISPLAY_NAME
                label="Configuration name"
                hint="Shown to every admin, for example Azure production workloads."
                value=fields.display_name
                error=message_for(field::DISPLAY_NAME)
                on_leave=touch(field::DISPLAY_NAME)
                required=true
            />
            <TextField
                name=field::DESCRIPTION
                label="Description"
                hint="Optional: what this configuration is for and who owns it."
                value=fields.description
                error=message_for(field::DESCRIPTION)
                on_leave=touch(field::DESCRIPTION)
                multiline=true
            />
            <TextField
                name=field::ISSUER_URI
                label="Issuer URI"
                hint="The exact iss claim of the tokens, such as https://accounts.google.com or \
                    https://login.microsoftonline.com/<tenant id>/v2.0. A trailing slash matters."
                value=fields.issuer_uri
                error=message_for(field::ISSUER_URI)
                on_leave=touch(field::ISSUER_URI)
                required=true
                monospace=true
            />
            <TextField
                name=field::AUDIENCE
                label="Audience"
                hint="The exact aud claim: for Azure, the Application ID URI api://<client id>; \
                    for Google, the value the workload asks for."
                value=fields.audience
                error=message_for(field::AUDIENCE)
                on_leave=touch(field::AUDIENCE)
                required=true
                monospace=true
            />
            <AuthorizationChoice value=fields.authorization_type />
            <Show when=is_group>
                <TextField
                    name=field::GROUPS_CLAIM
                    label="Groups claim"
                    hint="The claim that lists the workload's group ids, usually groups."
                    value=fields.groups_claim
                    error=message_for(field::GROUPS_CLAIM)
                    on_leave=touch(field::GROUPS_CLAIM)
                    required=true
                    monospace=true
                />
            </Show>
            <TextField
                name=field::USER_CLAIM
                label="User claim"
                hint="The claim that names the workload. Keep the default, sub, unless your \
                    tokens name it elsewhere."
                value=fields.user_claim
                error=message_for(field::USER_CLAIM)
                on_leave=touch(field::USER_CLAIM)
                required=true
                monospace=true
            />
            <div class="actions">
                <A href=cancel_href attr:class="button">"Cancel"</A>
                <button type="submit" class="button button-primary" disabled=move || pending.get()>
                    {button_label}
                </button>
            </div>
        </form>
    }
}

/// The two authorization types as radio buttons, each with what it means.
#[component]
pub fn AuthorizationChoice(value: RwSignal<AuthorizationType>) -> impl IntoView {
    let option = move |kind: AuthorizationType, explanation: &'static str| {
        let id = format!("authorizationType-{}", kind.as_str());
        view! {
            <div class="radio">
                <input
                    type="radio"
                    id=id.clone()
                    name=field::AUTHORIZATION_TYPE
                    value=kind.as_str()
                    prop:checked=move || value.get() == kind
                    on:change=move |_| value.set(kind)
                />
                <label for=id>
                    <strong>{kind.label()}</strong>
                    <span class="hint">{explanation}</span>
                </label>
            </div>
        }
    };
    view! {
        <fieldset class="field">
            <legend>"Authorization type"</legend>
            {option(
                AuthorizationType::User,
                "Database users are workloads, named by the user claim. The common choice.",
            )}
            {option(
                AuthorizationType::Group,
                "Database users are groups, named by the ids in the groups claim.",
            )}
        </fieldset>
    }
}

fn first_message(errors: &[FieldError], name: &str) -> Option<String> {
    errors.iter().find(|e| e.field == name).map(|e| e.message.clone())
}
