//! The CSV import: all or nothing, a report by row and column, the same
//! checks as the JSON API, and idempotent retries.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{error_fields, expect_problem, field_codes, Page, TestApp};

async fn upload(app: &TestApp, token: &str, csv: &str, dry_run: bool) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/participants/import?dry_run={dry_run}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .expect("upload")
}

#[tokio::test]
async fn a_csv_import_is_all_or_nothing_with_a_report_by_row_and_column() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Import");
    let token = app.token(&org, Role::Coordinator).await;
    let res = app
        .get_as(&token, "/api/v1/participants/import/template")
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/csv"));
    let template = res.text().await.expect("csv");
    assert!(
        template.starts_with('\u{feff}'),
        "a BOM so that Excel reads UTF-8"
    );
    let header = template
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("")
        .to_string();

    let bad = format!(
        "{header}\r\n{}\r\nBroken Phone,no,0401112,,,,,,,,,,,,,,,,,,,\r\nBad Code,no,,,,,,,,refugee,,,,,,,,,,,,\r\nGood Two,no,+38641222333,,,,,,,,,,,,,,,,,,,\r\n",
        template.trim_start_matches('\u{feff}').lines().nth(1).unwrap_or("")
    );
    let res = upload(&app, &token, &bad, true).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(fields.contains(&"rows[3].phone"), "{fields:?}");
    assert!(
        fields.iter().any(|f| f.starts_with("rows[4].")),
        "{fields:?}"
    );
    assert!(
        !fields
            .iter()
            .any(|f| f.starts_with("rows[2].") || f.starts_with("rows[5].")),
        "good rows have no problems: {fields:?}"
    );
    // The real import of the same file writes nothing either.
    expect_problem(
        upload(&app, &token, &bad, false).await,
        422,
        "validation_failed",
    )
    .await;
    let list: Page = app.page(&token, "/api/v1/participants").await;
    assert_eq!(list.items.len(), 0);

    // Fixed: a dry run reports, then the import imports every row.
    let fixed = bad
        .replace("0401112", "+38640111333")
        .replace(",refugee,", ",,");
    let report: Value = upload(&app, &token, &fixed, true)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        report,
        json!({"dry_run": true, "rows": 4, "imported": 0, "ids": []})
    );
    let res = upload(&app, &token, &fixed, false).await;
    assert_eq!(res.status(), 200);
    let report: Value = res.json().await.expect("json");
    assert_eq!(report["imported"], 4);
    let list: Page = app.page(&token, "/api/v1/participants?sort=name").await;
    let names: Vec<&str> = list
        .items
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "Bad Code",
            "Broken Phone",
            "Example Person (replace this row)",
            "Good Two"
        ]
    );
    let amina = list
        .items
        .iter()
        .find(|p| p["name"] == "Example Person (replace this row)")
        .cloned()
        .unwrap_or_default();
    assert_eq!(amina["consents"], json!(["profile_processing"]));
    assert_eq!(
        amina["languages"][0],
        json!({"language": "ar", "level": "native"})
    );
}

#[tokio::test]
async fn an_import_refuses_other_formats_and_roles() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Import Roles");
    let token = app.token(&org, Role::Adviser).await;
    let res = app
        .client
        .post(app.url("/api/v1/participants/import"))
        .bearer_auth(&token)
        .json(&json!({"name": "x"}))
        .send()
        .await
        .expect("req");
    expect_problem(res, 415, "unsupported_media_type").await;
    let latin1: &[u8] = b"name\nZo\xe9\n";
    let res = app
        .client
        .post(app.url("/api/v1/participants/import"))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(latin1)
        .send()
        .await
        .expect("req");
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "encoding");
    let partner = app.token(&org, Role::Partner).await;
    expect_problem(
        upload(&app, &partner, "name\nX\n", false).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.get_as(&partner, "/api/v1/participants/import/template")
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        upload(&app, &token, "name\nOnly Name\n", false)
            .await
            .status(),
        200,
        "advisers may import"
    );
}

#[tokio::test]
async fn a_retried_import_with_the_same_key_imports_once() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Import Retry");
    let token = app.token(&org, Role::Adviser).await;
    let send = || {
        app.client
            .post(app.url("/api/v1/participants/import"))
            .bearer_auth(&token)
            .header("content-type", "text/csv")
            .header("Idempotency-Key", "import-2026-11-24-a")
            .body("name\nFirst Person\nSecond Person\n")
            .send()
    };
    let first: Value = send().await.expect("req").json().await.expect("json");
    let second: Value = send().await.expect("req").json().await.expect("json");
    assert_eq!(first["imported"], 2);
    assert_eq!(first, second, "the retry returns the first answer");
    let list: Page = app.page(&token, "/api/v1/participants").await;
    assert_eq!(list.items.len(), 2, "nobody imported twice");
}

/// The CSV import and the JSON API refuse the same values with the same
/// codes (control characters, lengths, code lists), on both databases, and
/// a refused file stores nothing.
#[tokio::test]
async fn the_csv_import_refuses_exactly_what_the_json_api_refuses() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Obe poti");
    let token = app.token(&org, Role::Coordinator).await;
    let long = "a".repeat(201);
    // (column, CSV value, JSON value, expected code)
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "name",
            "Nul\u{0}Name",
            json!("Nul\u{0}Name"),
            "control_character",
        ),
        (
            "name",
            "Bell\u{7}Name",
            json!("Bell\u{7}Name"),
            "control_character",
        ),
        (
            "name",
            "Esc\u{1b}[2JName",
            json!("Esc\u{1b}[2JName"),
            "control_character",
        ),
        ("name", &long, json!(long), "length"),
        (
            "municipality",
            "Ljub\u{202E}ljana",
            json!("Ljub\u{202E}ljana"),
            "control_character",
        ),
        (
            "notes",
            "one\u{0}two",
            json!("one\u{0}two"),
            "control_character",
        ),
        ("gender", "robot", json!("robot"), "code"),
        ("legal_status", "refugee-ish", json!("refugee-ish"), "code"),
        ("email", "not-an-email", json!("not-an-email"), "email"),
        ("country_of_origin", "XX", json!("XX"), "country"),
    ];
    for (column, csv_value, json_value, code) in cases {
        // The JSON way in.
        let mut body = json!({"name": "Test Person", "consents": [{"purpose": "profile_processing", "text_version": "v1"}]});
        body[column] = json_value;
        let res = app
            .send_as(Method::POST, &token, "/api/v1/participants", Some(body))
            .await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let json_codes = field_codes(&problem);
        // NUL is refused before the body is read ("body" field); otherwise
        // the field itself is named.
        // A value outside a code list is refused while the body is read; the
        // participant body is flattened, so serde cannot name the field.
        let expected_json = if csv_value.contains('\u{0}') {
            vec!["body:nul_character".to_string()]
        } else if code == "code" {
            vec![format!("{column}:code"), "body:code".to_string()]
        } else {
            vec![format!("{column}:{code}")]
        };
        assert!(
            json_codes.iter().any(|c| expected_json.contains(c)),
            "JSON {column}={csv_value:?}: {json_codes:?}"
        );

        // The CSV way in.
        let mut csv = String::from("name,consent_profile_processing,consent_text_version");
        if column != "name" {
            csv.push(',');
            csv.push_str(column);
        }
        csv.push('\n');
        let quoted = format!("\"{}\"", csv_value.replace('"', "\"\""));
        if column == "name" {
            csv.push_str(&format!("{quoted},yes,v1\n"));
        } else {
            csv.push_str(&format!("Test Person,yes,v1,{quoted}\n"));
        }
        let res = upload(&app, &token, &csv, false).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let fields = field_codes(&problem);
        assert!(
            fields.contains(&format!("rows[2].{column}:{code}")),
            "CSV {column}={csv_value:?}: {fields:?}"
        );
    }
    // Nothing was stored either way.
    let list: Page = app.page(&token, "/api/v1/participants").await;
    assert_eq!(list.items.len(), 0, "{:?}", list.items);
}

#[tokio::test]
async fn the_csv_import_refuses_the_legal_status_details_the_json_refuses() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Import Status");
    let token = app.token(&org, Role::Coordinator).await;
    let long = "x".repeat(201);
    let csv = format!(
        "name,legal_status,legal_status_detail\r\n\
         Fine,other,resident artist\r\n\
         Wrong Status,asylum_seeker,resident artist\r\n\
         Two Lines,other,\"residence\npermit\"\r\n\
         Too Long,other,{long}\r\n"
    );
    let problem = expect_problem(
        upload(&app, &token, &csv, true).await,
        422,
        "validation_failed",
    )
    .await;
    let fields = error_fields(&problem);
    for expected in [
        ("rows[3].legal_status_detail", "requires_other"),
        ("rows[4].legal_status_detail", "control_characters"),
        ("rows[5].legal_status_detail", "length"),
    ] {
        assert!(
            fields.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {fields:?}"
        );
    }
    assert!(
        !fields.iter().any(|(f, _)| f.starts_with("rows[2].legal")),
        "{fields:?}"
    );
    let ok =
        "name,legal_status,legal_status_detail,consent_profile_processing,consent_text_version\r\n\
              Fine,other,residence permit in process,yes,v1\r\n";
    let res = upload(&app, &token, ok, false).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let list: Page = app.page(&token, "/api/v1/participants").await;
    assert_eq!(
        list.items[0]["legal_status_detail"],
        "residence permit in process"
    );
}
