//! The feedback rows: whether someone attended, saving a person's rating,
//! and reading ratings without ever selecting who gave them (only a
//! person's own row is read by participant).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    meeting_bookings as bookings, meeting_feedback as feedback, meeting_guests as guests,
    meeting_registrations as regs, meetings,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::meetings::model::MeetingRow;
use crate::pagination::PageRequest;

/// A person's own feedback row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = feedback)]
pub struct FeedbackRow {
    pub id: String,
    pub meeting_id: String,
    pub rating: i32,
    pub comment: Option<String>,
    pub comment_language: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A rating as a summary counts it: its meeting, never its author.
#[derive(Debug, Clone, Queryable)]
pub struct Rated {
    pub meeting_id: String,
    pub kind: String,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub time_zone: String,
    pub rating: i32,
}

/// Whether the participant attended the meeting: a registration or a
/// booking of it marked `attended`.
pub fn attended(conn: &mut DbConnection, meeting_id: &str, pid: &str) -> Result<bool, ApiError> {
    let registered: i64 = regs::table
        .filter(regs::meeting_id.eq(meeting_id))
        .filter(regs::participant_id.eq(pid))
        .filter(regs::attendance.eq("attended"))
        .count()
        .get_result(conn)?;
    if registered > 0 {
        return Ok(true);
    }
    let booked: i64 = bookings::table
        .filter(bookings::meeting_id.eq(meeting_id))
        .filter(bookings::participant_id.eq(pid))
        .filter(bookings::attendance.eq("attended"))
        .count()
        .get_result(conn)?;
    Ok(booked > 0)
}

/// Takes the meeting's row lock (PostgreSQL) or the database's write lock
/// (SQLite) before anything is read, so that writers on one meeting take
/// turns; nothing in the row changes.
pub fn lock_meeting(conn: &mut DbConnection, meeting_id: &str) -> Result<(), ApiError> {
    diesel::update(meetings::table.filter(meetings::id.eq(meeting_id)))
        .set(meetings::arrivals.eq(meetings::arrivals))
        .execute(conn)?;
    Ok(())
}

/// The participant's own feedback on a meeting.
pub fn mine(
    conn: &mut DbConnection,
    meeting_id: &str,
    pid: &str,
) -> Result<Option<FeedbackRow>, ApiError> {
    Ok(feedback::table
        .filter(feedback::meeting_id.eq(meeting_id))
        .filter(feedback::participant_id.eq(pid))
        .select(FeedbackRow::as_select())
        .first(conn)
        .optional()?)
}

/// What a rating holds once checked: the comment trimmed (none when
/// empty), its language only with a comment.
pub struct Rating {
    pub rating: i32,
    pub comment: Option<String>,
    pub comment_language: Option<String>,
}

/// Saves the participant's rating of the meeting (one per person and
/// meeting: a second one replaces the first). Returns the row and whether
/// it is new.
pub fn save(
    conn: &mut DbConnection,
    org: &str,
    meeting_id: &str,
    pid: &str,
    r: &Rating,
) -> Result<(FeedbackRow, bool), ApiError> {
    lock_meeting(conn, meeting_id)?;
    let now = ids::now();
    let changed = diesel::update(
        feedback::table
            .filter(feedback::meeting_id.eq(meeting_id))
            .filter(feedback::participant_id.eq(pid)),
    )
    .set((
        feedback::rating.eq(r.rating),
        feedback::comment.eq(&r.comment),
        feedback::comment_language.eq(&r.comment_language),
        feedback::updated_at.eq(now),
    ))
    .execute(conn)?;
    let created = changed == 0;
    if created {
        diesel::insert_into(feedback::table)
            .values((
                feedback::id.eq(ids::new_id()),
                feedback::organization_id.eq(org),
                feedback::meeting_id.eq(meeting_id),
                feedback::participant_id.eq(pid),
                feedback::rating.eq(r.rating),
                feedback::comment.eq(&r.comment),
                feedback::comment_language.eq(&r.comment_language),
                feedback::created_at.eq(now),
                feedback::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    let row = mine(conn, meeting_id, pid)?
        .ok_or_else(|| ApiError::internal("feedback saved but not found"))?;
    Ok((row, created))
}

/// A rating with its comment and the comment's language, without its author.
pub type Anonymous = (i32, Option<String>, Option<String>);

/// A meeting's ratings with their comments and languages, in no order that
/// follows who gave them or when.
pub fn of_meeting(conn: &mut DbConnection, meeting_id: &str) -> Result<Vec<Anonymous>, ApiError> {
    Ok(feedback::table
        .filter(feedback::meeting_id.eq(meeting_id))
        .select((
            feedback::rating,
            feedback::comment,
            feedback::comment_language,
        ))
        .order((
            feedback::rating.asc(),
            feedback::comment.asc(),
            feedback::comment_language.asc(),
        ))
        .load(conn)?)
}

/// The ratings of the organisation's meetings starting in [`from`, `to`)
/// (UTC), of one kind when given.
pub fn rated_between(
    conn: &mut DbConnection,
    org: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
    kind: Option<&str>,
) -> Result<Vec<Rated>, ApiError> {
    let mut sql = feedback::table
        .inner_join(meetings::table)
        .filter(feedback::organization_id.eq(org))
        .filter(meetings::organization_id.eq(org))
        .filter(meetings::deleted_at.is_null())
        .filter(meetings::starts_at.ge(from))
        .filter(meetings::starts_at.lt(to))
        .select((
            meetings::id,
            meetings::kind,
            meetings::title,
            meetings::starts_at,
            meetings::time_zone,
            feedback::rating,
        ))
        .into_boxed();
    if let Some(k) = kind {
        sql = sql.filter(meetings::kind.eq(k.to_string()));
    }
    Ok(sql
        .order((
            meetings::starts_at.asc(),
            meetings::id.asc(),
            feedback::rating.asc(),
        ))
        .load(conn)?)
}

/// A page of the organisation's meetings starting in [`from`, `to`) (UTC).
pub fn meetings_between(
    conn: &mut DbConnection,
    org: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
    kind: Option<&str>,
    request: &PageRequest,
) -> Result<Vec<MeetingRow>, ApiError> {
    let mut sql = meetings::table
        .filter(meetings::organization_id.eq(org))
        .filter(meetings::deleted_at.is_null())
        .filter(meetings::starts_at.ge(from))
        .filter(meetings::starts_at.lt(to))
        .select(MeetingRow::as_select())
        .into_boxed();
    if let Some(k) = kind {
        sql = sql.filter(meetings::kind.eq(k.to_string()));
    }
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
    Ok(sql
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .limit(request.fetch())
        .load(conn)?)
}

/// Attendance and ratings of some meetings, counted.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub registered: i64,
    pub waiting: i64,
    pub booked: i64,
    pub attended: i64,
    pub no_show: i64,
    pub guests: i64,
    pub ratings: Vec<i32>,
}

/// The tallies of `ids`' meetings.
pub fn tallies(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Tally>, ApiError> {
    let mut out: HashMap<String, Tally> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let registrations: Vec<(String, String, Option<String>)> = regs::table
        .filter(regs::meeting_id.eq_any(ids))
        .select((regs::meeting_id, regs::status, regs::attendance))
        .load(conn)?;
    for (m, status, attendance) in registrations {
        let t = out.entry(m).or_default();
        match status.as_str() {
            "registered" => t.registered += 1,
            "waiting" => t.waiting += 1,
            _ => {}
        }
        match attendance.as_deref() {
            Some("attended") => t.attended += 1,
            Some("no_show") => t.no_show += 1,
            _ => {}
        }
    }
    let booked: Vec<(String, String, Option<String>)> = bookings::table
        .filter(bookings::meeting_id.eq_any(ids))
        .select((bookings::meeting_id, bookings::status, bookings::attendance))
        .load(conn)?;
    for (m, status, attendance) in booked {
        let t = out.entry(m).or_default();
        if status == "booked" {
            t.booked += 1;
        }
        match attendance.as_deref() {
            Some("attended") => t.attended += 1,
            Some("no_show") => t.no_show += 1,
            _ => {}
        }
    }
    let walk_ins: Vec<(String, i64)> = guests::table
        .filter(guests::meeting_id.eq_any(ids))
        .group_by(guests::meeting_id)
        .select((guests::meeting_id, diesel::dsl::count_star()))
        .load(conn)?;
    for (m, n) in walk_ins {
        out.entry(m).or_default().guests = n;
    }
    let rated: Vec<(String, i32)> = feedback::table
        .filter(feedback::meeting_id.eq_any(ids))
        .select((feedback::meeting_id, feedback::rating))
        .load(conn)?;
    for (m, r) in rated {
        out.entry(m).or_default().ratings.push(r);
    }
    Ok(out)
}
