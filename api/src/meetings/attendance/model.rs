//! The door's rows: registrations with names, ticks and walk-ins (keeping
//! the meeting's `registered_count` and `waiting_count` in step), guests
//! without a record, and closing a meeting.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::{DoorCounts, DoorEntry, Guest, GuestSummary, NewGuest};
use crate::codes::{Attendance, Gender, InterviewAgeBand, MeetingStatus, RegistrationStatus};
use crate::db::schema::{
    meeting_guests as guests, meeting_registrations as regs, meetings, participants,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// A registration at the door, with the person's name.
#[derive(Debug, Clone, Queryable)]
pub struct DoorRow {
    pub id: String,
    pub participant_id: String,
    pub name: Option<String>,
    pub status: String,
    pub attendance: Option<String>,
    pub checked_in_at: Option<NaiveDateTime>,
    pub walk_in: bool,
    pub version: i32,
}

impl DoorRow {
    pub fn status(&self) -> RegistrationStatus {
        RegistrationStatus::parse(&self.status).unwrap_or(RegistrationStatus::Cancelled)
    }

    pub fn view(self) -> DoorEntry {
        DoorEntry {
            status: self.status(),
            attendance: self.attendance.as_deref().and_then(Attendance::parse),
            checked_in_at: self.checked_in_at.map(ids::utc),
            registration_id: self.id,
            participant_id: self.participant_id,
            name: self.name,
            walk_in: self.walk_in,
            version: self.version,
        }
    }
}

type DoorColumns = (
    regs::id,
    regs::participant_id,
    participants::name,
    regs::status,
    regs::attendance,
    regs::checked_in_at,
    regs::walk_in,
    regs::version,
);

const DOOR_COLUMNS: DoorColumns = (
    regs::id,
    regs::participant_id,
    participants::name,
    regs::status,
    regs::attendance,
    regs::checked_in_at,
    regs::walk_in,
    regs::version,
);

/// The meeting's registrations that are not cancelled.
pub fn door_rows(conn: &mut DbConnection, meeting_id: &str) -> Result<Vec<DoorRow>, ApiError> {
    Ok(regs::table
        .inner_join(participants::table)
        .filter(regs::meeting_id.eq(meeting_id))
        .filter(regs::status.ne(RegistrationStatus::Cancelled.as_str()))
        .select(DOOR_COLUMNS)
        .load(conn)?)
}

/// One person's registration at the meeting, whatever its status.
pub fn registration(
    conn: &mut DbConnection,
    meeting_id: &str,
    participant_id: &str,
) -> Result<Option<DoorRow>, ApiError> {
    Ok(regs::table
        .inner_join(participants::table)
        .filter(regs::meeting_id.eq(meeting_id))
        .filter(regs::participant_id.eq(participant_id))
        .select(DOOR_COLUMNS)
        .first(conn)
        .optional()?)
}

/// Whether the organisation has this (not erased) participant.
pub fn participant_exists(
    conn: &mut DbConnection,
    org: &str,
    participant_id: &str,
) -> Result<bool, ApiError> {
    let n: i64 = participants::table
        .filter(participants::id.eq(participant_id))
        .filter(participants::organization_id.eq(org))
        .filter(participants::erased_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(n == 1)
}

/// The meeting's counts.
pub fn counts(conn: &mut DbConnection, meeting_id: &str) -> Result<DoorCounts, ApiError> {
    let rows: Vec<(String, Option<String>, bool)> = regs::table
        .filter(regs::meeting_id.eq(meeting_id))
        .filter(regs::status.ne(RegistrationStatus::Cancelled.as_str()))
        .select((regs::status, regs::attendance, regs::walk_in))
        .load(conn)?;
    let guests: i64 = guests::table
        .filter(guests::meeting_id.eq(meeting_id))
        .count()
        .get_result(conn)?;
    let mut c = DoorCounts {
        guests,
        ..DoorCounts::default()
    };
    for (status, attendance, walk_in) in rows {
        if status == RegistrationStatus::Waiting.as_str() {
            c.waiting += 1;
            continue;
        }
        c.registered += 1;
        c.walk_ins += i64::from(walk_in);
        match attendance.as_deref().and_then(Attendance::parse) {
            Some(Attendance::Attended) => c.attended += 1,
            Some(Attendance::NoShow) => c.no_show += 1,
            None => {}
        }
    }
    c.present = c.attended + c.guests;
    Ok(c)
}

/// Adds `by` to the meeting's registered and waiting counts.
fn add_counts(
    conn: &mut DbConnection,
    meeting_id: &str,
    registered: i32,
    waiting: i32,
) -> Result<(), ApiError> {
    if registered == 0 && waiting == 0 {
        return Ok(());
    }
    diesel::update(meetings::table.filter(meetings::id.eq(meeting_id)))
        .set((
            meetings::registered_count.eq(meetings::registered_count + registered),
            meetings::waiting_count.eq(meetings::waiting_count + waiting),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ticks (`attended`) or unticks a person at the meeting, which the
/// caller has locked: a person not registered becomes a walk-in
/// registration (beyond capacity: they are there), someone waiting or
/// cancelled who came is registered; an unticked walk-in is taken off the
/// list again. After the meeting (`done`) an untick is a no-show.
/// Returns the registration's id, or `None` for an untick of someone not
/// on the list.
pub fn tick(
    conn: &mut DbConnection,
    org: &str,
    meeting_id: &str,
    meeting_status: MeetingStatus,
    participant_id: &str,
    attended: bool,
    by: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let now = ids::now();
    let found = registration(conn, meeting_id, participant_id)?;
    let Some(r) = found else {
        if !attended {
            return Ok(None);
        }
        diesel::update(meetings::table.filter(meetings::id.eq(meeting_id)))
            .set(meetings::arrivals.eq(meetings::arrivals + 1))
            .execute(conn)?;
        let arrival: i32 = meetings::table
            .filter(meetings::id.eq(meeting_id))
            .select(meetings::arrivals)
            .first(conn)?;
        let id = ids::new_id();
        diesel::insert_into(regs::table)
            .values((
                regs::id.eq(&id),
                regs::organization_id.eq(org),
                regs::meeting_id.eq(meeting_id),
                regs::participant_id.eq(participant_id),
                regs::status.eq(RegistrationStatus::Registered.as_str()),
                regs::arrival.eq(arrival),
                regs::registered_by.eq(by),
                regs::attendance.eq(Attendance::Attended.as_str()),
                regs::checked_in_at.eq(now),
                regs::walk_in.eq(true),
                regs::created_at.eq(now),
                regs::updated_at.eq(now),
                regs::version.eq(1),
            ))
            .execute(conn)?;
        add_counts(conn, meeting_id, 1, 0)?;
        return Ok(Some(id));
    };
    let registered = RegistrationStatus::Registered.as_str();
    let attended_code = Some(Attendance::Attended.as_str().to_string());
    // (status, attendance, checked_in_at, walk_in, cancelled_at), and the count changes.
    type Next = (
        String,
        Option<String>,
        Option<NaiveDateTime>,
        bool,
        Option<NaiveDateTime>,
    );
    let (next, registered_by, waiting_by): (Next, i32, i32) = match (r.status(), attended) {
        (RegistrationStatus::Registered, true) => {
            // A second tick keeps the first time.
            let at = if r.attendance == attended_code {
                r.checked_in_at.or(Some(now))
            } else {
                Some(now)
            };
            (
                (registered.into(), attended_code, at, r.walk_in, None),
                0,
                0,
            )
        }
        (RegistrationStatus::Waiting, true) => (
            (registered.into(), attended_code, Some(now), r.walk_in, None),
            1,
            -1,
        ),
        (RegistrationStatus::Cancelled, true) => (
            (registered.into(), attended_code, Some(now), true, None),
            1,
            0,
        ),
        (RegistrationStatus::Registered, false) if r.walk_in => (
            (
                RegistrationStatus::Cancelled.as_str().into(),
                None,
                None,
                true,
                Some(now),
            ),
            -1,
            0,
        ),
        (RegistrationStatus::Registered, false) => {
            let after = (meeting_status == MeetingStatus::Done)
                .then(|| Attendance::NoShow.as_str().to_string());
            ((registered.into(), after, None, false, None), 0, 0)
        }
        // Waiting or cancelled and not ticked: nothing to undo.
        (_, false) => return Ok(Some(r.id)),
    };
    let (status, attendance, checked_in_at, walk_in, cancelled_at) = next;
    diesel::update(regs::table.filter(regs::id.eq(&r.id)))
        .set((
            regs::status.eq(status),
            regs::attendance.eq(attendance),
            regs::checked_in_at.eq(checked_in_at),
            regs::walk_in.eq(walk_in),
            regs::cancelled_at.eq(cancelled_at),
            regs::updated_at.eq(now),
            regs::version.eq(regs::version + 1),
        ))
        .execute(conn)?;
    add_counts(conn, meeting_id, registered_by, waiting_by)?;
    if registered_by < 0 {
        // An unticked walk-in frees a place: the first waiting person moves up.
        crate::meetings::registrations::model::promote(conn, meeting_id)?;
    }
    Ok(Some(r.id))
}

/// A registration at the door by id.
pub fn entry(conn: &mut DbConnection, id: &str) -> Result<DoorRow, ApiError> {
    Ok(regs::table
        .inner_join(participants::table)
        .filter(regs::id.eq(id))
        .select(DOOR_COLUMNS)
        .first(conn)?)
}

/// Closes the meeting, which must have started: `done` (a new version)
/// unless it already is, and everyone registered without a tick a no-show.
/// Returns the meeting's version and how many became no-shows.
pub fn close(conn: &mut DbConnection, meeting_id: &str) -> Result<(i32, usize), ApiError> {
    let now = ids::now();
    // The first write of the transaction: it takes the meeting's lock.
    diesel::update(
        meetings::table
            .filter(meetings::id.eq(meeting_id))
            .filter(meetings::status.eq(MeetingStatus::Planned.as_str())),
    )
    .set((
        meetings::status.eq(MeetingStatus::Done.as_str()),
        meetings::updated_at.eq(now),
        meetings::version.eq(meetings::version + 1),
    ))
    .execute(conn)?;
    let version: i32 = meetings::table
        .filter(meetings::id.eq(meeting_id))
        .select(meetings::version)
        .first(conn)?;
    let n = diesel::update(
        regs::table
            .filter(regs::meeting_id.eq(meeting_id))
            .filter(regs::status.eq(RegistrationStatus::Registered.as_str()))
            .filter(regs::attendance.is_null()),
    )
    .set((
        regs::attendance.eq(Attendance::NoShow.as_str()),
        regs::updated_at.eq(now),
        regs::version.eq(regs::version + 1),
    ))
    .execute(conn)?;
    Ok((version, n))
}

type GuestRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    NaiveDateTime,
);

fn guest_view((id, meeting_id, gender, age_band, created_at): GuestRow) -> Guest {
    Guest {
        id,
        meeting_id,
        gender: gender.as_deref().and_then(Gender::parse),
        age_band: age_band.as_deref().and_then(InterviewAgeBand::parse),
        created_at: ids::utc(created_at),
    }
}

/// Adds a guest without a record; returns it.
pub fn insert_guest(
    conn: &mut DbConnection,
    meeting_id: &str,
    g: &NewGuest,
) -> Result<Guest, ApiError> {
    let row: GuestRow = (
        ids::new_id(),
        meeting_id.to_string(),
        g.gender.map(|x| x.as_str().to_string()),
        g.age_band.map(|x| x.as_str().to_string()),
        ids::now(),
    );
    diesel::insert_into(guests::table)
        .values((
            guests::id.eq(&row.0),
            guests::meeting_id.eq(&row.1),
            guests::gender.eq(&row.2),
            guests::age_band.eq(&row.3),
            guests::created_at.eq(row.4),
        ))
        .execute(conn)?;
    Ok(guest_view(row))
}

/// Removes a guest of the meeting (404 when there is none).
pub fn delete_guest(conn: &mut DbConnection, meeting_id: &str, id: &str) -> Result<(), ApiError> {
    let n = diesel::delete(
        guests::table
            .filter(guests::meeting_id.eq(meeting_id))
            .filter(guests::id.eq(id)),
    )
    .execute(conn)?;
    if n == 1 {
        Ok(())
    } else {
        Err(ApiError::not_found("no such guest"))
    }
}

/// The meeting's guests, counted, the latest first.
pub fn guests(conn: &mut DbConnection, meeting_id: &str) -> Result<GuestSummary, ApiError> {
    let rows: Vec<GuestRow> = guests::table
        .filter(guests::meeting_id.eq(meeting_id))
        .select((
            guests::id,
            guests::meeting_id,
            guests::gender,
            guests::age_band,
            guests::created_at,
        ))
        .order((guests::created_at.desc(), guests::id.desc()))
        .load(conn)?;
    let mut s = GuestSummary::default();
    for row in rows {
        let g = guest_view(row);
        s.total += 1;
        if let Some(x) = g.gender {
            *s.by_gender.entry(x.as_str().to_string()).or_default() += 1;
        }
        if let Some(x) = g.age_band {
            *s.by_age_band.entry(x.as_str().to_string()).or_default() += 1;
        }
        s.items.push(g);
    }
    Ok(s)
}
