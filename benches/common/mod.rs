//! What the benchmarks share: the real server on a free port, and a login.
#![allow(dead_code)]

use std::net::TcpListener;

use actix_web::dev::ServerHandle;
use diesel::Connection;
use skupaj::codes::{ConsentPurpose, LanguageLevel, LegalStatus, Need};
use skupaj::participants::{self, LanguageSkill, ParticipantFields};
use skupaj::{AppState, ServerOptions};

/// Starts the server on a free loopback port; returns its base URL and a
/// handle to stop it. `workers` 0 means one per core.
pub fn serve(state: AppState, workers: usize) -> (String, ServerHandle) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = skupaj::build_server(
        listener,
        state,
        ServerOptions {
            disable_signals: true,
            workers,
            extra_routes: None,
        },
    )
    .expect("server");
    let handle = server.handle();
    tokio::spawn(server);
    (base, handle)
}

/// Settings for a bench server on an SQLite file in `data` (no web app).
pub fn settings(data: &str) -> skupaj::Settings {
    skupaj::Settings::from_lookup(|k| match k {
        "SKUPAJ_DATA_DIR" => Some(data.to_string()),
        "SKUPAJ_WEB_DIR" => Some(format!("{data}/no-web")),
        _ => None,
    })
    .expect("settings")
}

/// Logs in and returns the access token.
pub async fn login(base: &str, email: &str, password: &str) -> String {
    let login: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    login["access_token"]
        .as_str()
        .expect("access token")
        .to_string()
}

/// Adds `n` participants to `org` in one transaction, varied in legal
/// status, town, birth year, language and need, each with the
/// `profile_processing` consent recorded by `recorded_by`; returns their ids.
pub fn seed_people(
    conn: &mut skupaj::db::DbConnection,
    org: &str,
    recorded_by: &str,
    n: usize,
) -> Vec<String> {
    let langs = ["ar", "uk", "fa", "ps", "ti", "so", "en", "ru"];
    let towns = [
        "Ljubljana",
        "Maribor",
        "Koper",
        "Celje",
        "Kranj",
        "Postojna",
    ];
    let names = ["Amina", "Olena", "Farid", "Zaid", "Mariam"];
    conn.transaction::<_, skupaj::error::ApiError, _>(|conn| {
        let mut ids = Vec::with_capacity(n);
        for i in 0..n {
            let fields = ParticipantFields {
                name: format!("Person {i:05} {}", names[i % names.len()]),
                legal_status: Some(LegalStatus::ALL[i % LegalStatus::ALL.len()]),
                municipality: Some(towns[i % towns.len()].into()),
                birth_year: Some(1960 + (i % 45) as i32),
                languages: vec![LanguageSkill {
                    language: langs[i % langs.len()].into(),
                    level: LanguageLevel::Native,
                }],
                needs: vec![Need::ALL[i % Need::ALL.len()]],
                ..ParticipantFields::default()
            };
            let id = skupaj::ids::new_id();
            participants::save(conn, &id, org, &fields, None)?;
            participants::add_consent(
                conn,
                org,
                &id,
                ConsentPurpose::ProfileProcessing,
                "bench",
                recorded_by,
            )?;
            ids.push(id);
        }
        Ok(ids)
    })
    .expect("seed participants")
}

/// Adds `n` individual interviews with the shipped template to `org`, one a
/// day back from today, each with one of `people` (cycling) and conducted by
/// `interviewer`, through the interviews' own model; in one transaction.
pub fn seed_interviews(
    conn: &mut skupaj::db::DbConnection,
    org: &str,
    interviewer: &str,
    people: &[String],
    n: usize,
) {
    use skupaj::codes::{InterviewChannel, InterviewKind};
    use skupaj::interviews::json::{AttendeeInput, InterviewFields};
    use skupaj::interviews::{model, templates};
    conn.transaction::<_, skupaj::error::ApiError, _>(|conn| {
        templates::model::ensure_default(conn, org)?;
        let template = templates::model::default_template_id(conn, org)?;
        let version = model::published_version(conn, org, &template)?.id;
        let today = chrono::Utc::now();
        for i in 0..n {
            let fields = InterviewFields {
                kind: InterviewKind::Individual,
                scheduled_at: today - chrono::Duration::hours(i as i64),
                duration_minutes: Some(60),
                channel: InterviewChannel::Phone,
                location: None,
                language: "sl".into(),
                interpreter_language: None,
                interpreter_name: None,
                recorded: false,
                notes: None,
                participants: vec![AttendeeInput {
                    participant_id: people[i % people.len()].clone(),
                    language: Some("ar".into()),
                    attended: true,
                }],
                interviewer_ids: vec![interviewer.to_string()],
            };
            model::insert(conn, org, &version, &fields, Some(interviewer))?;
        }
        Ok(())
    })
    .expect("seed interviews")
}

/// A database of its own for one bench on the PostgreSQL server of
/// `SKUPAJ_BENCH_PG_URL` (a maintenance database's URL, e.g.
/// `$(scripts/pg.sh start DIR)`), dropped when this is.
pub struct PgDatabase {
    admin: diesel::PgConnection,
    name: String,
    /// The new database's URL.
    pub url: String,
    /// Settings for a bench server on it (data in `<data>/pg`, no web app).
    pub settings: skupaj::Settings,
}

impl PgDatabase {
    /// `None` when `SKUPAJ_BENCH_PG_URL` is not set.
    pub fn create(bench: &str, data: &str) -> Option<Self> {
        use diesel::connection::SimpleConnection;
        let admin_url = std::env::var("SKUPAJ_BENCH_PG_URL").ok()?;
        let name = format!("skupaj_bench_{bench}_{}", std::process::id());
        let mut admin = diesel::PgConnection::establish(&admin_url).expect("PostgreSQL");
        // One statement each: several in one call run as one transaction,
        // which CREATE and DROP DATABASE refuse.
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .expect("drop database");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        let url = match admin_url.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{name}"),
            None => admin_url.clone(),
        };
        let pg_data = format!("{data}/pg");
        let settings = skupaj::Settings::from_lookup(|k| match k {
            "SKUPAJ_DATA_DIR" => Some(pg_data.clone()),
            "SKUPAJ_WEB_DIR" => Some(format!("{data}/no-web")),
            "DATABASE_URL" => Some(url.clone()),
            _ => None,
        })
        .expect("settings");
        Some(Self {
            admin,
            name,
            url,
            settings,
        })
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        use diesel::connection::SimpleConnection;
        let _ = self.admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}
