//! The person's export holds their applications, messages and outcomes;
//! erasure empties their messages and keeps the outcomes as counts.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::TestApp;

#[tokio::test]
async fn the_export_holds_applications_messages_and_outcomes_and_erasure_keeps_counts() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let id = app.amina_applies(&h, "My note").await;
    let thread = format!("/api/v1/applications/{id}/messages");
    app.create_at::<Value>(
        &h.participant,
        &thread,
        json!({"body": "When can I start?"}),
    )
    .await;
    app.create_at::<Value>(&h.partner, &thread, json!({"body": "Monday."}))
        .await;
    for step in ["shortlisted", "interview", "offer", "hired"] {
        app.step(&h.partner, &id, step).await;
    }
    let export: Value = app
        .get_json(
            &h.coordinator,
            &format!("/api/v1/participants/{}/export", h.amina),
        )
        .await;
    let o = &export["opportunities"];
    assert_eq!(o["applications"][0]["id"], id.as_str());
    assert_eq!(o["applications"][0]["cover_note"], "My note");
    assert_eq!(
        o["applications"][0]["events"].as_array().map(Vec::len),
        Some(5)
    );
    assert_eq!(o["messages"].as_array().map(Vec::len), Some(2));
    assert_eq!(o["messages"][0]["body"], "When can I start?");
    assert_eq!(o["outcomes"][0]["kind"], "fixed_term");

    let res = app
        .send_as(
            Method::POST,
            &h.admin,
            &format!("/api/v1/participants/{}/erase", h.amina),
            Some(json!({"reason": "She asked on 2026-12-01"})),
        )
        .await;
    assert!(res.status().is_success(), "erase: {}", res.status());
    let after = app.application(&h.coordinator, &id).await;
    assert_eq!(after["participant_id"], Value::Null);
    assert_eq!(after["person"], Value::Null);
    assert_eq!(after["cover_note"], "");
    assert!(after["erased_at"].is_string());
    let messages: crate::support::Page = app.page(&h.coordinator, &thread).await;
    let bodies: Vec<&str> = messages
        .items
        .iter()
        .map(|m| m["body"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(bodies, ["", "Monday."]);
    // Gone from the partner's and the ordinary lists; a tombstone for pulls.
    assert!(app
        .application_ids(&h.partner, "/api/v1/applications")
        .await
        .is_empty());
    assert!(app
        .application_ids(&h.coordinator, "/api/v1/applications")
        .await
        .is_empty());
    let since = app
        .application_ids(
            &h.coordinator,
            "/api/v1/applications?updated_since=2020-01-01T00:00:00Z",
        )
        .await;
    assert_eq!(since, [id.as_str()]);
    // The outcome still counts, anonymous.
    let outcomes: Vec<(Option<String>, Option<String>, String)> = {
        use diesel::prelude::*;
        use skupaj::db::schema::outcomes as o;
        let mut conn = app.conn();
        o::table
            .filter(o::organization_id.eq(&h.org.id))
            .select((o::participant_id, o::application_id, o::kind))
            .load(&mut conn)
            .expect("outcomes")
    };
    assert_eq!(outcomes, [(None, None, "fixed_term".to_string())]);
}
