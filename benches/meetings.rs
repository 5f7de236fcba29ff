//! `make bench`: meetings. (1) Registration throughput with 200 concurrent
//! clients registering 200 people for a meeting with 20 places (every
//! request commits, 20 get a place and 180 join the waiting list), as a
//! share of the same server's `/api/v1/health` rate at the same
//! concurrency. (2) The agenda with 10,000 meetings: a week's page (50)
//! from a random week, p50/p95 over HTTP, as a share of health. Real
//! server, SQLite. Prints figures; it is not a timed test.

#[path = "common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate};
use diesel::Connection;
use skupaj::meetings::model::{self, MeetingValues};
use skupaj::policy::Role;
use skupaj::{accounts, db, AppState};

const MEETINGS: usize = 10_000;
const CLIENTS: usize = 200;
const PLACES: i32 = 20;
const ROUNDS: usize = 5;
const AGENDA_SAMPLES: usize = 400;
const PASSWORD: &str = "Tiho-jezero-pod-Triglavom-7";

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn values(i: usize, start: chrono::NaiveDateTime, capacity: Option<i32>) -> MeetingValues {
    let kinds = [
        "co_creation",
        "office_hours",
        "workshop",
        "panel",
        "language_exchange",
    ];
    MeetingValues {
        kind: kinds[i % kinds.len()].into(),
        title: format!(r#"{{"en":"Meeting {i:05}","sl":"Srečanje {i:05}"}}"#),
        description: "{}".into(),
        venue_id: None,
        online_url: Some("https://meet.example.org/bench".into()),
        phone_line: None,
        starts_at: start,
        ends_at: start + Days::hours(2),
        time_zone: "Europe/Ljubljana".into(),
        capacity,
        audience: "participants".into(),
        languages: r#"["sl","ar"]"#.into(),
        interpretation: "[]".into(),
        childcare: false,
        slot_minutes: None,
        slot_capacity: None,
        slot_modes: "[]".into(),
    }
}

struct Seeded {
    org: String,
    people: Vec<String>,
}

fn seed(conn: &mut db::DbConnection) -> Seeded {
    db::run_migrations(conn).expect("migrations");
    let org = accounts::create_organization(conn, "Bench").expect("org");
    let hash = skupaj::auth::password::hash(PASSWORD).expect("hash");
    let admin =
        accounts::create_user(conn, "admin@bench.example.org", "Admin", &hash).expect("admin");
    accounts::add_membership(conn, &org.id, &admin.id, Role::Admin).expect("member");
    let people = common::seed_people(conn, &org.id, &admin.id, CLIENTS);
    let day0 = NaiveDate::from_ymd_opt(2027, 1, 4)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("a date");
    conn.transaction::<_, skupaj::error::ApiError, _>(|conn| {
        for i in 0..MEETINGS {
            // About 27 a day over a year, spread over the working hours.
            let start = day0 + Days::minutes((i as i64 * 52_560) / 1_000);
            let staff = [(admin.id.clone(), "organiser")];
            model::insert(
                conn,
                &org.id,
                &values(i, start, Some(30)),
                None,
                &staff,
                Some(&admin.id),
            )?;
        }
        Ok(())
    })
    .expect("seed meetings");
    Seeded {
        org: org.id,
        people,
    }
}

/// `per_client` requests from each of `clients` concurrent clients; the
/// rate a second.
async fn rate<F, Fut>(clients: usize, per_client: usize, request: F) -> f64
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let request = Arc::new(request);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let request = request.clone();
            tokio::spawn(async move {
                for n in 0..per_client {
                    request(c, n).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("client");
    }
    (clients * per_client) as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = common::settings(&dir.path().to_string_lossy());
    let pool = db::open_pool(&settings.database, 8).expect("pool");
    let started = Instant::now();
    let seeded = seed(&mut pool.get().expect("connection"));
    println!(
        "seeded {MEETINGS} meetings and {CLIENTS} people in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let (base, handle) = common::serve(AppState::new(settings, pool.clone()), 2);
    let token = common::login(&base, "admin@bench.example.org", PASSWORD).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .expect("client");

    // Health at the same concurrency, for the ratios.
    let health = {
        let (client, base) = (client.clone(), base.clone());
        rate(CLIENTS, 20, move |_, _| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                let res = client
                    .get(format!("{base}/api/v1/health"))
                    .send()
                    .await
                    .expect("health");
                assert_eq!(res.status(), 200);
            }
        })
        .await
    };

    // Registrations: each round a new meeting with 20 places, 200 people at once.
    let mut reg_rates = Vec::new();
    for round in 0..ROUNDS {
        let meeting: String = {
            let mut conn = pool.get().expect("connection");
            let start = NaiveDate::from_ymd_opt(2027, 6, 1)
                .and_then(|d| d.and_hms_opt(14, 0, 0))
                .expect("a date")
                + Days::days(round as i64);
            model::insert(
                &mut conn,
                &seeded.org,
                &values(round, start, Some(PLACES)),
                None,
                &[],
                None,
            )
            .expect("meeting")
        };
        let people = Arc::new(seeded.people.clone());
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        let url = format!("{base}/api/v1/meetings/{meeting}/registrations");
        let r = rate(CLIENTS, 1, move |c, _| {
            let (client, token, url, people) =
                (client.clone(), token.clone(), url.clone(), people.clone());
            async move {
                let res = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&serde_json::json!({"participant_id": people[c]}))
                    .send()
                    .await
                    .expect("register");
                assert_eq!(
                    res.status(),
                    201,
                    "{}",
                    res.text().await.unwrap_or_default()
                );
            }
        })
        .await;
        let mut conn = pool.get().expect("connection");
        let row = model::row(&mut conn, &seeded.org, &meeting).expect("meeting");
        assert_eq!(
            (row.registered_count, row.waiting_count),
            (PLACES, CLIENTS as i32 - PLACES)
        );
        reg_rates.push(r);
    }
    reg_rates.sort_by(|a, b| a.total_cmp(b));
    let reg = reg_rates[reg_rates.len() / 2];
    println!("\nregistrations, {CLIENTS} concurrent clients, {PLACES} places (median of {ROUNDS} rounds), SQLite:");
    println!("  health             {health:>9.0} /s");
    println!(
        "  registrations      {reg:>9.0} /s  = {:.1}% of health (each one a committed write; 20 registered, 180 waiting every round)",
        100.0 * reg / health
    );

    // The agenda: a random week's first page, one client at a time.
    let mut times = Vec::with_capacity(AGENDA_SAMPLES);
    let mut health_times = Vec::with_capacity(AGENDA_SAMPLES);
    for i in 0..AGENDA_SAMPLES {
        let week = (i * 7919) % 50;
        let from = NaiveDate::from_ymd_opt(2027, 1, 4).expect("a date") + Days::weeks(week as i64);
        let to = from + Days::weeks(1);
        let url =
            format!("{base}/api/v1/meetings?from={from}T00:00:00Z&to={to}T00:00:00Z&limit=50");
        let t = Instant::now();
        let res = client
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .expect("agenda");
        assert_eq!(res.status(), 200);
        let page: serde_json::Value = res.json().await.expect("json");
        assert_eq!(page["items"].as_array().map(Vec::len), Some(50), "{url}");
        times.push(t.elapsed());
        let t = Instant::now();
        let res = client
            .get(format!("{base}/api/v1/health"))
            .send()
            .await
            .expect("health");
        let _ = res.bytes().await;
        health_times.push(t.elapsed());
    }
    times.sort();
    health_times.sort();
    let (p50, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
    let h50 = percentile(&health_times, 0.5);
    println!("\nthe agenda with {MEETINGS} meetings: a week's first page of 50, {AGENDA_SAMPLES} samples, SQLite:");
    println!("  p50 {p50:.2} ms, p95 {p95:.2} ms (health p50 {h50:.2} ms: the agenda is {:.1}× a health request)", p50 / h50);
    handle.stop(true).await;
}
