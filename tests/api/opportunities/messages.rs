//! Message threads: the partner, the participant, her adviser and staff
//! write and read; read receipts; unread counts for the SPA's badge; who
//! may not.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, field_codes, Page, TestApp};

async fn unread(app: &TestApp, token: &str) -> i64 {
    let v: Value = app
        .get_json(token, "/api/v1/applications/unread-count")
        .await;
    v["count"].as_i64().expect("count")
}

#[tokio::test]
async fn a_thread_with_read_receipts_and_unread_counts() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let id = app.amina_applies(&h, "x").await;
    let thread = format!("/api/v1/applications/{id}/messages");

    let first: Value = app
        .create_at(
            &h.partner,
            &thread,
            json!({"body": "  Could you come on Monday?  "}),
        )
        .await;
    assert_eq!(first["body"], "Could you come on Monday?");
    assert_eq!(first["author_role"], "partner");
    assert_eq!(first["author_user_id"], h.org.user_id(Role::Partner));
    assert_eq!(first["author_name"], "Test partner");
    assert_eq!(first["mine"], true);
    assert_eq!(first["read_by"], json!([]));

    // The participant and her adviser have one unread; the partner none.
    assert_eq!(unread(&app, &h.participant).await, 1);
    assert_eq!(unread(&app, &h.adviser).await, 1);
    assert_eq!(unread(&app, &h.partner).await, 0);
    assert_eq!(app.application(&h.participant, &id).await["unread"], 1);
    assert_eq!(app.application(&h.partner, &id).await["unread"], 0);
    let with_unread = app
        .application_ids(&h.participant, "/api/v1/applications?unread=true")
        .await;
    assert_eq!(with_unread, [id.as_str()]);

    // She reads and answers.
    let page: Page = app.page(&h.participant, &thread).await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0]["mine"], false);
    let mark = app
        .send_ok(
            &h.participant,
            Method::POST,
            &format!("/api/v1/applications/{id}/read"),
            json!({}),
        )
        .await;
    assert!(mark["read_at"].is_string());
    assert_eq!(unread(&app, &h.participant).await, 0);
    assert!(app
        .application_ids(&h.participant, "/api/v1/applications?unread=true")
        .await
        .is_empty());
    let reply: Value = app
        .create_at(
            &h.participant,
            &thread,
            json!({"body": "Yes, Monday at 10 is fine."}),
        )
        .await;
    assert_eq!(reply["author_role"], "participant");

    // The partner sees she read the first message.
    let page: Page = app.page(&h.partner, &thread).await;
    assert_eq!(page.items.len(), 2);
    let receipts = &page.items[0]["read_by"];
    assert_eq!(receipts.as_array().map(Vec::len), Some(1), "{receipts}");
    assert_eq!(receipts[0]["user_id"], h.org.user_id(Role::Participant));
    assert_eq!(receipts[0]["role"], "participant");
    assert_eq!(page.items[1]["read_by"], json!([]));
    assert_eq!(page.items[0]["mine"], true);
    assert_eq!(page.items[1]["mine"], false);
    assert_eq!(unread(&app, &h.partner).await, 1);
    // The adviser and staff write too.
    let note: Value = app
        .create_at(
            &h.adviser,
            &thread,
            json!({"body": "I will come with her."}),
        )
        .await;
    assert_eq!(note["author_role"], "adviser");
    let staff: Value = app
        .create_at(&h.coordinator, &thread, json!({"body": "Noted."}))
        .await;
    assert_eq!(staff["author_role"], "staff");
    assert_eq!(unread(&app, &h.partner).await, 3);

    // Oldest first, page by page.
    let one: Page = app.page(&h.coordinator, &format!("{thread}?limit=3")).await;
    assert_eq!(one.items.len(), 3);
    let cursor = one.next_cursor.expect("more");
    let two: Page = app
        .page(&h.coordinator, &format!("{thread}?limit=3&cursor={cursor}"))
        .await;
    let bodies: Vec<&str> = two
        .items
        .iter()
        .map(|m| m["body"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(bodies, ["Noted."]);
}

#[tokio::test]
async fn who_may_not_write_or_read_and_what_is_refused() {
    let app = TestApp::spawn().await;
    let h = app.hiring().await;
    let a: Value = app
        .apply(&h.participant, &h.job, json!({"cover_note": "x"}))
        .await;
    let id = a["id"].as_str().expect("id").to_string();
    let thread = format!("/api/v1/applications/{id}/messages");
    expect_problem(app.get(&thread).await, 401, "unauthorized").await;
    for token in [&h.mentor, &h.analyst] {
        expect_problem(app.get_as(token, &thread).await, 403, "forbidden").await;
        let res = app
            .send_as(Method::POST, token, &thread, Some(json!({"body": "hi"})))
            .await;
        expect_problem(res, 403, "forbidden").await;
    }
    // The partner without the person's consent: as if there were no thread.
    expect_problem(app.get_as(&h.partner, &thread).await, 404, "not_found").await;
    let res = app
        .send_as(
            Method::POST,
            &h.partner,
            &thread,
            Some(json!({"body": "hi"})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .send_as(
            Method::POST,
            &h.partner,
            &format!("/api/v1/applications/{id}/read"),
            None,
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    // Empty or too long.
    for body in ["   ".to_string(), "m".repeat(4001)] {
        let res = app
            .send_as(
                Method::POST,
                &h.participant,
                &thread,
                Some(json!({"body": body})),
            )
            .await;
        let p = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(field_codes(&p), ["body:length"]);
    }
    let page: Page = app.page(&h.coordinator, &thread).await;
    assert!(page.items.is_empty(), "nothing was written");
    assert_eq!(unread(&app, &h.partner).await, 0);
}
