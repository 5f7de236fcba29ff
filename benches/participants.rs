//! `make bench`: the participant list with 10 000 people, through real HTTP
//! against the real server on SQLite. Prints figures (not a timed test):
//! the latency of the first page, of pages deep in the list (reached by the
//! keyset cursor) and of filtered and searched lists, and their ratios.

#[path = "common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use skupaj::policy::Role;
use skupaj::{accounts, db, AppState};

const PEOPLE: usize = 10_000;
const PASSWORD: &str = "Tiho-jezero-pod-Triglavom-7";

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn p95(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[(v.len() * 95 / 100).min(v.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_string_lossy().to_string();
    let settings = common::settings(&data);
    let pool = db::open_pool(&settings.database, 8).expect("pool");
    let org_id;
    {
        let mut conn = pool.get().expect("connection");
        db::run_migrations(&mut conn).expect("migrations");
        let started = Instant::now();
        let org = accounts::create_organization(&mut conn, "Bench").expect("org");
        let hash = skupaj::auth::password::hash(PASSWORD).expect("hash");
        let user =
            accounts::create_user(&mut conn, "coordinator@bench.example.org", "Bench", &hash)
                .expect("user");
        accounts::add_membership(&mut conn, &org.id, &user.id, Role::Coordinator).expect("member");
        common::seed_people(&mut conn, &org.id, &user.id, PEOPLE);
        println!(
            "seeded {PEOPLE} participants in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        org_id = org.id;
    }
    let _ = org_id;
    let state = AppState::new(settings, pool);
    let (base, handle) = common::serve(state, 2);
    let client = reqwest::Client::new();
    let token = common::login(&base, "coordinator@bench.example.org", PASSWORD).await;
    let get = |url: String| {
        let client = client.clone();
        let token = token.clone();
        async move {
            let t = Instant::now();
            let res = client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("request");
            assert_eq!(res.status(), 200);
            let body: serde_json::Value = res.json().await.expect("json");
            (t.elapsed(), body)
        }
    };

    // The first page, many times.
    let mut first = Vec::new();
    for _ in 0..50 {
        first.push(get(format!("{base}/api/v1/participants?limit=50")).await.0);
    }
    // Every page to the end by the cursor: page 200 is the last of 10 000.
    let mut by_page = Vec::new();
    let mut url = format!("{base}/api/v1/participants?limit=50");
    loop {
        let (took, body) = get(url.clone()).await;
        by_page.push(took);
        match body["next_cursor"].as_str() {
            Some(c) => url = format!("{base}/api/v1/participants?limit=50&cursor={c}"),
            None => break,
        }
    }
    let pages = by_page.len();
    let deep: Vec<Duration> = by_page[pages.saturating_sub(20)..].to_vec();
    let mut by_name = Vec::new();
    let mut url = format!("{base}/api/v1/participants?limit=50&sort=name");
    for _ in 0..pages {
        let (took, body) = get(url.clone()).await;
        by_name.push(took);
        match body["next_cursor"].as_str() {
            Some(c) => url = format!("{base}/api/v1/participants?limit=50&sort=name&cursor={c}"),
            None => break,
        }
    }
    let mut filtered = Vec::new();
    let mut searched = Vec::new();
    for _ in 0..30 {
        filtered.push(
            get(format!(
                "{base}/api/v1/participants?limit=50&language=ar&legal_status=asylum_seeker"
            ))
            .await
            .0,
        );
        searched.push(
            get(format!("{base}/api/v1/participants?limit=50&q=amina"))
                .await
                .0,
        );
    }
    handle.stop(true).await;

    println!("participant list over HTTP, {PEOPLE} people, SQLite, limit 50:");
    println!(
        "  first page          median {:7.2} ms  p95 {:7.2} ms",
        ms(median(first.clone())),
        ms(p95(first.clone()))
    );
    println!(
        "  last 20 of {pages} pages median {:7.2} ms  p95 {:7.2} ms",
        ms(median(deep.clone())),
        ms(p95(deep.clone()))
    );
    println!(
        "  by name, all pages  median {:7.2} ms  p95 {:7.2} ms",
        ms(median(by_name.clone())),
        ms(p95(by_name))
    );
    println!(
        "  language + status   median {:7.2} ms",
        ms(median(filtered))
    );
    println!(
        "  name search         median {:7.2} ms",
        ms(median(searched))
    );
    println!(
        "  ratio last pages / first page: {:.2}",
        ms(median(deep)) / ms(median(first))
    );
}
