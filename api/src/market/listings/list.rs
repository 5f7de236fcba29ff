//! The listing list: newest first, filtered; or, with `updated_since`,
//! every change in the order it happened. Listings are never deleted:
//! an archived listing is the tombstone a syncing client sees.

use diesel::prelude::*;

use super::json::{Listing, ListingListQuery};
use super::model::{build, ListingRow};
use crate::db::schema::market_listings as l;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::market::sellers::access::Caller;
use crate::pagination::{time_key, Page, PageRequest, UPDATED};

/// The list's order: the newest first.
pub const ORDER: &str = "created_desc";

/// The order for the query.
pub fn order_of(q: &ListingListQuery) -> &'static str {
    if q.updated_since.is_some() {
        UPDATED
    } else {
        ORDER
    }
}

/// A page of the listings the caller sees: staff every listing of the
/// organisation, a seller their own (anyone else none).
pub fn page(
    conn: &mut DbConnection,
    org: &str,
    caller: &Caller,
    q: &ListingListQuery,
    request: &PageRequest,
) -> Result<Page<Listing>, ApiError> {
    let mut sql = l::table
        .filter(l::organization_id.eq(org))
        .select(ListingRow::as_select())
        .into_boxed();
    if !caller.is_staff() {
        let Some(own) = caller.seller_id() else {
            return Ok(Page {
                items: Vec::new(),
                next_cursor: None,
            });
        };
        sql = sql.filter(l::seller_id.eq(own.to_string()));
    }
    if let Some(s) = &q.seller_id {
        sql = sql.filter(l::seller_id.eq(s.clone()));
    }
    if let Some(s) = q.status {
        sql = sql.filter(l::status.eq(s.as_str()));
    } else if q.updated_since.is_none() {
        sql = sql.filter(l::status.ne("archived"));
    }
    for pattern in crate::skills::model::search::word_patterns(q.q.as_deref()) {
        sql = sql.filter(l::search_text.like(pattern).escape('\\'));
    }
    let by_update = q.updated_since.is_some();
    let mut rows: Vec<ListingRow> = if let Some(since) = q.updated_since {
        sql = sql.filter(l::updated_at.ge(since.naive_utc()));
        crate::keyset_page!(sql, request, asc, l::updated_at, l::id, conn)?
    } else {
        crate::keyset_page!(sql, request, desc, l::created_at, l::id, conn)?
    };
    let next_cursor = request.cut(&mut rows, |r| {
        let t = if by_update {
            r.updated_at
        } else {
            r.created_at
        };
        (time_key(t), r.id.clone())
    });
    let items = build(conn, rows)?;
    Ok(Page { items, next_cursor })
}
