//! What booking refuses: strangers, wrong roles, bad input, past or
//! cancelled meetings; and a retry with the same key books once.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{book, id, next_year, office_hours, participant};
use crate::support::{error_fields, expect_problem, TestApp};

#[tokio::test]
async fn bookings_refuse_strangers_wrong_roles_and_bad_input_and_store_nothing() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Meje");
    let other = app.create_org("Zavod Drugje");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let adviser = app.token(&org, Role::Adviser).await;
    let year = next_year();
    let m = office_hours(
        &app,
        &coordinator,
        &format!("{year}-11-17"),
        json!({"slot_modes": ["in_person"]}),
    )
    .await;
    let (person, person_id) = participant(&app, &org, &coordinator, "Farid Ahmadi").await;
    let first = format!("{year}-11-17T15:00:00Z");
    let good = json!({"slot_start": first, "mode": "in_person", "topic": "education"});
    let bookings_path = format!("/api/v1/meetings/{}/bookings", id(&m));
    // No token, wrong roles.
    let res = app
        .client
        .post(app.url(&bookings_path))
        .json(&good)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 401);
    assert_eq!(app.get("/api/v1/bookings").await.status(), 401);
    for role in [Role::Mentor, Role::Partner, Role::Analyst] {
        let token = app.token(&org, role).await;
        let res = book(&app, &token, &m, good.clone()).await;
        assert_eq!(res.status(), 403, "{role:?}");
    }
    // A participant books only for themself, and records no walk-ins.
    let (_, someone_else) = participant(&app, &org, &coordinator, "Someone Else").await;
    let mut for_other = good.clone();
    for_other["participant_id"] = json!(someone_else);
    expect_problem(book(&app, &person, &m, for_other).await, 403, "forbidden").await;
    let mut walk_in = good.clone();
    walk_in["walk_in"] = json!(true);
    expect_problem(book(&app, &person, &m, walk_in).await, 403, "forbidden").await;
    // Bad input: each field named, nothing stored.
    let res = book(
        &app,
        &person,
        &m,
        json!({"slot_start": format!("{year}-11-17T15:05:00Z"), "mode": "phone", "topic": "education"}),
    )
    .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [
            ("slot_start".to_string(), "not_a_slot".to_string()),
            ("mode".to_string(), "not_offered".to_string())
        ]
    );
    let res = book(
        &app,
        &person,
        &m,
        json!({"slot_start": first, "mode": "in_person", "topic": "gardening"}),
    )
    .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("topic".to_string(), "code".to_string())]
    );
    let mut long = good.clone();
    long["note"] = json!("x".repeat(1001));
    let problem = expect_problem(
        book(&app, &person, &m, long).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        [("note".to_string(), "length".to_string())]
    );
    let problem = expect_problem(
        book(&app, &adviser, &m, good.clone()).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        [("participant_id".to_string(), "required".to_string())]
    );
    let mut unknown = good.clone();
    unknown["participant_id"] = json!("0190d5a0-0000-7000-8000-000000000000");
    let problem = expect_problem(
        book(&app, &adviser, &m, unknown).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        [("participant_id".to_string(), "not_found".to_string())]
    );
    let list: Vec<Value> = app.get_json(&adviser, &bookings_path).await;
    assert!(list.is_empty());
    // A slot that has passed, a cancelled meeting, a meeting without slots: 409.
    let past = office_hours(
        &app,
        &coordinator,
        &format!("{}-01-10", year - 2),
        json!({}),
    )
    .await;
    let res = book(
        &app,
        &person,
        &past,
        json!({"slot_start": format!("{}-01-10T15:00:00Z", year - 2), "mode": "in_person", "topic": "cv"}),
    )
    .await;
    expect_problem(res, 409, "conflict").await;
    let plain = app.plan_meeting(&coordinator, json!({})).await;
    expect_problem(
        book(&app, &person, &plain, good.clone()).await,
        409,
        "conflict",
    )
    .await;
    let cancelled = office_hours(&app, &coordinator, &format!("{year}-11-18"), json!({})).await;
    app.send_ok(
        &coordinator,
        Method::PATCH,
        &format!("/api/v1/meetings/{}", id(&cancelled)),
        json!({"status": "cancelled", "version": 1}),
    )
    .await;
    let res = book(
        &app,
        &person,
        &cancelled,
        json!({"slot_start": format!("{year}-11-18T15:00:00Z"), "mode": "in_person", "topic": "cv"}),
    )
    .await;
    expect_problem(res, 409, "conflict").await;
    // A retry with the same Idempotency-Key gets the same booking, once.
    let send = || async {
        app.client
            .post(app.url(&bookings_path))
            .bearer_auth(&person)
            .header("Idempotency-Key", "door-tap-1")
            .json(&good)
            .send()
            .await
            .expect("request")
    };
    let one: Value = send().await.json().await.expect("booking");
    let again = send().await;
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.expect("booking");
    assert_eq!(id(&one), id(&again));
    assert_eq!(one["participant_id"], json!(person_id));
    let list: Vec<Value> = app.get_json(&adviser, &bookings_path).await;
    assert_eq!(list.len(), 1);
    // Another organisation's staff find nothing and change nothing.
    let stranger = app.token(&other, Role::Admin).await;
    let (_, stranger_person) = participant(&app, &other, &stranger, "Stranger").await;
    let mut theirs = good.clone();
    theirs["participant_id"] = json!(stranger_person);
    theirs["slot_start"] = json!(format!("{year}-11-17T15:20:00Z"));
    expect_problem(book(&app, &stranger, &m, theirs).await, 404, "not_found").await;
    expect_problem(
        app.get_as(&stranger, &bookings_path).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.get_as(&stranger, &format!("/api/v1/meetings/{}/slots", id(&m)))
            .await,
        404,
        "not_found",
    )
    .await;
    let res = app
        .send_as(
            Method::PATCH,
            &stranger,
            &format!("/api/v1/bookings/{}", id(&one)),
            Some(json!({"status": "cancelled", "version": 1})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let on_day: Vec<Value> = app
        .get_json(&stranger, &format!("/api/v1/bookings?date={year}-11-17"))
        .await;
    assert!(on_day.is_empty());
    let list: Vec<Value> = app.get_json(&adviser, &bookings_path).await;
    assert_eq!(
        (list.len(), &list[0]["status"], &list[0]["version"]),
        (1, &json!("booked"), &json!(1))
    );
    // A change needs its version, and a booking cannot be un-cancelled.
    let res = app
        .send_as(
            Method::PATCH,
            &person,
            &format!("/api/v1/bookings/{}", id(&one)),
            Some(json!({"topic": "cv"})),
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;
    let res = app
        .send_as(
            Method::PATCH,
            &person,
            &format!("/api/v1/bookings/{}", id(&one)),
            Some(json!({"status": "booked", "version": 1})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("status".to_string(), "invalid".to_string())]
    );
}
