//! What the meeting endpoints take and give: a meeting's fields, the
//! meeting as shown, and the agenda's filters.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use super::venues::json::{is_time_zone, language_codes, web_link, VenueRef};
use crate::codes::{
    self, BookingMode, MeetingAudience, MeetingKind, MeetingStatus, RegistrationStatus,
};

/// A text in several languages: `languages` codes to text.
pub type Texts = BTreeMap<String, String>;

/// The fields of a meeting that can be set (create) or changed (merge patch).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MeetingFields {
    pub kind: MeetingKind,
    /// The title in one or more languages (at least one), e.g. `{"sl": "…", "en": "…", "ar": "…"}`.
    #[schema(example = json!({"en": "Co-creation meeting: the craft market", "sl": "Sooblikovalno srečanje: tržnica"}))]
    #[validate(custom(function = "titles"))]
    pub title: Texts,
    /// The description in any of the title's languages (Markdown is shown as plain text).
    #[serde(default)]
    #[validate(custom(function = "descriptions"))]
    pub description: Texts,
    /// Where: a venue of the organisation…
    pub venue_id: Option<String>,
    /// …or an online link…
    #[schema(max_length = 500, example = "https://meet.jit.si/skupaj-panel")]
    #[validate(length(max = 500), custom(function = "web_link"))]
    pub online_url: Option<String>,
    /// …or a phone line to call.
    #[schema(max_length = 40, example = "+386 1 234 56 78")]
    #[validate(
        length(min = 3, max = 40),
        custom(function = "crate::fields::single_line")
    )]
    pub phone_line: Option<String>,
    /// The start in the meeting's time zone, without an offset.
    #[schema(value_type = String, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2026-05-16T16:00:00")]
    pub start_local: NaiveDateTime,
    /// The end in the meeting's time zone, after the start, at most 24 hours later.
    #[schema(value_type = String, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2026-05-16T19:00:00")]
    pub end_local: NaiveDateTime,
    /// The IANA time zone of the meeting (default: the venue's, else the server's).
    #[schema(example = "Europe/Ljubljana")]
    #[validate(custom(function = "is_time_zone"))]
    pub time_zone: Option<String>,
    /// How many people may register (none: no limit). Office hours with
    /// slots count places per slot instead.
    #[schema(minimum = 1, maximum = 10000)]
    #[validate(range(min = 1, max = 10000))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub capacity: Option<i32>,
    pub audience: MeetingAudience,
    /// Languages the meeting is held in (`languages` codes).
    #[serde(default)]
    #[validate(length(max = 20), custom(function = "language_codes"))]
    pub languages: Vec<String>,
    /// Languages interpretation is offered into (`languages` codes).
    #[serde(default)]
    #[validate(length(max = 20), custom(function = "language_codes"))]
    pub interpretation: Vec<String>,
    /// Whether children are looked after during the meeting.
    #[serde(default)]
    pub childcare: bool,
    /// Office hours: bookable slots of this many minutes (5–240).
    #[schema(minimum = 5, maximum = 240)]
    #[validate(range(min = 5, max = 240))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub slot_minutes: Option<i32>,
    /// Office hours: people per slot (1–50, default 1).
    #[schema(minimum = 1, maximum = 50)]
    #[validate(range(min = 1, max = 50))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub slot_capacity: Option<i32>,
    /// Office hours: how slots can be held.
    #[serde(default)]
    pub slot_modes: Vec<BookingMode>,
    /// Members who organise it (user ids; default: whoever creates it).
    #[serde(default)]
    #[validate(length(max = 20))]
    pub organiser_ids: Vec<String>,
    /// Members who facilitate or advise at it (user ids).
    #[serde(default)]
    #[validate(length(max = 20))]
    pub facilitator_ids: Vec<String>,
}

fn texts(t: &Texts, max: usize) -> Result<(), ValidationError> {
    for (lang, text) in t {
        if !codes::languages().contains_key(lang) {
            return Err(ValidationError::new("code")
                .with_message("every key must be a `languages` code".into()));
        }
        if text.chars().count() > max {
            return Err(ValidationError::new("length")
                .with_message(format!("at most {max} characters").into()));
        }
        crate::fields::multi_line(text)?;
    }
    Ok(())
}

fn titles(t: &Texts) -> Result<(), ValidationError> {
    if !t.values().any(|s| !s.trim().is_empty()) {
        return Err(ValidationError::new("required")
            .with_message("give the title in at least one language".into()));
    }
    for s in t.values() {
        crate::fields::single_line(s)?;
    }
    texts(t, 200)
}

fn descriptions(t: &Texts) -> Result<(), ValidationError> {
    texts(t, 5000)
}

/// A member who organises or facilitates a meeting.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StaffMember {
    pub user_id: String,
    pub name: String,
    /// `organiser` or `facilitator`.
    pub role: String,
}

/// The caller's own place at a meeting (participants).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MyPlace {
    pub registration_id: String,
    pub status: RegistrationStatus,
    /// Place on the waiting list (1 is next).
    pub waiting_position: Option<i64>,
    /// When the person moved up from the waiting list.
    pub promoted_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// Office hours' bookable slots.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SlotPlan {
    pub minutes: i32,
    pub capacity: i32,
    pub modes: Vec<BookingMode>,
}

/// A meeting.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Meeting {
    pub id: String,
    /// The series this is an occurrence of.
    pub series_id: Option<String>,
    /// Changed on its own: edits to the whole series leave it alone.
    pub detached: bool,
    pub kind: MeetingKind,
    /// The title in every language given.
    pub title: Texts,
    /// The title in the caller's language (else English, else the first given).
    pub display_title: String,
    pub description: Texts,
    pub venue: Option<VenueRef>,
    pub online_url: Option<String>,
    pub phone_line: Option<String>,
    /// The start in UTC.
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[schema(example = "Europe/Ljubljana")]
    pub time_zone: String,
    /// The start as the clock on the wall shows it where the meeting is.
    #[schema(value_type = String, example = "2026-05-16T16:00:00")]
    pub start_local: NaiveDateTime,
    #[schema(value_type = String, example = "2026-05-16T19:00:00")]
    pub end_local: NaiveDateTime,
    pub capacity: Option<i32>,
    pub audience: MeetingAudience,
    pub languages: Vec<String>,
    pub interpretation: Vec<String>,
    pub childcare: bool,
    pub status: MeetingStatus,
    pub slots: Option<SlotPlan>,
    pub staff: Vec<StaffMember>,
    pub registered_count: i32,
    pub waiting_count: i32,
    /// Places still free (none: no limit).
    pub places_left: Option<i32>,
    /// The caller's own registration, if any.
    pub my_place: Option<MyPlace>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set only in `updated_since` pulls, on a meeting removed from its series then (a tombstone).
    pub deleted_at: Option<DateTime<Utc>>,
    /// Send it back with a change (optimistic locking).
    pub version: i32,
}

/// Which meetings (the agenda), and which page.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct MeetingListQuery {
    /// Meetings ending at or after this time (default: all).
    pub from: Option<DateTime<Utc>>,
    /// Meetings starting before this time.
    pub to: Option<DateTime<Utc>>,
    pub kind: Option<MeetingKind>,
    pub status: Option<MeetingStatus>,
    pub venue_id: Option<String>,
    pub series_id: Option<String>,
    /// Only meetings the caller is registered for, organises or facilitates
    /// (and a participant's job interviews).
    #[serde(default)]
    pub mine: bool,
    /// Changed since this time, oldest change first, with tombstones (for integrations).
    pub updated_since: Option<DateTime<Utc>>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}
