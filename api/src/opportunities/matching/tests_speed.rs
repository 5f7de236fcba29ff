//! The index against the full scan on a generated set (100,000 people × 10
//! skills in release, 20,000 in debug): the same ranking, and the timings
//! printed for information.

use std::time::Instant;

use super::*;
use crate::codes::{EducationLevel, LanguageLevel};

/// A seeded generator (rand's `StdRng`), so the set is the same on every run.
struct Dice(rand::rngs::StdRng);

impl Dice {
    fn seeded(seed: u64) -> Self {
        Self(rand::SeedableRng::seed_from_u64(seed))
    }

    fn next(&mut self, n: usize) -> usize {
        rand::Rng::random_range(&mut self.0, 0..n)
    }
}

fn top(t: usize) -> String {
    format!("esco:t{t}")
}
fn mid(t: usize, m: usize) -> String {
    format!("esco:t{t}m{m}")
}
fn leaf(t: usize, m: usize, l: usize) -> String {
    format!("esco:t{t}m{m}l{l}")
}

/// 20 top skills, each with 10 narrower, each with 10 narrower: 2,220.
fn hierarchy() -> Hierarchy {
    let mut pairs = Vec::new();
    for t in 0..20 {
        for m in 0..10 {
            pairs.push((mid(t, m), top(t)));
            for l in 0..10 {
                pairs.push((leaf(t, m, l), mid(t, m)));
            }
        }
    }
    Hierarchy::new(pairs)
}

fn people(n: usize, rng: &mut Dice) -> Vec<Person> {
    let towns = ["Ljubljana", "Maribor", "Celje", "Koper", "Kranj"];
    (0..n)
        .map(|i| Person {
            id: format!("p{:06}", rng.next(1_000_000)) + &format!("-{i}"),
            skills: (0..10)
                .map(|k| {
                    if k == 9 {
                        mid(rng.next(20), rng.next(10))
                    } else {
                        leaf(rng.next(20), rng.next(10), rng.next(10))
                    }
                })
                .collect(),
            languages: vec![LanguageSkill {
                language: "sl".into(),
                level: LanguageLevel::ALL[rng.next(LanguageLevel::ALL.len())],
            }],
            education: EducationLevel::ALL
                .get(rng.next(EducationLevel::ALL.len() + 1))
                .copied(),
            municipality: Some(towns[rng.next(towns.len())].into()),
        })
        .collect()
}

fn verdict(p: &Person) -> Eligibility {
    if p.id.ends_with('7') {
        Eligibility::Ineligible {
            reason: "work_permit".into(),
        }
    } else {
        Eligibility::Eligible
    }
}

#[test]
fn the_index_ranks_a_generated_set_exactly_as_the_full_scan() {
    let n = if cfg!(debug_assertions) {
        20_000
    } else {
        100_000
    };
    let mut rng = Dice::seeded(16);
    let h = hierarchy();
    let people = people(n, &mut rng);
    let courses = Courses::new(
        &[Course {
            id: "course-1".into(),
            teaches: vec![leaf(1, 1, 1)],
        }],
        &h,
    );
    let reqs = [
        // Leaves and a middle skill (10 narrower).
        Requirement {
            id: "job-1".into(),
            essential: vec![leaf(1, 1, 1), leaf(2, 3, 4), leaf(5, 6, 7), mid(3, 3)],
            optional: vec![leaf(9, 9, 9), leaf(1, 2, 3)],
            languages: vec![LanguageNeed {
                language: "sl".into(),
                min: LanguageLevel::B1,
            }],
            min_education: Some(EducationLevel::Isced3),
            place: Place::OnSite {
                municipality: "Celje".into(),
            },
        },
        // A top skill as optional: 110 URIs, a large share of everyone.
        Requirement {
            id: "job-2".into(),
            essential: vec![leaf(4, 4, 4), mid(7, 0)],
            optional: vec![top(11)],
            languages: vec![],
            min_education: None,
            place: Place::Hybrid {
                municipality: "Koper".into(),
            },
        },
    ];
    let build = Instant::now();
    let index = CandidateIndex::new(people.clone());
    let built = build.elapsed();
    for req in &reqs {
        for with_ineligible in [false, true] {
            let options = Options {
                limit: 50,
                with_ineligible,
            };
            let t = Instant::now();
            let naive = rank(req, &people, &h, &courses, &verdict, options);
            let naive_time = t.elapsed();
            let t = Instant::now();
            let fast = index.rank(req, &h, &courses, &verdict, options);
            let fast_time = t.elapsed();
            assert_eq!(fast.matches.len(), 50);
            assert_eq!(fast, naive);
            eprintln!(
                "{} over {n} people (ineligible listed: {with_ineligible}): \
                 full scan {naive_time:?}, index {fast_time:?} (index built in {built:?})",
                req.id
            );
        }
    }
}

#[test]
fn opportunities_for_a_person_match_scoring_each_one() {
    let mut rng = Dice::seeded(17);
    let h = hierarchy();
    let courses = Courses::default();
    let person = people(1, &mut rng).remove(0);
    let reqs: Vec<Requirement> = (0..2_000)
        .map(|i| Requirement {
            id: format!("job-{i:05}"),
            essential: {
                let mut e: Vec<String> = (0..4).map(|_| mid(rng.next(20), rng.next(10))).collect();
                e.push(leaf(rng.next(20), rng.next(10), rng.next(10)));
                e
            },
            optional: vec![top(rng.next(20))],
            languages: vec![],
            min_education: None,
            place: Place::Remote,
        })
        .collect();
    let always = |_: &Requirement| Eligibility::Eligible;
    let options = Options::default();
    let t = Instant::now();
    let fast = rank_opportunities(&person, &reqs, &h, &courses, &always, options);
    let fast_time = t.elapsed();
    let mut naive: Vec<Match> = reqs
        .iter()
        .map(|r| score(r, &person, &h, &courses))
        .filter(Match::any_skill)
        .collect();
    naive.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.opportunity.cmp(&b.opportunity))
    });
    naive.truncate(options.limit);
    assert!(!naive.is_empty());
    assert_eq!(fast.matches, naive);
    eprintln!(
        "one person over {} opportunities: {fast_time:?}",
        reqs.len()
    );
}
