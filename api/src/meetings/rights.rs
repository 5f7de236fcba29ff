//! A person's part in meetings, for their GDPR export (art. 15/20) and
//! their erasure (art. 17): erasure takes the person out of every meeting
//! and keeps only anonymous counts (an attendee becomes a guest with their
//! gender and age band; a rating stays without its author or comment).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::MeetingRow;
use crate::db::schema::{
    meeting_action_items as items, meeting_bookings as bookings, meeting_feedback as feedback,
    meeting_guests as guests, meeting_invitations as invites, meeting_registrations as regs,
    meetings,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// A meeting as the export names it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ExportedMeetingRef {
    pub meeting_id: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
}

/// One registration of the person.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportedRegistration {
    pub meeting: ExportedMeetingRef,
    pub status: String,
    pub registered_at: DateTime<Utc>,
    pub promoted_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// `attended`, `no_show`, or none when not recorded.
    pub attendance: Option<String>,
    pub walk_in: bool,
}

/// One office-hours booking of the person.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportedBooking {
    pub meeting: ExportedMeetingRef,
    pub slot_start: DateTime<Utc>,
    pub mode: String,
    pub topic: String,
    pub note: Option<String>,
    pub status: String,
    pub attendance: Option<String>,
}

/// One rating the person gave.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportedFeedback {
    pub meeting: ExportedMeetingRef,
    pub rating: i32,
    pub comment: Option<String>,
    pub given_at: DateTime<Utc>,
}

/// One action item the person owns.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportedActionItem {
    pub meeting: ExportedMeetingRef,
    pub title: String,
    pub due_on: Option<chrono::NaiveDate>,
    pub state: String,
}

/// Everything meetings hold on a person.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportedMeetings {
    pub registrations: Vec<ExportedRegistration>,
    /// Meetings the person was invited to.
    pub invitations: Vec<ExportedMeetingRef>,
    pub bookings: Vec<ExportedBooking>,
    pub feedback: Vec<ExportedFeedback>,
    pub action_items: Vec<ExportedActionItem>,
}

fn refs(
    conn: &mut DbConnection,
    org: &str,
    ids_: Vec<String>,
) -> Result<std::collections::HashMap<String, ExportedMeetingRef>, ApiError> {
    if ids_.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<MeetingRow> = meetings::table
        .filter(meetings::organization_id.eq(org))
        .filter(meetings::id.eq_any(&ids_))
        .select(MeetingRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let m = ExportedMeetingRef {
                title: r.display_title("en"),
                starts_at: ids::utc(r.starts_at),
                time_zone: r.time_zone.clone(),
                meeting_id: r.id.clone(),
            };
            (r.id, m)
        })
        .collect())
}

type RegExport = (
    String,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<String>,
    bool,
);
type BookingExport = (
    String,
    NaiveDateTime,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
);

/// Everything meetings hold on the person `pid` of `org`.
pub fn export_for(
    conn: &mut DbConnection,
    org: &str,
    pid: &str,
) -> Result<ExportedMeetings, ApiError> {
    let r: Vec<RegExport> = regs::table
        .filter(regs::participant_id.eq(pid))
        .select((
            regs::meeting_id,
            regs::status,
            regs::created_at,
            regs::promoted_at,
            regs::cancelled_at,
            regs::attendance,
            regs::walk_in,
        ))
        .order(regs::created_at.asc())
        .load(conn)?;
    let inv: Vec<String> = invites::table
        .filter(invites::participant_id.eq(pid))
        .select(invites::meeting_id)
        .load(conn)?;
    let b: Vec<BookingExport> = bookings::table
        .filter(bookings::participant_id.eq(pid))
        .select((
            bookings::meeting_id,
            bookings::slot_start,
            bookings::mode,
            bookings::topic,
            bookings::note,
            bookings::status,
            bookings::attendance,
        ))
        .order(bookings::slot_start.asc())
        .load(conn)?;
    let f: Vec<(String, i32, Option<String>, NaiveDateTime)> = feedback::table
        .filter(feedback::participant_id.eq(pid))
        .select((
            feedback::meeting_id,
            feedback::rating,
            feedback::comment,
            feedback::updated_at,
        ))
        .load(conn)?;
    let a: Vec<(String, String, Option<chrono::NaiveDate>, String)> = items::table
        .filter(items::owner_participant_id.eq(pid))
        .select((items::meeting_id, items::title, items::due_on, items::state))
        .load(conn)?;
    let mut all: Vec<String> = r.iter().map(|x| x.0.clone()).collect();
    all.extend(inv.iter().cloned());
    all.extend(b.iter().map(|x| x.0.clone()));
    all.extend(f.iter().map(|x| x.0.clone()));
    all.extend(a.iter().map(|x| x.0.clone()));
    all.sort();
    all.dedup();
    let m = refs(conn, org, all)?;
    let get = |id: &str| m.get(id).cloned();
    Ok(ExportedMeetings {
        registrations: r
            .into_iter()
            .filter_map(
                |(id, status, at, promoted, cancelled, attendance, walk_in)| {
                    Some(ExportedRegistration {
                        meeting: get(&id)?,
                        status,
                        registered_at: ids::utc(at),
                        promoted_at: promoted.map(ids::utc),
                        cancelled_at: cancelled.map(ids::utc),
                        attendance,
                        walk_in,
                    })
                },
            )
            .collect(),
        invitations: inv.iter().filter_map(|id| get(id)).collect(),
        bookings: b
            .into_iter()
            .filter_map(|(id, slot, mode, topic, note, status, attendance)| {
                Some(ExportedBooking {
                    meeting: get(&id)?,
                    slot_start: ids::utc(slot),
                    mode,
                    topic,
                    note,
                    status,
                    attendance,
                })
            })
            .collect(),
        feedback: f
            .into_iter()
            .filter_map(|(id, rating, comment, at)| {
                Some(ExportedFeedback {
                    meeting: get(&id)?,
                    rating,
                    comment,
                    given_at: ids::utc(at),
                })
            })
            .collect(),
        action_items: a
            .into_iter()
            .filter_map(|(id, title, due_on, state)| {
                Some(ExportedActionItem {
                    meeting: get(&id)?,
                    title,
                    due_on,
                    state,
                })
            })
            .collect(),
    })
}

/// Takes the person out of every meeting: places they held are freed (the
/// first waiting person moves up, as on a cancellation), an attended
/// meeting keeps them as a guest with only `gender` and `age_band`, their
/// ratings stay without author or comment, their action items without
/// owner. Runs in the erasure's transaction.
pub fn erase_for(
    conn: &mut DbConnection,
    pid: &str,
    gender: Option<&str>,
    age_band: Option<&str>,
) -> Result<(), ApiError> {
    use super::registrations::model::{cancel, RegistrationRow};
    let now = ids::now();
    let held: Vec<RegistrationRow> = regs::table
        .filter(regs::participant_id.eq(pid))
        .select(RegistrationRow::as_select())
        .load(conn)?;
    for reg in &held {
        // The meeting's lock first (as every registration change does).
        diesel::update(meetings::table.filter(meetings::id.eq(&reg.meeting_id)))
            .set(meetings::arrivals.eq(meetings::arrivals))
            .execute(conn)?;
        if reg.attendance.as_deref() == Some("attended") {
            add_guest(conn, &reg.meeting_id, gender, age_band, now)?;
        }
        if reg.status != "cancelled" {
            cancel(conn, reg, reg.version)?;
        }
    }
    diesel::delete(regs::table.filter(regs::participant_id.eq(pid))).execute(conn)?;
    diesel::delete(invites::table.filter(invites::participant_id.eq(pid))).execute(conn)?;
    let attended: Vec<String> = bookings::table
        .filter(bookings::participant_id.eq(pid))
        .filter(bookings::attendance.eq("attended"))
        .select(bookings::meeting_id)
        .load(conn)?;
    for meeting in attended {
        add_guest(conn, &meeting, gender, age_band, now)?;
    }
    diesel::delete(bookings::table.filter(bookings::participant_id.eq(pid))).execute(conn)?;
    diesel::update(feedback::table.filter(feedback::participant_id.eq(pid)))
        .set((
            feedback::participant_id.eq(None::<String>),
            feedback::comment.eq(None::<String>),
            feedback::comment_language.eq(None::<String>),
        ))
        .execute(conn)?;
    diesel::update(items::table.filter(items::owner_participant_id.eq(pid)))
        .set(items::owner_participant_id.eq(None::<String>))
        .execute(conn)?;
    Ok(())
}

fn add_guest(
    conn: &mut DbConnection,
    meeting: &str,
    gender: Option<&str>,
    age_band: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(guests::table)
        .values((
            guests::id.eq(ids::new_id()),
            guests::meeting_id.eq(meeting),
            guests::gender.eq(gender),
            guests::age_band.eq(age_band),
            guests::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
