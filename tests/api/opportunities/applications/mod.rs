//! Applications: applying and proposing, eligibility, who sees which
//! application (the partner only while the person shares their profile),
//! each step made by the role that owns it and kept in the history,
//! interviews both sides see in their calendars, hires recorded as
//! outcomes, and the person's export and erasure.
//!
//! Steps and interviews are in `steps.rs`, the person's rights in `rights.rs`.

mod rights;
mod steps;

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, field_codes, TestApp};

pub(super) fn id_of(v: &Value) -> String {
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
    // The partner sees a proposal only once the person accepted it.
    app.share_with_partners(&h.coordinator, &h.amina).await;
    let path = format!("/api/v1/applications/{id}");
    expect_problem(app.get_as(&h.partner, &path).await, 404, "not_found").await;
    assert!(app
        .application_ids(&h.partner, "/api/v1/applications")
        .await
        .is_empty());
    let accepted = app.step(&h.participant, &id, "applied").await;
    assert_eq!(app.application(&h.partner, &id).await["state"], "applied");
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
    // A declined proposal never reaches the partner.
    let res = app
        .get_as(&h.partner, &format!("/api/v1/applications/{}", id_of(&b)))
        .await;
    expect_problem(res, 404, "not_found").await;
    let ids = app
        .application_ids(&h.partner, "/api/v1/applications")
        .await;
    assert_eq!(ids, [id.as_str()]);
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
