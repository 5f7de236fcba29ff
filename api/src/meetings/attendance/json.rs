//! What the door takes and gives: the list of people expected with who
//! came, walk-in guests without a record (counts by gender and age band),
//! a tick, and closing the meeting.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::codes::{Attendance, Gender, InterviewAgeBand, MeetingStatus, RegistrationStatus};

/// Who to show at the door.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct DoorQuery {
    /// Part of a name, in any case and with or without accents ("hadzic" finds "Hadžić").
    #[param(max_length = 100)]
    #[validate(length(max = 100))]
    pub q: Option<String>,
}

/// A person expected at a meeting (registered or waiting) or who walked in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DoorEntry {
    pub registration_id: String,
    pub participant_id: String,
    /// None once the person is erased.
    pub name: Option<String>,
    pub status: RegistrationStatus,
    pub attendance: Option<Attendance>,
    pub checked_in_at: Option<DateTime<Utc>>,
    /// Came without a place: added at the door.
    pub walk_in: bool,
    pub version: i32,
}

/// How many, for the counters at the door and the statistics.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct DoorCounts {
    /// Registered (walk-ins included).
    pub registered: i64,
    pub waiting: i64,
    /// Registered people ticked as come.
    pub attended: i64,
    pub no_show: i64,
    /// Registered at the door.
    pub walk_ins: i64,
    /// Walk-ins without a record.
    pub guests: i64,
    /// Everyone there: `attended` + `guests`.
    pub present: i64,
}

/// Someone who came without a record: only what the statistics need.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewGuest {
    pub gender: Option<Gender>,
    pub age_band: Option<InterviewAgeBand>,
}

/// A walk-in without a record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Guest {
    pub id: String,
    pub meeting_id: String,
    pub gender: Option<Gender>,
    pub age_band: Option<InterviewAgeBand>,
    pub created_at: DateTime<Utc>,
}

/// The guests of a meeting, counted.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct GuestSummary {
    pub total: i64,
    /// Gender codes to how many (guests who gave none are in `total` only).
    pub by_gender: BTreeMap<String, i64>,
    /// Age-band codes to how many (guests who gave none are in `total` only).
    pub by_age_band: BTreeMap<String, i64>,
    /// Each guest, the latest first (to undo a mistake).
    pub items: Vec<Guest>,
}

/// The door list of a meeting.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DoorList {
    pub meeting_id: String,
    pub meeting_status: MeetingStatus,
    pub starts_at: DateTime<Utc>,
    #[schema(value_type = String, example = "2026-11-17T16:00:00")]
    pub start_local: NaiveDateTime,
    /// The people matching `q` (everyone without it), by name.
    pub people: Vec<DoorEntry>,
    pub guests: GuestSummary,
    /// Counts of the whole meeting (not only those matching `q`).
    pub counts: DoorCounts,
}

/// A tick at the door.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    pub participant_id: String,
    /// `true`: came (someone not registered becomes a walk-in); `false`:
    /// undo a tick (a walk-in is taken off the list again).
    pub attended: bool,
}

/// The person after a tick, and the meeting's counts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CheckedIn {
    pub entry: DoorEntry,
    pub counts: DoorCounts,
}

/// What closing a meeting did.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Closed {
    pub meeting_id: String,
    pub meeting_status: MeetingStatus,
    /// The meeting's new version.
    pub version: i32,
    /// Registered people without a tick, now no-shows.
    pub no_shows: i64,
    /// Bookings without attendance, now no-shows.
    pub booking_no_shows: i64,
    pub counts: DoorCounts,
}
