//! Concepts of the taxonomy: their labels in a language.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::schema::{
    occupation_skills, taxonomy_broader, taxonomy_concepts, taxonomy_descriptions, taxonomy_labels,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::skills::json::{ConceptDetail, ConceptKind, ConceptRef};

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

/// The concept `uri` with its labels in `lang` (falling back to English),
/// description, hierarchy and skills or occupations; 404 if there is none.
pub fn detail(conn: &mut DbConnection, uri: &str, lang: &str) -> Result<ConceptDetail, ApiError> {
    let uri = uri.to_string();
    let (kind, status, isco_group): (String, String, Option<String>) = taxonomy_concepts::table
        .find(&uri)
        .select((
            taxonomy_concepts::kind,
            taxonomy_concepts::status,
            taxonomy_concepts::isco_group,
        ))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such concept"))?;
    let label = preferred_labels(conn, std::slice::from_ref(&uri), lang)?
        .remove(&uri)
        .unwrap_or_default();
    let alt_labels: Vec<String> = taxonomy_labels::table
        .filter(taxonomy_labels::uri.eq(&uri))
        .filter(taxonomy_labels::language.eq(lang))
        .filter(taxonomy_labels::preferred.eq(false))
        .order(taxonomy_labels::label)
        .select(taxonomy_labels::label)
        .load(conn)?;
    let descriptions: Vec<(String, String)> = taxonomy_descriptions::table
        .filter(taxonomy_descriptions::uri.eq(&uri))
        .select((
            taxonomy_descriptions::language,
            taxonomy_descriptions::description,
        ))
        .load(conn)?;
    let description = descriptions
        .iter()
        .find(|(l, _)| l == lang)
        .or_else(|| descriptions.iter().find(|(l, _)| l == "en"))
        .map(|(_, d)| d.clone());
    let broader = taxonomy_broader::table
        .filter(taxonomy_broader::uri.eq(&uri))
        .select(taxonomy_broader::broader_uri)
        .load(conn)?;
    let narrower = taxonomy_broader::table
        .filter(taxonomy_broader::broader_uri.eq(&uri))
        .select(taxonomy_broader::uri)
        .load(conn)?;
    let relations: Vec<(String, String)> = occupation_skills::table
        .filter(occupation_skills::occupation_uri.eq(&uri))
        .select((occupation_skills::skill_uri, occupation_skills::relation))
        .load(conn)?;
    let (essential, optional): (Vec<_>, Vec<_>) =
        relations.into_iter().partition(|(_, r)| r == "essential");
    let occupations = occupation_skills::table
        .filter(occupation_skills::skill_uri.eq(&uri))
        .select(occupation_skills::occupation_uri)
        .load(conn)?;
    Ok(ConceptDetail {
        concept: ConceptRef {
            uri: uri.clone(),
            kind: ConceptKind::parse(&kind),
            label,
            status,
        },
        language: lang.to_string(),
        alt_labels,
        description,
        isco_group,
        broader: refs(conn, broader, lang)?,
        narrower: refs(conn, narrower, lang)?,
        essential_skills: refs(conn, essential.into_iter().map(|(u, _)| u).collect(), lang)?,
        optional_skills: refs(conn, optional.into_iter().map(|(u, _)| u).collect(), lang)?,
        occupations: refs(conn, occupations, lang)?,
    })
}

/// The kind and status of the concept `uri`, if there is one.
pub fn kind_and_status(
    conn: &mut DbConnection,
    uri: &str,
) -> Result<Option<(String, String)>, ApiError> {
    Ok(taxonomy_concepts::table
        .find(uri)
        .select((taxonomy_concepts::kind, taxonomy_concepts::status))
        .first(conn)
        .optional()?)
}

/// Whether `uri` is an occupation.
pub fn is_occupation(conn: &mut DbConnection, uri: &str) -> Result<bool, ApiError> {
    let n: i64 = taxonomy_concepts::table
        .filter(taxonomy_concepts::uri.eq(uri))
        .filter(taxonomy_concepts::kind.eq("occupation"))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The released skills an occupation names essential.
pub fn essential_skills(
    conn: &mut DbConnection,
    occupation: &str,
) -> Result<Vec<String>, ApiError> {
    Ok(occupation_skills::table
        .inner_join(
            taxonomy_concepts::table.on(taxonomy_concepts::uri.eq(occupation_skills::skill_uri)),
        )
        .filter(occupation_skills::occupation_uri.eq(occupation))
        .filter(occupation_skills::relation.eq("essential"))
        .filter(taxonomy_concepts::status.eq("released"))
        .select(occupation_skills::skill_uri)
        .load(conn)?)
}

/// The URI of a concept by its English preferred label (for demo data).
pub fn uri_by_label(conn: &mut DbConnection, label: &str) -> Result<Option<String>, ApiError> {
    Ok(taxonomy_labels::table
        .filter(taxonomy_labels::language.eq("en"))
        .filter(taxonomy_labels::preferred.eq(true))
        .filter(taxonomy_labels::label.eq(label))
        .select(taxonomy_labels::uri)
        .first(conn)
        .optional()?)
}
