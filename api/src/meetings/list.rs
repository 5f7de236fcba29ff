//! The agenda: meetings by start time, filtered; or, with `updated_since`,
//! every change in the order it happened, tombstones included.

use diesel::prelude::*;

use super::access::{condition, Viewer};
use super::json::{Meeting, MeetingListQuery};
use super::model::{build, MeetingRow};
use crate::auth::Actor;
use crate::db::schema::{
    meeting_invitations as invites, meeting_registrations as regs, meeting_staff, meetings,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::pagination::{time_key, Page, PageRequest, UPDATED};

/// The agenda's order: the earliest start first.
pub const ORDER: &str = "starts_at";

/// The order for `updated_since`.
pub fn order_of(q: &MeetingListQuery) -> &'static str {
    if q.updated_since.is_some() {
        UPDATED
    } else {
        ORDER
    }
}

/// A page of the meetings the caller sees.
pub fn page(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    q: &MeetingListQuery,
    request: &PageRequest,
    lang: &str,
) -> Result<Page<Meeting>, ApiError> {
    let mut sql = meetings::table
        .filter(meetings::organization_id.eq(&actor.organization_id))
        .select(MeetingRow::as_select())
        .into_boxed();
    if let Some(c) = condition(viewer) {
        sql = sql.filter(c);
    }
    if let Some(from) = q.from {
        sql = sql.filter(meetings::ends_at.ge(from.naive_utc()));
    }
    if let Some(to) = q.to {
        sql = sql.filter(meetings::starts_at.lt(to.naive_utc()));
    }
    if let Some(k) = q.kind {
        sql = sql.filter(meetings::kind.eq(k.as_str()));
    }
    if let Some(s) = q.status {
        sql = sql.filter(meetings::status.eq(s.as_str()));
    }
    if let Some(v) = &q.venue_id {
        sql = sql.filter(meetings::venue_id.eq(v.clone()));
    }
    if let Some(s) = &q.series_id {
        sql = sql.filter(meetings::series_id.eq(s.clone()));
    }
    if q.mine {
        match viewer {
            Viewer::Participant(pid) => {
                let mine = regs::table
                    .filter(regs::participant_id.eq(pid.clone()))
                    .filter(regs::status.ne("cancelled"))
                    .select(regs::meeting_id);
                let interviews = invites::table
                    .filter(invites::participant_id.eq(pid.clone()))
                    .select(invites::meeting_id);
                sql = sql.filter(
                    meetings::id.eq_any(mine).or(meetings::id
                        .eq_any(interviews)
                        .and(meetings::kind.eq(crate::codes::MeetingKind::JobInterview.as_str()))),
                );
            }
            _ => {
                let me = actor.user_id().unwrap_or("").to_string();
                let mine = meeting_staff::table
                    .filter(meeting_staff::user_id.eq(me))
                    .select(meeting_staff::meeting_id);
                sql = sql.filter(meetings::id.eq_any(mine));
            }
        }
    }
    let rows: Vec<MeetingRow> = if let Some(since) = q.updated_since {
        sql = sql.filter(meetings::updated_at.ge(since.naive_utc()));
        if let Some(after) = &request.after {
            let at = after.time()?;
            sql = sql.filter(
                meetings::updated_at.ge(at).and(
                    meetings::updated_at
                        .gt(at)
                        .or(meetings::id.gt(after.id.clone())),
                ),
            );
        }
        sql.order((meetings::updated_at.asc(), meetings::id.asc()))
            .limit(request.fetch())
            .load(conn)?
    } else {
        sql = sql.filter(meetings::deleted_at.is_null());
        if let Some(after) = &request.after {
            let at = after.time()?;
            sql = sql.filter(
                meetings::starts_at.ge(at).and(
                    meetings::starts_at
                        .gt(at)
                        .or(meetings::id.gt(after.id.clone())),
                ),
            );
        }
        sql.order((meetings::starts_at.asc(), meetings::id.asc()))
            .limit(request.fetch())
            .load(conn)?
    };
    let mut rows = rows;
    let by_update = q.updated_since.is_some();
    let next_cursor = request.cut(&mut rows, |r| {
        let t = if by_update { r.updated_at } else { r.starts_at };
        (time_key(t), r.id.clone())
    });
    let items = build(conn, rows, lang, viewer.participant())?;
    Ok(Page { items, next_cursor })
}
