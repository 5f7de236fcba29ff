//! Migrations: every `down.sql` undoes its `up.sql`, and both backends carry
//! the same set.

use std::collections::BTreeSet;

use crate::support::TestApp;
use skupaj::db;

fn migration_names(backend: &str) -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    std::fs::read_dir(&dir)
        .expect("migrations folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("up.sql").is_file() && e.path().join("down.sql").is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect()
}

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = migration_names("sqlite");
    let postgres = migration_names("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "every migration needs an SQLite and a PostgreSQL version"
    );
}

#[tokio::test]
async fn every_migration_reverts_and_applies_again() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let reverted = db::revert_all_migrations(&mut conn).expect("revert");
    assert_eq!(reverted, migration_names("sqlite").len());
    let applied = db::run_migrations(&mut conn).expect("apply again");
    assert_eq!(applied.len(), reverted);
    assert!(db::run_migrations(&mut conn)
        .expect("idempotent")
        .is_empty());
}
