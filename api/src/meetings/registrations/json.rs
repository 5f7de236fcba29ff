//! What the registration and invitation endpoints take and give.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::codes::{Attendance, RegistrationStatus};

/// Who registers: a participant leaves it out (or names their own record);
/// staff name the person they register.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationInput {
    /// The participant's id (staff: required; participants: only their own).
    pub participant_id: Option<String>,
}

/// A change to a registration: today only cancelling it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationPatch {
    /// `cancelled` (the only change a registration takes here).
    pub status: RegistrationStatus,
    /// The version last read.
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    #[schema(minimum = 1)]
    pub version: i32,
}

/// A person's place at a meeting: registered, waiting, or cancelled.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Registration {
    pub id: String,
    pub meeting_id: String,
    pub participant_id: String,
    /// The person's name (staff only; `null` for everyone else, and for a
    /// person recorded without one).
    pub participant_name: Option<String>,
    pub status: RegistrationStatus,
    /// The order of arrival at this meeting (1 is the first to register);
    /// the waiting list goes by it.
    pub arrival: i32,
    /// Place on the waiting list (1 is next); `null` unless waiting.
    pub waiting_position: Option<i64>,
    /// When the person moved up from the waiting list.
    pub promoted_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Whether the person came (recorded at the door).
    pub attendance: Option<Attendance>,
    /// Came without registering first.
    pub walk_in: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send it back with a change (optimistic locking).
    pub version: i32,
}

/// Which registrations of a meeting, and which page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegistrationListQuery {
    /// Only registrations in this state.
    pub status: Option<RegistrationStatus>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// People to invite to a meeting.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct InvitationInput {
    /// Participant ids (1–200); people already invited stay invited.
    #[validate(length(min = 1, max = 200))]
    pub participant_ids: Vec<String>,
}

/// A person invited to a meeting.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MeetingInvitation {
    pub meeting_id: String,
    pub participant_id: String,
    pub participant_name: Option<String>,
    /// The member who invited them.
    pub invited_by: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Where their registration stands, if they registered.
    pub registration_status: Option<RegistrationStatus>,
}

/// Which page of a meeting's invitations.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvitationListQuery {
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}
