//! Who may take which kind of opportunity (issue #16, "Who may apply").
//!
//! The rules are data, one file per country (`api/data/eligibility/<cc>.json`,
//! compiled in), Slovenia's the default. A rule says which legal statuses may
//! take which kinds of opportunity under which [`Condition`], and carries its
//! legal sources (act, article, URL, the date it was checked) and whether the
//! figure was confirmed (`verified`).
//!
//! [`check`] picks the first rule, in file order, that names the opportunity's
//! kind and the person's status (or any status), and evaluates its condition:
//!
//! - `always`: eligible;
//! - `work_permit`: eligible with a permit `granted` or `not_required`, or
//!   `from_date` once that date has come (the date itself counts);
//! - `after_months`: eligible when the months since the asylum application
//!   (or arrival) reach the figure, or when a valid permit is recorded (the
//!   certificate that proves the waiting period is recorded as a permit);
//! - `never`: not eligible.
//!
//! Deterministic: the same input and `today` give the same verdict.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::{LegalStatus, WorkPermit};

#[cfg(test)]
mod tests;

/// The country whose rules apply when a country has no rules file.
pub const DEFAULT_COUNTRY: &str = "SI";

/// The rules files, by ISO 3166-1 alpha-2 code. A country is one line here
/// and one file in `api/data/eligibility/`.
const FILES: &[(&str, &str)] = &[("SI", include_str!("../../../data/eligibility/si.json"))];

pub use crate::codes::OpportunityKind;

/// Under which condition a rule lets a person take the opportunity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Condition {
    Always,
    WorkPermit,
    AfterMonths { months: u32 },
    Never,
}

/// `"any"` in the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnyStatus {
    #[serde(rename = "any")]
    Any,
}

/// The statuses a rule covers: `"any"` (also a person whose status is not
/// recorded) or a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Statuses {
    Any(AnyStatus),
    Only(Vec<LegalStatus>),
}

impl Statuses {
    fn covers(&self, status: Option<LegalStatus>) -> bool {
        match self {
            Statuses::Any(_) => true,
            Statuses::Only(list) => status.is_some_and(|s| list.contains(&s)),
        }
    }
}

/// Where a rule comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub act: String,
    pub article: String,
    pub url: String,
    /// When the source was last read.
    pub checked: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable, e.g. `si.asylum_seeker.work`.
    pub id: String,
    pub statuses: Statuses,
    pub kinds: Vec<OpportunityKind>,
    pub condition: Condition,
    pub sources: Vec<Source>,
    /// False when the figure or the rule could not be confirmed from a source.
    pub verified: bool,
    #[serde(default)]
    pub note: Option<String>,
}

impl Rule {
    fn applies(&self, status: Option<LegalStatus>, kind: OpportunityKind) -> bool {
        self.kinds.contains(&kind) && self.statuses.covers(status)
    }
}

/// One country's rules, in the order they are tried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryRules {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub rules: Vec<Rule>,
}

impl CountryRules {
    pub fn parse(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The first rule for this status and kind.
    pub fn rule_for(&self, status: Option<LegalStatus>, kind: OpportunityKind) -> Option<&Rule> {
        self.rules.iter().find(|r| r.applies(status, kind))
    }
}

fn all() -> &'static [CountryRules] {
    static ALL: OnceLock<Vec<CountryRules>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .iter()
            .map(|(code, json)| {
                // The compiled-in files are parsed by the tests.
                CountryRules::parse(json)
                    .unwrap_or_else(|e| panic!("eligibility rules {code}: {e}"))
            })
            .collect()
    })
}

/// A country's rules by ISO code (any case); Slovenia's when the country has
/// none. The returned `country` says which rules were used.
pub fn rules(country: &str) -> &'static CountryRules {
    let all = all();
    all.iter()
        .find(|c| c.country.eq_ignore_ascii_case(country))
        .or_else(|| all.iter().find(|c| c.country == DEFAULT_COUNTRY))
        .unwrap_or_else(|| panic!("the {DEFAULT_COUNTRY} eligibility rules are compiled in"))
}

/// What eligibility needs to know about a person (a later `model.rs` fills it
/// from the participant's row). `None` is "not recorded".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Circumstances {
    pub legal_status: Option<LegalStatus>,
    pub work_permit: Option<WorkPermit>,
    /// With `work_permit = from_date`: the first day the person may work.
    pub permit_from: Option<NaiveDate>,
    /// Whole months since the asylum application (or arrival).
    pub months_since_application: Option<u32>,
}

/// Why a person may not take an opportunity; `code` in JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// A `never` rule, or no rule for this status and kind.
    StatusNotAllowed,
    /// No legal status recorded, and no rule for any status.
    StatusUnknown,
    /// The permit is `none` or `pending`.
    WorkPermitRequired,
    /// The permit is `unknown`, not recorded, or `from_date` without a date.
    WorkPermitUnknown,
    /// The permit starts after today.
    WorkPermitNotYetValid { from: NaiveDate },
    /// The waiting period has not passed.
    TooEarly { months_left: u32 },
    /// A waiting period applies and the months are not recorded.
    MonthsUnknown,
}

impl Reason {
    pub fn code(&self) -> &'static str {
        match self {
            Reason::StatusNotAllowed => "status_not_allowed",
            Reason::StatusUnknown => "status_unknown",
            Reason::WorkPermitRequired => "work_permit_required",
            Reason::WorkPermitUnknown => "work_permit_unknown",
            Reason::WorkPermitNotYetValid { .. } => "work_permit_not_yet_valid",
            Reason::TooEarly { .. } => "too_early",
            Reason::MonthsUnknown => "months_unknown",
        }
    }
}

/// The answer, with the rule (and so its sources) that gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict<'r> {
    Eligible {
        rule: &'r Rule,
    },
    NotEligible {
        reason: Reason,
        rule: Option<&'r Rule>,
    },
}

impl<'r> Verdict<'r> {
    pub fn is_eligible(&self) -> bool {
        matches!(self, Verdict::Eligible { .. })
    }

    pub fn reason(&self) -> Option<&Reason> {
        match self {
            Verdict::Eligible { .. } => None,
            Verdict::NotEligible { reason, .. } => Some(reason),
        }
    }

    pub fn rule(&self) -> Option<&'r Rule> {
        match self {
            Verdict::Eligible { rule } => Some(rule),
            Verdict::NotEligible { rule, .. } => *rule,
        }
    }
}

/// Whether a person may take an opportunity of `kind` in `country` (see the
/// module documentation for how rules are picked and evaluated).
pub fn check(
    country: &str,
    person: &Circumstances,
    kind: OpportunityKind,
    today: NaiveDate,
) -> Verdict<'static> {
    check_with(rules(country), person, kind, today)
}

/// [`check`] against given rules.
pub fn check_with<'r>(
    rules: &'r CountryRules,
    person: &Circumstances,
    kind: OpportunityKind,
    today: NaiveDate,
) -> Verdict<'r> {
    let Some(rule) = rules.rule_for(person.legal_status, kind) else {
        let reason = match person.legal_status {
            None => Reason::StatusUnknown,
            Some(_) => Reason::StatusNotAllowed,
        };
        return Verdict::NotEligible { reason, rule: None };
    };
    let refuse = |reason| Verdict::NotEligible {
        reason,
        rule: Some(rule),
    };
    match &rule.condition {
        Condition::Always => Verdict::Eligible { rule },
        Condition::Never => refuse(Reason::StatusNotAllowed),
        Condition::WorkPermit => match permit(person, today) {
            Ok(()) => Verdict::Eligible { rule },
            Err(reason) => refuse(reason),
        },
        Condition::AfterMonths { months } => {
            if permit(person, today).is_ok() {
                return Verdict::Eligible { rule };
            }
            match person.months_since_application {
                Some(m) if m >= *months => Verdict::Eligible { rule },
                Some(m) => refuse(Reason::TooEarly {
                    months_left: months - m,
                }),
                None => refuse(Reason::MonthsUnknown),
            }
        }
    }
}

/// Whether the recorded permit lets the person work today.
fn permit(person: &Circumstances, today: NaiveDate) -> Result<(), Reason> {
    match person.work_permit {
        Some(WorkPermit::Granted | WorkPermit::NotRequired) => Ok(()),
        Some(WorkPermit::FromDate) => match person.permit_from {
            Some(from) if from <= today => Ok(()),
            Some(from) => Err(Reason::WorkPermitNotYetValid { from }),
            None => Err(Reason::WorkPermitUnknown),
        },
        Some(WorkPermit::Pending | WorkPermit::None) => Err(Reason::WorkPermitRequired),
        Some(WorkPermit::Unknown) | None => Err(Reason::WorkPermitUnknown),
    }
}
