//! What the feedback endpoints take and give: a person's rating, a
//! meeting's feedback as organisers see it (no one's name, id or time on
//! it), the summaries per meeting, kind or period, and the attendance and
//! satisfaction of each meeting.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::codes::{self, MeetingKind, MeetingStatus};

/// The fewest people who must have rated a meeting before organisers see
/// its comments: fewer, and a comment would point at someone they know.
pub const COMMENTS_FROM: i64 = 3;

/// A rating of a meeting the person attended, with an optional comment.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct FeedbackInput {
    /// From 1 (poor) to 10 (excellent).
    #[schema(minimum = 1, maximum = 10, example = 8)]
    #[validate(range(min = 1, max = 10))]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub rating: i32,
    /// In any language; organisers see it without a name or a time.
    #[schema(max_length = 2000, example = "More time for questions, please.")]
    #[validate(length(max = 2000), custom(function = "crate::fields::multi_line"))]
    pub comment: Option<String>,
    /// The comment's language (a `languages` code).
    #[schema(example = "ar")]
    #[validate(custom(function = "language_code"))]
    pub comment_language: Option<String>,
}

fn language_code(c: &str) -> Result<(), ValidationError> {
    if codes::languages().contains_key(c) {
        Ok(())
    } else {
        Err(ValidationError::new("code").with_message("must be a `languages` code".into()))
    }
}

/// The caller's own rating of a meeting (only ever shown to them).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MyFeedback {
    pub meeting_id: String,
    pub rating: i32,
    pub comment: Option<String>,
    pub comment_language: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How many gave one rating; `null` with `suppressed: true` when hidden.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RatingCount {
    #[schema(minimum = 1, maximum = 10)]
    pub rating: i32,
    pub count: Option<i64>,
    pub suppressed: bool,
}

/// A comment as organisers see it: no author, no time.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FeedbackComment {
    pub text: String,
    pub language: Option<String>,
}

/// One meeting's feedback for its organisers (admins and coordinators).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MeetingFeedback {
    pub meeting_id: String,
    /// How many rated it.
    pub count: i64,
    /// Rounded to one decimal; `null` when no one rated it.
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Counts for the ratings 1 to 10.
    pub distribution: Vec<RatingCount>,
    /// Sorted by their text (the order says nothing about who wrote first).
    pub comments: Vec<FeedbackComment>,
    /// Whether comments are withheld because fewer than
    /// `comments_from` people rated the meeting.
    pub comments_withheld: bool,
    pub comments_from: i64,
}

/// How to group a summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SummaryBy {
    /// Each meeting (for analysts and API keys, those with too few ratings
    /// merged into one `suppressed` group).
    #[default]
    Meeting,
    /// Each kind of meeting.
    Kind,
    /// Calendar months (`YYYY-MM`) for staff; the calendar year (`YYYY`) for
    /// analysts and API keys.
    Period,
}

/// Which ratings to summarise, and how.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// `meeting` (default), `kind` or `period`.
    pub by: Option<SummaryBy>,
    /// Meetings starting on or after this day (in the server's time zone).
    /// Analysts and API keys get whole calendar years only (`YYYY-01-01` to
    /// `YYYY-12-31`, the current year by default): overlapping periods
    /// could be subtracted to reveal a hidden count.
    pub from: Option<NaiveDate>,
    /// Meetings starting on or before this day (default: the end of the
    /// year of `from`).
    pub to: Option<NaiveDate>,
    /// Only meetings of this kind.
    pub kind: Option<MeetingKind>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

/// The meeting a group stands for (`by=meeting`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GroupMeeting {
    pub id: String,
    pub kind: MeetingKind,
    pub starts_at: DateTime<Utc>,
    #[schema(value_type = String, example = "2026-05-16T16:00:00")]
    pub start_local: NaiveDateTime,
    pub time_zone: String,
}

/// One group of a summary.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FeedbackGroup {
    /// The meeting's id, the kind's code, the period (`2026-05`, or `2026`
    /// for analysts), or `suppressed` for meetings merged because too few
    /// rated them.
    pub key: String,
    /// The meeting's title, the kind's name or the period, in the caller's language.
    pub label: String,
    pub meeting: Option<GroupMeeting>,
    /// How many ratings; `null` with `suppressed: true` when hidden.
    pub count: Option<i64>,
    pub suppressed: bool,
    /// Rounded to one decimal.
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Whether mean and median are withheld (too few ratings, or a count
    /// of the distribution hidden).
    pub stats_suppressed: bool,
    /// Counts for the ratings 1 to 10.
    pub distribution: Vec<RatingCount>,
}

/// Ratings summarised by meeting, kind or period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FeedbackSummary {
    pub by: SummaryBy,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: Option<MeetingKind>,
    /// The threshold below which counts are hidden (analysts and API
    /// keys); `null`: exact counts.
    pub suppression_threshold: Option<i64>,
    pub groups: Vec<FeedbackGroup>,
}

/// Which meetings' attendance and satisfaction, and which page.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Meetings starting on or after this day (server's time zone; default:
    /// the first day of the current month).
    pub from: Option<NaiveDate>,
    /// Meetings starting on or before this day (default: the last day of
    /// the month of `from`).
    pub to: Option<NaiveDate>,
    pub kind: Option<MeetingKind>,
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

/// A meeting's attendance and satisfaction, for the coordinator's list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MeetingStats {
    pub meeting_id: String,
    /// The title in the caller's language.
    pub title: String,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub starts_at: DateTime<Utc>,
    #[schema(value_type = String, example = "2026-05-16T16:00:00")]
    pub start_local: NaiveDateTime,
    pub time_zone: String,
    pub capacity: Option<i32>,
    /// Registrations holding a place.
    pub registered: i64,
    /// On the waiting list.
    pub waiting: i64,
    /// Office-hour bookings not cancelled.
    pub booked: i64,
    /// Registrations and bookings marked attended.
    pub attended: i64,
    /// Registrations and bookings marked as no-shows.
    pub no_show: i64,
    /// People who came without a record (counted only).
    pub guests: i64,
    /// How many rated it.
    pub ratings: i64,
    /// The mean rating, one decimal.
    pub mean_rating: Option<f64>,
}
