//! The data matching needs: the starter taxonomy's skills used by the
//! matching tests, and opportunities inserted directly (with their change
//! log row, as the postings' writes do).

use diesel::RunQueryDsl;
use skupaj::opportunities::matches::changes::{self, Subject};

use super::super::TestApp;

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

/// An opportunity to insert.
pub struct NewOpportunity<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub partner_user_id: Option<&'a str>,
    pub place: &'a str,
    pub municipality: Option<&'a str>,
    pub essential: Vec<String>,
    pub optional: Vec<String>,
    pub teaches: Vec<String>,
    /// `(language, min_level)`
    pub languages: Vec<(&'a str, &'a str)>,
    pub min_education: Option<&'a str>,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn opt(s: Option<&str>) -> String {
    s.map_or("NULL".into(), quote)
}

impl TestApp {
    /// Loads the starter taxonomy (`api/data/esco-starter/`), as the server
    /// does on its first start.
    pub fn load_starter(&self) {
        let mut conn = self.conn();
        skupaj::skills::load_starter_if_empty(&mut conn).expect("starter taxonomy");
    }

    /// Inserts an open opportunity of `org` and notes the change; its id.
    pub fn insert_opportunity(&self, org: &str, o: &NewOpportunity) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        let mut conn = self.conn();
        let title = serde_json::json!({ "en": o.title }).to_string();
        diesel::sql_query(format!(
            "INSERT INTO opportunities (id, organization_id, kind, status, title, provider_name, \
             partner_user_id, country, place, municipality, min_education, created_at, updated_at, \
             opened_at) VALUES ({}, {}, {}, 'open', {}, 'Logistika d.o.o.', {}, 'SI', {}, {}, {}, \
             '2026-12-01 10:00:00', '2026-12-01 10:00:00', '2026-12-01 10:00:00')",
            quote(&id),
            quote(org),
            quote(o.kind),
            quote(&title),
            opt(o.partner_user_id),
            quote(o.place),
            opt(o.municipality),
            opt(o.min_education),
        ))
        .execute(&mut conn)
        .expect("insert opportunity");
        for (list, relation) in [
            (&o.essential, "essential"),
            (&o.optional, "optional"),
            (&o.teaches, "teaches"),
        ] {
            for uri in list {
                diesel::sql_query(format!(
                    "INSERT INTO opportunity_skills (opportunity_id, skill_uri, relation) \
                     VALUES ({}, {}, {})",
                    quote(&id),
                    quote(uri),
                    quote(relation)
                ))
                .execute(&mut conn)
                .expect("insert skill");
            }
        }
        for (language, level) in &o.languages {
            diesel::sql_query(format!(
                "INSERT INTO opportunity_languages (opportunity_id, language, min_level) \
                 VALUES ({}, {}, {})",
                quote(&id),
                quote(language),
                quote(level)
            ))
            .execute(&mut conn)
            .expect("insert language");
        }
        changes::record(&mut conn, org, Subject::Opportunity, &id).expect("change log");
        id
    }
}
