//! Concepts of the taxonomy: their labels in a language.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::schema::{taxonomy_concepts, taxonomy_labels};
use crate::db::DbConnection;
use crate::error::ApiError;

use crate::skills::json::{ConceptKind, ConceptRef};

/// Preferred labels of `uris` in `lang`, falling back to English, then to any.
pub fn preferred_labels(
    conn: &mut DbConnection,
    uris: &[String],
    lang: &str,
) -> Result<HashMap<String, String>, ApiError> {
    let rows: Vec<(String, String, String)> = taxonomy_labels::table
        .filter(taxonomy_labels::uri.eq_any(uris))
        .filter(taxonomy_labels::preferred.eq(true))
        .select((
            taxonomy_labels::uri,
            taxonomy_labels::language,
            taxonomy_labels::label,
        ))
        .load(conn)?;
    let rank = |l: &str| {
        if l == lang {
            0
        } else if l == "en" {
            1
        } else {
            2
        }
    };
    let mut best: HashMap<String, (u8, String)> = HashMap::new();
    for (uri, l, label) in rows {
        let r = rank(&l);
        match best.get(&uri) {
            Some((existing, _)) if *existing <= r => {}
            _ => {
                best.insert(uri, (r, label));
            }
        }
    }
    Ok(best.into_iter().map(|(u, (_, l))| (u, l)).collect())
}

/// The concepts `uris` labelled in `lang`, sorted by label.
pub fn refs(
    conn: &mut DbConnection,
    uris: Vec<String>,
    lang: &str,
) -> Result<Vec<ConceptRef>, ApiError> {
    let labels = preferred_labels(conn, &uris, lang)?;
    let meta: HashMap<String, (String, String)> = taxonomy_concepts::table
        .filter(taxonomy_concepts::uri.eq_any(&uris))
        .select((
            taxonomy_concepts::uri,
            taxonomy_concepts::kind,
            taxonomy_concepts::status,
        ))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(u, k, s)| (u, (k, s)))
        .collect();
    let mut out: Vec<ConceptRef> = uris
        .into_iter()
        .filter_map(|u| {
            let (kind, status) = meta.get(&u)?.clone();
            Some(ConceptRef {
                label: labels.get(&u).cloned().unwrap_or_default(),
                kind: ConceptKind::parse(&kind),
                uri: u,
                status,
            })
        })
        .collect();
    out.sort_by_key(|r| r.label.to_lowercase());
    Ok(out)
}
