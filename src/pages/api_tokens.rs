//! API tokens for scripts: create (the secret is shown once), list, revoke.

use leptos::prelude::*;
use wif_core::{ApiToken, NewApiToken};

use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::layout::set_title;
use crate::components::provider_table::short_date;
use crate::components::status::{LoadError, Loading};

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    set_title("API tokens");
    let tokens = LocalResource::new(api::list_api_tokens);
    let name = RwSignal::new(String::new());
    let create = Action::new_local(|input: &NewApiToken| {
        let input = input.clone();
        async move { api::create_api_token(&input).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            name.set(String::new());
            tokens.refetch();
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        create.dispatch(NewApiToken { name: name.get() });
    };
    let outcome = move || {
        create.value().get().map(|result| match result {
            Ok(created) => {
                let message = format!(
                    "Token “{}” created. Copy its secret now; it is not shown again:",
                    created.token.name
                );
                view! {
                    <div class="notice" role="status">
                        <p>{message}</p>
                        <p><code class="secret">{created.secret}</code></p>
                    </div>
                }
                .into_any()
            }
            Err(error) => {
                view! { <div class="notice notice-error" role="alert">{error.message()}</div> }
                    .into_any()
            }
        })
    };

    view! {
        <h1>"API tokens"</h1>
        <p class="lead">
            "A token lets a script call the API as your account, with your roles: send it as "
            <code>"Authorization: Bearer <token>"</code>"."
        </p>
        <form class="form inline-form" on:submit=submit>
            <div class="field">
                <label for="token-name">"Token name"</label>
                <input
                    id="token-name"
                    class="input"
                    bind:value=name
                    placeholder="deploy pipeline"
                />
            </div>
            <button
                type="submit"
                class="button button-primary"
                disabled=move || create.pending().get()
            >
                "Create token"
            </button>
        </form>
        {outcome}
        {move || match tokens.get() {
            None => view! { <Loading label="Loading your tokens…" /> }.into_any(),
            Some(Err(error)) => {
                view! { <LoadError error retry=move |()| tokens.refetch() /> }.into_any()
            }
            Some(Ok(list)) if list.is_empty() => {
                view! { <p>"You have no API tokens."</p> }.into_any()
            }
            Some(Ok(list)) => {
                view! { <TokenTable tokens=list on_revoked=move |()| tokens.refetch() /> }
                    .into_any()
            }
        }}
    }
}

#[component]
fn TokenTable(tokens: Vec<ApiToken>, #[prop(into)] on_revoked: Callback<()>) -> impl IntoView {
    let rows =
        tokens.into_iter().map(|token| view! { <TokenRow token on_revoked /> }).collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption class="visually-hidden">"Your API tokens"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn TokenRow(token: ApiToken, on_revoked: Callback<()>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let id = token.id.clone();
    let revoke = Action::new_local(move |(): &()| {
        let id = id.clone();
        async move { api::revoke_api_token(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = revoke.value().get() {
            confirming.set(false);
            on_revoked.run(());
        }
    });
    let error =
        Signal::derive(move || revoke.value().get().and_then(Result::err).map(|e| e.message()));
    let last_used =
        token.last_used_at.as_deref().map(short_date).unwrap_or_else(|| "never".to_owned());
    view! {
        <tr>
            <th scope="row">{token.name.clone()}</th>
            <td>{short_date(&token.created_at)}</td>
            <td>{last_used}</td>
            <td>
                <button
                    type="button"
                    class="button button-danger"
                    on:click=move |_| confirming.set(true)
                >
                    "Revoke"
                </button>
                <ConfirmDialog
                    open=confirming
                    title=format!("Revoke {}?", token.name)
                    confirm_label="Revoke token"
                    on_confirm=move |()| { revoke.dispatch(()); }
                    pending=revoke.pending()
                    error
                >
                    <p>"Scripts using this token are refused from now on."</p>
                </ConfirmDialog>
            </td>
        </tr>
    }
}
