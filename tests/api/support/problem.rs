//! Problem documents (RFC 9457) and the invalid fields they list.

use serde_json::Value;

/// Asserts a problem document: status, content type and code.
pub async fn expect_problem(res: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "status of {}", res.url());
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        ct.starts_with("application/problem+json"),
        "content type was {ct}"
    );
    let body: Value = res.json().await.expect("problem body");
    assert_eq!(body["code"], code, "problem {body}");
    assert_eq!(body["status"], status, "problem {body}");
    assert!(
        body["type"].as_str().is_some_and(|t| t.ends_with(code)),
        "problem {body}"
    );
    assert!(body["title"].is_string(), "problem {body}");
    body
}

/// `(field, code)` of each invalid field in a 422 problem, in order.
pub fn error_fields(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or("").to_string(),
                e["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// `field:code` of each invalid field in a 422 problem.
pub fn field_codes(problem: &Value) -> Vec<String> {
    error_fields(problem)
        .into_iter()
        .map(|(field, code)| format!("{field}:{code}"))
        .collect()
}
