//! The audit rows of reads go through a staging table (group commit) and
//! are moved into the log in bulk: a read is found in the log as soon as it
//! is answered, staged rows leave the staging table by themselves, exactly
//! once, and rows a stopped server left staged are moved by the next.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use skupaj::db::schema::{audit_log, audit_log_staged};
use skupaj::policy::Role;

use crate::support::TestApp;

/// Rows of `audit_log` with this request id, read straight from the table
/// (nothing moved first).
fn logged(app: &TestApp, request_id: &str) -> i64 {
    audit_log::table
        .filter(audit_log::request_id.eq(request_id))
        .count()
        .get_result(&mut app.conn())
        .expect("count")
}

fn staged(app: &TestApp) -> i64 {
    audit_log_staged::table
        .count()
        .get_result(&mut app.conn())
        .expect("count")
}

async fn list_members(app: &TestApp, token: &str, request_id: &str) {
    let res = app
        .client
        .get(app.url("/api/v1/members"))
        .bearer_auth(token)
        .header("X-Request-Id", request_id)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
}

/// Waits until `done` holds, for up to 10 s.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(10), "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_read_is_in_the_log_at_once_and_moves_there_by_itself_exactly_once() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Staging");
    let admin = app.token(&org, Role::Admin).await;

    // Read, then read the log at once: the admin finds the read.
    list_members(&app, &admin, "staged-1").await;
    let page: serde_json::Value = app
        .get_as(&admin, "/api/v1/audit?action=list&resource_type=member")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page["items"][0]["request_id"], "staged-1");

    // Nobody reads the log now: the writer moves the next read by itself.
    list_members(&app, &admin, "staged-2").await;
    eventually("the writer moves its staged rows within seconds", || {
        staged(&app) == 0 && logged(&app, "staged-2") == 1
    })
    .await;
    // The writer also remembered "staged-1", which the admin's read of the
    // log had moved already: it is in the log once, not twice.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(logged(&app, "staged-1"), 1);
    assert_eq!(logged(&app, "staged-2"), 1);
}

#[tokio::test]
async fn staged_rows_cannot_be_changed() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Staged Rows");
    let admin = app.token(&org, Role::Admin).await;
    // A row staged by hand, as a writer stages one.
    let mut conn = app.conn();
    conn.batch_execute(
        "INSERT INTO audit_log_staged (id, organization_id, actor_type, actor_id, action, \
         resource_type, resource_id, request_id, occurred_at) VALUES \
         ('00000000-0000-7000-8000-000000000001', NULL, 'system', NULL, 'read', 'member', \
         NULL, 'by-hand', '2026-12-01 10:00:00')",
    )
    .expect("staged by hand");
    assert!(
        conn.batch_execute("UPDATE audit_log_staged SET action = 'nothing'")
            .is_err(),
        "the database refuses to change a staged row"
    );
    drop(conn);
    list_members(&app, &admin, "after-by-hand").await;
    // Moved, unchanged, with the rows of reads.
    assert!(app
        .audit_rows(&org.id)
        .iter()
        .any(|r| r.0 == "list" && r.1 == "member"));
    assert_eq!(staged(&app), 0);
    let action: String = audit_log::table
        .filter(audit_log::request_id.eq("by-hand"))
        .select(audit_log::action)
        .first(&mut app.conn())
        .expect("moved");
    assert_eq!(action, "read");
}

#[tokio::test]
async fn rows_a_stopped_server_left_staged_are_moved_when_the_next_one_starts() {
    let app = TestApp::spawn().await;
    app.conn()
        .batch_execute(
            "INSERT INTO audit_log_staged (id, organization_id, actor_type, actor_id, action, \
             resource_type, resource_id, request_id, occurred_at) VALUES \
             ('00000000-0000-7000-8000-000000000002', NULL, 'system', NULL, 'read', \
             'participant', NULL, 'left-staged', '2026-12-01 10:00:00')",
        )
        .expect("staged by hand");
    assert_eq!(logged(&app, "left-staged"), 0);
    // A second server process on the same database starts its writer.
    let _writer = skupaj::audit::GroupWriter::start(app.state.pool.clone());
    eventually("a starting writer moves what was left staged", || {
        logged(&app, "left-staged") == 1
    })
    .await;
    assert_eq!(staged(&app), 0);
}

#[tokio::test]
async fn reads_and_readers_of_the_log_at_once_leave_each_read_in_the_log_once() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Movers");
    let admin = app.token(&org, Role::Admin).await;
    // For 2.5 s, reads and reads of the log at the same time, so that the
    // writer's own moves (each second) meet the moves of those who read the log.
    let start = Instant::now();
    let mut n = 0;
    let mut ids = Vec::new();
    while start.elapsed() < Duration::from_millis(2500) {
        let mut reads = Vec::new();
        for _ in 0..8 {
            n += 1;
            let id = format!("movers-{n}");
            ids.push(id.clone());
            let (app, admin) = (&app, &admin);
            reads.push(async move { list_members(app, admin, &id).await });
        }
        let log = async {
            let res = app.get_as(&admin, "/api/v1/audit?limit=5").await;
            assert_eq!(res.status(), 200, "the log answers while rows move");
        };
        tokio::join!(futures_util::future::join_all(reads), log);
    }
    eventually("the writer moves the last reads", || staged(&app) == 0).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    for id in &ids {
        assert_eq!(logged(&app, id), 1, "{id} is in the log once");
    }
}
