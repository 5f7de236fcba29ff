//! The demo's meetings as people meet them: the participant's home page
//! (their action item, the meeting they came to and can now rate), the
//! office hours with their slots, the full co-creation meeting's waiting
//! list, and the coordinator's mean rating.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{Page, TestApp};

async fn login(app: &TestApp, email: &str) -> String {
    app.tokens(email, skupaj::setup::DEMO_PASSWORD)
        .await
        .access_token
}

#[tokio::test]
async fn the_demo_tells_the_pilots_story() {
    let app = TestApp::spawn().await;
    {
        let mut conn = app.conn();
        skupaj::setup::seed_demo(&mut conn).expect("seed demo");
    }
    let me = login(&app, "participant@demo.skupaj.org").await;
    let coordinator = login(&app, "coordinator@demo.skupaj.org").await;

    // The participant's open action item from the meeting they came to.
    let items: Page = app
        .page(&me, "/api/v1/action-items?mine=true&state=open")
        .await;
    assert_eq!(items.items.len(), 1);
    let held = items.items[0]["meeting"]["id"]
        .as_str()
        .unwrap_or("")
        .to_string();

    // They came, and can rate it 8/10; the coordinator sees the mean move.
    let before: Value = app
        .get_json(&coordinator, &format!("/api/v1/meetings/{held}/feedback"))
        .await;
    assert_eq!(
        (before["count"].as_i64(), before["mean"].as_f64()),
        (Some(4), Some(8.5))
    );
    let res = app
        .send_as(
            Method::PUT,
            &me,
            &format!("/api/v1/meetings/{held}/feedback"),
            Some(json!({"rating": 8})),
        )
        .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let after: Value = app
        .get_json(&coordinator, &format!("/api/v1/meetings/{held}/feedback"))
        .await;
    assert_eq!(
        (after["count"].as_i64(), after["mean"].as_f64()),
        (Some(5), Some(8.4))
    );

    // Office hours: Tue, Thu and Sat, 16:00–19:00 on the venue's clock,
    // nine 20-minute slots of three places each.
    let office: Page = app
        .page(&coordinator, "/api/v1/meetings?kind=office_hours&limit=100")
        .await;
    assert!(office.items.len() >= 26, "{}", office.items.len());
    for m in &office.items {
        let start = m["start_local"].as_str().unwrap_or("");
        let date =
            chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M:%S").expect("local start");
        use chrono::{Datelike, Timelike, Weekday};
        assert!(
            matches!(date.weekday(), Weekday::Tue | Weekday::Thu | Weekday::Sat),
            "{start}"
        );
        assert_eq!(date.hour(), 16);
        assert_eq!(m["venue"]["name"], "Advising venue");
    }
    let first = office.items[0]["id"].as_str().unwrap_or("").to_string();
    let slots: Vec<Value> = app
        .get_json(&me, &format!("/api/v1/meetings/{first}/slots"))
        .await;
    assert_eq!(slots.len(), 9);
    assert!(slots.iter().all(|s| s["capacity"] == 3));

    // The next co-creation meeting is full with two people waiting.
    let next: Page = app
        .page(&me, "/api/v1/meetings?kind=co_creation&status=planned")
        .await;
    assert_eq!(next.items.len(), 1);
    assert_eq!(
        (
            next.items[0]["places_left"].as_i64(),
            next.items[0]["waiting_count"].as_i64()
        ),
        (Some(0), Some(2))
    );
}
