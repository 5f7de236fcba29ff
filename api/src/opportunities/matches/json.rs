//! Matches as the API answers them: the engine's [`Match`] with every skill
//! labelled in the caller's language, the courses that close each missing
//! essential skill, and the person (as the caller may see them) or the
//! opportunity.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::codes::{EducationLevel, LanguageLevel, OpportunityKind};
use crate::opportunities::matching::{Match, PlaceFit, SkillItem, SkillStatus};
use crate::participants::json::ParticipantView;

/// How many matches, and whether to list the ineligible.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchQuery {
    /// At most this many matches (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// Also list, apart, those the eligibility rules leave out, with the reason.
    pub with_ineligible: Option<bool>,
    /// The language of labels and titles (else `Accept-Language`).
    pub lang: Option<String>,
}

/// A taxonomy skill with its preferred label in the caller's language
/// (English when it has none there).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SkillLabel {
    pub uri: String,
    pub label: String,
}

/// An open course (or workshop) of the organisation.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CourseRef {
    pub id: String,
    /// In the caller's language, else the first language it has.
    pub title: String,
}

/// One required skill against the person's skills.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MatchSkill {
    pub skill: SkillLabel,
    /// Credit in ‰: 1000 exact, 800 one step narrower, 600 two steps, 0 missing.
    pub credit: u32,
    /// `exact`, `narrower` (the person has `through`, `steps` levels below)
    /// or `missing`.
    #[schema(example = "narrower")]
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<SkillLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<u8>,
    /// For a missing essential skill: the open courses that teach it (or a
    /// narrower skill of it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub courses: Option<Vec<CourseRef>>,
}

/// One required language.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MatchLanguage {
    pub language: String,
    pub required: LanguageLevel,
    /// The person's level, absent when they do not speak it.
    pub has: Option<LanguageLevel>,
    pub met: bool,
    /// 1000 at or above the minimum, 500 one level below, else 0.
    pub credit: u32,
}

/// The minimum education against the person's.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MatchEducation {
    pub required: Option<EducationLevel>,
    pub has: Option<EducationLevel>,
    pub met: bool,
}

/// The points of each part; they add up to `score`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MatchPoints {
    /// Of 500.
    pub essential: u32,
    /// Of 150.
    pub optional: u32,
    /// Of 150.
    pub languages: u32,
    /// Of 100.
    pub education: u32,
    /// Of 100.
    pub place: u32,
}

/// The eligibility verdict of a ranked match (always `eligible`: the
/// ineligible are listed apart).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MatchEligibility {
    #[schema(example = "eligible")]
    pub verdict: String,
}

/// A match explained item by item. Scores are points out of 1000: essential
/// skills 500, optional skills 150, languages 150, education 100, place 100
/// (see the README, "Opportunities and matching").
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MatchExplained {
    pub score: u32,
    pub points: MatchPoints,
    pub essential: Vec<MatchSkill>,
    pub optional: Vec<MatchSkill>,
    pub languages: Vec<MatchLanguage>,
    pub education: MatchEducation,
    /// `remote`, `same_municipality`, `hybrid_elsewhere` or `elsewhere`.
    #[schema(example = "same_municipality")]
    pub place_fit: String,
    pub eligibility: MatchEligibility,
}

/// A person for an opportunity.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonMatch {
    pub participant_id: String,
    #[serde(flatten)]
    pub explained: MatchExplained,
    /// The person as the caller may see them (partners: what the person
    /// agreed to share).
    pub person: ParticipantView,
}

/// A person the eligibility rules leave out, with the reason code.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct IneligiblePerson {
    pub id: String,
    pub person: ParticipantView,
    #[schema(example = "work_permit_required")]
    pub reason: String,
}

/// People for an opportunity, best first (score, then id).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct PeopleMatches {
    pub items: Vec<PersonMatch>,
    /// Only with `with_ineligible=true`.
    pub ineligible: Vec<IneligiblePerson>,
}

/// What a match says of an opportunity.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OpportunitySummary {
    pub id: String,
    pub kind: OpportunityKind,
    /// In the caller's language, else the first language it has.
    pub title: String,
    pub provider_name: String,
    /// `on_site`, `remote` or `hybrid`.
    pub place: String,
    pub municipality: Option<String>,
    pub deadline: Option<NaiveDate>,
}

/// An opportunity for a person.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OpportunityMatch {
    pub opportunity_id: String,
    #[serde(flatten)]
    pub explained: MatchExplained,
    pub opportunity: OpportunitySummary,
}

/// An opportunity the person may not take, with the reason code.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct IneligibleOpportunity {
    pub id: String,
    pub opportunity: OpportunitySummary,
    #[schema(example = "work_permit_required")]
    pub reason: String,
}

/// Open opportunities for a person, best first (score, then id).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OpportunityMatches {
    pub items: Vec<OpportunityMatch>,
    /// Only with `with_ineligible=true`.
    pub ineligible: Vec<IneligibleOpportunity>,
}

/// Every skill URI a match names (to label them in one query).
pub fn uris_of(m: &Match, out: &mut Vec<String>) {
    for item in m.essential.iter().chain(&m.optional) {
        out.push(item.skill.clone());
        if let SkillStatus::Narrower { through, .. } = &item.status {
            out.push(through.clone());
        }
    }
}

/// The course ids a match names.
pub fn courses_of(m: &Match, out: &mut Vec<String>) {
    for item in &m.essential {
        if let SkillStatus::Missing { courses } = &item.status {
            out.extend(courses.iter().cloned());
        }
    }
}

/// Labels and course titles, looked up once for a whole answer.
pub struct Lookup {
    pub labels: HashMap<String, String>,
    pub course_titles: HashMap<String, String>,
}

impl Lookup {
    fn skill(&self, uri: &str) -> SkillLabel {
        SkillLabel {
            uri: uri.to_string(),
            label: self.labels.get(uri).cloned().unwrap_or_default(),
        }
    }

    fn item(&self, item: &SkillItem) -> MatchSkill {
        let mut out = MatchSkill {
            skill: self.skill(&item.skill),
            credit: item.credit,
            status: String::new(),
            through: None,
            steps: None,
            courses: None,
        };
        match &item.status {
            SkillStatus::Exact => out.status = "exact".into(),
            SkillStatus::Narrower { through, steps } => {
                out.status = "narrower".into();
                out.through = Some(self.skill(through));
                out.steps = Some(*steps);
            }
            SkillStatus::Missing { courses } => {
                out.status = "missing".into();
                out.courses = Some(
                    courses
                        .iter()
                        .map(|id| CourseRef {
                            id: id.clone(),
                            title: self.course_titles.get(id).cloned().unwrap_or_default(),
                        })
                        .collect(),
                );
            }
        }
        out
    }

    /// The match explained, labelled.
    pub fn explain(&self, m: &Match) -> MatchExplained {
        // Courses are offered for missing essential skills only.
        let optional = m
            .optional
            .iter()
            .map(|i| MatchSkill {
                courses: None,
                ..self.item(i)
            })
            .collect();
        MatchExplained {
            score: m.score,
            points: MatchPoints {
                essential: m.points.essential,
                optional: m.points.optional,
                languages: m.points.languages,
                education: m.points.education,
                place: m.points.place,
            },
            essential: m.essential.iter().map(|i| self.item(i)).collect(),
            optional,
            languages: m
                .languages
                .iter()
                .map(|l| MatchLanguage {
                    language: l.language.clone(),
                    required: l.required,
                    has: l.has,
                    met: l.met,
                    credit: l.credit,
                })
                .collect(),
            education: MatchEducation {
                required: m.education.required,
                has: m.education.has,
                met: m.education.met,
            },
            place_fit: place_fit(m.place_fit).into(),
            eligibility: MatchEligibility {
                verdict: "eligible".into(),
            },
        }
    }
}

fn place_fit(f: PlaceFit) -> &'static str {
    match f {
        PlaceFit::Remote => "remote",
        PlaceFit::SameMunicipality => "same_municipality",
        PlaceFit::HybridElsewhere => "hybrid_elsewhere",
        PlaceFit::Elsewhere => "elsewhere",
    }
}
