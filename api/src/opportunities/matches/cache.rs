//! Each server process's matching cache: per organisation, the people in a
//! [`CandidateIndex`], the open opportunities as requirements, the open
//! courses and the skill hierarchy, and the last `seq` of the change log
//! applied. Before each match the log is read after that `seq` (an indexed
//! range) and only the people and opportunities named there are reloaded
//! (a taxonomy change reloads everything), so that every process, each
//! following the same log, answers the same.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use chrono::NaiveDate;

use super::changes::Subject;
use super::load::{self, Candidate, Posting};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::opportunities::eligibility::{self, Circumstances};
use crate::opportunities::matching::{
    CandidateIndex, Course, Courses, Eligibility, Hierarchy, Requirement,
};
use crate::participants::access::months_between;

/// What matching knows of one organisation.
#[derive(Default)]
pub struct OrgMatches {
    /// The last change applied.
    pub seq: i64,
    pub index: CandidateIndex,
    /// By person id: eligibility facts and partner sharing.
    facts: HashMap<String, Facts>,
    /// The open opportunities, in the same order as `requirements`.
    pub postings: Vec<Posting>,
    pub requirements: Vec<Requirement>,
    position: HashMap<String, usize>,
    pub hierarchy: Hierarchy,
    pub courses: Courses,
}

#[derive(Clone, Debug, Default)]
struct Facts {
    circumstances: Circumstances,
    arrival: Option<NaiveDate>,
    sharing: bool,
}

impl OrgMatches {
    fn load(conn: &mut DbConnection, org: &str, today: NaiveDate) -> Result<Self, ApiError> {
        // The seq first: a change made while loading is applied again later.
        let seq = load::last_seq(conn, org)?;
        let hierarchy = load::hierarchy(conn)?;
        let people = load::people(conn, org, None, today)?;
        let postings = load::postings(conn, org, None)?;
        let mut m = OrgMatches {
            seq,
            hierarchy,
            ..Self::default()
        };
        let mut persons = Vec::with_capacity(people.len());
        for c in people {
            m.facts.insert(c.person.id.clone(), facts_of(&c));
            persons.push(c.person);
        }
        m.index = CandidateIndex::new(persons);
        for p in postings {
            m.put_posting(p);
        }
        m.rebuild_courses();
        Ok(m)
    }

    fn put_posting(&mut self, p: Posting) {
        let id = p.summary.id.clone();
        self.drop_posting(&id);
        if !p.open {
            return;
        }
        self.position.insert(id, self.postings.len());
        self.requirements.push(p.requirement.clone());
        self.postings.push(p);
    }

    fn drop_posting(&mut self, id: &str) {
        let Some(i) = self.position.remove(id) else {
            return;
        };
        self.postings.swap_remove(i);
        self.requirements.swap_remove(i);
        if let Some(moved) = self.postings.get(i) {
            self.position.insert(moved.summary.id.clone(), i);
        }
    }

    fn rebuild_courses(&mut self) {
        let courses: Vec<Course> = self
            .postings
            .iter()
            .filter(|p| p.is_course())
            .map(|p| Course {
                id: p.summary.id.clone(),
                teaches: p.teaches.clone(),
            })
            .collect();
        self.courses = Courses::new(&courses, &self.hierarchy);
    }

    /// Applies the changes after `self.seq`; false when a full reload is due.
    fn apply(
        &mut self,
        conn: &mut DbConnection,
        org: &str,
        changes: Vec<(String, String, i64)>,
        today: NaiveDate,
    ) -> Result<bool, ApiError> {
        let mut people: HashSet<String> = HashSet::new();
        let mut opportunities: HashSet<String> = HashSet::new();
        let mut last = self.seq;
        for (subject, id, seq) in changes {
            last = last.max(seq);
            if subject == Subject::Taxonomy.as_str() {
                return Ok(false);
            } else if subject == Subject::Participant.as_str() {
                people.insert(id);
            } else {
                opportunities.insert(id);
            }
        }
        if !people.is_empty() {
            let ids: Vec<String> = people.into_iter().collect();
            for id in &ids {
                self.index.remove(id);
                self.facts.remove(id);
            }
            for c in load::people(conn, org, Some(&ids), today)? {
                self.facts.insert(c.person.id.clone(), facts_of(&c));
                self.index.upsert(c.person);
            }
        }
        if !opportunities.is_empty() {
            let ids: Vec<String> = opportunities.into_iter().collect();
            for id in &ids {
                self.drop_posting(id);
            }
            for p in load::postings(conn, org, Some(&ids))? {
                self.put_posting(p);
            }
            self.rebuild_courses();
        }
        self.seq = last;
        Ok(true)
    }

    /// Whether a partner may see this person (an active `partner_sharing`).
    pub fn sharing(&self, person: &str) -> bool {
        self.facts.get(person).is_some_and(|f| f.sharing)
    }

    /// The person's eligibility facts on `today`.
    pub fn circumstances(&self, person: &str, today: NaiveDate) -> Option<Circumstances> {
        self.facts.get(person).map(|f| Circumstances {
            months_since_application: f
                .arrival
                .map(|a| u32::try_from(months_between(a, today)).unwrap_or(0)),
            ..f.circumstances.clone()
        })
    }

    /// The open opportunity with this id.
    pub fn posting(&self, id: &str) -> Option<&Posting> {
        self.position.get(id).map(|&i| &self.postings[i])
    }
}

fn facts_of(c: &Candidate) -> Facts {
    Facts {
        circumstances: c.circumstances.clone(),
        arrival: c.arrival,
        sharing: c.sharing,
    }
}

/// The verdict of the eligibility rules as the engine takes it.
pub fn verdict(
    country: &str,
    circumstances: &Circumstances,
    kind: crate::codes::OpportunityKind,
    today: NaiveDate,
) -> Eligibility {
    match eligibility::check(country, circumstances, kind, today).reason() {
        None => Eligibility::Eligible,
        Some(reason) => Eligibility::Ineligible {
            reason: reason.code().to_string(),
        },
    }
}

type Slot = Arc<RwLock<Option<OrgMatches>>>;

/// The caches of every organisation this process has matched for (shared
/// by the workers; one lock per organisation).
#[derive(Clone, Default)]
pub struct MatchCache {
    orgs: Arc<Mutex<HashMap<String, Slot>>>,
}

impl MatchCache {
    fn slot(&self, org: &str) -> Slot {
        let mut orgs = self.orgs.lock().unwrap_or_else(PoisonError::into_inner);
        orgs.entry(org.to_string()).or_default().clone()
    }

    /// Runs `f` on the organisation's matching data, brought up to date
    /// with the change log first (loaded in full the first time).
    pub fn with<T>(
        &self,
        conn: &mut DbConnection,
        org: &str,
        today: NaiveDate,
        f: impl FnOnce(&OrgMatches) -> T,
    ) -> Result<T, ApiError> {
        let slot = self.slot(org);
        {
            let guard = slot.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(m) = guard.as_ref() {
                let changes = load::changes_since(conn, org, m.seq)?;
                if changes.is_empty() {
                    return Ok(f(m));
                }
            }
        }
        let mut guard = slot.write().unwrap_or_else(PoisonError::into_inner);
        let current = match guard.as_mut() {
            Some(m) => {
                let changes = load::changes_since(conn, org, m.seq)?;
                changes.is_empty() || m.apply(conn, org, changes, today)?
            }
            None => false,
        };
        if !current {
            // Dropped first, so that the old and the new copy never both
            // take the memory.
            *guard = None;
            *guard = Some(OrgMatches::load(conn, org, today)?);
        }
        let m = guard
            .as_ref()
            .ok_or_else(|| ApiError::internal("matching cache"))?;
        Ok(f(m))
    }
}
