//! What the analysis takes and gives: the query (template, period,
//! cross-tabulation), the tables per breakdown and per question, and the
//! length-of-stay bands and statistics.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::interviews::templates::QuestionType;

/// A way to split respondents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    Gender,
    AgeBand,
    LegalStatus,
    Education,
    LengthOfStay,
}

impl Breakdown {
    pub(super) const ALL: [Breakdown; 5] = [
        Breakdown::Gender,
        Breakdown::AgeBand,
        Breakdown::LegalStatus,
        Breakdown::Education,
        Breakdown::LengthOfStay,
    ];
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Breakdown::Gender => "gender",
            Breakdown::AgeBand => "age_band",
            Breakdown::LegalStatus => "legal_status",
            Breakdown::Education => "education",
            Breakdown::LengthOfStay => "length_of_stay",
        }
    }
}

/// Which interviews, and an optional cross-tabulation.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct AnalysisQuery {
    /// The template's id (answers of all its versions are counted together).
    #[param(min_length = 1, max_length = 64)]
    #[validate(length(min = 1, max = 64))]
    pub template: String,
    /// Interviews held on or after this day. Analysts and API keys get
    /// whole calendar years only (`YYYY-01-01` to `YYYY-12-31`, the current
    /// year by default): overlapping periods could be subtracted.
    pub from: Option<NaiveDate>,
    /// Interviews held on or before this day (for analysts and keys, the
    /// last day of the year of `from`).
    pub to: Option<NaiveDate>,
    /// Cross-tabulate every question by this breakdown.
    pub cross: Option<Breakdown>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

pub use crate::disclosure::Cell;

/// One option (or value) of a question and how many chose it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OptionCount {
    pub value: String,
    /// In the caller's language.
    pub label: String,
    pub count: Option<i64>,
    pub suppressed: bool,
}

/// What the respondents answered to one question.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuestionStats {
    pub id: String,
    pub section_id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The question in the caller's language.
    pub text: String,
    pub sensitive: bool,
    /// How many respondents answered it.
    pub answered: Cell,
    /// Counts per option: choice options in template order, yes/no, scale
    /// values 1–10, distinct numbers, skills and languages (most often first).
    /// Text and date questions have none. For analysts and API keys, hidden
    /// numbers, skills and languages are not listed one by one but as one
    /// entry with the value `suppressed`.
    pub options: Vec<OptionCount>,
    /// For scale and number questions.
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Whether mean and median are withheld because too few answered.
    pub stats_suppressed: bool,
    /// With `cross`: the option counts within each group of the breakdown
    /// (for analysts and API keys, the groups of `breakdowns`, hidden ones
    /// merged into `suppressed`).
    pub by: BTreeMap<String, Vec<OptionCount>>,
}

/// Respondents per group of each breakdown. For analysts and API keys,
/// groups too small to show are not listed but merged into one group,
/// `suppressed` (with `suppressed: true` and their total), and questions
/// cross-tabulated by the breakdown use the same merged group.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Breakdowns {
    /// `genders` codes, or `not_stated`.
    pub gender: BTreeMap<String, Cell>,
    /// `interview-age-bands` codes, at the interview.
    pub age_band: BTreeMap<String, Cell>,
    /// `legal-statuses` codes, or `not_stated`.
    pub legal_status: BTreeMap<String, Cell>,
    /// `education-levels` codes, or `not_stated`.
    pub education: BTreeMap<String, Cell>,
    /// Codes of `stay_bands` (by default the `stay-lengths` codes), at the
    /// interview, or `unknown`.
    pub length_of_stay: BTreeMap<String, Cell>,
}

/// The analysis of a template's interviews.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Analysis {
    pub template: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Participants present at a done interview in the period.
    pub respondents: i64,
    /// Done interviews in the period.
    pub interviews: i64,
    /// The threshold under which counts are suppressed for this caller; `null` when nothing is suppressed.
    pub suppression_threshold: Option<i64>,
    pub breakdowns: Breakdowns,
    /// The length-of-stay bands, in order: those of the newest published
    /// version of the template, or the `stay-lengths` bands.
    pub stay_bands: Vec<StayBand>,
    /// Length of stay at the interview in whole months: mean and median.
    pub length_of_stay_months: StayStats,
    /// For staff only (`null` for analysts and API keys): the `other` legal
    /// statuses in words, with how many respondents gave each.
    pub legal_status_details: Option<Vec<DetailCount>>,
    pub cross: Option<Breakdown>,
    pub questions: Vec<QuestionStats>,
}

/// One band of length of stay, in report order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StayBand {
    /// The key of this band in `breakdowns.length_of_stay`.
    #[schema(example = "y5_8")]
    pub code: String,
    /// In the caller's language.
    #[schema(example = "5–8 years")]
    pub label: String,
    /// Whole months at the interview, from (inclusive).
    pub from_months: i32,
    /// Up to (exclusive); `null` for the last, open band.
    pub to_months: Option<i32>,
}

/// The mean and median length of stay at the interview, in whole months,
/// over respondents with an arrival date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StayStats {
    /// Respondents with an arrival date. For analysts and API keys hidden
    /// below the threshold, and also whenever the length-of-stay table hides
    /// its `unknown` cell (respondents − `n` would give that cell away).
    pub n: Cell,
    /// Rounded to two decimals; `null` when no one or when withheld.
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Whether mean and median are withheld because too few have an arrival date.
    pub stats_suppressed: bool,
}

/// How many respondents with the `other` legal status gave this status in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DetailCount {
    #[schema(example = "residence permit in process")]
    pub detail: String,
    pub count: i64,
}
