//! Summaries for analysts and API keys (small groups suppressed, whole
//! years), exact ones for staff, and the coordinator's list of meetings
//! with attendance and satisfaction.

use diesel::prelude::*;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{attend, id, participant, rater, says_nothing_of, Rater};
use crate::support::{error_fields, expect_problem, Page, TestApp};

#[tokio::test]
async fn analysts_and_keys_get_small_groups_suppressed_over_whole_years() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Števec");
    let admin = app.token(&org, Role::Admin).await;
    let coordinator = app.token(&org, Role::Coordinator).await;
    let analyst = app.token(&org, Role::Analyst).await;
    let key = app
        .create_api_key(&admin, json!({"name": "City dashboard"}))
        .await
        .secret;
    // Six people rate a co-creation meeting in May 8; two rate a workshop
    // in June 5 and 7.
    let big = id(&app.plan_meeting(&coordinator, json!({})).await);
    let small = id(&app
        .plan_meeting(
            &coordinator,
            json!({"kind": "workshop", "title": {"en": "Sewing workshop"},
                   "start_local": "2026-06-10T10:00:00", "end_local": "2026-06-10T12:00:00"}),
        )
        .await);
    let mut raters = Vec::new();
    for n in 0..6 {
        raters.push(
            rater(
                &app,
                &org,
                &coordinator,
                &big,
                &format!("Big Rater {n}"),
                json!({"rating": 8}),
            )
            .await,
        );
    }
    for (n, r) in [5, 7].into_iter().enumerate() {
        raters.push(
            rater(
                &app,
                &org,
                &coordinator,
                &small,
                &format!("Small Rater {n}"),
                json!({"rating": r, "comment": "Premalo šivalnih strojev"}),
            )
            .await,
        );
    }
    let everyone: Vec<&Rater> = raters.iter().collect();
    let year = "from=2026-01-01&to=2026-12-31";
    // Staff: exact, per kind and per month.
    let by_kind: Value = app
        .get_json(
            &coordinator,
            &format!("/api/v1/meetings/feedback/summary?by=kind&{year}"),
        )
        .await;
    let kind = |s: &Value, k: &str| -> Value {
        s["groups"]
            .as_array()
            .and_then(|g| g.iter().find(|x| x["key"] == k))
            .cloned()
            .unwrap_or(Value::Null)
    };
    // One group per kind of meeting, rated or not.
    assert_eq!(
        by_kind["groups"].as_array().map(Vec::len),
        Some(skupaj::codes::MeetingKind::ALL.len())
    );
    assert_eq!(kind(&by_kind, "co_creation")["count"], 6);
    assert_eq!(kind(&by_kind, "co_creation")["mean"], 8.0);
    assert_eq!(kind(&by_kind, "workshop")["count"], 2);
    assert_eq!(kind(&by_kind, "workshop")["mean"], 6.0);
    assert_eq!(kind(&by_kind, "workshop")["label"], "Workshop");
    let by_month: Value = app
        .get_json(
            &coordinator,
            &format!("/api/v1/meetings/feedback/summary?by=period&{year}"),
        )
        .await;
    assert_eq!(by_month["groups"].as_array().map(Vec::len), Some(12));
    assert_eq!(kind(&by_month, "2026-05")["count"], 6);
    assert_eq!(kind(&by_month, "2026-06")["count"], 2);
    assert_eq!(kind(&by_month, "2026-06")["median"], 6.0);
    assert_eq!(kind(&by_month, "2026-07")["count"], 0);
    let workshops: Value = app
        .get_json(
            &coordinator,
            &format!("/api/v1/meetings/feedback/summary?by=meeting&kind=workshop&{year}"),
        )
        .await;
    assert_eq!(workshops["groups"].as_array().map(Vec::len), Some(1));
    assert_eq!(workshops["groups"][0]["key"], small);
    assert_eq!(workshops["groups"][0]["count"], 2);
    // Analysts and keys: the meeting rated by six is exact; the one rated
    // by two is merged away; the kinds below five are hidden.
    for token in [&analyst, &key] {
        let res = app
            .get_as(
                token,
                &format!("/api/v1/meetings/feedback/summary?by=meeting&{year}"),
            )
            .await;
        assert_eq!(res.status(), 200);
        let text = res.text().await.expect("text");
        says_nothing_of(&text, &everyone);
        assert!(!text.contains(&small), "{text}");
        let s: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(s["suppression_threshold"], 5);
        let shown = kind(&s, &big);
        assert_eq!(shown["count"], 6);
        assert_eq!(shown["suppressed"], false);
        assert_eq!(shown["mean"], 8.0);
        assert_eq!(shown["median"], 8.0);
        assert_eq!(
            shown["distribution"][7],
            json!({"rating": 8, "count": 6, "suppressed": false})
        );
        let merged = kind(&s, "suppressed");
        assert_eq!(merged["count"], Value::Null);
        assert_eq!(merged["suppressed"], true);
        assert_eq!(s["groups"].as_array().map(Vec::len), Some(2));
        let by_kind: Value = app
            .get_json(
                token,
                &format!("/api/v1/meetings/feedback/summary?by=kind&{year}"),
            )
            .await;
        assert_eq!(kind(&by_kind, "co_creation")["count"], 6);
        let ws = kind(&by_kind, "workshop");
        assert_eq!(
            (ws["count"].clone(), ws["suppressed"].clone()),
            (Value::Null, json!(true))
        );
        assert_eq!(
            (ws["mean"].clone(), ws["median"].clone()),
            (Value::Null, Value::Null)
        );
        assert!(ws["distribution"]
            .as_array()
            .expect("cells")
            .iter()
            .all(|c| c["suppressed"] == true && c["count"].is_null()));
        // The year: its total is public, its small cells are not.
        let by_year: Value = app
            .get_json(token, "/api/v1/meetings/feedback/summary?by=period")
            .await;
        assert_eq!(by_year["groups"].as_array().map(Vec::len), Some(1));
        assert_eq!(by_year["groups"][0]["key"], "2026");
        assert_eq!(by_year["groups"][0]["count"], 8);
        assert_eq!(by_year["groups"][0]["distribution"][4]["suppressed"], true);
        assert_eq!(by_year["groups"][0]["stats_suppressed"], true);
        assert_eq!(by_year["groups"][0]["mean"], Value::Null);
        // Only whole calendar years.
        for bad in [
            "by=period&from=2026-03-01&to=2026-12-31",
            "by=meeting&from=2026-01-01&to=2026-06-30",
        ] {
            let res = app
                .get_as(token, &format!("/api/v1/meetings/feedback/summary?{bad}"))
                .await;
            let problem = expect_problem(res, 422, "validation_failed").await;
            assert!(
                error_fields(&problem)
                    .iter()
                    .any(|(_, c)| c == "whole_year"),
                "{problem}"
            );
        }
        // The workshops alone: only the merged group.
        let only: Value = app
            .get_json(
                token,
                &format!("/api/v1/meetings/feedback/summary?by=meeting&kind=workshop&{year}"),
            )
            .await;
        assert_eq!(only["groups"].as_array().map(Vec::len), Some(1));
        assert_eq!(only["groups"][0]["key"], "suppressed");
    }
    // The coordinator's list: attendance and satisfaction per meeting.
    {
        use skupaj::db::schema::meeting_guests as guests;
        let mut conn = app.conn();
        diesel::insert_into(guests::table)
            .values((
                guests::id.eq(uuid::Uuid::now_v7().to_string()),
                guests::meeting_id.eq(&small),
                guests::created_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .execute(&mut conn)
            .expect("guest");
    }
    let (_, absent, _) = participant(&app, &org, &coordinator, "Absent Person").await;
    attend(&app, &org.id, &small, &absent, "no_show");
    let page: Page = app
        .page(
            &coordinator,
            "/api/v1/meetings/stats?from=2026-05-01&to=2026-06-30&limit=1",
        )
        .await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0]["meeting_id"], big);
    assert_eq!(page.items[0]["attended"], 6);
    assert_eq!(page.items[0]["registered"], 6);
    assert_eq!(page.items[0]["ratings"], 6);
    assert_eq!(page.items[0]["mean_rating"], 8.0);
    let cursor = page.next_cursor.expect("a second page");
    let page: Page = app
        .page(
            &coordinator,
            &format!(
                "/api/v1/meetings/stats?from=2026-05-01&to=2026-06-30&limit=1&cursor={cursor}"
            ),
        )
        .await;
    assert_eq!(page.items[0]["meeting_id"], small);
    assert_eq!(page.items[0]["title"], "Sewing workshop");
    assert_eq!(page.items[0]["attended"], 2);
    assert_eq!(page.items[0]["no_show"], 1);
    assert_eq!(page.items[0]["registered"], 3);
    assert_eq!(page.items[0]["guests"], 1);
    assert_eq!(page.items[0]["ratings"], 2);
    assert_eq!(page.items[0]["mean_rating"], 6.0);
    assert!(page.next_cursor.is_none());
    let res = app.get_as(&key, "/api/v1/meetings/stats").await;
    expect_problem(res, 403, "forbidden").await;
}

#[tokio::test]
async fn above_the_threshold_analysts_see_exact_numbers() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Veliki");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let analyst = app.token(&org, Role::Analyst).await;
    let meeting = id(&app.plan_meeting(&coordinator, json!({})).await);
    // Seven people: three rate 9, four rate 6: every cell below five, so
    // the distribution hides but the count and group stay.
    for (n, r) in [9, 9, 9, 6, 6, 6, 6].into_iter().enumerate() {
        rater(
            &app,
            &org,
            &coordinator,
            &meeting,
            &format!("Rater {n}"),
            json!({"rating": r}),
        )
        .await;
    }
    let s: Value = app
        .get_json(
            &analyst,
            "/api/v1/meetings/feedback/summary?by=meeting&from=2026-01-01&to=2026-12-31",
        )
        .await;
    let g = &s["groups"][0];
    assert_eq!(g["key"], meeting);
    assert_eq!(g["count"], 7);
    assert_eq!(g["stats_suppressed"], true);
    let cells = g["distribution"].as_array().expect("cells");
    assert!(cells[8]["suppressed"] == true && cells[5]["suppressed"] == true);
    assert!(cells.iter().all(|c| c["suppressed"] == true), "{cells:?}");
    let exact: Value = app
        .get_json(
            &coordinator,
            "/api/v1/meetings/feedback/summary?by=meeting&from=2026-01-01&to=2026-12-31",
        )
        .await;
    assert_eq!(exact["groups"][0]["mean"], 7.3);
    assert_eq!(exact["groups"][0]["median"], 6.0);
    assert_eq!(exact["groups"][0]["distribution"][8]["count"], 3);
}
