//! The OpenAPI document: served, offline docs, and the committed copy fresh.

use crate::support::TestApp;

#[tokio::test]
async fn the_committed_openapi_yaml_is_the_generated_one() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.yaml"))
        .expect("openapi.yaml");
    let generated = skupaj::spec_yaml();
    assert!(
        committed == generated,
        "openapi.yaml is stale: run `make openapi` and commit the result"
    );
}

#[tokio::test]
async fn the_spec_is_served_as_json_and_yaml_and_is_openapi_3_1() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/openapi.json").await;
    assert_eq!(res.status(), 200);
    let json: serde_json::Value = res.json().await.expect("json");
    assert_eq!(json["openapi"], "3.1.0");
    assert!(json["paths"]["/api/v1/health"]["get"].is_object());
    assert!(json["components"]["schemas"]["Problem"].is_object());

    let res = app.get("/api/openapi.yaml").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.expect("yaml"), skupaj::spec_yaml());
}

#[tokio::test]
async fn every_operation_has_an_id_a_tag_and_a_summary() {
    let spec = skupaj::spec();
    let json = serde_json::to_value(&spec).expect("json");
    let paths = json["paths"].as_object().expect("paths");
    assert!(!paths.is_empty());
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("item") {
            let where_ = format!("{method} {path}");
            assert!(
                op["operationId"].as_str().is_some_and(|s| !s.is_empty()),
                "{where_} has no operationId"
            );
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{where_} has no tag"
            );
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{where_} has no summary"
            );
        }
    }
}

#[tokio::test]
async fn the_docs_page_works_offline() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/docs").await;
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "/api/docs/");

    let res = app.get("/api/docs/").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains("swagger-ui"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "no asset from another host: {html}"
    );
    for asset in [
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-initializer.js",
    ] {
        let res = app.get(&format!("/api/docs/{asset}")).await;
        assert_eq!(res.status(), 200, "{asset}");
    }
    let init = app
        .get("/api/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .expect("js");
    assert!(init.contains("/api/docs/openapi.json"), "{init}");
}

#[tokio::test]
async fn the_documented_email_pattern_is_the_one_the_server_checks() {
    let json = serde_json::to_value(skupaj::spec()).expect("json");
    let pattern =
        &json["components"]["schemas"]["CreateInvitationRequest"]["properties"]["email"]["pattern"];
    assert_eq!(pattern.as_str(), Some(skupaj::fields::EMAIL_PATTERN));
}

#[tokio::test]
async fn every_operation_behind_a_login_documents_401_and_every_body_422() {
    let json = serde_json::to_value(skupaj::spec()).expect("json");
    for (path, item) in json["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                assert!(
                    op["responses"]["401"].is_object(),
                    "{method} {path} documents 401"
                );
            }
            if op["requestBody"].is_object() {
                for status in ["400", "413", "415", "422"] {
                    assert!(
                        op["responses"][status].is_object(),
                        "{method} {path} documents {status}"
                    );
                }
            }
        }
    }
}
