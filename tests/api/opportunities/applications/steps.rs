//! Each step made by the role that owns it and kept in the history;
//! interviews both sides see in their calendars; hires recorded as outcomes.

use chrono::{Duration, Utc};
use serde_json::{json, Value};

use super::id_of;
use crate::support::{expect_problem, field_codes, TestApp};

#[tokio::test]
async fn each_step_is_made_by_the_role_that_owns_it() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let id = app.amina_applies(&h, "x").await;
    // The participant does not shortlist herself; the partner does not withdraw her.
    let res = app
        .step_raw(
            &h.participant,
            &id,
            json!({"to": "shortlisted", "version": 1}),
        )
        .await;
    expect_problem(res, 403, "forbidden").await;
    let res = app
        .step_raw(&h.partner, &id, json!({"to": "withdrawn", "version": 1}))
        .await;
    expect_problem(res, 403, "forbidden").await;
    // No such step; a stale version; bad fields.
    let res = app
        .step_raw(&h.partner, &id, json!({"to": "hired", "version": 1}))
        .await;
    expect_problem(res, 409, "invalid_transition").await;
    let res = app
        .step_raw(&h.partner, &id, json!({"to": "shortlisted", "version": 7}))
        .await;
    expect_problem(res, 409, "version_conflict").await;
    let res = app
        .step_raw(
            &h.partner,
            &id,
            json!({"to": "shortlisted", "version": 1, "note": "n".repeat(2001)}),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), ["note:length"]);
    let res = app
        .step_raw(&h.partner, &id, json!({"to": "shortlisted", "version": 0}))
        .await;
    expect_problem(res, 422, "validation_failed").await;

    let res = app
        .step_raw(
            &h.partner,
            &id,
            json!({"to": "shortlisted", "version": 1, "note": "Good experience"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    app.step(&h.coordinator, &id, "interview").await;
    app.step(&h.partner, &id, "offer").await;
    // Her adviser may withdraw on her behalf; this time she takes the offer instead.
    let res = app
        .step_raw(&h.adviser, &id, json!({"to": "hired", "version": 4}))
        .await;
    expect_problem(res, 403, "forbidden").await;
    let hired = app.step(&h.partner, &id, "hired").await;
    assert_eq!(hired["state"], "hired");
    let events: Value = app
        .get_json(&h.coordinator, &format!("/api/v1/applications/{id}/events"))
        .await;
    let steps: Vec<String> = events
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            format!(
                "{}>{} by {}",
                e["from"].as_str().unwrap_or("-"),
                e["to"].as_str().unwrap_or(""),
                e["by_role"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            "->applied by participant",
            "applied>shortlisted by partner",
            "shortlisted>interview by staff",
            "interview>offer by partner",
            "offer>hired by partner",
        ]
    );
    assert_eq!(events[1]["note"], "Good experience");
    // Every write is audited, and the hire's outcome too.
    let audit = app.audit_rows(&h.org.id);
    for action in ["create", "shortlisted", "interview", "offer", "hired"] {
        assert!(
            audit.iter().any(|r| r.0 == action
                && r.1 == "application"
                && r.2.as_deref() == Some(id.as_str())),
            "{action} audited"
        );
    }
    assert!(audit.iter().any(|r| r.0 == "create" && r.1 == "outcome"));

    // The adviser withdraws another application on the person's behalf.
    let other = app
        .posting(&h.partner, json!({"title": {"en": "Warehouse"}}))
        .await;
    let b = id_of(
        &app.apply(&h.participant, &other, json!({"cover_note": ""}))
            .await,
    );
    let w = app.step(&h.adviser, &b, "withdrawn").await;
    assert_eq!(w["state"], "withdrawn");
}

#[tokio::test]
async fn an_interview_is_a_meeting_in_both_calendars_and_a_hire_an_outcome() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let id = app.amina_applies(&h, "x").await;
    app.step(&h.partner, &id, "shortlisted").await;
    let starts = (Utc::now() + Duration::days(7))
        .format("%Y-%m-%dT10:00:00Z")
        .to_string();
    let ends = (Utc::now() + Duration::days(7))
        .format("%Y-%m-%dT10:45:00Z")
        .to_string();
    // Bad interview fields first.
    let res = app
        .step_raw(
            &h.partner,
            &id,
            json!({"to": "interview", "version": 2,
            "interview": {"starts_at": ends, "ends_at": starts}}),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), ["interview.ends_at:range"]);
    let res = app
        .step_raw(&h.partner, &id, json!({"to": "interview", "version": 2,
            "interview": {"starts_at": starts, "ends_at": ends, "online_url": "javascript:alert(1)"}}))
        .await;
    expect_problem(res, 422, "validation_failed").await;
    let res = app
        .step_raw(&h.partner, &id, json!({"to": "interview", "version": 2,
            "interview": {"starts_at": starts, "ends_at": ends, "online_url": "https://meet.example.org/forklift"}}))
        .await;
    let moved: Value = res.json().await.expect("json");
    assert_eq!(moved["state"], "interview", "{moved}");
    let meeting = moved["interview"]["meeting_id"]
        .as_str()
        .expect("meeting")
        .to_string();
    assert_eq!(
        moved["interview"]["online_url"],
        "https://meet.example.org/forklift"
    );

    // Both sides see it: the meeting, their agenda, their calendar feed.
    for token in [&h.partner, &h.participant, &h.adviser] {
        let m = app.meeting(token, &meeting).await;
        assert_eq!(m["kind"], "job_interview");
        let page: crate::support::Page = app.page(token, "/api/v1/meetings?mine=true").await;
        assert!(
            page.items.iter().any(|m| m["id"] == meeting.as_str()),
            "in the agenda"
        );
        let made: Value = app
            .create_at(token, "/api/v1/calendar/feed", json!({}))
            .await;
        let url = made["url"].as_str().unwrap_or("").to_string();
        let feed = url
            .split_once("/api/v1/")
            .map(|(_, p)| format!("/api/v1/{p}"))
            .unwrap_or_default();
        let body = app.get(&feed).await.text().await.expect("feed");
        assert!(
            body.contains(&format!("UID:{meeting}@skupaj")),
            "in the feed: {body}"
        );
        assert!(body.contains("Forklift driver"), "titled after the job");
    }
    // A partner still sees no other organisation-only meeting.
    let internal = app
        .plan_meeting(
            &h.coordinator,
            json!({"title": {"en": "Staff only"}, "audience": "invited"}),
        )
        .await;
    let res = app
        .get_as(
            &h.partner,
            &format!("/api/v1/meetings/{}", internal["id"].as_str().unwrap_or("")),
        )
        .await;
    expect_problem(res, 404, "not_found").await;

    app.step(&h.partner, &id, "offer").await;
    app.step(&h.partner, &id, "hired").await;
    let outcome: Vec<(String, String, Option<String>)> = {
        use diesel::prelude::*;
        use skupaj::db::schema::outcomes as o;
        let mut conn = app.conn();
        o::table
            .filter(o::application_id.eq(&id))
            .select((o::programme, o::kind, o::participant_id))
            .load(&mut conn)
            .expect("outcomes")
    };
    assert_eq!(
        outcome,
        [(
            "job".to_string(),
            "fixed_term".to_string(),
            Some(h.amina.clone())
        )]
    );
}
