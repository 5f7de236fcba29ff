//! Who may register whom, for which meetings; retries with an
//! Idempotency-Key; bad input changes nothing.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{future, id};
use crate::support::{error_fields, expect_problem, TestApp};

#[tokio::test]
async fn one_idempotency_key_registers_once_and_refuses_another_body() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Ponovno");
    let adviser = app.token(&org, Role::Adviser).await;
    let coordinator = app.token(&org, Role::Coordinator).await;
    let meeting = id(&app
        .plan_meeting(&coordinator, future(json!({"capacity": 5})))
        .await);
    let p = app.person(&adviser, json!({"name": "Retry"}), false).await;
    let q = app.person(&adviser, json!({"name": "Other"}), false).await;
    let send = |body: Value| {
        app.client
            .post(app.url(&format!("/api/v1/meetings/{meeting}/registrations")))
            .bearer_auth(&adviser)
            .header("Idempotency-Key", "flaky-network-1")
            .json(&body)
            .send()
    };
    let first = send(json!({"participant_id": p})).await.expect("request");
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.expect("json");
    let second = send(json!({"participant_id": p})).await.expect("request");
    assert_eq!(second.status(), 201);
    let second: Value = second.json().await.expect("json");
    assert_eq!(first, second, "the same answer");
    let other = send(json!({"participant_id": q})).await.expect("request");
    expect_problem(other, 409, "conflict").await;
    let list = app.all_registrations(&adviser, &meeting, 50).await;
    assert_eq!(list.len(), 1);
    let m = app.meeting(&adviser, &meeting).await;
    assert_eq!(m["registered_count"], 1);
    // Without a key, registering the same person again is a conflict.
    let again = expect_problem(
        app.register(&adviser, &meeting, Some(&p)).await,
        409,
        "conflict",
    )
    .await;
    assert!(again["detail"]
        .as_str()
        .is_some_and(|d| d.contains("already registered")));
    let audit = app.audit_rows(&org.id);
    let created: Vec<_> = audit
        .iter()
        .filter(|r| r.0 == "create" && r.1 == "registration")
        .collect();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].2.as_deref(), first["id"].as_str());
}

#[tokio::test]
async fn strangers_wrong_roles_other_organisations_and_bad_input_register_nobody() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Vrata");
    let other = app.create_org("Zavod Drugje");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let their_coordinator = app.token(&other, Role::Coordinator).await;
    let own = app
        .person(
            &coordinator,
            json!({"name": "Own account", "user_id": org.user_id(Role::Participant)}),
            false,
        )
        .await;
    let participant = app.token(&org, Role::Participant).await;
    let someone = app
        .person(&coordinator, json!({"name": "Someone"}), false)
        .await;
    let meeting = id(&app
        .plan_meeting(
            &coordinator,
            future(json!({"capacity": 3, "audience": "public"})),
        )
        .await);
    let theirs = id(&app
        .plan_meeting(&their_coordinator, future(json!({"capacity": 3})))
        .await);
    let path = format!("/api/v1/meetings/{meeting}/registrations");

    let res = app
        .client
        .post(app.url(&path))
        .json(&json!({"participant_id": someone}))
        .send()
        .await
        .expect("request");
    expect_problem(res, 401, "unauthorized").await;
    for role in [Role::Partner, Role::Analyst, Role::Mentor] {
        let token = app.token(&org, role).await;
        let res = app.register(&token, &meeting, Some(&someone)).await;
        expect_problem(res, 403, "forbidden").await;
    }
    // Another organisation's meeting is absent, for staff and participants.
    expect_problem(
        app.register(&coordinator, &theirs, Some(&someone)).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.register(&participant, &theirs, None).await,
        404,
        "not_found",
    )
    .await;
    let list = app.all_registrations(&their_coordinator, &theirs, 50).await;
    assert!(list.is_empty());
    // Nor can their staff see or fill ours.
    let res = app.get_as(&their_coordinator, &path).await;
    expect_problem(res, 404, "not_found").await;
    // A participant registers only themself and sees no one else's list.
    expect_problem(
        app.register(&participant, &meeting, Some(&someone)).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(app.get_as(&participant, &path).await, 403, "forbidden").await;
    // Bad input.
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &path,
            Some(json!({"participant_id": 42})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("participant_id".to_string(), "type".to_string())]
    );
    let unknown = [
        uuid::Uuid::now_v7().to_string(),
        "not-an-id".to_string(),
        their_person(&app, &their_coordinator).await,
    ];
    for p in &unknown {
        let problem = expect_problem(
            app.register(&coordinator, &meeting, Some(p)).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(
            error_fields(&problem),
            [("participant_id".to_string(), "unknown".to_string())]
        );
    }
    let problem = expect_problem(
        app.register(&coordinator, &meeting, None).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        [("participant_id".to_string(), "required".to_string())]
    );
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &path,
            Some(json!({"participant_id": someone, "note": "x"})),
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;
    let m = app.meeting(&coordinator, &meeting).await;
    assert_eq!(
        (m["registered_count"].as_i64(), m["waiting_count"].as_i64()),
        (Some(0), Some(0))
    );
    assert!(app
        .all_registrations(&coordinator, &meeting, 50)
        .await
        .is_empty());

    // The participant's own registration works, with or without their id.
    let mine = app.registered(&participant, &meeting, Some(&own)).await;
    assert_eq!(mine["status"], "registered");

    // Meetings that take no registrations.
    let past = id(&app.plan_meeting(&coordinator, json!({})).await);
    let p = expect_problem(
        app.register(&coordinator, &past, Some(&someone)).await,
        409,
        "conflict",
    )
    .await;
    assert!(p["detail"].as_str().is_some_and(|d| d.contains("over")));
    let office = id(&app
        .plan_meeting(
            &coordinator,
            future(json!({"kind": "office_hours", "slot_minutes": 30})),
        )
        .await);
    let p = expect_problem(
        app.register(&coordinator, &office, Some(&someone)).await,
        409,
        "conflict",
    )
    .await;
    assert!(p["detail"].as_str().is_some_and(|d| d.contains("bookings")));
    let called_off = app.plan_meeting(&coordinator, future(json!({}))).await;
    app.send_ok(
        &coordinator,
        Method::PATCH,
        &format!("/api/v1/meetings/{}", id(&called_off)),
        json!({"status": "cancelled", "version": called_off["version"]}),
    )
    .await;
    let p = expect_problem(
        app.register(&participant, &id(&called_off), None).await,
        409,
        "conflict",
    )
    .await;
    assert!(p["detail"]
        .as_str()
        .is_some_and(|d| d.contains("cancelled")));
    // An archived person cannot be registered.
    let archived = app
        .person(&coordinator, json!({"name": "Gone"}), false)
        .await;
    app.send_ok(
        &coordinator,
        Method::POST,
        &format!("/api/v1/participants/{archived}/archive"),
        json!({"version": 1}),
    )
    .await;
    let problem = expect_problem(
        app.register(&coordinator, &meeting, Some(&archived)).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        [("participant_id".to_string(), "unknown".to_string())]
    );
}

/// A participant of another organisation.
async fn their_person(app: &TestApp, their_coordinator: &str) -> String {
    app.person(their_coordinator, json!({"name": "Elsewhere"}), false)
        .await
}
