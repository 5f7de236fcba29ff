//! The data matching needs: the starter taxonomy's skills used by the
//! matching tests, and the body of an opportunity that asks for them.

use serde_json::{json, Value};

const SKILL: &str = "http://data.europa.eu/esco/skill/";
/// "operate material handling equipment"
pub fn handling() -> String {
    format!("{SKILL}7838de1e-d65e-4a3f-b60b-e2213026116f")
}
/// "operate forklift", one step narrower than [`handling`].
pub fn forklift() -> String {
    format!("{SKILL}28cb374e-6261-4133-8371-f9a5470145da")
}
/// "lift heavy weights"
pub fn lifting() -> String {
    format!("{SKILL}ab2bb44a-3956-4028-8715-8b70b1960b99")
}
/// "use barcode scanning equipment"
pub fn barcode() -> String {
    format!("{SKILL}fd79b3c4-e264-41b5-bada-49ba5f317588")
}

/// An open opportunity's body for `POST /opportunities`: `kind`, an
/// English title, on site in `town`, with these skills and languages
/// (`(language, min_level)`).
pub fn match_body(
    kind: &str,
    title: &str,
    town: &str,
    essential: &[String],
    optional: &[String],
    teaches: &[String],
    languages: &[(&str, &str)],
) -> Value {
    let languages: Vec<Value> = languages
        .iter()
        .map(|(l, m)| json!({"language": l, "min_level": m}))
        .collect();
    json!({
        "kind": kind,
        "status": "open",
        "title": {"en": title},
        "provider_name": "Logistika d.o.o.",
        "place": "on_site",
        "municipality": town,
        "min_education": if teaches.is_empty() { Some("isced_2") } else { None },
        "essential_skills": essential,
        "optional_skills": optional,
        "teaches_skills": teaches,
        "languages": languages
    })
}
