//! Postings: who may post, see and change them (partners only their own,
//! participants only open ones), every field rule (422, nothing stored),
//! internships of at most 240 hours and status moves with versions; the
//! lists (lists.rs: what participants see, accent-insensitive search, the
//! sync list with tombstones); the eligibility rules and the demo (demo.rs).

mod demo;
mod lists;

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::opportunities::{
    opportunity_body, BARCODE_SCANNING, FORKLIFT_OPERATOR, LIFT_HEAVY_WEIGHTS, OPERATE_FORKLIFT,
};
use crate::support::{expect_problem, field_codes, Org, Page, TestApp, PASSWORD};

pub(super) fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

/// Sets (or, with null, clears) the top-level fields of `change` in `body`.
fn merge(body: &mut Value, change: &Value) {
    if let (Some(b), Some(c)) = (body.as_object_mut(), change.as_object()) {
        for (k, v) in c {
            b.insert(k.clone(), v.clone());
        }
    }
}

pub(super) const LIST: &str = "/api/v1/opportunities";

pub(super) fn path(v: &Value) -> String {
    format!("{LIST}/{}", id(v))
}

pub(super) async fn setup(name: &str) -> (TestApp, Org) {
    let app = TestApp::spawn().await;
    app.load_starter();
    let org = app.create_org(name);
    (app, org)
}

/// A second partner member of `org`, and their token.
async fn other_partner(app: &TestApp, org: &Org) -> (String, String) {
    let email = format!("partner2-{}@example.org", &org.id[org.id.len() - 8..]);
    let (user, _) = app.add_account(&org.id, &email, "Kmetija Zelena dolina", Role::Partner);
    let token = app.tokens(&email, PASSWORD).await.access_token;
    (user, token)
}

#[tokio::test]
async fn a_partner_posts_a_job_and_staff_see_it_with_labelled_skills() {
    let (app, org) = setup("Zavod Delo").await;
    let partner = app.token(&org, Role::Partner).await;
    let job = app.create_opportunity(&partner, opportunity_body()).await;
    assert_eq!(job["partner_user_id"], org.user_id(Role::Partner));
    assert_eq!(job["status"], "open");
    assert!(job["opened_at"].is_string());
    assert_eq!(job["archived"], false);
    assert_eq!(job["version"], 1);
    assert_eq!(job["country"], "SI");
    assert_eq!(job["provider_sector"], "H52.10");
    assert_eq!(job["occupation_uri"], FORKLIFT_OPERATOR);
    assert_eq!(
        job["languages"],
        json!([{"language": "sl", "min_level": "A2"}])
    );
    assert_eq!(job["essential_skills"].as_array().expect("skills").len(), 3);
    assert_eq!(job["optional_skills"][0]["uri"], BARCODE_SCANNING);
    assert!(job["application"].is_null());
    // Labels in the caller's language.
    let adviser = app.token(&org, Role::Adviser).await;
    let res = app
        .client
        .get(app.url(&path(&job)))
        .bearer_auth(&adviser)
        .header("Accept-Language", "sl")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let seen: Value = res.json().await.expect("json");
    let labels: Vec<&str> = seen["essential_skills"]
        .as_array()
        .expect("skills")
        .iter()
        .map(|s| s["label"].as_str().expect("label"))
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("viličar")),
        "Slovenian labels: {labels:?}"
    );
    for role in [Role::Admin, Role::Coordinator, Role::Adviser, Role::Mentor] {
        let token = app.token(&org, role).await;
        let page: Page = app.page(&token, LIST).await;
        assert_eq!(page.items.len(), 1, "{role:?}");
    }
    // "Fill from an occupation": the concept gives the occupation's skills.
    let concept: Value = app
        .get_json(
            &partner,
            &format!("/api/v1/concepts?uri={FORKLIFT_OPERATOR}"),
        )
        .await;
    let essential: Vec<&str> = concept["essential_skills"]
        .as_array()
        .expect("essential")
        .iter()
        .map(|s| s["uri"].as_str().expect("uri"))
        .collect();
    assert!(essential.contains(&OPERATE_FORKLIFT), "{concept}");
    assert!(essential.contains(&LIFT_HEAVY_WEIGHTS), "{concept}");
    // Staff post on a partner's behalf, or for none; never for a non-partner.
    let coordinator = app.token(&org, Role::Coordinator).await;
    let mut body = opportunity_body();
    body["partner_user_id"] = json!(org.user_id(Role::Partner));
    let made = app.create_opportunity(&coordinator, body.clone()).await;
    assert_eq!(made["partner_user_id"], org.user_id(Role::Partner));
    body["partner_user_id"] = Value::Null;
    let made = app.create_opportunity(&coordinator, body.clone()).await;
    assert!(made["partner_user_id"].is_null());
    body["partner_user_id"] = json!(org.user_id(Role::Adviser));
    let res = app
        .send_as(Method::POST, &coordinator, LIST, Some(body.clone()))
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["partner_user_id:not_partner"]);
    // A partner posts only as themself.
    let (other, _) = other_partner(&app, &org).await;
    body["partner_user_id"] = json!(other);
    let res = app.send_as(Method::POST, &partner, LIST, Some(body)).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["partner_user_id:not_yours"]);
    let audit = app.audit_rows(&org.id);
    assert!(audit
        .iter()
        .any(|r| r.0 == "create" && r.1 == "opportunity"));
}

#[tokio::test]
async fn who_may_post_see_and_change() {
    let (app, org) = setup("Zavod Delo").await;
    let partner = app.token(&org, Role::Partner).await;
    let job = app.create_opportunity(&partner, opportunity_body()).await;
    // No token.
    for res in [
        app.get(LIST).await,
        app.get(&path(&job)).await,
        app.get("/api/v1/opportunities/eligibility-rules").await,
    ] {
        assert_eq!(res.status(), 401);
    }
    // Analysts neither post nor read postings; participants do not post.
    let analyst = app.token(&org, Role::Analyst).await;
    let res = app
        .send_as(Method::POST, &analyst, LIST, Some(opportunity_body()))
        .await;
    expect_problem(res, 403, "forbidden").await;
    expect_problem(app.get_as(&analyst, LIST).await, 403, "forbidden").await;
    let participant = app.token(&org, Role::Participant).await;
    let res = app
        .send_as(Method::POST, &participant, LIST, Some(opportunity_body()))
        .await;
    expect_problem(res, 403, "forbidden").await;
    let mentor = app.token(&org, Role::Mentor).await;
    let res = app
        .send_as(
            Method::PATCH,
            &mentor,
            &path(&job),
            Some(json!({"version": 1, "places": 3})),
        )
        .await;
    expect_problem(res, 403, "forbidden").await;
    // Another organisation: 404, unchanged.
    let other = app.create_org("Drug zavod");
    let outsider = app.token(&other, Role::Admin).await;
    expect_problem(app.get_as(&outsider, &path(&job)).await, 404, "not_found").await;
    let res = app
        .send_as(
            Method::PATCH,
            &outsider,
            &path(&job),
            Some(json!({"version": 1, "places": 9})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let page: Page = app.page(&outsider, LIST).await;
    assert!(page.items.is_empty());
    // Another partner of the same organisation sees nothing of it.
    let (_, second) = other_partner(&app, &org).await;
    let page: Page = app.page(&second, LIST).await;
    assert!(page.items.is_empty());
    expect_problem(app.get_as(&second, &path(&job)).await, 404, "not_found").await;
    let res = app
        .send_as(
            Method::PATCH,
            &second,
            &path(&job),
            Some(json!({"version": 1, "places": 9})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let seen: Value = app.get_json(&partner, &path(&job)).await;
    assert_eq!(seen["places"], 2);
    assert_eq!(seen["version"], 1);
    // The partner's own, with `mine`, also drafts; a partner cannot hand it on.
    let mut draft = opportunity_body();
    draft["status"] = json!("draft");
    app.create_opportunity(&second, draft).await;
    let mine: Page = app.page(&second, &format!("{LIST}?mine=true")).await;
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0]["status"], "draft");
    let res = app
        .send_as(
            Method::PATCH,
            &partner,
            &path(&job),
            Some(json!({"version": 1, "partner_user_id": null})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["partner_user_id:read_only"]);
    // Staff see both partners' postings.
    let coordinator = app.token(&org, Role::Coordinator).await;
    let page: Page = app.page(&coordinator, LIST).await;
    assert_eq!(page.items.len(), 2);
    // Staff's own: the ones they posted.
    let page: Page = app.page(&coordinator, &format!("{LIST}?mine=true")).await;
    assert!(page.items.is_empty());
    let mine = app
        .create_opportunity(&coordinator, opportunity_body())
        .await;
    let page: Page = app.page(&coordinator, &format!("{LIST}?mine=true")).await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0]["id"], mine["id"]);
}

#[tokio::test]
async fn every_field_rule_is_checked_and_nothing_is_stored() {
    let (app, org) = setup("Zavod Delo").await;
    let coordinator = app.token(&org, Role::Coordinator).await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({"title": {}}), "title:required"),
        (json!({"title": {"xx": "Job"}}), "title:code"),
        (json!({"kind": "gig"}), "kind:code"),
        (json!({"provider_name": ""}), "provider_name:required"),
        (json!({"hours_per_week": 61}), "hours_per_week:range"),
        (json!({"hours_per_week": 0}), "hours_per_week:range"),
        (
            json!({"starts_on": "2027-03-01", "ends_on": "2027-02-01"}),
            "ends_on:before_start",
        ),
        (
            json!({"pay_min_cents": 200000, "pay_max_cents": 100000}),
            "pay_min_cents:above_max",
        ),
        (
            json!({"paid": false, "pay_min_cents": null, "pay_period": null}),
            "pay_max_cents:unpaid",
        ),
        (
            json!({"essential_skills": ["http://example.org/no-such-skill"]}),
            "essential_skills:unknown",
        ),
        (
            json!({"essential_skills": [FORKLIFT_OPERATOR]}),
            "essential_skills:occupation",
        ),
        (
            json!({"optional_skills": [OPERATE_FORKLIFT]}),
            "optional_skills:also_essential",
        ),
        (
            json!({"teaches_skills": [OPERATE_FORKLIFT]}),
            "teaches_skills:kind",
        ),
        (
            json!({"languages": [{"language": "xx", "min_level": "A2"}]}),
            "languages:code",
        ),
        (
            json!({"languages": [{"language": "sl", "min_level": "Z9"}]}),
            "languages[0].min_level:code",
        ),
        (json!({"min_education": "phd"}), "min_education:code"),
        (json!({"municipality": null}), "municipality:required"),
        (json!({"country": "XX"}), "country:code"),
        (json!({"provider_sector": "52.24"}), "provider_sector:nace"),
        (json!({"provider_sector": "H5"}), "provider_sector:nace"),
        (
            json!({"occupation_uri": OPERATE_FORKLIFT}),
            "occupation_uri:not_occupation",
        ),
        (json!({"status": "closed"}), "status:transition"),
        (json!({"archived": true}), "archived:read_only"),
    ];
    for (change, expected) in cases {
        let mut body = opportunity_body();
        merge(&mut body, &change);
        let res = app
            .send_as(Method::POST, &coordinator, LIST, Some(body))
            .await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let codes = field_codes(&problem);
        assert!(
            codes.iter().any(|c| c == expected),
            "{change}: expected {expected}, got {codes:?}"
        );
    }
    // A remote job needs no municipality; a course may teach.
    let mut body = opportunity_body();
    body["place"] = json!("remote");
    body["municipality"] = Value::Null;
    app.create_opportunity(&coordinator, body).await;
    let mut course = opportunity_body();
    course["kind"] = json!("course");
    course["essential_skills"] = json!([]);
    course["teaches_skills"] = json!([OPERATE_FORKLIFT]);
    let made = app.create_opportunity(&coordinator, course).await;
    assert_eq!(made["teaches_skills"][0]["uri"], OPERATE_FORKLIFT);
    let page: Page = app.page(&coordinator, LIST).await;
    assert_eq!(page.items.len(), 2, "only the two valid ones were stored");
}

#[tokio::test]
async fn internships_have_at_most_240_hours() {
    let (app, org) = setup("Zavod Delo").await;
    let partner = app.token(&org, Role::Partner).await;
    let mut body = opportunity_body();
    body["kind"] = json!("internship");
    body["paid"] = json!(false);
    for k in ["pay_min_cents", "pay_max_cents", "pay_period"] {
        body[k] = Value::Null;
    }
    let res = app
        .send_as(Method::POST, &partner, LIST, Some(body.clone()))
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["total_hours:required"]);
    body["total_hours"] = json!(241);
    let res = app
        .send_as(Method::POST, &partner, LIST, Some(body.clone()))
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["total_hours:internship_max"]);
    body["total_hours"] = json!(240);
    let made = app.create_opportunity(&partner, body).await;
    assert_eq!(made["total_hours"], 240);
    assert_eq!(made["paid"], false);
    // A patch cannot stretch it either.
    let res = app
        .send_as(
            Method::PATCH,
            &partner,
            &path(&made),
            Some(json!({"version": 1, "total_hours": 300})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["total_hours:internship_max"]);
}

#[tokio::test]
async fn status_moves_with_versions() {
    let (app, org) = setup("Zavod Delo").await;
    let partner = app.token(&org, Role::Partner).await;
    let mut body = opportunity_body();
    body["status"] = json!("draft");
    let job = app.create_opportunity(&partner, body).await;
    assert!(job["opened_at"].is_null());
    let p = path(&job);
    let patch = |v: Value| {
        let app = &app;
        let partner = partner.clone();
        let p = p.clone();
        async move { app.send_as(Method::PATCH, &partner, &p, Some(v)).await }
    };
    let res = patch(json!({"version": 1, "status": "closed"})).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["status:transition"]);
    let opened: Value = patch(json!({"version": 1, "status": "open", "places": 3}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(opened["status"], "open");
    assert_eq!(opened["places"], 3);
    assert_eq!(opened["version"], 2);
    let first_opened = opened["opened_at"].clone();
    assert!(first_opened.is_string());
    // A stale version: 409, unchanged.
    let res = patch(json!({"version": 1, "places": 5})).await;
    expect_problem(res, 409, "version_conflict").await;
    let res = patch(json!({"version": 2})).await;
    assert_eq!(res.status(), 200);
    let res = patch(json!({"version": 3, "status": "draft"})).await;
    expect_problem(res, 422, "validation_failed").await;
    let closed: Value = patch(json!({"version": 3, "status": "closed"}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(closed["status"], "closed");
    let reopened: Value = patch(json!({"version": 4, "status": "open"}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(reopened["opened_at"], first_opened, "stamped once");
    let filled: Value = patch(json!({"version": 5, "status": "filled"}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(filled["status"], "filled");
    let res = patch(json!({"version": 6, "status": "open"})).await;
    expect_problem(res, 422, "validation_failed").await;
    // Skills and languages are replaced as a whole.
    let changed: Value = patch(json!({
        "version": 6,
        "essential_skills": [OPERATE_FORKLIFT],
        "optional_skills": [],
        "languages": [{"language": "sl", "min_level": "B1"}, {"language": "en", "min_level": "A2"}]
    }))
    .await
    .json()
    .await
    .expect("json");
    assert_eq!(changed["essential_skills"].as_array().expect("e").len(), 1);
    assert_eq!(changed["optional_skills"], json!([]));
    assert_eq!(changed["languages"].as_array().expect("l").len(), 2);
    // A language of a text is removed with null; the last one cannot be.
    let changed: Value = patch(json!({"version": 7, "title": {"en": null}}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(changed["title"], json!({"sl": "Voznik viličarja"}));
    let res = patch(json!({"version": 8, "title": {"sl": null}})).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["title:required"]);
    let changes: i64 = {
        use diesel::prelude::*;
        use skupaj::db::schema::match_changes;
        let mut conn = app.conn();
        match_changes::table
            .filter(match_changes::subject_id.eq(id(&job)))
            .count()
            .get_result(&mut conn)
            .expect("count")
    };
    assert_eq!(changes, 8, "every write tells matching");
}
