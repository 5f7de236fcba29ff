//! `make bench`: interviews at the scale of a large programme, through real
//! HTTP against the real server on SQLite. Prints figures (not a timed
//! test): saving one answer as the runner does, and the analysis (plain,
//! cross-tabulated, and the CSV of raw answers) over 2 000 respondents.

#[path = "common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use diesel::prelude::*;
use serde_json::json;
use skupaj::codes::{ConsentPurpose, EducationLevel, Gender, LegalStatus};
use skupaj::db::schema::{interview_answers, interview_participants, interviews};
use skupaj::participants::{self, ParticipantFields};
use skupaj::policy::Role;
use skupaj::{accounts, db, AppState};

const PEOPLE: usize = 2_000;
const GROUP: usize = 4;
const PASSWORD: &str = "Tiho-jezero-pod-Triglavom-7";

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn p95(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[(v.len() * 95 / 100).min(v.len() - 1)].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_string_lossy().to_string();
    let settings = common::settings(&data);
    let pool = db::open_pool(&settings.database, 8).expect("pool");
    let started = Instant::now();
    let (template, planned, person) = {
        let mut conn = pool.get().expect("connection");
        db::run_migrations(&mut conn).expect("migrations");
        let org = accounts::create_organization(&mut conn, "Bench").expect("org");
        let hash = skupaj::auth::password::hash(PASSWORD).expect("hash");
        let user =
            accounts::create_user(&mut conn, "coordinator@bench.example.org", "Bench", &hash)
                .expect("user");
        accounts::add_membership(&mut conn, &org.id, &user.id, Role::Coordinator).expect("member");
        skupaj::interviews::templates::ensure_default(&mut conn, &org.id).expect("template");
        let (template, version): (String, String) = {
            use skupaj::db::schema::{interview_template_versions as v, interview_templates as t};
            v::table
                .inner_join(t::table)
                .filter(t::organization_id.eq(&org.id))
                .select((t::id, v::id))
                .first(&mut conn)
                .expect("version")
        };
        let places = ["city", "city", "rural", "no_preference"];
        let needs = [
            "employment",
            "language",
            "housing",
            "childcare",
            "recognition",
        ];
        let mut last = (String::new(), String::new());
        conn.transaction::<_, skupaj::error::ApiError, _>(|conn| {
            let mut ids = Vec::new();
            for i in 0..PEOPLE {
                let fields = ParticipantFields {
                    name: format!("Person {i:05}"),
                    gender: Some(Gender::ALL[i % 3]),
                    birth_year: Some(1960 + (i % 45) as i32),
                    legal_status: Some(LegalStatus::ALL[i % LegalStatus::ALL.len()]),
                    education_level: Some(EducationLevel::ALL[i % EducationLevel::ALL.len()]),
                    arrival_date: chrono::NaiveDate::from_ymd_opt(
                        2018 + (i % 8) as i32,
                        1 + (i % 12) as u32,
                        1,
                    ),
                    ..ParticipantFields::default()
                };
                let id = skupaj::ids::new_id();
                participants::save(conn, &id, &org.id, &fields, None)?;
                participants::add_consent(
                    conn,
                    &org.id,
                    &id,
                    ConsentPurpose::ProfileProcessing,
                    "bench",
                    &user.id,
                )?;
                ids.push(id);
            }
            let now = skupaj::ids::now();
            for (n, group) in ids.chunks(GROUP).enumerate() {
                let interview = skupaj::ids::new_id();
                let status = if n + 1 == PEOPLE / GROUP {
                    "planned"
                } else {
                    "done"
                };
                diesel::insert_into(interviews::table)
                    .values((
                        interviews::id.eq(&interview),
                        interviews::organization_id.eq(&org.id),
                        interviews::template_version_id.eq(&version),
                        interviews::kind.eq("group"),
                        interviews::scheduled_at.eq(now - chrono::Duration::hours(n as i64)),
                        interviews::channel.eq("in_person"),
                        interviews::language.eq("sl"),
                        interviews::recorded.eq(false),
                        interviews::status.eq(status),
                        interviews::created_by.eq(Some(&user.id)),
                        interviews::created_at.eq(now),
                        interviews::updated_at.eq(now),
                        interviews::version.eq(1),
                    ))
                    .execute(conn)?;
                for (pos, pid) in group.iter().enumerate() {
                    diesel::insert_into(interview_participants::table)
                        .values((
                            interview_participants::interview_id.eq(&interview),
                            interview_participants::participant_id.eq(pid),
                            interview_participants::position.eq(pos as i32),
                            interview_participants::attended.eq(true),
                        ))
                        .execute(conn)?;
                    let i = n * GROUP + pos;
                    let answers = [
                        ("needs", json!([needs[i % 5], needs[(i + 2) % 5]])),
                        ("worked_host", json!(i.is_multiple_of(3))),
                        ("languages", json!([{"language": "ar", "level": "native"}])),
                        ("education_level", json!("isced_3")),
                        ("confidence", json!(i % 10 + 1)),
                        ("preferred_place", json!(places[i % 4])),
                        ("interest_mentoring", json!(i.is_multiple_of(2))),
                        ("childcare_needed", json!(i.is_multiple_of(4))),
                        (
                            "origin_affected",
                            json!(["no", "yes_sometimes", "not_sure"][i % 3]),
                        ),
                        ("job_search_months", json!(i % 24)),
                        ("desired_work", json!("Warehouse work")),
                        ("interest_training", json!(["language_course"])),
                    ];
                    for (q, v) in answers {
                        diesel::insert_into(interview_answers::table)
                            .values((
                                interview_answers::interview_id.eq(&interview),
                                interview_answers::participant_id.eq(pid),
                                interview_answers::question_id.eq(q),
                                interview_answers::value.eq(v.to_string()),
                                interview_answers::updated_at.eq(now),
                            ))
                            .execute(conn)?;
                    }
                    last = (interview.clone(), pid.clone());
                }
            }
            Ok(())
        })
        .expect("seed");
        (template, last.0, last.1)
    };
    println!(
        "seeded {PEOPLE} participants in {} group interviews with 12 answers each in {:.1} s",
        PEOPLE / GROUP,
        started.elapsed().as_secs_f64()
    );
    let state = AppState::new(settings, pool);
    let (base, handle) = common::serve(state, 2);
    let client = reqwest::Client::new();
    let token = common::login(&base, "coordinator@bench.example.org", PASSWORD).await;

    let mut saves = Vec::new();
    for i in 0..100 {
        let t = Instant::now();
        let res = client
            .put(format!("{base}/api/v1/interviews/{planned}/answers"))
            .bearer_auth(&token)
            .json(&json!({"answers": [{"participant_id": person, "question_id": "desired_work", "value": format!("Draft {i}")}]}))
            .send()
            .await
            .expect("save");
        assert_eq!(res.status(), 200);
        saves.push(t.elapsed());
    }
    let timed = |path: String| {
        let client = client.clone();
        let token = token.clone();
        async move {
            let mut v = Vec::new();
            for _ in 0..10 {
                let t = Instant::now();
                let res = client
                    .get(&path)
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("get");
                assert_eq!(res.status(), 200);
                let _ = res.bytes().await;
                v.push(t.elapsed());
            }
            v
        }
    };
    let plain = timed(format!(
        "{base}/api/v1/interviews/analysis?template={template}"
    ))
    .await;
    let crossed = timed(format!(
        "{base}/api/v1/interviews/analysis?template={template}&cross=age_band"
    ))
    .await;
    let raw = timed(format!(
        "{base}/api/v1/interviews/analysis/answers.csv?template={template}"
    ))
    .await;
    handle.stop(true).await;
    println!("interviews over HTTP, SQLite, 2 cores:");
    println!(
        "  save one answer (runner)      median {:7.2} ms  p95 {:7.2} ms",
        median(saves.clone()),
        p95(saves)
    );
    println!(
        "  analysis, {} respondents    median {:7.2} ms  p95 {:7.2} ms",
        PEOPLE - GROUP,
        median(plain.clone()),
        p95(plain)
    );
    println!(
        "  analysis × age band           median {:7.2} ms  p95 {:7.2} ms",
        median(crossed.clone()),
        p95(crossed)
    );
    println!(
        "  raw answers CSV               median {:7.2} ms  p95 {:7.2} ms",
        median(raw.clone()),
        p95(raw)
    );
}
