//! What the outcome endpoints take and give.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::codes::{OpportunityKind, OutcomeKind};
use crate::disclosure::Cell;

/// What an application (hired) or a completed course ended in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Outcome {
    pub id: String,
    /// The application it came from (empty for one recorded on its own, and
    /// once the person is erased).
    pub application_id: Option<String>,
    pub opportunity_id: Option<String>,
    /// Empty once the person is erased (the outcome still counts).
    pub participant_id: Option<String>,
    /// The programme it counts under: the opportunity's kind.
    pub programme: OpportunityKind,
    pub kind: OutcomeKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub recorded_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// A new outcome: for a participant, with the application or opportunity
/// it came from (a completed course, a job found through the organisation)
/// or on its own (studies, self-employment; then `programme` is required).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOutcomeFields {
    pub participant_id: String,
    /// The application it ended (the opportunity follows from it).
    pub application_id: Option<String>,
    /// The opportunity (a completed course), when there is no application.
    pub opportunity_id: Option<String>,
    /// The programme to count it under when there is no opportunity.
    pub programme: Option<OpportunityKind>,
    pub kind: OutcomeKind,
    pub starts_on: NaiveDate,
    /// The end, for fixed-term work, internships, training and studies.
    pub ends_on: Option<NaiveDate>,
}

/// What can be changed on an outcome (a JSON merge patch with `version`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeChange {
    pub kind: OutcomeKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// Which outcomes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutcomeListQuery {
    pub participant_id: Option<String>,
    pub opportunity_id: Option<String>,
    pub kind: Option<OutcomeKind>,
    /// Every outcome changed at or after this time, oldest change first.
    pub updated_since: Option<DateTime<Utc>>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One programme in one period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProgrammeRow {
    pub programme: OpportunityKind,
    /// Outcomes of each kind, in the order of `kinds`.
    pub outcomes: Vec<Cell>,
    /// The programme's outcomes (shown only when none of its cells is hidden).
    pub outcomes_total: Cell,
    /// Applications made in the period to the programme's opportunities.
    pub applications: Cell,
    /// Outcomes per 100 applications, one decimal; `null` when either
    /// count is hidden or there were no applications.
    pub rate_percent: Option<f64>,
}

/// One calendar year (outcomes by their start, applications by when they
/// were made).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PeriodStats {
    pub year: i32,
    pub programmes: Vec<ProgrammeRow>,
    /// Every outcome of the period (public).
    pub outcomes_total: i64,
    /// Every application of the period (public).
    pub applications_total: i64,
}

/// Outcome counts and rates per programme and period, small cells
/// suppressed (and those that would give them away from the totals).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OutcomeStats {
    /// Cells from 1 to this minus one are suppressed.
    pub suppression_threshold: i64,
    pub kinds: Vec<OutcomeKind>,
    pub years: Vec<PeriodStats>,
}
