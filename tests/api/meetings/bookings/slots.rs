//! Slots on the wall clock, and places per slot under concurrency.

use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{book, id, next_year, office_hours, participant, slots};
use crate::support::{expect_problem, TestApp};

#[tokio::test]
async fn slots_follow_the_wall_clock_in_winter_and_in_summer() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Ure");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let year = next_year();
    let winter = office_hours(&app, &coordinator, &format!("{year}-11-17"), json!({})).await;
    let participant = app.token(&org, Role::Participant).await;
    app.person(
        &coordinator,
        json!({"name": "Own account", "user_id": org.user_id(Role::Participant)}),
        false,
    )
    .await;
    let seen = slots(&app, &participant, &winter).await;
    let locals: Vec<&str> = seen
        .iter()
        .filter_map(|s| s["start_local"].as_str())
        .map(|s| &s[11..16])
        .collect();
    assert_eq!(
        locals,
        ["16:00", "16:20", "16:40", "17:00", "17:20", "17:40", "18:00", "18:20", "18:40"]
    );
    assert_eq!(seen[0]["start"], format!("{year}-11-17T15:00:00Z"));
    assert_eq!(seen[8]["end_local"], format!("{year}-11-17T19:00:00"));
    assert_eq!(
        (&seen[0]["capacity"], &seen[0]["booked"], &seen[0]["free"]),
        (&json!(3), &json!(0), &json!(3))
    );
    assert_eq!(seen[0]["modes"], json!(["in_person", "phone"]));
    // Counts only: no names, no one else's booking.
    let mut keys: Vec<&String> = seen[0]
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    keys.sort();
    assert_eq!(
        keys,
        [
            "booked",
            "capacity",
            "end_local",
            "free",
            "modes",
            "my_booking_id",
            "start",
            "start_local"
        ]
    );
    // The same wall clock in summer is an hour earlier in UTC.
    let summer = office_hours(&app, &coordinator, &format!("{year}-07-14"), json!({})).await;
    let seen = slots(&app, &coordinator, &summer).await;
    assert_eq!(seen.len(), 9);
    assert_eq!(seen[0]["start"], format!("{year}-07-14T14:00:00Z"));
    assert_eq!(seen[0]["start_local"], format!("{year}-07-14T16:00:00"));
    // A meeting without slots has none.
    let plain = app.plan_meeting(&coordinator, json!({})).await;
    assert!(slots(&app, &coordinator, &plain).await.is_empty());
}

#[tokio::test]
async fn ten_people_booking_one_slot_of_three_places_at_once_get_three_places() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Mesta");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let date = format!("{}-11-17", next_year());
    let m = office_hours(&app, &coordinator, &date, json!({})).await;
    let slot = slots(&app, &coordinator, &m).await[1]["start"].clone();
    let mut people = Vec::new();
    for i in 0..10 {
        people.push(participant(&app, &org, &coordinator, &format!("Person {i}")).await);
    }
    let mut tasks = Vec::new();
    for (token, _) in &people {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/meetings/{}/bookings", id(&m)));
        let token = token.clone();
        let body = json!({"slot_start": slot, "mode": "in_person", "topic": "job_search"});
        tasks.push(tokio::spawn(async move {
            client.post(url).bearer_auth(token).json(&body).send().await
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        let res = t.await.expect("task").expect("request");
        statuses.push(res.status().as_u16());
        if res.status() == 409 {
            let problem: Value = res.json().await.expect("problem");
            assert_eq!(problem["code"], "conflict", "{problem}");
        }
    }
    statuses.sort_unstable();
    assert_eq!(
        statuses,
        [201, 201, 201, 409, 409, 409, 409, 409, 409, 409],
        "{statuses:?}"
    );
    let seen = slots(&app, &coordinator, &m).await;
    assert_eq!(
        (&seen[1]["booked"], &seen[1]["free"]),
        (&json!(3), &json!(0))
    );
    let adviser = app.token(&org, Role::Adviser).await;
    let list: Vec<Value> = app
        .get_json(&adviser, &format!("/api/v1/meetings/{}/bookings", id(&m)))
        .await;
    assert_eq!(list.len(), 3);
    // A walk-in, someone already there, may go beyond the places: attended.
    let (_, walker) = participant(&app, &org, &coordinator, "Walk In").await;
    let res = book(
        &app,
        &adviser,
        &m,
        json!({"slot_start": slot, "mode": "in_person", "topic": "housing", "participant_id": walker, "walk_in": true}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let walk_in: Value = res.json().await.expect("booking");
    assert_eq!(
        (&walk_in["walk_in"], &walk_in["attendance"]),
        (&json!(true), &json!("attended"))
    );
    let seen = slots(&app, &coordinator, &m).await;
    assert_eq!(
        (&seen[1]["booked"], &seen[1]["free"]),
        (&json!(4), &json!(0))
    );
    // But a booking is still refused, and staff need a participant.
    let (_, late) = participant(&app, &org, &coordinator, "Late Comer").await;
    let res = book(
        &app,
        &adviser,
        &m,
        json!({"slot_start": slot, "mode": "in_person", "topic": "housing", "participant_id": late}),
    )
    .await;
    expect_problem(res, 409, "conflict").await;
}
