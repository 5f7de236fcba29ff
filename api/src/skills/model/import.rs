//! Writing an import of the taxonomy: concepts upserted by URI, labels,
//! descriptions, relations and the hierarchy replaced, and the import
//! recorded. Reading the files is `crate::skills::taxonomy`'s work.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::search::fold;
use crate::db::schema::{
    occupation_skills, taxonomy_broader, taxonomy_concepts, taxonomy_descriptions,
    taxonomy_imports, taxonomy_labels,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub languages: Vec<String>,
    pub skills: usize,
    pub occupations: usize,
    pub relations: usize,
    pub broader: usize,
    pub labels: usize,
    pub obsoleted: usize,
    pub esco_version: Option<String>,
}

/// A concept as the files describe it.
#[derive(Debug, Clone)]
pub(in crate::skills) struct Concept {
    pub kind: &'static str,
    pub reuse_level: Option<String>,
    pub isco_group: Option<String>,
    pub code: Option<String>,
}

/// What the files of an import hold.
#[derive(Default)]
pub(in crate::skills) struct Parsed {
    pub concepts: HashMap<String, Concept>,
    /// (uri, language, label, preferred)
    pub labels: Vec<(String, String, String, bool)>,
    pub descriptions: Vec<(String, String, String)>,
    pub relations: Vec<(String, String, String)>,
    pub broader: Vec<(String, String)>,
    pub languages: BTreeSet<String>,
}

/// The fields of a concept an import sets, on a new concept and on one
/// that is there already.
#[derive(Insertable, AsChangeset)]
#[diesel(
    table_name = taxonomy_concepts,
    treat_none_as_null = true,
    treat_none_as_default_value = false
)]
struct ConceptFields<'a> {
    kind: &'a str,
    reuse_level: Option<&'a str>,
    isco_group: Option<&'a str>,
    code: Option<&'a str>,
    status: &'a str,
    source: &'a str,
    esco_version: Option<&'a str>,
    updated_at: NaiveDateTime,
}

impl<'a> ConceptFields<'a> {
    /// `c` released by `source`, changed `now`.
    fn of(
        c: &'a Concept,
        source: &'a str,
        esco_version: Option<&'a str>,
        now: NaiveDateTime,
    ) -> Self {
        ConceptFields {
            kind: c.kind,
            reuse_level: c.reuse_level.as_deref(),
            isco_group: c.isco_group.as_deref(),
            code: c.code.as_deref(),
            status: "released",
            source,
            esco_version,
            updated_at: now,
        }
    }
}

/// A concept new to the taxonomy.
#[derive(Insertable)]
#[diesel(table_name = taxonomy_concepts, treat_none_as_default_value = false)]
struct NewConcept<'a> {
    uri: &'a str,
    #[diesel(embed)]
    fields: ConceptFields<'a>,
    created_at: NaiveDateTime,
}

/// A label of a concept in one language.
#[derive(Insertable)]
#[diesel(table_name = taxonomy_labels)]
struct NewLabel<'a> {
    uri: &'a str,
    language: &'a str,
    label: &'a str,
    preferred: bool,
    folded: String,
}

/// The record of an import.
#[derive(Insertable)]
#[diesel(table_name = taxonomy_imports, treat_none_as_default_value = false)]
struct NewImport<'a> {
    id: String,
    source: &'a str,
    esco_version: Option<&'a str>,
    languages: String,
    skills: i32,
    occupations: i32,
    relations: i32,
    obsoleted: i32,
    imported_at: NaiveDateTime,
}

const CHUNK: usize = 500;

/// A multi-row INSERT: diesel offers those on each concrete connection,
/// not on the multi-backend one, so this picks the backend.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            DbConnection::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
            DbConnection::Postgres(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    };
}

/// How many concepts the taxonomy holds.
pub fn concept_count(conn: &mut DbConnection) -> QueryResult<i64> {
    taxonomy_concepts::table.count().get_result(conn)
}

/// Writes what `p` holds (in the caller's transaction): concepts of
/// `source` that `p` no longer names become obsolete.
pub(in crate::skills) fn write(
    conn: &mut DbConnection,
    p: &Parsed,
    source: &str,
    esco_version: Option<&str>,
) -> Result<ImportSummary, ApiError> {
    let now = ids::now();
    // Every organisation's matching cache reloads the hierarchy.
    crate::opportunities::matches::changes::record(
        conn,
        crate::opportunities::matches::changes::ALL_ORGANISATIONS,
        crate::opportunities::matches::changes::Subject::Taxonomy,
        source,
    )?;
    let existing: HashSet<String> = taxonomy_concepts::table
        .select(taxonomy_concepts::uri)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let fields = |c| ConceptFields::of(c, source, esco_version, now);
    let mut new_rows = Vec::new();
    for (uri, c) in &p.concepts {
        if existing.contains(uri) {
            diesel::update(taxonomy_concepts::table.find(uri))
                .set(fields(c))
                .execute(conn)?;
        } else {
            new_rows.push(NewConcept {
                uri,
                fields: fields(c),
                created_at: now,
            });
        }
    }
    for chunk in new_rows.chunks(CHUNK) {
        insert_rows!(conn, taxonomy_concepts::table, chunk)?;
    }
    // Concepts of this source that the new files no longer name.
    let imported: HashSet<&String> = p.concepts.keys().collect();
    let stale: Vec<String> = taxonomy_concepts::table
        .filter(taxonomy_concepts::source.eq(source))
        .filter(taxonomy_concepts::status.eq("released"))
        .select(taxonomy_concepts::uri)
        .load::<String>(conn)?
        .into_iter()
        .filter(|u| !imported.contains(u))
        .collect();
    for chunk in stale.chunks(CHUNK) {
        diesel::update(taxonomy_concepts::table.filter(taxonomy_concepts::uri.eq_any(chunk)))
            .set((
                taxonomy_concepts::status.eq("obsolete"),
                taxonomy_concepts::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    let uris: Vec<&String> = p.concepts.keys().collect();
    for lang in &p.languages {
        for chunk in uris.chunks(CHUNK) {
            diesel::delete(
                taxonomy_labels::table
                    .filter(taxonomy_labels::language.eq(lang))
                    .filter(taxonomy_labels::uri.eq_any(chunk)),
            )
            .execute(conn)?;
            diesel::delete(
                taxonomy_descriptions::table
                    .filter(taxonomy_descriptions::language.eq(lang))
                    .filter(taxonomy_descriptions::uri.eq_any(chunk)),
            )
            .execute(conn)?;
        }
    }
    let mut seen = HashSet::new();
    let labels: Vec<NewLabel> = p
        .labels
        .iter()
        .filter(|(uri, lang, label, _)| seen.insert((uri.as_str(), lang.as_str(), label.as_str())))
        .map(|(uri, lang, label, preferred)| NewLabel {
            uri,
            language: lang,
            label,
            preferred: *preferred,
            folded: fold(label),
        })
        .collect();
    for chunk in labels.chunks(CHUNK) {
        insert_rows!(conn, taxonomy_labels::table, chunk)?;
    }
    let mut seen = HashSet::new();
    let descriptions: Vec<_> = p
        .descriptions
        .iter()
        .filter(|(uri, lang, _)| seen.insert((uri.as_str(), lang.as_str())))
        .map(|(uri, lang, d)| {
            (
                taxonomy_descriptions::uri.eq(uri.clone()),
                taxonomy_descriptions::language.eq(lang.clone()),
                taxonomy_descriptions::description.eq(d.clone()),
            )
        })
        .collect();
    for chunk in descriptions.chunks(CHUNK) {
        insert_rows!(conn, taxonomy_descriptions::table, chunk)?;
    }
    if !p.relations.is_empty() {
        let occupations: Vec<&String> = p
            .concepts
            .iter()
            .filter(|(_, c)| c.kind == "occupation")
            .map(|(u, _)| u)
            .collect();
        for chunk in occupations.chunks(CHUNK) {
            diesel::delete(
                occupation_skills::table.filter(occupation_skills::occupation_uri.eq_any(chunk)),
            )
            .execute(conn)?;
        }
        let mut seen = HashSet::new();
        let rows: Vec<_> = p
            .relations
            .iter()
            .filter(|(o, s, _)| seen.insert((o.as_str(), s.as_str())))
            .map(|(o, s, r)| {
                (
                    occupation_skills::occupation_uri.eq(o.clone()),
                    occupation_skills::skill_uri.eq(s.clone()),
                    occupation_skills::relation.eq(r.clone()),
                )
            })
            .collect();
        for chunk in rows.chunks(CHUNK) {
            insert_rows!(conn, occupation_skills::table, chunk)?;
        }
    }
    if !p.broader.is_empty() {
        for chunk in uris.chunks(CHUNK) {
            diesel::delete(taxonomy_broader::table.filter(taxonomy_broader::uri.eq_any(chunk)))
                .execute(conn)?;
        }
        let mut seen = HashSet::new();
        let rows: Vec<_> = p
            .broader
            .iter()
            .filter(|(u, b)| seen.insert((u.as_str(), b.as_str())))
            .map(|(u, b)| {
                (
                    taxonomy_broader::uri.eq(u.clone()),
                    taxonomy_broader::broader_uri.eq(b.clone()),
                )
            })
            .collect();
        for chunk in rows.chunks(CHUNK) {
            insert_rows!(conn, taxonomy_broader::table, chunk)?;
        }
    }
    let summary = ImportSummary {
        languages: p.languages.iter().cloned().collect(),
        skills: p
            .concepts
            .values()
            .filter(|c| c.kind != "occupation")
            .count(),
        occupations: p
            .concepts
            .values()
            .filter(|c| c.kind == "occupation")
            .count(),
        relations: p.relations.len(),
        broader: p.broader.len(),
        labels: labels.len(),
        obsoleted: stale.len(),
        esco_version: esco_version.map(str::to_string),
    };
    // PostgreSQL plans the search's queries from statistics: refresh them
    // for the labels just written (SQLite's plans do not depend on any).
    if let DbConnection::Postgres(c) = conn {
        c.batch_execute("ANALYZE taxonomy_concepts, taxonomy_labels")?;
    }
    diesel::insert_into(taxonomy_imports::table)
        .values(NewImport {
            id: ids::new_id(),
            source,
            esco_version,
            languages: summary.languages.join(" "),
            skills: summary.skills as i32,
            occupations: summary.occupations as i32,
            relations: summary.relations as i32,
            obsoleted: summary.obsoleted as i32,
            imported_at: now,
        })
        .execute(conn)?;
    Ok(summary)
}
