//! The provider list: loading, error, empty and paged states.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use wif_core::{IdentityProvider, Page as ResultPage};

use crate::api;
use crate::components::layout::set_title;
use crate::components::provider_table::ProviderTable;
use crate::components::status::{LoadError, Loading};
use crate::routes::Page;
use crate::session::use_session;

const PER_PAGE: u32 = 50;

#[component]
pub fn ProvidersPage() -> impl IntoView {
    set_title("Identity providers");
    let query = use_query_map();
    let page_num = Memo::new(move |_| {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p >= 1))
            .unwrap_or(1)
    });
    let providers = LocalResource::new(move || api::list_providers(PER_PAGE, page_num.get()));
    let can_manage = use_session().can(|p| p.can_manage_identity_providers());

    view! {
        <div class="page-header">
            <h1>"Identity providers"</h1>
            <Show when=move || can_manage.get()>
                <AddProviderMenu />
            </Show>
        </div>
        <p class="lead">
            "Each provider tells the database which tokens to accept: who issued them, for which \
             audience, and which claim names the workload."
        </p>
        {move || match providers.get() {
            None => view! { <Loading label="Loading identity providers…" /> }.into_any(),
            Some(Err(error)) => {
                view! { <LoadError error retry=move |()| providers.refetch() /> }.into_any()
            }
            Some(Ok(page)) => view! { <ProviderList page /> }.into_any(),
        }}
    }
}

#[component]
fn ProviderList(page: ResultPage<IdentityProvider>) -> impl IntoView {
    if page.total_count == 0 {
        return view! { <EmptyState /> }.into_any();
    }
    let pages = page.total_count.div_ceil(u64::from(page.items_per_page)).max(1);
    let current = page.page_num;
    let link = |n: u32| format!("{}?page={n}", Page::Providers.href());
    if page.results.is_empty() {
        return view! {
            <div class="notice">
                <p>{format!("There is no page {current}; the list has {pages}.")}</p>
                <A href=link(1)>"Go to the first page"</A>
            </div>
        }
        .into_any();
    }
    let summary = match (pages, page.total_count) {
        (1, 1) => "1 provider.".to_owned(),
        (1, total) => format!("{total} providers."),
        (pages, total) => format!("Page {current} of {pages}, {total} providers in all."),
    };
    let previous = (current > 1).then(|| view! { <A href=link(current - 1)>"Previous page"</A> });
    let next =
        (u64::from(current) < pages).then(|| view! { <A href=link(current + 1)>"Next page"</A> });

    view! {
        <ProviderTable providers=page.results />
        <nav class="pager" aria-label="Pages">
            {previous}
            <span>{summary}</span>
            {next}
        </nav>
    }
    .into_any()
}

#[component]
fn EmptyState() -> impl IntoView {
    view! {
        <div class="empty">
            <h2>"No identity providers yet"</h2>
            <p>
                "Add the issuer that signs your workloads' tokens: Azure Entra ID, Google Cloud \
                 or any OpenID Connect issuer."
            </p>
            <Show when=move || use_session().can(|p| p.can_manage_identity_providers()).get()>
                <AddProviderMenu />
            </Show>
        </div>
    }
}

/// The three ways to add a provider: a wizard per cloud, or the plain form for any issuer.
/// A disclosure element, so that it opens with the keyboard and without script of its own.
#[component]
fn AddProviderMenu() -> impl IntoView {
    let choices = [
        (Page::AzureSetup, "Azure Entra ID", "Managed identities and service principals"),
        (Page::GoogleSetup, "Google Cloud", "Service accounts"),
        (Page::NewProvider, "Other OIDC issuer", "Any issuer, with the plain form"),
    ];
    let items = choices
        .into_iter()
        .map(|(page, name, what)| {
            view! {
                <li>
                    <A href=page.href()>
                        <strong>{name}</strong>
                        <span class="hint">{what}</span>
                    </A>
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="menu">
            <summary class="button button-primary">"Add provider"</summary>
            <ul class="menu-items" aria-label="Kinds of provider">{items}</ul>
        </details>
    }
}
