//! What the booking endpoints take and give: a slot with its counts, a
//! booking as its person and as staff see it, a new booking, a change.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::codes::{Attendance, BookingMode, BookingTopic, MeetingStatus};
use crate::meetings::venues::json::VenueRef;

/// Where a booking stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Booked,
    Cancelled,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Booked => "booked",
            BookingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Self {
        if s == "booked" {
            BookingStatus::Booked
        } else {
            BookingStatus::Cancelled
        }
    }
}

/// One bookable slot of an office hour: counts only, no names.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Slot {
    /// The slot's start in UTC: send it back as `slot_start` to book it.
    #[schema(example = "2026-11-17T15:00:00Z")]
    pub start: DateTime<Utc>,
    /// The start as the clock on the wall shows it where the meeting is.
    #[schema(value_type = String, example = "2026-11-17T16:00:00")]
    pub start_local: NaiveDateTime,
    #[schema(value_type = String, example = "2026-11-17T16:20:00")]
    pub end_local: NaiveDateTime,
    /// People per slot.
    pub capacity: i32,
    /// Active bookings (walk-ins included).
    pub booked: i32,
    /// Places still free (never below 0, even when walk-ins filled it beyond).
    pub free: i32,
    /// How the slot can be held.
    pub modes: Vec<BookingMode>,
    /// The caller's own active booking in this slot, if any (participants).
    pub my_booking_id: Option<String>,
}

/// A booking of an office-hour slot.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewBooking {
    /// The `start` of one of the meeting's slots.
    #[schema(example = "2026-11-17T15:20:00Z")]
    pub slot_start: DateTime<Utc>,
    /// One of the meeting's slot modes.
    pub mode: BookingMode,
    pub topic: BookingTopic,
    /// What the person wants to talk about (seen by staff and the person).
    #[schema(max_length = 1000)]
    #[validate(length(max = 1000), custom(function = "crate::fields::multi_line"))]
    pub note: Option<String>,
    /// Whose booking: staff must send it; a participant books for
    /// themself and may leave it out (or send their own).
    pub participant_id: Option<String>,
    /// Staff only: someone already there, seen without a booking. A
    /// walk-in counts as attended and may go beyond the slot's places.
    #[serde(default)]
    pub walk_in: bool,
}

/// A change to a booking with the `version` last read: cancel it, record
/// whether the person came (staff), or move it (another slot, mode, topic
/// or note). An empty `note` removes it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct BookingChange {
    #[schema(minimum = 1)]
    #[validate(range(min = 1))]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub version: i32,
    /// Only `cancelled` (to come back, book again).
    pub status: Option<BookingStatus>,
    /// Staff: whether the person came.
    pub attendance: Option<Attendance>,
    #[schema(example = "2026-11-17T15:40:00Z")]
    pub slot_start: Option<DateTime<Utc>>,
    pub mode: Option<BookingMode>,
    pub topic: Option<BookingTopic>,
    #[schema(max_length = 1000)]
    #[validate(length(max = 1000), custom(function = "crate::fields::multi_line"))]
    pub note: Option<String>,
}

impl BookingChange {
    /// Whether it moves the booking or changes what it is about.
    pub fn moves(&self) -> bool {
        self.slot_start.is_some()
            || self.mode.is_some()
            || self.topic.is_some()
            || self.note.is_some()
    }
}

/// A booking.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Booking {
    pub id: String,
    pub meeting_id: String,
    pub participant_id: String,
    /// The person's name (staff only).
    pub participant_name: Option<String>,
    /// The slot's start in UTC.
    pub slot_start: DateTime<Utc>,
    #[schema(value_type = String, example = "2026-11-17T16:20:00")]
    pub slot_start_local: NaiveDateTime,
    #[schema(value_type = String, example = "2026-11-17T16:40:00")]
    pub slot_end_local: NaiveDateTime,
    #[schema(example = "Europe/Ljubljana")]
    pub time_zone: String,
    pub mode: BookingMode,
    pub topic: BookingTopic,
    pub note: Option<String>,
    pub status: BookingStatus,
    pub attendance: Option<Attendance>,
    /// Recorded by staff for someone who came without a booking.
    pub walk_in: bool,
    /// The meeting's title in the caller's language.
    pub meeting_title: String,
    pub meeting_status: MeetingStatus,
    /// Where to come (in person)…
    pub venue: Option<VenueRef>,
    /// …or the line to call (by phone), or the link (online).
    pub phone_line: Option<String>,
    pub online_url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send it back with a change (optimistic locking).
    pub version: i32,
}

/// Which bookings of a meeting.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct MeetingBookingsQuery {
    /// Cancelled bookings too.
    #[serde(default)]
    pub cancelled: bool,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

/// Which bookings: a participant's own from a time, or (staff) a day's.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct BookingListQuery {
    /// Participants always get only their own; staff: only office hours
    /// they organise or facilitate.
    #[serde(default)]
    pub mine: bool,
    /// Participants: bookings whose slot ends after this time (default: now).
    pub from: Option<DateTime<Utc>>,
    /// The day, in each meeting's own time zone (required for staff).
    #[param(value_type = Option<String>, format = Date, example = "2026-11-17")]
    pub date: Option<NaiveDate>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}
