//! What the opportunity endpoints take and give.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::codes::{
    ApplicationState, ContractType, EducationLevel, LanguageLevel, LegalStatus, OpportunityKind,
    OpportunityStatus, PayPeriod, WorkPlace,
};
use crate::market::texts::{self, Texts};
use crate::skills::json::ConceptRef;

/// A language the opportunity asks for, with its minimum CEFR level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageRequirement {
    /// A `languages` code.
    #[schema(example = "sl")]
    pub language: String,
    #[schema(example = "A2")]
    pub min_level: LanguageLevel,
}

/// The fields of an opportunity that can be set (create) or changed (a
/// JSON merge patch of them, with `version`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct OpportunityFields {
    pub kind: OpportunityKind,
    /// `draft` (default) or `open` on creation; later draft → open →
    /// closed | filled, and closed → open.
    pub status: Option<OpportunityStatus>,
    /// The title in one or more languages (at least one; each at most 200 characters).
    #[schema(value_type = Object, example = json!({"sl": "Voznik viličarja", "en": "Forklift driver"}))]
    #[validate(custom(function = "titles"))]
    pub title: Texts,
    /// The description in one or more languages (each at most 8000 characters).
    #[serde(default)]
    #[schema(value_type = Object, example = json!({"en": "Loading and unloading lorries in our warehouse."}))]
    #[validate(custom(function = "descriptions"))]
    pub description: Texts,
    /// The employer's or provider's name.
    #[schema(min_length = 1, max_length = 200, example = "Logistika Vrhnika d.o.o.")]
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::fields::single_line")
    )]
    pub provider_name: String,
    /// The provider's sector: a NACE Rev. 2 code (a section letter with
    /// optional division, group and class: "H", "H52", "H52.2", "H52.24").
    #[schema(example = "H52.24")]
    #[validate(custom(function = "nace"))]
    pub provider_sector: Option<String>,
    /// The partner member who answers for it: a partner posts as themself;
    /// staff may name one of the organisation's partner members, or none.
    pub partner_user_id: Option<String>,
    /// The ESCO occupation its skills were filled from (GET
    /// /api/v1/concepts?uri= gives an occupation's essential and optional skills).
    pub occupation_uri: Option<String>,
    /// ISO 3166-1 alpha-2: whose eligibility rules apply (default SI).
    #[serde(default = "slovenia")]
    #[schema(example = "SI")]
    pub country: String,
    pub place: WorkPlace,
    /// Required on site and hybrid.
    #[schema(max_length = 100, example = "Vrhnika")]
    #[validate(length(max = 100), custom(function = "crate::fields::single_line"))]
    pub municipality: Option<String>,
    #[schema(minimum = 1, maximum = 60, example = 40)]
    #[validate(range(min = 1, max = 60))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub hours_per_week: Option<i32>,
    /// Hours in all; required for internships (at most 240).
    #[schema(minimum = 1, maximum = 10000)]
    #[validate(range(min = 1, max = 10000))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub total_hours: Option<i32>,
    pub starts_on: Option<NaiveDate>,
    /// Not before `starts_on`.
    pub ends_on: Option<NaiveDate>,
    #[schema(minimum = 1, maximum = 520)]
    #[validate(range(min = 1, max = 520))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub duration_weeks: Option<i32>,
    #[serde(default)]
    pub paid: bool,
    /// Only when paid; at most `pay_max_cents`.
    #[schema(minimum = 0, maximum = 100000000)]
    #[validate(range(min = 0, max = 100_000_000))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub pay_min_cents: Option<i32>,
    #[schema(minimum = 0, maximum = 100000000)]
    #[validate(range(min = 0, max = 100_000_000))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub pay_max_cents: Option<i32>,
    /// ISO 4217 (default EUR).
    #[serde(default = "eur")]
    #[schema(example = "EUR")]
    #[validate(custom(function = "currency"))]
    pub pay_currency: String,
    /// Only when paid.
    pub pay_period: Option<PayPeriod>,
    pub contract_type: Option<ContractType>,
    #[schema(minimum = 1, maximum = 10000)]
    #[validate(range(min = 1, max = 10000))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub places: Option<i32>,
    pub deadline: Option<NaiveDate>,
    pub min_education: Option<EducationLevel>,
    /// Skill URIs the work needs (at most 50).
    #[serde(default)]
    #[validate(length(max = 50))]
    pub essential_skills: Vec<String>,
    /// Skill URIs that help (at most 50); none also essential.
    #[serde(default)]
    #[validate(length(max = 50))]
    pub optional_skills: Vec<String>,
    /// Skill URIs a course, workshop, apprenticeship, traineeship or
    /// mentoring programme teaches (at most 50).
    #[serde(default)]
    #[validate(length(max = 50))]
    pub teaches_skills: Vec<String>,
    /// Languages with their minimum CEFR level (at most 10).
    #[serde(default)]
    #[validate(length(max = 10))]
    pub languages: Vec<LanguageRequirement>,
    /// PATCH only: `true` archives it (gone from lists; a tombstone in
    /// `updated_since` pulls), `false` brings it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
}

fn slovenia() -> String {
    crate::opportunities::eligibility::DEFAULT_COUNTRY.into()
}

fn eur() -> String {
    "EUR".into()
}

fn titles(t: &Texts) -> Result<(), ValidationError> {
    texts::required(t)?;
    texts::check(t, 200, true)
}

fn descriptions(t: &Texts) -> Result<(), ValidationError> {
    texts::check(t, 8000, false)
}

fn currency(s: &str) -> Result<(), ValidationError> {
    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(ValidationError::new("currency")
            .with_message("must be three upper-case letters (ISO 4217), e.g. EUR".into()))
    }
}

/// A NACE Rev. 2 code: a section letter (A–U), optionally its division
/// (2 digits), group (.d) and class (.dd).
pub fn is_nace(s: &str) -> bool {
    let b = s.as_bytes();
    let Some((&section, rest)) = b.split_first() else {
        return false;
    };
    if !(b'A'..=b'U').contains(&section) {
        return false;
    }
    match rest {
        [] => true,
        [d1, d2] => d1.is_ascii_digit() && d2.is_ascii_digit(),
        [d1, d2, b'.', tail @ ..] => {
            d1.is_ascii_digit()
                && d2.is_ascii_digit()
                && (1..=2).contains(&tail.len())
                && tail.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

fn nace(s: &str) -> Result<(), ValidationError> {
    if is_nace(s) {
        Ok(())
    } else {
        Err(ValidationError::new("nace").with_message(
            "must be a NACE Rev. 2 code: a section letter, then optionally the division, group and class (H, H52, H52.2, H52.24)"
                .into(),
        ))
    }
}

/// The caller's own application to an opportunity.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OwnApplication {
    pub id: String,
    pub state: ApplicationState,
}

/// An opportunity as the caller may see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Opportunity {
    pub id: String,
    pub kind: OpportunityKind,
    pub status: OpportunityStatus,
    #[schema(value_type = Object)]
    pub title: Texts,
    #[schema(value_type = Object)]
    pub description: Texts,
    pub provider_name: String,
    pub provider_sector: Option<String>,
    pub partner_user_id: Option<String>,
    pub occupation_uri: Option<String>,
    pub country: String,
    pub place: WorkPlace,
    pub municipality: Option<String>,
    pub hours_per_week: Option<i32>,
    pub total_hours: Option<i32>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub duration_weeks: Option<i32>,
    pub paid: bool,
    pub pay_min_cents: Option<i32>,
    pub pay_max_cents: Option<i32>,
    pub pay_currency: String,
    pub pay_period: Option<PayPeriod>,
    pub contract_type: Option<ContractType>,
    pub places: Option<i32>,
    pub deadline: Option<NaiveDate>,
    pub min_education: Option<EducationLevel>,
    /// Labelled in the caller's language (English when there is none).
    pub essential_skills: Vec<ConceptRef>,
    pub optional_skills: Vec<ConceptRef>,
    pub teaches_skills: Vec<ConceptRef>,
    pub languages: Vec<LanguageRequirement>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When it first opened.
    pub opened_at: Option<DateTime<Utc>>,
    /// Archived: gone from lists (a tombstone in `updated_since` pulls).
    pub archived: bool,
    /// Send it back with a change (optimistic locking).
    pub version: i32,
    /// For a participant: their own application to it, if any (null for
    /// everyone else).
    pub application: Option<OwnApplication>,
}

/// Which opportunities, and which page.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OpportunityListQuery {
    /// Words in the title or description (any language) or the
    /// provider's name, accents and case ignored.
    pub q: Option<String>,
    pub kind: Option<OpportunityKind>,
    pub status: Option<OpportunityStatus>,
    pub place: Option<WorkPlace>,
    pub municipality: Option<String>,
    /// Only the caller's own: a partner's postings; for staff, the ones they posted.
    pub mine: Option<bool>,
    /// Every opportunity changed since then, oldest change first; archived
    /// ones (and, for participants, closed and filled ones) included as
    /// tombstones.
    pub updated_since: Option<DateTime<Utc>>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Which country's rules.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EligibilityQuery {
    /// ISO 3166-1 alpha-2, two letters (default SI; a country without
    /// rules gets Slovenia's).
    #[param(pattern = "^[A-Za-z]{2}$", example = "SI")]
    pub country: Option<String>,
}

/// Where a rule comes from.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RuleSource {
    pub act: String,
    pub article: String,
    pub url: String,
    /// When the source was last read.
    pub checked: NaiveDate,
}

/// One rule: who (`any_status`, or the `statuses`) may take which kinds,
/// under which condition.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EligibilityRule {
    #[schema(example = "si.asylum_seeker.work")]
    pub id: String,
    /// The rule covers every status (also an unrecorded one).
    pub any_status: bool,
    pub statuses: Vec<LegalStatus>,
    pub kinds: Vec<OpportunityKind>,
    /// `always`, `work_permit` (a granted permit, or one from a date that
    /// has come), `after_months` (see `months`) or `never`.
    #[schema(example = "after_months")]
    pub condition: String,
    /// With `after_months`: months since the asylum application.
    pub months: Option<u32>,
    pub sources: Vec<RuleSource>,
    /// False when the figure could not be confirmed from a source.
    pub verified: bool,
    pub note: Option<String>,
}

/// A country's eligibility rules, tried in order (the first that names
/// the kind and the person's status applies).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EligibilityRules {
    /// Whose rules these are.
    pub country: String,
    pub rules: Vec<EligibilityRule>,
}

impl From<&crate::opportunities::eligibility::CountryRules> for EligibilityRules {
    fn from(c: &crate::opportunities::eligibility::CountryRules) -> Self {
        use crate::opportunities::eligibility::{Condition, Statuses};
        Self {
            country: c.country.clone(),
            rules: c
                .rules
                .iter()
                .map(|r| {
                    let (condition, months) = match &r.condition {
                        Condition::Always => ("always", None),
                        Condition::WorkPermit => ("work_permit", None),
                        Condition::AfterMonths { months } => ("after_months", Some(*months)),
                        Condition::Never => ("never", None),
                    };
                    let (any_status, statuses) = match &r.statuses {
                        Statuses::Any(_) => (true, Vec::new()),
                        Statuses::Only(list) => (false, list.clone()),
                    };
                    EligibilityRule {
                        id: r.id.clone(),
                        any_status,
                        statuses,
                        kinds: r.kinds.clone(),
                        condition: condition.into(),
                        months,
                        sources: r
                            .sources
                            .iter()
                            .map(|s| RuleSource {
                                act: s.act.clone(),
                                article: s.article.clone(),
                                url: s.url.clone(),
                                checked: s.checked,
                            })
                            .collect(),
                        verified: r.verified,
                        note: r.note.clone(),
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nace_codes() {
        for ok in ["H", "H52", "H52.2", "H52.24", "A01.1", "U99"] {
            assert!(super::is_nace(ok), "{ok}");
        }
        for bad in ["", "h52", "Z01", "H5", "H52.", "H52.245", "H522", "52.24"] {
            assert!(!super::is_nace(bad), "{bad}");
        }
    }
}
