//! Matches both ways on a hand-built data set from the starter taxonomy,
//! with the expected ranking and explanations written out: who is first and
//! why, what the second lacks (a narrower skill counts 80 %), the course
//! that closes the third's gap, the one the work-permit rule leaves out;
//! the partner's consent rule; the cache following the change log; who may.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::opportunities::{barcode, forklift, handling, lifting, match_body};
use crate::support::{expect_problem, Org, TestApp};

struct World {
    org: Org,
    job: String,
    course: String,
    ana: String,
    bor: String,
    cene: String,
    dina: String,
}

fn skill(uri: String) -> Value {
    json!({"skill_uri": uri, "level": "intermediate"})
}

/// Ana has every skill; Bor the narrower "operate forklift" and no barcode
/// scanning; Cene only lifting, Slovenian one level short, in Maribor; Dina
/// every skill but a pending permit. Bor and Cene share with partners.
async fn world(app: &TestApp) -> World {
    app.load_starter();
    let org = app.create_org("Zavod Delo");
    let admin = app.token(&org, Role::Admin).await;
    let sharing = json!({"purpose": "partner_sharing", "text_version": "v1"});
    let profile = json!({"purpose": "profile_processing", "text_version": "v1"});
    let person = |name: &str, status: &str, permit: &str, sl: &str, town: &str, share: bool| {
        let mut consents = vec![profile.clone()];
        if share {
            consents.push(sharing.clone());
        }
        json!({
            "name": name, "legal_status": status, "work_permit": permit,
            "arrival_date": "2024-01-10", "municipality": town, "education_level": "isced_3",
            "languages": [{"language": "sl", "level": sl}], "consents": consents
        })
    };
    let mut ana_body = person(
        "Ana",
        "international_protection",
        "granted",
        "C1",
        "Ljubljana",
        false,
    );
    ana_body["user_id"] = json!(org.user_id(Role::Participant));
    let ana = app.create_participant(&admin, ana_body).await.id;
    let bor = app
        .create_participant(
            &admin,
            person(
                "Bor",
                "subsidiary_protection",
                "granted",
                "B1",
                "Ljubljana",
                true,
            ),
        )
        .await
        .id;
    let cene = app
        .create_participant(
            &admin,
            person(
                "Cene",
                "international_protection",
                "granted",
                "A2",
                "Maribor",
                true,
            ),
        )
        .await
        .id;
    let dina = app
        .create_participant(
            &admin,
            person("Dina", "labour_migrant", "pending", "C2", "Ljubljana", true),
        )
        .await
        .id;
    for (who, skills) in [
        (&ana, vec![handling(), lifting(), barcode()]),
        (&bor, vec![forklift(), lifting()]),
        (&cene, vec![lifting()]),
        (&dina, vec![handling(), lifting(), barcode()]),
    ] {
        for s in skills {
            app.send_ok(
                &admin,
                Method::POST,
                &format!("/api/v1/participants/{who}/skills"),
                skill(s),
            )
            .await;
        }
    }
    // The partner posts the job; staff post the course.
    let partner = app.token(&org, Role::Partner).await;
    let job_body = match_body(
        "job",
        "Forklift driver",
        "Ljubljana",
        &[handling(), lifting()],
        &[barcode()],
        &[],
        &[("sl", "B1")],
    );
    let job = app.create_opportunity(&partner, job_body).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let course_body = match_body(
        "course",
        "Forklift course",
        "Ljubljana",
        &[],
        &[],
        &[forklift()],
        &[],
    );
    let course = app.create_opportunity(&admin, course_body).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    World {
        org,
        job,
        course,
        ana,
        bor,
        cene,
        dina,
    }
}

fn ids(v: &Value) -> Vec<&str> {
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["participant_id"].as_str().expect("id"))
        .collect()
}

#[tokio::test]
async fn people_for_a_job_are_ranked_and_explained_item_by_item() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let adviser = app.token(&w.org, Role::Adviser).await;
    let res = app
        .get_as(
            &adviser,
            &format!(
                "/api/v1/opportunities/{}/matches?with_ineligible=true",
                w.job
            ),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = res.json().await.expect("json");
    // Ana has it all (1000); Bor has "operate forklift", one step narrower
    // than "operate material handling equipment" (80 %), and no barcode
    // scanning: 450 + 0 + 150 + 100 + 100; Cene only lifts, speaks A2 for a
    // B1 job (half) and lives in Maribor: 250 + 0 + 75 + 100 + 0.
    assert_eq!(
        ids(&body),
        [w.ana.as_str(), w.bor.as_str(), w.cene.as_str()]
    );
    let scores: Vec<u64> = body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["score"].as_u64().expect("score"))
        .collect();
    assert_eq!(scores, [1000, 800, 425]);
    let bor = &body["items"][1];
    assert_eq!(
        bor["points"],
        json!({"essential": 450, "optional": 0, "languages": 150, "education": 100, "place": 100})
    );
    assert_eq!(bor["essential"][0]["skill"]["uri"], handling());
    assert_eq!(
        bor["essential"][0]["skill"]["label"],
        "operate material handling equipment"
    );
    assert_eq!(bor["essential"][0]["status"], "narrower");
    assert_eq!(bor["essential"][0]["credit"], 800);
    assert_eq!(bor["essential"][0]["through"]["label"], "operate forklift");
    assert_eq!(bor["essential"][0]["steps"], 1);
    assert_eq!(bor["essential"][1]["status"], "exact");
    assert_eq!(
        bor["optional"][0]["skill"]["label"],
        "use barcode scanning equipment"
    );
    assert_eq!(bor["optional"][0]["status"], "missing");
    assert_eq!(bor["person"]["name"], "Bor");
    assert_eq!(bor["eligibility"]["verdict"], "eligible");
    let cene = &body["items"][2];
    assert_eq!(cene["essential"][0]["status"], "missing");
    assert_eq!(
        cene["essential"][0]["courses"],
        json!([{"id": w.course, "title": "Forklift course"}])
    );
    assert_eq!(
        cene["languages"],
        json!([{"language": "sl", "required": "B1", "has": "A2", "met": false, "credit": 500}])
    );
    assert_eq!(cene["place_fit"], "elsewhere");
    // Dina would rank first, but her permit is pending.
    assert_eq!(body["ineligible"][0]["id"], w.dina.as_str());
    assert_eq!(body["ineligible"][0]["reason"], "work_permit_required");
    assert_eq!(body["ineligible"][0]["person"]["name"], "Dina");
    // Without asking, the ineligible are not listed; limit cuts the list.
    let top: Value = app
        .get_json(
            &adviser,
            &format!("/api/v1/opportunities/{}/matches?limit=2", w.job),
        )
        .await;
    assert_eq!(ids(&top), [w.ana.as_str(), w.bor.as_str()]);
    assert_eq!(top["ineligible"], json!([]));
    let rows = app.audit_rows(&w.org.id);
    assert!(rows
        .iter()
        .any(|r| r.0 == "read" && r.1 == "opportunity_matches" && r.2.as_deref() == Some(&w.job)));
}

#[tokio::test]
async fn a_person_sees_the_open_opportunities_that_match_them() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let me = app.token(&w.org, Role::Participant).await;
    let body: Value = app
        .get_json(&me, &format!("/api/v1/participants/{}/matches", w.ana))
        .await;
    let items = body["items"].as_array().expect("items");
    let job = items
        .iter()
        .find(|i| i["opportunity_id"] == w.job.as_str())
        .expect("the job");
    assert_eq!(job["score"], 1000);
    assert_eq!(job["opportunity"]["title"], "Forklift driver");
    assert_eq!(job["opportunity"]["kind"], "job");
    assert_eq!(job["opportunity"]["provider_name"], "Logistika d.o.o.");
    assert!(items
        .iter()
        .any(|i| i["opportunity_id"] == w.course.as_str()));
    // Someone else's matches are not hers to see.
    let res = app
        .get_as(&me, &format!("/api/v1/participants/{}/matches", w.bor))
        .await;
    expect_problem(res, 404, "not_found").await;
    // Dina may take the course, not the job: her permit is pending.
    let admin = app.token(&w.org, Role::Admin).await;
    let dina: Value = app
        .get_json(
            &admin,
            &format!(
                "/api/v1/participants/{}/matches?with_ineligible=true",
                w.dina
            ),
        )
        .await;
    let ids: Vec<&str> = dina["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["opportunity_id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, [w.course.as_str()]);
    assert_eq!(dina["ineligible"][0]["id"], w.job.as_str());
    assert_eq!(dina["ineligible"][0]["reason"], "work_permit_required");
    assert_eq!(
        dina["ineligible"][0]["opportunity"]["title"],
        "Forklift driver"
    );
    // Cene lacks "operate material handling equipment": the course closes it.
    let cene: Value = app
        .get_json(&admin, &format!("/api/v1/participants/{}/matches", w.cene))
        .await;
    let job = cene["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["opportunity_id"] == w.job.as_str())
        .expect("the job")
        .clone();
    assert_eq!(job["score"], 425);
    assert_eq!(
        job["essential"][0]["courses"],
        json!([{"id": w.course, "title": "Forklift course"}])
    );
}

#[tokio::test]
async fn the_partner_sees_only_people_who_share_and_a_withdrawal_hides_them() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let partner = app.token(&w.org, Role::Partner).await;
    let path = format!(
        "/api/v1/opportunities/{}/matches?with_ineligible=true",
        w.job
    );
    let body: Value = app.get_json(&partner, &path).await;
    // Ana does not share: the partner's first match is Bor.
    assert_eq!(ids(&body), [w.bor.as_str(), w.cene.as_str()]);
    assert_eq!(body["items"][0]["person"]["view"], "shared");
    assert!(body["items"][0]["person"].get("legal_status").is_none());
    assert_eq!(body["ineligible"][0]["id"], w.dina.as_str());
    // Bor withdraws his consent: he is gone from the next matches.
    let admin = app.token(&w.org, Role::Admin).await;
    let consents: Value = app
        .get_json(&admin, &format!("/api/v1/participants/{}/consents", w.bor))
        .await;
    let list = consents.get("items").unwrap_or(&consents);
    let consent = list
        .as_array()
        .expect("consents")
        .iter()
        .find(|c| c["purpose"] == "partner_sharing")
        .expect("partner_sharing")["id"]
        .as_str()
        .expect("id")
        .to_string();
    app.send_ok(
        &admin,
        Method::POST,
        &format!("/api/v1/participants/{}/consents/{consent}/withdraw", w.bor),
        json!({}),
    )
    .await;
    let body: Value = app.get_json(&partner, &path).await;
    assert_eq!(ids(&body), [w.cene.as_str()]);
    // Staff still see everyone.
    let body: Value = app.get_json(&admin, &path).await;
    assert_eq!(
        ids(&body),
        [w.ana.as_str(), w.bor.as_str(), w.cene.as_str()]
    );
}

#[tokio::test]
async fn the_cache_follows_skills_added_courses_closed_and_people_archived() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let admin = app.token(&w.org, Role::Admin).await;
    let path = format!("/api/v1/opportunities/{}/matches", w.job);
    let before: Value = app.get_json(&admin, &path).await;
    assert_eq!(before["items"][2]["score"], 425);
    app.send_ok(
        &admin,
        Method::POST,
        &format!("/api/v1/participants/{}/skills", w.cene),
        skill(handling()),
    )
    .await;
    let after: Value = app.get_json(&admin, &path).await;
    assert_eq!(
        ids(&after),
        [w.ana.as_str(), w.bor.as_str(), w.cene.as_str()]
    );
    assert_eq!(after["items"][2]["score"], 675);
    assert_eq!(after["items"][2]["essential"][0]["status"], "exact");
    // The course closes: it is no longer offered for a gap.
    app.send_ok(
        &admin,
        Method::PATCH,
        &format!("/api/v1/opportunities/{}", w.course),
        json!({"version": 1, "status": "closed"}),
    )
    .await;
    let bor: Value = app
        .get_json(&admin, &format!("/api/v1/participants/{}/matches", w.bor))
        .await;
    let offered: Vec<&str> = bor["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["opportunity_id"].as_str().expect("id"))
        .collect();
    assert_eq!(offered, [w.job.as_str()]);
    let dina_view: Value = app
        .get_json(
            &admin,
            &format!(
                "/api/v1/opportunities/{}/matches?with_ineligible=true",
                w.job
            ),
        )
        .await;
    assert_eq!(dina_view["ineligible"][0]["id"], w.dina.as_str());
    // Archived, she is out of the matches.
    let cene: Value = app
        .get_json(&admin, &format!("/api/v1/participants/{}", w.cene))
        .await;
    app.send_ok(
        &admin,
        Method::POST,
        &format!("/api/v1/participants/{}/archive", w.cene),
        json!({"version": cene["version"]}),
    )
    .await;
    let after: Value = app.get_json(&admin, &path).await;
    assert_eq!(ids(&after), [w.ana.as_str(), w.bor.as_str()]);
}

#[tokio::test]
async fn who_may_see_matches() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let job = format!("/api/v1/opportunities/{}/matches", w.job);
    let person = format!("/api/v1/participants/{}/matches", w.ana);
    for path in [&job, &person] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 401, "{path}");
        for role in [Role::Mentor, Role::Analyst] {
            let token = app.token(&w.org, role).await;
            expect_problem(app.get_as(&token, path).await, 403, "forbidden").await;
        }
    }
    let me = app.token(&w.org, Role::Participant).await;
    expect_problem(app.get_as(&me, &job).await, 403, "forbidden").await;
    let partner = app.token(&w.org, Role::Partner).await;
    expect_problem(app.get_as(&partner, &person).await, 403, "forbidden").await;
    let admin = app.token(&w.org, Role::Admin).await;
    let res = app.get_as(&admin, &format!("{job}?limit=0")).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(crate::support::field_codes(&problem), ["limit:range"]);
    // Another organisation's ids are absent.
    let other = app.create_org("Drugi zavod");
    let stranger = app.token(&other, Role::Admin).await;
    expect_problem(app.get_as(&stranger, &job).await, 404, "not_found").await;
    expect_problem(app.get_as(&stranger, &person).await, 404, "not_found").await;
}
