//! The opportunity list: for participants the newest opened first, for
//! staff and partners the newest created first; with `updated_since`
//! every change in the order it happened. Opportunities are never
//! deleted: an archived one (and, for participants, a closed or filled
//! one) is the tombstone a syncing client sees.

use diesel::prelude::*;

use super::access::Caller;
use super::json::{Opportunity, OpportunityListQuery};
use super::model::{build, OpportunityRow};
use crate::db::schema::opportunities as o;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::pagination::{time_key, Page, PageRequest, UPDATED};

/// Staff's and partners' order: the newest created first.
pub const CREATED: &str = "created_desc";
/// Participants' order: the newest opened first.
pub const OPENED: &str = "opened_desc";

/// The order for the query and caller.
pub fn order_of(q: &OpportunityListQuery, participant: bool) -> &'static str {
    if q.updated_since.is_some() {
        UPDATED
    } else if participant {
        OPENED
    } else {
        CREATED
    }
}

fn empty() -> Page<Opportunity> {
    Page {
        items: Vec::new(),
        next_cursor: None,
    }
}

/// A page of the opportunities the caller (the user `me`, if a person)
/// sees (see `access`).
pub fn page(
    conn: &mut DbConnection,
    org: &str,
    caller: &Caller,
    me: Option<&str>,
    q: &OpportunityListQuery,
    request: &PageRequest,
    lang: &str,
) -> Result<Page<Opportunity>, ApiError> {
    let mut sql = o::table
        .filter(o::organization_id.eq(org))
        .select(OpportunityRow::as_select())
        .into_boxed();
    let pull = q.updated_since.is_some();
    let participant = matches!(caller, Caller::Participant { .. });
    match caller {
        Caller::Staff => {}
        Caller::Partner { user_id } => {
            sql = sql.filter(o::partner_user_id.eq(user_id.clone()));
        }
        Caller::Participant { .. } => {
            sql = if pull {
                sql.filter(o::status.ne("draft"))
            } else {
                sql.filter(o::status.eq("open"))
            };
        }
        Caller::Other => return Ok(empty()),
    }
    if q.mine == Some(true) {
        // A partner's own; for staff, the ones they posted.
        match (caller, me) {
            (Caller::Partner { user_id }, _) => {
                sql = sql.filter(o::partner_user_id.eq(user_id.clone()))
            }
            (Caller::Staff, Some(user)) => sql = sql.filter(o::created_by.eq(user.to_string())),
            _ => return Ok(empty()),
        }
    }
    if !pull {
        sql = sql.filter(o::archived_at.is_null());
    }
    if let Some(k) = q.kind {
        sql = sql.filter(o::kind.eq(k.as_str()));
    }
    if let Some(s) = q.status {
        sql = sql.filter(o::status.eq(s.as_str()));
    }
    if let Some(p) = q.place {
        sql = sql.filter(o::place.eq(p.as_str()));
    }
    if let Some(m) = q
        .municipality
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        sql = sql.filter(o::municipality.eq(m.to_string()));
    }
    for pattern in crate::skills::model::search::word_patterns(q.q.as_deref()) {
        sql = sql.filter(o::search_text.like(pattern).escape('\\'));
    }
    let order = order_of(q, participant);
    let mut rows: Vec<OpportunityRow> = if let Some(since) = q.updated_since {
        sql = sql.filter(o::updated_at.ge(since.naive_utc()));
        crate::keyset_page!(sql, request, asc, o::updated_at, o::id, conn)?
    } else if order == OPENED {
        sql = sql.filter(o::opened_at.is_not_null());
        crate::keyset_page!(sql, request, desc, o::opened_at, o::id, conn)?
    } else {
        crate::keyset_page!(sql, request, desc, o::created_at, o::id, conn)?
    };
    let next_cursor = request.cut(&mut rows, |r| {
        let t = match order {
            UPDATED => r.updated_at,
            OPENED => r.opened_at.unwrap_or(r.created_at),
            _ => r.created_at,
        };
        (time_key(t), r.id.clone())
    });
    let items = build(conn, rows, lang, caller.participant())?;
    Ok(Page { items, next_cursor })
}
