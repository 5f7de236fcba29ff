//! Applications: applying and proposing, eligibility, who sees which
//! application (the partner only while the person shares their profile),
//! each step made by the role that owns it and kept in the history,
//! interviews both sides see in their calendars, hires recorded as
//! outcomes, and the person's export and erasure.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, field_codes, TestApp};

fn id_of(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn a_participant_applies_once_and_the_right_people_see_it() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let a = app
        .apply(
            &h.participant,
            &h.job,
            json!({"cover_note": "I drove forklifts for six years in Aleppo."}),
        )
        .await;
    assert_eq!(a["state"], "applied");
    assert_eq!(a["participant_id"], h.amina.as_str());
    assert_eq!(a["proposed_by"], Value::Null);
    assert_eq!(a["opportunity"]["title"]["en"], "Forklift driver");
    assert_eq!(a["opportunity"]["status"], "open");
    assert_eq!(a["person"]["name"], "Amina Hadžić");
    assert_eq!(a["unread"], 0);
    assert_eq!(a["version"], 1);
    let id = id_of(&a);

    // The person, her adviser and staff see it, in lists too.
    for token in [&h.participant, &h.adviser, &h.coordinator, &h.admin] {
        let one = app.application(token, &id).await;
        assert_eq!(
            one["cover_note"],
            "I drove forklifts for six years in Aleppo."
        );
        assert_eq!(
            app.application_ids(token, "/api/v1/applications").await,
            [id.as_str()]
        );
    }
    // Filters.
    let path = format!(
        "/api/v1/applications?opportunity_id={}&state=applied",
        h.job
    );
    assert_eq!(
        app.application_ids(&h.coordinator, &path).await,
        [id.as_str()]
    );
    let path = "/api/v1/applications?state=hired";
    assert!(app.application_ids(&h.coordinator, path).await.is_empty());

    // Once per person and opportunity.
    let res = app
        .apply_raw(&h.participant, &h.job, json!({"cover_note": "Again"}))
        .await;
    expect_problem(res, 409, "already_applied").await;
    let res = app
        .apply_raw(
            &h.coordinator,
            &h.job,
            json!({"participant_id": h.amina, "cover_note": ""}),
        )
        .await;
    expect_problem(res, 409, "already_applied").await;

    // The history: one step, by the participant.
    let events: Value = app
        .get_json(&h.adviser, &format!("/api/v1/applications/{id}/events"))
        .await;
    assert_eq!(events.as_array().map(Vec::len), Some(1));
    assert_eq!(events[0]["from"], Value::Null);
    assert_eq!(events[0]["to"], "applied");
    assert_eq!(events[0]["by_role"], "participant");
}

#[tokio::test]
async fn refusals_no_token_wrong_role_bad_input_and_closed_opportunities() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let path = format!("/api/v1/opportunities/{}/applications", h.job);
    let res = app.get("/api/v1/applications").await;
    expect_problem(res, 401, "unauthorized").await;
    let res = app
        .client
        .post(app.url(&path))
        .json(&json!({"cover_note": "x"}))
        .send()
        .await
        .expect("request");
    expect_problem(res, 401, "unauthorized").await;
    for token in [&h.mentor, &h.analyst] {
        expect_problem(
            app.get_as(token, "/api/v1/applications").await,
            403,
            "forbidden",
        )
        .await;
        let res = app
            .apply_raw(token, &h.job, json!({"cover_note": "x"}))
            .await;
        expect_problem(res, 403, "forbidden").await;
    }
    // A partner does not apply.
    let res = app
        .apply_raw(
            &h.partner,
            &h.job,
            json!({"participant_id": h.amina, "cover_note": "x"}),
        )
        .await;
    expect_problem(res, 403, "forbidden").await;

    // A cover note past 4000 characters; staff must name the person.
    let long = "a".repeat(4001);
    let res = app
        .apply_raw(&h.participant, &h.job, json!({"cover_note": long}))
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), ["cover_note:length"]);
    let res = app
        .apply_raw(&h.adviser, &h.job, json!({"cover_note": "x"}))
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), ["participant_id:required"]);
    let res = app
        .apply_raw(
            &h.adviser,
            &h.job,
            json!({"participant_id": "nobody", "cover_note": "x"}),
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;
    let res = app
        .apply_raw(
            &h.participant,
            &h.job,
            json!({"cover_note": "x", "salary": 3}),
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;

    // Not open, or past its deadline.
    let draft = app.posting(&h.partner, json!({"status": "draft"})).await;
    let res = app
        .apply_raw(&h.participant, &draft, json!({"cover_note": "x"}))
        .await;
    expect_problem(res, 409, "opportunity_closed").await;
    {
        use diesel::prelude::*;
        use skupaj::db::schema::opportunities as o;
        let mut conn = app.conn();
        diesel::update(o::table.filter(o::id.eq(&h.job)))
            .set(o::deadline.eq(Some((Utc::now() - Duration::days(1)).date_naive())))
            .execute(&mut conn)
            .expect("deadline");
    }
    let res = app
        .apply_raw(&h.participant, &h.job, json!({"cover_note": "x"}))
        .await;
    expect_problem(res, 409, "opportunity_closed").await;
    let none: crate::support::Page = app.page(&h.admin, "/api/v1/applications").await;
    assert!(none.items.is_empty(), "nothing was written");
}

#[tokio::test]
async fn ineligible_people_are_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let last_month = (Utc::now() - Duration::days(35)).date_naive().to_string();
    let asylum = app
        .person(
            &h.coordinator,
            json!({"name": "Arrived Recently", "legal_status": "asylum_seeker", "work_permit": "none", "arrival_date": last_month}),
            false,
        )
        .await;
    let res = app
        .apply_raw(
            &h.adviser,
            &h.job,
            json!({"participant_id": asylum, "cover_note": "x"}),
        )
        .await;
    let p = expect_problem(res, 409, "not_eligible").await;
    assert_eq!(p["reason"], "too_early");
    let migrant = app
        .person(
            &h.coordinator,
            json!({"name": "No Permit", "legal_status": "labour_migrant", "work_permit": "none"}),
            false,
        )
        .await;
    let res = app
        .apply_raw(
            &h.coordinator,
            &h.job,
            json!({"participant_id": migrant, "cover_note": "x"}),
        )
        .await;
    let p = expect_problem(res, 409, "not_eligible").await;
    assert_eq!(p["reason"], "work_permit_required");
    // A course takes anyone.
    let course = app
        .posting(
            &h.partner,
            json!({"kind": "course", "title": {"en": "Forklift course"}, "contract_type": null, "paid": false,
                   "pay_min_cents": null, "pay_max_cents": null, "pay_period": null}),
        )
        .await;
    let a = app
        .apply(
            &h.adviser,
            &course,
            json!({"participant_id": asylum, "cover_note": "x"}),
        )
        .await;
    assert_eq!(a["state"], "proposed");
}

#[tokio::test]
async fn an_adviser_proposes_and_the_person_accepts_or_declines() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let a = app
        .apply(
            &h.adviser,
            &h.job,
            json!({"participant_id": h.amina, "cover_note": "Amina is careful and strong."}),
        )
        .await;
    assert_eq!(a["state"], "proposed");
    assert_eq!(a["proposed_by"], h.org.user_id(Role::Adviser));
    let id = id_of(&a);
    // Only the person accepts.
    let res = app
        .step_raw(&h.adviser, &id, json!({"to": "applied", "version": 1}))
        .await;
    expect_problem(res, 403, "forbidden").await;
    let res = app
        .step_raw(&h.partner, &id, json!({"to": "shortlisted", "version": 1}))
        .await;
    expect_problem(res, 404, "not_found").await;
    let accepted = app.step(&h.participant, &id, "applied").await;
    assert_eq!(accepted["state"], "applied");
    assert_eq!(accepted["version"], 2);
    let events: Value = app
        .get_json(&h.participant, &format!("/api/v1/applications/{id}/events"))
        .await;
    let steps: Vec<(Value, Value, Value)> = events
        .as_array()
        .expect("events")
        .iter()
        .map(|e| (e["from"].clone(), e["to"].clone(), e["by_role"].clone()))
        .collect();
    assert_eq!(
        steps,
        [
            (Value::Null, json!("proposed"), json!("adviser")),
            (json!("proposed"), json!("applied"), json!("participant")),
        ]
    );

    // Declining a proposal withdraws it.
    let other = app
        .posting(&h.partner, json!({"title": {"en": "Night shift"}}))
        .await;
    let b = app
        .apply(
            &h.coordinator,
            &other,
            json!({"participant_id": h.amina, "cover_note": ""}),
        )
        .await;
    let declined = app.step(&h.participant, &id_of(&b), "withdrawn").await;
    assert_eq!(declined["state"], "withdrawn");
    // An ended application moves no more.
    let res = app
        .step_raw(
            &h.participant,
            &id_of(&b),
            json!({"to": "applied", "version": declined["version"]}),
        )
        .await;
    expect_problem(res, 409, "invalid_transition").await;
}

#[tokio::test]
async fn the_partner_sees_an_applicant_only_while_she_shares_her_profile() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let a = app
        .apply(&h.participant, &h.job, json!({"cover_note": "Hello"}))
        .await;
    let id = id_of(&a);
    let path = format!("/api/v1/applications/{id}");
    expect_problem(app.get_as(&h.partner, &path).await, 404, "not_found").await;
    assert!(app
        .application_ids(&h.partner, "/api/v1/applications")
        .await
        .is_empty());

    let consent = app.share_with_partners(&h.coordinator, &h.amina).await;
    let seen = app.application(&h.partner, &id).await;
    assert_eq!(seen["person"]["view"], "shared");
    assert_eq!(seen["person"]["name"], "Amina Hadžić");
    assert_eq!(seen["person"]["education_level"], "isced_3");
    for hidden in [
        "phone",
        "email",
        "legal_status",
        "notes",
        "country_of_origin",
        "birth_year",
    ] {
        assert!(
            seen["person"].get(hidden).is_none(),
            "{hidden} is not shared"
        );
    }
    assert_eq!(
        app.application_ids(&h.partner, "/api/v1/applications")
            .await,
        [id.as_str()]
    );
    let shortlisted = app.step(&h.partner, &id, "shortlisted").await;
    assert_eq!(shortlisted["state"], "shortlisted");

    // Withdrawn: gone at once, and the partner can no longer act on it.
    app.withdraw_consent(&h.coordinator, &h.amina, &consent)
        .await;
    expect_problem(app.get_as(&h.partner, &path).await, 404, "not_found").await;
    assert!(app
        .application_ids(&h.partner, "/api/v1/applications")
        .await
        .is_empty());
    let res = app
        .step_raw(
            &h.partner,
            &id,
            json!({"to": "rejected", "version": shortlisted["version"]}),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app.get_as(&h.partner, &format!("{path}/events")).await;
    expect_problem(res, 404, "not_found").await;
    assert_eq!(
        app.application(&h.coordinator, &id).await["state"],
        "shortlisted"
    );

    // Another partner never sees applications to someone else's opportunity.
    let (_, _) = app.add_account(
        &h.org.id,
        "other-partner@example.org",
        "Other",
        Role::Partner,
    );
    app.share_with_partners(&h.coordinator, &h.amina).await;
    let other = app
        .tokens("other-partner@example.org", crate::support::PASSWORD)
        .await
        .access_token;
    expect_problem(app.get_as(&other, &path).await, 404, "not_found").await;
    assert!(app
        .application_ids(&other, "/api/v1/applications")
        .await
        .is_empty());
}

#[tokio::test]
async fn each_step_is_made_by_the_role_that_owns_it() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    app.share_with_partners(&h.coordinator, &h.amina).await;
    let id = id_of(
        &app.apply(&h.participant, &h.job, json!({"cover_note": "x"}))
            .await,
    );
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
async fn another_organisations_application_is_not_found_and_stays_unchanged() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let id = id_of(
        &app.apply(&h.participant, &h.job, json!({"cover_note": "x"}))
            .await,
    );
    let other = app.create_org("Društvo Drugje");
    let stranger = app.token(&other, Role::Coordinator).await;
    let path = format!("/api/v1/applications/{id}");
    expect_problem(app.get_as(&stranger, &path).await, 404, "not_found").await;
    let res = app
        .step_raw(&stranger, &id, json!({"to": "withdrawn", "version": 1}))
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .send_as(
            Method::POST,
            &stranger,
            &format!("{path}/messages"),
            Some(json!({"body": "hi"})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .apply_raw(
            &stranger,
            &h.job,
            json!({"participant_id": h.amina, "cover_note": "x"}),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    assert!(app
        .application_ids(&stranger, "/api/v1/applications")
        .await
        .is_empty());
    let same = app.application(&h.coordinator, &id).await;
    assert_eq!(same["state"], "applied");
    assert_eq!(same["version"], 1);
}

#[tokio::test]
async fn an_interview_is_a_meeting_in_both_calendars_and_a_hire_an_outcome() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    app.share_with_partners(&h.coordinator, &h.amina).await;
    let id = id_of(
        &app.apply(&h.participant, &h.job, json!({"cover_note": "x"}))
            .await,
    );
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

#[tokio::test]
async fn the_export_holds_applications_messages_and_outcomes_and_erasure_keeps_counts() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    app.share_with_partners(&h.coordinator, &h.amina).await;
    let id = id_of(
        &app.apply(&h.participant, &h.job, json!({"cover_note": "My note"}))
            .await,
    );
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
