//! The registration rows and the meeting's counters kept in step with
//! them: taking the meeting's lock, placing a person (registered or on the
//! waiting list), cancelling, and promoting from the waiting list in
//! arrival order.
//!
//! Every write here runs after [`lock_meeting`] in the same transaction:
//! on PostgreSQL that holds the meeting row's lock until commit, on SQLite
//! the database's one write lock; so the counters read after it are the
//! latest, and no two transactions place people at one meeting at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::codes::{MeetingStatus, RegistrationStatus};
use crate::db::schema::{meeting_registrations as regs, meetings, participants};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::meetings::model::MeetingRow;

/// A registration row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = regs)]
pub struct RegistrationRow {
    pub id: String,
    pub organization_id: String,
    pub meeting_id: String,
    pub participant_id: String,
    pub status: String,
    pub arrival: i32,
    pub registered_by: Option<String>,
    pub promoted_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub attendance: Option<String>,
    pub checked_in_at: Option<NaiveDateTime>,
    pub walk_in: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl RegistrationRow {
    pub fn status(&self) -> RegistrationStatus {
        RegistrationStatus::parse(&self.status).unwrap_or(RegistrationStatus::Cancelled)
    }
}

/// Takes the meeting's write lock without changing it (a write first, so
/// that SQLite never upgrades a read to a write under a competing writer).
/// Changes nothing, and locks nothing on PostgreSQL, when the meeting is
/// not in the organisation.
pub fn lock_meeting(conn: &mut DbConnection, org: &str, meeting_id: &str) -> Result<(), ApiError> {
    diesel::update(
        meetings::table
            .filter(meetings::id.eq(meeting_id))
            .filter(meetings::organization_id.eq(org)),
    )
    .set(meetings::arrivals.eq(meetings::arrivals))
    .execute(conn)?;
    Ok(())
}

/// [`lock_meeting`] for the meeting of a registration.
pub fn lock_meeting_of(
    conn: &mut DbConnection,
    org: &str,
    registration_id: &str,
) -> Result<(), ApiError> {
    let meeting = regs::table
        .filter(regs::id.eq(registration_id))
        .filter(regs::organization_id.eq(org))
        .select(regs::meeting_id);
    diesel::update(meetings::table.filter(meetings::id.eq_any(meeting)))
        .set(meetings::arrivals.eq(meetings::arrivals))
        .execute(conn)?;
    Ok(())
}

/// A registration by id in the organisation, or 404.
pub fn row(conn: &mut DbConnection, org: &str, id: &str) -> Result<RegistrationRow, ApiError> {
    regs::table
        .filter(regs::id.eq(id))
        .filter(regs::organization_id.eq(org))
        .select(RegistrationRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such registration"))
}

/// A person's registration at a meeting (any state), if any.
pub fn of_participant(
    conn: &mut DbConnection,
    meeting_id: &str,
    participant_id: &str,
) -> Result<Option<RegistrationRow>, ApiError> {
    Ok(regs::table
        .filter(regs::meeting_id.eq(meeting_id))
        .filter(regs::participant_id.eq(participant_id))
        .select(RegistrationRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Which of `ids` are active (neither archived nor erased) participants of
/// the organisation.
pub fn active_participants(
    conn: &mut DbConnection,
    org: &str,
    ids: &[String],
) -> Result<Vec<String>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(participants::table
        .filter(participants::organization_id.eq(org))
        .filter(participants::id.eq_any(ids))
        .filter(participants::status.eq("active"))
        .filter(participants::archived_at.is_null())
        .filter(participants::erased_at.is_null())
        .select(participants::id)
        .load(conn)?)
}

/// Whether the meeting has a free place for a newcomer: under capacity
/// and nobody waiting ahead.
fn has_room(m: &MeetingRow) -> bool {
    m.waiting_count == 0 && m.capacity.is_none_or(|c| m.registered_count < c)
}

/// Places a person at `m` (read after the lock): registered when there is
/// room, else at the end of the waiting list, with the next arrival
/// number. A cancelled registration of theirs comes back to life with that
/// new arrival. Returns the registration's id.
pub fn place(
    conn: &mut DbConnection,
    m: &MeetingRow,
    participant_id: &str,
    cancelled: Option<&RegistrationRow>,
    by: Option<&str>,
) -> Result<String, ApiError> {
    let status = if has_room(m) {
        RegistrationStatus::Registered
    } else {
        RegistrationStatus::Waiting
    };
    let (r, w) = match status {
        RegistrationStatus::Registered => (1, 0),
        _ => (0, 1),
    };
    let n = diesel::update(meetings::table.filter(meetings::id.eq(&m.id)))
        .set((
            meetings::arrivals.eq(meetings::arrivals + 1),
            meetings::registered_count.eq(meetings::registered_count + r),
            meetings::waiting_count.eq(meetings::waiting_count + w),
        ))
        .execute(conn)?;
    if n != 1 {
        return Err(ApiError::not_found("no such meeting"));
    }
    let arrival: i32 = meetings::table
        .filter(meetings::id.eq(&m.id))
        .select(meetings::arrivals)
        .get_result(conn)?;
    let now = ids::now();
    match cancelled {
        Some(old) => {
            diesel::update(regs::table.filter(regs::id.eq(&old.id)))
                .set((
                    regs::status.eq(status.as_str()),
                    regs::arrival.eq(arrival),
                    regs::registered_by.eq(by),
                    regs::promoted_at.eq(None::<NaiveDateTime>),
                    regs::cancelled_at.eq(None::<NaiveDateTime>),
                    regs::attendance.eq(None::<String>),
                    regs::checked_in_at.eq(None::<NaiveDateTime>),
                    regs::updated_at.eq(now),
                    regs::version.eq(regs::version + 1),
                ))
                .execute(conn)?;
            Ok(old.id.clone())
        }
        None => {
            let id = ids::new_id();
            diesel::insert_into(regs::table)
                .values((
                    regs::id.eq(&id),
                    regs::organization_id.eq(&m.organization_id),
                    regs::meeting_id.eq(&m.id),
                    regs::participant_id.eq(participant_id),
                    regs::status.eq(status.as_str()),
                    regs::arrival.eq(arrival),
                    regs::registered_by.eq(by),
                    regs::walk_in.eq(false),
                    regs::created_at.eq(now),
                    regs::updated_at.eq(now),
                    regs::version.eq(1),
                ))
                .execute(conn)?;
            Ok(id)
        }
    }
}

/// Cancels a registered or waiting registration at `version` and keeps
/// the meeting's counters in step; a freed place goes to the first
/// waiting person at once. Runs after the meeting's lock.
pub fn cancel(
    conn: &mut DbConnection,
    reg: &RegistrationRow,
    version: i32,
) -> Result<(), ApiError> {
    let was = reg.status();
    let now = ids::now();
    let n = diesel::update(
        regs::table
            .filter(regs::id.eq(&reg.id))
            .filter(regs::version.eq(version))
            .filter(regs::status.ne(RegistrationStatus::Cancelled.as_str())),
    )
    .set((
        regs::status.eq(RegistrationStatus::Cancelled.as_str()),
        regs::cancelled_at.eq(now),
        regs::updated_at.eq(now),
        regs::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(crate::participants::model::version_conflict(version));
    }
    let (r, w) = match was {
        RegistrationStatus::Registered => (1, 0),
        RegistrationStatus::Waiting => (0, 1),
        RegistrationStatus::Cancelled => (0, 0),
    };
    diesel::update(meetings::table.filter(meetings::id.eq(&reg.meeting_id)))
        .set((
            meetings::registered_count.eq(meetings::registered_count - r),
            meetings::waiting_count.eq(meetings::waiting_count - w),
        ))
        .execute(conn)?;
    if was == RegistrationStatus::Registered {
        promote(conn, &reg.meeting_id)?;
    }
    Ok(())
}

/// Fills the meeting's free places from its waiting list, the earliest
/// arrival first, and marks the people moved up (`promoted_at`, which
/// their home page shows). Call it after the meeting's lock (or any write
/// to the meeting row) in the transaction that freed the places: a
/// cancellation, or a capacity raised or removed. Nothing moves at a
/// meeting that is cancelled, done or over. Returns how many moved up.
pub fn promote(conn: &mut DbConnection, meeting_id: &str) -> Result<usize, ApiError> {
    let (status, ends_at, capacity, registered, waiting): (
        String,
        NaiveDateTime,
        Option<i32>,
        i32,
        i32,
    ) = meetings::table
        .filter(meetings::id.eq(meeting_id))
        .select((
            meetings::status,
            meetings::ends_at,
            meetings::capacity,
            meetings::registered_count,
            meetings::waiting_count,
        ))
        .get_result(conn)?;
    let now = ids::now();
    if status != MeetingStatus::Planned.as_str() || ends_at <= now || waiting <= 0 {
        return Ok(0);
    }
    let free = capacity.map_or(waiting, |c| (c - registered).max(0));
    if free == 0 {
        return Ok(0);
    }
    let next: Vec<String> = regs::table
        .filter(regs::meeting_id.eq(meeting_id))
        .filter(regs::status.eq(RegistrationStatus::Waiting.as_str()))
        .order(regs::arrival.asc())
        .limit(i64::from(free))
        .select(regs::id)
        .load(conn)?;
    if next.is_empty() {
        return Ok(0);
    }
    diesel::update(regs::table.filter(regs::id.eq_any(&next)))
        .set((
            regs::status.eq(RegistrationStatus::Registered.as_str()),
            regs::promoted_at.eq(now),
            regs::updated_at.eq(now),
            regs::version.eq(regs::version + 1),
        ))
        .execute(conn)?;
    let moved = next.len() as i32;
    diesel::update(meetings::table.filter(meetings::id.eq(meeting_id)))
        .set((
            meetings::registered_count.eq(meetings::registered_count + moved),
            meetings::waiting_count.eq(meetings::waiting_count - moved),
        ))
        .execute(conn)?;
    Ok(next.len())
}
