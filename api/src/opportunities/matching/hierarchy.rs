//! The skill hierarchy (narrower → broader pairs), walked once when built,
//! and the open courses looked up by the skill they close.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::types::Course;
use super::weights::MAX_STEPS;

/// The ESCO hierarchy, with every skill's ancestors and descendants up to
/// [`MAX_STEPS`] steps precomputed (each with its shortest distance).
#[derive(Clone, Debug, Default)]
pub struct Hierarchy {
    ancestors: HashMap<String, Vec<(String, u8)>>,
    descendants: HashMap<String, Vec<(String, u8)>>,
}

impl Hierarchy {
    /// Builds it from `(narrower, broader)` pairs (rows of
    /// `taxonomy_broader`). Cycles and duplicate pairs are harmless.
    pub fn new<I, S>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (S, S)>,
        S: Into<String>,
    {
        let mut up: HashMap<String, Vec<String>> = HashMap::new();
        let mut down: HashMap<String, Vec<String>> = HashMap::new();
        for (narrower, broader) in pairs {
            let (n, b) = (narrower.into(), broader.into());
            if n == b {
                continue;
            }
            up.entry(n.clone()).or_default().push(b.clone());
            down.entry(b).or_default().push(n);
        }
        Self {
            ancestors: walk_all(&up),
            descendants: walk_all(&down),
        }
    }

    /// The broader skills of `uri`, up to [`MAX_STEPS`] steps up, with
    /// their distance, sorted by distance then URI.
    pub fn ancestors(&self, uri: &str) -> &[(String, u8)] {
        self.ancestors.get(uri).map_or(&[], Vec::as_slice)
    }

    /// The narrower skills of `uri`, up to [`MAX_STEPS`] steps down, with
    /// their distance, sorted by distance then URI.
    pub fn descendants(&self, uri: &str) -> &[(String, u8)] {
        self.descendants.get(uri).map_or(&[], Vec::as_slice)
    }
}

fn walk_all(edges: &HashMap<String, Vec<String>>) -> HashMap<String, Vec<(String, u8)>> {
    edges
        .keys()
        .map(|start| (start.clone(), walk(start, edges)))
        .collect()
}

/// Breadth first from `start`, at most [`MAX_STEPS`] steps: every node
/// reached with its shortest distance (`start` itself left out).
fn walk(start: &str, edges: &HashMap<String, Vec<String>>) -> Vec<(String, u8)> {
    let mut seen: HashSet<&str> = HashSet::from([start]);
    let mut frontier: Vec<&str> = vec![start];
    let mut out = Vec::new();
    for step in 1..=MAX_STEPS {
        let mut next = Vec::new();
        for node in frontier {
            for to in edges.get(node).into_iter().flatten() {
                if seen.insert(to.as_str()) {
                    next.push(to.as_str());
                }
            }
        }
        next.sort_unstable();
        out.extend(next.iter().map(|s| (s.to_string(), step as u8)));
        frontier = next;
    }
    out
}

/// The open courses, looked up by a skill they close: a course closes the
/// skills it teaches and their broader skills up to [`MAX_STEPS`] steps up
/// (the same reach as a person's skill in the score).
#[derive(Clone, Debug, Default)]
pub struct Courses {
    by_skill: HashMap<String, Vec<String>>,
}

impl Courses {
    pub fn new(courses: &[Course], hierarchy: &Hierarchy) -> Self {
        let mut sets: HashMap<String, BTreeSet<String>> = HashMap::new();
        for course in courses {
            for skill in &course.teaches {
                let reach = std::iter::once(skill.as_str())
                    .chain(hierarchy.ancestors(skill).iter().map(|(a, _)| a.as_str()));
                for uri in reach {
                    sets.entry(uri.to_string())
                        .or_default()
                        .insert(course.id.clone());
                }
            }
        }
        Self {
            by_skill: sets
                .into_iter()
                .map(|(k, v)| (k, v.into_iter().collect()))
                .collect(),
        }
    }

    /// The ids of the courses that close `skill`, sorted.
    pub fn teaching(&self, skill: &str) -> &[String] {
        self.by_skill.get(skill).map_or(&[], Vec::as_slice)
    }
}
