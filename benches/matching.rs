//! `make bench`: matching (issue #16, point 5). A generated taxonomy of
//! ESCO's size and shape (14,110 skills: 10 roots, 100 groups, 1,000
//! subgroups, 13,000 skills, each under one broader), 100,000 participants
//! with 1,000,000 skill entries (10 each, skewed so that some skills are
//! common), one or two languages, statuses and permits (a tenth with a
//! pending permit), and 20,000 open opportunities (5 essential skills, 3
//! optional, Slovenian B1; a hundredth of them courses that teach skills).
//! Over HTTP, one client, after warm-up: p50 and p95 of the top 50 matches
//! of one opportunity (common skills, so many candidates) and of one person
//! against every open opportunity; the first request (which loads the
//! cache) and the request after one change (which applies the change log);
//! and the ratio to a naive full scan (every row loaded from the database
//! and every person or opportunity scored with the engine, per request,
//! measured in the same run). Goal: p95 under 50 ms on 2 cores.
//!
//! Real server, SQLite; set `SKUPAJ_BENCH_PG_URL` (a PostgreSQL server's
//! maintenance database, e.g. `$(scripts/pg.sh start DIR)`) for the same on
//! PostgreSQL. `SKUPAJ_BENCH_MATCH_PEOPLE` and
//! `SKUPAJ_BENCH_MATCH_OPPORTUNITIES` shrink the set (defaults 100,000 and
//! 20,000), `SKUPAJ_BENCH_SAMPLES` the samples (default 200). Prints
//! figures; it is not a timed test.

#[path = "common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use skupaj::opportunities::matches::changes::{self, Subject};
use skupaj::opportunities::matches::load;
use skupaj::opportunities::matching::{
    rank, score, Course, Courses, Eligibility, Options, Person, Requirement,
};
use skupaj::policy::Role;
use skupaj::{accounts, db, AppState, Settings};

const PASSWORD: &str = "Tiho-jezero-pod-Triglavom-7";
const SKILLS_EACH: usize = 10;
const ROOTS: usize = 10;
const GROUPS: usize = 100;
const SUBGROUPS: usize = 1_000;
const LEAVES: usize = 13_000;
const NOW: &str = "'2026-12-01 09:00:00'";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A seeded generator (rand's `StdRng`), so the set is the same on every run.
struct Dice(rand::rngs::StdRng);

impl Dice {
    fn seeded(seed: u64) -> Self {
        Self(rand::SeedableRng::seed_from_u64(seed))
    }

    fn next(&mut self, n: usize) -> usize {
        rand::Rng::random_range(&mut self.0, 0..n)
    }

    /// Skewed toward 0: a few skills are common, most are rare.
    fn skewed(&mut self, n: usize) -> usize {
        let r: f64 = rand::Rng::random(&mut self.0);
        ((r * r) * n as f64) as usize
    }
}

fn uri(level: &str, i: usize) -> String {
    format!("http://bench.example.org/esco/skill/{level}{i}")
}
fn leaf(i: usize) -> String {
    uri("s", i)
}
fn subgroup(i: usize) -> String {
    uri("g", i)
}

/// Runs multi-row INSERTs of `rows` (each a parenthesised tuple of SQL
/// literals), 500 rows a statement, 50,000 a transaction.
fn insert(conn: &mut db::DbConnection, head: &str, rows: impl Iterator<Item = String>) {
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            for _ in 0..100 {
                let chunk: Vec<String> = rows.by_ref().take(500).collect();
                if chunk.is_empty() {
                    break;
                }
                diesel::sql_query(format!("{head} VALUES {}", chunk.join(","))).execute(conn)?;
            }
            Ok(())
        })
        .expect("insert");
    }
}

struct Seeded {
    org: String,
    /// The opportunity and the person timed.
    opportunity: String,
    person: String,
}

fn seed(conn: &mut db::DbConnection, people: usize, opportunities: usize) -> Seeded {
    db::run_migrations(conn).expect("migrations");
    let org = accounts::create_organization(conn, "Bench")
        .expect("org")
        .id;
    let hash = skupaj::auth::password::hash(PASSWORD).expect("hash");
    let admin =
        accounts::create_user(conn, "admin@bench.example.org", "Admin", &hash).expect("admin");
    accounts::add_membership(conn, &org, &admin.id, Role::Admin).expect("member");
    // The taxonomy: roots r, groups q, subgroups g, skills s.
    let mut concepts: Vec<(String, Option<String>)> = Vec::new();
    concepts.extend((0..ROOTS).map(|i| (uri("r", i), None)));
    concepts.extend((0..GROUPS).map(|i| (uri("q", i), Some(uri("r", i % ROOTS)))));
    concepts.extend((0..SUBGROUPS).map(|i| (subgroup(i), Some(uri("q", i % GROUPS)))));
    concepts.extend((0..LEAVES).map(|i| (leaf(i), Some(subgroup(i % SUBGROUPS)))));
    insert(
        conn,
        "INSERT INTO taxonomy_concepts (uri, kind, status, source, created_at, updated_at)",
        concepts
            .iter()
            .map(|(u, _)| format!("('{u}','skill','released','bench',{NOW},{NOW})")),
    );
    insert(
        conn,
        "INSERT INTO taxonomy_labels (uri, language, label, preferred, folded)",
        concepts.iter().map(|(u, _)| {
            let name = u.rsplit('/').next().unwrap_or("x");
            format!("('{u}','en','skill {name}',TRUE,'skill {name}')")
        }),
    );
    insert(
        conn,
        "INSERT INTO taxonomy_broader (uri, broader_uri)",
        concepts
            .iter()
            .filter_map(|(u, b)| Some(format!("('{u}','{}')", b.as_ref()?))),
    );
    // People.
    let towns = ["Ljubljana", "Maribor", "Celje", "Koper", "Kranj"];
    let levels = ["A1", "A2", "B1", "B2", "C1", "C2", "native"];
    let edu = ["isced_1", "isced_2", "isced_3", "isced_4", "isced_6"];
    let pid = |i: usize| format!("p{i:07}");
    insert(
        conn,
        "INSERT INTO participants (id, organization_id, status, name, name_is_pseudonym, legal_status, \
         work_permit, arrival_date, municipality, education_level, created_at, updated_at, version)",
        (0..people).map(|i| {
            let (status, permit) = match i % 10 {
                0 => ("labour_migrant", "pending"),
                1 => ("asylum_seeker", "none"),
                _ => ("international_protection", "granted"),
            };
            format!(
                "('{}','{org}','active','Person {i}',FALSE,'{status}','{permit}','2025-0{}-15','{}','{}',{NOW},{NOW},1)",
                pid(i),
                1 + i % 9,
                towns[i % towns.len()],
                edu[i % edu.len()]
            )
        }),
    );
    insert(
        conn,
        "INSERT INTO participant_languages (participant_id, language, level)",
        (0..people).flat_map(|i| {
            let sl = format!("('{}','sl','{}')", pid(i), levels[i % levels.len()]);
            let en = (i % 2 == 0).then(|| format!("('{}','en','B2')", pid(i)));
            std::iter::once(sl).chain(en)
        }),
    );
    let mut rng = Dice::seeded(16);
    insert(
        conn,
        "INSERT INTO participant_skills (id, participant_id, skill_uri, level, evidence, created_at, updated_at, version)",
        (0..people).flat_map(move |i| {
            let mut mine: Vec<usize> = Vec::with_capacity(SKILLS_EACH);
            while mine.len() < SKILLS_EACH {
                let s = rng.skewed(LEAVES);
                if !mine.contains(&s) {
                    mine.push(s);
                }
            }
            mine.into_iter().map(move |s| {
                format!(
                    "('{}-{s}','{}','{}','intermediate','self_declared',{NOW},{NOW},1)",
                    pid(i),
                    pid(i),
                    leaf(s)
                )
            })
        }),
    );
    // Opportunities: 0 is the one timed (common skills); every hundredth a course.
    let oid = |i: usize| format!("o{i:06}");
    insert(
        conn,
        "INSERT INTO opportunities (id, organization_id, kind, status, title, provider_name, country, \
         place, municipality, min_education, created_at, updated_at, opened_at)",
        (0..opportunities).map(|i| {
            let kind = if i % 100 == 99 { "course" } else { "job" };
            format!(
                "('{}','{org}','{kind}','open','{{\"en\":\"Opportunity {i}\"}}','Employer {}','SI','on_site','{}','isced_2',{NOW},{NOW},{NOW})",
                oid(i),
                i % 500,
                towns[i % towns.len()]
            )
        }),
    );
    let mut rng = Dice::seeded(2026);
    insert(
        conn,
        "INSERT INTO opportunity_skills (opportunity_id, skill_uri, relation)",
        (0..opportunities).flat_map(move |i| {
            let mut rows = Vec::new();
            let mut taken: Vec<String> = Vec::new();
            let mut add = |rows: &mut Vec<String>, u: String, relation: &str| {
                if !taken.contains(&u) {
                    rows.push(format!("('{}','{u}','{relation}')", oid(i)));
                    taken.push(u);
                }
            };
            if i == 0 {
                // Common skills, and a subgroup over common ones.
                for s in [0, 1, 2, 3] {
                    add(&mut rows, leaf(s), "essential");
                }
                add(&mut rows, subgroup(0), "essential");
                for s in [4, 5, 6] {
                    add(&mut rows, leaf(s), "optional");
                }
            } else if i % 100 == 99 {
                for _ in 0..3 {
                    add(&mut rows, leaf(rng.skewed(LEAVES)), "teaches");
                }
            } else {
                for k in 0..5 {
                    let u = if k == 4 {
                        subgroup(rng.next(SUBGROUPS))
                    } else {
                        leaf(rng.skewed(LEAVES))
                    };
                    add(&mut rows, u, "essential");
                }
                for _ in 0..3 {
                    add(&mut rows, leaf(rng.skewed(LEAVES)), "optional");
                }
            }
            rows
        }),
    );
    insert(
        conn,
        "INSERT INTO opportunity_languages (opportunity_id, language, min_level)",
        (0..opportunities)
            .filter(|i| i % 100 != 99)
            .map(|i| format!("('{}','sl','B1')", oid(i))),
    );
    Seeded {
        org,
        opportunity: oid(0),
        person: pid(2),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn p50_p95(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn timed_get(client: &reqwest::Client, url: &str, token: &str) -> (Duration, usize) {
    let t = Instant::now();
    let res = client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200, "{url}");
    let body: serde_json::Value = res.json().await.expect("json");
    (t.elapsed(), body["items"].as_array().map_or(0, Vec::len))
}

/// The naive way, per request: every row loaded from the database, and
/// everyone scored with the engine's full scan.
fn naive_people(pool: &db::DbPool, org: &str, opportunity: &str) -> Duration {
    let t = Instant::now();
    let mut conn = pool.get().expect("connection");
    let today = skupaj::ids::now().date();
    let req = load::postings(&mut conn, org, Some(&[opportunity.to_string()]))
        .expect("opportunity")
        .remove(0)
        .requirement;
    let people: Vec<Person> = load::people(&mut conn, org, None, today)
        .expect("people")
        .into_iter()
        .map(|c| c.person)
        .collect();
    let hierarchy = load::hierarchy(&mut conn).expect("hierarchy");
    let courses = courses_of(
        &load::postings(&mut conn, org, None).expect("postings"),
        &hierarchy,
    );
    let ranked = rank(
        &req,
        &people,
        &hierarchy,
        &courses,
        &|_| Eligibility::Eligible,
        Options::default(),
    );
    assert!(!ranked.matches.is_empty());
    t.elapsed()
}

fn naive_person(pool: &db::DbPool, org: &str, person: &str) -> Duration {
    let t = Instant::now();
    let mut conn = pool.get().expect("connection");
    let today = skupaj::ids::now().date();
    let person = load::people(&mut conn, org, Some(&[person.to_string()]), today)
        .expect("person")
        .remove(0)
        .person;
    let postings = load::postings(&mut conn, org, None).expect("postings");
    let hierarchy = load::hierarchy(&mut conn).expect("hierarchy");
    let courses = courses_of(&postings, &hierarchy);
    let reqs: Vec<&Requirement> = postings.iter().map(|p| &p.requirement).collect();
    let mut all: Vec<_> = reqs
        .iter()
        .map(|r| score(r, &person, &hierarchy, &courses))
        .collect();
    all.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.opportunity.cmp(&b.opportunity))
    });
    all.truncate(50);
    t.elapsed()
}

fn courses_of(
    postings: &[load::Posting],
    hierarchy: &skupaj::opportunities::matching::Hierarchy,
) -> Courses {
    let list: Vec<Course> = postings
        .iter()
        .filter(|p| p.is_course())
        .map(|p| Course {
            id: p.summary.id.clone(),
            teaches: p.teaches.clone(),
        })
        .collect();
    Courses::new(&list, hierarchy)
}

async fn bench(label: &str, settings: Settings) {
    let people = env_usize("SKUPAJ_BENCH_MATCH_PEOPLE", 100_000);
    let opportunities = env_usize("SKUPAJ_BENCH_MATCH_OPPORTUNITIES", 20_000);
    let samples = env_usize("SKUPAJ_BENCH_SAMPLES", 200);
    let pool = db::open_pool(&settings.database, 8).expect("pool");
    let started = Instant::now();
    let seeded = seed(&mut pool.get().expect("connection"), people, opportunities);
    // The planner's statistics, as autovacuum gathers them after a bulk load.
    pool.get()
        .expect("connection")
        .batch_execute("ANALYZE")
        .expect("analyze");
    println!(
        "\n[{label}] seeded {LEAVES} skills (+{} groups), {people} people with {} skill entries, \
         {opportunities} open opportunities in {:.1} s",
        ROOTS + GROUPS + SUBGROUPS,
        people * SKILLS_EACH,
        started.elapsed().as_secs_f64()
    );
    let (base, handle) = common::serve(AppState::new(settings, pool.clone()), 2);
    let client = reqwest::Client::new();
    let token = common::login(&base, "admin@bench.example.org", PASSWORD).await;
    let for_opportunity = format!(
        "{base}/api/v1/opportunities/{}/matches?limit=50",
        seeded.opportunity
    );
    let for_person = format!(
        "{base}/api/v1/participants/{}/matches?limit=50",
        seeded.person
    );
    let (first, n) = timed_get(&client, &for_opportunity, &token).await;
    let (_, m) = timed_get(&client, &for_person, &token).await;
    println!(
        "  first request (loads the cache)   {:>8.1} ms ({n} and {m} matches)",
        ms(first)
    );
    for _ in 0..20 {
        timed_get(&client, &for_opportunity, &token).await;
        timed_get(&client, &for_person, &token).await;
    }
    let mut a = Vec::with_capacity(samples);
    let mut b = Vec::with_capacity(samples);
    let mut h = Vec::with_capacity(samples);
    for _ in 0..samples {
        a.push(timed_get(&client, &for_opportunity, &token).await.0);
        b.push(timed_get(&client, &for_person, &token).await.0);
        let t = Instant::now();
        let _ = client
            .get(format!("{base}/api/v1/health"))
            .send()
            .await
            .expect("health")
            .bytes()
            .await;
        h.push(t.elapsed());
    }
    // One change (a skill added to a person), then the next request.
    {
        let mut conn = pool.get().expect("connection");
        diesel::sql_query(format!(
            "INSERT INTO participant_skills (id, participant_id, skill_uri, level, evidence, created_at, updated_at, version) \
             VALUES ('bench-change','{}','{}','advanced','interview',{NOW},{NOW},1)",
            seeded.person,
            leaf(LEAVES - 1)
        ))
        .execute(&mut conn)
        .expect("change");
        changes::record(&mut conn, &seeded.org, Subject::Participant, &seeded.person).expect("log");
    }
    let (after_change, _) = timed_get(&client, &for_opportunity, &token).await;
    let naive_samples = 3;
    let na: Vec<Duration> = (0..naive_samples)
        .map(|_| naive_people(&pool, &seeded.org, &seeded.opportunity))
        .collect();
    let nb: Vec<Duration> = (0..naive_samples)
        .map(|_| naive_person(&pool, &seeded.org, &seeded.person))
        .collect();
    let (h50, h95) = p50_p95(h);
    let (a50, a95) = p50_p95(a);
    let (b50, b95) = p50_p95(b);
    let (na50, _) = p50_p95(na);
    let (nb50, _) = p50_p95(nb);
    println!(
        "  after one change (applies the log) {:>7.1} ms",
        ms(after_change)
    );
    println!("  {samples} samples each, one client, over HTTP:");
    println!("  health                              p50 {h50:>6.2} ms  p95 {h95:>6.2} ms");
    println!(
        "  top 50 people for one opportunity   p50 {a50:>6.2} ms  p95 {a95:>6.2} ms  \
         naive full scan p50 {na50:>8.1} ms = {:>6.0}× slower",
        na50 / a50
    );
    println!(
        "  top 50 opportunities for a person   p50 {b50:>6.2} ms  p95 {b95:>6.2} ms  \
         naive full scan p50 {nb50:>8.1} ms = {:>6.0}× slower",
        nb50 / b50
    );
    let goal = |p95: f64| if p95 < 50.0 { "met" } else { "MISSED" };
    println!(
        "  goal p95 < 50 ms: opportunity {}, person {}",
        goal(a95),
        goal(b95)
    );
    handle.stop(true).await;
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_string_lossy().to_string();
    bench("SQLite", common::settings(&data)).await;
    if let Some(pg) = common::PgDatabase::create("matching", &data) {
        bench("PostgreSQL", pg.settings.clone()).await;
    }
}
