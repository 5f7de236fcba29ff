//! One person against one opportunity: the score and its explanation.

use std::collections::HashMap;

use crate::codes::{EducationLevel, LanguageLevel};

use super::hierarchy::{Courses, Hierarchy};
use super::types::{
    EducationItem, LanguageItem, Match, Person, Place, PlaceFit, Points, Requirement, SkillItem,
    SkillStatus,
};
use super::weights::{
    EDUCATION, ESSENTIAL, FULL, HYBRID_ELSEWHERE, LANGUAGES, LANGUAGE_ONE_BELOW, NARROWER_CREDIT,
    OPTIONAL, PLACE,
};

/// The credit (‰) of a skill `steps` below the required one (0: itself).
pub fn step_credit(steps: u8) -> u32 {
    match steps {
        0 => FULL,
        s => NARROWER_CREDIT
            .get(usize::from(s) - 1)
            .copied()
            .unwrap_or(0),
    }
}

/// `weight` times the mean of `n` credits (‰), rounded down; all of
/// `weight` when nothing is asked (`n == 0`).
pub fn share(weight: u32, credit_sum: u64, n: usize) -> u32 {
    if n == 0 {
        return weight;
    }
    let points = u64::from(weight) * credit_sum / (n as u64 * u64::from(FULL));
    u32::try_from(points).unwrap_or(weight)
}

/// What the person's skills cover: each of their skills and its broader
/// skills, with the best credit and the person's skill it comes through.
pub struct Coverage<'a> {
    map: HashMap<&'a str, (&'a str, u8)>,
}

impl<'a> Coverage<'a> {
    pub fn of(person: &'a Person, hierarchy: &'a Hierarchy) -> Self {
        let mut map: HashMap<&'a str, (&'a str, u8)> = HashMap::new();
        let mut offer = |uri: &'a str, through: &'a str, steps: u8| {
            let better = match map.get(uri) {
                None => true,
                // Fewer steps is a higher credit; then the smaller URI.
                Some(&(t, s)) => (steps, through) < (s, t),
            };
            if better {
                map.insert(uri, (through, steps));
            }
        };
        for skill in &person.skills {
            offer(skill, skill, 0);
            for (up, steps) in hierarchy.ancestors(skill) {
                offer(up, skill, *steps);
            }
        }
        Self { map }
    }

    /// The person's skill that covers `uri` best and its distance below it.
    pub fn get(&self, uri: &str) -> Option<(&'a str, u8)> {
        self.map.get(uri).copied()
    }

    /// The credit (‰) of `uri`.
    pub fn credit(&self, uri: &str) -> u32 {
        self.get(uri).map_or(0, |(_, s)| step_credit(s))
    }
}

fn language_rank(l: LanguageLevel) -> usize {
    LanguageLevel::ALL.iter().position(|x| *x == l).unwrap_or(0)
}

fn education_rank(l: EducationLevel) -> usize {
    EducationLevel::ALL
        .iter()
        .position(|x| *x == l)
        .unwrap_or(0)
}

/// The person's best level in `language`.
fn level_in(person: &Person, language: &str) -> Option<LanguageLevel> {
    person
        .languages
        .iter()
        .filter(|l| l.language == language)
        .map(|l| l.level)
        .max_by_key(|l| language_rank(*l))
}

/// The credit (‰) of a level against a minimum.
fn language_credit(has: Option<LanguageLevel>, min: LanguageLevel) -> u32 {
    let Some(has) = has else { return 0 };
    let (h, m) = (language_rank(has), language_rank(min));
    if h >= m {
        FULL
    } else if h + 1 == m {
        LANGUAGE_ONE_BELOW
    } else {
        0
    }
}

fn education_met(required: Option<EducationLevel>, has: Option<EducationLevel>) -> bool {
    match (required, has) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(r), Some(h)) => education_rank(h) >= education_rank(r),
    }
}

fn place_fit(place: &Place, person: &Person) -> (PlaceFit, u32) {
    let here = |m: &str| person.municipality.as_deref() == Some(m);
    match place {
        Place::Remote => (PlaceFit::Remote, FULL),
        Place::OnSite { municipality } | Place::Hybrid { municipality } if here(municipality) => {
            (PlaceFit::SameMunicipality, FULL)
        }
        Place::Hybrid { .. } => (PlaceFit::HybridElsewhere, HYBRID_ELSEWHERE),
        Place::OnSite { .. } => (PlaceFit::Elsewhere, 0),
    }
}

/// The points of languages, education and place (the parts that do not
/// depend on skills), shared by [`score`] and the fast rankings so that both
/// give the very same numbers.
pub fn other_points(req: &Requirement, person: &Person) -> (u32, u32, u32) {
    let lang_sum: u64 = req
        .languages
        .iter()
        .map(|n| u64::from(language_credit(level_in(person, &n.language), n.min)))
        .sum();
    let languages = share(LANGUAGES, lang_sum, req.languages.len());
    let education = if education_met(req.min_education, person.education) {
        EDUCATION
    } else {
        0
    };
    let place = share(PLACE, u64::from(place_fit(&req.place, person).1), 1);
    (languages, education, place)
}

/// The points of a person given the sums of their essential and optional
/// skill credits (‰).
pub fn points_from(req: &Requirement, person: &Person, essential: u64, optional: u64) -> Points {
    let (languages, education, place) = other_points(req, person);
    Points {
        essential: share(ESSENTIAL, essential, req.essential.len()),
        optional: share(OPTIONAL, optional, req.optional.len()),
        languages,
        education,
        place,
    }
}

/// The score alone, with whether any required skill is covered, from a
/// coverage computed once (ranking opportunities for one person).
pub fn quick_score(req: &Requirement, person: &Person, coverage: &Coverage) -> (u32, bool) {
    let mut any = false;
    let mut sum = |skills: &[String]| -> u64 {
        skills
            .iter()
            .map(|s| {
                let c = coverage.credit(s);
                any |= c > 0;
                u64::from(c)
            })
            .sum()
    };
    let (e, o) = (sum(&req.essential), sum(&req.optional));
    (points_from(req, person, e, o).total(), any)
}

fn skill_items(
    skills: &[String],
    coverage: &Coverage,
    courses: Option<&Courses>,
) -> (Vec<SkillItem>, u64) {
    let items: Vec<SkillItem> = skills
        .iter()
        .map(|skill| {
            let (credit, status) = match coverage.get(skill) {
                Some((_, 0)) => (FULL, SkillStatus::Exact),
                Some((through, steps)) if step_credit(steps) > 0 => (
                    step_credit(steps),
                    SkillStatus::Narrower {
                        through: through.to_string(),
                        steps,
                    },
                ),
                _ => (
                    0,
                    SkillStatus::Missing {
                        courses: courses.map_or_else(Vec::new, |c| c.teaching(skill).to_vec()),
                    },
                ),
            };
            SkillItem {
                skill: skill.clone(),
                credit,
                status,
            }
        })
        .collect();
    let sum = items.iter().map(|i| u64::from(i.credit)).sum();
    (items, sum)
}

/// Scores `person` against `req` and explains it item by item.
pub fn score(
    req: &Requirement,
    person: &Person,
    hierarchy: &Hierarchy,
    courses: &Courses,
) -> Match {
    score_with(req, person, &Coverage::of(person, hierarchy), courses)
}

/// [`score`] with the person's coverage computed beforehand.
pub fn score_with(
    req: &Requirement,
    person: &Person,
    coverage: &Coverage,
    courses: &Courses,
) -> Match {
    let (essential, e_sum) = skill_items(&req.essential, coverage, Some(courses));
    let (optional, o_sum) = skill_items(&req.optional, coverage, None);
    let languages = req
        .languages
        .iter()
        .map(|need| {
            let has = level_in(person, &need.language);
            let credit = language_credit(has, need.min);
            LanguageItem {
                language: need.language.clone(),
                required: need.min,
                has,
                met: credit == FULL,
                credit,
            }
        })
        .collect();
    let points = points_from(req, person, e_sum, o_sum);
    Match {
        person: person.id.clone(),
        opportunity: req.id.clone(),
        score: points.total(),
        points,
        essential,
        optional,
        languages,
        education: EducationItem {
            required: req.min_education,
            has: person.education,
            met: education_met(req.min_education, person.education),
        },
        place: req.place.clone(),
        place_fit: place_fit(&req.place, person).0,
    }
}
