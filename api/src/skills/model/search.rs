//! Searching the taxonomy: labels folded (case, accents and Arabic
//! diacritics ignored) and matched anywhere, best first.

use std::collections::HashMap;

use diesel::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::concepts::preferred_labels;
use crate::db::schema::{taxonomy_concepts, taxonomy_labels};
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

/// A label that matched a search, with its concept's kind and status.
#[derive(Queryable)]
struct LabelMatch {
    uri: String,
    label: String,
    folded: String,
    preferred: bool,
    language: String,
    kind: String,
    status: String,
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
    if folded.is_empty() {
        return Ok(Vec::new());
    }
    let escaped = folded
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let languages: Vec<&str> = if lang == "en" {
        vec!["en"]
    } else {
        vec![lang, "en"]
    };
    let rows: Vec<LabelMatch> = taxonomy_labels::table
        .inner_join(taxonomy_concepts::table)
        .filter(taxonomy_labels::language.eq_any(&languages))
        .filter(
            taxonomy_labels::folded
                .like(format!("%{escaped}%"))
                .escape('\\'),
        )
        .filter(taxonomy_concepts::kind.eq_any(kinds))
        .filter(taxonomy_concepts::status.eq("released"))
        .select((
            taxonomy_labels::uri,
            taxonomy_labels::label,
            taxonomy_labels::folded,
            taxonomy_labels::preferred,
            taxonomy_labels::language,
            taxonomy_concepts::kind,
            taxonomy_concepts::status,
        ))
        .limit(2000)
        .load(conn)?;
    // Best first: the exact label, then labels starting with the query, then
    // a word starting with it, then anywhere; the caller's language before
    // English; preferred labels and shorter labels first.
    let score = |f: &str, preferred: bool, l: &str| {
        let place = if f == folded {
            0
        } else if f.starts_with(&folded) {
            1
        } else if f.contains(&format!(" {folded}")) {
            2
        } else {
            3
        };
        (
            place,
            u8::from(l != lang),
            u8::from(!preferred),
            f.chars().count(),
        )
    };
    // uri → (score, matched label, kind, status)
    type Best = ((u8, u8, u8, usize), String, String, String);
    let mut best: HashMap<String, Best> = HashMap::new();
    for m in rows {
        let s = score(&m.folded, m.preferred, &m.language);
        match best.get(&m.uri) {
            Some((existing, ..)) if *existing <= s => {}
            _ => {
                best.insert(m.uri, (s, m.label, m.kind, m.status));
            }
        }
    }
    let mut hits: Vec<_> = best.into_iter().collect();
    hits.sort_by(|a, b| a.1 .0.cmp(&b.1 .0).then(a.0.cmp(&b.0)));
    hits.truncate(limit);
    let uris: Vec<String> = hits.iter().map(|h| h.0.clone()).collect();
    let labels = preferred_labels(conn, &uris, lang)?;
    Ok(hits
        .into_iter()
        .map(|(uri, (_, matched, kind, status))| ConceptHit {
            concept: ConceptRef {
                label: labels.get(&uri).cloned().unwrap_or_else(|| matched.clone()),
                kind: ConceptKind::parse(&kind),
                uri,
                status,
            },
            matched_label: matched,
        })
        .collect())
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
}
