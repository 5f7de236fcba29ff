//! The inverted index (skill URI → people) that ranks people for one
//! opportunity without scanning everyone.

use std::collections::HashMap;

use super::hierarchy::{Courses, Hierarchy};
use super::rank::{asks_skills, finish, Best};
use super::score::{points_from, score, step_credit};
use super::types::{Eligibility, Excluded, Options, Person, Ranked, Requirement};

/// People and, for each skill URI, the positions of the people who have it.
/// Built once (from `(person, skill)` rows); each ranking then touches only
/// the people who have one of the requirement's skills or a narrower one.
#[derive(Clone, Debug, Default)]
pub struct CandidateIndex {
    people: Vec<Person>,
    postings: HashMap<String, Vec<u32>>,
}

impl CandidateIndex {
    pub fn new(people: Vec<Person>) -> Self {
        let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, person) in people.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            for skill in &person.skills {
                let list = postings.entry(skill.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        Self { people, postings }
    }

    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The same answer as [`super::rank`] over [`Self::people`]:
    /// 1. each required skill (a "slot") is expanded to itself and its
    ///    narrower skills, each with its credit;
    /// 2. the postings of those URIs give the candidates, and for each the
    ///    best credit per slot;
    /// 3. each candidate's score is the sum of its slots plus languages,
    ///    education and place, kept in a bounded heap of the best `limit`
    ///    (eligibility asked only of those that would get in, unless the
    ///    ineligible are to be listed);
    /// 4. only the kept ones are explained in full.
    pub fn rank(
        &self,
        req: &Requirement,
        hierarchy: &Hierarchy,
        courses: &Courses,
        eligibility: &dyn Fn(&Person) -> Eligibility,
        options: Options,
    ) -> Ranked {
        let slots = req.essential.len() + req.optional.len();
        let mut rows: Vec<u32> = Vec::new();
        let mut credits: Vec<u32> = Vec::new();
        let mut candidates: Vec<u32> = Vec::new();
        if asks_skills(req) {
            let mut row_of = vec![u32::MAX; self.people.len()];
            let required = req.essential.iter().chain(&req.optional);
            for (slot, skill) in required.enumerate() {
                let reach = std::iter::once((skill.as_str(), 0u8)).chain(
                    hierarchy
                        .descendants(skill)
                        .iter()
                        .map(|(d, s)| (d.as_str(), *s)),
                );
                for (uri, steps) in reach {
                    let credit = step_credit(steps);
                    for &p in self.postings.get(uri).into_iter().flatten() {
                        let row = &mut row_of[p as usize];
                        if *row == u32::MAX {
                            *row = candidates.len() as u32;
                            candidates.push(p);
                            credits.resize(credits.len() + slots, 0);
                        }
                        let cell = &mut credits[*row as usize * slots + slot];
                        *cell = (*cell).max(credit);
                    }
                }
            }
            rows.extend(0..candidates.len() as u32);
        } else {
            candidates.extend(0..self.people.len() as u32);
        }
        let essentials = req.essential.len();
        let mut best = Best::new(options.limit);
        let mut ineligible = Vec::new();
        for (n, &p) in candidates.iter().enumerate() {
            let person = &self.people[p as usize];
            let (e, o) = match rows.get(n) {
                Some(&row) => {
                    let cells = &credits[row as usize * slots..(row as usize + 1) * slots];
                    let (ess, opt) = cells.split_at(essentials);
                    (
                        ess.iter().map(|&c| u64::from(c)).sum(),
                        opt.iter().map(|&c| u64::from(c)).sum(),
                    )
                }
                None => (0, 0),
            };
            let points = points_from(req, person, e, o).total();
            if !options.with_ineligible && !best.would_take(points, &person.id) {
                continue;
            }
            match eligibility(person) {
                Eligibility::Eligible => best.push(points, &person.id, p as usize),
                Eligibility::Ineligible { reason } => ineligible.push(Excluded {
                    id: person.id.clone(),
                    reason,
                }),
            }
        }
        let matches = best
            .into_indexes()
            .into_iter()
            .map(|i| score(req, &self.people[i], hierarchy, courses))
            .collect();
        finish(matches, ineligible, options)
    }
}
