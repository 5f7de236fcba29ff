//! Rankings by full scan: people for an opportunity (the reference the
//! index is checked against) and opportunities for a person.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::hierarchy::{Courses, Hierarchy};
use super::score::{quick_score, score, score_with, Coverage};
use super::types::{Eligibility, Excluded, Match, Options, Person, Ranked, Requirement};

/// Whether a requirement asks for any skill at all. When it does, only
/// people with at least one of its skills (or a narrower one) are ranked;
/// when it does not, everyone is.
pub fn asks_skills(req: &Requirement) -> bool {
    !req.essential.is_empty() || !req.optional.is_empty()
}

/// A ranked entry: ordered so that the BETTER entry is the SMALLER (higher
/// score first, then the smaller id), hence a max-heap keeps the worst on
/// top.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry<'a> {
    score: u32,
    id: &'a str,
    index: usize,
}

impl Ord for Entry<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .cmp(&self.score)
            .then_with(|| self.id.cmp(other.id))
    }
}

impl PartialOrd for Entry<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The best `limit` entries seen, in a bounded heap.
pub(super) struct Best<'a> {
    limit: usize,
    heap: BinaryHeap<Entry<'a>>,
}

impl<'a> Best<'a> {
    pub(super) fn new(limit: usize) -> Self {
        Self {
            limit,
            heap: BinaryHeap::with_capacity(limit.saturating_add(1).min(1 << 16)),
        }
    }

    /// Whether an entry with this score and id would get in.
    pub(super) fn would_take(&self, score: u32, id: &str) -> bool {
        if self.heap.len() < self.limit {
            return true;
        }
        let probe = Entry {
            score,
            id,
            index: 0,
        };
        self.heap.peek().is_some_and(|worst| probe < *worst)
    }

    pub(super) fn push(&mut self, score: u32, id: &'a str, index: usize) {
        if !self.would_take(score, id) {
            return;
        }
        self.heap.push(Entry { score, id, index });
        if self.heap.len() > self.limit {
            self.heap.pop();
        }
    }

    /// The indexes kept, best first.
    pub(super) fn into_indexes(self) -> Vec<usize> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|e| e.index)
            .collect()
    }
}

/// Sorts best first: score descending, then id ascending.
pub(super) fn sort_matches(matches: &mut [Match], key: impl Fn(&Match) -> &str) {
    matches.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| key(a).cmp(key(b))));
}

/// People for one opportunity, by scoring every one of them in full (the
/// naive reference; [`super::CandidateIndex`] gives the same answer fast).
pub fn rank(
    req: &Requirement,
    people: &[Person],
    hierarchy: &Hierarchy,
    courses: &Courses,
    eligibility: &dyn Fn(&Person) -> Eligibility,
    options: Options,
) -> Ranked {
    let mut matches = Vec::new();
    let mut ineligible = Vec::new();
    for person in people {
        let m = score(req, person, hierarchy, courses);
        if asks_skills(req) && !m.any_skill() {
            continue;
        }
        match eligibility(person) {
            Eligibility::Eligible => matches.push(m),
            Eligibility::Ineligible { reason } => ineligible.push(Excluded {
                id: person.id.clone(),
                reason,
            }),
        }
    }
    sort_matches(&mut matches, |m| &m.person);
    matches.truncate(options.limit);
    finish(matches, ineligible, options)
}

pub(super) fn finish(
    matches: Vec<Match>,
    mut ineligible: Vec<Excluded>,
    options: Options,
) -> Ranked {
    if options.with_ineligible {
        ineligible.sort_by(|a, b| a.id.cmp(&b.id));
    } else {
        ineligible.clear();
    }
    Ranked {
        matches,
        ineligible,
    }
}

/// Opportunities for one person: the person's coverage is computed once,
/// each opportunity scored by lookups, the best kept in a bounded heap, and
/// only those explained in full. `eligibility` gives the person's verdict
/// for each opportunity (it depends on the opportunity's rules).
pub fn rank_opportunities(
    person: &Person,
    requirements: &[Requirement],
    hierarchy: &Hierarchy,
    courses: &Courses,
    eligibility: &dyn Fn(&Requirement) -> Eligibility,
    options: Options,
) -> Ranked {
    let coverage = Coverage::of(person, hierarchy);
    let mut best = Best::new(options.limit);
    let mut ineligible = Vec::new();
    for (i, req) in requirements.iter().enumerate() {
        let (points, any) = quick_score(req, person, &coverage);
        if asks_skills(req) && !any {
            continue;
        }
        if !options.with_ineligible && !best.would_take(points, &req.id) {
            continue;
        }
        match eligibility(req) {
            Eligibility::Eligible => best.push(points, &req.id, i),
            Eligibility::Ineligible { reason } => ineligible.push(Excluded {
                id: req.id.clone(),
                reason,
            }),
        }
    }
    let matches = best
        .into_indexes()
        .into_iter()
        .map(|i| score_with(&requirements[i], person, &coverage, courses))
        .collect();
    finish(matches, ineligible, options)
}
