//! The audit trail: who changed what, and every sign-in, newest first.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use wif_core::{AuditEvent, Page as ResultPage};

use crate::api;
use crate::components::layout::set_title;
use crate::components::provider_table::short_date;
use crate::components::status::{LoadError, Loading};
use crate::routes::Page;
use crate::session::{NotAllowed, use_session};

#[component]
pub fn AuditTrailPage() -> impl IntoView {
    set_title("Audit trail");
    let allowed = use_session().can(|p| p.can_read_audit_trail());
    let query = use_query_map();
    let page_num = Memo::new(move |_| {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p >= 1))
            .unwrap_or(1)
    });
    let events = LocalResource::new(move || api::list_audit_events(page_num.get()));

    move || {
        if !allowed.get() {
            return view! { <NotAllowed action="read the audit trail" /> }.into_any();
        }
        view! {
            <h1>"Audit trail"</h1>
            <p class="lead">
                "Every change, sign-in and token, newest first. Secrets are never recorded."
            </p>
            {move || match events.get() {
                None => view! { <Loading label="Loading the audit trail…" /> }.into_any(),
                Some(Err(error)) => {
                    view! { <LoadError error retry=move |()| events.refetch() /> }.into_any()
                }
                Some(Ok(page)) => view! { <EventTable page /> }.into_any(),
            }}
        }
        .into_any()
    }
}

#[component]
fn EventTable(page: ResultPage<AuditEvent>) -> impl IntoView {
    let pages = page.total_count.div_ceil(u64::from(page.items_per_page)).max(1);
    let current = page.page_num;
    let link = |n: u32| format!("{}?page={n}", Page::AuditTrail.href());
    let rows = page
        .results
        .into_iter()
        .map(|event| {
            let object = match &event.object_id {
                Some(id) => format!("{} {id}", event.object_type),
                None => event.object_type.clone(),
            };
            view! {
                <tr>
                    <td><time datetime=event.at.clone()>{short_date(&event.at)}</time></td>
                    <td>{event.username}</td>
                    <td class="mono">{event.action}</td>
                    <td class="mono">{object}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption class="visually-hidden">"Audit events"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Account"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Object"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            {(current > 1).then(|| view! { <A href=link(current - 1)>"Newer"</A> })}
            <span>{format!("Page {current} of {pages}, {} events.", page.total_count)}</span>
            {(u64::from(current) < pages).then(|| view! { <A href=link(current + 1)>"Older"</A> })}
        </nav>
    }
}
