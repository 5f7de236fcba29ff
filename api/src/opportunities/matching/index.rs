//! The inverted index (skill URI → people) that ranks people for one
//! opportunity without scanning everyone.

use std::collections::HashMap;

use super::hierarchy::{Courses, Hierarchy};
use super::rank::{asks_skills, finish, Best};
use super::score::{points_from, score, step_credit};
use super::types::{Eligibility, Excluded, Options, Person, Ranked, Requirement};

/// People and, for each skill URI, the positions of the people who have it.
/// Built once (from `(person, skill)` rows), then kept current person by
/// person ([`Self::upsert`], [`Self::remove`]); each ranking touches only
/// the people who have one of the requirement's skills or a narrower one.
#[derive(Clone, Debug, Default)]
pub struct CandidateIndex {
    /// By position; a removed person's place is empty (`live` false) until
    /// a new person takes it.
    people: Vec<Person>,
    live: Vec<bool>,
    /// Positions that are free again.
    free: Vec<u32>,
    position: HashMap<String, u32>,
    postings: HashMap<String, Vec<u32>>,
}

impl CandidateIndex {
    pub fn new(people: Vec<Person>) -> Self {
        let mut index = Self {
            live: vec![true; people.len()],
            position: HashMap::with_capacity(people.len()),
            ..Self::default()
        };
        for (i, person) in people.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            index.position.insert(person.id.clone(), i);
            for skill in &person.skills {
                let list = index.postings.entry(skill.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        index.people = people;
        index
    }

    /// The people in the index (in no particular order).
    pub fn people(&self) -> impl Iterator<Item = &Person> {
        self.people
            .iter()
            .zip(&self.live)
            .filter(|(_, live)| **live)
            .map(|(p, _)| p)
    }

    /// How many people the index holds.
    pub fn len(&self) -> usize {
        self.position.len()
    }

    pub fn is_empty(&self) -> bool {
        self.position.is_empty()
    }

    /// The person with this id.
    pub fn get(&self, id: &str) -> Option<&Person> {
        self.position.get(id).map(|&i| &self.people[i as usize])
    }

    /// Takes the person with this id out (nothing when absent).
    pub fn remove(&mut self, id: &str) {
        let Some(i) = self.position.remove(id) else {
            return;
        };
        let old = std::mem::take(&mut self.people[i as usize]);
        for skill in &old.skills {
            if let Some(list) = self.postings.get_mut(skill) {
                list.retain(|&p| p != i);
                if list.is_empty() {
                    self.postings.remove(skill);
                }
            }
        }
        self.live[i as usize] = false;
        self.free.push(i);
    }

    /// Adds the person, or replaces the one with the same id: the index then
    /// ranks exactly as one built afresh with the same people.
    pub fn upsert(&mut self, person: Person) {
        self.remove(&person.id);
        let i = match self.free.pop() {
            Some(i) => i,
            None => {
                self.people.push(Person::default());
                self.live.push(false);
                u32::try_from(self.people.len() - 1).unwrap_or(u32::MAX)
            }
        };
        let mut skills: Vec<&String> = person.skills.iter().collect();
        skills.sort_unstable();
        skills.dedup();
        for skill in skills {
            self.postings.entry(skill.clone()).or_default().push(i);
        }
        self.position.insert(person.id.clone(), i);
        self.live[i as usize] = true;
        self.people[i as usize] = person;
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
            let live = self.live.iter().enumerate().filter(|(_, l)| **l);
            candidates.extend(live.map(|(i, _)| i as u32));
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
