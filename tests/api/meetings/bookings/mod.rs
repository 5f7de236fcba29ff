//! Office-hour slots and bookings: slots on the wall clock across daylight
//! saving and places per slot held under concurrency (`slots`), the
//! adviser's day and a participant's own bookings (`day`), and what is
//! refused (`refused`). The helpers here serve the attendance tests too.

mod day;
mod refused;
mod slots;

use chrono::{Datelike, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{Org, TestApp, PASSWORD};

/// Next year: a date in it is always in the future.
pub(super) fn next_year() -> i32 {
    Utc::now().year() + 1
}

/// Office hours on `date` 16:00–19:00 in Ljubljana: 20-minute slots for
/// 3 people each, in person or by phone; `extra` adds or replaces fields.
pub(super) async fn office_hours(app: &TestApp, token: &str, date: &str, extra: Value) -> Value {
    let mut body = json!({
        "kind": "office_hours",
        "title": {"en": "Advising office hours", "sl": "Svetovalne ure"},
        "start_local": format!("{date}T16:00:00"),
        "end_local": format!("{date}T19:00:00"),
        "phone_line": "+386 1 234 56 78",
        "slot_minutes": 20,
        "slot_capacity": 3,
        "slot_modes": ["in_person", "phone"]
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    app.plan_meeting(token, body).await
}

/// A participant with their own account: (access token, participant id).
pub(super) async fn participant(
    app: &TestApp,
    org: &Org,
    coordinator: &str,
    name: &str,
) -> (String, String) {
    let tag = uuid::Uuid::now_v7().simple().to_string();
    let email = format!("p-{}@example.org", &tag[tag.len() - 12..]);
    let (user, _) = app.add_account(&org.id, &email, name, Role::Participant);
    let id = app
        .person(coordinator, json!({"name": name, "user_id": user}), false)
        .await;
    (app.tokens(&email, PASSWORD).await.access_token, id)
}

pub(super) fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

pub(super) async fn slots(app: &TestApp, token: &str, meeting: &Value) -> Vec<Value> {
    app.get_json(token, &format!("/api/v1/meetings/{}/slots", id(meeting)))
        .await
}

pub(super) async fn book(
    app: &TestApp,
    token: &str,
    meeting: &Value,
    body: Value,
) -> reqwest::Response {
    app.send_as(
        Method::POST,
        token,
        &format!("/api/v1/meetings/{}/bookings", id(meeting)),
        Some(body),
    )
    .await
}
