//! What the application endpoints take and give.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::codes::{ApplicationState, OpportunityKind, OpportunityStatus};
use crate::participants::json::ParticipantView;

/// The longest cover note, in characters.
pub const MAX_COVER_NOTE: usize = 4000;
/// The longest note on a step, in characters.
pub const MAX_NOTE: usize = 2000;

/// An application, or a proposal: a participant applies for themself
/// (state `applied`); an adviser, coordinator or admin proposes a person
/// (`participant_id`; state `proposed`), who then accepts or declines.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyInput {
    /// The person proposed (staff and advisers); a participant leaves it out.
    #[serde(default)]
    pub participant_id: Option<String>,
    /// Why this person, in their words or the adviser's (up to 4000 characters).
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub cover_note: String,
}

/// The job interview to arrange when an application moves to `interview`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewInput {
    pub starts_at: DateTime<Utc>,
    /// After `starts_at`, on the same or the next day.
    pub ends_at: DateTime<Utc>,
    /// A venue of the organisation.
    #[serde(default)]
    pub venue_id: Option<String>,
    /// An `https://` (or `http://`) address for an interview online.
    #[serde(default)]
    pub online_url: Option<String>,
}

/// A step of an application, with the version last read.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionInput {
    pub to: ApplicationState,
    /// Why (kept in the history; up to 2000 characters).
    #[serde(default)]
    pub note: Option<String>,
    pub version: i32,
    /// With `to = interview`: the meeting both sides then see in their calendars.
    #[serde(default)]
    pub interview: Option<InterviewInput>,
}

/// The opportunity an application is for.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationOpportunity {
    pub id: String,
    pub kind: OpportunityKind,
    /// Every language given, e.g. `{"sl": "…", "en": "…"}`.
    pub title: BTreeMap<String, String>,
    pub provider_name: String,
    pub status: OpportunityStatus,
}

/// An application's job interview.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InterviewInfo {
    pub meeting_id: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue_id: Option<String>,
    pub online_url: Option<String>,
}

/// An application as the caller may see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Application {
    pub id: String,
    pub opportunity_id: String,
    pub opportunity: ApplicationOpportunity,
    /// Empty once the person is erased.
    pub participant_id: Option<String>,
    /// The person as the caller may see them (a partner: only the fields
    /// `partner_sharing` covers); empty once erased.
    pub person: Option<ParticipantView>,
    pub state: ApplicationState,
    pub cover_note: String,
    /// The adviser or staff member who proposed the person.
    pub proposed_by: Option<String>,
    pub interview: Option<InterviewInfo>,
    /// Messages in the thread the caller has not read.
    pub unread: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set when the person was erased (the application stays, anonymous).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erased_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// A step in an application's history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationEvent {
    /// Empty for the first step.
    pub from: Option<ApplicationState>,
    pub to: ApplicationState,
    /// `participant`, `adviser`, `partner` or `staff`.
    pub by_role: String,
    pub by_user_id: Option<String>,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// Which applications, and which page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationListQuery {
    pub opportunity_id: Option<String>,
    pub participant_id: Option<String>,
    pub state: Option<ApplicationState>,
    /// Only those with messages the caller has not read.
    pub unread: Option<bool>,
    /// Every application changed since then, oldest change first; erased
    /// ones included as tombstones (`participant_id` empty, `erased_at` set).
    pub updated_since: Option<DateTime<Utc>>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// How many messages the caller has not read, over every application they see.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnreadCount {
    pub count: i64,
}
