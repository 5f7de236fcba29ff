//! The skills taxonomy: ESCO imports (v1.1 and v1.2 layouts, two languages),
//! idempotent re-imports, obsolete concepts, malformed files, the starter
//! taxonomy, and search.

use serde::Deserialize;
use serde_json::Value;

use crate::support::{esco_fixture, expect_problem, Page, TestApp};

fn label_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use skupaj::db::schema::taxonomy_labels;
    let mut conn = app.conn();
    taxonomy_labels::table
        .count()
        .get_result(&mut conn)
        .expect("count")
}

/// A search hit.
#[derive(Deserialize)]
struct Hit {
    uri: String,
    label: String,
}

/// The hits of a search: the last part of each URI, and the label.
async fn hits(app: &TestApp, path: &str) -> Vec<(String, String)> {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    let body: Page<Hit> = res.json().await.expect("json");
    body.items
        .into_iter()
        .map(|h| (h.uri.rsplit('/').next().unwrap_or("").to_string(), h.label))
        .collect()
}

#[tokio::test]
async fn an_esco_import_in_two_languages_is_searchable_ignoring_case_and_accents() {
    let app = TestApp::spawn().await;
    let summary = app.import_esco("esco-v1.1");
    assert_eq!(
        (
            summary.skills,
            summary.occupations,
            summary.relations,
            summary.broader
        ),
        (5, 2, 3, 1)
    );
    assert_eq!(summary.languages, vec!["en", "sl"]);

    let found = hits(&app, "/api/v1/skills?q=sivanje&lang=sl").await;
    assert_eq!(
        found.first().map(|h| h.0.as_str()),
        Some("sew"),
        "{found:?}"
    );
    assert_eq!(found[0].1, "šivanje oblačil");
    let found = hits(&app, "/api/v1/skills?q=FORKLIFT").await;
    assert_eq!(
        found[0],
        ("forklift".to_string(), "operate forklift".to_string())
    );
    let res = app
        .client
        .get(app.url("/api/v1/skills?q=vilicar"))
        .header("Accept-Language", "sl-SI,sl;q=0.9")
        .send()
        .await
        .expect("req");
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["language"], "sl");
    assert_eq!(body["items"][0]["label"], "upravljanje viličarja");
    // An occupation by an alternative label; skills are not occupations.
    assert_eq!(
        hits(&app, "/api/v1/occupations?q=sivilja&lang=sl").await[0].0,
        "tailor"
    );
    assert!(hits(&app, "/api/v1/occupations?q=forklift")
        .await
        .iter()
        .all(|h| h.0 != "forklift"));
    // Labels fall back to English where a language has none.
    assert_eq!(
        hits(&app, "/api/v1/skills?q=forklift&lang=ar").await[0].1,
        "operate forklift"
    );
}

#[tokio::test]
async fn an_occupation_lists_its_essential_and_optional_skills() {
    let app = TestApp::spawn().await;
    app.import_esco("esco-v1.1");
    let res = app
        .get("/api/v1/concepts?uri=http://example.org/esco/occupation/tailor&lang=sl")
        .await;
    assert_eq!(res.status(), 200);
    let tailor: Value = res.json().await.expect("json");
    assert_eq!(tailor["label"], "krojač");
    assert_eq!(tailor["kind"], "occupation");
    assert_eq!(tailor["isco_group"], "7531");
    assert_eq!(
        tailor["alt_labels"],
        serde_json::json!(["krojačica", "šivilja"])
    );
    assert_eq!(tailor["essential_skills"][0]["label"], "šivanje oblačil");
    assert_eq!(tailor["optional_skills"][0]["label"], "tekstilni materiali");
    let forklift: Value = app
        .get("/api/v1/concepts?uri=http://example.org/esco/skill/forklift")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        forklift["broader"][0]["label"],
        "operate material handling equipment"
    );
    assert_eq!(forklift["occupations"][0]["label"], "forklift operator");
    expect_problem(
        app.get("/api/v1/concepts?uri=http://example.org/nothing")
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn re_imports_are_idempotent_and_a_newer_version_marks_missing_concepts_obsolete() {
    let app = TestApp::spawn().await;
    app.import_esco("esco-v1.1");
    let labels = label_count(&app);
    app.import_esco("esco-v1.1");
    assert_eq!(
        label_count(&app),
        labels,
        "importing the same files again changes nothing"
    );

    let summary = app.import_esco("esco-v1.2");
    assert_eq!(summary.obsoleted, 1);
    assert!(
        hits(&app, "/api/v1/skills?q=fax").await.is_empty(),
        "obsolete concepts are not offered"
    );
    let fax: Value = app
        .get("/api/v1/concepts?uri=http://example.org/esco/skill/fax")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        fax["status"], "obsolete",
        "but whoever holds them keeps them"
    );
    assert_eq!(
        hits(&app, "/api/v1/skills?q=sew").await[0].1,
        "sew textile products",
        "labels follow the newer version"
    );
}

#[tokio::test]
async fn a_malformed_file_is_refused_with_its_line_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.import_esco("esco-v1.1");
    let labels = label_count(&app);
    let mut files = esco_fixture("esco-v1.2");
    for (name, text) in files.iter_mut() {
        if name == "occupationSkillRelations_en.csv" {
            text.push_str("http://example.org/esco/occupation/tailor,tailor,sometimes,skill/competence,http://example.org/esco/skill/sew,sew\n");
        }
    }
    let mut conn = app.conn();
    let err = skupaj::skills::import(&mut conn, &files, "esco", Some("1.2"), &mut |_| {})
        .expect_err("refused");
    drop(conn);
    assert_eq!(err.file, "occupationSkillRelations_en.csv");
    assert_eq!(err.line, 5);
    assert!(err.message.contains("sometimes"));
    assert_eq!(label_count(&app), labels);
    assert_eq!(
        hits(&app, "/api/v1/skills?q=fax").await.len(),
        1,
        "the fax skill is still current: nothing changed"
    );
}

#[test]
fn the_import_command_reports_counts_and_the_version() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/esco-v1.2");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_skupaj"))
        .arg("import-esco")
        .arg(&folder)
        .env("SKUPAJ_DATA_DIR", dir.path())
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("ESCO 1.2 (en, sl): 4 skills, 2 occupations, 3 relations"),
        "{text}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("reading files"),
        "progress is shown"
    );
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_skupaj"))
        .arg("import-esco")
        .arg(dir.path())
        .env("SKUPAJ_DATA_DIR", dir.path())
        .env_remove("DATABASE_URL")
        .output()
        .expect("run");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nothing was imported"));
}

#[tokio::test]
async fn the_starter_taxonomy_loads_once_and_finds_skills_in_four_languages() {
    let app = TestApp::spawn().await;
    let loaded = {
        let mut conn = app.conn();
        skupaj::skills::load_starter_if_empty(&mut conn).expect("starter")
    };
    let summary = loaded.expect("loaded on an empty taxonomy");
    assert!(
        summary.skills >= 80 && summary.occupations >= 25,
        "{summary:?}"
    );
    for lang in ["en", "sl", "ar", "uk"] {
        assert!(summary.languages.contains(&lang.to_string()), "{lang}");
    }
    {
        let mut conn = app.conn();
        assert!(
            skupaj::skills::load_starter_if_empty(&mut conn)
                .expect("again")
                .is_none(),
            "only once"
        );
    }
    let sew = hits(&app, "/api/v1/skills?q=sivanje&lang=sl").await;
    assert!(
        !sew.is_empty() && sew.iter().any(|h| h.1.to_lowercase().contains("šiv")),
        "{sew:?}"
    );
    assert_eq!(
        hits(&app, "/api/v1/skills?q=forklift").await[0].1,
        "operate forklift"
    );
    assert!(!hits(&app, "/api/v1/skills?q=خياطة&lang=ar")
        .await
        .is_empty());
    assert!(!hits(&app, "/api/v1/skills?q=шиття&lang=uk")
        .await
        .is_empty());
    let tailor = hits(&app, "/api/v1/occupations?q=tailor").await;
    assert!(!tailor.is_empty());
}

#[tokio::test]
async fn a_search_sees_an_import_at_once_and_never_matches_across_two_labels() {
    let app = TestApp::spawn().await;
    assert!(
        hits(&app, "/api/v1/skills?q=sew").await.is_empty(),
        "nothing imported yet"
    );
    app.import_esco("esco-v1.1");
    assert_eq!(hits(&app, "/api/v1/skills?q=fax").await.len(), 1);
    assert_eq!(
        hits(&app, "/api/v1/skills?q=sew").await[0].1,
        "sew garments"
    );
    // An import the server did not make (another process, the command):
    // the next search sees it.
    app.import_esco("esco-v1.2");
    assert!(hits(&app, "/api/v1/skills?q=fax").await.is_empty());
    assert_eq!(
        hits(&app, "/api/v1/skills?q=sew").await[0].1,
        "sew textile products"
    );
    // Labels sit side by side in the index: the end of one and the start
    // of the next are no match.
    for q in ["forkliftt", "materialssew", "forklifttextile"] {
        assert!(
            hits(&app, &format!("/api/v1/skills?q={q}"))
                .await
                .is_empty(),
            "{q}"
        );
    }
}
