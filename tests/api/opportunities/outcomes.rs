//! Outcomes: recorded by staff (an adviser for the people they advise) or
//! by the partner of an application while the person shares with
//! partners; changed with a version; counted per programme and year for
//! analysts, small cells suppressed.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::db::schema::{applications, consents, opportunities};
use skupaj::policy::Role;

use crate::support::{expect_problem, field_codes, Org, Setup, TestApp};

/// An open opportunity of `kind`, owned by the org's partner, written
/// straight into the table (the postings' API is tested on its own).
fn opportunity(app: &TestApp, org: &Org, kind: &str) -> String {
    let id = skupaj::ids::new_id();
    let now = skupaj::ids::now();
    let mut conn = app.conn();
    diesel::insert_into(opportunities::table)
        .values((
            opportunities::id.eq(&id),
            opportunities::organization_id.eq(&org.id),
            opportunities::kind.eq(kind),
            opportunities::status.eq("open"),
            opportunities::title.eq(r#"{"en":"Forklift driver"}"#),
            opportunities::provider_name.eq("Logistika Vrhnika"),
            opportunities::partner_user_id.eq(org.user_id(Role::Partner)),
            opportunities::place.eq("remote"),
            opportunities::created_at.eq(now),
            opportunities::updated_at.eq(now),
        ))
        .execute(&mut conn)
        .expect("opportunity");
    id
}

/// An application of `person` to `opportunity`, `created_at` in `year`.
fn application(app: &TestApp, org: &Org, opportunity: &str, person: &str, year: i32) -> String {
    let id = skupaj::ids::new_id();
    let at = chrono::NaiveDate::from_ymd_opt(year, 3, 1)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("date");
    let mut conn = app.conn();
    diesel::insert_into(applications::table)
        .values((
            applications::id.eq(&id),
            applications::organization_id.eq(&org.id),
            applications::opportunity_id.eq(opportunity),
            applications::participant_id.eq(person),
            applications::state.eq("interview"),
            applications::created_at.eq(at),
            applications::updated_at.eq(at),
        ))
        .execute(&mut conn)
        .expect("application");
    id
}

#[tokio::test]
async fn staff_record_and_change_outcomes_and_partners_only_their_consenting_applicants() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Izidi");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let partner = app.token(&org, Role::Partner).await;
    let adviser = app.token(&org, Role::Adviser).await;
    let person = app
        .person(
            &coordinator,
            json!({"adviser_id": org.user_id(Role::Adviser)}),
            false,
        )
        .await;
    let job = opportunity(&app, &org, "job");
    let applied = application(&app, &org, &job, &person, 2026);

    // The partner may not record it while the person does not share.
    let body = json!({"participant_id": person, "application_id": applied, "kind": "permanent", "starts_on": "2026-12-01"});
    let res = app
        .send_as(
            Method::POST,
            &partner,
            "/api/v1/outcomes",
            Some(body.clone()),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["participant_id:not_found"]);
    app.send_ok(
        &coordinator,
        Method::POST,
        &format!("/api/v1/participants/{person}/consents"),
        json!({"purpose": "partner_sharing", "text_version": "v1"}),
    )
    .await;
    let recorded: Value = app
        .create_at(&partner, "/api/v1/outcomes", body.clone())
        .await;
    assert_eq!(recorded["programme"], "job");
    assert_eq!(recorded["opportunity_id"], json!(job));
    assert_eq!(recorded["kind"], "permanent");
    assert_eq!(recorded["recorded_by"], json!(org.user_id(Role::Partner)));
    // One outcome per application.
    let res = app
        .send_as(Method::POST, &coordinator, "/api/v1/outcomes", Some(body))
        .await;
    expect_problem(res, 409, "conflict").await;

    // Bad input changes nothing.
    let res = app
        .send_as(Method::POST, &coordinator, "/api/v1/outcomes", Some(json!({"participant_id": person, "kind": "studies", "starts_on": "2026-10-01", "ends_on": "2026-09-01"})))
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["ends_on:before_start"]);
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/outcomes",
            Some(json!({"participant_id": person, "kind": "studies", "starts_on": "2026-10-01"})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["programme:required"]);
    // Self-employment on its own, recorded by the person's adviser.
    let own: Value = app
        .create_at(
            &adviser,
            "/api/v1/outcomes",
            json!({"participant_id": person, "programme": "mentoring_programme", "kind": "self_employment", "starts_on": "2026-11-01"}),
        )
        .await;
    let id = own["id"].as_str().expect("id");

    // Changed with its version; a stale one is 409.
    let changed = app
        .send_ok(
            &adviser,
            Method::PATCH,
            &format!("/api/v1/outcomes/{id}"),
            json!({"ends_on": "2027-10-31", "version": 1}),
        )
        .await;
    assert_eq!(changed["ends_on"], "2027-10-31");
    assert_eq!(changed["version"], 2);
    let res = app
        .send_as(
            Method::PATCH,
            &adviser,
            &format!("/api/v1/outcomes/{id}"),
            Some(json!({"kind": "studies", "version": 1})),
        )
        .await;
    expect_problem(res, 409, "version_conflict").await;

    // Lists: staff all, an adviser their people's; partners none.
    let page: Value = app
        .get_json(
            &coordinator,
            &format!("/api/v1/outcomes?participant_id={person}"),
        )
        .await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
    let page: Value = app.get_json(&adviser, "/api/v1/outcomes").await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
    let res = app.get_as(&partner, "/api/v1/outcomes").await;
    expect_problem(res, 403, "forbidden").await;
    expect_problem(app.get("/api/v1/outcomes").await, 401, "unauthorized").await;

    // Another organisation: 404, and the outcome is unchanged.
    let other = app.create_org("Drugi zavod");
    let stranger = app.token(&other, Role::Coordinator).await;
    let res = app
        .send_as(
            Method::PATCH,
            &stranger,
            &format!("/api/v1/outcomes/{id}"),
            Some(json!({"kind": "studies", "version": 2})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let page: Value = app.get_json(&stranger, "/api/v1/outcomes").await;
    assert_eq!(page["items"], json!([]));
    let page: Value = app
        .get_json(&coordinator, "/api/v1/outcomes?kind=self_employment")
        .await;
    assert_eq!(page["items"][0]["kind"], "self_employment");
    assert_eq!(page["items"][0]["version"], 2);

    // A withdrawn consent stops the partner again.
    let consent: Vec<String> = consents::table
        .filter(consents::participant_id.eq(&person))
        .filter(consents::purpose.eq("partner_sharing"))
        .select(consents::id)
        .load(&mut app.conn())
        .expect("consents");
    assert_eq!(consent.len(), 1);
    app.send_ok(
        &coordinator,
        Method::POST,
        &format!(
            "/api/v1/participants/{person}/consents/{}/withdraw",
            consent[0]
        ),
        json!({}),
    )
    .await;
    let again = application(&app, &org, &opportunity(&app, &org, "job"), &person, 2026);
    let res = app
        .send_as(
            Method::POST,
            &partner,
            "/api/v1/outcomes",
            Some(json!({"participant_id": person, "application_id": again, "kind": "permanent", "starts_on": "2026-12-01"})),
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;
}

#[tokio::test]
async fn analysts_see_outcomes_per_programme_and_year_with_small_cells_suppressed() {
    let app = TestApp::spawn_with(Setup {
        env: HashMap::from([("SKUPAJ_SUPPRESSION_THRESHOLD".into(), "3".into())]),
        ..Setup::default()
    })
    .await;
    let org = app.create_org("Zavod Številke");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let job = opportunity(&app, &org, "job");
    let course = opportunity(&app, &org, "course");
    // 2026: 4 hired into permanent jobs out of 5 applications; 1 course
    // completed out of 1 application (a small cell).
    for i in 0..6 {
        let person = app
            .person(&coordinator, json!({"name": format!("P{i}")}), false)
            .await;
        let (to, kind) = if i < 5 {
            (&job, "permanent")
        } else {
            (&course, "training")
        };
        let applied = application(&app, &org, to, &person, 2026);
        if i < 4 || i == 5 {
            app.create_at::<Value>(
                &coordinator,
                "/api/v1/outcomes",
                json!({"participant_id": person, "application_id": applied, "kind": kind, "starts_on": "2026-06-01"}),
            )
            .await;
        }
    }
    let analyst = app.token(&org, Role::Analyst).await;
    let stats: Value = app.get_json(&analyst, "/api/v1/outcomes/stats").await;
    assert_eq!(stats["suppression_threshold"], 3);
    assert_eq!(stats["kinds"][0], "permanent");
    let year = &stats["years"][0];
    assert_eq!(year["year"], 2026);
    assert_eq!(year["outcomes_total"], 5);
    assert_eq!(year["applications_total"], 6);
    let jobs = &year["programmes"][0];
    assert_eq!(jobs["programme"], "job");
    let courses = &year["programmes"][5];
    assert_eq!(courses["programme"], "course");
    // The one course outcome is a small programme: its total, its cells
    // and its rate are hidden; the year's total of 5 then tells that one
    // outcome is in a hidden programme, but not in which of the seven.
    assert_eq!(
        courses["outcomes_total"],
        json!({"count": null, "suppressed": true})
    );
    assert_eq!(
        courses["outcomes"][3],
        json!({"count": null, "suppressed": true})
    );
    assert_eq!(courses["rate_percent"], Value::Null);
    assert_eq!(
        jobs["outcomes_total"],
        json!({"count": 4, "suppressed": false})
    );
    // Its cell of 4 is hidden all the same: the kinds' totals are treated
    // as public, and beside them it would pin the hidden programmes'
    // permanent jobs to 0.
    assert_eq!(jobs["outcomes"][0]["suppressed"], true);
    assert_eq!(jobs["rate_percent"], 80.0);
    let hidden_programmes = year["programmes"].as_array().map(|p| {
        p.iter()
            .filter(|p| p["outcomes_total"]["suppressed"] == true)
            .count()
    });
    assert_eq!(hidden_programmes, Some(7));
    assert_eq!(
        jobs["applications"],
        json!({"count": 5, "suppressed": false})
    );
    assert_eq!(courses["applications"]["suppressed"], true);

    // Coordinators read them too; advisers and partners do not.
    app.get_json::<Value>(&coordinator, "/api/v1/outcomes/stats")
        .await;
    for role in [Role::Adviser, Role::Partner, Role::Participant] {
        let token = app.token(&org, role).await;
        expect_problem(
            app.get_as(&token, "/api/v1/outcomes/stats").await,
            403,
            "forbidden",
        )
        .await;
    }
    // API keys read them as analysts do.
    let admin = app.token(&org, Role::Admin).await;
    let key = app.create_api_key(&admin, json!({"name": "stats"})).await;
    let res = app.get_as(&key.secret, "/api/v1/outcomes/stats").await;
    assert_eq!(res.status(), 200);
}
