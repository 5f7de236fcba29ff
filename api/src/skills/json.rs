//! The skills resource's request, response and view types.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::codes::{SkillAcquired, SkillEvidence, SkillLevel};

/// What a concept is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConceptKind {
    Skill,
    Knowledge,
    Occupation,
}

impl ConceptKind {
    pub fn parse(s: &str) -> Self {
        match s {
            "knowledge" => Self::Knowledge,
            "occupation" => Self::Occupation,
            _ => Self::Skill,
        }
    }
}

/// A concept as a search hit or a link.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConceptRef {
    /// The ESCO concept URI (or the starter taxonomy's own).
    #[schema(example = "http://data.europa.eu/esco/skill/…")]
    pub uri: String,
    pub kind: ConceptKind,
    /// The preferred label in the requested language, else in English.
    #[schema(example = "šivanje")]
    pub label: String,
    /// `obsolete` when a newer ESCO version dropped it.
    #[schema(example = "released")]
    pub status: String,
}

/// A search hit: the concept and the label that matched.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConceptHit {
    #[serde(flatten)]
    pub concept: ConceptRef,
    /// The preferred or alternative label the query matched.
    pub matched_label: String,
}

/// Search hits, best first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConceptHits {
    /// The language of the labels.
    pub language: String,
    pub items: Vec<ConceptHit>,
}

/// An autocomplete query.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Part of any label, in any case, with or without accents.
    #[param(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub q: String,
    /// At most this many (1–50, default 10).
    #[param(minimum = 1, maximum = 50)]
    #[validate(range(min = 1, max = 50))]
    pub limit: Option<i64>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

/// Which concept.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct ConceptQuery {
    /// The concept URI.
    #[param(min_length = 1, max_length = 300)]
    #[validate(length(min = 1, max = 300))]
    pub uri: String,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

/// One concept with its labels, hierarchy and, for an occupation, its skills.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConceptDetail {
    #[serde(flatten)]
    pub concept: ConceptRef,
    pub language: String,
    /// Other names in the requested language.
    pub alt_labels: Vec<String>,
    pub description: Option<String>,
    /// ISCO-08 unit group, for occupations.
    pub isco_group: Option<String>,
    pub broader: Vec<ConceptRef>,
    pub narrower: Vec<ConceptRef>,
    /// For an occupation: the skills it needs.
    pub essential_skills: Vec<ConceptRef>,
    /// For an occupation: skills that help.
    pub optional_skills: Vec<ConceptRef>,
    /// For a skill: occupations that need it.
    pub occupations: Vec<ConceptRef>,
}

/// A certificate that proves a skill, e.g. a forklift licence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
pub struct Certificate {
    #[schema(
        example = "Forklift operator licence",
        min_length = 1,
        max_length = 200
    )]
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    #[schema(
        example = "Zavod za varstvo pri delu",
        min_length = 1,
        max_length = 200
    )]
    #[validate(length(min = 1, max = 200))]
    pub issuer: Option<String>,
    pub issued: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
}

/// A skill to add, or the fields of one to change.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
pub struct SkillInput {
    /// A skill or knowledge concept URI from `/skills`.
    #[schema(min_length = 1, max_length = 300)]
    #[validate(length(min = 1, max = 300))]
    pub skill_uri: String,
    pub level: SkillLevel,
    /// Years of experience.
    #[schema(minimum = 0, maximum = 60)]
    #[validate(range(min = 0, max = 60))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub years: Option<i32>,
    pub acquired: Option<SkillAcquired>,
    #[serde(default = "self_declared")]
    pub evidence: SkillEvidence,
    #[validate(nested)]
    pub certificate: Option<Certificate>,
    /// When an adviser last confirmed it.
    pub last_confirmed: Option<NaiveDate>,
}

fn self_declared() -> SkillEvidence {
    SkillEvidence::SelfDeclared
}

/// A merge patch of a participant's skill, with the version it is based on.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateSkillRequest {
    /// The `version` the change is based on.
    #[schema(minimum = 1)]
    pub version: i32,
    pub level: Option<SkillLevel>,
    #[schema(minimum = 0, maximum = 60)]
    pub years: Option<i32>,
    pub acquired: Option<SkillAcquired>,
    pub evidence: Option<SkillEvidence>,
    pub certificate: Option<Certificate>,
    pub last_confirmed: Option<NaiveDate>,
}

/// A skill the participant has.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantSkill {
    pub id: String,
    pub skill: ConceptRef,
    pub level: SkillLevel,
    pub years: Option<i32>,
    pub acquired: Option<SkillAcquired>,
    pub evidence: SkillEvidence,
    pub certificate: Option<Certificate>,
    /// Whether the certificate has expired.
    pub certificate_expired: bool,
    pub last_confirmed: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
    /// Send it back with a change; a stale one answers 409.
    pub version: i32,
}

/// An occupation the person held.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct SuggestQuery {
    /// An occupation URI from `/occupations`.
    #[param(min_length = 1, max_length = 300)]
    #[validate(length(min = 1, max = 300))]
    pub occupation_uri: String,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}
