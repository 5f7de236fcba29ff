//! Removed dates, changed rules and their tombstones; strangers and roles.

use chrono::{Datelike, Weekday};
use reqwest::Method;
use serde_json::json;
use skupaj::policy::Role;

use super::{day, local, occurrences, s, tts_days, tue_thu_sat};
use crate::support::{error_fields, expect_problem, Page, TestApp};

#[tokio::test]
async fn removed_dates_and_changed_rules_leave_tombstones() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Izjeme");
    let coordinator = app.token(&org, Role::Coordinator).await;
    // 17 June 2027 (a Thursday) is a holiday; 18 June is not a meeting.
    let mut body = tue_thu_sat("2027-06-01", "2027-06-30");
    body["exdates"] = json!(["2027-06-17T16:00:00", "2027-06-18T16:00:00"]);
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/meeting-series",
            Some(body.clone()),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("exdates[1]".into(), "not_an_occurrence".into())]
    );
    body["exdates"] = json!(["2027-06-17T16:00:00"]);
    let series = app.create_series(&coordinator, body).await;
    let sid = s(&series, "id").to_string();
    let june = tts_days(day("2027-06-01"), day("2027-06-30"));
    assert_eq!(june.len(), 13);
    let occ = occurrences(&series);
    assert_eq!(occ.len(), 12);
    assert!(occ
        .iter()
        .all(|o| local(o, "start_local").date() != day("2027-06-17")));
    assert_eq!(series["exdates"], json!(["2027-06-17T16:00:00"]));

    // "This one does not happen": its start joins the exdates, and it is a tombstone.
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let gone = occ[1].clone(); // Thursday 3 June
    let path = format!("/api/v1/meetings/{}", s(&gone, "meeting_id"));
    let res = app.send_as(Method::DELETE, &coordinator, &path, None).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("version".into(), "required".into())]
    );
    let res = app
        .send_as(
            Method::DELETE,
            &coordinator,
            &format!("{path}?version=1"),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    expect_problem(app.get_as(&coordinator, &path).await, 404, "not_found").await;
    let after = app.series(&coordinator, &sid).await;
    assert_eq!(
        after["exdates"],
        json!(["2027-06-03T16:00:00", "2027-06-17T16:00:00"])
    );
    assert_eq!(occurrences(&after).len(), 11);
    assert_eq!(app.agenda(&coordinator, "").await.len(), 11);
    let pulled: Page = app
        .page(
            &coordinator,
            &format!(
                "/api/v1/meetings?updated_since={}",
                since.replace(':', "%3A").replace('+', "%2B")
            ),
        )
        .await;
    let tombstone = pulled
        .items
        .iter()
        .find(|m| m["id"] == gone["meeting_id"])
        .cloned()
        .unwrap_or_default();
    assert!(tombstone["deleted_at"].is_string(), "{tombstone}");
    assert_eq!(tombstone["series_id"], json!(sid));

    // With people registered, removing is refused: cancel instead.
    let busy = occ[2].clone(); // Saturday 5 June
    app.register_people(s(&busy, "meeting_id"), 2);
    let busy_path = format!("/api/v1/meetings/{}", s(&busy, "meeting_id"));
    let res = app
        .send_as(
            Method::DELETE,
            &coordinator,
            &format!("{busy_path}?version=1"),
            None,
        )
        .await;
    let problem = expect_problem(res, 409, "conflict").await;
    assert!(s(&problem, "detail").starts_with("2 people"), "{problem}");
    // ...and so is a rule that drops Saturdays.
    let drop_saturdays = json!({"pattern": {"freq": "weekly", "weekdays": ["tu", "th"], "until": "2027-06-30"},
                                "version": after["version"]});
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &format!("/api/v1/meeting-series/{sid}"),
            Some(drop_saturdays.clone()),
        )
        .await;
    let problem = expect_problem(res, 409, "conflict").await;
    assert!(s(&problem, "detail").contains("2 people"), "{problem}");
    let cancelled = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &busy_path,
            json!({"status": "cancelled", "version": 1}),
        )
        .await;
    assert_eq!(cancelled["status"], "cancelled");
    app.register_people(s(&busy, "meeting_id"), 0);

    // Without Saturdays: they are removed, and tombstones too.
    let changed = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &format!("/api/v1/meeting-series/{sid}"),
            drop_saturdays,
        )
        .await;
    assert_eq!(
        changed["rrule"],
        "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630T215959Z"
    );
    let left = occurrences(&changed);
    // June 2027: 9 Tuesdays and Thursdays, without 3 and 17 June.
    assert_eq!(left.len(), 7);
    assert!(left
        .iter()
        .all(|o| local(o, "start_local").weekday() != Weekday::Sat));
    let pulled: Page = app
        .page(
            &coordinator,
            &format!(
                "/api/v1/meetings?limit=100&updated_since={}",
                since.replace(':', "%3A").replace('+', "%2B")
            ),
        )
        .await;
    let tombstones = pulled
        .items
        .iter()
        .filter(|m| m["deleted_at"].is_string())
        .count();
    assert_eq!(tombstones, 1 + 4);
    // Stale versions are refused; a longer rule adds meetings like the others.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &format!("/api/v1/meeting-series/{sid}"),
            Some(json!({"rrule": "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270715", "version": 1})),
        )
        .await;
    expect_problem(res, 409, "version_conflict").await;
    let longer = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &format!("/api/v1/meeting-series/{sid}"),
            json!({"rrule": "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270715", "exdates": [], "version": changed["version"]}),
        )
        .await;
    // Tue/Thu 1–15 July 2027 are 5 more, and 3 and 17 June come back.
    assert_eq!(occurrences(&longer).len(), 9 + 5);
    assert_eq!(longer["exdates"], json!([]));
    let agenda = app.agenda(&coordinator, "").await;
    assert_eq!(agenda.len(), 14);
    assert!(agenda
        .iter()
        .all(|m| m["title"]["en"] == "Co-creation meeting"
            && local(m, "start_local").format("%H:%M").to_string() == "16:00"));
}

#[tokio::test]
async fn strangers_find_no_series_and_only_coordinators_change_one() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Lastnik");
    let other = app.create_org("Zavod Tujec");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let series = app
        .create_series(&coordinator, tue_thu_sat("2027-05-15", "2027-05-31"))
        .await;
    let sid = s(&series, "id").to_string();
    let first = s(&occurrences(&series)[0], "meeting_id").to_string();
    let stranger = app.token(&other, Role::Admin).await;
    let series_path = format!("/api/v1/meeting-series/{sid}");
    expect_problem(app.get_as(&stranger, &series_path).await, 404, "not_found").await;
    let tries = [
        (
            Method::PATCH,
            series_path.clone(),
            Some(json!({"rrule": "FREQ=DAILY;COUNT=2", "version": 1})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/meetings/{first}?scope=all"),
            Some(json!({"capacity": 2, "version": 1})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/meetings/{first}?scope=following"),
            Some(json!({"capacity": 2, "version": 1})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/meetings/{first}?version=1"),
            None,
        ),
    ];
    for (method, path, body) in &tries {
        let res = app
            .send_as(method.clone(), &stranger, path, body.clone())
            .await;
        expect_problem(res, 404, "not_found").await;
    }
    assert_eq!(app.series(&coordinator, &sid).await, series);
    // Participants see the series of meetings open to them; they change nothing.
    let participant = app.token(&org, Role::Participant).await;
    app.person(
        &coordinator,
        json!({"name": "Own account", "user_id": org.user_id(Role::Participant)}),
        false,
    )
    .await;
    assert_eq!(
        occurrences(&app.series(&participant, &sid).await).len(),
        occurrences(&series).len()
    );
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
                "/api/v1/meeting-series",
                Some(tue_thu_sat("2027-05-15", "2027-05-31")),
            )
            .await;
        assert_eq!(res.status(), 403, "{role:?}");
        for (method, path, body) in &tries {
            let res = app
                .send_as(method.clone(), &token, path, body.clone())
                .await;
            assert_eq!(res.status(), 403, "{role:?} {method} {path}");
        }
    }
    let analyst = app.token(&org, Role::Analyst).await;
    assert_eq!(app.get_as(&analyst, &series_path).await.status(), 403);
    assert_eq!(app.get(&series_path).await.status(), 401);
    let res = app
        .client
        .post(app.url("/api/v1/meeting-series"))
        .json(&tue_thu_sat("2027-05-15", "2027-05-31"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 401);
    assert_eq!(app.series(&coordinator, &sid).await, series);
}
