//! Registering and editing participants: fields, validation, idempotent
//! retries, versions, and the `other` legal status in words.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{amina, error_fields, expect_problem, Created, Page, TestApp};

#[tokio::test]
async fn a_coordinator_registers_a_participant_with_every_field() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod People");
    let token = app.token(&org, Role::Coordinator).await;
    let res = app
        .send_as(
            Method::POST,
            &token,
            "/api/v1/participants",
            Some(amina(&org)),
        )
        .await;
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_string();
    let p: Value = res.json().await.expect("json");
    assert_eq!(
        location,
        format!("/api/v1/participants/{}", p["id"].as_str().unwrap_or(""))
    );
    assert_eq!(p["view"], "full");
    assert_eq!(p["name"], "Amina Hadžić");
    assert_eq!(p["legal_status"], "international_protection");
    assert_eq!(p["languages"][1], json!({"language": "sl", "level": "A2"}));
    assert_eq!(p["qualifications"][0]["recognition"], "in_progress");
    assert_eq!(p["consents"], json!(["profile_processing"]));
    assert_eq!(p["notes"], "Prefers meetings in the afternoon.");
    assert_eq!(p["version"], 1);
    assert!(p["age_band"].is_string() && p["length_of_stay_months"].is_number());

    let got: Value = app
        .get_as(&token, &location)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(got["name"], "Amina Hadžić");
    let rows = app.audit_rows(&org.id);
    assert!(
        rows.iter().any(|r| r.0 == "read" && r.1 == "participant"),
        "reads are audited"
    );
    assert!(rows.iter().any(|r| r.0 == "create" && r.1 == "participant"));
    assert!(
        !format!("{rows:?}").contains("Amina"),
        "no personal data in the audit log"
    );
}

#[tokio::test]
async fn invalid_fields_are_explained_one_by_one() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Valid");
    let token = app.token(&org, Role::Adviser).await;
    let body = json!({
        "name": "  ",
        "phone": "040 123 456",
        "country_of_origin": "XX",
        "birth_year": 2999,
        "gender": "female",
        "gender_self_description": "x",
        "languages": [{"language": "ar", "level": "B1"}, {"language": "ar", "level": "C1"}, {"language": "zz", "level": "A1"}],
        "adviser_id": org.user_id(Role::Partner),
        "consents": [{"purpose": "profile_processing", "text_version": "v1"}]
    });
    let res = app
        .send_as(Method::POST, &token, "/api/v1/participants", Some(body))
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let fields = error_fields(&problem);
    for expected in [
        ("name", "blank"),
        ("phone", "phone"),
        ("country_of_origin", "country"),
        ("birth_year", "range"),
        ("gender_self_description", "requires_self_described"),
        ("languages[1].language", "duplicate"),
        ("languages[2].language", "language"),
    ] {
        assert!(
            fields.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {fields:?}"
        );
    }
    let res = app
        .send_as(
            Method::POST,
            &token,
            "/api/v1/participants",
            Some(json!({"name": "X", "adviser_id": org.user_id(Role::Partner)})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "adviser_id");
    assert_eq!(problem["errors"][0]["code"], "not_a_member");
    let list: Page = app.page(&token, "/api/v1/participants").await;
    assert_eq!(list.items.len(), 0, "nothing was written");
}

#[tokio::test]
async fn a_retried_create_with_the_same_idempotency_key_returns_the_first_result() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Retry");
    let token = app.token(&org, Role::Adviser).await;
    let send = |body: Value| {
        app.client
            .post(app.url("/api/v1/participants"))
            .bearer_auth(&token)
            .header("Idempotency-Key", "phone-7f3a-001")
            .json(&body)
            .send()
    };
    let first: Created = send(json!({"name": "Yusuf"}))
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    let second = send(json!({"name": "Yusuf"})).await.expect("req");
    assert_eq!(second.status(), 201);
    let second: Created = second.json().await.expect("json");
    assert_eq!(first.id, second.id);
    let list: Page = app.page(&token, "/api/v1/participants").await;
    assert_eq!(list.items.len(), 1, "no duplicate");
    let other = send(json!({"name": "Someone else"})).await.expect("req");
    expect_problem(other, 409, "conflict").await;
}

#[tokio::test]
async fn concurrent_retries_with_one_key_create_one_participant() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Race");
    let token = app.token(&org, Role::Adviser).await;
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let client = app.client.clone();
        let url = app.url("/api/v1/participants");
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .header("Idempotency-Key", "same-key")
                .json(&json!({"name": "Race"}))
                .send()
                .await
        }));
    }
    let mut ids = std::collections::HashSet::new();
    for t in tasks {
        let res = t.await.expect("task").expect("req");
        assert_eq!(res.status(), 201);
        let v: Created = res.json().await.expect("json");
        ids.insert(v.id);
    }
    assert_eq!(ids.len(), 1);
    let list: Page = app.page(&token, "/api/v1/participants").await;
    assert_eq!(list.items.len(), 1);
}

#[tokio::test]
async fn a_stale_update_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Versions");
    let token = app.token(&org, Role::Coordinator).await;
    let p = app.create_participant(&token, amina(&org)).await;
    let path = format!("/api/v1/participants/{}", p.id);
    let ok = app
        .send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": 1, "municipality": "Maribor", "notes": null})),
        )
        .await;
    assert_eq!(ok.status(), 200);
    let ok: Value = ok.json().await.expect("json");
    assert_eq!(ok["version"], 2);
    assert_eq!(ok["municipality"], "Maribor");
    assert!(ok.get("notes").is_none(), "null cleared the notes");
    assert_eq!(
        ok["languages"].as_array().map(Vec::len),
        Some(2),
        "absent fields stay"
    );

    let stale = app
        .send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": 1, "municipality": "Koper"})),
        )
        .await;
    expect_problem(stale, 409, "version_conflict").await;
    let now: Value = app.get_as(&token, &path).await.json().await.expect("json");
    assert_eq!(now["municipality"], "Maribor");
    let missing = app
        .send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"municipality": "Koper"})),
        )
        .await;
    let problem = expect_problem(missing, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "version");
    // Fields a client may not set are ignored.
    let res = app
        .send_as(Method::PATCH, &token, &path, Some(json!({"version": 2, "id": "x", "organization_id": "y", "status": "erased", "created_at": "2000-01-01T00:00:00Z"})))
        .await;
    let after: Value = res.json().await.expect("json");
    assert_eq!(after["id"], p.id);
    assert_eq!(after["status"], "active");
}

#[tokio::test]
async fn an_adviser_who_registers_someone_becomes_their_adviser() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Own Adviser");
    let adviser = app.token(&org, Role::Adviser).await;
    let p: Value = app
        .create_at(
            &adviser,
            "/api/v1/participants",
            json!({"name": "New Person", "phone": "+38640999888"}),
        )
        .await;
    assert_eq!(p["view"], "full");
    assert_eq!(p["adviser_id"], org.user_id(Role::Adviser));
    assert_eq!(p["phone"], "+38640999888");
}

#[tokio::test]
async fn the_other_legal_status_says_which_in_words_to_staff_only_until_erasure() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Status");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let detail = "residence permit in process";
    let mut body = amina(&org);
    body["legal_status"] = json!("other");
    body["legal_status_detail"] = json!(format!("  {detail} "));
    // Not their adviser: an assigned adviser sees the full record.
    body["adviser_id"] = Value::Null;
    let p: Value = app
        .create_at(&coordinator, "/api/v1/participants", body)
        .await;
    assert_eq!(p["legal_status"], "other");
    assert_eq!(p["legal_status_detail"], detail);
    let id = p["id"].as_str().unwrap_or("").to_string();
    let path = format!("/api/v1/participants/{id}");
    let export: Value = app
        .get_as(&coordinator, &format!("{path}/export"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(export["participant"]["legal_status_detail"], detail);

    // Not for advisers (who do not see the legal status), partners, analysts or keys.
    let admin = app.token(&org, Role::Admin).await;
    let key = app
        .create_api_key(&admin, json!({"name": "City"}))
        .await
        .secret;
    for token in [
        key,
        app.token(&org, Role::Analyst).await,
        app.token(&org, Role::Adviser).await,
    ] {
        let page = app
            .get_as(&token, "/api/v1/participants")
            .await
            .text()
            .await
            .unwrap_or_default();
        assert!(page.contains(&id) || page.contains("pseudonym"), "{page}");
        assert!(!page.contains("legal_status_detail"), "{page}");
        assert!(!page.contains(detail), "{page}");
    }

    // Only with `other`: changing the status needs the detail cleared.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &path,
            Some(json!({"version": p["version"], "legal_status": "asylum_seeker"})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [(
            "legal_status_detail".to_string(),
            "requires_other".to_string()
        )]
    );
    for (bad, code) in [
        ("resident\nartist", "control_characters"),
        ("resident\u{7}artist", "control_characters"),
        ("   ", "blank"),
    ] {
        let res = app
            .send_as(
                Method::PATCH,
                &coordinator,
                &path,
                Some(json!({"version": p["version"], "legal_status_detail": bad})),
            )
            .await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(
            error_fields(&problem),
            [("legal_status_detail".to_string(), code.to_string())],
            "{bad:?}"
        );
    }
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &path,
            Some(json!({"version": p["version"], "legal_status_detail": "x".repeat(201)})),
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &path,
            Some(json!({"version": p["version"], "legal_status_detail": "resident artist"})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let changed: Value = res.json().await.expect("json");
    assert_eq!(changed["legal_status_detail"], "resident artist");

    // Erasure clears it (it is free text); the status itself stays for statistics.
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("{path}/erase"),
            Some(json!({"reason": "The person asked"})),
        )
        .await;
    assert_eq!(res.status(), 204);
    use diesel::prelude::*;
    use skupaj::db::schema::participants;
    let mut conn = app.conn();
    let row: (Option<String>, Option<String>) = participants::table
        .find(&id)
        .select((
            participants::legal_status,
            participants::legal_status_detail,
        ))
        .first(&mut conn)
        .expect("row");
    assert_eq!(row, (Some("other".into()), None));
}

/// A person's lists are kept with their row for quick reads (triggers in
/// the `participant_lists` migration); whatever changes them, the person
/// and the list page show them as last written, and an erasure leaves
/// in the row only what it leaves in the child tables.
#[tokio::test]
async fn the_lists_read_back_as_last_written_through_every_change() {
    use diesel::prelude::*;
    use skupaj::db::schema::participants;

    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Lists");
    let token = app.token(&org, Role::Coordinator).await;
    let p = app.create_participant(&token, amina(&org)).await;
    let path = format!("/api/v1/participants/{}", p.id);
    let got = read_both(&app, &token, &p.id).await;
    assert_eq!(
        got["languages"],
        json!([{"language": "ar", "level": "native"}, {"language": "sl", "level": "A2"}])
    );
    assert_eq!(got["needs"], json!(["employment", "language"]));
    assert_eq!(got["qualifications"][0]["title"], "Tailoring diploma");

    // Replaced by an edit: one language changes level, one goes, one comes.
    let res = app
        .send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({
                "version": got["version"],
                "languages": [{"language": "sl", "level": "B1"}, {"language": "en", "level": "A1"}],
                "needs": ["housing"],
                "qualifications": [
                    {"title": "Sewing course", "recognition": "not_started"},
                    {"title": "Tailoring diploma", "country": "SY", "year": 2012, "recognition": "recognised"}
                ]
            })),
        )
        .await;
    assert_eq!(res.status(), 200);
    let got = read_both(&app, &token, &p.id).await;
    assert_eq!(
        got["languages"],
        json!([{"language": "en", "level": "A1"}, {"language": "sl", "level": "B1"}])
    );
    assert_eq!(got["needs"], json!(["housing"]));
    assert_eq!(got["qualifications"][0]["title"], "Sewing course");
    assert_eq!(got["qualifications"][1]["recognition"], "recognised");
    assert_eq!(got["qualifications"][1]["year"], 2012);

    // A consent given, then withdrawn.
    let res = app
        .send_as(
            Method::POST,
            &token,
            &format!("{path}/consents"),
            Some(json!({"purpose": "partner_sharing", "text_version": "v1"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let consent: Value = res.json().await.expect("json");
    let got = read_both(&app, &token, &p.id).await;
    assert_eq!(
        got["consents"],
        json!(["partner_sharing", "profile_processing"])
    );
    let res = app
        .send_as(
            Method::POST,
            &token,
            &format!(
                "{path}/consents/{}/withdraw",
                consent["id"].as_str().unwrap_or("")
            ),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let got = read_both(&app, &token, &p.id).await;
    assert_eq!(got["consents"], json!(["profile_processing"]));

    // Erased: as in the child tables, the coded values stay for reports,
    // the qualifications' titles go, and no consent is in force.
    let res = app
        .send_as(
            Method::POST,
            &token,
            &format!("{path}/erase"),
            Some(json!({"reason": "The person asked"})),
        )
        .await;
    assert_eq!(res.status(), 204);
    let stored: String = participants::table
        .find(&p.id)
        .select(participants::lists)
        .get_result(&mut *app.conn())
        .expect("row");
    assert!(
        !stored.contains("Sewing") && !stored.contains("Tailoring"),
        "no title left: {stored}"
    );
    let stored: Value = serde_json::from_str(&stored).expect("json");
    assert_eq!(stored["consents"], json!([]));
    assert_eq!(stored["needs"], json!(["housing"]));
    assert_eq!(stored["qualifications"][1][3], "recognised");
}

/// The person `id` as `GET /participants/{id}` shows them, after checking
/// that the list page shows the same lists.
async fn read_both(app: &TestApp, token: &str, id: &str) -> Value {
    let one: Value = app
        .get_as(token, &format!("/api/v1/participants/{id}"))
        .await
        .json()
        .await
        .expect("json");
    let page: Page<Value> = app.get_json(token, "/api/v1/participants?limit=50").await;
    let listed = page
        .items
        .into_iter()
        .find(|v| v["id"] == id)
        .expect("listed");
    for key in ["languages", "needs", "qualifications", "consents"] {
        assert_eq!(one[key], listed[key], "{key}: the same in the list");
    }
    one
}
