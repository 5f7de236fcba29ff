//! What the minutes endpoints take and give: a meeting's minutes (Markdown
//! source, never HTML) with its decisions, and action items with an owner,
//! a due date and a state.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::codes::ActionItemState;

/// The most decisions one meeting's minutes hold.
pub const MAX_DECISIONS: usize = 50;

/// A meeting's minutes as written.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MinutesInput {
    /// Markdown source. The server keeps it as text and never renders it;
    /// clients render it without raw HTML.
    #[schema(
        max_length = 50000,
        example = "## Attendees\n\n12 people, interpretation into Arabic.\n\n## Notes\n\n- The market opens on Saturdays."
    )]
    #[serde(default)]
    #[validate(length(max = 50000), custom(function = "crate::fields::multi_line"))]
    pub body: String,
    /// What the meeting decided, one short text each (at most 50, each at
    /// most 500 characters).
    #[schema(max_items = 50, example = json!(["Meet every second Tuesday", "Prices are set by the makers"]))]
    #[serde(default)]
    #[validate(custom(function = "decisions"))]
    pub decisions: Vec<String>,
    /// The version last read; required once the minutes exist (0 or none
    /// for the first save).
    #[schema(minimum = 0)]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub version: Option<i32>,
}

fn decisions(list: &[String]) -> Result<(), ValidationError> {
    if list.len() > MAX_DECISIONS {
        return Err(ValidationError::new("length")
            .with_message(format!("at most {MAX_DECISIONS} decisions").into()));
    }
    for d in list {
        if d.trim().is_empty() {
            return Err(
                ValidationError::new("required").with_message("a decision may not be empty".into())
            );
        }
        if d.chars().count() > 500 {
            return Err(ValidationError::new("length")
                .with_message("each decision holds at most 500 characters".into()));
        }
        crate::fields::multi_line(d)?;
    }
    Ok(())
}

/// A meeting's minutes, decisions and action items.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Minutes {
    pub meeting_id: String,
    /// Markdown source (empty until written); render it without raw HTML.
    pub body: String,
    pub decisions: Vec<String>,
    /// `null` until the minutes are first saved.
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by_name: Option<String>,
    /// Send it back with a change; 0 until the minutes are first saved.
    pub version: i32,
    /// The meeting's action items, the earliest due first.
    pub action_items: Vec<ActionItem>,
}

/// The meeting an action item comes from.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ItemMeeting {
    pub id: String,
    /// The title in the caller's language.
    pub title: String,
    pub starts_at: DateTime<Utc>,
    #[schema(value_type = String, example = "2026-05-16T16:00:00")]
    pub start_local: NaiveDateTime,
    pub time_zone: String,
}

/// An action item.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActionItem {
    pub id: String,
    pub meeting: ItemMeeting,
    pub title: String,
    /// `member` or `participant`; `null`: no owner yet.
    pub owner_kind: Option<String>,
    /// The owning member (a user id).
    pub owner_user_id: Option<String>,
    /// The owning participant; shown to staff who see the person and to
    /// the person, `null` for other participants.
    pub owner_participant_id: Option<String>,
    /// The owner's name, where the caller may see it.
    pub owner_name: Option<String>,
    /// Whether the caller owns it.
    pub mine: bool,
    pub due_on: Option<NaiveDate>,
    pub state: ActionItemState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send it back with a change (optimistic locking).
    pub version: i32,
}

/// A new action item, and the base of a change (a JSON merge patch).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ActionItemInput {
    #[schema(
        min_length = 1,
        max_length = 300,
        example = "Ask the municipality about the hall on Saturdays"
    )]
    #[validate(
        length(min = 1, max = 300),
        custom(function = "crate::fields::single_line"),
        custom(function = "not_blank")
    )]
    pub title: String,
    /// A member of the organisation's team (admin, coordinator, adviser or
    /// mentor)…
    pub owner_user_id: Option<String>,
    /// …or a participant of the organisation; at most one of the two.
    pub owner_participant_id: Option<String>,
    #[schema(example = "2026-06-01")]
    pub due_on: Option<NaiveDate>,
    /// `open` (default), `done` or `dropped`.
    pub state: Option<ActionItemState>,
}

fn not_blank(s: &str) -> Result<(), ValidationError> {
    if s.trim().is_empty() {
        Err(ValidationError::new("required").with_message("may not be blank".into()))
    } else {
        Ok(())
    }
}

/// Whose action items, and which page.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct ActionItemQuery {
    /// The caller's own (as a member, or as a participant through their record).
    #[serde(default)]
    pub mine: bool,
    /// A meeting's items (staff, and people who were at the meeting).
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub meeting_id: Option<String>,
    /// Only items in this state.
    pub state: Option<ActionItemState>,
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
