//! Planning interviews: the recording-consent rule, and who sees which
//! interviews.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, id, small_template, TestApp};

#[tokio::test]
async fn recording_needs_the_consent_of_everyone_present() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Snemanje");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let template = app
        .publish_template(&coordinator, small_template("Group"))
        .await;
    let a = app
        .person(&coordinator, json!({"name": "Amina"}), true)
        .await;
    let b = app
        .person(&coordinator, json!({"name": "Bashir"}), false)
        .await;
    let c = app
        .person(&coordinator, json!({"name": "Chen"}), true)
        .await;
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
    let interview = app
        .send_ok(
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
    let changed = app
        .send_ok(
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
async fn advisers_see_the_interviews_they_conduct_and_others_none() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Vidnost");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let adviser = app.token(&org, Role::Adviser).await;
    let template = app
        .publish_template(&coordinator, small_template("Visibility"))
        .await;
    let p = app.person(&coordinator, json!({}), false).await;
    let hidden = app
        .plan_interview(&coordinator, &template, &[&p], "2026-11-01T09:00:00Z")
        .await;
    let mut body = json!({"template_id": template, "kind": "individual", "scheduled_at": "2026-11-02T09:00:00Z",
        "channel": "phone", "language": "sl", "participants": [{"participant_id": p}],
        "interviewer_ids": [org.user_id(Role::Adviser)]});
    let theirs = app
        .send_ok(
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
        app.get_as(&adviser, &format!("/api/v1/interviews/{}", hidden.id))
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
