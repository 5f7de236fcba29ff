//! Attendance at the door: search by name and tick, walk-ins with and
//! without a record, closing marks the no-shows; and what is refused.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::bookings::{id, next_year, office_hours, participant};
use crate::support::{error_fields, expect_problem, TestApp};

/// Registers a person straight in the database, as the registrations
/// endpoints do (arrival number, the meeting's counts).
fn register(app: &TestApp, org: &str, meeting: &str, person: &str, waiting: bool) {
    use diesel::prelude::*;
    use skupaj::db::schema::{meeting_registrations as regs, meetings};
    let mut conn = app.conn();
    let now = Utc::now().naive_utc();
    let (r, w) = if waiting { (0, 1) } else { (1, 0) };
    diesel::update(meetings::table.filter(meetings::id.eq(meeting)))
        .set((
            meetings::arrivals.eq(meetings::arrivals + 1),
            meetings::registered_count.eq(meetings::registered_count + r),
            meetings::waiting_count.eq(meetings::waiting_count + w),
        ))
        .execute(&mut conn)
        .expect("count");
    let arrival: i32 = meetings::table
        .filter(meetings::id.eq(meeting))
        .select(meetings::arrivals)
        .first(&mut conn)
        .expect("arrival");
    diesel::insert_into(regs::table)
        .values((
            regs::id.eq(uuid::Uuid::now_v7().to_string()),
            regs::organization_id.eq(org),
            regs::meeting_id.eq(meeting),
            regs::participant_id.eq(person),
            regs::status.eq(if waiting { "waiting" } else { "registered" }),
            regs::arrival.eq(arrival),
            regs::created_at.eq(now),
            regs::updated_at.eq(now),
            regs::version.eq(1),
        ))
        .execute(&mut conn)
        .expect("registration");
}

/// Office hours in Ljubljana that started an hour ago and last three
/// hours, for 2 people; 20-minute slots.
async fn under_way(app: &TestApp, token: &str) -> Value {
    let start = (Utc::now() - Duration::hours(1))
        .with_timezone(&chrono_tz::Europe::Ljubljana)
        .naive_local();
    let end = start + Duration::hours(3);
    let fmt = "%Y-%m-%dT%H:%M:00";
    office_hours(
        app,
        token,
        "2000-01-01",
        json!({"start_local": start.format(fmt).to_string(), "end_local": end.format(fmt).to_string(), "capacity": 2}),
    )
    .await
}

fn names(list: &Value) -> Vec<&str> {
    list["people"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["name"].as_str())
        .collect()
}

#[tokio::test]
async fn the_door_finds_ticks_and_counts_everyone_and_closing_marks_the_no_shows() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Vrata");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let adviser = app.token(&org, Role::Adviser).await;
    let m = under_way(&app, &coordinator).await;
    let mid = id(&m);
    let (_, amina) = participant(&app, &org, &coordinator, "Amina Hadžić").await;
    let (_, omar) = participant(&app, &org, &coordinator, "Omar Haddad").await;
    let (_, olena) = participant(&app, &org, &coordinator, "Olena Kovalenko").await;
    let (_, farid) = participant(&app, &org, &coordinator, "Farid Ahmadi").await;
    let (booker, _) = participant(&app, &org, &coordinator, "Booked Person").await;
    register(&app, &org.id, &mid, &amina, false);
    register(&app, &org.id, &mid, &omar, false);
    register(&app, &org.id, &mid, &olena, true);
    // Someone books a slot still to come, and will not come.
    let slots: Vec<Value> = app
        .get_json(&booker, &format!("/api/v1/meetings/{mid}/slots"))
        .await;
    let later = slots.last().expect("a slot")["start"].clone();
    let res = app
        .send_as(
            Method::POST,
            &booker,
            &format!("/api/v1/meetings/{mid}/bookings"),
            Some(json!({"slot_start": later, "mode": "phone", "topic": "cv"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let door = format!("/api/v1/meetings/{mid}/attendance");
    // Search by name: any case, with or without accents.
    let res = app.get_as(&adviser, &format!("{door}?q=HAD")).await;
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let list: Value = res.json().await.expect("door list");
    assert_eq!(names(&list), ["Amina Hadžić", "Omar Haddad"]);
    let list: Value = app.get_json(&adviser, &format!("{door}?q=hadzic")).await;
    assert_eq!(names(&list), ["Amina Hadžić"]);
    let list: Value = app.get_json(&adviser, &door).await;
    assert_eq!(
        names(&list),
        ["Amina Hadžić", "Olena Kovalenko", "Omar Haddad"]
    );
    assert_eq!(list["people"][1]["status"], "waiting");
    assert_eq!(
        list["counts"],
        json!({"registered": 2, "waiting": 1, "attended": 0, "no_show": 0, "walk_ins": 0, "guests": 0, "present": 0})
    );
    // Tick Amina; tick her twice and she is counted once.
    let check_in = format!("{door}/check-in");
    let ticked = app
        .send_ok(
            &adviser,
            Method::POST,
            &check_in,
            json!({"participant_id": amina, "attended": true}),
        )
        .await;
    assert_eq!(
        (&ticked["entry"]["attendance"], &ticked["entry"]["walk_in"]),
        (&json!("attended"), &json!(false))
    );
    assert!(ticked["entry"]["checked_in_at"].is_string());
    let again = app
        .send_ok(
            &adviser,
            Method::POST,
            &check_in,
            json!({"participant_id": amina, "attended": true}),
        )
        .await;
    assert_eq!(
        again["entry"]["checked_in_at"],
        ticked["entry"]["checked_in_at"]
    );
    assert_eq!(again["counts"]["attended"], 1);
    // Olena was waiting and came: registered, beyond the capacity.
    let olena_in = app
        .send_ok(
            &adviser,
            Method::POST,
            &check_in,
            json!({"participant_id": olena, "attended": true}),
        )
        .await;
    assert_eq!(olena_in["entry"]["status"], "registered");
    // Farid has a record and was not registered: a walk-in.
    let walk_in = app
        .send_ok(
            &adviser,
            Method::POST,
            &check_in,
            json!({"participant_id": farid, "attended": true}),
        )
        .await;
    assert_eq!(
        (
            &walk_in["entry"]["status"],
            &walk_in["entry"]["walk_in"],
            &walk_in["entry"]["attendance"]
        ),
        (&json!("registered"), &json!(true), &json!("attended"))
    );
    assert_eq!(
        walk_in["counts"],
        json!({"registered": 4, "waiting": 0, "attended": 3, "no_show": 0, "walk_ins": 1, "guests": 0, "present": 3})
    );
    let meeting: Value = app
        .get_json(&coordinator, &format!("/api/v1/meetings/{mid}"))
        .await;
    assert_eq!(
        (
            &meeting["registered_count"],
            &meeting["waiting_count"],
            &meeting["places_left"]
        ),
        (&json!(4), &json!(0), &json!(0))
    );
    // A walk-in ticked by mistake is taken off the list again.
    let undone = app
        .send_ok(
            &adviser,
            Method::POST,
            &check_in,
            json!({"participant_id": farid, "attended": false}),
        )
        .await;
    assert_eq!(undone["entry"]["status"], "cancelled");
    assert_eq!(undone["counts"]["registered"], 3);
    let meeting: Value = app
        .get_json(&coordinator, &format!("/api/v1/meetings/{mid}"))
        .await;
    assert_eq!(meeting["registered_count"], 3);
    // Guests without a record: gender and age band only.
    let guests = format!("/api/v1/meetings/{mid}/guests");
    let g1: Value = app
        .create_at(
            &adviser,
            &guests,
            json!({"gender": "female", "age_band": "26_35"}),
        )
        .await;
    let mut keys: Vec<&String> = g1
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    keys.sort();
    assert_eq!(
        keys,
        ["age_band", "created_at", "gender", "id", "meeting_id"]
    );
    let _: Value = app
        .create_at(&adviser, &guests, json!({"gender": "male"}))
        .await;
    let mistake: Value = app.create_at(&adviser, &guests, json!({})).await;
    let res = app
        .send_as(
            Method::DELETE,
            &adviser,
            &format!("{guests}/{}", id(&mistake)),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    let res = app
        .send_as(
            Method::DELETE,
            &adviser,
            &format!("{guests}/{}", id(&mistake)),
            None,
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let problem = expect_problem(
        app.send_as(
            Method::POST,
            &adviser,
            &guests,
            Some(json!({"gender": "female", "name": "Ana"})),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert!(!error_fields(&problem).is_empty());
    let problem = expect_problem(
        app.send_as(
            Method::POST,
            &adviser,
            &guests,
            Some(json!({"age_band": "40_50"})),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        [("age_band".to_string(), "code".to_string())]
    );
    let list: Value = app.get_json(&adviser, &door).await;
    assert_eq!(
        (
            &list["guests"]["total"],
            &list["guests"]["by_gender"],
            &list["guests"]["by_age_band"]
        ),
        (
            &json!(2),
            &json!({"female": 1, "male": 1}),
            &json!({"26_35": 1})
        )
    );
    assert_eq!(list["counts"]["present"], 4);
    // Closing: Omar did not come, nor the person who booked.
    let closed = app
        .send_ok(
            &coordinator,
            Method::POST,
            &format!("{door}/close"),
            json!({}),
        )
        .await;
    assert_eq!(
        (
            &closed["meeting_status"],
            &closed["no_shows"],
            &closed["booking_no_shows"],
            &closed["version"]
        ),
        (&json!("done"), &json!(1), &json!(1), &json!(2))
    );
    assert_eq!(
        closed["counts"],
        json!({"registered": 3, "waiting": 0, "attended": 2, "no_show": 1, "walk_ins": 0, "guests": 2, "present": 4})
    );
    let list: Value = app.get_json(&adviser, &format!("{door}?q=omar")).await;
    assert_eq!(list["people"][0]["attendance"], "no_show");
    let meeting: Value = app
        .get_json(&coordinator, &format!("/api/v1/meetings/{mid}"))
        .await;
    assert_eq!(
        (&meeting["status"], &meeting["version"]),
        (&json!("done"), &json!(2))
    );
    let booked: Vec<Value> = app
        .get_json(&adviser, &format!("/api/v1/meetings/{mid}/bookings"))
        .await;
    assert_eq!(booked[0]["attendance"], "no_show");
    // Closing again changes nothing more.
    let closed = app
        .send_ok(
            &coordinator,
            Method::POST,
            &format!("{door}/close"),
            json!({}),
        )
        .await;
    assert_eq!(
        (&closed["no_shows"], &closed["version"]),
        (&json!(0), &json!(2))
    );
    let audited = app.audit_rows(&org.id);
    for (action, kind) in [
        ("list", "attendance"),
        ("check_in", "registration"),
        ("create", "meeting_guest"),
        ("close", "meeting"),
    ] {
        assert!(
            audited.iter().any(|(a, k, _, _)| a == action && k == kind),
            "{action} {kind}"
        );
    }
}

#[tokio::test]
async fn the_door_refuses_strangers_wrong_roles_early_closing_and_bad_input() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Prag");
    let other = app.create_org("Zavod Tuji");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let adviser = app.token(&org, Role::Adviser).await;
    let m = under_way(&app, &coordinator).await;
    let mid = id(&m);
    let (_, amina) = participant(&app, &org, &coordinator, "Amina Hadžić").await;
    register(&app, &org.id, &mid, &amina, false);
    let door = format!("/api/v1/meetings/{mid}/attendance");
    let check_in = format!("{door}/check-in");
    let guests = format!("/api/v1/meetings/{mid}/guests");
    let tick = json!({"participant_id": amina, "attended": true});
    // No token; roles that do not keep the door.
    assert_eq!(app.get(&door).await.status(), 401);
    for role in [
        Role::Mentor,
        Role::Participant,
        Role::Partner,
        Role::Analyst,
    ] {
        let token = app.token(&org, role).await;
        assert_eq!(app.get_as(&token, &door).await.status(), 403, "{role:?}");
        let res = app
            .send_as(Method::POST, &token, &check_in, Some(tick.clone()))
            .await;
        assert_eq!(res.status(), 403, "{role:?}");
        let res = app
            .send_as(Method::POST, &token, &guests, Some(json!({})))
            .await;
        assert_eq!(res.status(), 403, "{role:?}");
    }
    // Another organisation's staff find nothing and change nothing.
    let stranger = app.token(&other, Role::Admin).await;
    let (_, theirs) = participant(&app, &other, &stranger, "Their Person").await;
    expect_problem(app.get_as(&stranger, &door).await, 404, "not_found").await;
    let res = app
        .send_as(
            Method::POST,
            &stranger,
            &check_in,
            Some(json!({"participant_id": theirs, "attended": true})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .send_as(
            Method::POST,
            &stranger,
            &guests,
            Some(json!({"gender": "male"})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .send_as(
            Method::POST,
            &stranger,
            &format!("{door}/close"),
            Some(json!({})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    // Bad input: named, nothing stored.
    let res = app
        .send_as(
            Method::POST,
            &adviser,
            &check_in,
            Some(json!({"participant_id": theirs, "attended": true})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("participant_id".to_string(), "not_found".to_string())]
    );
    let (_, nobody) = participant(&app, &org, &coordinator, "Not Registered").await;
    let res = app
        .send_as(
            Method::POST,
            &adviser,
            &check_in,
            Some(json!({"participant_id": nobody, "attended": false})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("participant_id".to_string(), "not_registered".to_string())]
    );
    let res = app
        .send_as(
            Method::POST,
            &adviser,
            &check_in,
            Some(json!({"participant_id": amina, "attended": "yes"})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("attended".to_string(), "type".to_string())]
    );
    let list: Value = app.get_json(&adviser, &door).await;
    assert_eq!(
        list["counts"],
        json!({"registered": 1, "waiting": 0, "attended": 0, "no_show": 0, "walk_ins": 0, "guests": 0, "present": 0})
    );
    assert_eq!(list["meeting_status"], "planned");
    // A meeting still to come cannot be closed; a cancelled one has no door.
    let later = office_hours(
        &app,
        &coordinator,
        &format!("{}-11-17", next_year()),
        json!({}),
    )
    .await;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/meetings/{}/attendance/close", id(&later)),
            Some(json!({})),
        )
        .await;
    expect_problem(res, 409, "conflict").await;
    app.send_ok(
        &coordinator,
        Method::PATCH,
        &format!("/api/v1/meetings/{mid}"),
        json!({"status": "cancelled", "version": 1}),
    )
    .await;
    let res = app
        .send_as(Method::POST, &adviser, &check_in, Some(tick))
        .await;
    expect_problem(res, 409, "conflict").await;
    let res = app
        .send_as(Method::POST, &adviser, &guests, Some(json!({})))
        .await;
    expect_problem(res, 409, "conflict").await;
}
