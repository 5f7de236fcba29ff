//! Importing the skills taxonomy: reading ESCO's CSV downloads (v1.1 and
//! v1.2 layouts, read by header names) and the starter taxonomy shipped in
//! the same format; `model::import` writes what they hold.

use std::collections::HashMap;
use std::path::Path;

use diesel::prelude::*;

use super::model::import::{concept_count, write, Concept, ImportSummary, Parsed};
use crate::db::DbConnection;
use crate::error::ApiError;

/// A file that cannot be imported, named with its line.
#[derive(Debug, thiserror::Error)]
#[error("{file}, line {line}: {message}")]
pub struct ImportError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

fn import_err(file: &str, line: usize, message: impl Into<String>) -> ImportError {
    ImportError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// A CSV file read by its header names.
struct Table<'a> {
    file: &'a str,
    headers: HashMap<String, usize>,
    rows: Vec<(usize, csv::StringRecord)>,
}

impl<'a> Table<'a> {
    fn read(file: &'a str, text: &str, required: &[&str]) -> Result<Self, ImportError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers: HashMap<String, usize> = reader
            .headers()
            .map_err(|e| import_err(file, 1, e.to_string()))?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_string(), i))
            .collect();
        for r in required {
            if !headers.contains_key(*r) {
                return Err(import_err(file, 1, format!("the column `{r}` is missing")));
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                import_err(file, line, format!("not valid CSV: {e}"))
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            rows.push((line, record));
        }
        Ok(Table {
            file,
            headers,
            rows,
        })
    }

    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        self.headers
            .get(column)
            .and_then(|i| record.get(*i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    fn need<'r>(
        &self,
        line: usize,
        record: &'r csv::StringRecord,
        column: &str,
    ) -> Result<&'r str, ImportError> {
        self.get(record, column)
            .ok_or_else(|| import_err(self.file, line, format!("`{column}` is empty")))
    }
}

fn language_of(name: &str, prefix: &str) -> Option<String> {
    let rest = name.strip_prefix(prefix)?.strip_suffix(".csv")?;
    (!rest.is_empty()
        && rest.len() <= 5
        && rest.chars().all(|c| c.is_ascii_alphabetic() || c == '-'))
    .then(|| rest.to_lowercase())
}

fn split_labels(v: Option<&str>) -> impl Iterator<Item = String> + '_ {
    v.unwrap_or("")
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
}

fn parse(files: &[(String, String)]) -> Result<Parsed, ImportError> {
    let mut p = Parsed::default();
    let mut found_any = false;
    for (name, text) in files {
        if let Some(lang) = language_of(name, "skills_") {
            found_any = true;
            let t = Table::read(name, text, &["conceptUri", "preferredLabel"])?;
            p.languages.insert(lang.clone());
            for (line, r) in &t.rows {
                let uri = t.need(*line, r, "conceptUri")?.to_string();
                let preferred = t.need(*line, r, "preferredLabel")?.to_string();
                let kind = if t.get(r, "skillType") == Some("knowledge") {
                    "knowledge"
                } else {
                    "skill"
                };
                p.concepts.entry(uri.clone()).or_insert(Concept {
                    kind,
                    reuse_level: t.get(r, "reuseLevel").map(str::to_string),
                    isco_group: None,
                    code: None,
                });
                p.labels.push((uri.clone(), lang.clone(), preferred, true));
                for alt in split_labels(t.get(r, "altLabels")) {
                    p.labels.push((uri.clone(), lang.clone(), alt, false));
                }
                if let Some(d) = t.get(r, "description").or_else(|| t.get(r, "definition")) {
                    p.descriptions
                        .push((uri.clone(), lang.clone(), d.to_string()));
                }
            }
        } else if let Some(lang) = language_of(name, "occupations_") {
            found_any = true;
            let t = Table::read(name, text, &["conceptUri", "preferredLabel"])?;
            p.languages.insert(lang.clone());
            for (line, r) in &t.rows {
                let uri = t.need(*line, r, "conceptUri")?.to_string();
                let preferred = t.need(*line, r, "preferredLabel")?.to_string();
                p.concepts.entry(uri.clone()).or_insert(Concept {
                    kind: "occupation",
                    reuse_level: None,
                    isco_group: t.get(r, "iscoGroup").map(str::to_string),
                    code: t.get(r, "code").map(str::to_string),
                });
                p.labels.push((uri.clone(), lang.clone(), preferred, true));
                for alt in split_labels(t.get(r, "altLabels")) {
                    p.labels.push((uri.clone(), lang.clone(), alt, false));
                }
                if let Some(d) = t.get(r, "description").or_else(|| t.get(r, "definition")) {
                    p.descriptions
                        .push((uri.clone(), lang.clone(), d.to_string()));
                }
            }
        }
    }
    if !found_any {
        return Err(import_err(
            "(folder)",
            0,
            "no skills_<language>.csv or occupations_<language>.csv files",
        ));
    }
    // Relations and the hierarchy are the same in every language: read one.
    let mut relations_read = false;
    let mut broader_read = false;
    for (name, text) in files {
        if !relations_read && language_of(name, "occupationSkillRelations_").is_some() {
            relations_read = true;
            let t = Table::read(name, text, &["occupationUri", "relationType", "skillUri"])?;
            for (line, r) in &t.rows {
                let occupation = t.need(*line, r, "occupationUri")?;
                let skill = t.need(*line, r, "skillUri")?;
                let relation = t.need(*line, r, "relationType")?;
                if relation != "essential" && relation != "optional" {
                    return Err(import_err(
                        name,
                        *line,
                        format!("relationType `{relation}` is neither essential nor optional"),
                    ));
                }
                for uri in [occupation, skill] {
                    if !p.concepts.contains_key(uri) {
                        return Err(import_err(
                            name,
                            *line,
                            format!("`{uri}` is in no skills or occupations file"),
                        ));
                    }
                }
                p.relations.push((
                    occupation.to_string(),
                    skill.to_string(),
                    relation.to_string(),
                ));
            }
        } else if !broader_read && language_of(name, "broaderRelationsSkillPillar_").is_some() {
            broader_read = true;
            let t = Table::read(name, text, &["conceptUri", "broaderUri"])?;
            for (line, r) in &t.rows {
                let uri = t.need(*line, r, "conceptUri")?;
                let broader = t.need(*line, r, "broaderUri")?;
                // ESCO's hierarchy also names skill groups, which are not
                // skills: links to concepts not imported are skipped.
                if p.concepts.contains_key(uri) && p.concepts.contains_key(broader) {
                    p.broader.push((uri.to_string(), broader.to_string()));
                }
            }
        }
    }
    Ok(p)
}

/// Reads an ESCO download folder (or the starter taxonomy) from disk.
pub fn read_folder(folder: &Path) -> Result<Vec<(String, String)>, ImportError> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(folder)
        .map_err(|e| import_err(&folder.display().to_string(), 0, e.to_string()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.ends_with(".csv") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| import_err(&name, 0, e.to_string()))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| import_err(&name, 0, format!("not UTF-8: {e}")))?;
        files.push((name, text));
    }
    files.sort();
    Ok(files)
}

/// The ESCO version in a folder name like "ESCO dataset - v1.2.0 - …".
pub fn version_from_name(name: &str) -> Option<String> {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .find(|w| {
            w.starts_with('v')
                && w.len() > 1
                && w[1..].chars().all(|c| c.is_ascii_digit() || c == '.')
                && w.contains('.')
        })
        .map(|w| w[1..].to_string())
}

/// Imports files in ESCO's CSV layout, all or nothing: concepts are upserted
/// by URI, labels and relations replaced, and concepts of the same source
/// missing from this import marked obsolete (participants who hold them keep
/// them). `progress` hears what is happening.
pub fn import(
    conn: &mut DbConnection,
    files: &[(String, String)],
    source: &str,
    esco_version: Option<&str>,
    progress: &mut dyn FnMut(&str),
) -> Result<ImportSummary, ImportError> {
    progress("reading files");
    let parsed = parse(files)?;
    progress(&format!(
        "read {} concepts, {} labels, {} relations; writing",
        parsed.concepts.len(),
        parsed.labels.len(),
        parsed.relations.len()
    ));
    let db_err = |e: ApiError| import_err("(database)", 0, e.to_string());
    let summary = conn
        .transaction::<_, ApiError, _>(|conn| write(conn, &parsed, source, esco_version))
        .map_err(db_err)?;
    progress("done");
    Ok(summary)
}

/// The starter taxonomy shipped in the binary (api/data/esco-starter/):
/// the skills and occupations field reports name most, in ESCO's format.
pub fn starter_files() -> Vec<(String, String)> {
    macro_rules! file {
        ($name:literal) => {
            (
                $name.to_string(),
                include_str!(concat!("../../data/esco-starter/", $name)).to_string(),
            )
        };
    }
    vec![
        file!("skills_en.csv"),
        file!("skills_sl.csv"),
        file!("skills_ar.csv"),
        file!("skills_uk.csv"),
        file!("skills_fa.csv"),
        file!("occupations_en.csv"),
        file!("occupations_sl.csv"),
        file!("occupations_ar.csv"),
        file!("occupations_uk.csv"),
        file!("occupations_fa.csv"),
        file!("occupationSkillRelations_en.csv"),
        file!("broaderRelationsSkillPillar_en.csv"),
    ]
}

/// Loads the starter taxonomy when the taxonomy is empty (first start).
/// Returns what it loaded, or `None` when there was a taxonomy already.
pub fn load_starter_if_empty(
    conn: &mut DbConnection,
) -> Result<Option<ImportSummary>, ImportError> {
    let count: i64 = concept_count(conn).map_err(|e| import_err("(database)", 0, e.to_string()))?;
    if count > 0 {
        return Ok(None);
    }
    import(conn, &starter_files(), "starter", None, &mut |_| {}).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_folder_names() {
        assert_eq!(
            version_from_name("ESCO dataset - v1.2.0 - classification - en - csv").as_deref(),
            Some("1.2.0")
        );
        assert_eq!(
            version_from_name("esco_v1.1.1_csv").as_deref(),
            Some("1.1.1")
        );
        assert_eq!(version_from_name("starter"), None);
    }

    #[test]
    fn a_malformed_file_is_named_with_its_line() {
        let files = vec![(
            "skills_en.csv".to_string(),
            "conceptUri,preferredLabel\nhttp://x/1,sewing\n,missing uri\n".to_string(),
        )];
        let err = parse(&files)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(err, "skills_en.csv, line 3: `conceptUri` is empty");
        let files = vec![("skills_en.csv".to_string(), "uri,label\n".to_string())];
        assert!(parse(&files)
            .err()
            .is_some_and(|e| e.line == 1 && e.message.contains("conceptUri")));
    }
}
