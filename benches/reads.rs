//! `make bench`: how fast personal data is read, as a share of the same
//! server's `/api/v1/health` rate, measured in one run with `wrk` (64
//! connections) against the real server on SQLite, with 10 000 people.
//! Every read writes its audit row (group commit) before it answers; at the
//! end the bench counts the audit rows against the answers wrk received.
//! Prints figures; it is not a timed test.
//!
//! Set `SKUPAJ_BENCH_PG_URL` (a PostgreSQL server's maintenance database,
//! as `make bench` does) to print the same figures on PostgreSQL too;
//! `SKUPAJ_BENCH_SECONDS` sets the length of each run (default 4; each
//! case runs three times, the cases taking turns).

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
/// How many times each case runs, the cases taking turns.
const ROUNDS: usize = 3;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}
const PASSWORD: &str = "Tiho-jezero-pod-Triglavom-7";

/// What wrk measured for one endpoint.
struct Run {
    rate: f64,
    /// The server's CPU time (user and system, all its threads) per request.
    cpu_us: f64,
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

/// Runs wrk with a Lua script that picks a path per request. The audit
/// rows the run left staged (`audit::settle`, moved by the server a second
/// later) are moved at once when wrk ends, and their time and CPU count
/// towards the run: otherwise the next case would pay for them.
fn wrk(
    base: &str,
    token: &str,
    paths: &[String],
    seconds: u64,
    dir: &std::path::Path,
    pool: &db::DbPool,
) -> Run {
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
    let cpu_before = cpu_seconds();
    let out = Command::new("wrk")
        .args(["-t2", "-c64", &format!("-d{seconds}s"), "--latency", "-s"])
        .arg(&script)
        .arg(base)
        .output()
        .expect("wrk (apt install wrk; `make bench` does)");
    let settling = Instant::now();
    skupaj::audit::settle(&mut pool.get().expect("connection")).expect("staged audit rows moved");
    let settled_in = settling.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
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
        cpu_us: 1e6 * cpu / (requests.max(1) as f64),
        rate: field("Requests/sec:")
            .and_then(|r| r.parse::<f64>().ok())
            .map_or(0.0, |rate| {
                requests as f64 / (requests as f64 / rate + settled_in)
            }),
        p50_ms: field("50%").map(|v| millis(&v)).unwrap_or(f64::NAN),
        p99_ms: field("99%").map(|v| millis(&v)).unwrap_or(f64::NAN),
        requests,
        errors,
    }
}

/// This process's CPU time so far (the server runs in it; wrk does not),
/// from /proc/self/stat (Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis; utime and stime are
    // the 14th and 15th fields of the line, in clock ticks (100 a second).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
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
        skupaj::audit::settle(&mut conn).expect("staged audit rows moved");
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
    // The cases take turns, round after round, so that a slow second of a
    // shared machine falls on all of them alike; each share is that round's
    // rate over the same round's health rate, and the median round is shown.
    let mut rounds: Vec<Vec<Run>> = (0..cases.len()).map(|_| Vec::new()).collect();
    for _ in 0..ROUNDS {
        for (i, (_, paths)) in cases.iter().enumerate() {
            let run = tokio::task::block_in_place(|| {
                wrk(&base, &token, paths, seconds, dir.path(), &pool)
            });
            rounds[i].push(run);
        }
    }
    handle.stop(true).await;
    let reads_after: i64 = {
        let mut conn = pool.get().expect("connection");
        skupaj::audit::settle(&mut conn).expect("staged audit rows moved");
        audit_log::table
            .filter(audit_log::action.eq_any(["read", "list"]))
            .count()
            .get_result(&mut conn)
            .expect("count")
    };

    println!(
        "\nreads over HTTP, {backend}, {PEOPLE} people, wrk 64 connections, {ROUNDS} rounds of {seconds} s a case (medians of the rounds):"
    );
    println!(
        "  {:<28} {:>10} {:>10} {:>9} {:>9} {:>8} {:>12}",
        "endpoint", "req/s", "of health", "p50 ms", "p99 ms", "p99/p50", "CPU × health"
    );
    let mut answered = 0;
    for (i, (name, _)) in cases.iter().enumerate() {
        let runs = &rounds[i];
        let share: Vec<f64> = runs
            .iter()
            .zip(&rounds[0])
            .map(|(r, h)| 100.0 * r.rate / h.rate.max(1.0))
            .collect();
        let errors: u64 = runs.iter().map(|r| r.errors).sum();
        if i > 0 {
            answered += runs.iter().map(|r| r.requests - r.errors).sum::<u64>();
        }
        let p50 = median(runs.iter().map(|r| r.p50_ms).collect());
        let p99 = median(runs.iter().map(|r| r.p99_ms).collect());
        println!(
            "  {:<28} {:>10.0} {:>9.1}% {:>9.2} {:>9.2} {:>8.1} {:>11.1}×{}{}",
            name,
            median(runs.iter().map(|r| r.rate).collect()),
            median(share.clone()),
            p50,
            p99,
            median(runs.iter().map(|r| r.p99_ms / r.p50_ms).collect()),
            median(
                runs.iter()
                    .zip(&rounds[0])
                    .map(|(r, h)| r.cpu_us / h.cpu_us.max(0.001))
                    .collect()
            ),
            if i > 0 {
                let shown: Vec<String> = share.iter().map(|s| format!("{s:.1}")).collect();
                format!("  (rounds: {} %)", shown.join(", "))
            } else {
                String::new()
            },
            if errors > 0 {
                format!("  ({errors} non-2xx)")
            } else {
                String::new()
            }
        );
    }
    println!(
        "  (CPU × health: the server's CPU time per request, all its threads, as a multiple of a health request's)"
    );
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
        .unwrap_or(4);
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_string_lossy().to_string();
    let sqlite = common::settings(&data);
    bench("SQLite", sqlite, seconds).await;

    if let Some(pg) = common::PgDatabase::create("reads", &data) {
        bench("PostgreSQL", pg.settings.clone(), seconds).await;
    }
}
