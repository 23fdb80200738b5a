//! The list of identity providers as a table.

use leptos::prelude::*;
use leptos_router::components::A;
use wif_core::IdentityProvider;

use crate::routes::Page;

#[component]
pub fn ProviderTable(providers: Vec<IdentityProvider>) -> impl IntoView {
    let rows =
        providers.into_iter().map(|provider| view! { <ProviderRow provider /> }).collect_view();
    view! {
        <div class="table-scroll">
            <table class="providers">
                <caption class="visually-hidden">"Identity providers"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Issuer URI"</th>
                        <th scope="col">"Audience"</th>
                        <th scope="col">"Authorization"</th>
                        <th scope="col">"Updated"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn ProviderRow(provider: IdentityProvider) -> impl IntoView {
    let href = Page::Provider(provider.id.clone()).href();
    view! {
        <tr>
            <th scope="row">
                <A href=href>{provider.display_name}</A>
            </th>
            <td class="mono">{provider.issuer_uri}</td>
            <td class="mono">{provider.audience}</td>
            <td>{provider.authorization_type.label()}</td>
            <td>
                <time datetime=provider.updated_at.clone()>{short_date(&provider.updated_at)}</time>
            </td>
        </tr>
    }
}

/// `2026-12-03T17:40:00Z` as `2026-12-03 17:40 UTC`: exact, and readable at a glance.
pub fn short_date(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(day), Some(minute)) => format!("{day} {minute} UTC"),
        _ => rfc3339.to_owned(),
    }
}
