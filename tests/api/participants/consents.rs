//! Consents: a profile needs the person's consent; a withdrawal stops
//! further changes.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, Created, TestApp};

#[tokio::test]
async fn a_profile_needs_the_persons_consent() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Consent");
    let token = app.token(&org, Role::Coordinator).await;
    let res = app
        .send_as(
            Method::POST,
            &token,
            "/api/v1/participants",
            Some(json!({"name": "Olena", "legal_status": "temporary_protection"})),
        )
        .await;
    let problem = expect_problem(res, 409, "consent_required").await;
    assert!(problem["detail"]
        .as_str()
        .is_some_and(|d| d.contains("profile_processing")));
    // Name and contact alone may be kept, to ask for consent.
    let p = app
        .create_participant(&token, json!({"name": "Olena", "phone": "+380501234567"}))
        .await;
    let path = format!("/api/v1/participants/{}", p.id);
    let res = app
        .send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": 1, "legal_status": "temporary_protection"})),
        )
        .await;
    expect_problem(res, 409, "consent_required").await;
    let res = app
        .send_as(
            Method::POST,
            &token,
            &format!("{path}/consents"),
            Some(json!({"purpose": "profile_processing", "text_version": "2026-05 uk"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let consent: Value = res.json().await.expect("json");
    assert_eq!(consent["active"], true);
    let current: Created = app.get_json(&token, &path).await;
    let res = app
        .send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": current.version, "legal_status": "temporary_protection"})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let updated: Created = res.json().await.expect("json");

    // Withdrawn: further profile changes are refused; the record stays readable to staff.
    let res = app
        .send_as(
            Method::POST,
            &token,
            &format!(
                "{path}/consents/{}/withdraw",
                consent["id"].as_str().unwrap_or("")
            ),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let current: Created = app.get_json(&token, &path).await;
    assert!(
        current.version > updated.version,
        "a withdrawal counts as a change"
    );
    let res = app
        .send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": current.version, "municipality": "Maribor"})),
        )
        .await;
    expect_problem(res, 409, "consent_required").await;
    let list: Value = app
        .get_as(&token, &format!("{path}/consents"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list[0]["active"], false);
    assert!(list[0]["withdrawn_at"].is_string());
}
