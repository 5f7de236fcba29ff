//! Every error is an RFC 9457 problem document with a stable code.

use crate::support::{expect_problem, TestApp};

#[tokio::test]
async fn an_unknown_api_route_is_a_404_problem() {
    let app = TestApp::spawn().await;
    let body = expect_problem(app.get("/api/v1/no-such-thing").await, 404, "not_found").await;
    assert!(body["detail"]
        .as_str()
        .is_some_and(|d| d.contains("/api/v1/no-such-thing")));
    expect_problem(app.get("/api/v2/health").await, 404, "not_found").await;
    expect_problem(app.get("/api").await, 404, "not_found").await;
}

#[tokio::test]
async fn a_method_the_path_lacks_is_a_405_with_allow() {
    let app = TestApp::spawn().await;
    for method in [
        "POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "PROPFIND",
    ] {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let res = app
            .client
            .request(m, app.url("/api/v1/ready"))
            .send()
            .await
            .expect("req");
        assert_eq!(
            res.headers().get("allow").map(|v| v.to_str().unwrap_or("")),
            Some("GET"),
            "{method}"
        );
        expect_problem(res, 405, "method_not_allowed").await;
    }
}

#[tokio::test]
async fn malformed_json_is_a_400_and_a_wrong_type_a_422() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/test/echo"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .expect("req");
    expect_problem(res, 400, "malformed_json").await;

    let res = app
        .client
        .post(app.url("/test/echo"))
        .json(&serde_json::json!({"email": 3, "name": "x", "birth_year": 1990}))
        .send()
        .await
        .expect("req");
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        body["errors"][0]["field"], "email",
        "the field is named: {body}"
    );
    assert_eq!(body["errors"][0]["code"], "type");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/test/echo"))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .expect("req");
    expect_problem(res, 415, "unsupported_media_type").await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let app = TestApp::spawn().await;
    let big = format!(
        "{{\"name\": \"{}\"}}",
        "x".repeat(skupaj::config::DEFAULT_BODY_LIMIT + 10)
    );
    let res = app
        .client
        .post(app.url("/test/echo"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("req");
    expect_problem(res, 413, "payload_too_large").await;
}

#[tokio::test]
async fn invalid_fields_are_a_422_listing_each_field() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/test/echo"))
        .json(&serde_json::json!({"email": "not-an-email", "name": "", "birth_year": 1850}))
        .send()
        .await
        .expect("req");
    let body = expect_problem(res, 422, "validation_failed").await;
    let errors = body["errors"].as_array().expect("errors");
    let fields: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or(""),
                e["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        fields,
        vec![
            ("birth_year", "range"),
            ("email", "email"),
            ("name", "required")
        ]
    );
    assert!(errors
        .iter()
        .all(|e| e["message"].as_str().is_some_and(|m| !m.is_empty())));

    let ok = app
        .client
        .post(app.url("/test/echo"))
        .json(
            &serde_json::json!({"email": "amina@example.org", "name": "Amina", "birth_year": 1994}),
        )
        .send()
        .await
        .expect("req");
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_without_internals_and_the_server_keeps_serving() {
    let app = TestApp::spawn().await;
    for _ in 0..3 {
        let res = app.get("/test/panic").await;
        assert!(res.headers().contains_key("x-request-id"));
        let body = expect_problem(res, 500, "internal_error").await;
        let text = body.to_string();
        assert!(
            !text.contains("hunter2") && !text.contains("secret"),
            "{text}"
        );
        assert_eq!(body["title"], "Internal Server Error");
    }
    assert_eq!(app.get("/api/v1/health").await.status(), 200);
}

#[tokio::test]
async fn a_path_segment_that_names_nothing_is_a_404_problem() {
    let app = TestApp::spawn().await;
    expect_problem(app.get("/api/v1/health/extra").await, 404, "not_found").await;
}

#[tokio::test]
async fn nul_characters_are_refused_in_bodies_and_addresses() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/test/echo"))
        .header("content-type", "application/json")
        .body(r#"{"email": "a@example.org", "name": "Am\u0000ina", "birth_year": 1990}"#)
        .send()
        .await
        .expect("req");
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "nul_character");
    expect_problem(
        app.get("/api/v1/members/abc%00def").await,
        400,
        "bad_request",
    )
    .await;
    expect_problem(
        app.get("/api/v1/audit?action=x%00").await,
        400,
        "bad_request",
    )
    .await;
}

#[tokio::test]
async fn whole_numbers_written_with_a_fraction_are_read_and_real_fractions_refused() {
    use skupaj::policy::Role;
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Numbers");
    let admin = app.token(&org, Role::Admin).await;
    let path = format!("/api/v1/members/{}", org.membership_id(Role::Mentor));
    let half = app
        .send_as(
            reqwest::Method::PATCH,
            &admin,
            &path,
            Some(serde_json::json!({"role": "adviser", "version": 1.5})),
        )
        .await;
    expect_problem(half, 422, "validation_failed").await;
    let whole = app
        .send_as(
            reqwest::Method::PATCH,
            &admin,
            &path,
            Some(serde_json::json!({"role": "adviser", "version": 1.0})),
        )
        .await;
    assert_eq!(whole.status(), 200);
}
