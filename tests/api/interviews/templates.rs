//! Interview templates: the shipped one in five languages, versions that
//! freeze when published, and drafts.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, id, small_template, texts, TestApp};

#[tokio::test]
async fn every_organisation_gets_the_shipped_template_in_five_languages() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Vprašalnik");
    let adviser = app.token(&org, Role::Adviser).await;
    let list: Value = app
        .get_as(&adviser, "/api/v1/interview-templates?lang=ar")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    let t = &list[0];
    assert_eq!(t["builtin"], true);
    assert_eq!(t["published_version"], 1);
    assert!(
        t["title"].as_str().is_some_and(|s| s.contains("مقابلة")),
        "{t}"
    );
    let v: Value = app
        .get_as(
            &adviser,
            &format!("/api/v1/interview-templates/{}/versions/1", id(t)),
        )
        .await
        .json()
        .await
        .expect("json");
    let questions: Vec<&Value> = v["content"]["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["questions"].as_array().into_iter().flatten())
        .collect();
    let ids: Vec<&str> = questions.iter().filter_map(|q| q["id"].as_str()).collect();
    for needed in [
        "needs",
        "skills_origin",
        "skills_host",
        "languages",
        "education_level",
        "job_search_problems",
        "origin_affected",
        "desired_work",
        "interest_mentoring",
        "interest_coworking",
        "interest_training",
        "certificates_wanted",
        "preferred_place",
        "childcare_needed",
    ] {
        assert!(ids.contains(&needed), "{needed} missing from {ids:?}");
    }
    let sensitive = questions
        .iter()
        .find(|q| q["id"] == "origin_affected")
        .expect("origin");
    assert_eq!(sensitive["sensitive"], true);
    let place = questions
        .iter()
        .find(|q| q["id"] == "preferred_place")
        .expect("place");
    let values: Vec<&str> = place["options"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["value"].as_str())
        .collect();
    assert_eq!(values, vec!["city", "rural", "no_preference"]);
    for lang in ["en", "sl", "ar", "uk", "fa"] {
        assert!(place["text"][lang].is_string(), "{lang}");
    }
    // Listing again does not make a second copy; advisers may not edit.
    let again: Value = app
        .get_as(&adviser, "/api/v1/interview-templates")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again.as_array().map(Vec::len), Some(1));
    let res = app
        .send_as(
            Method::POST,
            &adviser,
            "/api/v1/interview-templates",
            Some(small_template("Mine")),
        )
        .await;
    expect_problem(res, 403, "forbidden").await;
}

#[tokio::test]
async fn published_versions_are_frozen_and_answers_keep_the_version_they_answered() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Verzije");
    let coordinator = app.token(&org, Role::Coordinator).await;
    // An empty template may be drafted but not published.
    let empty = app
        .create_template(
            &coordinator,
            json!({"title": texts("Empty"), "sections": [{"id": "s", "title": texts("S"), "questions": []}]}),
        )
        .await;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/interview-templates/{empty}/publish"),
            Some(json!({"version": 1})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "no_questions");
    let template = app
        .publish_template(&coordinator, small_template("Work wishes"))
        .await;
    let amina = app.person(&coordinator, json!({}), false).await;
    let first = app
        .plan_interview(&coordinator, &template, &[&amina], "2026-10-01T09:00:00Z")
        .await;
    assert_eq!(first.template.version, 1);
    let res = app
        .answer(
            &coordinator,
            &first.id,
            json!([{"participant_id": amina, "question_id": "place", "value": "city"}]),
        )
        .await;
    assert_eq!(res.status(), 200);

    // Publishing again needs a draft; a draft without a version starts version 2.
    let mut v2 = small_template("Work wishes, second edition");
    v2["sections"][0]["questions"][0]["text"]["en"] = json!("Where would you like to work?");
    v2["sections"][0]["questions"]
        .as_array_mut()
        .expect("questions")
        .push(json!({"id": "remote", "type": "yes_no", "text": texts("Remote work?")}));
    let draft = app
        .send_ok(
            &coordinator,
            Method::PUT,
            &format!("/api/v1/interview-templates/{template}/draft"),
            json!({"content": v2}),
        )
        .await;
    assert_eq!(
        (draft["number"].clone(), draft["status"].clone()),
        (json!(2), json!("draft"))
    );
    // A question keeps its type under the same id.
    let mut bad = v2.clone();
    bad["sections"][0]["questions"][0] =
        json!({"id": "place", "type": "text", "text": texts("Where?")});
    let res = app
        .send_as(
            Method::PUT,
            &coordinator,
            &format!("/api/v1/interview-templates/{template}/draft"),
            Some(json!({"content": bad, "version": 1})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        problem["errors"][0]["field"],
        "sections[0].questions[0].type"
    );
    assert_eq!(problem["errors"][0]["code"], "type_changed");
    // A stale version is refused.
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/interview-templates/{template}/publish"),
            Some(json!({"version": 7})),
        )
        .await;
    expect_problem(res, 409, "version_conflict").await;
    app.send_ok(
        &coordinator,
        Method::POST,
        &format!("/api/v1/interview-templates/{template}/publish"),
        json!({"version": 1}),
    )
    .await;

    // Version 1 is unchanged, the old interview still answers version 1.
    let v1: Value = app
        .get_as(
            &coordinator,
            &format!("/api/v1/interview-templates/{template}/versions/1"),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v1["status"], "published");
    assert_eq!(
        v1["content"]["sections"][0]["questions"][0]["text"]["en"],
        "Where?"
    );
    assert_eq!(
        v1["content"]["sections"][0]["questions"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    let old: Value = app
        .get_as(&coordinator, &format!("/api/v1/interviews/{}", first.id))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(old["template"]["version"], 1);
    let res = app
        .answer(
            &coordinator,
            &first.id,
            json!([{"participant_id": amina, "question_id": "remote", "value": true}]),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "answers[0].question_id");
    let stored: Value = app
        .get_as(
            &coordinator,
            &format!("/api/v1/interviews/{}/answers", first.id),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(stored[0]["value"], "city");

    // A new interview uses version 2, which has the new question.
    let second = app
        .plan_interview(&coordinator, &template, &[&amina], "2026-11-01T09:00:00Z")
        .await;
    assert_eq!(second.template.version, 2);
    let res = app
        .answer(
            &coordinator,
            &second.id,
            json!([{"participant_id": amina, "question_id": "remote", "value": true}]),
        )
        .await;
    assert_eq!(res.status(), 200);
    let t: Value = app
        .get_as(
            &coordinator,
            &format!("/api/v1/interview-templates/{template}"),
        )
        .await
        .json()
        .await
        .expect("json");
    let counts: Vec<(i64, i64)> = t["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            (
                v["number"].as_i64().unwrap_or(0),
                v["interviews"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(counts, vec![(2, 1), (1, 1)]);
}
