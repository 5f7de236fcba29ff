//! The ESCO fixture files (`tests/fixtures/esco-v1.1`, `esco-v1.2`) and
//! the concepts the tests use from them.

use super::TestApp;

pub const SEW: &str = "http://example.org/esco/skill/sew";
pub const FORKLIFT: &str = "http://example.org/esco/skill/forklift";
pub const TEXTILES: &str = "http://example.org/esco/skill/textiles";

/// The files of a fixture ESCO folder, as the importer reads them.
pub fn esco_fixture(version: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(version);
    skupaj::skills::read_folder(&dir).expect("fixture")
}

impl TestApp {
    /// Imports a fixture ESCO folder (`esco-v1.1`, `esco-v1.2`).
    pub fn import_esco(&self, version: &str) -> skupaj::skills::ImportSummary {
        let mut conn = self.conn();
        skupaj::skills::import(
            &mut conn,
            &esco_fixture(version),
            "esco",
            Some(version),
            &mut |_| {},
        )
        .expect("import")
    }
}
