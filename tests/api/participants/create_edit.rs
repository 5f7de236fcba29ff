//! Participants: fields, validation, consent, idempotency, versions,
//! who sees what, lists and incremental pulls.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::helpers::{expect_problem, Org, TestApp};

fn amina(org: &Org) -> Value {
    json!({
        "name": "Amina Hadžić",
        "phone": "+38640111222",
        "whatsapp": "+38640111222",
        "email": "amina@example.org",
        "gender": "female",
        "birth_year": 1994,
        "country_of_origin": "SY",
        "legal_status": "international_protection",
        "work_permit": "granted",
        "arrival_date": "2023-05-15",
        "municipality": "Ljubljana",
        "education_level": "isced_3",
        "employment_state": "unemployed",
        "languages": [{"language": "ar", "level": "native"}, {"language": "sl", "level": "A2"}],
        "needs": ["language", "employment"],
        "qualifications": [{"title": "Tailoring diploma", "country": "SY", "year": 2012, "recognition": "in_progress"}],
        "adviser_id": org.user_id(Role::Adviser),
        "mentor_id": org.user_id(Role::Mentor),
        "user_id": org.user_id(Role::Participant),
        "notes": "Prefers meetings in the afternoon.",
        "consents": [{"purpose": "profile_processing", "text_version": "2026-05 sl"}]
    })
}

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app
        .send_as(Method::POST, token, "/api/v1/participants", Some(body))
        .await;
    assert_eq!(res.status(), 201, "create: {:?}", res.text().await);
    res.json().await.expect("json")
}

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
    let fields: Vec<(String, String)> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or("").to_string(),
                e["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
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
    let list: Value = app
        .get_as(&token, "/api/v1/participants")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        list["items"].as_array().map(Vec::len),
        Some(0),
        "nothing was written"
    );
}

#[tokio::test]
async fn a_profile_needs_the_persons_consent() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Consent");
    let token = app.token(&org, Role::Coordinator).await;
    let res = app
        .send_as(
            Method::POST,
            &token,
            "/api/v1/participants",
            Some(json!({"name": "Olena", "legal_status": "temporary_protection"})),
        )
        .await;
    let problem = expect_problem(res, 409, "consent_required").await;
    assert!(problem["detail"]
        .as_str()
        .is_some_and(|d| d.contains("profile_processing")));
    // Name and contact alone may be kept, to ask for consent.
    let p = create(
        &app,
        &token,
        json!({"name": "Olena", "phone": "+380501234567"}),
    )
    .await;
    let path = format!("/api/v1/participants/{}", p["id"].as_str().unwrap_or(""));
    let res = app
        .send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": 1, "legal_status": "temporary_protection"})),
        )
        .await;
    expect_problem(res, 409, "consent_required").await;
    let res = app
        .send_as(
            Method::POST,
            &token,
            &format!("{path}/consents"),
            Some(json!({"purpose": "profile_processing", "text_version": "2026-05 uk"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let consent: Value = res.json().await.expect("json");
    assert_eq!(consent["active"], true);
    let current: Value = app.get_as(&token, &path).await.json().await.expect("json");
    let res = app
        .send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": current["version"], "legal_status": "temporary_protection"})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let updated: Value = res.json().await.expect("json");

    // Withdrawn: further profile changes are refused; the record stays readable to staff.
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
    let current: Value = app.get_as(&token, &path).await.json().await.expect("json");
    assert!(
        current["version"].as_i64() > updated["version"].as_i64(),
        "a withdrawal counts as a change"
    );
    let res = app
        .send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": current["version"], "municipality": "Maribor"})),
        )
        .await;
    expect_problem(res, 409, "consent_required").await;
    let list: Value = app
        .get_as(&token, &format!("{path}/consents"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list[0]["active"], false);
    assert!(list[0]["withdrawn_at"].is_string());
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
    let first: Value = send(json!({"name": "Yusuf"}))
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    let second = send(json!({"name": "Yusuf"})).await.expect("req");
    assert_eq!(second.status(), 201);
    let second: Value = second.json().await.expect("json");
    assert_eq!(first["id"], second["id"]);
    let list: Value = app
        .get_as(&token, "/api/v1/participants")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        list["items"].as_array().map(Vec::len),
        Some(1),
        "no duplicate"
    );
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
        let v: Value = res.json().await.expect("json");
        ids.insert(v["id"].as_str().unwrap_or("").to_string());
    }
    assert_eq!(ids.len(), 1);
    let list: Value = app
        .get_as(&token, "/api/v1/participants")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_stale_update_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Versions");
    let token = app.token(&org, Role::Coordinator).await;
    let p = create(&app, &token, amina(&org)).await;
    let path = format!("/api/v1/participants/{}", p["id"].as_str().unwrap_or(""));
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
    assert_eq!(after["id"], p["id"]);
    assert_eq!(after["status"], "active");
}

#[tokio::test]
async fn each_role_sees_only_the_fields_it_needs() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Views");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let p = create(&app, &coordinator, amina(&org)).await;
    let other = create(&app, &coordinator, json!({"name": "Someone Else"})).await;
    let path = format!("/api/v1/participants/{}", p["id"].as_str().unwrap_or(""));

    // The assigned adviser sees everything; another adviser does not see sensitive fields.
    let adviser: Value = app
        .get_as(&app.token(&org, Role::Adviser).await, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(adviser["view"], "full");
    assert_eq!(adviser["notes"], "Prefers meetings in the afternoon.");
    let other_adviser_id = {
        let mut conn = app.conn();
        let u = skupaj::identity::create_user(
            &mut conn,
            "second.adviser@example.org",
            "Second",
            &skupaj::auth::password::hash(crate::helpers::PASSWORD).expect("hash"),
        )
        .expect("user");
        skupaj::identity::add_membership(&mut conn, &org.id, &u.id, Role::Adviser).expect("member");
        u.id
    };
    let _ = other_adviser_id;
    let second: Value = app
        .login("second.adviser@example.org", crate::helpers::PASSWORD)
        .await
        .json()
        .await
        .expect("json");
    let limited: Value = app
        .get_as(second["access_token"].as_str().unwrap_or(""), &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(limited["view"], "limited");
    assert_eq!(limited["name"], "Amina Hadžić");
    for hidden in [
        "legal_status",
        "country_of_origin",
        "phone",
        "whatsapp",
        "email",
        "notes",
    ] {
        assert!(
            limited.get(hidden).is_none(),
            "{hidden} hidden from other advisers"
        );
    }

    // The mentor sees their mentee's name and languages, and no one else.
    let mentor = app.token(&org, Role::Mentor).await;
    let mentee: Value = app.get_as(&mentor, &path).await.json().await.expect("json");
    assert_eq!(mentee["view"], "mentee");
    assert_eq!(mentee["languages"][0]["language"], "ar");
    assert!(
        mentee.get("legal_status").is_none()
            && mentee.get("municipality").is_none()
            && mentee.get("phone").is_none()
    );
    let res = app
        .get_as(
            &mentor,
            &format!(
                "/api/v1/participants/{}",
                other["id"].as_str().unwrap_or("")
            ),
        )
        .await;
    expect_problem(res, 404, "not_found").await;

    // The person sees their own profile without advisers' notes, and may edit it but not the notes.
    let own_token = app.token(&org, Role::Participant).await;
    let own: Value = app
        .get_as(&own_token, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(own["view"], "own");
    assert_eq!(own["phone"], "+38640111222");
    assert!(own.get("notes").is_none());
    let res = app
        .send_as(
            Method::PATCH,
            &own_token,
            &path,
            Some(json!({"version": own["version"], "notes": "mine"})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "read_only");
    let res = app
        .send_as(
            Method::PATCH,
            &own_token,
            &path,
            Some(json!({"version": own["version"], "phone": "+38641999888"})),
        )
        .await;
    assert_eq!(res.status(), 200);

    // A partner sees nothing without the person's consent to share, then only what is shared.
    let partner = app.token(&org, Role::Partner).await;
    expect_problem(app.get_as(&partner, &path).await, 404, "not_found").await;
    let list: Value = app
        .get_as(&partner, "/api/v1/participants")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0));
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("{path}/consents"),
            Some(json!({"purpose": "partner_sharing", "text_version": "v1"})),
        )
        .await;
    let sharing: Value = res.json().await.expect("json");
    let shared: Value = app
        .get_as(&partner, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(shared["view"], "shared");
    assert_eq!(shared["education_level"], "isced_3");
    for hidden in [
        "legal_status",
        "country_of_origin",
        "phone",
        "notes",
        "birth_year",
        "gender",
        "needs",
    ] {
        assert!(
            shared.get(hidden).is_none(),
            "{hidden} not shared with partners"
        );
    }
    app.send_as(
        Method::POST,
        &coordinator,
        &format!(
            "{path}/consents/{}/withdraw",
            sharing["id"].as_str().unwrap_or("")
        ),
        None,
    )
    .await;
    expect_problem(app.get_as(&partner, &path).await, 404, "not_found").await;
}

#[tokio::test]
async fn analysts_and_api_keys_get_stable_unlinkable_pseudonyms() {
    // k = 1, so that one person's coded fields show (k-anonymity has its
    // own tests in pseudonyms.rs).
    let app = TestApp::spawn_with(crate::helpers::Setup {
        env: std::collections::HashMap::from([(
            "SKUPAJ_SUPPRESSION_THRESHOLD".to_string(),
            "1".to_string(),
        )]),
        ..Default::default()
    })
    .await;
    let org = app.create_org("Zavod Pseudo");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let p = create(&app, &coordinator, amina(&org)).await;
    let admin = app.token(&org, Role::Admin).await;
    let mut keys = Vec::new();
    for name in ["City", "Funder"] {
        let k: Value = app
            .send_as(
                Method::POST,
                &admin,
                "/api/v1/api-keys",
                Some(json!({"name": name})),
            )
            .await
            .json()
            .await
            .expect("json");
        keys.push(k["secret"].as_str().unwrap_or("").to_string());
    }
    let analyst = app.token(&org, Role::Analyst).await;
    let mut seen = Vec::new();
    for token in [&keys[0], &keys[0], &keys[1], &analyst] {
        let page: Value = app
            .get_as(token, "/api/v1/participants")
            .await
            .json()
            .await
            .expect("json");
        let item = page["items"][0].clone();
        assert_eq!(item["view"], "pseudonymised");
        let text = item.to_string();
        for secret in [
            "Amina",
            "Hadžić",
            "+38640111222",
            "amina@example.org",
            "afternoon",
            "Tailoring",
        ] {
            assert!(!text.contains(secret), "{secret} leaked into {text}");
        }
        assert!(item.get("birth_year").is_none());
        assert!(item["age_band"].is_string());
        assert_eq!(item["legal_status"], "international_protection");
        seen.push(item["pseudonym"].as_str().unwrap_or("").to_string());
    }
    assert_eq!(seen[0], seen[1], "stable for one key");
    assert_ne!(seen[0], seen[2], "unlinkable across keys");
    assert_ne!(seen[2], seen[3]);
    // The pseudonym is the way to one person; the real id is not.
    let one: Value = app
        .get_as(&keys[0], &format!("/api/v1/participants/{}", seen[0]))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(one["pseudonym"].as_str(), Some(seen[0].as_str()));
    assert!(one.get("id").is_none());
    expect_problem(
        app.get_as(
            &keys[0],
            &format!("/api/v1/participants/{}", p["id"].as_str().unwrap_or("")),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    // Searching by name would defeat the pseudonyms.
    expect_problem(
        app.get_as(&keys[0], "/api/v1/participants?q=Amina").await,
        403,
        "forbidden",
    )
    .await;
    // Keys may not write.
    expect_problem(
        app.send_as(
            Method::POST,
            &keys[0],
            "/api/v1/participants",
            Some(json!({"name": "X"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn another_organisations_participants_look_absent() {
    let app = TestApp::spawn().await;
    let mine = app.create_org("Zavod Mine");
    let theirs = app.create_org("Zavod Theirs");
    let their_token = app.token(&theirs, Role::Coordinator).await;
    let p = create(&app, &their_token, json!({"name": "Hidden Person"})).await;
    let path = format!("/api/v1/participants/{}", p["id"].as_str().unwrap_or(""));
    let token = app.token(&mine, Role::Admin).await;
    expect_problem(app.get_as(&token, &path).await, 404, "not_found").await;
    expect_problem(
        app.send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": 1, "name": "Mine now"})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.send_as(
            Method::POST,
            &token,
            &format!("{path}/archive"),
            Some(json!({"version": 1})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.get_as(&token, &format!("{path}/consents")).await,
        404,
        "not_found",
    )
    .await;
    let list: Value = app
        .get_as(&token, "/api/v1/participants?q=Hidden")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0));
    expect_problem(app.get(&path).await, 401, "unauthorized").await;
    let partner = app.token(&mine, Role::Partner).await;
    expect_problem(
        app.send_as(
            Method::POST,
            &partner,
            "/api/v1/participants",
            Some(json!({"name": "X"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn the_list_filters_sorts_and_pages() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod List");
    let token = app.token(&org, Role::Coordinator).await;
    let consent = json!([{"purpose": "profile_processing", "text_version": "v1"}]);
    let people = [
        (
            "Zaid",
            "asylum_seeker",
            "ar",
            "housing",
            "Ljubljana",
            "2024-01-10",
        ),
        (
            "Olena",
            "temporary_protection",
            "uk",
            "employment",
            "Maribor",
            "2022-03-20",
        ),
        (
            "Amina",
            "international_protection",
            "ar",
            "employment",
            "ljubljana",
            "2023-05-15",
        ),
        (
            "Farid",
            "subsidiary_protection",
            "fa",
            "language",
            "Koper",
            "2021-09-01",
        ),
        (
            "Bashir",
            "asylum_seeker",
            "ps",
            "employment",
            "Ljubljana",
            "2025-02-02",
        ),
    ];
    for (name, status, lang, need, town, arrived) in people {
        create(
            &app,
            &token,
            json!({"name": name, "legal_status": status, "languages": [{"language": lang, "level": "native"}],
                   "needs": [need], "municipality": town, "arrival_date": arrived, "consents": consent}),
        )
        .await;
    }
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|p| p["name"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let get = |q: &'static str| {
        let token = token.clone();
        let app = &app;
        async move {
            app.get_as(&token, &format!("/api/v1/participants?{q}"))
                .await
                .json::<Value>()
                .await
                .expect("json")
        }
    };
    assert_eq!(
        names(&get("legal_status=asylum_seeker&sort=name").await),
        vec!["Bashir", "Zaid"]
    );
    assert_eq!(
        names(&get("language=ar&sort=name").await),
        vec!["Amina", "Zaid"]
    );
    assert_eq!(
        names(&get("need=employment&sort=-name").await),
        vec!["Olena", "Bashir", "Amina"]
    );
    assert_eq!(
        names(&get("municipality=LJUBLJANA&sort=name").await),
        vec!["Amina", "Bashir", "Zaid"]
    );
    assert_eq!(names(&get("q=ol").await), vec!["Olena"]);
    assert_eq!(
        names(&get("q=%25").await),
        Vec::<String>::new(),
        "LIKE wildcards are literal"
    );
    assert_eq!(
        names(&get("arrived_from=2023-01-01&arrived_to=2024-12-31&sort=name").await),
        vec!["Amina", "Zaid"]
    );

    // Keyset paging by name: every person once, in order.
    let mut seen = Vec::new();
    let mut url = "/api/v1/participants?sort=name&limit=2".to_string();
    loop {
        let page: Value = app.get_as(&token, &url).await.json().await.expect("json");
        seen.extend(names(&page));
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/participants?sort=name&limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, vec!["Amina", "Bashir", "Farid", "Olena", "Zaid"]);
    expect_problem(
        app.get_as(&token, "/api/v1/participants?limit=101").await,
        422,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.get_as(&token, "/api/v1/participants?sort=name&cursor=abc")
            .await,
        422,
        "validation_failed",
    )
    .await;
    // Filters on fields a role cannot see are refused rather than leaking them.
    let adviser = app.token(&org, Role::Adviser).await;
    expect_problem(
        app.get_as(&adviser, "/api/v1/participants?legal_status=asylum_seeker")
            .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn archiving_hides_from_the_list_and_incremental_pulls_get_tombstones() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Archive");
    let token = app.token(&org, Role::Coordinator).await;
    let start = chrono::Utc::now() - chrono::Duration::seconds(1);
    let kept = create(&app, &token, json!({"name": "Kept"})).await;
    let gone = create(&app, &token, json!({"name": "Gone Person"})).await;
    let path = format!("/api/v1/participants/{}", gone["id"].as_str().unwrap_or(""));
    let adviser = app.token(&org, Role::Adviser).await;
    expect_problem(
        app.send_as(
            Method::POST,
            &adviser,
            &format!("{path}/archive"),
            Some(json!({"version": 1})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.send_as(
            Method::POST,
            &token,
            &format!("{path}/archive"),
            Some(json!({"version": 9})),
        )
        .await,
        409,
        "version_conflict",
    )
    .await;
    let res = app
        .send_as(
            Method::POST,
            &token,
            &format!("{path}/archive"),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let archived: Value = res.json().await.expect("json");
    assert_eq!(archived["status"], "archived");

    let active: Value = app
        .get_as(&token, "/api/v1/participants")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(active["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(active["items"][0]["id"], kept["id"]);
    let old: Value = app
        .get_as(&token, "/api/v1/participants?status=archived")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(old["items"][0]["id"], gone["id"]);
    expect_problem(
        app.send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": 2, "name": "X"})),
        )
        .await,
        409,
        "conflict",
    )
    .await;

    let since = start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let pull: Value = app
        .get_as(
            &token,
            &format!("/api/v1/participants?updated_since={since}"),
        )
        .await
        .json()
        .await
        .expect("json");
    let items = pull["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    let tomb = items
        .iter()
        .find(|i| i["id"] == gone["id"])
        .expect("tombstone");
    assert_eq!(tomb["view"], "tombstone");
    assert_eq!(tomb["status"], "archived");
    assert!(
        tomb.get("name").is_none(),
        "no personal data in a tombstone: {tomb}"
    );

    let res = app
        .send_as(
            Method::POST,
            &token,
            &format!("{path}/restore"),
            Some(json!({"version": 2})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let active: Value = app
        .get_as(&token, "/api/v1/participants")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(active["items"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn code_lists_are_labelled_in_the_callers_language() {
    let app = TestApp::spawn().await;
    let index: Value = app
        .get("/api/v1/code-lists")
        .await
        .json()
        .await
        .expect("json");
    assert!(index["lists"]
        .as_array()
        .expect("lists")
        .iter()
        .any(|l| l == "legal-statuses"));
    let res = app
        .client
        .get(app.url("/api/v1/code-lists/legal-statuses"))
        .header("Accept-Language", "ar,en;q=0.5")
        .send()
        .await
        .expect("req");
    assert_eq!(res.headers()["content-language"], "ar");
    let ar: Value = res.json().await.expect("json");
    assert_eq!(
        ar["items"][0],
        json!({"code": "asylum_seeker", "label": "طالب لجوء"})
    );
    let sl: Value = app
        .get("/api/v1/code-lists/countries?lang=sl")
        .await
        .json()
        .await
        .expect("json");
    let si = sl["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["code"] == "SI")
        .cloned()
        .unwrap_or_default();
    assert_eq!(si["label"], "Slovenija");
    let en: Value = app
        .get("/api/v1/code-lists/needs?lang=de")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        en["language"], "en",
        "unsupported languages fall back to English"
    );
    expect_problem(
        app.get("/api/v1/code-lists/planets").await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn an_export_holds_everything_about_the_person() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Export");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let p = create(&app, &coordinator, amina(&org)).await;
    let path = format!("/api/v1/participants/{}", p["id"].as_str().unwrap_or(""));
    app.get_as(&coordinator, &path).await;
    let res = app.get_as(&coordinator, &format!("{path}/export")).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap_or("")
        .contains("attachment"));
    let export: Value = res.json().await.expect("json");
    assert_eq!(export["organization_name"], "Zavod Export");
    assert_eq!(
        export["participant"]["notes"],
        "Prefers meetings in the afternoon."
    );
    assert_eq!(export["consents"][0]["purpose"], "profile_processing");
    let actions: Vec<&str> = export["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"create") && actions.contains(&"read") && actions.contains(&"export"),
        "{actions:?}"
    );
    // The person may export their own data (without advisers' notes); an adviser may not.
    let own: Value = app
        .get_as(
            &app.token(&org, Role::Participant).await,
            &format!("{path}/export"),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(own["participant"]["view"], "own");
    expect_problem(
        app.get_as(
            &app.token(&org, Role::Adviser).await,
            &format!("{path}/export"),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn after_erasure_no_endpoint_returns_the_persons_name_contacts_or_notes() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Erase");
    let admin = app.token(&org, Role::Admin).await;
    let coordinator = app.token(&org, Role::Coordinator).await;
    let secrets = [
        "Nadiya Kovalenko-Erasetest",
        "+380671112233",
        "nadiya.erase@example.org",
        "Fled via Lviv, brother in Graz",
        "Kharkiv tram driver licence",
        "Bezigrad-erase",
    ];
    let body = json!({
        "name": secrets[0], "phone": secrets[1], "viber": secrets[1], "email": secrets[2], "notes": secrets[3],
        "qualifications": [{"title": secrets[4], "recognition": "not_started"}], "municipality": secrets[5],
        "needs_other": secrets[3], "gender": "female", "birth_year": 1988, "country_of_origin": "UA",
        "legal_status": "temporary_protection", "arrival_date": "2022-03-14", "languages": [{"language": "uk", "level": "native"}],
        "user_id": org.user_id(Role::Participant),
        "consents": [{"purpose": "profile_processing", "text_version": "v1"}, {"purpose": "partner_sharing", "text_version": "v1"}]
    });
    let res = app
        .client
        .post(app.url("/api/v1/participants"))
        .bearer_auth(&coordinator)
        .header("Idempotency-Key", "erase-me")
        .json(&body)
        .send()
        .await
        .expect("req");
    let p: Value = res.json().await.expect("json");
    let id = p["id"].as_str().unwrap_or("").to_string();
    let path = format!("/api/v1/participants/{id}");
    app.get_as(&coordinator, &path).await;
    app.get_as(&coordinator, &format!("{path}/export")).await;

    expect_problem(
        app.send_as(
            Method::POST,
            &coordinator,
            &format!("{path}/erase"),
            Some(json!({"reason": " "})),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.send_as(
            Method::POST,
            &app.token(&org, Role::Adviser).await,
            &format!("{path}/erase"),
            Some(json!({"reason": "asked"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("{path}/erase"),
            Some(json!({"reason": "The person asked on 2026-11-20"})),
        )
        .await;
    assert_eq!(res.status(), 204);

    expect_problem(app.get_as(&coordinator, &path).await, 404, "not_found").await;
    let key = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/api-keys",
            Some(json!({"name": "Mirror", "scopes": ["audit:read"]})),
        )
        .await
        .json::<Value>()
        .await
        .expect("json");
    let key = key["secret"].as_str().unwrap_or("").to_string();
    let since = "2000-01-01T00:00:00Z";
    let mut outputs = Vec::new();
    for (token, url) in [
        (&admin, "/api/v1/participants".to_string()),
        (
            &admin,
            format!("/api/v1/participants?updated_since={since}"),
        ),
        (&admin, "/api/v1/participants?status=archived".to_string()),
        (&admin, path.clone()),
        (&admin, format!("{path}/consents")),
        (&admin, format!("{path}/export")),
        (&admin, "/api/v1/audit?limit=100".to_string()),
        (&admin, "/api/v1/members".to_string()),
        (&key, format!("/api/v1/participants?updated_since={since}")),
        (
            &app.token(&org, Role::Partner).await,
            "/api/v1/participants".to_string(),
        ),
        (
            &app.token(&org, Role::Participant).await,
            "/api/v1/participants".to_string(),
        ),
    ] {
        let res = app.get_as(token, &url).await;
        outputs.push((url, res.text().await.expect("text")));
    }
    // The retry of the first create no longer replays the stored answer with the name.
    let retry = app
        .client
        .post(app.url("/api/v1/participants"))
        .bearer_auth(&coordinator)
        .header("Idempotency-Key", "erase-me")
        .json(&body)
        .send()
        .await
        .expect("req");
    let retried: Value = retry.json().await.expect("json");
    assert_ne!(retried["id"], p["id"]);
    let retried_id = retried["id"].as_str().unwrap_or("").to_string();
    app.send_as(
        Method::POST,
        &coordinator,
        &format!("/api/v1/participants/{retried_id}/erase"),
        Some(json!({"reason": "test cleanup"})),
    )
    .await;

    for (url, text) in &outputs {
        for secret in secrets {
            assert!(!text.contains(secret), "{url} still shows {secret}: {text}");
        }
    }
    let pull: Value = serde_json::from_str(&outputs[1].1).expect("json");
    let tomb = pull["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
        .unwrap_or_default();
    assert_eq!(tomb["status"], "erased");
    assert_eq!(tomb["view"], "tombstone");
    // Not even the database keeps them (but the aggregate fields stay).
    {
        use diesel::prelude::*;
        use skupaj::db::schema::{idempotency_keys, participant_qualifications, participants};
        let mut conn = app.conn();
        type Kept = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
        );
        let row: Kept = participants::table
            .find(&id)
            .select((
                participants::name,
                participants::phone,
                participants::email,
                participants::notes,
                participants::legal_status,
                participants::status,
            ))
            .first(&mut conn)
            .expect("row");
        assert_eq!(
            row,
            (
                None,
                None,
                None,
                None,
                Some("temporary_protection".into()),
                "erased".into()
            )
        );
        let titles: Vec<String> = participant_qualifications::table
            .select(participant_qualifications::title)
            .load(&mut conn)
            .expect("titles");
        assert!(titles.iter().all(|t| !t.contains("Kharkiv")));
        let stored: Vec<String> = idempotency_keys::table
            .select(idempotency_keys::response)
            .load(&mut conn)
            .expect("keys");
        assert!(stored.iter().all(|r| !r.contains("Nadiya")));
    }
    let audit = format!("{:?}", app.audit_rows(&org.id));
    assert!(audit.contains("erase"), "the erasure itself is on record");
}

async fn upload(app: &TestApp, token: &str, csv: &str, dry_run: bool) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/participants/import?dry_run={dry_run}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .expect("upload")
}

#[tokio::test]
async fn a_csv_import_is_all_or_nothing_with_a_report_by_row_and_column() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Import");
    let token = app.token(&org, Role::Coordinator).await;
    let res = app
        .get_as(&token, "/api/v1/participants/import/template")
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/csv"));
    let template = res.text().await.expect("csv");
    assert!(
        template.starts_with('\u{feff}'),
        "a BOM so that Excel reads UTF-8"
    );
    let header = template
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("")
        .to_string();

    let bad = format!(
        "{header}\r\n{}\r\nBroken Phone,no,0401112,,,,,,,,,,,,,,,,,,,\r\nBad Code,no,,,,,,,,refugee,,,,,,,,,,,,\r\nGood Two,no,+38641222333,,,,,,,,,,,,,,,,,,,\r\n",
        template.trim_start_matches('\u{feff}').lines().nth(1).unwrap_or("")
    );
    let res = upload(&app, &token, &bad, true).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(fields.contains(&"rows[3].phone"), "{fields:?}");
    assert!(
        fields.iter().any(|f| f.starts_with("rows[4].")),
        "{fields:?}"
    );
    assert!(
        !fields
            .iter()
            .any(|f| f.starts_with("rows[2].") || f.starts_with("rows[5].")),
        "good rows have no problems: {fields:?}"
    );
    // The real import of the same file writes nothing either.
    expect_problem(
        upload(&app, &token, &bad, false).await,
        422,
        "validation_failed",
    )
    .await;
    let list: Value = app
        .get_as(&token, "/api/v1/participants")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0));

    // Fixed: a dry run reports, then the import imports every row.
    let fixed = bad
        .replace("0401112", "+38640111333")
        .replace(",refugee,", ",,");
    let report: Value = upload(&app, &token, &fixed, true)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        report,
        json!({"dry_run": true, "rows": 4, "imported": 0, "ids": []})
    );
    let res = upload(&app, &token, &fixed, false).await;
    assert_eq!(res.status(), 200);
    let report: Value = res.json().await.expect("json");
    assert_eq!(report["imported"], 4);
    let list: Value = app
        .get_as(&token, "/api/v1/participants?sort=name")
        .await
        .json()
        .await
        .expect("json");
    let names: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "Bad Code",
            "Broken Phone",
            "Example Person (replace this row)",
            "Good Two"
        ]
    );
    let amina = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|p| p["name"] == "Example Person (replace this row)")
        .cloned()
        .unwrap_or_default();
    assert_eq!(amina["consents"], json!(["profile_processing"]));
    assert_eq!(
        amina["languages"][0],
        json!({"language": "ar", "level": "native"})
    );
}

#[tokio::test]
async fn an_import_refuses_other_formats_and_roles() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Import Roles");
    let token = app.token(&org, Role::Adviser).await;
    let res = app
        .client
        .post(app.url("/api/v1/participants/import"))
        .bearer_auth(&token)
        .json(&json!({"name": "x"}))
        .send()
        .await
        .expect("req");
    expect_problem(res, 415, "unsupported_media_type").await;
    let latin1: &[u8] = b"name\nZo\xe9\n";
    let res = app
        .client
        .post(app.url("/api/v1/participants/import"))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(latin1)
        .send()
        .await
        .expect("req");
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "encoding");
    let partner = app.token(&org, Role::Partner).await;
    expect_problem(
        upload(&app, &partner, "name\nX\n", false).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.get_as(&partner, "/api/v1/participants/import/template")
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        upload(&app, &token, "name\nOnly Name\n", false)
            .await
            .status(),
        200,
        "advisers may import"
    );
}

#[tokio::test]
async fn a_retried_import_with_the_same_key_imports_once() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Import Retry");
    let token = app.token(&org, Role::Adviser).await;
    let send = || {
        app.client
            .post(app.url("/api/v1/participants/import"))
            .bearer_auth(&token)
            .header("content-type", "text/csv")
            .header("Idempotency-Key", "import-2026-11-24-a")
            .body("name\nFirst Person\nSecond Person\n")
            .send()
    };
    let first: Value = send().await.expect("req").json().await.expect("json");
    let second: Value = send().await.expect("req").json().await.expect("json");
    assert_eq!(first["imported"], 2);
    assert_eq!(first, second, "the retry returns the first answer");
    let list: Value = app
        .get_as(&token, "/api/v1/participants")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        list["items"].as_array().map(Vec::len),
        Some(2),
        "nobody imported twice"
    );
}

#[tokio::test]
async fn an_adviser_who_registers_someone_becomes_their_adviser() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Own Adviser");
    let adviser = app.token(&org, Role::Adviser).await;
    let p = create(
        &app,
        &adviser,
        json!({"name": "New Person", "phone": "+38640999888"}),
    )
    .await;
    assert_eq!(p["view"], "full");
    assert_eq!(p["adviser_id"], org.user_id(Role::Adviser));
    assert_eq!(p["phone"], "+38640999888");
}

#[tokio::test]
async fn pseudonymised_lists_cannot_be_sorted_by_the_hidden_name() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Sort");
    let analyst = app.token(&org, Role::Analyst).await;
    for sort in ["name", "-name"] {
        expect_problem(
            app.get_as(&analyst, &format!("/api/v1/participants?sort={sort}"))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_eq!(
        app.get_as(&analyst, "/api/v1/participants?sort=-created")
            .await
            .status(),
        200
    );
}

/// Erased means erased on disk: on SQLite neither the database file nor its
/// write-ahead log holds the person's name, contacts or notes afterwards
/// (secure_delete zeroes freed space; a checkpoint empties the log).
#[tokio::test]
async fn after_erasure_the_sqlite_files_hold_no_trace_of_the_person() {
    let app = TestApp::spawn().await;
    let skupaj::db::DatabaseTarget::Sqlite(file) = app.state.settings.database.clone() else {
        return; // PostgreSQL: see the README on VACUUM and backups.
    };
    let org = app.create_org("Zavod Disk");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let secrets = [
        "Zarifa Qasimova-Disktest",
        "+38641987654",
        "zarifa.disk@example.org",
        "Sleeps at her cousin's, Trubarjeva 7, third floor",
        "Second note: afraid of the ex-husband in Celje",
    ];
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/participants",
            Some(json!({
                "name": secrets[0], "phone": secrets[1], "email": secrets[2], "notes": secrets[3],
                "gender": "female", "birth_year": 1991,
                "consents": [{"purpose": "profile_processing", "text_version": "v1"}]
            })),
        )
        .await;
    assert_eq!(res.status(), 201);
    let p: Value = res.json().await.expect("json");
    let id = p["id"].as_str().unwrap_or("").to_string();
    let path = format!("/api/v1/participants/{id}");
    // A second version of the notes, so that older page images sit in the log.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &path,
            Some(json!({"version": p["version"], "notes": secrets[4]})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let files = || {
        let mut bytes = std::fs::read(&file).expect("database file");
        let wal = format!("{}-wal", file.display());
        bytes.extend(std::fs::read(wal).unwrap_or_default());
        bytes
    };
    let holds = |bytes: &[u8], s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    let before = files();
    assert!(
        secrets.iter().all(|s| holds(&before, s)),
        "the test sees the data on disk before the erasure"
    );

    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("{path}/erase"),
            Some(json!({"reason": "the person asked (art. 17)"})),
        )
        .await;
    assert_eq!(res.status(), 204);
    let after = files();
    for s in secrets {
        assert!(!holds(&after, s), "{s:?} is still in the SQLite files");
    }
}

/// `field:code` of each invalid field in a 422 problem.
fn field_codes(problem: &Value) -> Vec<String> {
    error_fields(problem)
        .into_iter()
        .map(|(field, code)| format!("{field}:{code}"))
        .collect()
}

/// The CSV import and the JSON API refuse the same values with the same
/// codes (control characters, lengths, code lists), on both databases, and
/// a refused file stores nothing.
#[tokio::test]
async fn the_csv_import_refuses_exactly_what_the_json_api_refuses() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Obe poti");
    let token = app.token(&org, Role::Coordinator).await;
    let long = "a".repeat(201);
    // (column, CSV value, JSON value, expected code)
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "name",
            "Nul\u{0}Name",
            json!("Nul\u{0}Name"),
            "control_character",
        ),
        (
            "name",
            "Bell\u{7}Name",
            json!("Bell\u{7}Name"),
            "control_character",
        ),
        (
            "name",
            "Esc\u{1b}[2JName",
            json!("Esc\u{1b}[2JName"),
            "control_character",
        ),
        ("name", &long, json!(long), "length"),
        (
            "municipality",
            "Ljub\u{202E}ljana",
            json!("Ljub\u{202E}ljana"),
            "control_character",
        ),
        (
            "notes",
            "one\u{0}two",
            json!("one\u{0}two"),
            "control_character",
        ),
        ("gender", "robot", json!("robot"), "code"),
        ("legal_status", "refugee-ish", json!("refugee-ish"), "code"),
        ("email", "not-an-email", json!("not-an-email"), "email"),
        ("country_of_origin", "XX", json!("XX"), "country"),
    ];
    for (column, csv_value, json_value, code) in cases {
        // The JSON way in.
        let mut body = json!({"name": "Test Person", "consents": [{"purpose": "profile_processing", "text_version": "v1"}]});
        body[column] = json_value;
        let res = app
            .send_as(Method::POST, &token, "/api/v1/participants", Some(body))
            .await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let json_codes = field_codes(&problem);
        // NUL is refused before the body is read ("body" field); otherwise
        // the field itself is named.
        // A value outside a code list is refused while the body is read; the
        // participant body is flattened, so serde cannot name the field.
        let expected_json = if csv_value.contains('\u{0}') {
            vec!["body:nul_character".to_string()]
        } else if code == "code" {
            vec![format!("{column}:code"), "body:code".to_string()]
        } else {
            vec![format!("{column}:{code}")]
        };
        assert!(
            json_codes.iter().any(|c| expected_json.contains(c)),
            "JSON {column}={csv_value:?}: {json_codes:?}"
        );

        // The CSV way in.
        let mut csv = String::from("name,consent_profile_processing,consent_text_version");
        if column != "name" {
            csv.push(',');
            csv.push_str(column);
        }
        csv.push('\n');
        let quoted = format!("\"{}\"", csv_value.replace('"', "\"\""));
        if column == "name" {
            csv.push_str(&format!("{quoted},yes,v1\n"));
        } else {
            csv.push_str(&format!("Test Person,yes,v1,{quoted}\n"));
        }
        let res = upload(&app, &token, &csv, false).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let fields = field_codes(&problem);
        assert!(
            fields.contains(&format!("rows[2].{column}:{code}")),
            "CSV {column}={csv_value:?}: {fields:?}"
        );
    }
    // Nothing was stored either way.
    let list: Value = app
        .get_as(&token, "/api/v1/participants")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
}

fn error_fields(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or("").to_string(),
                e["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
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
    let p = create(&app, &coordinator, body).await;
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
    let key: Value = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/api-keys",
            Some(json!({"name": "City"})),
        )
        .await
        .json()
        .await
        .expect("json");
    let key = key["secret"].as_str().unwrap_or("").to_string();
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

#[tokio::test]
async fn the_csv_import_refuses_the_legal_status_details_the_json_refuses() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Import Status");
    let token = app.token(&org, Role::Coordinator).await;
    let long = "x".repeat(201);
    let csv = format!(
        "name,legal_status,legal_status_detail\r\n\
         Fine,other,resident artist\r\n\
         Wrong Status,asylum_seeker,resident artist\r\n\
         Two Lines,other,\"residence\npermit\"\r\n\
         Too Long,other,{long}\r\n"
    );
    let problem = expect_problem(
        upload(&app, &token, &csv, true).await,
        422,
        "validation_failed",
    )
    .await;
    let fields = error_fields(&problem);
    for expected in [
        ("rows[3].legal_status_detail", "requires_other"),
        ("rows[4].legal_status_detail", "control_characters"),
        ("rows[5].legal_status_detail", "length"),
    ] {
        assert!(
            fields.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {fields:?}"
        );
    }
    assert!(
        !fields.iter().any(|(f, _)| f.starts_with("rows[2].legal")),
        "{fields:?}"
    );
    let ok =
        "name,legal_status,legal_status_detail,consent_profile_processing,consent_text_version\r\n\
              Fine,other,residence permit in process,yes,v1\r\n";
    let res = upload(&app, &token, ok, false).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let list: Value = app
        .get_as(&token, "/api/v1/participants")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        list["items"][0]["legal_status_detail"],
        "residence permit in process"
    );
}
