//! Registrations as the API shows them: names for staff, places on the
//! waiting list, and a meeting's list by order of arrival.

use std::collections::HashMap;

use diesel::prelude::*;

use super::json::Registration;
use super::model::{row, RegistrationRow};
use crate::codes::{Attendance, RegistrationStatus};
use crate::db::schema::{meeting_registrations as regs, participants};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::pagination::{Page, PageRequest};

/// The list's one order: arrival.
pub const ORDER: &str = "arrival";

/// The views of `rows`, with the people's names when `names`. Places on
/// the waiting list are exact when the waiting rows of each meeting among
/// `rows` are consecutive in arrival order (one row, or a page by arrival).
pub fn build(
    conn: &mut DbConnection,
    rows: Vec<RegistrationRow>,
    names: bool,
) -> Result<Vec<Registration>, ApiError> {
    let mut name_of: HashMap<String, Option<String>> = HashMap::new();
    if names && !rows.is_empty() {
        let ids: Vec<&str> = rows.iter().map(|r| r.participant_id.as_str()).collect();
        let found: Vec<(String, Option<String>)> = participants::table
            .filter(participants::id.eq_any(ids))
            .select((participants::id, participants::name))
            .load(conn)?;
        name_of.extend(found);
    }
    // Per meeting: how many wait ahead of the first waiting row given.
    let mut waiting: Vec<(usize, &RegistrationRow)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status() == RegistrationStatus::Waiting)
        .collect();
    waiting.sort_by(|a, b| (&a.1.meeting_id, a.1.arrival).cmp(&(&b.1.meeting_id, b.1.arrival)));
    let mut position: HashMap<usize, i64> = HashMap::new();
    let mut current: Option<(&str, i64)> = None;
    for (i, r) in waiting {
        let next = match current {
            Some((m, p)) if m == r.meeting_id => p + 1,
            _ => {
                let ahead: i64 = regs::table
                    .filter(regs::meeting_id.eq(&r.meeting_id))
                    .filter(regs::status.eq(RegistrationStatus::Waiting.as_str()))
                    .filter(regs::arrival.lt(r.arrival))
                    .count()
                    .get_result(conn)?;
                ahead + 1
            }
        };
        position.insert(i, next);
        current = Some((r.meeting_id.as_str(), next));
    }
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| Registration {
            participant_name: name_of.get(&r.participant_id).cloned().flatten(),
            status: r.status(),
            waiting_position: position.get(&i).copied(),
            promoted_at: r.promoted_at.map(ids::utc),
            cancelled_at: r.cancelled_at.map(ids::utc),
            attendance: r.attendance.as_deref().and_then(Attendance::parse),
            created_at: ids::utc(r.created_at),
            updated_at: ids::utc(r.updated_at),
            id: r.id,
            meeting_id: r.meeting_id,
            participant_id: r.participant_id,
            arrival: r.arrival,
            walk_in: r.walk_in,
            version: r.version,
        })
        .collect())
}

/// One registration's view, read fresh.
pub fn one(
    conn: &mut DbConnection,
    org: &str,
    id: &str,
    names: bool,
) -> Result<Registration, ApiError> {
    let r = row(conn, org, id)?;
    build(conn, vec![r], names)?
        .pop()
        .ok_or_else(|| ApiError::internal("a registration without its view"))
}

/// The cursor key of an arrival.
fn key(arrival: i32) -> String {
    format!("{arrival:010}")
}

/// A page of a meeting's registrations by arrival, with names.
pub fn page(
    conn: &mut DbConnection,
    meeting_id: &str,
    status: Option<RegistrationStatus>,
    request: &PageRequest,
) -> Result<Page<Registration>, ApiError> {
    let mut sql = regs::table
        .filter(regs::meeting_id.eq(meeting_id))
        .select(RegistrationRow::as_select())
        .into_boxed();
    if let Some(s) = status {
        sql = sql.filter(regs::status.eq(s.as_str()));
    }
    if let Some(after) = &request.after {
        let arrival: i32 = after.key.parse().map_err(|_| {
            ApiError::field(
                "cursor",
                "invalid",
                "is not a cursor this server gave out for this sort order",
            )
        })?;
        sql = sql.filter(regs::arrival.gt(arrival));
    }
    let mut rows: Vec<RegistrationRow> = sql
        .order((regs::arrival.asc(), regs::id.asc()))
        .limit(request.fetch())
        .load(conn)?;
    let next_cursor = request.cut(&mut rows, |r| (key(r.arrival), r.id.clone()));
    Ok(Page {
        items: build(conn, rows, true)?,
        next_cursor,
    })
}
