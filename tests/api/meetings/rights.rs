//! A person's meetings in their export, and erasure: out of every
//! meeting, their place given to the first waiting person, their
//! attendance kept only as an anonymous guest.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::db::schema::{meeting_guests, meeting_registrations};
use skupaj::policy::Role;

use crate::support::{Page, TestApp};

#[tokio::test]
async fn export_lists_a_persons_meetings_and_erasure_frees_their_place_and_keeps_a_count() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Pravice");
    let coordinator = app.token(&org, Role::Coordinator).await;
    // Thirty this year: the 26–35 age band.
    let born = chrono::Datelike::year(&chrono::Utc::now()) - 30;
    let amina = app
        .person(
            &coordinator,
            json!({"name": "Amina", "gender": "female", "birth_year": born}),
            false,
        )
        .await;
    let bashir = app
        .person(&coordinator, json!({"name": "Bashir"}), false)
        .await;
    let future = app
        .plan_meeting(
            &coordinator,
            json!({"capacity": 1, "start_local": "2030-05-16T16:00:00", "end_local": "2030-05-16T19:00:00",
                   "title": {"en": "Market workshop"}}),
        )
        .await;
    let past = app
        .plan_meeting(
            &coordinator,
            json!({"start_local": "2030-04-16T16:00:00", "end_local": "2030-04-16T19:00:00", "title": {"en": "Panel"}}),
        )
        .await;
    let register = |meeting: &Value, pid: &str| {
        let path = format!(
            "/api/v1/meetings/{}/registrations",
            meeting["id"].as_str().unwrap_or("")
        );
        let body = json!({"participant_id": pid});
        let token = coordinator.clone();
        let app = &app;
        async move { app.create_at::<Value>(&token, &path, body).await }
    };
    let first = register(&future, &amina).await;
    assert_eq!(first["status"], "registered");
    let second = register(&future, &bashir).await;
    assert_eq!(second["status"], "waiting");
    register(&past, &amina).await;
    // Amina came to the panel (the door check-in writes this).
    {
        let mut conn = app.conn();
        diesel::update(
            meeting_registrations::table
                .filter(meeting_registrations::meeting_id.eq(past["id"].as_str().unwrap_or("")))
                .filter(meeting_registrations::participant_id.eq(&amina)),
        )
        .set(meeting_registrations::attendance.eq("attended"))
        .execute(&mut conn)
        .expect("attended");
    }
    let export: Value = app
        .get_json(
            &coordinator,
            &format!("/api/v1/participants/{amina}/export"),
        )
        .await;
    let mut titles: Vec<&str> = export["meetings"]["registrations"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|x| x["meeting"]["title"].as_str())
                .collect()
        })
        .unwrap_or_default();
    titles.sort();
    assert_eq!(titles, ["Market workshop", "Panel"]);

    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/participants/{amina}/erase"),
            Some(json!({"reason": "The person asked"})),
        )
        .await;
    assert_eq!(res.status(), 204);
    // Bashir has Amina's place, in the same transaction as the erasure.
    let list: Page = app
        .page(
            &coordinator,
            &format!(
                "/api/v1/meetings/{}/registrations",
                future["id"].as_str().unwrap_or("")
            ),
        )
        .await;
    let people: Vec<(&str, &str)> = list
        .items
        .iter()
        .map(|r| {
            (
                r["participant_id"].as_str().unwrap_or(""),
                r["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(people, [(bashir.as_str(), "registered")]);
    let m: Value = app
        .get_json(
            &coordinator,
            &format!("/api/v1/meetings/{}", future["id"].as_str().unwrap_or("")),
        )
        .await;
    assert_eq!(
        (m["registered_count"].as_i64(), m["waiting_count"].as_i64()),
        (Some(1), Some(0))
    );
    // Nothing at any meeting names her; the panel keeps an anonymous guest.
    let mut conn = app.conn();
    let left: i64 = meeting_registrations::table
        .filter(meeting_registrations::participant_id.eq(&amina))
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(left, 0);
    let guests: Vec<(Option<String>, Option<String>)> = meeting_guests::table
        .filter(meeting_guests::meeting_id.eq(past["id"].as_str().unwrap_or("")))
        .select((meeting_guests::gender, meeting_guests::age_band))
        .load(&mut conn)
        .expect("guests");
    assert_eq!(
        guests,
        [(Some("female".to_string()), Some("26_35".to_string()))]
    );
}
