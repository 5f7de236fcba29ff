//! The skills taxonomy: ESCO imports (v1.1 and v1.2 layouts, two languages),
//! idempotent re-imports, obsolete concepts, malformed files, and search.

use serde_json::Value;

use crate::helpers::TestApp;

fn fixture(version: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(version);
    skupaj::skills::read_folder(&dir).expect("fixture")
}

/// Imports a fixture ESCO folder (`esco-v1.1`, `esco-v1.2`).
pub(crate) fn import(app: &TestApp, version: &str) -> skupaj::skills::ImportSummary {
    let mut conn = app.conn();
    skupaj::skills::import(
        &mut conn,
        &fixture(version),
        "esco",
        Some(version),
        &mut |_| {},
    )
    .expect("import")
}

fn label_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use skupaj::db::schema::taxonomy_labels;
    let mut conn = app.conn();
    taxonomy_labels::table
        .count()
        .get_result(&mut conn)
        .expect("count")
}

async fn hits(app: &TestApp, path: &str) -> Vec<(String, String)> {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    let body: Value = res.json().await.expect("json");
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|h| {
            (
                h["uri"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string(),
                h["label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_esco_import_in_two_languages_is_searchable_ignoring_case_and_accents() {
    let app = TestApp::spawn().await;
    let summary = import(&app, "esco-v1.1");
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
    import(&app, "esco-v1.1");
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
    crate::helpers::expect_problem(
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
    import(&app, "esco-v1.1");
    let labels = label_count(&app);
    import(&app, "esco-v1.1");
    assert_eq!(
        label_count(&app),
        labels,
        "importing the same files again changes nothing"
    );

    let summary = import(&app, "esco-v1.2");
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
    import(&app, "esco-v1.1");
    let labels = label_count(&app);
    let mut files = fixture("esco-v1.2");
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

const SEW: &str = "http://example.org/esco/skill/sew";
const FORKLIFT: &str = "http://example.org/esco/skill/forklift";
const TEXTILES: &str = "http://example.org/esco/skill/textiles";

async fn person(app: &TestApp, token: &str, name: &str, extra: serde_json::Value) -> String {
    let mut body = serde_json::json!({"name": name, "consents": [{"purpose": "profile_processing", "text_version": "v1"}]});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let res = app
        .send_as(
            reqwest::Method::POST,
            token,
            "/api/v1/participants",
            Some(body),
        )
        .await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.expect("json")["id"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn an_adviser_records_skills_with_evidence_and_certificates() {
    use reqwest::Method;
    use serde_json::json;
    use skupaj::policy::Role;
    let app = TestApp::spawn().await;
    import(&app, "esco-v1.1");
    let org = app.create_org("Zavod Skills");
    let adviser = app.token(&org, Role::Adviser).await;
    let id = person(
        &app,
        &adviser,
        "Amina",
        json!({"mentor_id": org.user_id(Role::Mentor)}),
    )
    .await;
    let path = format!("/api/v1/participants/{id}/skills");
    let next_year = (chrono::Utc::now() + chrono::Duration::days(365))
        .date_naive()
        .to_string();

    let res = app.send_as(Method::POST, &adviser, &format!("{path}?lang=sl"), Some(json!({"skill_uri": SEW, "level": "advanced", "years": 12, "acquired": "origin_country"}))).await;
    assert_eq!(res.status(), 201);
    let sew: Value = res.json().await.expect("json");
    assert_eq!(sew["skill"]["label"], "šivanje oblačil");
    assert_eq!(sew["evidence"], "self_declared");
    let res = app
        .send_as(
            Method::POST,
            &adviser,
            &path,
            Some(json!({"skill_uri": FORKLIFT, "level": "intermediate", "evidence": "certificate",
                        "certificate": {"name": "Forklift licence", "issuer": "ZVD", "issued": "2024-03-01", "expires": next_year}})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let forklift: Value = res.json().await.expect("json");
    assert_eq!(forklift["certificate"]["expires"], next_year);
    assert_eq!(forklift["certificate_expired"], false);

    // The same skill twice, an occupation, an unknown URI, a certificate ending before it began.
    crate::helpers::expect_problem(
        app.send_as(
            Method::POST,
            &adviser,
            &path,
            Some(json!({"skill_uri": SEW, "level": "basic"})),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    for (uri, code) in [
        ("http://example.org/esco/occupation/tailor", "occupation"),
        ("http://example.org/nope", "unknown"),
    ] {
        let problem = crate::helpers::expect_problem(
            app.send_as(
                Method::POST,
                &adviser,
                &path,
                Some(json!({"skill_uri": uri, "level": "basic"})),
            )
            .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["code"], code);
    }
    let problem = crate::helpers::expect_problem(
        app.send_as(Method::POST, &adviser, &path, Some(json!({"skill_uri": TEXTILES, "level": "basic", "certificate": {"name": "x", "issued": "2024-01-01", "expires": "2023-01-01"}}))).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "certificate.expires");

    // Change with the version; a stale version is refused.
    let one = format!("{path}/{}", sew["id"].as_str().unwrap_or(""));
    let res = app
        .send_as(
            Method::PATCH,
            &adviser,
            &one,
            Some(json!({"version": 1, "level": "expert", "evidence": "interview"})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let changed: Value = res.json().await.expect("json");
    assert_eq!(
        (changed["level"].as_str(), changed["years"].as_i64()),
        (Some("expert"), Some(12))
    );
    crate::helpers::expect_problem(
        app.send_as(
            Method::PATCH,
            &adviser,
            &one,
            Some(json!({"version": 1, "level": "basic"})),
        )
        .await,
        409,
        "version_conflict",
    )
    .await;

    // The mentor sees the skills; another organisation does not see the person.
    let mentor = app.token(&org, Role::Mentor).await;
    let seen: Value = app.get_as(&mentor, &path).await.json().await.expect("json");
    assert_eq!(seen.as_array().map(Vec::len), Some(2));
    crate::helpers::expect_problem(
        app.send_as(
            Method::POST,
            &mentor,
            &path,
            Some(json!({"skill_uri": TEXTILES, "level": "basic"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let other = app.create_org("Zavod Elsewhere");
    let stranger = app.token(&other, Role::Admin).await;
    crate::helpers::expect_problem(app.get_as(&stranger, &path).await, 404, "not_found").await;

    assert_eq!(
        app.send_as(
            Method::DELETE,
            &adviser,
            &format!("{path}/{}", forklift["id"].as_str().unwrap_or("")),
            None
        )
        .await
        .status(),
        204
    );
    let left: Value = app
        .get_as(&adviser, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(left.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn skills_need_consent_and_an_occupation_suggests_the_missing_ones() {
    use reqwest::Method;
    use serde_json::json;
    use skupaj::policy::Role;
    let app = TestApp::spawn().await;
    import(&app, "esco-v1.1");
    let org = app.create_org("Zavod Suggest");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/participants",
            Some(json!({"name": "No Consent Yet"})),
        )
        .await;
    let bare: Value = res.json().await.expect("json");
    let bare_path = format!(
        "/api/v1/participants/{}/skills",
        bare["id"].as_str().unwrap_or("")
    );
    crate::helpers::expect_problem(
        app.send_as(
            Method::POST,
            &coordinator,
            &bare_path,
            Some(json!({"skill_uri": SEW, "level": "basic"})),
        )
        .await,
        409,
        "consent_required",
    )
    .await;

    let id = person(&app, &coordinator, "Farid", json!({})).await;
    let path = format!("/api/v1/participants/{id}");
    app.send_as(
        Method::POST,
        &coordinator,
        &format!("{path}/skills"),
        Some(json!({"skill_uri": TEXTILES, "level": "basic"})),
    )
    .await;
    let tailor = "http://example.org/esco/occupation/tailor";
    let suggested: Value = app
        .get_as(
            &coordinator,
            &format!("{path}/skill-suggestions?occupation_uri={tailor}&lang=sl"),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        suggested,
        json!([{"uri": SEW, "kind": "skill", "label": "šivanje oblačil", "status": "released"}]),
        "essential and not yet held"
    );
    crate::helpers::expect_problem(
        app.get_as(
            &coordinator,
            &format!("{path}/skill-suggestions?occupation_uri={SEW}"),
        )
        .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn the_participant_list_finds_people_by_skills() {
    use reqwest::Method;
    use serde_json::json;
    use skupaj::policy::Role;
    let app = TestApp::spawn().await;
    import(&app, "esco-v1.1");
    let org = app.create_org("Zavod Find");
    let token = app.token(&org, Role::Coordinator).await;
    for (name, skills) in [
        ("Seamstress Expert", vec![(SEW, "expert")]),
        ("Seamstress Beginner", vec![(SEW, "basic")]),
        ("Driver", vec![(FORKLIFT, "advanced")]),
        ("Both", vec![(SEW, "intermediate"), (FORKLIFT, "basic")]),
        ("Neither", vec![]),
    ] {
        let id = person(&app, &token, name, json!({})).await;
        for (uri, level) in skills {
            let res = app
                .send_as(
                    Method::POST,
                    &token,
                    &format!("/api/v1/participants/{id}/skills"),
                    Some(json!({"skill_uri": uri, "level": level})),
                )
                .await;
            assert_eq!(res.status(), 201);
        }
    }
    let names = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|p| p["name"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let find = |q: String| {
        let app = &app;
        let token = token.clone();
        async move {
            names(
                app.get_as(&token, &format!("/api/v1/participants?sort=name&{q}"))
                    .await
                    .json()
                    .await
                    .expect("json"),
            )
        }
    };
    assert_eq!(
        find(format!("skills={SEW}")).await,
        vec!["Both", "Seamstress Beginner", "Seamstress Expert"]
    );
    assert_eq!(
        find(format!("skills={SEW}&min_level=intermediate")).await,
        vec!["Both", "Seamstress Expert"]
    );
    assert_eq!(
        find(format!("skills={SEW},{FORKLIFT}&match=all")).await,
        vec!["Both"]
    );
    assert_eq!(
        find(format!(
            "skills={SEW},{FORKLIFT}&match=any&min_level=advanced"
        ))
        .await,
        vec!["Driver", "Seamstress Expert"]
    );
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
