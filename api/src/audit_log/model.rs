//! Reading the audit log (rows are written by the platform's `crate::audit`).

use diesel::prelude::*;

use super::json::{ActorType, AuditEntry, AuditQuery};
use crate::db::schema::audit_log;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

pub type Row = (
    String,
    chrono::NaiveDateTime,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// The columns of an audit row, in [`Row`] order.
type Columns = (
    audit_log::id,
    audit_log::occurred_at,
    audit_log::actor_type,
    audit_log::actor_id,
    audit_log::action,
    audit_log::resource_type,
    audit_log::resource_id,
    audit_log::request_id,
);
const COLUMNS: Columns = (
    audit_log::id,
    audit_log::occurred_at,
    audit_log::actor_type,
    audit_log::actor_id,
    audit_log::action,
    audit_log::resource_type,
    audit_log::resource_id,
    audit_log::request_id,
);

/// Every event of an organisation about any of `records`, oldest first (a
/// person's history in their export: their record and their consents).
pub fn about(conn: &mut DbConnection, org: &str, records: &[String]) -> Result<Vec<Row>, ApiError> {
    crate::audit::settle(conn)?;
    Ok(audit_log::table
        .filter(audit_log::organization_id.eq(org))
        .filter(audit_log::resource_id.eq_any(records))
        .order(audit_log::id.asc())
        .select(COLUMNS)
        .load(conn)?)
}

/// One page (`fetch` rows, newest first, after the cursor id `after`)
/// of an organisation's log, filtered as `query` asks.
pub fn page(
    conn: &mut DbConnection,
    org: &str,
    query: &AuditQuery,
    fetch: i64,
    after: Option<&str>,
) -> Result<Vec<Row>, ApiError> {
    crate::audit::settle(conn)?;
    let mut q = audit_log::table
        .filter(audit_log::organization_id.eq(org))
        .select(COLUMNS)
        .order(audit_log::id.desc())
        .limit(fetch)
        .into_boxed();
    if let Some(after) = after {
        q = q.filter(audit_log::id.lt(after.to_string()));
    }
    if let Some(v) = &query.actor_id {
        q = q.filter(audit_log::actor_id.eq(v.clone()));
    }
    if let Some(v) = &query.resource_type {
        q = q.filter(audit_log::resource_type.eq(v.clone()));
    }
    if let Some(v) = &query.resource_id {
        q = q.filter(audit_log::resource_id.eq(v.clone()));
    }
    if let Some(v) = &query.action {
        q = q.filter(audit_log::action.eq(v.clone()));
    }
    if let Some(v) = query.since {
        q = q.filter(audit_log::occurred_at.ge(v.naive_utc()));
    }
    if let Some(v) = query.until {
        q = q.filter(audit_log::occurred_at.lt(v.naive_utc()));
    }
    Ok(q.load(conn)?)
}

/// An audit row as the API shows it, its record id as `resource_id` says.
pub fn entry_from(
    r: Row,
    resource_id: impl FnOnce(&str, Option<String>) -> Option<String>,
) -> AuditEntry {
    AuditEntry {
        id: r.0,
        occurred_at: ids::utc(r.1),
        actor_type: match r.2.as_str() {
            "user" => ActorType::User,
            "api_key" => ActorType::ApiKey,
            "system" => ActorType::System,
            _ => ActorType::Anonymous,
        },
        actor_id: r.3,
        action: r.4,
        resource_id: resource_id(&r.5, r.6),
        resource_type: r.5,
        request_id: r.7,
    }
}
