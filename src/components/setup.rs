//! The frame of a setup wizard's page, and the review and create step they share.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use wif_core::{FieldError, NewIdentityProvider};

use crate::api;
use crate::components::layout::set_title;
use crate::components::wizard::Progress;
use crate::routes::Page;
use crate::session::{NotAllowed, use_session};
use crate::storage;

/// A wizard's page: its heading, and the step, which lives in the URL (`?step=3`) so that the
/// browser's Back button and a reload stay on the same step.
#[component]
pub fn SetupPage(
    title: &'static str,
    lead: &'static str,
    render: fn(Signal<usize>, Callback<usize>) -> AnyView,
) -> impl IntoView {
    set_title(title);
    if !use_session().can(|p| p.can_manage_identity_providers()).get_untracked() {
        return view! { <NotAllowed action="create identity providers" /> }.into_any();
    }
    let query = use_query_map();
    let requested = Signal::derive(move || {
        let step = query.with(|q| q.get("step").and_then(|s| s.parse::<usize>().ok()));
        step.unwrap_or(1).saturating_sub(1)
    });
    let location = use_location();
    let navigate = use_navigate();
    let go = Callback::new(move |step: usize| {
        let path = location.pathname.get_untracked();
        navigate(&format!("{path}?step={}", step + 1), Default::default());
    });

    view! {
        <h1>{title}</h1>
        <p class="lead">{lead}</p>
        <div class="wizard">{render(requested, go)}</div>
    }
    .into_any()
}

/// One line of the review: a setting, its value, and where the value came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub setting: &'static str,
    pub value: String,
    pub source: &'static str,
}

impl ReviewRow {
    pub fn new(setting: &'static str, value: impl Into<String>, source: &'static str) -> Self {
        ReviewRow { setting, value: value.into(), source }
    }
}

#[component]
pub fn ReviewTable(rows: Vec<ReviewRow>) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|row| {
            view! {
                <tr>
                    <th scope="row">{row.setting}</th>
                    <td class="mono">{row.value}</td>
                    <td class="muted">{row.source}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll review">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Setting"</th>
                        <th scope="col">"Value"</th>
                        <th scope="col">"Where it came from"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The create button: sends the provider through the REST API, forgets the draft once it
/// exists, and opens it with its next steps. A refusal names each field with a way back to it,
/// where the server's message waits under the field.
#[component]
pub fn CreateStep(
    #[prop(into)] provider: Signal<NewIdentityProvider>,
    draft_key: &'static str,
    /// Which wizard, for the provider page's next steps.
    kind: &'static str,
    progress: Progress,
    /// Where a field the server names (by its wire name) is entered: the step, and the input's
    /// name there (a tenant id stands for the issuer URI, say).
    place_of: fn(&str) -> (usize, &'static str),
) -> impl IntoView {
    let create = Action::new_local(move |input: &NewIdentityProvider| {
        let input = input.clone();
        async move {
            let created = api::create_provider(&input).await;
            // Here rather than in the effect below: the provider exists even if the admin has
            // left the page meanwhile, and a stale draft would only make a second one.
            if created.is_ok() {
                storage::clear(draft_key);
            }
            created
        }
    });
    Effect::new(move |_| progress.busy.set(create.pending().get()));
    // The browser's own Back can still take the step away mid-request.
    on_cleanup(move || {
        let _ = progress.busy.try_set(false);
    });

    let navigate = use_navigate();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(created)) => {
            navigate(&Page::ProviderCreated(created.id, kind.to_owned()).href(), Default::default())
        }
        Some(Err(error)) => progress.refuse(
            error
                .field_errors()
                .iter()
                .map(|e| FieldError::new(place_of(&e.field).1, e.message.clone()))
                .collect(),
        ),
        None => {}
    });

    let refusal = move || {
        let error = create.value().get()?.err()?;
        let fixes = distinct_messages(error.field_errors())
            .into_iter()
            .map(|e| {
                let (step, input) = place_of(&e.field);
                view! {
                    <li>
                        {e.message.clone()}" "
                        <button type="button" class="link-button"
                            on:click=move |_| progress.fix(input, step)>
                            "Change it"
                        </button>
                    </li>
                }
            })
            .collect_view();
        // Field errors say it all when there are some; the summary would only repeat them.
        let summary = if error.field_errors().is_empty() {
            error.message()
        } else {
            "The server refused the provider:".to_owned()
        };
        Some(view! {
            <div class="notice notice-error" role="alert" id="create-error">
                <p>{summary}</p>
                <ul>{fixes}</ul>
            </div>
        })
    };
    let label = move || if create.pending().get() { "Creating…" } else { "Create provider" };

    view! {
        {refusal}
        <div class="actions create-actions">
            <button
                type="button"
                class="button button-primary"
                disabled=move || create.pending().get()
                on:click=move |_| { create.dispatch(provider.get_untracked()); }
            >
                {label}
            </button>
        </div>
    }
}

/// The field errors with each message once: a taken issuer and audience pair is one problem,
/// though the server names both fields.
fn distinct_messages(errors: &[FieldError]) -> Vec<&FieldError> {
    let mut seen = std::collections::HashSet::new();
    errors.iter().filter(|e| seen.insert(e.message.as_str())).collect()
}
