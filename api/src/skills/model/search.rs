//! Searching the taxonomy: labels folded (case, accents and Arabic
//! diacritics ignored) and matched anywhere, best first.
//!
//! Best first means: the exact label, then labels starting with the query,
//! then labels with a word starting with it, then anywhere; within each,
//! the caller's language before English, preferred labels before
//! alternative ones, shorter labels first (then by URI). A concept ranks by
//! its best label. Every candidate is ranked.
//!
//! The candidates come from this process's index of the labels
//! ([`super::index`]), built again when the taxonomy changes.

use unicode_normalization::UnicodeNormalization;

use super::index::SkillIndex;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::skills::json::{ConceptHit, ConceptKind};

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

/// Concepts of `kinds` with a label in `lang` (or English) that contains
/// `q`, folded, best first: at most `limit`.
pub fn search(
    conn: &mut DbConnection,
    index: &SkillIndex,
    q: &str,
    lang: &str,
    kinds: &[ConceptKind],
    limit: usize,
) -> Result<Vec<ConceptHit>, ApiError> {
    let folded = fold(q);
    if folded.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    Ok(index.current(conn)?.search(&folded, lang, kinds, limit))
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
