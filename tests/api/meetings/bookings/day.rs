//! The adviser's day and a participant's own bookings: book, move, cancel.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{book, id, next_year, office_hours, participant, slots};
use crate::support::{error_fields, expect_problem, TestApp};

#[tokio::test]
async fn the_adviser_sees_the_days_bookings_a_participant_only_their_own() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Svetovanje");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let adviser = app.token(&org, Role::Adviser).await;
    let admin = app.token(&org, Role::Admin).await;
    let date = format!("{}-11-17", next_year());
    let venue = app
        .create_venue(&coordinator, "Advising venue", Some(12))
        .await;
    let m = office_hours(
        &app,
        &coordinator,
        &date,
        json!({"venue_id": venue, "facilitator_ids": [org.user_id(Role::Adviser)]}),
    )
    .await;
    let amina_id = app
        .person(
            &coordinator,
            json!({"name": "Amina Hadžić", "user_id": org.user_id(Role::Participant)}),
            false,
        )
        .await;
    let amina = app.token(&org, Role::Participant).await;
    let (omar, omar_id) = participant(&app, &org, &coordinator, "Omar Haddad").await;
    let all = slots(&app, &amina, &m).await;
    let res = book(
        &app,
        &amina,
        &m,
        json!({"slot_start": all[2]["start"], "mode": "phone", "topic": "cv", "note": "  My CV in Slovenian  "}),
    )
    .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let mine: Value = res.json().await.expect("booking");
    assert_eq!(mine["participant_id"], json!(amina_id));
    assert_eq!(
        mine["participant_name"],
        Value::Null,
        "no names for participants"
    );
    assert_eq!(mine["note"], "My CV in Slovenian");
    assert_eq!(mine["slot_start_local"], format!("{date}T16:40:00"));
    assert_eq!(mine["slot_end_local"], format!("{date}T17:00:00"));
    assert_eq!(mine["meeting_title"], "Advising office hours");
    assert_eq!(mine["venue"]["name"], "Advising venue");
    assert_eq!(mine["phone_line"], "+386 1 234 56 78");
    assert_eq!(
        (&mine["status"], &mine["attendance"]),
        (&json!("booked"), &Value::Null)
    );
    let res = book(
        &app,
        &omar,
        &m,
        json!({"slot_start": all[0]["start"], "mode": "in_person", "topic": "legal_admin"}),
    )
    .await;
    let his: Value = res.json().await.expect("booking");
    assert_eq!(his["participant_id"], json!(omar_id));
    // One active booking per person per meeting.
    let res = book(
        &app,
        &amina,
        &m,
        json!({"slot_start": all[5]["start"], "mode": "phone", "topic": "housing"}),
    )
    .await;
    expect_problem(res, 409, "conflict").await;
    // The participant sees her own slot marked, and only her own bookings.
    let seen = slots(&app, &amina, &m).await;
    assert_eq!(seen[2]["my_booking_id"], mine["id"]);
    assert_eq!(seen[0]["my_booking_id"], Value::Null);
    assert_eq!(seen[0]["booked"], 1);
    let own: Vec<Value> = app.get_json(&amina, "/api/v1/bookings?mine=true").await;
    assert_eq!(own.iter().map(id).collect::<Vec<_>>(), [id(&mine)]);
    let own: Vec<Value> = app
        .get_json(
            &amina,
            &format!("/api/v1/bookings?from={}-01-01T00:00:00Z", next_year() + 1),
        )
        .await;
    assert!(own.is_empty());
    let path = |b: &Value| format!("/api/v1/bookings/{}", id(b));
    let res = app
        .send_as(
            Method::PATCH,
            &amina,
            &path(&his),
            Some(json!({"status": "cancelled", "version": 1})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .get_as(&amina, &format!("/api/v1/meetings/{}/bookings", id(&m)))
        .await;
    expect_problem(res, 403, "forbidden").await;
    let res = app
        .send_as(
            Method::PATCH,
            &amina,
            &path(&mine),
            Some(json!({"attendance": "attended", "version": 1})),
        )
        .await;
    expect_problem(res, 403, "forbidden").await;
    // The adviser's view of the office hour: names, topics, modes, notes, by slot.
    let res = app
        .get_as(&adviser, &format!("/api/v1/meetings/{}/bookings", id(&m)))
        .await;
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let day: Vec<Value> = res.json().await.expect("bookings");
    let rows: Vec<(&str, &str, &str)> = day
        .iter()
        .map(|b| {
            (
                b["participant_name"].as_str().unwrap_or(""),
                b["topic"].as_str().unwrap_or(""),
                b["mode"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Omar Haddad", "legal_admin", "in_person"),
            ("Amina Hadžić", "cv", "phone")
        ]
    );
    assert_eq!(day[1]["note"], "My CV in Slovenian");
    // The day's bookings across office hours; `mine` for those the adviser runs.
    let on_day: Vec<Value> = app
        .get_json(&adviser, &format!("/api/v1/bookings?date={date}"))
        .await;
    assert_eq!(on_day.len(), 2);
    let runs: Vec<Value> = app
        .get_json(&adviser, &format!("/api/v1/bookings?date={date}&mine=true"))
        .await;
    assert_eq!(runs.len(), 2);
    let runs: Vec<Value> = app
        .get_json(&admin, &format!("/api/v1/bookings?date={date}&mine=true"))
        .await;
    assert!(runs.is_empty());
    let other_day: Vec<Value> = app
        .get_json(
            &adviser,
            &format!("/api/v1/bookings?date={}-11-18", next_year()),
        )
        .await;
    assert!(other_day.is_empty());
    let problem = expect_problem(
        app.get_as(&adviser, "/api/v1/bookings").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        [("date".to_string(), "required".to_string())]
    );
    // She moves hers to a later slot (with the version), then cancels it.
    let moved = app
        .send_ok(
            &amina,
            Method::PATCH,
            &path(&mine),
            json!({"slot_start": all[4]["start"], "topic": "translation", "note": "", "version": 1}),
        )
        .await;
    assert_eq!(
        (
            &moved["slot_start_local"],
            &moved["topic"],
            &moved["note"],
            &moved["version"]
        ),
        (
            &json!(format!("{date}T17:20:00")),
            &json!("translation"),
            &Value::Null,
            &json!(2)
        )
    );
    let res = app
        .send_as(
            Method::PATCH,
            &amina,
            &path(&mine),
            Some(json!({"status": "cancelled", "version": 1})),
        )
        .await;
    expect_problem(res, 409, "version_conflict").await;
    let cancelled = app
        .send_ok(
            &amina,
            Method::PATCH,
            &path(&mine),
            json!({"status": "cancelled", "version": 2}),
        )
        .await;
    assert_eq!(cancelled["status"], "cancelled");
    let seen = slots(&app, &amina, &m).await;
    assert_eq!(
        (&seen[4]["booked"], &seen[4]["my_booking_id"]),
        (&json!(0), &Value::Null)
    );
    let res = app
        .send_as(
            Method::PATCH,
            &amina,
            &path(&mine),
            Some(json!({"topic": "cv", "version": 3})),
        )
        .await;
    expect_problem(res, 409, "conflict").await;
    // Cancelled, she may book again; the adviser records that Omar came.
    let res = book(
        &app,
        &amina,
        &m,
        json!({"slot_start": all[5]["start"], "mode": "phone", "topic": "housing"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let came = app
        .send_ok(
            &adviser,
            Method::PATCH,
            &path(&his),
            json!({"attendance": "attended", "version": 1}),
        )
        .await;
    assert_eq!(
        (&came["attendance"], &came["participant_name"]),
        (&json!("attended"), &json!("Omar Haddad"))
    );
    let all_day: Vec<Value> = app
        .get_json(
            &coordinator,
            &format!("/api/v1/meetings/{}/bookings?cancelled=true", id(&m)),
        )
        .await;
    assert_eq!(all_day.len(), 3);
    let audited = app.audit_rows(&org.id);
    assert!(audited
        .iter()
        .any(|(action, kind, _, _)| action == "list" && kind == "booking"));
    assert!(audited
        .iter()
        .any(|(action, kind, _, _)| action == "create" && kind == "booking"));
}
