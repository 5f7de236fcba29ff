//! HTTP hygiene on every response: content security policy, no sniffing, no
//! referrer, no caching of personal data, HSTS behind https.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::json;
use skupaj::policy::Role;

use crate::support::{Created, Setup, TestApp};

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

fn assert_common(res: &reqwest::Response, what: &str) {
    assert_eq!(header(res, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(res, "referrer-policy"), "no-referrer", "{what}");
    assert_eq!(header(res, "x-frame-options"), "DENY", "{what}");
    assert!(
        header(res, "permissions-policy").contains("geolocation=()"),
        "{what}"
    );
    let csp = header(res, "content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_pages_a_strict_policy() {
    let app = TestApp::spawn_with(Setup {
        web_files: vec![("index.html", "<!doctype html><title>Skupaj</title>")],
        ..Setup::default()
    })
    .await;
    for path in [
        "/",
        "/participants/0190a0b0-0000-7000-8000-000000000000",
        "/api/docs/",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_common(&res, path);
        let csp = header(&res, "content-security-policy");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
    }
    for path in [
        "/api/v1/health",
        "/api/v1/nothing-here",
        "/api/openapi.json",
    ] {
        let res = app.get(path).await;
        assert_common(&res, path);
        assert!(
            header(&res, "content-security-policy").starts_with("default-src 'none'"),
            "{path}"
        );
    }
    // No HSTS over plain http without an https public address.
    assert_eq!(header(&app.get("/").await, "strict-transport-security"), "");
}

#[tokio::test]
async fn personal_data_is_never_stored_by_the_browser() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod");
    let admin = app.token(&org, Role::Admin).await;
    let res = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/participants",
            Some(json!({"name": "Amina Haddad", "consents": [{"purpose": "profile_processing", "text_version": "v1"}]})),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(header(&res, "cache-control"), "no-store");
    let id = res.json::<Created>().await.expect("json").id;
    for path in [
        format!("/api/v1/participants/{id}"),
        "/api/v1/participants".to_string(),
        format!("/api/v1/participants/{id}/consents"),
        "/api/v1/interviews".to_string(),
        "/api/v1/members".to_string(),
        "/api/v1/me".to_string(),
        "/api/v1/audit".to_string(),
    ] {
        let res = app.get_as(&admin, &path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(header(&res, "cache-control"), "no-store", "{path}");
        assert_common(&res, &path);
    }
    // Errors too: a 404 names what was asked for.
    let res = app
        .get_as(
            &admin,
            "/api/v1/participants/0190a0b0-0000-7000-8000-000000000000",
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(header(&res, "cache-control"), "no-store");
}

#[tokio::test]
async fn hsts_is_sent_when_the_public_address_is_https() {
    let app = TestApp::spawn_with(Setup {
        env: HashMap::from([(
            "SKUPAJ_PUBLIC_URL".to_string(),
            "https://skupaj.example.org".to_string(),
        )]),
        ..Setup::default()
    })
    .await;
    let res = app.get("/api/v1/health").await;
    assert!(header(&res, "strict-transport-security").starts_with("max-age="));
}
