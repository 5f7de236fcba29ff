//! The engine's inputs (plain structs that a later `model.rs` fills from
//! rows) and its outputs (a match with its explanation).

use serde::Serialize;

use crate::codes::{EducationLevel, LanguageLevel};

/// Where the work or course takes place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    /// On site in a municipality (its code or name, compared as is).
    OnSite { municipality: String },
    /// Fully remote: any person fits.
    Remote,
    /// Partly on site in a municipality, partly from home.
    Hybrid { municipality: String },
}

/// A language the opportunity needs, at least at `min`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LanguageNeed {
    /// ISO 639 code, compared as is.
    pub language: String,
    pub min: LanguageLevel,
}

/// What an opportunity asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// The opportunity's id: the stable key that breaks ties.
    pub id: String,
    /// ESCO skill URIs.
    pub essential: Vec<String>,
    pub optional: Vec<String>,
    pub languages: Vec<LanguageNeed>,
    pub min_education: Option<EducationLevel>,
    pub place: Place,
}

/// A language the person speaks, at `level`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LanguageSkill {
    pub language: String,
    pub level: LanguageLevel,
}

/// What a person brings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    /// The person's id: the stable key that breaks ties.
    pub id: String,
    /// ESCO skill URIs.
    pub skills: Vec<String>,
    pub languages: Vec<LanguageSkill>,
    pub education: Option<EducationLevel>,
    pub municipality: Option<String>,
}

/// An open course and the skills it teaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    pub id: String,
    /// ESCO skill URIs.
    pub teaches: Vec<String>,
}

/// Whether a person may apply to an opportunity: the verdict of the
/// eligibility rules (work permit, legal status, months since arrival),
/// which live in their own module; the engine only takes it as input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Eligibility {
    Eligible,
    /// `reason` is a code of the eligibility rules (e.g. `work_permit`).
    Ineligible {
        reason: String,
    },
}

/// How a required skill fares against the person's skills.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SkillStatus {
    /// The person has this very skill.
    Exact,
    /// The person has `through`, a skill `steps` levels below it.
    Narrower { through: String, steps: u8 },
    /// The person has neither; `courses` are the ids of the open courses
    /// that teach it (or a narrower skill of it), sorted. Only filled for
    /// essential skills.
    Missing { courses: Vec<String> },
}

/// One required skill of the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkillItem {
    pub skill: String,
    /// Credit in ‰ (see `weights`).
    pub credit: u32,
    #[serde(flatten)]
    pub status: SkillStatus,
}

/// One required language of the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LanguageItem {
    pub language: String,
    pub required: LanguageLevel,
    /// The person's level, if they speak it.
    pub has: Option<LanguageLevel>,
    /// Whether `has` reaches `required`.
    pub met: bool,
    pub credit: u32,
}

/// The education part of the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EducationItem {
    pub required: Option<EducationLevel>,
    pub has: Option<EducationLevel>,
    pub met: bool,
}

/// How the place fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceFit {
    Remote,
    SameMunicipality,
    /// Hybrid, and the person lives elsewhere (or we do not know where).
    HybridElsewhere,
    /// On site, and the person lives elsewhere (or we do not know where).
    Elsewhere,
}

/// The points of each part of the score; they add up to `Match::score`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Points {
    pub essential: u32,
    pub optional: u32,
    pub languages: u32,
    pub education: u32,
    pub place: u32,
}

impl Points {
    pub fn total(&self) -> u32 {
        self.essential + self.optional + self.languages + self.education + self.place
    }
}

/// A person against an opportunity, scored and explained item by item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Match {
    pub person: String,
    pub opportunity: String,
    /// Points out of `weights::TOTAL` (1000): an integer, the same on
    /// every platform.
    pub score: u32,
    pub points: Points,
    pub essential: Vec<SkillItem>,
    pub optional: Vec<SkillItem>,
    pub languages: Vec<LanguageItem>,
    pub education: EducationItem,
    pub place: Place,
    pub place_fit: PlaceFit,
}

impl Match {
    /// Whether at least one required skill (essential or optional) is met.
    pub fn any_skill(&self) -> bool {
        self.essential
            .iter()
            .chain(&self.optional)
            .any(|s| !matches!(s.status, SkillStatus::Missing { .. }))
    }
}

/// Someone (or something) left out of a ranking because of eligibility.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// The person's id (or the opportunity's, ranking for a person).
    pub id: String,
    pub reason: String,
}

/// The result of a ranking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Ranked {
    /// The best `limit` matches: score descending, then id ascending.
    pub matches: Vec<Match>,
    /// When asked: the ineligible ones that would otherwise have been
    /// ranked (at least one skill in common), sorted by id.
    pub ineligible: Vec<Excluded>,
}

/// How to rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// How many matches to return.
    pub limit: usize,
    /// Whether to list the ineligible apart.
    pub with_ineligible: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limit: super::weights::DEFAULT_LIMIT,
            with_ineligible: false,
        }
    }
}
