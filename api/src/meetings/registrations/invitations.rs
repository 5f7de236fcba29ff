//! The invitation rows: who is invited to a meeting. An invited
//! participant sees the meeting (`meetings::access`) and may register for
//! it even when it is by invitation only.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::MeetingInvitation;
use crate::codes::RegistrationStatus;
use crate::db::schema::{
    meeting_invitations as invites, meeting_registrations as regs, participants,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::pagination::{Page, PageRequest};

/// Whether the participant is invited to the meeting.
pub fn is_invited(
    conn: &mut DbConnection,
    meeting_id: &str,
    participant_id: &str,
) -> Result<bool, ApiError> {
    let n: i64 = invites::table
        .filter(invites::meeting_id.eq(meeting_id))
        .filter(invites::participant_id.eq(participant_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Invites the people not invited yet (after the meeting's lock, so that
/// two requests never insert the same row); returns how many were new.
pub fn invite(
    conn: &mut DbConnection,
    meeting_id: &str,
    participant_ids: &[String],
    by: Option<&str>,
) -> Result<usize, ApiError> {
    let already: Vec<String> = invites::table
        .filter(invites::meeting_id.eq(meeting_id))
        .filter(invites::participant_id.eq_any(participant_ids))
        .select(invites::participant_id)
        .load(conn)?;
    let now = ids::now();
    let mut added = 0;
    for p in participant_ids.iter().filter(|p| !already.contains(p)) {
        diesel::insert_into(invites::table)
            .values((
                invites::meeting_id.eq(meeting_id),
                invites::participant_id.eq(p),
                invites::invited_by.eq(by),
                invites::created_at.eq(now),
            ))
            .execute(conn)?;
        added += 1;
    }
    Ok(added)
}

/// Withdraws an invitation; false when there was none.
pub fn withdraw(
    conn: &mut DbConnection,
    meeting_id: &str,
    participant_id: &str,
) -> Result<bool, ApiError> {
    let n = diesel::delete(
        invites::table
            .filter(invites::meeting_id.eq(meeting_id))
            .filter(invites::participant_id.eq(participant_id)),
    )
    .execute(conn)?;
    Ok(n > 0)
}

type Row = (String, String, Option<String>, NaiveDateTime);

fn views(
    conn: &mut DbConnection,
    meeting_id: &str,
    rows: Vec<Row>,
) -> Result<Vec<MeetingInvitation>, ApiError> {
    let people: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let mut names: HashMap<String, Option<String>> = HashMap::new();
    let mut statuses: HashMap<String, String> = HashMap::new();
    if !people.is_empty() {
        let found: Vec<(String, Option<String>)> = participants::table
            .filter(participants::id.eq_any(&people))
            .select((participants::id, participants::name))
            .load(conn)?;
        names.extend(found);
        let found: Vec<(String, String)> = regs::table
            .filter(regs::meeting_id.eq(meeting_id))
            .filter(regs::participant_id.eq_any(&people))
            .select((regs::participant_id, regs::status))
            .load(conn)?;
        statuses.extend(found);
    }
    Ok(rows
        .into_iter()
        .map(|(m, p, by, at)| MeetingInvitation {
            participant_name: names.get(&p).cloned().flatten(),
            registration_status: statuses.get(&p).and_then(|s| RegistrationStatus::parse(s)),
            meeting_id: m,
            participant_id: p,
            invited_by: by,
            created_at: ids::utc(at),
        })
        .collect())
}

/// The invitations of these people to the meeting, in the order named.
pub fn of(
    conn: &mut DbConnection,
    meeting_id: &str,
    participant_ids: &[String],
) -> Result<Vec<MeetingInvitation>, ApiError> {
    let rows: Vec<Row> = invites::table
        .filter(invites::meeting_id.eq(meeting_id))
        .filter(invites::participant_id.eq_any(participant_ids))
        .select((
            invites::meeting_id,
            invites::participant_id,
            invites::invited_by,
            invites::created_at,
        ))
        .load(conn)?;
    let mut out = views(conn, meeting_id, rows)?;
    out.sort_by_key(|i| participant_ids.iter().position(|p| *p == i.participant_id));
    Ok(out)
}

/// A page of the meeting's invitations by participant id.
pub fn page(
    conn: &mut DbConnection,
    meeting_id: &str,
    request: &PageRequest,
) -> Result<Page<MeetingInvitation>, ApiError> {
    let mut sql = invites::table
        .filter(invites::meeting_id.eq(meeting_id))
        .select((
            invites::meeting_id,
            invites::participant_id,
            invites::invited_by,
            invites::created_at,
        ))
        .into_boxed();
    if let Some(after) = request.after_id() {
        sql = sql.filter(invites::participant_id.gt(after.to_string()));
    }
    let mut rows: Vec<Row> = sql
        .order(invites::participant_id.asc())
        .limit(request.fetch())
        .load(conn)?;
    let next_cursor = request.cut(&mut rows, |r| (String::new(), r.1.clone()));
    Ok(Page {
        items: views(conn, meeting_id, rows)?,
        next_cursor,
    })
}
