//! `make bench`: how fast personal data is read, as a share of the same
//! server's `/api/v1/health` rate, measured in one run with `wrk` (64
//! connections) against the real server on SQLite, with 10 000 people.
//! Every read writes its audit row (group commit) before it answers; at the
//! end the bench counts the audit rows against the answers wrk received.
//! Prints figures; it is not a timed test.
//!
//! Set `SKUPAJ_BENCH_PG_URL` (a PostgreSQL server's maintenance database,
//! as `make bench` does) to print the same figures on PostgreSQL too;
//! `SKUPAJ_BENCH_SECONDS` sets the length of each run (default 8).

#[path = "common/mod.rs"]
mod common;

use std::process::Command;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use skupaj::db::schema::audit_log;
use skupaj::policy::Role;
use skupaj::{accounts, db, AppState, Settings};

const PEOPLE: usize = 10_000;
const PASSWORD: &str = "Tiho-jezero-pod-Triglavom-7";

/// What wrk measured for one endpoint.
struct Run {
    rate: f64,
    p50_ms: f64,
    p99_ms: f64,
    requests: u64,
    errors: u64,
}

fn millis(s: &str) -> f64 {
    let s = s.trim();
    let (num, factor) = if let Some(v) = s.strip_suffix("us") {
        (v, 0.001)
    } else if let Some(v) = s.strip_suffix("ms") {
        (v, 1.0)
    } else if let Some(v) = s.strip_suffix('s') {
        (v, 1000.0)
    } else {
        (s, 1.0)
    };
    num.parse::<f64>().unwrap_or(f64::NAN) * factor
}

/// Runs wrk with a Lua script that picks a path per request.
fn wrk(base: &str, token: &str, paths: &[String], seconds: u64, dir: &std::path::Path) -> Run {
    let script = dir.join("paths.lua");
    let list: Vec<String> = paths.iter().map(|p| format!("{p:?}")).collect();
    std::fs::write(
        &script,
        format!(
            "local paths = {{{}}}\nlocal n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(\"GET\", paths[(n % #paths) + 1], {{[\"Authorization\"] = \"Bearer {token}\"}})\nend\n",
            list.join(",")
        ),
    )
    .expect("lua script");
    let out = Command::new("wrk")
        .args(["-t2", "-c64", &format!("-d{seconds}s"), "--latency", "-s"])
        .arg(&script)
        .arg(base)
        .output()
        .expect("wrk (apt install wrk; `make bench` does)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let field = |prefix: &str| -> Option<String> {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .map(|l| l[prefix.len()..].trim().to_string())
    };
    let requests = text
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let errors = field("Non-2xx or 3xx responses:")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Run {
        rate: field("Requests/sec:")
            .and_then(|r| r.parse().ok())
            .unwrap_or(0.0),
        p50_ms: field("50%").map(|v| millis(&v)).unwrap_or(f64::NAN),
        p99_ms: field("99%").map(|v| millis(&v)).unwrap_or(f64::NAN),
        requests,
        errors,
    }
}

fn seed(conn: &mut db::DbConnection) -> Vec<String> {
    db::run_migrations(conn).expect("migrations");
    let org = accounts::create_organization(conn, "Bench").expect("org");
    let hash = skupaj::auth::password::hash(PASSWORD).expect("hash");
    let user =
        accounts::create_user(conn, "coordinator@bench.example.org", "Bench", &hash).expect("user");
    accounts::add_membership(conn, &org.id, &user.id, Role::Coordinator).expect("member");
    common::seed_people(conn, &org.id, &user.id, PEOPLE)
}

async fn bench(backend: &str, settings: Settings, seconds: u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = db::open_pool(&settings.database, settings.pool_size).expect("pool");
    let started = Instant::now();
    let ids = {
        let mut conn = pool.get().expect("connection");
        let ids = seed(&mut conn);
        // Statistics for the planner, as autovacuum gathers them on a
        // server after a load this size (a freshly loaded, never analysed
        // PostgreSQL plans the child-row lookups as sequential scans).
        if backend == "PostgreSQL" {
            conn.batch_execute("ANALYZE").expect("analyze");
        }
        ids
    };
    eprintln!(
        "[{backend}] seeded {PEOPLE} participants in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let state = AppState::new(settings, pool.clone());
    let (base, handle) = common::serve(state, 0);
    let token = common::login(&base, "coordinator@bench.example.org", PASSWORD).await;
    let reads_before: i64 = {
        let mut conn = pool.get().expect("connection");
        audit_log::table
            .filter(audit_log::action.eq_any(["read", "list"]))
            .count()
            .get_result(&mut conn)
            .expect("count")
    };

    let one: Vec<String> = ids
        .iter()
        .step_by(7)
        .take(1000)
        .map(|id| format!("/api/v1/participants/{id}"))
        .collect();
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("GET /api/v1/health", vec!["/api/v1/health".to_string()]),
        ("GET /participants/{id}", one),
        (
            "GET /participants?limit=50",
            vec!["/api/v1/participants?limit=50".to_string()],
        ),
    ];
    let mut runs = Vec::new();
    for (name, paths) in &cases {
        let run = tokio::task::block_in_place(|| wrk(&base, &token, paths, seconds, dir.path()));
        runs.push((name, run));
    }
    handle.stop(true).await;
    let reads_after: i64 = {
        let mut conn = pool.get().expect("connection");
        audit_log::table
            .filter(audit_log::action.eq_any(["read", "list"]))
            .count()
            .get_result(&mut conn)
            .expect("count")
    };

    let health = runs[0].1.rate.max(1.0);
    println!(
        "\nreads over HTTP, {backend}, {PEOPLE} people, wrk 64 connections, {seconds} s each:"
    );
    println!(
        "  {:<28} {:>10} {:>10} {:>9} {:>9} {:>8}",
        "endpoint", "req/s", "of health", "p50 ms", "p99 ms", "p99/p50"
    );
    let mut answered = 0;
    for (i, (name, r)) in runs.iter().enumerate() {
        if i > 0 {
            answered += r.requests - r.errors;
        }
        println!(
            "  {:<28} {:>10.0} {:>9.1}% {:>9.2} {:>9.2} {:>8.1}{}",
            name,
            r.rate,
            100.0 * r.rate / health,
            r.p50_ms,
            r.p99_ms,
            r.p99_ms / r.p50_ms,
            if r.errors > 0 {
                format!("  ({} non-2xx)", r.errors)
            } else {
                String::new()
            }
        );
    }
    println!(
        "  audit rows written for reads: {} for {} answered reads (wrk counts requests it completed; rows >= answers)",
        reads_after - reads_before,
        answered
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let seconds = std::env::var("SKUPAJ_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_string_lossy().to_string();
    let sqlite = common::settings(&data);
    bench("SQLite", sqlite, seconds).await;

    if let Some(pg) = common::PgDatabase::create("reads", &data) {
        bench("PostgreSQL", pg.settings.clone(), seconds).await;
    }
}
