//! The built SPA is served at `/`, with `index.html` for client-side routes.

use crate::support::{expect_problem, Setup, TestApp};

const INDEX: &str = "<!doctype html><title>Skupaj</title><div id=app></div>";

async fn app_with_spa() -> TestApp {
    TestApp::spawn_with(Setup {
        web_files: vec![
            ("index.html", INDEX),
            ("assets/app-1234.js", "console.log('skupaj')"),
        ],
        ..Setup::default()
    })
    .await
}

#[tokio::test]
async fn the_app_shell_is_served_at_the_root_and_for_client_routes() {
    let app = app_with_spa().await;
    for path in [
        "/",
        "/about",
        "/participants/0190a0b0-0000-7000-8000-000000000000",
        "/ar/meetings?week=3",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap_or("")
                .starts_with("text/html"),
            "{path}"
        );
        assert_eq!(res.text().await.expect("html"), INDEX, "{path}");
    }
    let res = app.get("/assets/app-1234.js").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.expect("js"), "console.log('skupaj')");
}

#[tokio::test]
async fn api_paths_and_missing_assets_never_get_the_app_shell() {
    let app = app_with_spa().await;
    expect_problem(
        app.get("/api/v1/participants-not-yet").await,
        404,
        "not_found",
    )
    .await;
    expect_problem(app.get("/assets/gone-9999.js").await, 404, "not_found").await;
    let res = app
        .client
        .post(app.url("/about"))
        .send()
        .await
        .expect("req");
    expect_problem(res, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn without_a_build_the_root_explains_how_to_build() {
    let app = TestApp::spawn().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 404);
    let html = res.text().await.expect("html");
    assert!(html.contains("make run"), "{html}");
    // The API still works.
    assert_eq!(app.get("/api/v1/health").await.status(), 200);
}
