//! The search index: every released concept's labels, folded, held in
//! this process's memory and built again when the taxonomy changes (a new
//! row in `taxonomy_imports`, which every import writes in its
//! transaction). Each server process keeps its own; a search first reads
//! the taxonomy's version, one short query, and builds the index when it
//! differs from the one held.
//!
//! For each language the labels sit in the order of the ranking within a
//! place (preferred first, then shorter, then by URI), so that a label's
//! position is its rank. Two structures find the candidates:
//!
//! - every word start (the start of a label and each character after a
//!   space) sorted by the text from there to the label's end: the labels
//!   that equal, start with, or have a later word starting with the query
//!   are one range of it, found by binary search;
//! - the folded labels one after the other in one string: the labels
//!   containing the query anywhere are its matches, found with a
//!   vectorised substring search (memchr's `memmem`).
//!
//! Every candidate is ranked; nothing is cut before the ranking.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use diesel::dsl::{count_star, max};
use diesel::prelude::*;

use crate::db::schema::{taxonomy_concepts, taxonomy_imports, taxonomy_labels};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::skills::json::{ConceptHit, ConceptKind, ConceptRef};

/// Which taxonomy an index was built from: how many imports, and the last.
type Version = (i64, Option<String>);

/// This process's index, built on the first search and again after each
/// import. Cheap to clone: clones share it.
#[derive(Clone, Default)]
pub struct SkillIndex {
    held: Arc<Mutex<Option<Arc<Index>>>>,
}

impl SkillIndex {
    /// The index of the taxonomy as it is now: the one held, or a new one
    /// when an import has happened since (concurrent searches wait for one
    /// build).
    pub fn current(&self, conn: &mut DbConnection) -> Result<Arc<Index>, ApiError> {
        let version = version(conn)?;
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(index) = held.as_ref().filter(|i| i.version == version) {
            return Ok(index.clone());
        }
        // The labels are read after the version: an import in between makes
        // the index newer than its version says, and the next search builds
        // it once more.
        let index = Arc::new(Index::load(conn, version)?);
        let previous = held.replace(index.clone());
        drop(held);
        // Hand back what the build used on the way and the old index (once
        // no search holds it).
        drop(previous);
        crate::system::memory::trim();
        Ok(index)
    }
}

fn version(conn: &mut DbConnection) -> QueryResult<Version> {
    taxonomy_imports::table
        .select((count_star(), max(taxonomy_imports::id)))
        .first(conn)
}

/// A concept that can be found: released.
struct Concept {
    uri: Box<str>,
    kind: ConceptKind,
}

/// One language's labels.
struct Labels {
    /// The folded labels in rank order, each followed by a newline (which
    /// no folded text holds: folding turns whitespace into single spaces).
    text: String,
    /// Where each label starts in `text`, and one more entry: the end.
    starts: Vec<u32>,
    /// Which label a place in `text` belongs to.
    label_at: LabelAt,
    /// Each label's concept.
    concept: Vec<u32>,
    /// The label as written, where it differs from its folded text: a range
    /// of `written_text` (empty where they are the same).
    written_starts: Vec<u32>,
    written_text: String,
    /// Every word start's place in `text`, sorted by the text from there to
    /// its label's end.
    words: Vec<u32>,
    /// Each concept's preferred label in this language, if it has one.
    preferred_of: HashMap<u32, u32>,
}

impl Labels {
    fn folded(&self, label: u32) -> &str {
        let i = label as usize;
        &self.text[self.starts[i] as usize..self.starts[i + 1] as usize - 1]
    }

    fn written(&self, label: u32) -> &str {
        let i = label as usize;
        let (a, b) = (self.written_starts[i], self.written_starts[i + 1]);
        if a == b {
            self.folded(label)
        } else {
            &self.written_text[a as usize..b as usize]
        }
    }

    /// The text from a place in `text` to its label's end.
    fn from(&self, at: u32) -> &[u8] {
        let label = self.label_at.get(at);
        &self.text.as_bytes()[at as usize..self.starts[label as usize + 1] as usize - 1]
    }

    /// The word starts whose text begins with `q`.
    fn word_range(&self, q: &str) -> &[u32] {
        let q = q.as_bytes();
        let from = self.words.partition_point(|&w| self.from(w) < q);
        let rest = &self.words[from..];
        &rest[..rest.partition_point(|&w| self.from(w).starts_with(q))]
    }

    fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.written_text.capacity()
            + 4 * (self.starts.capacity()
                + self.concept.capacity()
                + self.written_starts.capacity())
            + 4 * self.words.capacity()
            + self.label_at.heap_bytes()
            + 12 * self.preferred_of.capacity()
    }
}

/// The labels of every released concept, by language.
pub struct Index {
    version: Version,
    concepts: Vec<Concept>,
    /// By language code, in code order.
    languages: Vec<(String, Labels)>,
}

/// A label as read, before the ordering: ranges of the builder's strings.
struct Row {
    concept: u32,
    preferred: bool,
    chars: u32,
    folded: (u32, u32),
    written: (u32, u32),
}

/// One language's labels as they are read.
#[derive(Default)]
struct Builder {
    folded: String,
    written: String,
    rows: Vec<Row>,
}

/// How far a candidate's label is from the query's best place: 0 the whole
/// label, 1 its start, 2 a later word's start, 3 anywhere.
type Place = u64;

/// A candidate as one sortable number: place, another language than the
/// caller's, and the label's rank in its language.
fn key(place: Place, other: usize, label: u32) -> u64 {
    (place << 33) | ((other as u64) << 32) | u64::from(label)
}

impl Index {
    /// Reads the released concepts' labels of the taxonomy at `version`.
    fn load(conn: &mut DbConnection, version: Version) -> Result<Index, ApiError> {
        // Concepts in URI order (byte order, whatever the database's
        // collation): a concept's number is its URI's rank.
        let mut released: Vec<(String, String)> = taxonomy_concepts::table
            .filter(taxonomy_concepts::status.eq("released"))
            .select((taxonomy_concepts::uri, taxonomy_concepts::kind))
            .load(conn)?;
        released.sort_unstable();
        offset(released.len())?;
        let concept_of: HashMap<&str, u32> = released
            .iter()
            .enumerate()
            .map(|(i, (uri, _))| (uri.as_str(), i as u32))
            .collect();
        let mut builders: HashMap<String, Builder> = HashMap::new();
        let rows = taxonomy_labels::table
            .inner_join(taxonomy_concepts::table)
            .filter(taxonomy_concepts::status.eq("released"))
            .select((
                taxonomy_labels::uri,
                taxonomy_labels::language,
                taxonomy_labels::label,
                taxonomy_labels::preferred,
                taxonomy_labels::folded,
            ))
            .load_iter::<(String, String, String, bool, String), diesel::connection::DefaultLoadingMode>(conn)?;
        for row in rows {
            let (uri, language, label, preferred, folded) = row?;
            // A concept released by an import since the first query: the
            // next search builds the index again.
            let Some(&concept) = concept_of.get(uri.as_str()) else {
                continue;
            };
            let b = builders.entry(language).or_default();
            let folded = folded.replace('\n', " ");
            let f_at = offset(b.folded.len())?;
            b.folded.push_str(&folded);
            let w_at = offset(b.written.len())?;
            if label != folded {
                b.written.push_str(&label);
            }
            b.rows.push(Row {
                concept,
                preferred,
                chars: folded.chars().count() as u32,
                folded: (f_at, offset(b.folded.len())?),
                written: (w_at, offset(b.written.len())?),
            });
        }
        drop(concept_of);
        let concepts: Vec<Concept> = released
            .into_iter()
            .map(|(uri, kind)| Concept {
                uri: uri.into_boxed_str(),
                kind: ConceptKind::parse(&kind),
            })
            .collect();
        let mut languages: Vec<(String, Labels)> = builders
            .into_iter()
            .map(|(code, b)| Ok((code, b.finish()?)))
            .collect::<Result<_, ApiError>>()?;
        languages.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Index {
            version,
            concepts,
            languages,
        })
    }

    fn language(&self, code: &str) -> Option<&Labels> {
        self.languages
            .binary_search_by(|(c, _)| c.as_str().cmp(code))
            .ok()
            .map(|i| &self.languages[i].1)
    }

    /// How many labels the index holds.
    pub fn labels(&self) -> usize {
        self.languages.iter().map(|(_, l)| l.concept.len()).sum()
    }

    /// About how many bytes the index holds (its own allocations).
    pub fn heap_bytes(&self) -> usize {
        self.languages
            .iter()
            .map(|(_, l)| l.heap_bytes())
            .sum::<usize>()
            + self
                .concepts
                .iter()
                .map(|c| c.uri.len() + std::mem::size_of::<Concept>())
                .sum::<usize>()
    }

    /// Concepts of `kinds` with a label in `lang` (or English) that
    /// contains `folded` (a query folded, not empty), best first: at most
    /// `limit`. See `super::search` for the ranking.
    pub fn search(
        &self,
        folded: &str,
        lang: &str,
        kinds: &[ConceptKind],
        limit: usize,
    ) -> Vec<ConceptHit> {
        // The caller's language, then English: a candidate's "other" is
        // its language's place in this list.
        let english = if lang == "en" {
            None
        } else {
            self.language("en")
        };
        let languages: Vec<&Labels> = self.language(lang).into_iter().chain(english).collect();
        let wanted = |concept: u32| kinds.contains(&self.concepts[concept as usize].kind);
        let mut found: Vec<(u32, usize, u32)> = Vec::new();
        let mut seen: HashSet<u32> = HashSet::new();

        // The whole label, its start, or a later word's start.
        let mut keys = Vec::new();
        for (other, labels) in languages.iter().enumerate() {
            for &at in labels.word_range(folded) {
                let label = labels.label_at.get(at);
                let concept = labels.concept[label as usize];
                if !wanted(concept) {
                    continue;
                }
                let place = if at != labels.starts[label as usize] {
                    2
                } else if labels.folded(label).len() == folded.len() {
                    0
                } else {
                    1
                };
                keys.push(key(place, other, label));
            }
        }
        best(&mut keys, &languages, limit, &mut found, &mut seen);

        // Anywhere, for the concepts not found yet.
        if found.len() < limit {
            keys.clear();
            let finder = memchr::memmem::Finder::new(folded.as_bytes());
            for (other, labels) in languages.iter().enumerate() {
                let text = labels.text.as_bytes();
                let mut from = 0usize;
                while let Some(i) = finder.find(&text[from..]) {
                    let label = labels.label_at.get((from + i) as u32);
                    let concept = labels.concept[label as usize];
                    if wanted(concept) && !seen.contains(&concept) {
                        keys.push(key(3, other, label));
                    }
                    from = labels.starts[label as usize + 1] as usize;
                }
            }
            best(&mut keys, &languages, limit, &mut found, &mut seen);
        }

        found
            .into_iter()
            .map(|(concept, other, label)| {
                let c = &self.concepts[concept as usize];
                let matched = languages[other].written(label);
                ConceptHit {
                    concept: ConceptRef {
                        uri: c.uri.to_string(),
                        kind: c.kind,
                        label: self
                            .preferred_label(concept, lang)
                            .unwrap_or(matched)
                            .to_string(),
                        status: "released".to_string(),
                    },
                    matched_label: matched.to_string(),
                }
            })
            .collect()
    }

    /// A concept's preferred label in `lang`, else in English, else in the
    /// first language (by code) that has one.
    fn preferred_label(&self, concept: u32, lang: &str) -> Option<&str> {
        fn of(labels: &Labels, concept: u32) -> Option<&str> {
            labels
                .preferred_of
                .get(&concept)
                .map(|&l| labels.written(l))
        }
        let of = |labels| of(labels, concept);
        self.language(lang)
            .and_then(of)
            .or_else(|| self.language("en").and_then(of))
            .or_else(|| self.languages.iter().find_map(|(_, l)| of(l)))
    }
}

/// Adds to `found` the concepts of the best `keys` not `seen` yet, best
/// first, until it holds `limit`. Every key is ranked, but only the best
/// few are sorted unless more are needed.
fn best(
    keys: &mut [u64],
    languages: &[&Labels],
    limit: usize,
    found: &mut Vec<(u32, usize, u32)>,
    seen: &mut HashSet<u32>,
) {
    let few = (limit * 8).max(64);
    let (head, tail) = if keys.len() > few {
        keys.select_nth_unstable(few - 1);
        keys.split_at_mut(few)
    } else {
        (keys, &mut [][..])
    };
    head.sort_unstable();
    let mut take = |keys: &[u64]| {
        for &k in keys {
            if found.len() == limit {
                return true;
            }
            let (other, label) = (((k >> 32) & 1) as usize, (k & 0xffff_ffff) as u32);
            let concept = languages[other].concept[label as usize];
            if seen.insert(concept) {
                found.push((concept, other, label));
            }
        }
        found.len() == limit
    };
    if !take(head) && !tail.is_empty() {
        tail.sort_unstable();
        take(tail);
    }
}

fn offset(n: usize) -> Result<u32, ApiError> {
    u32::try_from(n).map_err(|_| too_large())
}

fn too_large() -> ApiError {
    ApiError::Internal("the taxonomy is too large for the search index (4 GB of labels)".into())
}

impl Builder {
    /// The labels in rank order, with their word starts sorted.
    fn finish(self) -> Result<Labels, ApiError> {
        let Builder {
            folded,
            written,
            mut rows,
        } = self;
        let text_of = |r: (u32, u32)| &folded[r.0 as usize..r.1 as usize];
        let written_of = |r: &Row| {
            if r.written.0 == r.written.1 {
                text_of(r.folded)
            } else {
                &written[r.written.0 as usize..r.written.1 as usize]
            }
        };
        rows.sort_unstable_by(|a, b| {
            b.preferred
                .cmp(&a.preferred)
                .then(a.chars.cmp(&b.chars))
                .then(a.concept.cmp(&b.concept))
                .then_with(|| text_of(a.folded).cmp(text_of(b.folded)))
                .then_with(|| written_of(a).cmp(written_of(b)))
        });
        let mut labels = Labels {
            text: String::with_capacity(folded.len() + rows.len()),
            starts: Vec::with_capacity(rows.len() + 1),
            concept: Vec::with_capacity(rows.len()),
            written_starts: Vec::with_capacity(rows.len() + 1),
            written_text: String::with_capacity(written.len()),
            words: Vec::new(),
            label_at: LabelAt::default(),
            preferred_of: HashMap::new(),
        };
        // (place, its label's end): the end is dropped once sorted.
        let mut words: Vec<(u32, u32)> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let label = offset(i)?;
            let start = offset(labels.text.len())?;
            let f = text_of(row.folded);
            labels.starts.push(start);
            labels.text.push_str(f);
            let end = offset(labels.text.len())?;
            labels.text.push('\n');
            words.push((start, end));
            words.extend(
                f.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b' ')
                    .map(|(at, _)| (start + at as u32 + 1, end)),
            );
            labels.concept.push(row.concept);
            labels
                .written_starts
                .push(offset(labels.written_text.len())?);
            if row.written.0 != row.written.1 {
                labels.written_text.push_str(written_of(row));
            }
            if row.preferred {
                labels.preferred_of.entry(row.concept).or_insert(label);
            }
        }
        labels.starts.push(offset(labels.text.len())?);
        labels
            .written_starts
            .push(offset(labels.written_text.len())?);
        let text = labels.text.as_bytes();
        words.sort_unstable_by(|a, b| {
            text[a.0 as usize..a.1 as usize]
                .cmp(&text[b.0 as usize..b.1 as usize])
                .then(a.0.cmp(&b.0))
        });
        // A new vector: collecting in place would keep the wider one's
        // allocation.
        let mut places = Vec::with_capacity(words.len());
        places.extend(words.iter().map(|w| w.0));
        labels.words = places;
        labels.label_at = LabelAt::new(&labels.starts, labels.text.len());
        labels.preferred_of.shrink_to_fit();
        Ok(labels)
    }
}

/// Which label a place in a language's text belongs to, in constant time:
/// a bit for each byte of the text, set where a label starts, and how many
/// are set before each 64 bytes (a rank structure: about an eighth of the
/// text's size, against four bytes a word start for a label number).
#[derive(Default)]
struct LabelAt {
    bits: Vec<u64>,
    before: Vec<u32>,
}

impl LabelAt {
    /// For labels starting at `starts` (the last entry the text's end) in
    /// a text of `len` bytes.
    fn new(starts: &[u32], len: usize) -> Self {
        let mut bits = vec![0u64; len / 64 + 1];
        for &at in &starts[..starts.len().saturating_sub(1)] {
            bits[at as usize / 64] |= 1 << (at % 64);
        }
        let mut before = Vec::with_capacity(bits.len());
        let mut count = 0u32;
        for word in &bits {
            before.push(count);
            count += word.count_ones();
        }
        LabelAt { bits, before }
    }

    /// The label that `at` (a place inside a label) belongs to.
    fn get(&self, at: u32) -> u32 {
        let (word, bit) = (at as usize / 64, at % 64);
        let upto = self.bits[word] & (u64::MAX >> (63 - bit));
        self.before[word] + upto.count_ones() - 1
    }

    fn heap_bytes(&self) -> usize {
        8 * self.bits.capacity() + 4 * self.before.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_belongs_to_the_label_that_starts_at_or_before_it() {
        // Labels of 3, 70, 1 and 130 bytes (each with its newline).
        let starts = [0u32, 3, 73, 74, 204];
        let at = LabelAt::new(&starts, 204);
        for (label, pair) in starts.windows(2).enumerate() {
            for place in pair[0]..pair[1] {
                assert_eq!(at.get(place), label as u32, "{place}");
            }
        }
    }
}
