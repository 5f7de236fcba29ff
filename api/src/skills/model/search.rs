//! Searching the taxonomy: labels folded (case, accents and Arabic
//! diacritics ignored) and matched anywhere, best first.
//!
//! Best first means: the exact label, then labels starting with the query,
//! then labels with a word starting with it, then anywhere; within each,
//! the caller's language before English, preferred labels before
//! alternative ones, shorter labels first (then by URI). A concept ranks by
//! its best label.
//!
//! The candidates come from indexes, in stages that follow those places, so
//! that the common query (the start of a word) reads a short index range:
//!
//! 1. labels starting with the query: a range of `taxonomy_labels_search`
//!    on (language, folded, …), which on SQLite holds every column the
//!    ranking reads; for one letter, which most labels of a language may
//!    start with, each (language, preferred) part of
//!    `taxonomy_labels_initial` read in length order, the ranking's;
//! 2. labels with a later word starting with it: the trigram index, asked
//!    for " q" (queries of two letters or more);
//! 3. labels containing it anywhere: the trigram index (three letters or
//!    more; SQLite FTS5 with the trigram tokenizer, PostgreSQL `pg_trgm`), or
//!    for one or two letters, shorter than a trigram, every label of the two
//!    languages (only when fewer than `limit` concepts have a label starting
//!    with them).
//!
//! Each stage ranks ALL its candidates in SQL and hands over the best rows;
//! a stage that already names `limit` concepts ends the search, since every
//! concept a later stage could add ranks below them. When the rows handed
//! over run out before `limit` concepts are found (many labels of one
//! concept, or of another kind), the stage is asked again for more rows,
//! never with fewer candidates. Kinds and status are read for the concepts
//! of those rows only, and on SQLite the text of the winning labels only.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use unicode_normalization::UnicodeNormalization;

use super::concepts::preferred_labels;
use crate::db::schema::taxonomy_concepts;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::skills::json::{ConceptHit, ConceptKind, ConceptRef};

/// Lower-case, without accents or Arabic diacritics, single spaces: "Šivanje"
/// and "sivanje" fold alike.
pub fn fold(s: &str) -> String {
    let stripped: String = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` with LIKE's wildcards and its escape character (a backslash) escaped: use
/// with `.escape('\\')`.
pub fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A LIKE pattern (escaped with a backslash) for text that contains `s`.
pub fn containing(s: &str) -> String {
    format!("%{}%", escape_like(s))
}

/// One [`containing`] pattern per word of the query folded: a search for
/// "Šal modra" matches text holding both "sal" and "modra". None for an
/// empty query.
pub fn word_patterns(q: Option<&str>) -> Vec<String> {
    fold(q.unwrap_or_default())
        .split_whitespace()
        .map(containing)
        .collect()
}

/// A label of a stage, best first: its concept, and either its row id
/// (SQLite: the text is read for the winners only) or its text (PostgreSQL).
#[derive(QueryableByName)]
struct Ranked {
    #[diesel(sql_type = Text)]
    uri: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    label: Option<String>,
}

/// A concept found, with the label that ranked it.
struct Found {
    uri: String,
    label: Ranked,
    kind: String,
    status: String,
}

/// Where a stage finds its candidates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Labels starting with the query: every label ranked exact or start.
    Prefix,
    /// The same for a query of one letter, read in rank order from the
    /// index on (language, preferred, first letter, length).
    Initial,
    /// Labels with a later word starting with the query.
    WordStart,
    /// Labels containing the query.
    Anywhere,
}

/// The stages for a query of `letters` characters: a word start of one
/// letter is no trigram (" q" is two), and the scan of stage 3 finds it.
fn stages(letters: usize) -> &'static [Stage] {
    if letters < 2 {
        &[Stage::Initial, Stage::Anywhere]
    } else {
        &[Stage::Prefix, Stage::WordStart, Stage::Anywhere]
    }
}

/// Concepts of `kinds` with a label in `lang` (or English) that contains
/// `q`, folded, best first: at most `limit`.
pub fn search(
    conn: &mut DbConnection,
    q: &str,
    lang: &str,
    kinds: &[&str],
    limit: usize,
) -> Result<Vec<ConceptHit>, ApiError> {
    let folded = fold(q);
    if folded.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    match conn {
        // One snapshot: the row ids ranked are the ones whose text is read,
        // even while an import replaces the labels.
        DbConnection::Sqlite(_) => {
            conn.transaction(|conn| search_folded(conn, &folded, lang, kinds, limit))
        }
        DbConnection::Postgres(_) => search_folded(conn, &folded, lang, kinds, limit),
    }
}

fn search_folded(
    conn: &mut DbConnection,
    folded: &str,
    lang: &str,
    kinds: &[&str],
    limit: usize,
) -> Result<Vec<ConceptHit>, ApiError> {
    let mut found: Vec<Found> = Vec::new();
    for &stage in stages(folded.chars().count()) {
        let mut rows_wanted = (limit * 8).max(64);
        loop {
            let rows = ranked(conn, stage, folded, lang, rows_wanted)?;
            let exhausted = rows.len() < rows_wanted;
            let known: HashSet<&str> = found.iter().map(|f| f.uri.as_str()).collect();
            let fresh: HashSet<&str> = rows
                .iter()
                .map(|r| r.uri.as_str())
                .filter(|u| !known.contains(u))
                .collect();
            let mut wanted = wanted_concepts(conn, &fresh, kinds)?;
            drop(known);
            let before = found.len();
            for row in rows {
                if found.len() == limit {
                    break;
                }
                // Rows come best first: a concept's first row is its best;
                // a concept found by an earlier stage ranks better there.
                if let Some((kind, status)) = wanted.remove(&row.uri) {
                    found.push(Found {
                        uri: row.uri.clone(),
                        label: row,
                        kind,
                        status,
                    });
                }
            }
            if exhausted || found.len() == limit {
                break;
            }
            // Too few wanted concepts among the rows handed over: ask the
            // stage again for more rows (its ranking is the same).
            found.truncate(before);
            rows_wanted *= 4;
        }
        if found.len() == limit {
            break;
        }
    }
    let texts = label_texts(conn, &found)?;
    let uris: Vec<String> = found.iter().map(|h| h.uri.clone()).collect();
    let preferred = preferred_labels(conn, &uris, lang)?;
    Ok(found
        .into_iter()
        .map(|f| {
            let matched = f
                .label
                .label
                .or_else(|| f.label.id.and_then(|id| texts.get(&id).cloned()))
                .unwrap_or_default();
            ConceptHit {
                concept: ConceptRef {
                    label: preferred
                        .get(&f.uri)
                        .cloned()
                        .unwrap_or_else(|| matched.clone()),
                    kind: ConceptKind::parse(&f.kind),
                    uri: f.uri,
                    status: f.status,
                },
                matched_label: matched,
            }
        })
        .collect())
}

/// Of `uris`, the released concepts of `kinds`: uri → (kind, status).
/// Read by URI alone, kind and status checked here: with a long list of
/// URIs, SQLite would otherwise read every concept of the kinds.
fn wanted_concepts(
    conn: &mut DbConnection,
    uris: &HashSet<&str>,
    kinds: &[&str],
) -> QueryResult<HashMap<String, (String, String)>> {
    let uris: Vec<&str> = uris.iter().copied().collect();
    let mut out = HashMap::new();
    for chunk in uris.chunks(1000) {
        let rows: Vec<(String, String, String)> = taxonomy_concepts::table
            .filter(taxonomy_concepts::uri.eq_any(chunk))
            .select((
                taxonomy_concepts::uri,
                taxonomy_concepts::kind,
                taxonomy_concepts::status,
            ))
            .load(conn)?;
        out.extend(
            rows.into_iter()
                .filter(|(_, k, s)| s == "released" && kinds.contains(&k.as_str()))
                .map(|(u, k, s)| (u, (k, s))),
        );
    }
    Ok(out)
}

/// The texts of the labels that SQLite ranked by row id: id → label.
fn label_texts(conn: &mut DbConnection, found: &[Found]) -> QueryResult<HashMap<i64, String>> {
    #[derive(QueryableByName)]
    struct LabelText {
        #[diesel(sql_type = BigInt)]
        id: i64,
        #[diesel(sql_type = Text)]
        label: String,
    }
    let ids: Vec<String> = found
        .iter()
        .filter_map(|f| f.label.id)
        .map(|id| id.to_string())
        .collect();
    let DbConnection::Sqlite(c) = conn else {
        return Ok(HashMap::new());
    };
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // Row ids are integers read from the database: nothing to quote.
    let rows: Vec<LabelText> = diesel::sql_query(format!(
        "SELECT id, label FROM taxonomy_labels WHERE id IN ({})",
        ids.join(", ")
    ))
    .load(c)?;
    Ok(rows.into_iter().map(|r| (r.id, r.label)).collect())
}

/// The best `rows` labels of `stage` in `lang` and English, best first:
/// the stage's candidates are all ranked before the cut.
fn ranked(
    conn: &mut DbConnection,
    stage: Stage,
    folded: &str,
    lang: &str,
    rows: usize,
) -> QueryResult<Vec<Ranked>> {
    let rows = i64::try_from(rows).unwrap_or(i64::MAX);
    let trigrams = folded.chars().count() >= 3;
    let english = lang == "en";
    match conn {
        DbConnection::Sqlite(c) => {
            let (sql, phrase) = match stage {
                Stage::Prefix => (sqlite_ranked(SQLITE_RANK, SQLITE_PREFIX), None),
                Stage::Initial => (sqlite_initial(english), None),
                Stage::WordStart => (
                    sqlite_ranked(SQLITE_RANK_IN_PLACE, SQLITE_TRIGRAMS),
                    Some(fts_phrase(&format!(" {folded}"))),
                ),
                Stage::Anywhere if trigrams => (
                    sqlite_ranked(SQLITE_RANK_IN_PLACE, SQLITE_TRIGRAMS),
                    Some(fts_phrase(folded)),
                ),
                // One letter skips stage 2: the scan ranks word starts too.
                Stage::Anywhere => (sqlite_ranked(SQLITE_RANK, SQLITE_SCAN), None),
            };
            let mut query = diesel::sql_query(sql)
                .into_boxed::<diesel::sqlite::Sqlite>()
                .bind::<Text, _>(folded)
                .bind::<Text, _>(lang)
                .bind::<BigInt, _>(rows);
            if let Some(phrase) = phrase {
                query = query.bind::<Text, _>(phrase);
            }
            query.load(c)
        }
        DbConnection::Postgres(c) => {
            let escaped = escape_like(folded);
            let (sql, pattern) = match stage {
                Stage::Prefix => (pg_ranked(PG_RANK, PG_LIKE), Some(format!("{escaped}%"))),
                Stage::Initial => (pg_initial(english), None),
                Stage::WordStart => (
                    pg_ranked(PG_RANK_IN_PLACE, PG_LIKE),
                    Some(format!("% {escaped}%")),
                ),
                Stage::Anywhere if trigrams => (
                    pg_ranked(PG_RANK_IN_PLACE, PG_LIKE),
                    Some(format!("%{escaped}%")),
                ),
                Stage::Anywhere => (pg_ranked(PG_RANK, PG_LIKE), Some(format!("%{escaped}%"))),
            };
            let mut query = diesel::sql_query(sql)
                .into_boxed::<diesel::pg::Pg>()
                .bind::<Text, _>(folded)
                .bind::<Text, _>(lang)
                .bind::<BigInt, _>(rows);
            if let Some(pattern) = pattern {
                query = query.bind::<Text, _>(pattern);
            }
            query.load(c)
        }
    }
}

// SQLite: ?1 the folded query, ?2 the caller's language, ?3 how many rows,
// ?4 the FTS5 phrase.

/// The ranking of a label `l`: place (0 exact, 1 start, 2 a later word's
/// start, 3 anywhere), another language, an alternative label, the length
/// in characters.
const SQLITE_RANK: &str = "CASE WHEN l.folded = ?1 THEN 0 \
         WHEN instr(l.folded, ?1) = 1 THEN 1 \
         WHEN instr(l.folded, ' ' || ?1) > 0 THEN 2 ELSE 3 END AS place, \
     l.language <> ?2 AS other, NOT l.preferred AS alt, length(l.folded) AS len";

/// The ranking without the place, for a stage whose every new concept has
/// the same place (stages 2 and 3 from the trigram index: a concept with a
/// better label was found by an earlier stage, and its rows are skipped).
const SQLITE_RANK_IN_PLACE: &str =
    "0 AS place, l.language <> ?2 AS other, NOT l.preferred AS alt, length(l.folded) AS len";

/// The best ?3 labels of `source` (FROM and WHERE of a label `l`), by
/// `rank`.
fn sqlite_ranked(rank: &str, source: &str) -> String {
    format!(
        "SELECT l.uri, l.id, NULL AS label, l.folded, {rank} {source} \
         ORDER BY place, other, alt, len, l.uri, l.folded, l.id LIMIT ?3"
    )
}

/// Labels starting with ?1: a range of `taxonomy_labels_search`, which
/// covers the ranking (U+10FFFF sorts after every character).
const SQLITE_PREFIX: &str = "FROM taxonomy_labels l \
     WHERE l.language IN (?2, 'en') AND l.folded >= ?1 AND l.folded < ?1 || char(1114111)";

/// Labels containing the trigram phrase ?4: " q" for a later word's start,
/// "q" for anywhere. A phrase of trigrams matches exactly the labels that
/// contain it (the tokenizer keeps every character and its case).
const SQLITE_TRIGRAMS: &str =
    "FROM taxonomy_labels_fts f JOIN taxonomy_labels l ON l.id = f.rowid \
     WHERE taxonomy_labels_fts MATCH ?4 AND l.language IN (?2, 'en')";

/// Labels containing ?1 of one or two letters (shorter than a trigram):
/// the two languages' entries of `taxonomy_labels_search`.
const SQLITE_SCAN: &str = "FROM taxonomy_labels l \
     WHERE l.language IN (?2, 'en') AND instr(l.folded, ?1) > 0";

/// Labels starting with the letter ?1: the exact label, then each
/// (language, preferred) part of `taxonomy_labels_initial`, read in length
/// order and cut at ?3 rows (the order within a part is the ranking's).
fn sqlite_initial(english: bool) -> String {
    let mut parts = vec![format!(
        "SELECT l.uri, l.id, NULL AS label, l.folded, {SQLITE_RANK} FROM taxonomy_labels l \
         WHERE l.language IN (?2, 'en') AND l.folded = ?1"
    )];
    let languages: &[&str] = if english { &["?2"] } else { &["?2", "'en'"] };
    for language in languages {
        for preferred in ["TRUE", "FALSE"] {
            parts.push(format!(
                "SELECT * FROM (SELECT l.uri, l.id, NULL AS label, l.folded, {SQLITE_RANK} \
                 FROM taxonomy_labels l INDEXED BY taxonomy_labels_initial \
                 WHERE l.language = {language} \
                   AND l.preferred = {preferred} AND substr(l.folded, 1, 1) = ?1 \
                   AND l.folded <> ?1 \
                 ORDER BY length(l.folded), l.uri, l.folded, l.id LIMIT ?3)"
            ));
        }
    }
    format!(
        "{} ORDER BY place, other, alt, len, uri, folded, id LIMIT ?3",
        parts.join(" UNION ALL ")
    )
}

// PostgreSQL: $1 the folded query, $2 the caller's language, $3 how many
// rows, $4 the LIKE pattern. Text orders byte by byte (COLLATE "C"), as on
// SQLite.

/// [`SQLITE_RANK`] for PostgreSQL.
const PG_RANK: &str = "CASE WHEN l.folded = $1 THEN 0 \
         WHEN strpos(l.folded, $1) = 1 THEN 1 \
         WHEN strpos(l.folded, ' ' || $1) > 0 THEN 2 ELSE 3 END AS place, \
     l.language <> $2 AS other, NOT l.preferred AS alt, length(l.folded) AS len";

/// [`SQLITE_RANK_IN_PLACE`] for PostgreSQL.
const PG_RANK_IN_PLACE: &str =
    "0 AS place, l.language <> $2 AS other, NOT l.preferred AS alt, length(l.folded) AS len";

/// The best $3 labels of `source` (FROM and WHERE of a label `l`), by
/// `rank`.
fn pg_ranked(rank: &str, source: &str) -> String {
    format!(
        "SELECT l.uri, NULL::bigint AS id, l.label, l.folded, {rank} {source} \
         ORDER BY place, other, alt, len, l.uri COLLATE \"C\", l.folded COLLATE \"C\", \
                  l.label COLLATE \"C\" LIMIT $3"
    )
}

/// Labels matching the pattern $4: a prefix is a range of
/// `taxonomy_labels_search` (text_pattern_ops), a word start or a part
/// comes from the trigram index `taxonomy_labels_trgm`.
const PG_LIKE: &str = "FROM taxonomy_labels l \
     WHERE l.language IN ($2, 'en') AND l.folded LIKE $4";

/// [`sqlite_initial`] for PostgreSQL.
fn pg_initial(english: bool) -> String {
    let mut parts = vec![format!(
        "SELECT l.uri, NULL::bigint AS id, l.label, l.folded, {PG_RANK} FROM taxonomy_labels l \
         WHERE l.language IN ($2, 'en') AND l.folded = $1"
    )];
    let languages: &[&str] = if english { &["$2"] } else { &["$2", "'en'"] };
    for language in languages {
        for preferred in ["TRUE", "FALSE"] {
            parts.push(format!(
                "(SELECT l.uri, NULL::bigint AS id, l.label, l.folded, {PG_RANK} \
                 FROM taxonomy_labels l WHERE l.language = {language} \
                   AND l.preferred = {preferred} AND substr(l.folded, 1, 1) = $1 \
                   AND l.folded <> $1 \
                 ORDER BY length(l.folded), l.uri COLLATE \"C\", l.folded COLLATE \"C\", \
                          l.label COLLATE \"C\" LIMIT $3)"
            ));
        }
    }
    format!(
        "SELECT * FROM ({}) u ORDER BY place, other, alt, len, uri COLLATE \"C\", \
         folded COLLATE \"C\", label COLLATE \"C\" LIMIT $3",
        parts.join(" UNION ALL ")
    )
}

/// An FTS5 phrase that matches `s` as a substring (trigram tokenizer).
fn fts_phrase(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_arabic_diacritics() {
        assert_eq!(fold("Šivanje"), "sivanje");
        assert_eq!(fold("  Operate   FORKLIFT "), "operate forklift");
        assert_eq!(fold("خِيَاطَة"), "خياطة");
        assert_eq!(fold("Шиття"), "шиття");
        assert_eq!(fold("Café crème"), "cafe creme");
    }

    #[test]
    fn a_word_start_needs_two_letters_to_be_a_trigram() {
        assert_eq!(stages(1), &[Stage::Initial, Stage::Anywhere]);
        assert_eq!(
            stages(2),
            &[Stage::Prefix, Stage::WordStart, Stage::Anywhere]
        );
        assert_eq!(fts_phrase("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
