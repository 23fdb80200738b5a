//! What every setup wizard shares: the step indicator, checklists, Back and Next, and the rule
//! that decides which steps can be shown.
//!
//! A wizard is a list of steps and a pure function that gives each step's [`FieldError`]s
//! for the values entered so far. A step can be shown once every step before it is complete,
//! so a reload, a bookmark or a stale URL never lands on a step that cannot be finished: the
//! first incomplete step is shown instead.

use std::collections::BTreeSet;

use leptos::prelude::*;
use serde::Serialize;
use wif_core::FieldError;

use crate::components::field::focus;
use crate::storage;

/// A step as the indicator shows it.
#[derive(Debug, Clone, Copy)]
pub struct StepInfo {
    pub title: &'static str,
    /// Skipping it is fine: Next works with nothing done.
    pub optional: bool,
}

/// One item to tick: something done in the cloud's console.
#[derive(Debug, Clone, Copy)]
pub struct ChecklistItem {
    /// Stable: it is the key in the saved draft and the checkbox's id (`tick-<id>`).
    pub id: &'static str,
    pub text: &'static str,
}

/// The field name of a checklist item's error, so that Next can focus the checkbox.
pub fn tick_field(item: &ChecklistItem) -> String {
    format!("tick-{}", item.id)
}

/// The errors of a checklist: one for the first item not ticked.
pub fn checklist_errors(
    items: &[ChecklistItem],
    ticked: &BTreeSet<String>,
    console: &str,
) -> Vec<FieldError> {
    items
        .iter()
        .find(|item| !ticked.contains(item.id))
        .map(|item| FieldError {
            field: tick_field(item),
            message: format!(
                "Tick each item once it is done in the {console}: the configuration relies on it."
            ),
        })
        .into_iter()
        .collect()
}

/// Where the admin is, and what Next and Back do.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// The step on screen: the one asked for, or the first incomplete one before it.
    pub shown: Memo<usize>,
    /// The last step that can be shown.
    pub reachable: Memo<usize>,
    /// A create is under way: the steps stay put until the server answers, so that its answer
    /// (the created provider, or what to fix) is not lost with the step.
    pub busy: RwSignal<bool>,
    errors: Memo<Vec<Vec<FieldError>>>,
    /// What the server refused on the last create, shown under those fields until the draft
    /// changes: rules that need the stored providers (a name taken) are the server's alone.
    refused: RwSignal<Vec<FieldError>>,
    /// The field to focus once the next step is drawn, instead of the step's heading.
    focus_next: RwSignal<Option<String>>,
    attempted: RwSignal<BTreeSet<usize>>,
    touched: RwSignal<BTreeSet<String>>,
    go: Callback<usize>,
}

impl Progress {
    /// `requested` is the step the URL names; `go` changes it; `errors` has one entry per step.
    pub fn new(
        requested: Signal<usize>,
        go: Callback<usize>,
        errors: Memo<Vec<Vec<FieldError>>>,
    ) -> Self {
        let reachable = Memo::new(move |_| {
            errors.with(|steps| {
                steps.iter().position(|e| !e.is_empty()).unwrap_or(steps.len().saturating_sub(1))
            })
        });
        let shown = Memo::new(move |_| requested.get().min(reachable.get()));
        Progress {
            shown,
            reachable,
            busy: RwSignal::new(false),
            errors,
            refused: RwSignal::new(Vec::new()),
            focus_next: RwSignal::new(None),
            attempted: RwSignal::new(BTreeSet::new()),
            touched: RwSignal::new(BTreeSet::new()),
            go,
        }
    }

    /// The progress of a wizard whose values are `draft`: saved to session storage under
    /// `key` on every change, and checked step by step with `step_errors`. Also moves focus to
    /// each new step's heading.
    pub fn of_draft<D>(
        key: &'static str,
        draft: Memo<D>,
        steps: usize,
        step_errors: fn(&D, usize) -> Vec<FieldError>,
        requested: Signal<usize>,
        go: Callback<usize>,
    ) -> Self
    where
        D: Serialize + PartialEq + Send + Sync + 'static,
    {
        Effect::new(move |_| draft.with(|d| storage::save(key, d)));
        let errors =
            Memo::new(move |_| draft.with(|d| (0..steps).map(|s| step_errors(d, s)).collect()));
        let progress = Progress::new(requested, go, errors);
        // The server judged the draft as it was; once a value changes, its verdict is stale.
        Effect::new(move |first: Option<()>| {
            draft.track();
            if first.is_some() {
                progress.refused.set(Vec::new());
            }
        });
        focus_heading_on_change(progress);
        progress
    }

    /// A field's message: shown once the admin has left the field or pressed Next on its step,
    /// then kept up to date as they type.
    pub fn message(&self, step: usize, field: &'static str) -> Signal<Option<String>> {
        let this = *self;
        Signal::derive(move || {
            let shown = this.attempted.with(|a| a.contains(&step))
                || this.touched.with(|t| t.contains(field));
            let message = this.errors.with(|steps| {
                steps.get(step)?.iter().find(|e| e.field == field).map(|e| e.message.clone())
            });
            let refused = move || {
                this.refused
                    .with(|r| r.iter().find(|e| e.field == field).map(|e| e.message.clone()))
            };
            message.filter(|_| shown).or_else(refused)
        })
    }

    /// Keeps what the server refused, to show under each field once the admin goes to fix it.
    pub fn refuse(&self, errors: Vec<FieldError>) {
        self.refused.set(errors);
    }

    /// Goes to the step that holds `field` and puts the cursor in it.
    pub fn fix(&self, field: &str, step: usize) {
        if self.shown.get_untracked() == step {
            focus(field);
            return;
        }
        self.focus_next.set(Some(field.to_owned()));
        self.go.run(step);
    }

    /// The message of a step's checklist, after Next was pressed on it.
    pub fn checklist_message(&self, step: usize) -> Signal<Option<String>> {
        let this = *self;
        Signal::derive(move || {
            if !this.attempted.with(|a| a.contains(&step)) {
                return None;
            }
            this.errors.with(|steps| {
                let errors = steps.get(step)?;
                errors.iter().find(|e| e.field.starts_with("tick-")).map(|e| e.message.clone())
            })
        })
    }

    pub fn touch(&self, field: &'static str) -> Callback<()> {
        let touched = self.touched;
        Callback::new(move |()| {
            touched.update(|t| {
                t.insert(field.to_owned());
            })
        })
    }

    /// Goes on when the step is complete; otherwise shows its errors and focuses the first.
    pub fn next(&self) {
        let step = self.shown.get_untracked();
        self.attempted.update(|a| {
            a.insert(step);
        });
        let first = self.errors.with_untracked(|steps| {
            steps.get(step).and_then(|errors| errors.first()).map(|e| e.field.clone())
        });
        match first {
            Some(field) => focus(&field),
            None => self.go.run(step + 1),
        }
    }

    pub fn back(&self) {
        let step = self.shown.get_untracked();
        self.go.run(step.saturating_sub(1));
    }

    pub fn go_to(&self, step: usize) {
        self.go.run(step);
    }
}

/// The numbered steps; finished ones can be revisited, later ones wait.
#[component]
pub fn StepIndicator(steps: &'static [StepInfo], progress: Progress) -> impl IntoView {
    let items = steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let current = move || progress.shown.get() == index;
            let state = move || {
                if current() {
                    "step step-current"
                } else if index < progress.shown.get().max(progress.reachable.get()) {
                    "step step-done"
                } else {
                    "step"
                }
            };
            let waiting =
                move || current() || index > progress.reachable.get() || progress.busy.get();
            // What the colours say, for screen readers.
            let spoken = move || match state() {
                "step step-current" => ", the current step",
                "step step-done" => ", done",
                _ if index > progress.reachable.get() => ", once the steps before it are done",
                _ => "",
            };
            let label = view! {
                <span class="step-number" aria-hidden="true">{index + 1}</span>
                <span class="step-title">
                    {step.title}
                    {step.optional.then(|| view! { <span class="optional">" (optional)"</span> })}
                    <span class="visually-hidden">{spoken}</span>
                </span>
            };
            view! {
                <li class=state aria-current=move || current().then_some("step")>
                    <button
                        type="button"
                        class="step-link"
                        disabled=waiting
                        on:click=move |_| progress.go_to(index)
                    >
                        {label}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav aria-label="Setup steps">
            <ol class="steps">{items}</ol>
        </nav>
    }
}

/// The body of one step: its heading (focused when the step changes) and its content.
#[component]
pub fn Step(
    steps: &'static [StepInfo],
    index: usize,
    #[prop(into)] lead: String,
    children: Children,
) -> impl IntoView {
    let title = steps[index].title;
    view! {
        <section class="wizard-step" aria-labelledby="step-heading">
            <p class="step-count">{format!("Step {} of {}", index + 1, steps.len())}</p>
            <h2 id="step-heading" tabindex="-1">{title}</h2>
            <p class="lead">{lead}</p>
            {children()}
        </section>
    }
}

/// Checkboxes for what the admin does in the cloud's console.
#[component]
pub fn Checklist(
    items: &'static [ChecklistItem],
    ticked: RwSignal<BTreeSet<String>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let rows = items
        .iter()
        .map(|item| {
            let id = tick_field(item);
            let key = item.id;
            let checked = move || ticked.with(|t| t.contains(key));
            let toggle = move |_| {
                ticked.update(|t| {
                    if !t.remove(key) {
                        t.insert(key.to_owned());
                    }
                })
            };
            let invalid = move || (error.with(Option::is_some) && !checked()).then_some("true");
            view! {
                <li>
                    <input
                        type="checkbox"
                        id=id.clone()
                        prop:checked=checked
                        aria-describedby="checklist-error"
                        aria-invalid=invalid
                        on:change=toggle
                    />
                    <label for=id>{item.text}</label>
                </li>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field">
            <legend>"Checklist"</legend>
            <ul class="checklist">{rows}</ul>
            <p class="field-error" id="checklist-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// Back and Next (or the step's own final button, given as children).
#[component]
pub fn WizardNav(
    progress: Progress,
    last: usize,
    #[prop(optional)] next_label: Option<&'static str>,
) -> impl IntoView {
    let first = move || progress.shown.get() == 0;
    view! {
        <div class="actions wizard-nav">
            <button
                type="button"
                class="button"
                disabled=move || first() || progress.busy.get()
                on:click=move |_| progress.back()
            >
                "Back"
            </button>
            <Show when=move || { progress.shown.get() < last }>
                <button
                    type="button"
                    class="button button-primary"
                    on:click=move |_| progress.next()
                >
                    {next_label.unwrap_or("Next")}
                </button>
            </Show>
        </div>
    }
}

/// Moves focus to the step's heading when the step changes (not on first render), so that
/// keyboard and screen reader users start reading the new step from its top; or to the field
/// that [`Progress::fix`] asked for.
fn focus_heading_on_change(progress: Progress) {
    Effect::new(move |previous: Option<usize>| {
        let step = progress.shown.get();
        if previous.is_some_and(|p| p != step) {
            // After the new step is drawn: the heading is a new element.
            request_animation_frame(move || {
                let field = progress.focus_next.try_update_untracked(Option::take).flatten();
                focus(field.as_deref().unwrap_or("step-heading"));
            });
        }
        step
    });
}
