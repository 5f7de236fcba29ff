//! `make bench`: every list stays flat with depth. For each list, 10 010
//! rows in one organisation; the bench walks the keyset cursor to page
//! 1,000 (10 per page), then asks for page 1 and page 1,000 in turn and
//! prints each one's median over HTTP and their ratio (goal: page 1,000
//! within 1.2× of page 1). Real server, SQLite. Prints figures; it is not a
//! timed test.

#[path = "common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use diesel::Connection;
use skupaj::audit::{self, Who};
use skupaj::policy::{Role, Scope};
use skupaj::{accounts, db, AppState};

const ROWS: usize = 10_010;
const LIMIT: usize = 10;
const DEEP_PAGE: usize = 1_000;
const SAMPLES: usize = 40;
const PASSWORD: &str = "Tiho-jezero-pod-Triglavom-7";

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn seed(conn: &mut db::DbConnection) {
    db::run_migrations(conn).expect("migrations");
    let org = accounts::create_organization(conn, "Bench").expect("org");
    let hash = skupaj::auth::password::hash(PASSWORD).expect("hash");
    let admin =
        accounts::create_user(conn, "admin@bench.example.org", "Admin", &hash).expect("admin");
    accounts::add_membership(conn, &org.id, &admin.id, Role::Admin).expect("member");
    let people = common::seed_people(conn, &org.id, &admin.id, ROWS);
    common::seed_interviews(conn, &org.id, &admin.id, &people, ROWS);
    conn.transaction::<_, skupaj::error::ApiError, _>(|conn| {
        let who = || Who {
            organization_id: &org.id,
            actor_type: "user",
            actor_id: &admin.id,
            request_id: None,
        };
        let expires = chrono::Utc::now().naive_utc() + chrono::Duration::days(30);
        for i in 0..ROWS {
            let email = format!("member{i:05}@bench.example.org");
            let user = accounts::create_user(conn, &email, &format!("Member {i:05}"), &hash)?;
            let role = [Role::Adviser, Role::Mentor, Role::Analyst][i % 3];
            accounts::add_membership(conn, &org.id, &user.id, role)?;
            let invited = format!("invited{i:05}@bench.example.org");
            accounts::create_link(
                conn,
                &org.id,
                accounts::INVITE,
                &invited,
                Some(role),
                None,
                &admin.id,
            )?;
            accounts::create_api_key(
                conn,
                &org.id,
                &format!("Key {i:05}"),
                &[Scope::MembersRead],
                expires,
                &admin.id,
            )?;
            audit::record(conn, who(), "read", "participant", Some(&user.id))?;
        }
        Ok(())
    })
    .expect("seed accounts, keys and audit rows");
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = common::settings(&dir.path().to_string_lossy());
    let pool = db::open_pool(&settings.database, 8).expect("pool");
    let started = Instant::now();
    seed(&mut pool.get().expect("connection"));
    println!(
        "seeded {ROWS} rows for each list in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let (base, handle) = common::serve(AppState::new(settings, pool), 2);
    let token = common::login(&base, "admin@bench.example.org", PASSWORD).await;
    let client = reqwest::Client::new();
    let get = |url: String| {
        let (client, token) = (client.clone(), token.clone());
        async move {
            let t = Instant::now();
            let res = client
                .get(&url)
                .bearer_auth(token)
                .send()
                .await
                .expect("request");
            assert_eq!(res.status(), 200, "{url}");
            let body: serde_json::Value = res.json().await.expect("json");
            (
                t.elapsed(),
                body["next_cursor"].as_str().map(str::to_string),
            )
        }
    };
    let lists = [
        ("participants", "/api/v1/participants?"),
        ("participants by name", "/api/v1/participants?sort=name&"),
        (
            "participants updated_since",
            "/api/v1/participants?updated_since=2000-01-01T00:00:00Z&",
        ),
        ("interviews", "/api/v1/interviews?"),
        ("members", "/api/v1/members?"),
        ("invitations", "/api/v1/invitations?"),
        ("API keys", "/api/v1/api-keys?"),
        ("audit log", "/api/v1/audit?"),
    ];
    println!("\nlists over HTTP, {ROWS} rows each, {LIMIT} a page, SQLite (median of {SAMPLES}):");
    println!(
        "  {:<28} {:>10} {:>12} {:>7}",
        "list", "page 1", "page 1,000", "ratio"
    );
    for (name, path) in lists {
        let first = format!("{base}{path}limit={LIMIT}");
        let mut url = first.clone();
        for _ in 1..DEEP_PAGE {
            let (_, next) = get(url.clone()).await;
            let cursor = next.unwrap_or_else(|| panic!("{name} ended before page {DEEP_PAGE}"));
            url = format!("{first}&cursor={cursor}");
        }
        let deep = url;
        let (mut shallow_times, mut deep_times) = (Vec::new(), Vec::new());
        for _ in 0..SAMPLES {
            shallow_times.push(get(first.clone()).await.0);
            deep_times.push(get(deep.clone()).await.0);
        }
        let (a, b) = (median(shallow_times), median(deep_times));
        println!("  {name:<28} {a:>7.2} ms {b:>9.2} ms {:>7.2}", b / a);
    }
    handle.stop(true).await;
    println!("  (goal: every ratio at most 1.2)");
}
