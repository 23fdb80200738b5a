//! `GET /api/v1/audit-events`: the audit trail, newest first.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::Deserialize;
use wif_core::{AuditEvent, Page, ProblemType};

use super::ApiError;
use super::extract::PageQuery;
use crate::AppState;
use crate::auth::Caller;
use crate::db::audit::{self, Filter};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditQuery {
    object_type: Option<String>,
    object_id: Option<String>,
    account_id: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    PageQuery(page): PageQuery,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<Page<AuditEvent>>, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::new(ProblemType::InvalidQuery, "The query string cannot be read.")
    })?;
    caller.require(caller.permissions().can_read_audit_trail(), "read the audit trail")?;
    let filter = Filter {
        object_type: query.object_type,
        object_id: query.object_id,
        account_id: query.account_id,
    };
    let (results, total_count) = state.db.run(move |conn| audit::list(conn, &filter, page)).await?;
    Ok(Json(Page {
        results,
        items_per_page: page.items_per_page,
        page_num: page.page_num,
        total_count,
    }))
}
