//! The booking rows: counting a meeting's slots, writing a booking under
//! the meeting's lock, and building the views of a page of bookings with
//! their meetings, venues and (staff) names in one query each.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::json::{Booking, BookingStatus};
use crate::codes::{Attendance, BookingMode, BookingTopic};
use crate::db::schema::{meeting_bookings as bookings, meeting_staff, meetings, participants};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::meetings::model::{utc_to_local, MeetingRow};
use crate::meetings::venues::model::{by_ids as venues_by_ids, VenueRow};

/// A booking row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = bookings)]
pub struct BookingRow {
    pub id: String,
    pub organization_id: String,
    pub meeting_id: String,
    pub participant_id: String,
    pub slot_start: NaiveDateTime,
    pub mode: String,
    pub topic: String,
    pub note: Option<String>,
    pub status: String,
    pub attendance: Option<String>,
    pub walk_in: bool,
    pub booked_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl BookingRow {
    pub fn status(&self) -> BookingStatus {
        BookingStatus::parse(&self.status)
    }

    pub fn mode(&self) -> BookingMode {
        BookingMode::parse(&self.mode).unwrap_or(BookingMode::InPerson)
    }

    /// What may change on a booking, as it is now.
    pub fn values(&self) -> BookingValues {
        BookingValues {
            slot_start: self.slot_start,
            mode: self.mode.clone(),
            topic: self.topic.clone(),
            note: self.note.clone(),
            status: self.status.clone(),
            attendance: self.attendance.clone(),
        }
    }
}

/// What may change on a booking.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = bookings, treat_none_as_null = true)]
pub struct BookingValues {
    pub slot_start: NaiveDateTime,
    pub mode: String,
    pub topic: String,
    pub note: Option<String>,
    pub status: String,
    pub attendance: Option<String>,
}

/// Takes the meeting's write lock until the transaction ends: on
/// PostgreSQL the row's lock, on SQLite the database's (any write), so
/// that counting a slot's places and booking one cannot interleave.
/// Write it first in the transaction, then read.
pub fn lock_meeting(conn: &mut DbConnection, meeting_id: &str) -> Result<(), ApiError> {
    diesel::update(meetings::table.filter(meetings::id.eq(meeting_id)))
        .set(meetings::arrivals.eq(meetings::arrivals))
        .execute(conn)?;
    Ok(())
}

/// Active bookings per slot start.
pub fn counts(
    conn: &mut DbConnection,
    meeting_id: &str,
) -> Result<HashMap<NaiveDateTime, i64>, ApiError> {
    let rows: Vec<(NaiveDateTime, i64)> = bookings::table
        .filter(bookings::meeting_id.eq(meeting_id))
        .filter(bookings::status.eq(BookingStatus::Booked.as_str()))
        .group_by(bookings::slot_start)
        .select((bookings::slot_start, count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Active bookings in one slot, but `except`.
pub fn count_in_slot(
    conn: &mut DbConnection,
    meeting_id: &str,
    slot_start: NaiveDateTime,
    except: &str,
) -> Result<i64, ApiError> {
    Ok(bookings::table
        .filter(bookings::meeting_id.eq(meeting_id))
        .filter(bookings::slot_start.eq(slot_start))
        .filter(bookings::status.eq(BookingStatus::Booked.as_str()))
        .filter(bookings::id.ne(except))
        .count()
        .get_result(conn)?)
}

/// A person's active bookings at a meeting: (slot start, booking id).
pub fn active_of(
    conn: &mut DbConnection,
    meeting_id: &str,
    participant_id: &str,
) -> Result<Vec<(NaiveDateTime, String)>, ApiError> {
    Ok(bookings::table
        .filter(bookings::meeting_id.eq(meeting_id))
        .filter(bookings::participant_id.eq(participant_id))
        .filter(bookings::status.eq(BookingStatus::Booked.as_str()))
        .select((bookings::slot_start, bookings::id))
        .load(conn)?)
}

/// A new booking's row.
pub struct NewRow<'a> {
    pub organization_id: &'a str,
    pub meeting_id: &'a str,
    pub participant_id: &'a str,
    pub slot_start: NaiveDateTime,
    pub mode: BookingMode,
    pub topic: BookingTopic,
    pub note: Option<&'a str>,
    pub walk_in: bool,
    pub booked_by: Option<&'a str>,
}

/// Inserts a booking (a walk-in as attended); returns its id.
pub fn insert(conn: &mut DbConnection, new: &NewRow<'_>) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    diesel::insert_into(bookings::table)
        .values((
            bookings::id.eq(&id),
            bookings::organization_id.eq(new.organization_id),
            bookings::meeting_id.eq(new.meeting_id),
            bookings::participant_id.eq(new.participant_id),
            bookings::slot_start.eq(new.slot_start),
            bookings::mode.eq(new.mode.as_str()),
            bookings::topic.eq(new.topic.as_str()),
            bookings::note.eq(new.note),
            bookings::status.eq(BookingStatus::Booked.as_str()),
            bookings::attendance.eq(new.walk_in.then_some(Attendance::Attended.as_str())),
            bookings::walk_in.eq(new.walk_in),
            bookings::booked_by.eq(new.booked_by),
            bookings::created_at.eq(now),
            bookings::updated_at.eq(now),
            bookings::version.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Writes `values` over the booking at `version` (409 when stale).
pub fn update(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    values: &BookingValues,
) -> Result<(), ApiError> {
    let n = diesel::update(
        bookings::table
            .filter(bookings::id.eq(id))
            .filter(bookings::version.eq(version)),
    )
    .set((
        values,
        bookings::updated_at.eq(ids::now()),
        bookings::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n == 1 {
        Ok(())
    } else {
        Err(crate::participants::model::version_conflict(version))
    }
}

/// Every active booking of the meeting without attendance becomes a
/// no-show; returns how many.
pub fn mark_no_shows(conn: &mut DbConnection, meeting_id: &str) -> Result<usize, ApiError> {
    Ok(diesel::update(
        bookings::table
            .filter(bookings::meeting_id.eq(meeting_id))
            .filter(bookings::status.eq(BookingStatus::Booked.as_str()))
            .filter(bookings::attendance.is_null()),
    )
    .set((
        bookings::attendance.eq(Attendance::NoShow.as_str()),
        bookings::updated_at.eq(ids::now()),
        bookings::version.eq(bookings::version + 1),
    ))
    .execute(conn)?)
}

/// A booking by id in the organisation, or 404.
pub fn find(conn: &mut DbConnection, org: &str, id: &str) -> Result<BookingRow, ApiError> {
    bookings::table
        .filter(bookings::id.eq(id))
        .filter(bookings::organization_id.eq(org))
        .select(BookingRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such booking"))
}

/// The bookings of a meeting by slot, first booked first.
pub fn of_meeting(
    conn: &mut DbConnection,
    meeting_id: &str,
    cancelled: bool,
) -> Result<Vec<BookingRow>, ApiError> {
    let mut sql = bookings::table
        .filter(bookings::meeting_id.eq(meeting_id))
        .select(BookingRow::as_select())
        .order((bookings::slot_start, bookings::created_at, bookings::id))
        .into_boxed();
    if !cancelled {
        sql = sql.filter(bookings::status.eq(BookingStatus::Booked.as_str()));
    }
    Ok(sql.load(conn)?)
}

/// The longest slot, in minutes (as the meetings' fields allow).
const LONGEST_SLOT: i64 = 240;

/// A person's active bookings whose slot ends after `from`, soonest
/// first, at most 100.
pub fn of_person(
    conn: &mut DbConnection,
    org: &str,
    participant_id: &str,
    from: NaiveDateTime,
) -> Result<Vec<BookingRow>, ApiError> {
    let rows: Vec<(BookingRow, Option<i32>)> = bookings::table
        .inner_join(meetings::table)
        .filter(bookings::organization_id.eq(org))
        .filter(bookings::participant_id.eq(participant_id))
        .filter(bookings::status.eq(BookingStatus::Booked.as_str()))
        .filter(
            bookings::slot_start.gt(from
                .checked_sub_signed(Duration::minutes(LONGEST_SLOT))
                .unwrap_or(from)),
        )
        .order((bookings::slot_start, bookings::id))
        .select((BookingRow::as_select(), meetings::slot_minutes))
        .limit(200)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(b, minutes)| {
            b.slot_start + Duration::minutes(i64::from(minutes.unwrap_or(0))) > from
        })
        .map(|(b, _)| b)
        .take(100)
        .collect())
}

/// The active bookings of the organisation (of `person`, or at meetings
/// `staff_user` organises or facilitates) whose slot starts on `date` on
/// the wall clock of its meeting, by start.
pub fn on_day(
    conn: &mut DbConnection,
    org: &str,
    date: NaiveDate,
    person: Option<&str>,
    staff_user: Option<&str>,
) -> Result<Vec<BookingRow>, ApiError> {
    // Every zone's day lies between 14 hours before UTC's midnight and 36 after.
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    let lo = midnight
        .checked_sub_signed(Duration::hours(15))
        .unwrap_or(midnight);
    let hi = midnight
        .checked_add_signed(Duration::hours(39))
        .unwrap_or(midnight);
    let mut sql = bookings::table
        .inner_join(meetings::table)
        .filter(bookings::organization_id.eq(org))
        .filter(bookings::status.eq(BookingStatus::Booked.as_str()))
        .filter(bookings::slot_start.ge(lo))
        .filter(bookings::slot_start.lt(hi))
        .select((BookingRow::as_select(), meetings::time_zone))
        .order((bookings::slot_start, bookings::created_at, bookings::id))
        .into_boxed();
    if let Some(p) = person {
        sql = sql.filter(bookings::participant_id.eq(p.to_string()));
    }
    if let Some(u) = staff_user {
        let staffed = meeting_staff::table
            .filter(meeting_staff::user_id.eq(u.to_string()))
            .select(meeting_staff::meeting_id);
        sql = sql.filter(bookings::meeting_id.eq_any(staffed));
    }
    let rows: Vec<(BookingRow, String)> = sql.load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(b, zone)| {
            let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Europe::Ljubljana);
            utc_to_local(b.slot_start, tz).date() == date
        })
        .map(|(b, _)| b)
        .collect())
}

/// The views of `rows`; names only for `staff`.
pub fn build(
    conn: &mut DbConnection,
    rows: Vec<BookingRow>,
    lang: &str,
    staff: bool,
) -> Result<Vec<Booking>, ApiError> {
    let meeting_ids: Vec<String> = rows.iter().map(|b| b.meeting_id.clone()).collect();
    let found: Vec<MeetingRow> = if meeting_ids.is_empty() {
        Vec::new()
    } else {
        meetings::table
            .filter(meetings::id.eq_any(&meeting_ids))
            .select(MeetingRow::as_select())
            .load(conn)?
    };
    let venue_ids: Vec<String> = found.iter().filter_map(|m| m.venue_id.clone()).collect();
    let venues: HashMap<String, VenueRow> = venues_by_ids(conn, &venue_ids)?
        .into_iter()
        .map(|v| (v.id.clone(), v))
        .collect();
    let found: HashMap<String, MeetingRow> = found.into_iter().map(|m| (m.id.clone(), m)).collect();
    let mut names: HashMap<String, Option<String>> = HashMap::new();
    if staff && !rows.is_empty() {
        let people: Vec<String> = rows.iter().map(|b| b.participant_id.clone()).collect();
        let named: Vec<(String, Option<String>)> = participants::table
            .filter(participants::id.eq_any(&people))
            .select((participants::id, participants::name))
            .load(conn)?;
        names.extend(named);
    }
    rows.into_iter()
        .map(|b| {
            let m = found
                .get(&b.meeting_id)
                .ok_or_else(|| ApiError::internal("a booking without its meeting"))?;
            Ok(view(b, m, &venues, &names, lang))
        })
        .collect()
}

/// One booking's view.
pub fn build_one(
    conn: &mut DbConnection,
    row: BookingRow,
    lang: &str,
    staff: bool,
) -> Result<Booking, ApiError> {
    build(conn, vec![row], lang, staff)?
        .pop()
        .ok_or_else(|| ApiError::internal("a booking without its view"))
}

fn view(
    b: BookingRow,
    m: &MeetingRow,
    venues: &HashMap<String, VenueRow>,
    names: &HashMap<String, Option<String>>,
    lang: &str,
) -> Booking {
    let tz = m.zone();
    let minutes = Duration::minutes(i64::from(m.slot_minutes.unwrap_or(0)));
    Booking {
        participant_name: names.get(&b.participant_id).cloned().flatten(),
        slot_start: ids::utc(b.slot_start),
        slot_start_local: utc_to_local(b.slot_start, tz),
        slot_end_local: utc_to_local(b.slot_start + minutes, tz),
        time_zone: m.time_zone.clone(),
        mode: b.mode(),
        topic: BookingTopic::parse(&b.topic).unwrap_or(BookingTopic::Other),
        status: b.status(),
        attendance: b.attendance.as_deref().and_then(Attendance::parse),
        meeting_title: m.display_title(lang),
        meeting_status: m.status(),
        venue: m
            .venue_id
            .as_ref()
            .and_then(|v| venues.get(v))
            .cloned()
            .map(VenueRow::reference),
        phone_line: m.phone_line.clone(),
        online_url: m.online_url.clone(),
        created_at: ids::utc(b.created_at),
        updated_at: ids::utc(b.updated_at),
        id: b.id,
        meeting_id: b.meeting_id,
        participant_id: b.participant_id,
        note: b.note,
        walk_in: b.walk_in,
        version: b.version,
    }
}
