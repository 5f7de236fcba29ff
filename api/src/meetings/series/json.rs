//! What the series endpoints take and give: a series to create (its first
//! meeting and a repetition, as an RRULE or as the SPA's form), a change of
//! its rule, the series as shown, and the scope of a change to one of its
//! meetings.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::rule::{End, Pattern};
use crate::codes::MeetingStatus;
use crate::meetings::json::MeetingFields;

/// How often a [`RepeatPattern`] repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
}

/// A day of the week, as iCalendar abbreviates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Day {
    Mo,
    Tu,
    We,
    Th,
    Fr,
    Sa,
    Su,
}

impl Day {
    pub fn weekday(self) -> Weekday {
        match self {
            Day::Mo => Weekday::Mon,
            Day::Tu => Weekday::Tue,
            Day::We => Weekday::Wed,
            Day::Th => Weekday::Thu,
            Day::Fr => Weekday::Fri,
            Day::Sa => Weekday::Sat,
            Day::Su => Weekday::Sun,
        }
    }

    pub fn of(day: Weekday) -> Self {
        match day {
            Weekday::Mon => Day::Mo,
            Weekday::Tue => Day::Tu,
            Weekday::Wed => Day::We,
            Weekday::Thu => Day::Th,
            Weekday::Fri => Day::Fr,
            Weekday::Sat => Day::Sa,
            Weekday::Sun => Day::Su,
        }
    }
}

/// The repetition as the SPA's form gives it, so that nobody types an
/// RRULE: every `interval` days; on `weekdays` of every `interval`th week;
/// or on the `nth` (1–4, or -1 for the last) of the one weekday in
/// `weekdays` of every `interval`th month ("first Monday of every month":
/// `{"freq": "monthly", "weekdays": ["mo"], "nth": 1, ...}`). It ends on
/// the local day `until` (inclusive) or after `count` meetings: one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"freq": "weekly", "weekdays": ["tu", "th", "sa"], "until": "2026-07-15"}))]
pub struct RepeatPattern {
    pub freq: Frequency,
    /// Every how many days, weeks or months (1–99, default 1).
    #[schema(minimum = 1, maximum = 99)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<u32>,
    /// Weekly: the days (at least one). Monthly: exactly one day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekdays: Vec<Day>,
    /// Monthly: which of the month's `weekdays` (1–4, -1 the last).
    #[schema(minimum = -1, maximum = 4)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nth: Option<i8>,
    /// The last local day a meeting may fall on.
    #[schema(value_type = Option<String>, format = Date, example = "2026-07-15")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// The number of meetings (1–400).
    #[schema(minimum = 1, maximum = 400)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl RepeatPattern {
    /// The engine's pattern, or the reason it cannot be one (a
    /// [`super::rule::RuleError`] code and message).
    pub fn to_pattern(&self) -> Result<Pattern, (&'static str, String)> {
        let invalid = |m: &str| {
            (
                "invalid_pattern",
                format!("The repetition cannot be used: {m}"),
            )
        };
        let end = match (self.until, self.count) {
            (Some(d), None) => End::Until(d),
            (None, Some(n)) => End::Count(n),
            (None, None) => {
                let e = super::rule::RuleError::Unbounded;
                return Err((e.code(), e.message()));
            }
            (Some(_), Some(_)) => return Err(invalid("give until or count, not both.")),
        };
        let interval = self.interval.unwrap_or(1);
        let days: Vec<Weekday> = self.weekdays.iter().map(|d| d.weekday()).collect();
        match self.freq {
            Frequency::Daily if days.is_empty() && self.nth.is_none() => {
                Ok(Pattern::Daily { interval, end })
            }
            Frequency::Daily => Err(invalid("a daily repetition has no weekdays or nth.")),
            Frequency::Weekly if self.nth.is_none() => Ok(Pattern::Weekly {
                days,
                interval,
                end,
            }),
            Frequency::Weekly => Err(invalid("nth is for monthly repetitions.")),
            Frequency::Monthly => match (self.nth, days.as_slice()) {
                (Some(n), [day]) => Ok(Pattern::MonthlyByWeekday {
                    n,
                    day: *day,
                    interval,
                    end,
                }),
                _ => Err(invalid(
                    "a monthly repetition names one weekday and nth (e.g. the first Monday).",
                )),
            },
        }
    }

    /// The form of an engine's pattern.
    pub fn of(p: &Pattern) -> Self {
        let (freq, interval, weekdays, nth, end) = match p {
            Pattern::Daily { interval, end } => (Frequency::Daily, *interval, vec![], None, *end),
            Pattern::Weekly {
                days,
                interval,
                end,
            } => (
                Frequency::Weekly,
                *interval,
                days.iter().map(|d| Day::of(*d)).collect(),
                None,
                *end,
            ),
            Pattern::MonthlyByWeekday {
                n,
                day,
                interval,
                end,
            } => (
                Frequency::Monthly,
                *interval,
                vec![Day::of(*day)],
                Some(*n),
                *end,
            ),
        };
        let (until, count) = match end {
            End::Until(d) => (Some(d), None),
            End::Count(n) => (None, Some(n)),
        };
        Self {
            freq,
            interval: (interval != 1).then_some(interval),
            weekdays,
            nth,
            until,
            count,
        }
    }
}

/// A new series: its first meeting and how it repeats (`rrule` or
/// `pattern`, one of the two).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateSeriesRequest {
    /// The first meeting: its `start_local`/`end_local` give the time of
    /// day and the length of every meeting (the start also anchors the
    /// rule: a Tue/Thu/Sat rule from Friday 15 May first meets on Saturday
    /// 16 May); every other field is shared by all of them.
    #[validate(nested)]
    pub meeting: MeetingFields,
    /// An RFC 5545 RRULE value without DTSTART, bounded by COUNT or UNTIL,
    /// at most daily, at most 400 meetings.
    #[schema(
        max_length = 500,
        example = "FREQ=WEEKLY;BYDAY=TU,TH,SA;UNTIL=20260715"
    )]
    #[validate(length(max = 500))]
    pub rrule: Option<String>,
    /// The repetition as a form gives it (instead of `rrule`).
    pub pattern: Option<RepeatPattern>,
    /// Local starts of meetings that do not happen (each must be a meeting of the rule).
    #[schema(value_type = Vec<String>, example = json!(["2026-06-25T16:00:00"]))]
    #[serde(default)]
    #[validate(length(max = 400))]
    pub exdates: Vec<NaiveDateTime>,
}

/// A change of a series' rule or its removed dates, with the series'
/// `version`. Meetings the new rule no longer gives are removed (refused
/// while people are registered for them); meetings it adds are created
/// like the series' next meeting. Meetings that already ended stay.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateSeriesRequest {
    /// The new RRULE value (as when creating a series).
    #[schema(max_length = 500, example = "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20260715")]
    #[validate(length(max = 500))]
    pub rrule: Option<String>,
    /// The new repetition as a form gives it (instead of `rrule`).
    pub pattern: Option<RepeatPattern>,
    /// All the local starts taken out of the series (replaces the list).
    #[schema(value_type = Option<Vec<String>>)]
    #[validate(length(max = 400))]
    pub exdates: Option<Vec<NaiveDateTime>>,
    /// The `version` of the series last read.
    #[schema(minimum = 1)]
    #[validate(range(min = 1))]
    pub version: i32,
}

/// One meeting of a series.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SeriesOccurrence {
    pub meeting_id: String,
    /// Where the rule puts it (RECURRENCE-ID, local time); the key of `exdates`.
    #[schema(value_type = Option<String>, example = "2026-05-16T16:00:00")]
    pub occurrence_local: Option<NaiveDateTime>,
    /// When it starts, on the wall clock where it happens.
    #[schema(value_type = String, example = "2026-05-16T16:00:00")]
    pub start_local: NaiveDateTime,
    #[schema(value_type = String, example = "2026-05-16T19:00:00")]
    pub end_local: NaiveDateTime,
    pub starts_at: DateTime<Utc>,
    pub status: MeetingStatus,
    /// Changed on its own (or took place before the rule changed): changes
    /// to the whole series leave it alone.
    pub detached: bool,
    pub version: i32,
}

/// A recurring series and its meetings.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Series {
    pub id: String,
    /// The RRULE value, normalised (upper case, UNTIL in UTC).
    #[schema(example = "FREQ=WEEKLY;BYDAY=TU,TH,SA;UNTIL=20260715T215959Z")]
    pub rrule: String,
    /// The same rule as the SPA's form, when the form can say it.
    pub pattern: Option<RepeatPattern>,
    /// DTSTART: where the rule starts, local time.
    #[schema(value_type = String, example = "2026-05-16T16:00:00")]
    pub first_start_local: NaiveDateTime,
    #[schema(example = "Europe/Ljubljana")]
    pub time_zone: String,
    /// How long each meeting lasts (wall-clock minutes).
    pub duration_minutes: i32,
    /// Local starts taken out of the series (EXDATE).
    #[schema(value_type = Vec<String>)]
    pub exdates: Vec<NaiveDateTime>,
    /// Its meetings, the earliest first (removed ones left out).
    pub occurrences: Vec<SeriesOccurrence>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send it back with a change of the rule (optimistic locking).
    pub version: i32,
}

/// Which meetings of a series a change applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EditScope {
    /// This meeting only (it is detached from the series).
    #[default]
    This,
    /// This meeting and the later ones: the series is split here.
    Following,
    /// Every meeting of the series that has not ended and was not changed on its own.
    All,
}

/// The scope of a change to a meeting of a series.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeQuery {
    /// For a meeting of a series: `this` (default), `following` or `all`.
    /// A change of the time applies as the same change of the wall-clock
    /// time to each one changed.
    #[param(inline)]
    pub scope: Option<EditScope>,
}

/// The version of the record last read, for a removal.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// The meeting's `version` last read.
    #[param(minimum = 1)]
    pub version: Option<i64>,
}
