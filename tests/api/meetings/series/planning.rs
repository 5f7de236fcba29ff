//! Planning a series: the meetings it makes, in local time across daylight
//! saving, and the rules it refuses.

use chrono::{Datelike, NaiveDate, Weekday};
use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{day, local, occurrences, s, series_body, tts_days, tue_thu_sat};
use crate::support::{error_fields, expect_problem, TestApp};

#[tokio::test]
async fn tue_thu_sat_from_15_may_to_15_july_is_26_meetings_at_four_local() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Serija");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let venue = app
        .create_venue(&coordinator, "Advising venue", Some(20))
        .await;
    let mut body = tue_thu_sat("2026-05-15", "2026-07-15");
    body["meeting"]["venue_id"] = json!(venue);
    body["meeting"]["online_url"] = Value::Null;
    body["meeting"]["kind"] = json!("office_hours");
    // A retry with the same Idempotency-Key gets the same series.
    let mut created = Vec::new();
    for _ in 0..2 {
        let res = app
            .client
            .post(app.url("/api/v1/meeting-series"))
            .bearer_auth(&coordinator)
            .header("Idempotency-Key", "summer-office-hours")
            .json(&body)
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 201);
        created.push(res.json::<Value>().await.expect("series"));
    }
    let series = &created[0];
    assert_eq!(created[1]["id"], series["id"]);
    assert_eq!(
        series["rrule"],
        "FREQ=WEEKLY;BYDAY=TU,TH,SA;UNTIL=20260715T215959Z"
    );
    assert_eq!(
        series["pattern"],
        json!({"freq": "weekly", "weekdays": ["tu", "th", "sa"], "until": "2026-07-15"})
    );
    // Friday 15 May is not a meeting: the rule starts on Saturday 16 May.
    assert_eq!(series["first_start_local"], "2026-05-16T16:00:00");
    assert_eq!(series["time_zone"], "Europe/Ljubljana");
    assert_eq!(series["duration_minutes"], 180);
    let occ = occurrences(series);
    assert_eq!(occ.len(), 26);
    let dates: Vec<NaiveDate> = occ.iter().map(|o| local(o, "start_local").date()).collect();
    assert_eq!(dates, tts_days(day("2026-05-15"), day("2026-07-15")));
    for o in &occ {
        assert_eq!(local(o, "start_local").format("%H:%M").to_string(), "16:00");
        assert_eq!(local(o, "end_local").format("%H:%M").to_string(), "19:00");
        assert!(s(o, "starts_at").ends_with("T14:00:00Z"), "{o}");
        assert_eq!(
            (o["status"].as_str(), o["detached"].as_bool()),
            (Some("planned"), Some(false))
        );
    }
    // Each is a meeting of its own, with the first meeting's fields.
    let id = s(series, "id");
    let agenda = app.agenda(&coordinator, &format!("&series_id={id}")).await;
    assert_eq!(agenda.len(), 26);
    let first = &agenda[0];
    assert_eq!(first["id"], occ[0]["meeting_id"]);
    assert_eq!(
        (
            s(first, "kind"),
            s(first, "series_id"),
            s(&first["venue"], "name")
        ),
        ("office_hours", id, "Advising venue")
    );
    assert_eq!(first["staff"][0]["user_id"], org.user_id(Role::Coordinator));
    assert_eq!(app.agenda(&coordinator, "").await.len(), 26);
    assert_eq!(
        app.series(&coordinator, id).await["occurrences"],
        series["occurrences"]
    );
    let audit = app.audit_rows(&org.id);
    assert!(audit
        .iter()
        .any(|(a, t, r, _)| a == "create" && t == "meeting_series" && r.as_deref() == Some(id)));
    // The same rule typed as an RRULE (lower case, a date for UNTIL) is the same series.
    let typed = app
        .create_series(
            &coordinator,
            series_body(
                json!({"start_local": "2026-05-16T16:00:00", "end_local": "2026-05-16T19:00:00"}),
                json!({"rrule": "freq=weekly;byday=TU,TH,SA;until=20260715"}),
            ),
        )
        .await;
    assert_eq!(typed["rrule"], series["rrule"]);
    assert_eq!(occurrences(&typed).len(), 26);
}

#[tokio::test]
async fn first_monday_of_every_month_is_at_six_local_in_winter_and_summer() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Panel");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let series = app
        .create_series(
            &coordinator,
            series_body(
                json!({"kind": "panel", "start_local": "2027-01-04T18:00:00", "end_local": "2027-01-04T20:00:00"}),
                json!({"pattern": {"freq": "monthly", "weekdays": ["mo"], "nth": 1, "count": 12}}),
            ),
        )
        .await;
    assert_eq!(series["rrule"], "FREQ=MONTHLY;BYDAY=1MO;COUNT=12");
    assert_eq!(
        series["pattern"],
        json!({"freq": "monthly", "weekdays": ["mo"], "nth": 1, "count": 12})
    );
    let occ = occurrences(&series);
    assert_eq!(occ.len(), 12);
    for (i, o) in occ.iter().enumerate() {
        let start = local(o, "start_local");
        assert_eq!(start.month() as usize, i + 1, "{o}");
        assert_eq!(start.weekday(), Weekday::Mon, "{o}");
        assert!(start.day() <= 7, "{o}");
        assert_eq!(start.format("%H:%M").to_string(), "18:00");
        // Summer time from 28 March to 31 October 2027: 16:00Z, else 17:00Z.
        let utc = if (4..=10).contains(&start.month()) {
            "T16:00:00Z"
        } else {
            "T17:00:00Z"
        };
        assert!(s(o, "starts_at").ends_with(utc), "{o}");
    }
    let april = app.meeting(&coordinator, s(&occ[3], "meeting_id")).await;
    assert_eq!(
        (s(&april, "starts_at"), s(&april, "ends_at")),
        ("2027-04-05T16:00:00Z", "2027-04-05T18:00:00Z")
    );
}

#[tokio::test]
async fn bad_rules_are_refused_with_their_field_and_store_nothing() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Pravila");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let meeting = json!({"start_local": "2027-03-01T16:00:00", "end_local": "2027-03-01T18:00:00"});
    let cases = [
        (
            json!({"rrule": "FREQ=WEEKLY;BYDAY=MO"}),
            "rrule",
            "unbounded",
        ),
        (
            json!({"rrule": "FREQ=HOURLY;COUNT=5"}),
            "rrule",
            "too_frequent",
        ),
        (
            json!({"rrule": "every monday please"}),
            "rrule",
            "invalid_rule",
        ),
        (
            json!({"rrule": "FREQ=DAILY;COUNT=500"}),
            "rrule",
            "too_many_occurrences",
        ),
        (
            json!({"rrule": "FREQ=WEEKLY;UNTIL=20270101"}),
            "rrule",
            "ends_before_start",
        ),
        (
            json!({"rrule": "DTSTART:20270301T160000\nRRULE:FREQ=DAILY;COUNT=2"}),
            "rrule",
            "dtstart_in_rule",
        ),
        (
            json!({"pattern": {"freq": "weekly", "weekdays": ["mo"]}}),
            "pattern",
            "unbounded",
        ),
        (
            json!({"pattern": {"freq": "daily", "until": "2029-12-31"}}),
            "pattern",
            "too_many_occurrences",
        ),
        (
            json!({"pattern": {"freq": "monthly", "weekdays": ["mo", "tu"], "nth": 1, "count": 3}}),
            "pattern",
            "invalid_pattern",
        ),
        (
            json!({"pattern": {"freq": "weekly", "weekdays": [], "count": 3}}),
            "pattern",
            "invalid_pattern",
        ),
        (
            json!({"rrule": "FREQ=DAILY;COUNT=2", "pattern": {"freq": "daily", "count": 2}}),
            "pattern",
            "conflict",
        ),
        (json!({}), "rrule", "required"),
    ];
    for (repeat, field, code) in cases {
        let res = app
            .send_as(
                Method::POST,
                &coordinator,
                "/api/v1/meeting-series",
                Some(series_body(meeting.clone(), repeat.clone())),
            )
            .await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(
            error_fields(&problem),
            [(field.to_string(), code.to_string())],
            "{repeat}"
        );
    }
    // A bad first meeting names its field inside `meeting`.
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/meeting-series",
            Some(series_body(
                json!({"end_local": "2027-03-01T15:00:00", "start_local": "2027-03-01T16:00:00"}),
                json!({"rrule": "FREQ=DAILY;COUNT=3"}),
            )),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("meeting.end_local".into(), "order".into())]
    );
    assert!(app.agenda(&coordinator, "").await.is_empty());
    let mut conn = app.conn();
    let stored: i64 = skupaj::db::schema::meeting_series::table
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn four_hundred_meetings_are_the_most_and_change_together() {
    // 400 daily meetings across both daylight-saving changes of 2027.
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Dolga Serija");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let series = app
        .create_series(
            &coordinator,
            series_body(
                json!({"start_local": "2027-01-01T09:00:00", "end_local": "2027-01-01T10:00:00"}),
                json!({"rrule": "FREQ=DAILY;COUNT=400"}),
            ),
        )
        .await;
    let occ = occurrences(&series);
    assert_eq!(occ.len(), 400);
    let first = s(&occ[0], "meeting_id").to_string();
    let changed = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &format!("/api/v1/meetings/{first}?scope=all"),
            json!({"start_local": "2027-01-01T10:00:00", "end_local": "2027-01-01T11:30:00", "capacity": 9, "version": 1}),
        )
        .await;
    assert_eq!(changed["capacity"], 9);
    let after = app.series(&coordinator, s(&series, "id")).await;
    assert!(occurrences(&after)
        .iter()
        .all(|o| local(o, "start_local").format("%H:%M").to_string() == "10:00"));
}
