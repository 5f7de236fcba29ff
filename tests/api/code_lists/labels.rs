//! Code lists, labelled in the caller's language.

use serde_json::{json, Value};

use crate::support::{expect_problem, TestApp};

#[tokio::test]
async fn code_lists_are_labelled_in_the_callers_language() {
    let app = TestApp::spawn().await;
    let index: Value = app
        .get("/api/v1/code-lists")
        .await
        .json()
        .await
        .expect("json");
    assert!(index["lists"]
        .as_array()
        .expect("lists")
        .iter()
        .any(|l| l == "legal-statuses"));
    let res = app
        .client
        .get(app.url("/api/v1/code-lists/legal-statuses"))
        .header("Accept-Language", "ar,en;q=0.5")
        .send()
        .await
        .expect("req");
    assert_eq!(res.headers()["content-language"], "ar");
    let ar: Value = res.json().await.expect("json");
    assert_eq!(
        ar["items"][0],
        json!({"code": "asylum_seeker", "label": "طالب لجوء"})
    );
    let sl: Value = app
        .get("/api/v1/code-lists/countries?lang=sl")
        .await
        .json()
        .await
        .expect("json");
    let si = sl["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["code"] == "SI")
        .cloned()
        .unwrap_or_default();
    assert_eq!(si["label"], "Slovenija");
    let en: Value = app
        .get("/api/v1/code-lists/needs?lang=de")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        en["language"], "en",
        "unsupported languages fall back to English"
    );
    expect_problem(
        app.get("/api/v1/code-lists/planets").await,
        404,
        "not_found",
    )
    .await;
}
