//! Planning meetings: times in the meeting's zone across daylight saving,
//! who sees which meetings, changes with a version, and bad input.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{error_fields, expect_problem, meeting_body, Page, TestApp};

#[tokio::test]
async fn times_are_the_venues_wall_clock_stored_in_utc_across_daylight_saving() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Ura");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let venue = app
        .create_venue(&coordinator, "Advising venue", Some(20))
        .await;
    let summer = app
        .plan_meeting(&coordinator, json!({"venue_id": venue, "online_url": null}))
        .await;
    assert_eq!(summer["time_zone"], "Europe/Ljubljana");
    assert_eq!(summer["starts_at"], "2026-05-16T14:00:00Z");
    assert_eq!(summer["start_local"], "2026-05-16T16:00:00");
    assert_eq!(summer["venue"]["name"], "Advising venue");
    // The same wall-clock time in winter is an hour later in UTC.
    let winter = app
        .plan_meeting(
            &coordinator,
            json!({"venue_id": venue, "start_local": "2026-11-14T16:00:00", "end_local": "2026-11-14T19:00:00"}),
        )
        .await;
    assert_eq!(winter["starts_at"], "2026-11-14T15:00:00Z");
    assert_eq!(winter["end_local"], "2026-11-14T19:00:00");
    // A meeting in another zone keeps its own clock.
    let lisbon = app
        .plan_meeting(&coordinator, json!({"time_zone": "Europe/Lisbon"}))
        .await;
    assert_eq!(lisbon["starts_at"], "2026-05-16T15:00:00Z");
    // 02:30 on 29 March 2026 does not exist in Ljubljana: the clocks skip it.
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/meetings",
            Some(meeting_body(
                json!({"start_local": "2026-03-29T02:30:00", "end_local": "2026-03-29T04:00:00"}),
            )),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert!(
        error_fields(&problem).contains(&("start_local".into(), "nonexistent_local_time".into()))
    );
    // The agenda lists them by start, from a given time.
    let page: Page = app
        .page(
            &coordinator,
            "/api/v1/meetings?from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z",
        )
        .await;
    let starts: Vec<&str> = page
        .items
        .iter()
        .filter_map(|m| m["starts_at"].as_str())
        .collect();
    assert_eq!(starts, ["2026-05-16T14:00:00Z", "2026-05-16T15:00:00Z"]);
}

#[tokio::test]
async fn participants_see_open_meetings_partners_public_ones_strangers_none() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Vidnost");
    let other = app.create_org("Zavod Drugod");
    let coordinator = app.token(&org, Role::Coordinator).await;
    app.person(
        &coordinator,
        json!({"name": "Own account", "user_id": org.user_id(Role::Participant)}),
        false,
    )
    .await;
    let open = app
        .plan_meeting(&coordinator, json!({"audience": "participants"}))
        .await;
    let public = app
        .plan_meeting(&coordinator, json!({"audience": "public"}))
        .await;
    let invited = app
        .plan_meeting(&coordinator, json!({"audience": "invited"}))
        .await;
    let ids = |p: &Page| -> Vec<String> {
        p.items
            .iter()
            .filter_map(|m| m["id"].as_str().map(String::from))
            .collect()
    };
    let participant = app.token(&org, Role::Participant).await;
    // Staff names and the caller's own places are in the agenda: never cached.
    let res = app.get_as(&participant, "/api/v1/meetings").await;
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let seen: Page = app.page(&participant, "/api/v1/meetings").await;
    assert_eq!(
        ids(&seen),
        [
            open["id"].as_str().unwrap_or(""),
            public["id"].as_str().unwrap_or("")
        ]
    );
    let path = |m: &Value| format!("/api/v1/meetings/{}", m["id"].as_str().unwrap_or(""));
    expect_problem(
        app.get_as(&participant, &path(&invited)).await,
        404,
        "not_found",
    )
    .await;
    let partner = app.token(&org, Role::Partner).await;
    let seen: Page = app.page(&partner, "/api/v1/meetings").await;
    assert_eq!(ids(&seen), [public["id"].as_str().unwrap_or("")]);
    let analyst = app.token(&org, Role::Analyst).await;
    assert_eq!(app.get_as(&analyst, "/api/v1/meetings").await.status(), 403);
    assert_eq!(app.get("/api/v1/meetings").await.status(), 401);
    // Another organisation's admin finds nothing and changes nothing.
    let stranger = app.token(&other, Role::Admin).await;
    let seen: Page = app.page(&stranger, "/api/v1/meetings").await;
    assert!(seen.items.is_empty());
    expect_problem(
        app.get_as(&stranger, &path(&public)).await,
        404,
        "not_found",
    )
    .await;
    let res = app
        .send_as(
            Method::PATCH,
            &stranger,
            &path(&public),
            Some(json!({"status": "cancelled", "version": 1})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let still: Value = app.get_json(&coordinator, &path(&public)).await;
    assert_eq!(
        (still["status"].as_str(), still["version"].as_i64()),
        (Some("planned"), Some(1))
    );
    // Only coordinators and admins plan and change meetings.
    for role in [
        Role::Adviser,
        Role::Mentor,
        Role::Participant,
        Role::Partner,
    ] {
        let token = app.token(&org, role).await;
        let res = app
            .send_as(
                Method::POST,
                &token,
                "/api/v1/meetings",
                Some(meeting_body(json!({}))),
            )
            .await;
        assert_eq!(res.status(), 403, "{role:?}");
    }
}

#[tokio::test]
async fn changes_need_the_version_and_bad_input_changes_nothing() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Spremembe");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let venue = app.create_venue(&coordinator, "Small room", Some(10)).await;
    let m = app
        .plan_meeting(&coordinator, json!({"venue_id": venue, "capacity": 8, "facilitator_ids": [org.user_id(Role::Adviser)]}))
        .await;
    assert_eq!(m["staff"].as_array().map(Vec::len), Some(2));
    assert_eq!(m["places_left"], 8);
    let path = format!("/api/v1/meetings/{}", m["id"].as_str().unwrap_or(""));
    let changed = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &path,
            json!({"title": {"en": "Panel"}, "capacity": 10, "version": 1}),
        )
        .await;
    assert_eq!(
        (
            changed["display_title"].as_str(),
            changed["version"].as_i64()
        ),
        (Some("Panel"), Some(2))
    );
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &path,
            Some(json!({"capacity": 9, "version": 1})),
        )
        .await;
    expect_problem(res, 409, "version_conflict").await;
    // More people than the room holds, an end before the start, nowhere to
    // meet, and an organiser who is not staff: each named, nothing stored.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &path,
            Some(json!({"capacity": 11, "end_local": "2026-05-16T15:00:00", "version": 2})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let fields: Vec<String> = error_fields(&problem).into_iter().map(|(f, _)| f).collect();
    assert!(
        fields.contains(&"capacity".to_string()) && fields.contains(&"end_local".to_string()),
        "{fields:?}"
    );
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/meetings",
            Some(meeting_body(
                json!({"online_url": null, "organiser_ids": [org.user_id(Role::Participant)],
                                     "kind": "party", "title": {}}),
            )),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert!(problem["errors"].as_array().is_some_and(|e| !e.is_empty()));
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/meetings",
            Some(meeting_body(
                json!({"online_url": null, "organiser_ids": [org.user_id(Role::Participant)]}),
            )),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let fields: Vec<String> = error_fields(&problem).into_iter().map(|(f, _)| f).collect();
    assert!(
        fields.contains(&"venue_id".to_string()) && fields.contains(&"organiser_ids".to_string()),
        "{fields:?}"
    );
    let now: Value = app.get_json(&coordinator, &path).await;
    assert_eq!(
        (now["capacity"].as_i64(), now["version"].as_i64()),
        (Some(10), Some(2))
    );
    let page: Page = app.page(&coordinator, "/api/v1/meetings").await;
    assert_eq!(page.items.len(), 1);
    // Cancelling is a change of status.
    let cancelled = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &path,
            json!({"status": "cancelled", "version": 2}),
        )
        .await;
    assert_eq!(cancelled["status"], "cancelled");
}

#[tokio::test]
async fn integrations_pull_changes_in_order() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Povzetek");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let a = app
        .plan_meeting(
            &coordinator,
            json!({"start_local": "2026-06-01T10:00:00", "end_local": "2026-06-01T11:00:00"}),
        )
        .await;
    let b = app.plan_meeting(&coordinator, json!({})).await;
    let since = a["updated_at"].as_str().unwrap_or("").to_string();
    let path = format!("/api/v1/meetings/{}", a["id"].as_str().unwrap_or(""));
    app.send_ok(
        &coordinator,
        Method::PATCH,
        &path,
        json!({"capacity": 5, "version": 1}),
    )
    .await;
    let page: Page = app
        .page(
            &coordinator,
            &format!(
                "/api/v1/meetings?limit=1&updated_since={}",
                since.replace(':', "%3A")
            ),
        )
        .await;
    assert_eq!(page.items[0]["id"], b["id"]);
    let next = page.next_cursor.unwrap_or_default();
    let page: Page = app
        .page(
            &coordinator,
            &format!(
                "/api/v1/meetings?limit=1&updated_since={}&cursor={next}",
                since.replace(':', "%3A")
            ),
        )
        .await;
    assert_eq!(page.items[0]["id"], a["id"]);
    assert_eq!(page.items[0]["capacity"], 5);
}
