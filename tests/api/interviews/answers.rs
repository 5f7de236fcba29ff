//! Interviews: versioned templates, planning with the recording-consent
//! rule, answers checked by type, completion, profile updates that need a
//! confirmation, and the analysis with small-cell suppression and CSV.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::helpers::{expect_problem, Org, Setup, TestApp};

const SEW: &str = "http://example.org/esco/skill/sew";

/// Creates a participant; `recording` adds the recording consent.
pub(crate) async fn person(app: &TestApp, token: &str, extra: Value, recording: bool) -> String {
    let mut consents = vec![json!({"purpose": "profile_processing", "text_version": "v1"})];
    if recording {
        consents.push(json!({"purpose": "interview_recording", "text_version": "v1"}));
    }
    let mut body = json!({"name": "Test Person", "consents": consents});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    let res = app
        .send_as(Method::POST, token, "/api/v1/participants", Some(body))
        .await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    let p: Value = res.json().await.expect("json");
    p["id"].as_str().expect("id").to_string()
}

pub(crate) async fn send(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Value,
) -> Value {
    let res = app.send_as(method, token, path, Some(body)).await;
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

pub(crate) fn texts(en: &str) -> Value {
    json!({ "en": en })
}

/// A small template: where to work (required choice), confidence (scale),
/// years of work (number), and a comment (text).
fn small_template(title: &str) -> Value {
    json!({
        "title": texts(title),
        "sections": [{
            "id": "work",
            "title": texts("Work"),
            "questions": [
                {"id": "place", "type": "single_choice", "required": true, "text": {"en": "Where?", "ar": "أين؟"},
                 "options": [
                    {"value": "city", "label": texts("City")},
                    {"value": "rural", "label": texts("Countryside")},
                    {"value": "no_preference", "label": texts("No preference")}
                 ]},
                {"id": "confidence", "type": "scale", "text": texts("How confident?")},
                {"id": "years", "type": "number", "min": 0, "max": 60, "text": texts("Years of work?")},
                {"id": "comment", "type": "text", "text": texts("Anything else?"), "sensitive": true}
            ]
        }]
    })
}

/// Creates and publishes a template; returns its id.
pub(crate) async fn published(app: &TestApp, token: &str, content: Value) -> String {
    let t = send(
        app,
        token,
        Method::POST,
        "/api/v1/interview-templates",
        content,
    )
    .await;
    let id = t["id"].as_str().expect("id").to_string();
    send(
        app,
        token,
        Method::POST,
        &format!("/api/v1/interview-templates/{id}/publish"),
        json!({"revision": 1}),
    )
    .await;
    id
}

pub(crate) async fn plan(
    app: &TestApp,
    token: &str,
    template: &str,
    people: &[&str],
    at: &str,
) -> Value {
    let kind = if people.len() == 1 {
        "individual"
    } else {
        "group"
    };
    let attendees: Vec<Value> = people
        .iter()
        .map(|p| json!({"participant_id": p, "language": "ar"}))
        .collect();
    send(
        app,
        token,
        Method::POST,
        "/api/v1/interviews",
        json!({"template_id": template, "kind": kind, "scheduled_at": at, "channel": "in_person",
               "language": "sl", "interpreter_language": "ar", "participants": attendees}),
    )
    .await
}

pub(crate) async fn answer(
    app: &TestApp,
    token: &str,
    interview: &str,
    answers: Value,
) -> reqwest::Response {
    app.send_as(
        Method::PUT,
        token,
        &format!("/api/v1/interviews/{interview}/answers"),
        Some(json!({ "answers": answers })),
    )
    .await
}

pub(crate) fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or("").to_string()
}

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
    let empty = send(
        &app,
        &coordinator,
        Method::POST,
        "/api/v1/interview-templates",
        json!({"title": texts("Empty"), "sections": [{"id": "s", "title": texts("S"), "questions": []}]}),
    )
    .await;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/interview-templates/{}/publish", id(&empty)),
            Some(json!({"revision": 1})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "no_questions");
    let template = published(&app, &coordinator, small_template("Work wishes")).await;
    let amina = person(&app, &coordinator, json!({}), false).await;
    let first = plan(
        &app,
        &coordinator,
        &template,
        &[&amina],
        "2026-10-01T09:00:00Z",
    )
    .await;
    assert_eq!(first["template"]["version"], 1);
    let res = answer(
        &app,
        &coordinator,
        &id(&first),
        json!([{"participant_id": amina, "question_id": "place", "value": "city"}]),
    )
    .await;
    assert_eq!(res.status(), 200);

    // Publishing again needs a draft; a draft without a revision starts version 2.
    let mut v2 = small_template("Work wishes, second edition");
    v2["sections"][0]["questions"][0]["text"]["en"] = json!("Where would you like to work?");
    v2["sections"][0]["questions"]
        .as_array_mut()
        .expect("questions")
        .push(json!({"id": "remote", "type": "yes_no", "text": texts("Remote work?")}));
    let draft = send(
        &app,
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
            Some(json!({"content": bad, "revision": 1})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        problem["errors"][0]["field"],
        "sections[0].questions[0].type"
    );
    assert_eq!(problem["errors"][0]["code"], "type_changed");
    // A stale revision is refused.
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/interview-templates/{template}/publish"),
            Some(json!({"revision": 7})),
        )
        .await;
    expect_problem(res, 409, "version_conflict").await;
    send(
        &app,
        &coordinator,
        Method::POST,
        &format!("/api/v1/interview-templates/{template}/publish"),
        json!({"revision": 1}),
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
        .get_as(&coordinator, &format!("/api/v1/interviews/{}", id(&first)))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(old["template"]["version"], 1);
    let res = answer(
        &app,
        &coordinator,
        &id(&first),
        json!([{"participant_id": amina, "question_id": "remote", "value": true}]),
    )
    .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "answers[0].question_id");
    let stored: Value = app
        .get_as(
            &coordinator,
            &format!("/api/v1/interviews/{}/answers", id(&first)),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(stored[0]["value"], "city");

    // A new interview uses version 2, which has the new question.
    let second = plan(
        &app,
        &coordinator,
        &template,
        &[&amina],
        "2026-11-01T09:00:00Z",
    )
    .await;
    assert_eq!(second["template"]["version"], 2);
    let res = answer(
        &app,
        &coordinator,
        &id(&second),
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

#[tokio::test]
async fn answers_are_checked_against_their_question_all_or_nothing() {
    let app = TestApp::spawn().await;
    crate::skills::import(&app, "esco-v1.1");
    let org = app.create_org("Zavod Odgovori");
    let adviser = app.token(&org, Role::Adviser).await;
    let templates: Value = app
        .get_as(&adviser, "/api/v1/interview-templates")
        .await
        .json()
        .await
        .expect("json");
    let template = id(&templates[0]);
    let p = person(&app, &adviser, json!({}), false).await;
    let interview = id(&plan(&app, &adviser, &template, &[&p], "2026-11-20T10:00:00Z").await);
    let a = |q: &str, v: Value| json!({"participant_id": p, "question_id": q, "value": v});

    let res = answer(&app, &adviser, &interview, json!([
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
    let errors: Vec<(String, String)> = problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or("").to_string(),
                e["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
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

    let res = answer(
        &app,
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
        answer(
            &app,
            &adviser,
            &interview,
            json!([a("preferred_place", json!("rural"))])
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        answer(
            &app,
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
    let p2 = person(&app, &coordinator, json!({}), false).await;
    let consents: Value = app
        .get_as(&coordinator, &format!("/api/v1/participants/{p2}/consents"))
        .await
        .json()
        .await
        .expect("json");
    let consent = id(&consents[0]);
    send(
        &app,
        &coordinator,
        Method::POST,
        &format!("/api/v1/participants/{p2}/consents/{consent}/withdraw"),
        json!({}),
    )
    .await;
    let other = id(&plan(
        &app,
        &coordinator,
        &template,
        &[&p2],
        "2026-11-21T10:00:00Z",
    )
    .await);
    let res = answer(
        &app,
        &coordinator,
        &other,
        json!([{"participant_id": p2, "question_id": "preferred_place", "value": "city"}]),
    )
    .await;
    let problem = expect_problem(res, 409, "consent_required").await;
    assert_eq!(problem["participants"], json!([p2]));
}

#[tokio::test]
async fn recording_needs_the_consent_of_everyone_present() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Snemanje");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let template = published(&app, &coordinator, small_template("Group")).await;
    let a = person(&app, &coordinator, json!({"name": "Amina"}), true).await;
    let b = person(&app, &coordinator, json!({"name": "Bashir"}), false).await;
    let c = person(&app, &coordinator, json!({"name": "Chen"}), true).await;
    let body = |attended_b: bool| {
        json!({
            "template_id": template, "kind": "group", "scheduled_at": "2026-11-10T15:00:00Z",
            "channel": "in_person", "language": "sl", "recorded": true,
            "participants": [
                {"participant_id": a}, {"participant_id": b, "attended": attended_b}, {"participant_id": c}
            ]
        })
    };
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/interviews",
            Some(body(true)),
        )
        .await;
    let problem = expect_problem(res, 409, "consent_required").await;
    assert_eq!(problem["participants"], json!([b]));
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Bashir")),
        "{problem}"
    );
    let list: Value = app
        .get_as(&coordinator, "/api/v1/interviews")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["items"], json!([]), "nothing was planned");

    // Someone absent does not need to consent.
    let interview = send(
        &app,
        &coordinator,
        Method::POST,
        "/api/v1/interviews",
        body(false),
    )
    .await;
    assert_eq!(interview["recorded"], true);
    // When they turn up, recording needs their consent first.
    let res = app
        .send_as(Method::PATCH, &coordinator, &format!("/api/v1/interviews/{}", id(&interview)),
            Some(json!({"version": 1, "participants": [
                {"participant_id": a}, {"participant_id": b, "attended": true}, {"participant_id": c}
            ]})))
        .await;
    let problem = expect_problem(res, 409, "consent_required").await;
    assert_eq!(problem["participants"], json!([b]));
    // Without recording they can join.
    let changed = send(
        &app,
        &coordinator,
        Method::PATCH,
        &format!("/api/v1/interviews/{}", id(&interview)),
        json!({"version": 1, "recorded": false, "participants": [
            {"participant_id": a}, {"participant_id": b, "attended": true}, {"participant_id": c}
        ]}),
    )
    .await;
    assert_eq!(changed["recorded"], false);
    assert_eq!(changed["participants"][1]["attended"], true);
    assert_eq!(changed["participants"][1]["recording_consent"], false);
    assert_eq!(changed["version"], 2);
}

#[tokio::test]
async fn an_interview_is_completed_only_when_required_questions_are_answered() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Zaključek");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let template = published(&app, &coordinator, small_template("Short")).await;
    let a = person(&app, &coordinator, json!({}), false).await;
    let b = person(&app, &coordinator, json!({}), false).await;
    let interview = id(&plan(
        &app,
        &coordinator,
        &template,
        &[&a, &b],
        "2026-11-12T09:00:00Z",
    )
    .await);
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
        answer(
            &app,
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
        answer(
            &app,
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
    let res = answer(
        &app,
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
    let noted = send(
        &app,
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
    let lonely = plan(&app, &coordinator, &template, &[&a], "2026-11-13T09:00:00Z").await;
    send(
        &app,
        &coordinator,
        Method::PATCH,
        &format!("/api/v1/interviews/{}", id(&lonely)),
        json!({"version": 1, "participants": [{"participant_id": a, "attended": false}]}),
    )
    .await;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/interviews/{}/complete", id(&lonely)),
            Some(json!({"version": 2})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "none_present");
    let marked = send(
        &app,
        &coordinator,
        Method::PATCH,
        &format!("/api/v1/interviews/{}", id(&lonely)),
        json!({"version": 2, "status": "no_show"}),
    )
    .await;
    assert_eq!(marked["status"], "no_show");
}

#[tokio::test]
async fn answers_suggest_profile_updates_that_apply_only_when_confirmed() {
    let app = TestApp::spawn().await;
    crate::skills::import(&app, "esco-v1.1");
    let org = app.create_org("Zavod Profil");
    let adviser = app.token(&org, Role::Adviser).await;
    let p = person(
        &app,
        &adviser,
        json!({
            "languages": [{"language": "ar", "level": "native"}, {"language": "sl", "level": "A1"}],
            "needs": ["employment"]
        }),
        false,
    )
    .await;
    let templates: Value = app
        .get_as(&adviser, "/api/v1/interview-templates")
        .await
        .json()
        .await
        .expect("json");
    let interview = id(&plan(
        &app,
        &adviser,
        &id(&templates[0]),
        &[&p],
        "2026-11-20T10:00:00Z",
    )
    .await);
    let a = |q: &str, v: Value| json!({"participant_id": p, "question_id": q, "value": v});
    let res = answer(&app, &adviser, &interview, json!([
        a("skills_origin", json!([{"skill_uri": SEW, "level": "advanced"}])),
        a("languages", json!([{"language": "ar", "level": "native"}, {"language": "sl", "level": "A2"}, {"language": "en", "level": "B1"}])),
        a("needs", json!(["employment", "housing"])),
    ])).await;
    assert_eq!(res.status(), 200);

    let path = format!("/api/v1/interviews/{interview}/profile-updates");
    // Suggestions show while the interview runs, but apply only once it is done.
    let res = app
        .send_as(
            Method::POST,
            &adviser,
            &path,
            Some(json!({"accept": ["need|x|housing"]})),
        )
        .await;
    expect_problem(res, 409, "conflict").await;
    let res = answer(
        &app,
        &adviser,
        &interview,
        json!([
            a("worked_host", json!(false)),
            a("education_level", json!("isced_3")),
            a("confidence", json!(6)),
            a("preferred_place", json!("city")),
            a("interest_mentoring", json!(true)),
            a("childcare_needed", json!(false)),
        ]),
    )
    .await;
    assert_eq!(res.status(), 200);
    send(
        &app,
        &adviser,
        Method::POST,
        &format!("/api/v1/interviews/{interview}/complete"),
        json!({"version": 1}),
    )
    .await;
    let proposals: Value = app
        .get_as(&adviser, &path)
        .await
        .json()
        .await
        .expect("json");
    let mut kinds: Vec<String> = proposals
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| {
            format!(
                "{} {}",
                u["kind"].as_str().unwrap_or(""),
                u["skill"]["uri"]
                    .as_str()
                    .or(u["language"].as_str())
                    .or(u["need"].as_str())
                    .unwrap_or("")
            )
        })
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        vec![
            format!("add_language en"),
            format!("add_need housing"),
            format!("add_skill {SEW}"),
            format!("change_language_level sl"),
        ]
    );
    // Nothing changed yet.
    let before: Value = app
        .get_as(&adviser, &format!("/api/v1/participants/{p}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(before["needs"], json!(["employment"]));
    let skills: Value = app
        .get_as(&adviser, &format!("/api/v1/participants/{p}/skills"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(skills, json!([]));

    let pick = |kind: &str| {
        proposals
            .as_array()
            .into_iter()
            .flatten()
            .find(|u| u["kind"] == kind)
            .map(id)
            .unwrap_or_default()
    };
    let applied = send(
        &app,
        &adviser,
        Method::POST,
        &path,
        json!({"accept": [pick("add_skill"), pick("add_need"), pick("change_language_level")]}),
    )
    .await;
    assert_eq!(applied.as_array().map(Vec::len), Some(3));
    let after: Value = app
        .get_as(&adviser, &format!("/api/v1/participants/{p}"))
        .await
        .json()
        .await
        .expect("json");
    let mut needs: Vec<&str> = after["needs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    needs.sort();
    assert_eq!(needs, vec!["employment", "housing"]);
    assert_eq!(
        after["languages"],
        json!([{"language": "ar", "level": "native"}, {"language": "sl", "level": "A2"}])
    );
    let skills: Value = app
        .get_as(&adviser, &format!("/api/v1/participants/{p}/skills"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(skills[0]["skill"]["uri"], SEW);
    assert_eq!(skills[0]["level"], "advanced");
    assert_eq!(skills[0]["evidence"], "interview");
    // What was not confirmed stays a suggestion; a confirmed one cannot be applied twice.
    let left: Value = app
        .get_as(&adviser, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(left.as_array().map(Vec::len), Some(1));
    assert_eq!(left[0]["kind"], "add_language");
    let res = app
        .send_as(
            Method::POST,
            &adviser,
            &path,
            Some(json!({"accept": [pick("add_skill")]})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "accept[0]");

    // The person's export holds the answers; erasure removes them.
    let coordinator = app.token(&org, Role::Coordinator).await;
    let export: Value = app
        .get_as(&coordinator, &format!("/api/v1/participants/{p}/export"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(export["interviews"][0]["interview_id"], interview);
    assert!(export["interviews"][0]["answers"]
        .to_string()
        .contains("housing"));
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/participants/{p}/erase"),
            Some(json!({"reason": "asked on the phone"})),
        )
        .await;
    assert!(res.status().is_success(), "{:?}", res.text().await);
    let stored: Value = app
        .get_as(
            &coordinator,
            &format!("/api/v1/interviews/{interview}/answers"),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(stored, json!([]));
    let shown: Value = app
        .get_as(&coordinator, &format!("/api/v1/interviews/{interview}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(shown["participants"], json!([]));
}

#[tokio::test]
async fn advisers_see_the_interviews_they_conduct_and_others_none() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Vidnost");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let adviser = app.token(&org, Role::Adviser).await;
    let template = published(&app, &coordinator, small_template("Visibility")).await;
    let p = person(&app, &coordinator, json!({}), false).await;
    let hidden = plan(&app, &coordinator, &template, &[&p], "2026-11-01T09:00:00Z").await;
    let mut body = json!({"template_id": template, "kind": "individual", "scheduled_at": "2026-11-02T09:00:00Z",
        "channel": "phone", "language": "sl", "participants": [{"participant_id": p}],
        "interviewer_ids": [org.user_id(Role::Adviser)]});
    let theirs = send(
        &app,
        &coordinator,
        Method::POST,
        "/api/v1/interviews",
        body.clone(),
    )
    .await;
    assert_eq!(
        theirs["interviewers"][0]["user_id"],
        org.user_id(Role::Adviser)
    );

    let list: Value = app
        .get_as(&adviser, "/api/v1/interviews")
        .await
        .json()
        .await
        .expect("json");
    let ids: Vec<&str> = list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids, vec![id(&theirs).as_str()]);
    expect_problem(
        app.get_as(&adviser, &format!("/api/v1/interviews/{}", id(&hidden)))
            .await,
        404,
        "not_found",
    )
    .await;
    for role in [
        Role::Mentor,
        Role::Participant,
        Role::Partner,
        Role::Analyst,
    ] {
        let token = app.token(&org, role).await;
        expect_problem(
            app.get_as(&token, "/api/v1/interviews").await,
            403,
            "forbidden",
        )
        .await;
    }
    // Interviewers are staff of the organisation.
    body["interviewer_ids"] = json!([org.user_id(Role::Mentor)]);
    let res = app
        .send_as(Method::POST, &coordinator, "/api/v1/interviews", Some(body))
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "interviewer_ids[0]");
    // Another organisation's interview looks absent.
    let other = app.create_org("Zavod Drugi");
    let stranger = app.token(&other, Role::Coordinator).await;
    expect_problem(
        app.get_as(&stranger, &format!("/api/v1/interviews/{}", id(&theirs)))
            .await,
        404,
        "not_found",
    )
    .await;
}

/// Seven people with known traits, interviewed with the small template.
struct Known {
    org: Org,
    template: String,
}

async fn known_data_set(app: &TestApp) -> Known {
    let org = app.create_org("Zavod Analiza");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let template = published(app, &coordinator, small_template("Field report")).await;
    // (gender, birth year, legal status, education, arrival, place, confidence, years)
    let people = [
        (
            "female",
            2003,
            "asylum_seeker",
            "isced_2",
            "2026-09-01",
            "city",
            8,
            2,
        ),
        (
            "female",
            1995,
            "international_protection",
            "isced_3",
            "2025-12-01",
            "city",
            6,
            5,
        ),
        (
            "female",
            1990,
            "international_protection",
            "isced_6",
            "2024-06-01",
            "rural",
            4,
            10,
        ),
        (
            "female",
            1985,
            "temporary_protection",
            "isced_6",
            "2022-03-20",
            "city",
            7,
            15,
        ),
        (
            "male",
            1999,
            "asylum_seeker",
            "isced_3",
            "2026-06-15",
            "city",
            3,
            4,
        ),
        (
            "male",
            1978,
            "subsidiary_protection",
            "isced_1",
            "2019-04-01",
            "no_preference",
            5,
            20,
        ),
        (
            "male",
            1968,
            "international_protection",
            "isced_3",
            "2020-10-01",
            "rural",
            9,
            30,
        ),
    ];
    let mut ids = Vec::new();
    for (gender, born, legal, education, arrival, ..) in &people {
        ids.push(
            person(
                app,
                &coordinator,
                json!({"gender": gender, "birth_year": born, "legal_status": legal,
                "education_level": education, "arrival_date": arrival}),
                false,
            )
            .await,
        );
    }
    // Two group interviews in November, all done.
    for (group, at) in [
        (&ids[0..4], "2026-11-10T10:00:00Z"),
        (&ids[4..7], "2026-11-17T10:00:00Z"),
    ] {
        let refs: Vec<&str> = group.iter().map(String::as_str).collect();
        let interview = id(&plan(app, &coordinator, &template, &refs, at).await);
        let mut answers = Vec::new();
        for pid in group {
            let i = ids.iter().position(|x| x == pid).unwrap_or(0);
            let (_, _, _, _, _, place, confidence, years) = people[i];
            answers.push(json!({"participant_id": pid, "question_id": "place", "value": place}));
            answers.push(
                json!({"participant_id": pid, "question_id": "confidence", "value": confidence}),
            );
            answers.push(json!({"participant_id": pid, "question_id": "years", "value": years}));
            answers.push(json!({"participant_id": pid, "question_id": "comment", "value": format!("=cmd|' /C calc'!A0 from {i}")}));
        }
        assert_eq!(
            answer(app, &coordinator, &interview, Value::Array(answers))
                .await
                .status(),
            200
        );
        send(
            app,
            &coordinator,
            Method::POST,
            &format!("/api/v1/interviews/{interview}/complete"),
            json!({"version": 1}),
        )
        .await;
    }
    // Outside the period, and one not done: neither counts.
    let early = plan(
        app,
        &coordinator,
        &template,
        &[&ids[0]],
        "2026-09-01T10:00:00Z",
    )
    .await;
    answer(
        app,
        &coordinator,
        &id(&early),
        json!([{"participant_id": ids[0], "question_id": "place", "value": "rural"}]),
    )
    .await;
    send(
        app,
        &coordinator,
        Method::POST,
        &format!("/api/v1/interviews/{}/complete", id(&early)),
        json!({"version": 1}),
    )
    .await;
    plan(
        app,
        &coordinator,
        &template,
        &[&ids[1]],
        "2026-11-20T10:00:00Z",
    )
    .await;
    Known { org, template }
}

fn cell(v: &Value) -> Option<i64> {
    v["count"].as_i64()
}

fn options(q: &Value) -> Vec<(String, Option<i64>)> {
    q["options"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            (
                o["value"].as_str().unwrap_or("").to_string(),
                o["count"].as_i64(),
            )
        })
        .collect()
}

fn question<'a>(a: &'a Value, id: &str) -> &'a Value {
    a["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|q| q["id"] == id)
        .expect("question")
}

#[tokio::test]
async fn the_analysis_counts_a_known_data_set_and_suppresses_small_cells_for_analysts() {
    let app = TestApp::spawn().await;
    let k = known_data_set(&app).await;
    let coordinator = app.token(&k.org, Role::Coordinator).await;
    let path = format!(
        "/api/v1/interviews/analysis?template={}&from=2026-11-01&to=2026-11-30",
        k.template
    );
    let a: Value = app
        .get_as(&coordinator, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (a["respondents"].clone(), a["interviews"].clone()),
        (json!(7), json!(2))
    );
    assert_eq!(a["suppression_threshold"], Value::Null);
    let b = &a["breakdowns"];
    assert_eq!(
        (cell(&b["gender"]["female"]), cell(&b["gender"]["male"])),
        (Some(4), Some(3))
    );
    // Ages at the interview (November 2026): 23, 31, 36, 41, 27, 48, 58.
    let ages: Vec<(String, Option<i64>)> = b["age_band"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), cell(v)))
        .collect();
    assert_eq!(
        ages,
        vec![
            ("18_25".to_string(), Some(1)),
            ("26_35".into(), Some(2)),
            ("36_45".into(), Some(2)),
            ("46_55".into(), Some(1)),
            ("56_plus".into(), Some(1)),
        ]
    );
    let stays: HashMap<String, Option<i64>> = b["length_of_stay"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), cell(v)))
        .collect();
    assert_eq!(stays.get("under_3_months"), Some(&Some(1)));
    assert_eq!(stays.get("3_12_months"), Some(&Some(2)));
    assert_eq!(stays.get("1_3_years"), Some(&Some(1)));
    assert_eq!(stays.get("3_5_years"), Some(&Some(1)));
    assert_eq!(stays.get("over_5_years"), Some(&Some(2)));
    assert_eq!(
        cell(&b["legal_status"]["international_protection"]),
        Some(3)
    );
    assert_eq!(cell(&b["education"]["isced_6"]), Some(2));

    let place = question(&a, "place");
    assert_eq!(cell(&place["answered"]), Some(7));
    assert_eq!(
        options(place),
        vec![
            ("city".to_string(), Some(4)),
            ("rural".into(), Some(2)),
            ("no_preference".into(), Some(1)),
        ]
    );
    let confidence = question(&a, "confidence");
    assert_eq!(confidence["mean"], 6.0);
    assert_eq!(confidence["median"], 6.0);
    let years = question(&a, "years");
    assert_eq!(years["median"], 10.0);
    assert_eq!(years["mean"], 12.29);

    // Cross-tabulated by gender.
    let crossed: Value = app
        .get_as(&coordinator, &format!("{path}&cross=gender"))
        .await
        .json()
        .await
        .expect("json");
    let by = &question(&crossed, "place")["by"];
    let count = |g: &str, v: &str| {
        by[g]
            .as_array()
            .into_iter()
            .flatten()
            .find(|o| o["value"] == v)
            .and_then(|o| o["count"].as_i64())
    };
    assert_eq!(
        (
            count("female", "city"),
            count("female", "rural"),
            count("male", "city"),
            count("male", "no_preference")
        ),
        (Some(3), Some(1), Some(1), Some(1))
    );

    // Without a period, the September interview counts too (its answer replaces
    // nothing: the person's latest interview wins).
    let all: Value = app
        .get_as(
            &coordinator,
            &format!("/api/v1/interviews/analysis?template={}", k.template),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(all["interviews"], 3);
    assert_eq!(all["respondents"], 7);

    // Analysts and API keys: counts under 5 are hidden, groups hidden in a
    // breakdown are merged into one `suppressed` group, and a mean is
    // withheld when a cell of its question's table is hidden.
    let analyst = app.token(&k.org, Role::Analyst).await;
    let admin = app.token(&k.org, Role::Admin).await;
    let key: Value = send(
        &app,
        &admin,
        Method::POST,
        "/api/v1/api-keys",
        json!({"name": "City statistics"}),
    )
    .await;
    // Analysts and keys get whole calendar years only (overlapping periods
    // could be subtracted); the same people were interviewed in 2026.
    expect_problem(app.get_as(&analyst, &path).await, 422, "validation_failed").await;
    let year = path.replace(
        "from=2026-11-01&to=2026-11-30",
        "from=2026-01-01&to=2026-12-31",
    );
    for token in [analyst, key["secret"].as_str().unwrap_or("").to_string()] {
        let s: Value = app.get_as(&token, &year).await.json().await.expect("json");
        assert_eq!(s["suppression_threshold"], 5);
        assert_eq!(s["respondents"], 7);
        let g = &s["breakdowns"]["gender"];
        assert_eq!(
            g,
            &json!({"suppressed": {"count": 7, "suppressed": true}}),
            "female 4 and male 3 are not listed one by one"
        );
        assert_eq!(
            options(question(&s, "place")),
            vec![
                ("city".to_string(), None),
                ("rural".into(), None),
                ("no_preference".into(), None),
            ]
        );
        let confidence = question(&s, "confidence");
        assert_eq!(confidence["mean"], Value::Null);
        assert_eq!(confidence["stats_suppressed"], true);
        assert_eq!(cell(&confidence["answered"]), Some(7));
        // Cross-tabulated, the hidden groups stay merged: no `male` column
        // can show what the breakdown hides.
        let c: Value = app
            .get_as(&token, &format!("{year}&cross=gender"))
            .await
            .json()
            .await
            .expect("json");
        let by = question(&c, "place")["by"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(by.keys().collect::<Vec<_>>(), vec!["suppressed"]);
        assert!(by["suppressed"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|o| o["count"].is_null() && o["suppressed"] == true));
    }
    // The coordinator's view is not suppressed; an unknown template is 404.
    expect_problem(
        app.get_as(&coordinator, "/api/v1/interviews/analysis?template=nope")
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.get_as(
            &coordinator,
            &format!(
                "/api/v1/interviews/analysis?template={}&from=2026-12-01&to=2026-11-01",
                k.template
            ),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    let adviser = app.token(&k.org, Role::Adviser).await;
    expect_problem(app.get_as(&adviser, &path).await, 403, "forbidden").await;
}

#[tokio::test]
async fn the_suppression_threshold_is_configurable() {
    let app = TestApp::spawn_with(Setup {
        env: HashMap::from([("SKUPAJ_SUPPRESSION_THRESHOLD".to_string(), "3".to_string())]),
        ..Setup::default()
    })
    .await;
    let k = known_data_set(&app).await;
    let analyst = app.token(&k.org, Role::Analyst).await;
    let s: Value = app
        .get_as(
            &analyst,
            &format!(
                "/api/v1/interviews/analysis?template={}&from=2026-01-01",
                k.template
            ),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(s["suppression_threshold"], 3);
    let g = &s["breakdowns"]["gender"];
    assert_eq!((cell(&g["female"]), cell(&g["male"])), (Some(4), Some(3)));
    // city 4 shown; rural 2 and no_preference 1 hidden.
    assert_eq!(
        options(question(&s, "place")),
        vec![
            ("city".to_string(), Some(4)),
            ("rural".into(), None),
            ("no_preference".into(), None),
        ]
    );
}

#[tokio::test]
async fn csv_exports_hold_the_same_tables_and_pseudonymise_raw_answers_for_analysts() {
    let app = TestApp::spawn().await;
    let k = known_data_set(&app).await;
    let coordinator = app.token(&k.org, Role::Coordinator).await;
    let analyst = app.token(&k.org, Role::Analyst).await;
    let q = format!(
        "template={}&from=2026-01-01&to=2026-12-31&cross=gender",
        k.template
    );
    let get_text = |token: String, path: String| {
        let app = &app;
        async move {
            let res = app.get_as(&token, &path).await;
            assert_eq!(res.status(), 200, "{path}");
            assert!(res.headers()["content-type"]
                .to_str()
                .unwrap_or("")
                .starts_with("text/csv"));
            assert!(res.headers()["content-disposition"]
                .to_str()
                .unwrap_or("")
                .contains("-2026-01-01-2026-12-31.csv"));
            res.text().await.expect("text")
        }
    };
    let tables = get_text(
        coordinator.clone(),
        format!("/api/v1/interviews/analysis/tables.csv?{q}"),
    )
    .await;
    assert!(tables.starts_with('\u{feff}'));
    for line in [
        "respondents,,,,7",
        "breakdown:gender,,female,,4",
        "question:place,,city,City,4",
        "question:place,gender:female,city,City,3",
        "question:confidence,,mean,,6",
    ] {
        assert!(tables.contains(line), "{line} not in\n{tables}");
    }
    let suppressed = get_text(
        analyst.clone(),
        format!("/api/v1/interviews/analysis/tables.csv?{q}"),
    )
    .await;
    assert!(
        suppressed.contains("breakdown:gender,,suppressed,,7"),
        "{suppressed}"
    );
    assert!(!suppressed.contains("breakdown:gender,,female"));
    assert!(!suppressed.contains("gender:female"));
    assert!(suppressed.contains("question:place,gender:suppressed,city,City,suppressed"));

    let raw = get_text(
        coordinator,
        format!("/api/v1/interviews/analysis/answers.csv?{q}"),
    )
    .await;
    let rows: Vec<&str> = raw.lines().collect();
    assert!(
        rows[0].contains("respondent,interviewed,gender,age_band"),
        "{}",
        rows[0]
    );
    assert_eq!(rows.len(), 1 + 7 * 4, "{raw}");
    // Formulas are defused for spreadsheets.
    assert!(raw.contains("'=cmd|"), "{raw}");
    let pseudo = get_text(
        analyst,
        format!("/api/v1/interviews/analysis/answers.csv?{q}"),
    )
    .await;
    let mut conn_ids = Vec::new();
    for line in raw.lines().skip(1) {
        conn_ids.push(line.split(',').next().unwrap_or("").to_string());
    }
    for pid in &conn_ids {
        assert!(
            !pseudo.contains(pid.as_str()),
            "participant id {pid} leaked"
        );
    }
    assert!(
        pseudo.lines().skip(1).all(|l| l.starts_with("R-")),
        "{pseudo}"
    );
    // No demographics beside a pseudonym: they would count every hidden
    // cell of the breakdowns. The month of the interview is shared by all 7.
    assert_eq!(
        pseudo.lines().next(),
        Some("\u{feff}respondent,interviewed,question_id,question,answer")
    );
    for group in ["female", "male", "asylum_seeker", "isced_3", "26_35"] {
        assert!(!pseudo.contains(group), "{group} in\n{pseudo}");
    }
    assert!(pseudo.lines().skip(1).all(|l| l.contains(",2026-11,")));
    // Every option of `place` is hidden in its table, so in the rows too.
    let places: Vec<&str> = pseudo.lines().filter(|l| l.contains(",place,")).collect();
    assert_eq!(places.len(), 7);
    assert!(
        places.iter().all(|l| l.ends_with(",[suppressed]")),
        "{pseudo}"
    );
    assert!(
        !pseudo.contains("calc"),
        "free text is withheld from analysts"
    );
    assert!(pseudo.contains("[withheld]"));
}

/// The field report's ten migrants (1 month ×3, 2 months ×2, 3 months, 2, 5,
/// 8 and 13 years) and one person without an arrival date, interviewed with
/// a template whose own stay bands can print that report's table.
#[tokio::test]
async fn custom_stay_bands_print_the_field_reports_table_with_mean_and_median() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Terensko");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let mut content = small_template("Field report, custom stay bands");
    content["stay_bands"] = json!([1, 2, 3, 12, 60, 96, 156]);
    let template = published(&app, &coordinator, content).await;
    // (arrival, interview): whole months at the interview in the comment.
    let people: [(Option<&str>, usize); 11] = [
        (Some("2026-10-15"), 0), // 1
        (Some("2026-10-01"), 0), // 1
        (Some("2026-10-10"), 0), // 1
        (Some("2026-09-15"), 0), // 2
        (Some("2026-09-01"), 1), // 2
        (Some("2026-08-15"), 1), // 3
        (Some("2018-11-15"), 1), // 96
        (Some("2013-11-15"), 1), // 156
        (Some("2024-11-15"), 2), // 24
        (Some("2021-11-15"), 2), // 60
        (None, 2),
    ];
    let details = [
        "residence permit in process",
        "Residence permit in process",
        "resident artist",
    ];
    let mut groups: [Vec<String>; 3] = Default::default();
    for (i, (arrival, group)) in people.into_iter().enumerate() {
        let mut extra = match arrival {
            Some(a) => json!({"arrival_date": a}),
            None => json!({}),
        };
        if let Some(d) = details.get(i) {
            extra["legal_status"] = json!("other");
            extra["legal_status_detail"] = json!(d);
        }
        groups[group].push(person(&app, &coordinator, extra, false).await);
    }
    for (group, at) in groups.iter().zip([
        "2026-11-15T10:00:00Z",
        "2026-11-15T14:00:00Z",
        "2026-11-16T10:00:00Z",
    ]) {
        let refs: Vec<&str> = group.iter().map(String::as_str).collect();
        let interview = id(&plan(&app, &coordinator, &template, &refs, at).await);
        let answers: Vec<Value> = group
            .iter()
            .map(|p| json!({"participant_id": p, "question_id": "place", "value": "city"}))
            .collect();
        assert_eq!(
            answer(&app, &coordinator, &interview, Value::Array(answers))
                .await
                .status(),
            200
        );
        send(
            &app,
            &coordinator,
            Method::POST,
            &format!("/api/v1/interviews/{interview}/complete"),
            json!({"version": 1}),
        )
        .await;
    }
    let path = format!("/api/v1/interviews/analysis?template={template}");
    let a: Value = app
        .get_as(&coordinator, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(a["respondents"], 11);
    let bands: Vec<(String, String)> = a["stay_bands"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| {
            (
                b["code"].as_str().unwrap_or("").to_string(),
                b["label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        bands,
        [
            ("m0_1", "0–1 months"),
            ("m1_2", "1–2 months"),
            ("m2_3", "2–3 months"),
            ("m3_12", "3–12 months"),
            ("y1_5", "1–5 years"),
            ("y5_8", "5–8 years"),
            ("y8_13", "8–13 years"),
            ("y13_plus", "13+ years"),
        ]
        .map(|(c, l)| (c.to_string(), l.to_string()))
    );
    let stays: HashMap<String, Option<i64>> = a["breakdowns"]["length_of_stay"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), cell(v)))
        .collect();
    let expected: HashMap<String, Option<i64>> = [
        ("m1_2", 3),
        ("m2_3", 2),
        ("m3_12", 1),
        ("y1_5", 1),
        ("y5_8", 1),
        ("y8_13", 1),
        ("y13_plus", 1),
        ("unknown", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), Some(n)))
    .collect();
    assert_eq!(stays, expected);
    // (1+1+1+2+2+3+24+60+96+156) / 10 = 34.6; the middle two are 2 and 3.
    let s = &a["length_of_stay_months"];
    assert_eq!(
        (cell(&s["n"]), s["mean"].clone(), s["median"].clone()),
        (Some(10), json!(34.6), json!(2.5))
    );
    assert_eq!(s["stats_suppressed"], false);
    // Staff see the `other` legal statuses in words, the same words counted together.
    assert_eq!(
        a["legal_status_details"],
        json!([
            {"detail": "Residence permit in process", "count": 2},
            {"detail": "resident artist", "count": 1}
        ])
    );
    // Labels follow the language.
    let sl: Value = app
        .get_as(&coordinator, &format!("{path}&lang=sl"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(sl["stay_bands"][5]["label"], "5–8 let");
    // The table CSV carries the statistic and the band labels.
    let csv = app
        .get_as(
            &coordinator,
            &format!("/api/v1/interviews/analysis/tables.csv?template={template}"),
        )
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(csv.contains("length_of_stay_months,,mean,,34.6"), "{csv}");
    assert!(
        csv.contains("breakdown:length_of_stay,,y5_8,5–8 years,1"),
        "{csv}"
    );

    // An analyst: every band holds fewer than five people, so the band
    // table is hidden (merged into one group), and the mean and median go
    // too, since beside the band counts they would narrow the hidden cells;
    // `n` as well, which would give the no-arrival-date cell away
    // (11 respondents − 10).
    let analyst = app.token(&org, Role::Analyst).await;
    let s: Value = app
        .get_as(&analyst, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(s["length_of_stay_months"]["median"], Value::Null);
    assert_eq!(s["length_of_stay_months"]["stats_suppressed"], true);
    assert_eq!(
        s["breakdowns"]["length_of_stay"]["suppressed"]["suppressed"],
        true
    );
    assert!(s["breakdowns"]["length_of_stay"].get("unknown").is_none());
    assert_eq!(
        s["length_of_stay_months"]["n"],
        json!({"count": null, "suppressed": true})
    );
    assert_eq!(s["legal_status_details"], Value::Null);
    assert!(!s.to_string().contains("resident"));
    // Raw rows: staff get the template's bands and exact months; an
    // analyst's pseudonymised rows only the default, coarse bands.
    let raw = |token: String| {
        let app = &app;
        let template = template.clone();
        async move {
            app.get_as(
                &token,
                &format!("/api/v1/interviews/analysis/answers.csv?template={template}"),
            )
            .await
            .text()
            .await
            .unwrap_or_default()
        }
    };
    let staff_rows = raw(coordinator.clone()).await;
    assert!(staff_rows.contains(",m1_2,1,place,"), "{staff_rows}");
    assert!(staff_rows.contains(",y13_plus,156,place,"), "{staff_rows}");
    // An analyst's pseudonymised rows carry no demographic column at all:
    // neither bands nor months.
    let analyst_rows = raw(analyst.clone()).await;
    assert!(
        analyst_rows.starts_with("\u{feff}respondent,interviewed,question_id,question,answer"),
        "{analyst_rows}"
    );
    for band in [
        "m1_2",
        "y13_plus",
        "under_3_months",
        "over_5_years",
        ",156,",
    ] {
        assert!(!analyst_rows.contains(band), "{band}: {analyst_rows}");
    }
    // A part of a year is not for an analyst: two overlapping periods could
    // be subtracted.
    let res = app
        .get_as(&analyst, &format!("{path}&from=2026-11-16"))
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "whole_year", "{problem}");
    // The coordinator sees them whatever the count.
    let staff: Value = app
        .get_as(&coordinator, &format!("{path}&from=2026-11-16"))
        .await
        .json()
        .await
        .expect("json");
    let s = &staff["length_of_stay_months"];
    assert_eq!(
        (cell(&s["n"]), s["mean"].clone(), s["median"].clone()),
        (Some(2), json!(42.0), json!(42.0))
    );
}

#[tokio::test]
async fn default_stay_bands_stay_and_bad_custom_bands_are_refused() {
    let app = TestApp::spawn().await;
    let k = known_data_set(&app).await;
    let coordinator = app.token(&k.org, Role::Coordinator).await;
    let a: Value = app
        .get_as(
            &coordinator,
            &format!(
                "/api/v1/interviews/analysis?template={}&from=2026-01-01",
                k.template
            ),
        )
        .await
        .json()
        .await
        .expect("json");
    let codes: Vec<&str> = a["stay_bands"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "under_3_months",
            "3_12_months",
            "1_3_years",
            "3_5_years",
            "over_5_years"
        ]
    );
    assert_eq!(a["stay_bands"][1]["label"], "3–12 months");
    assert_eq!(cell(&a["length_of_stay_months"]["n"]), Some(7));
    assert!(a["length_of_stay_months"]["mean"].is_f64());

    for (bands, fields) in [
        (json!([3, 2, 0]), vec!["stay_bands[1]", "stay_bands[2]"]),
        (json!([]), vec!["stay_bands"]),
        (json!([1, 1201]), vec!["stay_bands[1]"]),
        (json!((1..=16).collect::<Vec<i64>>()), vec!["stay_bands"]),
    ] {
        let mut content = small_template("Bad bands");
        content["stay_bands"] = bands.clone();
        let res = app
            .send_as(
                Method::POST,
                &coordinator,
                "/api/v1/interview-templates",
                Some(content),
            )
            .await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let got: Vec<&str> = problem["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert_eq!(got, fields, "{bands}");
    }
}
