//! Market settings: defaults until first changed, a version, a valid IBAN
//! and BIC, and only admins and coordinators.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, field_codes, TestApp};

const PATH: &str = "/api/v1/market/settings";

#[tokio::test]
async fn coordinators_set_the_account_commission_and_approval() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let defaults: Value = app.get_json(&coordinator, PATH).await;
    assert_eq!(defaults["version"], 0);
    assert_eq!(defaults["commission_bp"], 0);
    assert_eq!(defaults["require_approval"], false);
    assert!(defaults["iban"].is_null());
    let saved = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            PATH,
            json!({"iban": "si56 1910 0000 0123 438", "account_holder": "Zavod Tržnica",
                   "bic": "DBSISI2X", "commission_bp": 1000, "version": 0}),
        )
        .await;
    assert_eq!(saved["iban"], "SI56191000000123438");
    assert_eq!(saved["commission_bp"], 1000);
    assert_eq!(saved["version"], 1);
    let admin = app.token(&org, Role::Admin).await;
    let changed = app
        .send_ok(
            &admin,
            Method::PATCH,
            PATH,
            json!({"require_approval": true, "version": 1}),
        )
        .await;
    assert_eq!(changed["require_approval"], true);
    assert_eq!(changed["commission_bp"], 1000);
    assert_eq!(changed["version"], 2);
    for stale in [0, 1] {
        let res = app
            .send_as(
                Method::PATCH,
                &coordinator,
                PATH,
                Some(json!({"commission_bp": 5, "version": stale})),
            )
            .await;
        expect_problem(res, 409, "version_conflict").await;
    }
    let now: Value = app.get_json(&coordinator, PATH).await;
    assert_eq!(now["commission_bp"], 1000);
    // Another organisation has its own settings.
    let other = app.create_org("Društvo Drugje");
    let theirs: Value = app
        .get_json(&app.token(&other, Role::Coordinator).await, PATH)
        .await;
    assert_eq!(theirs["version"], 0);
    assert_eq!(theirs["commission_bp"], 0);
}

#[tokio::test]
async fn bad_settings_and_other_roles_are_refused() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            PATH,
            Some(json!({"iban": "SI56 1910 0000 0123 439", "bic": "nope",
                        "commission_bp": 10001, "version": 0})),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    let mut codes = field_codes(&p);
    codes.sort();
    assert_eq!(codes, vec!["bic:bic", "commission_bp:range"]);
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            PATH,
            Some(json!({"iban": "SI56 1910 0000 0123 439", "version": 0})),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["iban:iban_checksum"]);
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            PATH,
            Some(json!({"commission_bp": 5})),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["version:required"]);
    let res = app.get(PATH).await;
    expect_problem(res, 401, "unauthorized").await;
    for role in [
        Role::Adviser,
        Role::Mentor,
        Role::Analyst,
        Role::Partner,
        Role::Participant,
    ] {
        let token = app.token(&org, role).await;
        let res = app.get_as(&token, PATH).await;
        expect_problem(res, 403, "forbidden").await;
        let res = app
            .send_as(
                Method::PATCH,
                &token,
                PATH,
                Some(json!({"commission_bp": 5, "version": 0})),
            )
            .await;
        expect_problem(res, 403, "forbidden").await;
    }
    let now: Value = app.get_json(&coordinator, PATH).await;
    assert_eq!(now["version"], 0);
}
