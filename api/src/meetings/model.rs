//! The meeting rows: writing a meeting and its staff, and building the
//! views the endpoints give (with venues, staff and the caller's place
//! read in one query each for a whole page).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::{Meeting, MeetingFields, MyPlace, SlotPlan, StaffMember, Texts};
use super::venues::model::{by_ids as venues_by_ids, VenueRow};
use crate::codes::{BookingMode, MeetingAudience, MeetingKind, MeetingStatus, RegistrationStatus};
use crate::db::schema::{
    meeting_registrations as regs, meeting_staff, meetings, participants, users,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// A meeting row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meetings)]
pub struct MeetingRow {
    pub id: String,
    pub organization_id: String,
    pub series_id: Option<String>,
    pub occurrence_local: Option<NaiveDateTime>,
    pub detached: bool,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub venue_id: Option<String>,
    pub online_url: Option<String>,
    pub phone_line: Option<String>,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub capacity: Option<i32>,
    pub audience: String,
    pub languages: String,
    pub interpretation: String,
    pub childcare: bool,
    pub status: String,
    pub slot_minutes: Option<i32>,
    pub slot_capacity: Option<i32>,
    pub slot_modes: String,
    pub registered_count: i32,
    pub waiting_count: i32,
    pub arrivals: i32,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

impl MeetingRow {
    pub fn status(&self) -> MeetingStatus {
        MeetingStatus::parse(&self.status).unwrap_or(MeetingStatus::Planned)
    }

    pub fn audience(&self) -> MeetingAudience {
        MeetingAudience::parse(&self.audience).unwrap_or(MeetingAudience::Invited)
    }

    pub fn zone(&self) -> chrono_tz::Tz {
        self.time_zone
            .parse()
            .unwrap_or(chrono_tz::Europe::Ljubljana)
    }

    /// The title in `lang`, else English, else the first given.
    pub fn display_title(&self, lang: &str) -> String {
        let t: Texts = serde_json::from_str(&self.title).unwrap_or_default();
        pick_text(&t, lang)
    }
}

/// A text in `lang`, else English, else the first non-empty one.
pub fn pick_text(t: &Texts, lang: &str) -> String {
    t.get(lang)
        .filter(|s| !s.trim().is_empty())
        .or_else(|| t.get("en").filter(|s| !s.trim().is_empty()))
        .or_else(|| t.values().find(|s| !s.trim().is_empty()))
        .cloned()
        .unwrap_or_default()
}

pub use super::series::rule::utc_to_local;

/// The UTC time of a wall-clock time in `tz` as the series engine reads it
/// (in the hour the clocks repeat, the earlier), or 422 on `field` for a
/// time the clocks skip.
pub fn local_to_utc(
    field: &str,
    local: NaiveDateTime,
    tz: chrono_tz::Tz,
) -> Result<NaiveDateTime, ApiError> {
    super::series::rule::local_to_utc(local, tz).map_err(|_| {
        ApiError::field(
            field,
            "nonexistent_local_time",
            "the clocks skip this time when summer time starts; pick another",
        )
    })
}

/// What a meeting row holds of its fields, times already in UTC.
#[derive(AsChangeset, Insertable)]
#[diesel(table_name = meetings, treat_none_as_null = true)]
pub struct MeetingValues {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub venue_id: Option<String>,
    pub online_url: Option<String>,
    pub phone_line: Option<String>,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub capacity: Option<i32>,
    pub audience: String,
    pub languages: String,
    pub interpretation: String,
    pub childcare: bool,
    pub slot_minutes: Option<i32>,
    pub slot_capacity: Option<i32>,
    pub slot_modes: String,
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

impl MeetingValues {
    /// The row's values for `f` (checked), in `tz`.
    pub fn of(f: &MeetingFields, tz: chrono_tz::Tz) -> Result<Self, ApiError> {
        let clean = |t: &Texts| -> Texts {
            t.iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k.clone(), v.trim().to_string()))
                .collect()
        };
        let slots = f.slot_minutes.is_some();
        Ok(Self {
            kind: f.kind.as_str().to_string(),
            title: json(&clean(&f.title)),
            description: json(&clean(&f.description)),
            venue_id: f.venue_id.clone(),
            online_url: f.online_url.clone(),
            phone_line: f.phone_line.as_deref().map(str::trim).map(str::to_string),
            starts_at: local_to_utc("start_local", f.start_local, tz)?,
            ends_at: local_to_utc("end_local", f.end_local, tz)?,
            time_zone: tz.name().to_string(),
            capacity: f.capacity,
            audience: f.audience.as_str().to_string(),
            languages: json(&f.languages),
            interpretation: json(&f.interpretation),
            childcare: f.childcare,
            slot_minutes: f.slot_minutes,
            slot_capacity: slots.then(|| f.slot_capacity.unwrap_or(1)),
            slot_modes: if slots {
                let modes = if f.slot_modes.is_empty() {
                    vec![BookingMode::InPerson]
                } else {
                    f.slot_modes.clone()
                };
                json(&modes)
            } else {
                "[]".into()
            },
        })
    }
}

/// Inserts a meeting (an occurrence of `series` at its local start, when
/// given) with its staff; returns its id.
pub fn insert(
    conn: &mut DbConnection,
    org: &str,
    values: &MeetingValues,
    series: Option<(&str, NaiveDateTime)>,
    staff: &[(String, &'static str)],
    created_by: Option<&str>,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    diesel::insert_into(meetings::table)
        .values((
            meetings::id.eq(&id),
            meetings::organization_id.eq(org),
            meetings::series_id.eq(series.map(|s| s.0)),
            meetings::occurrence_local.eq(series.map(|s| s.1)),
            values,
            meetings::status.eq(MeetingStatus::Planned.as_str()),
            meetings::created_by.eq(created_by),
            meetings::created_at.eq(now),
            meetings::updated_at.eq(now),
            meetings::version.eq(1),
        ))
        .execute(conn)?;
    write_staff(conn, &id, staff)?;
    Ok(id)
}

/// Replaces a meeting's organisers and facilitators.
pub fn write_staff(
    conn: &mut DbConnection,
    meeting_id: &str,
    staff: &[(String, &'static str)],
) -> Result<(), ApiError> {
    diesel::delete(meeting_staff::table.filter(meeting_staff::meeting_id.eq(meeting_id)))
        .execute(conn)?;
    for (user, role) in staff {
        diesel::insert_into(meeting_staff::table)
            .values((
                meeting_staff::meeting_id.eq(meeting_id),
                meeting_staff::user_id.eq(user.as_str()),
                meeting_staff::role.eq(*role),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The organisers and facilitators of `f`, organisers first, each once.
pub fn staff_of(f: &MeetingFields) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for id in &f.organiser_ids {
        if !out.iter().any(|(u, _)| u == id) {
            out.push((id.clone(), "organiser"));
        }
    }
    for id in &f.facilitator_ids {
        if !out.iter().any(|(u, _)| u == id) {
            out.push((id.clone(), "facilitator"));
        }
    }
    out
}

/// A meeting row by id in the organisation (tombstones included), or 404.
pub fn row(conn: &mut DbConnection, org: &str, id: &str) -> Result<MeetingRow, ApiError> {
    meetings::table
        .filter(meetings::id.eq(id))
        .filter(meetings::organization_id.eq(org))
        .select(MeetingRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such meeting"))
}

/// The fields as a client sends them (the base of a merge patch).
pub fn fields_of(conn: &mut DbConnection, row: &MeetingRow) -> Result<MeetingFields, ApiError> {
    let staff: Vec<(String, String)> = meeting_staff::table
        .filter(meeting_staff::meeting_id.eq(&row.id))
        .select((meeting_staff::user_id, meeting_staff::role))
        .order(meeting_staff::user_id)
        .load(conn)?;
    let tz = row.zone();
    Ok(MeetingFields {
        kind: MeetingKind::parse(&row.kind).unwrap_or(MeetingKind::Other),
        title: serde_json::from_str(&row.title).unwrap_or_default(),
        description: serde_json::from_str(&row.description).unwrap_or_default(),
        venue_id: row.venue_id.clone(),
        online_url: row.online_url.clone(),
        phone_line: row.phone_line.clone(),
        start_local: utc_to_local(row.starts_at, tz),
        end_local: utc_to_local(row.ends_at, tz),
        time_zone: Some(row.time_zone.clone()),
        capacity: row.capacity,
        audience: row.audience(),
        languages: serde_json::from_str(&row.languages).unwrap_or_default(),
        interpretation: serde_json::from_str(&row.interpretation).unwrap_or_default(),
        childcare: row.childcare,
        slot_minutes: row.slot_minutes,
        slot_capacity: row.slot_capacity,
        slot_modes: serde_json::from_str(&row.slot_modes).unwrap_or_default(),
        organiser_ids: staff
            .iter()
            .filter(|(_, r)| r == "organiser")
            .map(|(u, _)| u.clone())
            .collect(),
        facilitator_ids: staff
            .iter()
            .filter(|(_, r)| r == "facilitator")
            .map(|(u, _)| u.clone())
            .collect(),
    })
}

/// The participant record of a user in an organisation, if any.
pub fn participant_of(
    conn: &mut DbConnection,
    org: &str,
    user_id: &str,
) -> Result<Option<String>, ApiError> {
    Ok(participants::table
        .filter(participants::organization_id.eq(org))
        .filter(participants::user_id.eq(user_id))
        .select(participants::id)
        .first(conn)
        .optional()?)
}

/// Builds the views of `rows`: their venues, staff, and `me`'s places
/// (a participant id), in one query each.
pub fn build(
    conn: &mut DbConnection,
    rows: Vec<MeetingRow>,
    lang: &str,
    me: Option<&str>,
) -> Result<Vec<Meeting>, ApiError> {
    let meeting_ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let venue_ids: Vec<String> = rows.iter().filter_map(|r| r.venue_id.clone()).collect();
    let venues: HashMap<String, VenueRow> = venues_by_ids(conn, &venue_ids)?
        .into_iter()
        .map(|v| (v.id.clone(), v))
        .collect();
    let mut staff: HashMap<String, Vec<StaffMember>> = HashMap::new();
    if !meeting_ids.is_empty() {
        let found: Vec<(String, String, String, String)> = meeting_staff::table
            .inner_join(users::table)
            .filter(meeting_staff::meeting_id.eq_any(&meeting_ids))
            .select((
                meeting_staff::meeting_id,
                meeting_staff::user_id,
                users::display_name,
                meeting_staff::role,
            ))
            .order((meeting_staff::role.desc(), users::display_name.asc()))
            .load(conn)?;
        for (m, user_id, name, role) in found {
            staff.entry(m).or_default().push(StaffMember {
                user_id,
                name,
                role,
            });
        }
    }
    let mut places: HashMap<String, MyPlace> = HashMap::new();
    if let (Some(pid), false) = (me, meeting_ids.is_empty()) {
        let mine: Vec<(String, String, String, i32, Option<NaiveDateTime>, i32)> = regs::table
            .filter(regs::participant_id.eq(pid))
            .filter(regs::meeting_id.eq_any(&meeting_ids))
            .select((
                regs::meeting_id,
                regs::id,
                regs::status,
                regs::arrival,
                regs::promoted_at,
                regs::version,
            ))
            .load(conn)?;
        for (m, id, status, arrival, promoted_at, version) in mine {
            let status =
                RegistrationStatus::parse(&status).unwrap_or(RegistrationStatus::Cancelled);
            let waiting_position = if status == RegistrationStatus::Waiting {
                let ahead: i64 = regs::table
                    .filter(regs::meeting_id.eq(&m))
                    .filter(regs::status.eq("waiting"))
                    .filter(regs::arrival.lt(arrival))
                    .count()
                    .get_result(conn)?;
                Some(ahead + 1)
            } else {
                None
            };
            places.insert(
                m,
                MyPlace {
                    registration_id: id,
                    status,
                    waiting_position,
                    promoted_at: promoted_at.map(ids::utc),
                    version,
                },
            );
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let venue = r.venue_id.as_ref().and_then(|v| venues.get(v)).cloned();
            let staff = staff.remove(&r.id).unwrap_or_default();
            let my_place = places.remove(&r.id);
            view(r, lang, venue, staff, my_place)
        })
        .collect())
}

/// One meeting's view.
pub fn build_one(
    conn: &mut DbConnection,
    row: MeetingRow,
    lang: &str,
    me: Option<&str>,
) -> Result<Meeting, ApiError> {
    build(conn, vec![row], lang, me)?
        .pop()
        .ok_or_else(|| ApiError::internal("a meeting without its view"))
}

fn view(
    r: MeetingRow,
    lang: &str,
    venue: Option<VenueRow>,
    staff: Vec<StaffMember>,
    my_place: Option<MyPlace>,
) -> Meeting {
    let tz = r.zone();
    let title: Texts = serde_json::from_str(&r.title).unwrap_or_default();
    let slots = r.slot_minutes.map(|minutes| SlotPlan {
        minutes,
        capacity: r.slot_capacity.unwrap_or(1),
        modes: serde_json::from_str(&r.slot_modes).unwrap_or_default(),
    });
    Meeting {
        display_title: pick_text(&title, lang),
        title,
        description: serde_json::from_str(&r.description).unwrap_or_default(),
        kind: MeetingKind::parse(&r.kind).unwrap_or(MeetingKind::Other),
        venue: venue.map(VenueRow::reference),
        start_local: utc_to_local(r.starts_at, tz),
        end_local: utc_to_local(r.ends_at, tz),
        starts_at: ids::utc(r.starts_at),
        ends_at: ids::utc(r.ends_at),
        audience: r.audience(),
        status: r.status(),
        languages: serde_json::from_str(&r.languages).unwrap_or_default(),
        interpretation: serde_json::from_str(&r.interpretation).unwrap_or_default(),
        places_left: r.capacity.map(|c| (c - r.registered_count).max(0)),
        slots,
        staff,
        my_place,
        created_at: ids::utc(r.created_at),
        updated_at: ids::utc(r.updated_at),
        deleted_at: r.deleted_at.map(ids::utc),
        id: r.id,
        series_id: r.series_id,
        detached: r.detached,
        online_url: r.online_url,
        phone_line: r.phone_line,
        time_zone: r.time_zone,
        capacity: r.capacity,
        childcare: r.childcare,
        registered_count: r.registered_count,
        waiting_count: r.waiting_count,
        version: r.version,
    }
}
