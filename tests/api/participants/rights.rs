//! The person's rights: an export of everything about them, and erasure
//! that leaves nothing behind, neither in answers nor on disk.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{amina, expect_problem, Created, TestApp};

#[tokio::test]
async fn an_export_holds_everything_about_the_person() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Export");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let p = app.create_participant(&coordinator, amina(&org)).await;
    let path = format!("/api/v1/participants/{}", p.id);
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
    let p: Created = res.json().await.expect("json");
    let id = p.id.clone();
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
        .create_api_key(&admin, json!({"name": "Mirror", "scopes": ["audit:read"]}))
        .await
        .secret;
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
    let retried: Created = retry.json().await.expect("json");
    assert_ne!(retried.id, p.id);
    let retried_id = retried.id;
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
    let p = app
        .create_participant(
            &coordinator,
            json!({
                "name": secrets[0], "phone": secrets[1], "email": secrets[2], "notes": secrets[3],
                "gender": "female", "birth_year": 1991,
                "consents": [{"purpose": "profile_processing", "text_version": "v1"}]
            }),
        )
        .await;
    let id = p.id;
    let path = format!("/api/v1/participants/{id}");
    // A second version of the notes, so that older page images sit in the log.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &path,
            Some(json!({"version": p.version, "notes": secrets[4]})),
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
