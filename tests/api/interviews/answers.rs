//! Answers, checked by type against their question, all or nothing; and
//! completion, once the required questions are answered.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{error_fields, expect_problem, id, small_template, TestApp, SEW};

#[tokio::test]
async fn answers_are_checked_against_their_question_all_or_nothing() {
    let app = TestApp::spawn().await;
    app.import_esco("esco-v1.1");
    let org = app.create_org("Zavod Odgovori");
    let adviser = app.token(&org, Role::Adviser).await;
    let templates: Value = app
        .get_as(&adviser, "/api/v1/interview-templates")
        .await
        .json()
        .await
        .expect("json");
    let template = id(&templates[0]);
    let p = app.person(&adviser, json!({}), false).await;
    let interview = app
        .plan_interview(&adviser, &template, &[&p], "2026-11-20T10:00:00Z")
        .await
        .id;
    let a = |q: &str, v: Value| json!({"participant_id": p, "question_id": q, "value": v});

    let res = app.answer(&adviser, &interview, json!([
        a("preferred_place", json!("city")),
        a("preferred_place", json!("moon")),
        a("confidence", json!(11)),
        a("interest_mentoring", json!("yes")),
        a("needs", json!(["housing", "housing"])),
        a("available_from", json!("2026-02-30")),
        a("languages", json!([{"language": "ar", "level": "fluent"}])),
        a("skills_origin", json!([{"skill_uri": "http://example.org/esco/skill/nothing", "level": "basic"}])),
        a("children_count", json!(21)),
        a("no_such_question", json!(1)),
        {"participant_id": "someone-else", "question_id": "needs", "value": ["housing"]},
    ])).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let errors = error_fields(&problem);
    assert_eq!(
        errors,
        vec![
            ("answers[1].value".to_string(), "option".to_string()),
            ("answers[2].value".into(), "range".into()),
            ("answers[3].value".into(), "type".into()),
            ("answers[4].value".into(), "duplicate".into()),
            ("answers[5].value".into(), "date".into()),
            ("answers[6].value".into(), "level".into()),
            ("answers[7].value".into(), "unknown_skill".into()),
            ("answers[8].value".into(), "range".into()),
            ("answers[9].question_id".into(), "unknown".into()),
            ("answers[10].participant_id".into(), "not_present".into()),
        ]
    );
    // Nothing of the refused batch was kept, not even the valid answer.
    let stored: Value = app
        .get_as(&adviser, &format!("/api/v1/interviews/{interview}/answers"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(stored, json!([]));

    let res = app
        .answer(
            &adviser,
            &interview,
            json!([
                a("preferred_place", json!("city")),
                a("desired_work", json!("  Tailoring  ")),
                a(
                    "skills_origin",
                    json!([{"skill_uri": SEW, "level": "advanced"}])
                ),
                a("languages", json!([{"language": "ar", "level": "native"}])),
            ]),
        )
        .await;
    assert_eq!(res.status(), 200);
    let saved: Value = res.json().await.expect("json");
    assert_eq!(saved.as_array().map(Vec::len), Some(4));
    // One field at a time, as the runner saves; null clears.
    assert_eq!(
        app.answer(
            &adviser,
            &interview,
            json!([a("preferred_place", json!("rural"))])
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.answer(
            &adviser,
            &interview,
            json!([a("desired_work", Value::Null)])
        )
        .await
        .status(),
        200
    );
    let stored: Value = app
        .get_as(&adviser, &format!("/api/v1/interviews/{interview}/answers"))
        .await
        .json()
        .await
        .expect("json");
    let by_question: HashMap<&str, &Value> = stored
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| (s["question_id"].as_str().unwrap_or(""), &s["value"]))
        .collect();
    assert_eq!(by_question.get("preferred_place"), Some(&&json!("rural")));
    assert!(!by_question.contains_key("desired_work"));

    // Without the person's consent to keep a profile, answers are refused.
    let coordinator = app.token(&org, Role::Coordinator).await;
    let p2 = app.person(&coordinator, json!({}), false).await;
    let consents: Value = app
        .get_as(&coordinator, &format!("/api/v1/participants/{p2}/consents"))
        .await
        .json()
        .await
        .expect("json");
    let consent = id(&consents[0]);
    app.send_ok(
        &coordinator,
        Method::POST,
        &format!("/api/v1/participants/{p2}/consents/{consent}/withdraw"),
        json!({}),
    )
    .await;
    let other = app
        .plan_interview(&coordinator, &template, &[&p2], "2026-11-21T10:00:00Z")
        .await
        .id;
    let res = app
        .answer(
            &coordinator,
            &other,
            json!([{"participant_id": p2, "question_id": "preferred_place", "value": "city"}]),
        )
        .await;
    let problem = expect_problem(res, 409, "consent_required").await;
    assert_eq!(problem["participants"], json!([p2]));
}

#[tokio::test]
async fn an_interview_is_completed_only_when_required_questions_are_answered() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Zaključek");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let template = app
        .publish_template(&coordinator, small_template("Short"))
        .await;
    let a = app.person(&coordinator, json!({}), false).await;
    let b = app.person(&coordinator, json!({}), false).await;
    let interview = app
        .plan_interview(&coordinator, &template, &[&a, &b], "2026-11-12T09:00:00Z")
        .await
        .id;
    let complete = |version: i64| {
        let app = &app;
        let coordinator = coordinator.clone();
        let interview = interview.clone();
        async move {
            app.send_as(
                Method::POST,
                &coordinator,
                &format!("/api/v1/interviews/{interview}/complete"),
                Some(json!({"version": version})),
            )
            .await
        }
    };
    assert_eq!(
        app.answer(
            &coordinator,
            &interview,
            json!([{"participant_id": a, "question_id": "place", "value": "city"}])
        )
        .await
        .status(),
        200
    );
    let problem = expect_problem(complete(1).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"].as_array().map(Vec::len), Some(1));
    assert_eq!(problem["errors"][0]["field"], format!("answers[{b}].place"));
    assert_eq!(problem["errors"][0]["code"], "required");

    assert_eq!(
        app.answer(
            &coordinator,
            &interview,
            json!([{"participant_id": b, "question_id": "place", "value": "rural"}])
        )
        .await
        .status(),
        200
    );
    expect_problem(complete(9).await, 409, "version_conflict").await;
    let res = complete(1).await;
    assert_eq!(res.status(), 200);
    let done: Value = res.json().await.expect("json");
    assert_eq!(done["status"], "done");
    assert!(done["completed_at"].is_string());
    assert_eq!(done["participants"][0]["answered"], 1);

    // A done interview keeps its answers; only its notes can change.
    let res = app
        .answer(
            &coordinator,
            &interview,
            json!([{"participant_id": a, "question_id": "place", "value": "rural"}]),
        )
        .await;
    expect_problem(res, 409, "conflict").await;
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &format!("/api/v1/interviews/{interview}"),
            Some(json!({"version": 2, "status": "cancelled"})),
        )
        .await;
    expect_problem(res, 409, "conflict").await;
    let noted = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &format!("/api/v1/interviews/{interview}"),
            json!({"version": 2, "notes": "Both want to work soon."}),
        )
        .await;
    assert_eq!(noted["notes"], "Both want to work soon.");
    let stored: Value = app
        .get_as(
            &coordinator,
            &format!("/api/v1/interviews/{interview}/answers"),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(stored.as_array().map(Vec::len), Some(2));

    // Nobody present: a no-show, not a completion.
    let lonely = app
        .plan_interview(&coordinator, &template, &[&a], "2026-11-13T09:00:00Z")
        .await;
    app.send_ok(
        &coordinator,
        Method::PATCH,
        &format!("/api/v1/interviews/{}", lonely.id),
        json!({"version": 1, "participants": [{"participant_id": a, "attended": false}]}),
    )
    .await;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/interviews/{}/complete", lonely.id),
            Some(json!({"version": 2})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "none_present");
    let marked = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &format!("/api/v1/interviews/{}", lonely.id),
            json!({"version": 2, "status": "no_show"}),
        )
        .await;
    assert_eq!(marked["status"], "no_show");
}
