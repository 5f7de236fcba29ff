//! Changing this meeting, this and the following ones, or all of them.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{day, local, occurrences, s, series_body, tts_days, tue_thu_sat};
use crate::support::{error_fields, expect_problem, TestApp};

#[tokio::test]
async fn a_change_applies_to_this_one_the_following_ones_or_all_of_them() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Spremembe Serije");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let series = app
        .create_series(&coordinator, tue_thu_sat("2027-05-15", "2027-07-15"))
        .await;
    let sid = s(&series, "id").to_string();
    let ids: Vec<String> = occurrences(&series)
        .iter()
        .map(|o| s(o, "meeting_id").to_string())
        .collect();
    let n = tts_days(day("2027-05-15"), day("2027-07-15")).len();
    assert_eq!(ids.len(), n);
    let path = |i: usize, scope: &str| format!("/api/v1/meetings/{}?scope={scope}", ids[i]);

    // This one: only it changes, and it leaves the series' changes.
    let this = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &path(2, "this"),
            json!({"title": {"en": "Special session"}, "version": 1}),
        )
        .await;
    assert_eq!(
        (this["detached"].as_bool(), this["version"].as_i64()),
        (Some(true), Some(2))
    );
    let agenda = app.agenda(&coordinator, "").await;
    let titled = agenda
        .iter()
        .filter(|m| m["title"]["en"] == "Special session")
        .count();
    assert_eq!(titled, 1);

    // All of them: 16:00–19:00 becomes 17:00–20:30 on each one's own day,
    // with 12 places; the detached one keeps its own change and its time.
    let stale = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &path(4, "all"),
            Some(json!({"capacity": 12, "version": 7})),
        )
        .await;
    expect_problem(stale, 409, "version_conflict").await;
    let fifth = app.meeting(&coordinator, &ids[4]).await;
    let changed = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &path(4, "all"),
            json!({"start_local": local(&fifth, "start_local").date().and_hms_opt(17, 0, 0),
                   "end_local": local(&fifth, "start_local").date().and_hms_opt(20, 30, 0),
                   "capacity": 12, "version": 1}),
        )
        .await;
    assert_eq!(
        (changed["capacity"].as_i64(), changed["version"].as_i64()),
        (Some(12), Some(2))
    );
    let agenda = app.agenda(&coordinator, "").await;
    assert_eq!(agenda.len(), n);
    for m in &agenda {
        let start = local(m, "start_local");
        if m["id"] == json!(ids[2]) {
            assert_eq!(start.format("%H:%M").to_string(), "16:00");
            assert_eq!(
                (m["capacity"].clone(), m["title"]["en"].clone()),
                (Value::Null, json!("Special session"))
            );
        } else {
            assert_eq!(start.format("%H:%M").to_string(), "17:00", "{m}");
            assert_eq!(local(m, "end_local").format("%H:%M").to_string(), "20:30");
            assert!(s(m, "starts_at").ends_with("T15:00:00Z"), "{m}");
            assert_eq!(
                (m["capacity"].as_i64(), m["detached"].as_bool()),
                (Some(12), Some(false))
            );
        }
    }
    let after_all = app.series(&coordinator, &sid).await;
    assert_eq!(after_all["first_start_local"], "2027-05-15T17:00:00");
    assert_eq!(after_all["duration_minutes"], 210);
    assert_eq!(after_all["version"], 2);
    assert_eq!(
        after_all["pattern"],
        json!({"freq": "weekly", "weekdays": ["tu", "th", "sa"], "until": "2027-07-15"})
    );
    let keys: Vec<String> = occurrences(&after_all)
        .iter()
        .map(|o| s(o, "occurrence_local").to_string())
        .collect();
    assert!(keys.iter().all(|k| k.ends_with("T17:00:00")), "{keys:?}");

    // This and the following: from the 11th on, a new title in a new series.
    let eleventh = app.meeting(&coordinator, &ids[10]).await;
    let following = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &path(10, "following"),
            json!({"title": {"en": "Summer workshop"}, "version": eleventh["version"]}),
        )
        .await;
    let new_sid = s(&following, "series_id").to_string();
    assert_ne!(new_sid, sid);
    let agenda = app.agenda(&coordinator, "").await;
    for (i, m) in agenda.iter().enumerate() {
        let expected = match i {
            2 => "Special session",
            0..=9 => "Co-creation meeting",
            _ => "Summer workshop",
        };
        assert_eq!(m["title"]["en"], expected, "{i}: {m}");
        let in_series = if i < 10 { &sid } else { &new_sid };
        assert_eq!(s(m, "series_id"), in_series.as_str(), "{i}");
    }
    let old = app.series(&coordinator, &sid).await;
    let new = app.series(&coordinator, &new_sid).await;
    assert_eq!(occurrences(&old).len(), 10);
    assert_eq!(occurrences(&new).len(), n - 10);
    assert_eq!(new["first_start_local"], eleventh["start_local"]);
    // Changing all of the new series leaves the old one alone.
    let last = app.meeting(&coordinator, &ids[n - 1]).await;
    app.send_ok(
        &coordinator,
        Method::PATCH,
        &path(n - 1, "all"),
        json!({"childcare": true, "version": last["version"]}),
    )
    .await;
    let agenda = app.agenda(&coordinator, "").await;
    let childcare: Vec<bool> = agenda.iter().map(|m| m["childcare"] == true).collect();
    assert_eq!(childcare, (0..n).map(|i| i >= 10).collect::<Vec<_>>());
    // A meeting outside any series has no scope.
    let single = app.plan_meeting(&coordinator, json!({})).await;
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &format!("/api/v1/meetings/{}?scope=all", s(&single, "id")),
            Some(json!({"capacity": 3, "version": 1})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("scope".into(), "not_in_series".into())]
    );
}

#[tokio::test]
async fn past_meetings_stay_as_they_were_when_all_change() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Preteklost");
    let coordinator = app.token(&org, Role::Coordinator).await;
    // Daily at 10:00 from 10 days ago, for 20 days.
    let today = chrono::Utc::now().date_naive();
    let from = today - chrono::Duration::days(10);
    let series = app
        .create_series(
            &coordinator,
            series_body(
                json!({"start_local": format!("{from}T10:00:00"), "end_local": format!("{from}T11:00:00")}),
                json!({"pattern": {"freq": "daily", "count": 20}}),
            ),
        )
        .await;
    let occ = occurrences(&series);
    let future = occ
        .iter()
        .find(|o| local(o, "start_local").date() > today)
        .cloned()
        .unwrap_or_default();
    let date = local(&future, "start_local").date();
    app.send_ok(
        &coordinator,
        Method::PATCH,
        &format!("/api/v1/meetings/{}?scope=all", s(&future, "meeting_id")),
        json!({"start_local": date.and_hms_opt(9, 0, 0), "end_local": date.and_hms_opt(10, 0, 0),
               "title": {"en": "Morning"}, "version": 1}),
    )
    .await;
    let after = app.series(&coordinator, s(&series, "id")).await;
    let occ = occurrences(&after);
    assert_eq!(occ.len(), 20);
    for o in &occ {
        let start = local(o, "start_local");
        let m = app.meeting(&coordinator, s(o, "meeting_id")).await;
        if start.date() < today {
            assert_eq!(start.format("%H:%M").to_string(), "10:00", "{o}");
            assert_eq!(m["title"]["en"], "Co-creation meeting");
            assert_eq!(o["detached"], true);
        } else if start.date() > today {
            assert_eq!(start.format("%H:%M").to_string(), "09:00", "{o}");
            assert_eq!(m["title"]["en"], "Morning");
            assert_eq!(o["detached"], false);
        }
    }
    assert_eq!(
        local(&after, "first_start_local")
            .format("%H:%M")
            .to_string(),
        "09:00"
    );
}
