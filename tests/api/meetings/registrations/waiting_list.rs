//! The waiting list moves: a cancellation or a capacity raised gives the
//! free places to the first people waiting, in the same transaction.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{future, id};
use crate::support::{error_fields, expect_problem, Page, TestApp};

#[tokio::test]
async fn a_cancellation_moves_the_first_waiting_person_up_and_they_see_it_at_home() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Vrsta");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let (amina, amina_token) = app
        .participant_account(&org.id, &coordinator, "Amina")
        .await;
    let (yusuf, yusuf_token) = app
        .participant_account(&org.id, &coordinator, "Yusuf")
        .await;
    let olena = app
        .person(&coordinator, json!({"name": "Olena"}), false)
        .await;
    let meeting = id(&app
        .plan_meeting(&coordinator, future(json!({"capacity": 1})))
        .await);

    // Amina registers herself and gets the one place; Yusuf waits, then Olena.
    let a = app.registered(&amina_token, &meeting, None).await;
    assert_eq!(a["status"], "registered");
    assert_eq!(a["participant_id"], amina.as_str());
    assert!(a["participant_name"].is_null(), "names are for staff");
    let y = app.registered(&yusuf_token, &meeting, Some(&yusuf)).await;
    assert_eq!(y["status"], "waiting");
    assert_eq!(y["waiting_position"], 1);
    let o = app.registered(&coordinator, &meeting, Some(&olena)).await;
    assert_eq!(
        (o["status"].as_str(), o["waiting_position"].as_i64()),
        (Some("waiting"), Some(2))
    );
    assert_eq!(o["participant_name"], "Olena");
    let home = app.meeting(&yusuf_token, &meeting).await;
    assert_eq!(home["my_place"]["status"], "waiting");
    assert_eq!(home["my_place"]["waiting_position"], 1);
    assert!(home["my_place"]["promoted_at"].is_null());

    // Yusuf may not cancel Amina's place: to him it does not exist.
    expect_problem(app.cancel(&yusuf_token, &a).await, 404, "not_found").await;

    // Amina cancels: Yusuf has her place in the same moment.
    let res = app.cancel(&amina_token, &a).await;
    assert_eq!(res.status(), 200);
    let cancelled: Value = res.json().await.expect("json");
    assert_eq!(cancelled["status"], "cancelled");
    assert!(cancelled["cancelled_at"].is_string());
    assert_eq!(cancelled["version"], 2);
    let home = app.meeting(&yusuf_token, &meeting).await;
    assert_eq!(home["my_place"]["status"], "registered");
    assert!(home["my_place"]["promoted_at"].is_string(), "{home}");
    assert!(home["my_place"]["waiting_position"].is_null());
    let mine: Page = app.page(&yusuf_token, "/api/v1/meetings?mine=true").await;
    assert_eq!(mine.items.len(), 1);
    assert!(mine.items[0]["my_place"]["promoted_at"].is_string());
    let m = app.meeting(&coordinator, &meeting).await;
    assert_eq!(
        (m["registered_count"].as_i64(), m["waiting_count"].as_i64()),
        (Some(1), Some(1))
    );
    let list = app.all_registrations(&coordinator, &meeting, 50).await;
    let olena_now = list
        .iter()
        .find(|r| r["participant_id"] == olena.as_str())
        .expect("Olena");
    assert_eq!(olena_now["waiting_position"], 1);

    // The same cancellation again: the version is gone.
    expect_problem(app.cancel(&amina_token, &a).await, 409, "version_conflict").await;
    // Cancelled at the current version: already cancelled.
    expect_problem(app.cancel(&amina_token, &cancelled).await, 409, "conflict").await;
    // Anything but cancelling is not a change this endpoint makes.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &format!("/api/v1/registrations/{}", id(&o)),
            Some(json!({"status": "registered", "version": 1})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("status".to_string(), "unsupported".to_string())]
    );

    // Amina comes back: at the end of the queue, with a new arrival.
    let again = app.registered(&amina_token, &meeting, None).await;
    assert_eq!(again["id"], a["id"], "the same registration, revived");
    assert_eq!(again["status"], "waiting");
    assert_eq!(again["arrival"], 4);
    assert_eq!(again["waiting_position"], 2);
    assert!(again["cancelled_at"].is_null());
    // And she cannot register twice.
    let twice = expect_problem(
        app.register(&amina_token, &meeting, None).await,
        409,
        "conflict",
    )
    .await;
    assert!(twice["detail"]
        .as_str()
        .is_some_and(|d| d.contains("waiting list")));

    // A waiting person who cancels frees no place: nobody moves.
    let res = app.cancel(&coordinator, &o).await;
    assert_eq!(res.status(), 200);
    let m = app.meeting(&coordinator, &meeting).await;
    assert_eq!(
        (m["registered_count"].as_i64(), m["waiting_count"].as_i64()),
        (Some(1), Some(1))
    );
    let home = app.meeting(&amina_token, &meeting).await;
    assert_eq!(home["my_place"]["waiting_position"], 1);
    let audit = app.audit_rows(&org.id);
    assert!(audit
        .iter()
        .any(|r| r.0 == "cancel" && r.1 == "registration"));
}

#[tokio::test]
async fn raising_the_capacity_moves_waiting_people_up_in_the_order_they_came() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Več Mest");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let meeting = app
        .plan_meeting(&coordinator, future(json!({"capacity": 1})))
        .await;
    let meeting_id = id(&meeting);
    for name in ["First", "Second", "Third", "Fourth", "Fifth"] {
        let p = app.person(&coordinator, json!({"name": name}), false).await;
        app.registered(&coordinator, &meeting_id, Some(&p)).await;
    }
    let path = format!("/api/v1/meetings/{meeting_id}");
    let m = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &path,
            json!({"capacity": 3, "version": meeting["version"]}),
        )
        .await;
    assert_eq!(
        (m["registered_count"].as_i64(), m["waiting_count"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(m["places_left"], 0);
    let list = app.all_registrations(&coordinator, &meeting_id, 2).await;
    let states: Vec<(&str, &str, bool)> = list
        .iter()
        .map(|r| {
            (
                r["participant_name"].as_str().unwrap_or(""),
                r["status"].as_str().unwrap_or(""),
                r["promoted_at"].is_string(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("First", "registered", false),
            ("Second", "registered", true),
            ("Third", "registered", true),
            ("Fourth", "waiting", false),
            ("Fifth", "waiting", false),
        ]
    );
    assert_eq!(list[3]["waiting_position"], 1);
    assert_eq!(list[4]["waiting_position"], 2);
    // Without a limit, everyone waiting gets in.
    let m = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &path,
            json!({"capacity": null, "version": m["version"]}),
        )
        .await;
    assert_eq!(
        (m["registered_count"].as_i64(), m["waiting_count"].as_i64()),
        (Some(5), Some(0))
    );
    assert!(m["places_left"].is_null());
    // Below the people registered is refused.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &path,
            Some(json!({"capacity": 2, "version": m["version"]})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("capacity".to_string(), "below_registered".to_string())]
    );
}
