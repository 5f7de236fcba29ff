//! The engine on a hand-built data set, with the expected ranking and
//! explanations written out.

use super::*;
use crate::codes::{EducationLevel as Edu, LanguageLevel as L};

const FORKLIFT: &str = "esco:forklift";
const REACH: &str = "esco:reach-truck";
const VEHICLES: &str = "esco:vehicles";
const SAFETY: &str = "esco:safety";
const INVENTORY: &str = "esco:inventory";
const COOKING: &str = "esco:cooking";

fn hierarchy() -> Hierarchy {
    // reach truck → forklift → vehicles
    Hierarchy::new([(REACH, FORKLIFT), (FORKLIFT, VEHICLES)])
}

fn courses(h: &Hierarchy) -> Courses {
    let course = |id: &str, teaches: &[&str]| Course {
        id: id.into(),
        teaches: teaches.iter().map(|s| s.to_string()).collect(),
    };
    Courses::new(
        &[
            course("course-safety", &[SAFETY]),
            course("course-reach", &[REACH]),
            course("course-forklift", &[FORKLIFT]),
        ],
        h,
    )
}

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| s.to_string()).collect()
}

fn forklift_job() -> Requirement {
    Requirement {
        id: "job-forklift".into(),
        essential: strings(&[FORKLIFT, SAFETY]),
        optional: strings(&[INVENTORY]),
        languages: vec![LanguageNeed {
            language: "sl".into(),
            min: L::B1,
        }],
        min_education: Some(Edu::Isced2),
        place: Place::OnSite {
            municipality: "Ljubljana".into(),
        },
    }
}

fn person(id: &str, skills: &[&str], sl: L, edu: Option<Edu>, town: &str) -> Person {
    Person {
        id: id.into(),
        skills: strings(skills),
        languages: vec![LanguageSkill {
            language: "sl".into(),
            level: sl,
        }],
        education: edu,
        municipality: Some(town.into()),
    }
}

fn people() -> Vec<Person> {
    let all = [FORKLIFT, SAFETY, INVENTORY];
    vec![
        // Listed out of order on purpose.
        person(
            "p-cem",
            &[FORKLIFT, INVENTORY],
            L::C1,
            Some(Edu::Isced3),
            "Maribor",
        ),
        person("p-ana", &all, L::B2, Some(Edu::Isced3), "Ljubljana"),
        person("p-eva", &all, L::C2, Some(Edu::Isced6), "Ljubljana"),
        person(
            "p-bor",
            &[REACH, SAFETY],
            L::B1,
            Some(Edu::Isced2),
            "Ljubljana",
        ),
        person("p-edo", &all, L::B2, None, "Ljubljana"),
        person("p-dan", &all, L::A2, Some(Edu::Isced3), "Ljubljana"),
        person(
            "p-zed",
            &[COOKING],
            L::Native,
            Some(Edu::Isced3),
            "Ljubljana",
        ),
        person("p-ivo", &[COOKING], L::B2, Some(Edu::Isced3), "Ljubljana"),
        person("p-ben", &all, L::B1, Some(Edu::Isced3), "Maribor"),
        person(
            "p-cid",
            &[REACH, SAFETY, INVENTORY],
            L::B1,
            Some(Edu::Isced2),
            "Ljubljana",
        ),
    ]
}

fn verdict(p: &Person) -> Eligibility {
    match p.id.as_str() {
        "p-eva" | "p-ivo" => Eligibility::Ineligible {
            reason: "work_permit".into(),
        },
        _ => Eligibility::Eligible,
    }
}

fn asked() -> Options {
    Options {
        limit: 50,
        with_ineligible: true,
    }
}

#[test]
fn people_for_a_job_are_ranked_with_ties_by_id_and_the_ineligible_apart() {
    let h = hierarchy();
    let c = courses(&h);
    let ranked = rank(&forklift_job(), &people(), &h, &c, &verdict, asked());
    let got: Vec<(&str, u32)> = ranked
        .matches
        .iter()
        .map(|m| (m.person.as_str(), m.score))
        .collect();
    assert_eq!(
        got,
        [
            ("p-ana", 1000), // everything exact
            ("p-cid", 950),  // forklift through a reach truck: 500 × 1.8 / 2 = 450
            ("p-dan", 925),  // Slovene A2 for B1: half of 150
            ("p-ben", 900),  // lives in Maribor: no place points
            ("p-edo", 900),  // education unknown; tie with p-ben, by id
            ("p-bor", 800),  // through a reach truck, no inventory (optional)
            ("p-cem", 650),  // no safety (essential), and in Maribor
        ]
    );
    // p-eva is ineligible; p-ivo too but shares no skill, so is not listed;
    // p-zed shares no skill.
    assert_eq!(
        ranked.ineligible,
        [Excluded {
            id: "p-eva".into(),
            reason: "work_permit".into()
        }]
    );
    let quiet = rank(
        &forklift_job(),
        &people(),
        &h,
        &c,
        &verdict,
        Options::default(),
    );
    assert!(quiet.ineligible.is_empty());
    assert_eq!(quiet.matches, ranked.matches);
    let top2 = Options {
        limit: 2,
        with_ineligible: false,
    };
    let two = rank(&forklift_job(), &people(), &h, &c, &verdict, top2);
    assert_eq!(two.matches, ranked.matches[..2]);
}

#[test]
fn the_index_gives_the_same_ranking_as_the_full_scan() {
    let h = hierarchy();
    let c = courses(&h);
    let index = CandidateIndex::new(people());
    for options in [
        asked(),
        Options::default(),
        Options {
            limit: 4,
            with_ineligible: true,
        },
    ] {
        for req in [
            forklift_job(),
            Requirement {
                essential: vec![],
                optional: vec![],
                ..forklift_job()
            },
        ] {
            let naive = rank(&req, &people(), &h, &c, &verdict, options);
            assert_eq!(index.rank(&req, &h, &c, &verdict, options), naive);
        }
    }
}

#[test]
fn an_index_updated_person_by_person_ranks_exactly_like_a_fresh_one() {
    let h = hierarchy();
    let c = courses(&h);
    // Start from an older state: p-ana without skills, p-zed who will leave,
    // p-cid missing; then bring it to `people()` by upserts and a removal.
    let mut start = people();
    start.retain(|p| p.id != "p-cid");
    for p in &mut start {
        if p.id == "p-ana" {
            p.skills = vec![COOKING.into()];
        }
    }
    start.push(person("p-old", &[FORKLIFT], L::C2, None, "Ljubljana"));
    let mut index = CandidateIndex::new(start);
    index.remove("p-old");
    index.remove("p-nobody");
    for p in people() {
        if matches!(p.id.as_str(), "p-ana" | "p-cid") {
            index.upsert(p);
        }
    }
    // A removed person's place is taken again, and a replaced one twice.
    index.remove("p-ben");
    let ben = people().into_iter().find(|p| p.id == "p-ben");
    index.upsert(ben.clone().expect("p-ben"));
    index.upsert(ben.expect("p-ben"));
    let fresh = CandidateIndex::new(people());
    assert_eq!(index.len(), fresh.len());
    let mut ids: Vec<&str> = index.people().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    let mut want: Vec<String> = people().into_iter().map(|p| p.id).collect();
    want.sort_unstable();
    assert_eq!(ids, want);
    for options in [
        asked(),
        Options {
            limit: 3,
            with_ineligible: false,
        },
    ] {
        for req in [
            forklift_job(),
            Requirement {
                essential: vec![COOKING.into()],
                ..forklift_job()
            },
            Requirement {
                essential: vec![],
                optional: vec![],
                ..forklift_job()
            },
        ] {
            let again = index.rank(&req, &h, &c, &verdict, options);
            assert_eq!(again, fresh.rank(&req, &h, &c, &verdict, options));
            assert_eq!(again, rank(&req, &people(), &h, &c, &verdict, options));
        }
    }
}

fn item(skill: &str, credit: u32, status: SkillStatus) -> SkillItem {
    SkillItem {
        skill: skill.into(),
        credit,
        status,
    }
}

#[test]
fn a_match_through_a_narrower_skill_is_explained_item_by_item() {
    let h = hierarchy();
    let p = people()
        .into_iter()
        .find(|p| p.id == "p-bor")
        .expect("p-bor");
    let m = score(&forklift_job(), &p, &h, &courses(&h));
    assert_eq!(
        m,
        Match {
            person: "p-bor".into(),
            opportunity: "job-forklift".into(),
            score: 800,
            points: Points {
                essential: 450,
                optional: 0,
                languages: 150,
                education: 100,
                place: 100,
            },
            essential: vec![
                item(
                    FORKLIFT,
                    800,
                    SkillStatus::Narrower {
                        through: REACH.into(),
                        steps: 1
                    }
                ),
                item(SAFETY, 1000, SkillStatus::Exact),
            ],
            // Courses are only looked up for essential skills.
            optional: vec![item(INVENTORY, 0, SkillStatus::Missing { courses: vec![] })],
            languages: vec![LanguageItem {
                language: "sl".into(),
                required: L::B1,
                has: Some(L::B1),
                met: true,
                credit: 1000,
            }],
            education: EducationItem {
                required: Some(Edu::Isced2),
                has: Some(Edu::Isced2),
                met: true,
            },
            place: forklift_job().place,
            place_fit: PlaceFit::SameMunicipality,
        }
    );
}

#[test]
fn a_missing_essential_skill_lists_the_courses_that_teach_it() {
    let h = hierarchy();
    let p = people()
        .into_iter()
        .find(|p| p.id == "p-cem")
        .expect("p-cem");
    let m = score(&forklift_job(), &p, &h, &courses(&h));
    assert_eq!(
        m.essential,
        [
            item(FORKLIFT, 1000, SkillStatus::Exact),
            item(
                SAFETY,
                0,
                SkillStatus::Missing {
                    courses: vec!["course-safety".into()]
                }
            ),
        ]
    );
    assert_eq!(m.place_fit, PlaceFit::Elsewhere);
    assert_eq!(m.points.place, 0);
    // A course teaching a narrower skill also closes the broader one.
    let nobody = person("p-new", &[], L::B1, None, "Koper");
    let m = score(&forklift_job(), &nobody, &h, &courses(&h));
    assert_eq!(
        m.essential[0],
        item(
            FORKLIFT,
            0,
            SkillStatus::Missing {
                courses: vec!["course-forklift".into(), "course-reach".into()]
            }
        )
    );
    assert!(!m.any_skill());
}

#[test]
fn a_language_below_the_minimum_says_required_and_has() {
    let h = hierarchy();
    let p = people()
        .into_iter()
        .find(|p| p.id == "p-dan")
        .expect("p-dan");
    let m = score(&forklift_job(), &p, &h, &courses(&h));
    assert_eq!(
        m.languages,
        [LanguageItem {
            language: "sl".into(),
            required: L::B1,
            has: Some(L::A2),
            met: false,
            credit: 500,
        }]
    );
    assert_eq!(m.points.languages, 75);
    // Two levels below, or not spoken: nothing.
    let mut far = p.clone();
    far.languages[0].level = L::A1;
    assert_eq!(
        score(&forklift_job(), &far, &h, &courses(&h))
            .points
            .languages,
        0
    );
    far.languages.clear();
    let m = score(&forklift_job(), &far, &h, &courses(&h));
    assert_eq!((m.languages[0].has, m.points.languages), (None, 0));
}

#[test]
fn opportunities_for_a_person_are_ranked_both_ways() {
    let h = hierarchy();
    let c = courses(&h);
    let bor = people()
        .into_iter()
        .find(|p| p.id == "p-bor")
        .expect("p-bor");
    let vehicles = Requirement {
        id: "job-vehicles".into(),
        essential: strings(&[VEHICLES]),
        optional: vec![],
        languages: vec![],
        min_education: None,
        place: Place::Remote,
    };
    let cook = Requirement {
        id: "job-cook".into(),
        essential: strings(&[COOKING]),
        ..vehicles.clone()
    };
    let night = Requirement {
        id: "job-night".into(),
        essential: strings(&[SAFETY]),
        ..vehicles.clone()
    };
    let hybrid = Requirement {
        id: "job-hybrid".into(),
        place: Place::Hybrid {
            municipality: "Celje".into(),
        },
        ..night.clone()
    };
    let reqs = [vehicles, cook, forklift_job(), night, hybrid];
    let months = |r: &Requirement| match r.id.as_str() {
        "job-night" => Eligibility::Ineligible {
            reason: "months_since_arrival".into(),
        },
        _ => Eligibility::Eligible,
    };
    let ranked = rank_opportunities(&bor, &reqs, &h, &c, &months, asked());
    let got: Vec<(&str, u32)> = ranked
        .matches
        .iter()
        .map(|m| (m.opportunity.as_str(), m.score))
        .collect();
    assert_eq!(
        got,
        [
            ("job-hybrid", 950),   // hybrid in Celje: half the place points
            ("job-forklift", 800), // tie, by id
            ("job-vehicles", 800), // two steps below: 60 % of 500, + 500
        ]
    );
    assert_eq!(
        ranked.matches[2].essential,
        [item(
            VEHICLES,
            600,
            SkillStatus::Narrower {
                through: REACH.into(),
                steps: 2
            }
        )]
    );
    assert_eq!(
        ranked.ineligible,
        [Excluded {
            id: "job-night".into(),
            reason: "months_since_arrival".into()
        }]
    );
    // The same scores as one at a time.
    for m in &ranked.matches {
        let req = reqs.iter().find(|r| r.id == m.opportunity).expect("req");
        assert_eq!(*m, score(req, &bor, &h, &c));
    }
}

#[test]
fn a_broader_skill_does_not_count_for_a_narrower_requirement() {
    let h = hierarchy();
    let p = person("p-x", &[VEHICLES], L::B1, None, "Koper");
    let req = Requirement {
        essential: strings(&[REACH]),
        ..forklift_job()
    };
    let m = score(&req, &p, &h, &courses(&h));
    assert_eq!(m.essential[0].credit, 0);
    assert_eq!(
        h.ancestors(REACH),
        [(FORKLIFT.to_string(), 1), (VEHICLES.to_string(), 2)]
    );
    assert_eq!(
        h.descendants(VEHICLES),
        [(FORKLIFT.to_string(), 1), (REACH.to_string(), 2)]
    );
}
