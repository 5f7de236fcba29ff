//! Calendars: one meeting's `.ics`, a person's feed at a secret address
//! that can be reset, and an organisation's public feed, each parsed by an
//! independent iCalendar parser.

use std::io::BufReader;

use ical::parser::ical::component::IcalCalendar;
use ical::property::Property;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, TestApp};

fn parse(text: &str) -> IcalCalendar {
    for line in text.trim_end_matches("\r\n").split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let mut all: Vec<IcalCalendar> = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("ical parses the file");
    assert_eq!(all.len(), 1, "one VCALENDAR");
    all.remove(0)
}

fn prop<'a>(props: &'a [Property], name: &str) -> Option<&'a Property> {
    props.iter().find(|p| p.name == name)
}

fn value(props: &[Property], name: &str) -> String {
    prop(props, name)
        .and_then(|p| p.value.clone())
        .unwrap_or_default()
}

fn tzid(props: &[Property], name: &str) -> Option<String> {
    prop(props, name)?
        .params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == "TZID")
        .and_then(|(_, v)| v.first().cloned())
}

async fn text(res: reqwest::Response) -> (u16, String, String) {
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, kind, res.text().await.unwrap_or_default())
}

#[tokio::test]
async fn one_meeting_is_a_valid_ics_file_in_the_venues_time_zone() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Koledar");
    let other = app.create_org("Zavod Tuji");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let venue = app
        .create_venue(&coordinator, "Advising venue", Some(20))
        .await;
    let m = app
        .plan_meeting(
            &coordinator,
            json!({"venue_id": venue, "title": {"en": "Panel, monthly; with tea", "ar": "اجتماع اللجنة"},
                   "start_local": "2026-11-14T16:00:00", "end_local": "2026-11-14T19:00:00"}),
        )
        .await;
    let path = format!(
        "/api/v1/meetings/{}/calendar.ics",
        m["id"].as_str().unwrap_or("")
    );
    let (status, kind, body) = text(app.get_as(&coordinator, &path).await).await;
    assert_eq!(status, 200, "{body}");
    assert!(kind.starts_with("text/calendar"), "{kind}");
    let cal = parse(&body);
    assert_eq!(value(&cal.properties, "VERSION"), "2.0");
    assert_eq!(cal.events.len(), 1);
    let e = &cal.events[0].properties;
    assert_eq!(value(e, "DTSTART"), "20261114T160000");
    assert_eq!(tzid(e, "DTSTART").as_deref(), Some("Europe/Ljubljana"));
    assert_eq!(value(e, "DTEND"), "20261114T190000");
    assert_eq!(value(e, "SUMMARY"), "Panel\\, monthly\\; with tea");
    assert!(value(e, "LOCATION").starts_with("Advising venue"));
    let zones: Vec<String> = cal
        .timezones
        .iter()
        .map(|z| value(&z.properties, "TZID"))
        .collect();
    assert_eq!(zones, ["Europe/Ljubljana"]);
    // In Arabic, the Arabic title.
    let (_, _, body) = text(app.get_as(&coordinator, &format!("{path}?lang=ar")).await).await;
    assert_eq!(
        value(&parse(&body).events[0].properties, "SUMMARY"),
        "اجتماع اللجنة"
    );
    // Nobody else's.
    assert_eq!(app.get(&path).await.status(), 401);
    let stranger = app.token(&other, Role::Admin).await;
    expect_problem(app.get_as(&stranger, &path).await, 404, "not_found").await;
    let analyst = app.token(&org, Role::Analyst).await;
    assert_eq!(app.get_as(&analyst, &path).await.status(), 403);
}

#[tokio::test]
async fn a_personal_feed_lives_at_a_secret_address_that_can_be_reset() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Naročnina");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let adviser = app.token(&org, Role::Adviser).await;
    let theirs = app
        .plan_meeting(&coordinator, json!({"facilitator_ids": [org.user_id(Role::Adviser)], "title": {"en": "Office hours"}}))
        .await;
    app.plan_meeting(&coordinator, json!({"title": {"en": "Not the adviser's"}}))
        .await;
    let feed: Value = app.get_json(&adviser, "/api/v1/calendar/feed").await;
    assert_eq!(feed["created_at"], Value::Null);
    let made: Value = app
        .create_at(&adviser, "/api/v1/calendar/feed", json!({}))
        .await;
    let url = made["url"].as_str().unwrap_or("").to_string();
    let path = url
        .split_once("/api/v1/")
        .map(|(_, p)| format!("/api/v1/{p}"))
        .unwrap_or_default();
    assert!(
        path.starts_with("/api/v1/calendar/feeds/") && path.len() > 60,
        "{url}"
    );
    // No login needed: the address is the key.
    let (status, kind, body) = text(app.get(&path).await).await;
    assert_eq!(status, 200, "{body}");
    assert!(kind.starts_with("text/calendar"));
    let cal = parse(&body);
    let titles: Vec<String> = cal
        .events
        .iter()
        .map(|e| value(&e.properties, "SUMMARY"))
        .collect();
    assert_eq!(titles, ["Office hours"]);
    assert_eq!(
        value(&cal.events[0].properties, "UID"),
        format!("{}@skupaj", theirs["id"].as_str().unwrap_or(""))
    );
    // The address is shown once; reading the feed later says only since when.
    let feed: Value = app.get_json(&adviser, "/api/v1/calendar/feed").await;
    assert_eq!(feed["url"], Value::Null);
    assert!(feed["created_at"].is_string());
    // Reset: the old address stops at once, the new one works.
    let again: Value = app
        .create_at(&adviser, "/api/v1/calendar/feed", json!({}))
        .await;
    assert_ne!(again["url"], made["url"]);
    expect_problem(app.get(&path).await, 404, "not_found").await;
    let new_path = again["url"]
        .as_str()
        .and_then(|u| u.split_once("/api/v1/"))
        .map(|(_, p)| format!("/api/v1/{p}"))
        .unwrap_or_default();
    assert_eq!(app.get(&new_path).await.status(), 200);
    // Stopped: gone.
    let res = app
        .send_as(Method::DELETE, &adviser, "/api/v1/calendar/feed", None)
        .await;
    assert_eq!(res.status(), 204);
    expect_problem(app.get(&new_path).await, 404, "not_found").await;
    expect_problem(
        app.get("/api/v1/calendar/feeds/not-a-secret").await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn the_public_feed_has_only_public_meetings_and_needs_no_login() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Javno");
    let coordinator = app.token(&org, Role::Coordinator).await;
    app.plan_meeting(
        &coordinator,
        json!({"audience": "public", "title": {"en": "Open market day"}}),
    )
    .await;
    app.plan_meeting(
        &coordinator,
        json!({"audience": "participants", "title": {"en": "Members only"}}),
    )
    .await;
    let cancelled = app
        .plan_meeting(
            &coordinator,
            json!({"audience": "public", "title": {"en": "Called off"}}),
        )
        .await;
    app.send_ok(
        &coordinator,
        Method::PATCH,
        &format!(
            "/api/v1/meetings/{}",
            cancelled["id"].as_str().unwrap_or("")
        ),
        json!({"status": "cancelled", "version": 1}),
    )
    .await;
    let (status, _, body) = text(
        app.get(&format!("/api/v1/organizations/{}/calendar", org.id))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let cal = parse(&body);
    assert_eq!(value(&cal.properties, "X-WR-CALNAME"), "Zavod Javno");
    let mut seen: Vec<(String, String)> = cal
        .events
        .iter()
        .map(|e| {
            (
                value(&e.properties, "SUMMARY"),
                value(&e.properties, "STATUS"),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("Called off".to_string(), "CANCELLED".to_string()),
            ("Open market day".to_string(), "CONFIRMED".to_string())
        ]
    );
    expect_problem(
        app.get("/api/v1/organizations/0190a0b0-0000-7000-8000-000000000000/calendar")
            .await,
        404,
        "not_found",
    )
    .await;
}
