//! Profile updates: answers suggest changes to the person's profile that
//! apply only when confirmed.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, id, TestApp, SEW};

#[tokio::test]
async fn answers_suggest_profile_updates_that_apply_only_when_confirmed() {
    let app = TestApp::spawn().await;
    app.import_esco("esco-v1.1");
    let org = app.create_org("Zavod Profil");
    let adviser = app.token(&org, Role::Adviser).await;
    let p = app
        .person(
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
    let interview = app
        .plan_interview(&adviser, &id(&templates[0]), &[&p], "2026-11-20T10:00:00Z")
        .await
        .id;
    let a = |q: &str, v: Value| json!({"participant_id": p, "question_id": q, "value": v});
    let res = app.answer(&adviser, &interview, json!([
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
    let res = app
        .answer(
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
    app.complete_interview(&adviser, &interview, 1).await;
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
    let applied = app
        .send_ok(
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
