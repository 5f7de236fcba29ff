//! The audit log: a row for each read and write, filterable, append-only.

use diesel::connection::SimpleConnection;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, Page, TestApp, PASSWORD};

#[tokio::test]
async fn reads_and_writes_each_leave_a_row_with_actor_and_request_id() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Audit");
    let admin = app.token(&org, Role::Admin).await;
    let before = app.audit_rows(&org.id).len();

    let res = app
        .client
        .get(app.url("/api/v1/members"))
        .bearer_auth(&admin)
        .header("X-Request-Id", "audit-test-1")
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
    let path = format!("/api/v1/members/{}", org.membership_id(Role::Mentor));
    assert_eq!(
        app.send_as(
            Method::PATCH,
            &admin,
            &path,
            Some(json!({"role": "adviser", "version": 1}))
        )
        .await
        .status(),
        200
    );

    let rows = app.audit_rows(&org.id);
    assert_eq!(rows.len(), before + 2);
    assert_eq!(
        rows[0],
        (
            "update".into(),
            "member".into(),
            Some(org.membership_id(Role::Mentor).into()),
            Some(org.user_id(Role::Admin).into())
        )
    );
    assert_eq!(rows[1].0, "list");

    let page: Value = app
        .get_as(&admin, "/api/v1/audit?resource_type=member&action=list")
        .await
        .json()
        .await
        .expect("json");
    let entry = &page["items"][0];
    assert_eq!(entry["request_id"], "audit-test-1");
    assert_eq!(entry["actor_type"], "user");
    assert_eq!(entry["actor_id"], org.user_id(Role::Admin));
}

#[tokio::test]
async fn a_refused_change_leaves_no_row_claiming_it_happened() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Rollback");
    let admin = app.token(&org, Role::Admin).await;
    let before = app.audit_rows(&org.id);
    let path = format!("/api/v1/members/{}", org.membership_id(Role::Admin));
    expect_problem(
        app.send_as(Method::DELETE, &admin, &path, None).await,
        409,
        "last_admin",
    )
    .await;
    assert_eq!(app.audit_rows(&org.id), before);
}

#[tokio::test]
async fn the_audit_log_filters_by_actor_and_time_and_pages() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Filters");
    let admin = app.token(&org, Role::Admin).await;
    let coordinator = app.token(&org, Role::Coordinator).await;
    for _ in 0..3 {
        app.get_as(&coordinator, "/api/v1/members").await;
    }
    let url = format!(
        "/api/v1/audit?actor_id={}&action=list&limit=2",
        org.user_id(Role::Coordinator)
    );
    let first: Page = app.page(&admin, &url).await;
    assert_eq!(first.items.len(), 2);
    let cursor = first.next_cursor.as_deref().expect("cursor");
    let second: Page = app.page(&admin, &format!("{url}&cursor={cursor}")).await;
    assert_eq!(second.items.len(), 1);
    assert!(
        first.items[0]["id"].as_str() > first.items[1]["id"].as_str(),
        "newest first"
    );

    let future: Page = app
        .page(&admin, "/api/v1/audit?since=2999-01-01T00:00:00Z")
        .await;
    assert_eq!(future.items.len(), 0);
    let past: Page = app
        .page(&admin, "/api/v1/audit?until=2000-01-01T00:00:00Z")
        .await;
    assert_eq!(past.items.len(), 0);
    expect_problem(
        app.get_as(&admin, "/api/v1/audit?since=yesterday").await,
        400,
        "bad_request",
    )
    .await;
}

#[tokio::test]
async fn only_admins_read_the_log_and_only_their_organisations() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Readers");
    let other = app.create_org("Zavod Hidden");
    let other_admin = app.token(&other, Role::Admin).await;
    app.get_as(&other_admin, "/api/v1/members").await;
    for role in [Role::Coordinator, Role::Adviser, Role::Analyst] {
        let token = app.token(&org, role).await;
        expect_problem(app.get_as(&token, "/api/v1/audit").await, 403, "forbidden").await;
    }
    let admin = app.token(&org, Role::Admin).await;
    let page: Value = app
        .get_as(&admin, "/api/v1/audit?limit=100")
        .await
        .json()
        .await
        .expect("json");
    let hidden = other.user_id(Role::Admin);
    assert!(page["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|e| e["actor_id"] != hidden));
}

#[tokio::test]
async fn nothing_can_change_or_delete_an_audit_row() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Append");
    let admin = app.token(&org, Role::Admin).await;
    app.get_as(&admin, "/api/v1/members").await;
    for method in [Method::PUT, Method::PATCH, Method::DELETE, Method::POST] {
        let res = app
            .send_as(method.clone(), &admin, "/api/v1/audit", None)
            .await;
        expect_problem(res, 405, "method_not_allowed").await;
    }
    let before = app.audit_rows(&org.id);
    let mut conn = app.conn();
    assert!(
        conn.batch_execute("UPDATE audit_log SET action = 'nothing'")
            .is_err(),
        "the database refuses UPDATE"
    );
    assert!(
        conn.batch_execute("DELETE FROM audit_log").is_err(),
        "the database refuses DELETE"
    );
    drop(conn);
    assert_eq!(app.audit_rows(&org.id), before);
}

#[tokio::test]
async fn logins_and_failures_are_audited_without_personal_data() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Logins");
    app.login(org.email(Role::Partner), "wrong-wrong-wrong")
        .await;
    app.login(org.email(Role::Partner), PASSWORD).await;
    let mut conn = app.conn();
    use diesel::prelude::*;
    use skupaj::db::schema::audit_log;
    skupaj::audit::settle(&mut conn).expect("staged audit rows moved");
    let rows: Vec<(String, Option<String>)> = audit_log::table
        .select((audit_log::action, audit_log::resource_id))
        .load(&mut conn)
        .expect("rows");
    assert!(rows
        .iter()
        .any(|r| r.0 == "login_failed" && r.1.as_deref() == Some(org.user_id(Role::Partner))));
    assert!(rows.iter().any(|r| r.0 == "login"));
    let all = format!("{rows:?}");
    assert!(
        !all.contains(org.email(Role::Partner)),
        "no e-mail address in the audit log"
    );
}
