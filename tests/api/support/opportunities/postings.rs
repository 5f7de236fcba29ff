//! Postings to work with: the starter taxonomy loaded, a valid
//! forklift-driver job, and posting it.

use serde_json::{json, Value};

use crate::support::TestApp;

/// The starter taxonomy's forklift operator (an occupation) and skills.
pub const FORKLIFT_OPERATOR: &str =
    "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755";
pub const OPERATE_FORKLIFT: &str =
    "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da";
pub const LIFT_HEAVY_WEIGHTS: &str =
    "http://data.europa.eu/esco/skill/ab2bb44a-3956-4028-8715-8b70b1960b99";
pub const PICK_ORDERS: &str =
    "http://data.europa.eu/esco/skill/ee5e2297-39cc-4ed6-89e5-d58016118a7f";
pub const BARCODE_SCANNING: &str =
    "http://data.europa.eu/esco/skill/fd79b3c4-e264-41b5-bada-49ba5f317588";

/// A valid forklift-driver job in Vrhnika, open, with the forklift
/// operator's essential and optional skills and Slovenian A2.
pub fn opportunity_body() -> Value {
    json!({
        "kind": "job",
        "status": "open",
        "title": {"sl": "Voznik viličarja", "en": "Forklift driver"},
        "description": {"sl": "Nakladanje in razkladanje tovornjakov v skladišču.", "en": "Loading and unloading lorries in our warehouse."},
        "provider_name": "Logistika Vrhnika d.o.o.",
        "provider_sector": "H52.10",
        "occupation_uri": FORKLIFT_OPERATOR,
        "place": "on_site",
        "municipality": "Vrhnika",
        "hours_per_week": 40,
        "paid": true,
        "pay_min_cents": 140000,
        "pay_max_cents": 170000,
        "pay_period": "month",
        "contract_type": "fixed_term",
        "places": 2,
        "deadline": "2027-02-01",
        "min_education": "isced_2",
        "essential_skills": [OPERATE_FORKLIFT, LIFT_HEAVY_WEIGHTS, PICK_ORDERS],
        "optional_skills": [BARCODE_SCANNING],
        "languages": [{"language": "sl", "min_level": "A2"}]
    })
}

impl TestApp {
    /// Loads the starter taxonomy (once per database).
    pub fn load_starter(&self) {
        let mut conn = self.conn();
        skupaj::skills::load_starter_if_empty(&mut conn).expect("starter taxonomy");
    }

    /// Posts an opportunity, which must succeed; returns it as the API gave it.
    pub async fn create_opportunity(&self, token: &str, body: Value) -> Value {
        self.create_at(token, "/api/v1/opportunities", body).await
    }
}
