//! Health, readiness and request ids.

use std::time::Duration;

use skupaj::db::{self, DatabaseTarget};

use crate::support::{expect_problem, Setup, TestApp};

#[tokio::test]
async fn health_says_the_process_is_alive_with_its_version() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/health").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert!(body["uptime_seconds"].as_u64().is_some());
}

#[tokio::test]
async fn ready_names_the_database_backend_in_use() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/ready").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["status"], "ready");
    let expected = if app.is_postgres() {
        "postgresql"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"], expected);
}

#[tokio::test]
async fn ready_answers_503_problem_while_the_database_is_away() {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    let target =
        DatabaseTarget::parse("postgres://nobody@127.0.0.1:9/none?connect_timeout=1").expect("url");
    let pool = db::lazy_pool(&target, 2, Duration::from_millis(1500));
    let app = TestApp::spawn_with(Setup {
        pool: Some((target, pool)),
        ..Setup::default()
    })
    .await;

    let body = expect_problem(app.get("/api/v1/ready").await, 503, "database_unavailable").await;
    // The operator's log has the cause; the client does not get connection details.
    assert!(!body.to_string().contains("127.0.0.1:9"), "{body}");
    // Liveness does not depend on the database.
    assert_eq!(app.get("/api/v1/health").await.status(), 200);
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_keeps_a_clients_own() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/health").await;
    let id = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("x-request-id");
    assert!(
        uuid::Uuid::parse_str(id).is_ok(),
        "generated id {id} is a UUID"
    );

    let res = app
        .client
        .get(app.url("/api/v1/ready"))
        .header("X-Request-Id", "mobile-42.retry-1")
        .send()
        .await
        .expect("req");
    assert_eq!(res.headers()["x-request-id"], "mobile-42.retry-1");

    // Ids that could forge log lines are replaced, on errors too.
    let res = app
        .client
        .get(app.url("/api/v1/nothing"))
        .header("X-Request-Id", "a b\tc")
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 404);
    let id = res.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "replaced id {id}");
}
