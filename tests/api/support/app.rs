//! `TestApp::spawn()`: a fresh database (SQLite file, or a PostgreSQL
//! database cloned from a migrated template), the server on port 0, and a
//! client. The database is dropped when the `TestApp` is.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use serde::Deserialize;
use skupaj::db::{self, DatabaseTarget, DbConnection};
use skupaj::{AppState, ServerOptions, Settings};
use validator::Validate;

/// Set by `make test` to a PostgreSQL server's maintenance database URL.
pub const PG_ENV: &str = "SKUPAJ_TEST_DATABASE_URL";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    _dir: tempfile::TempDir,
    handle: actix_web::dev::ServerHandle,
    pg_database: Option<(String, String)>,
}

/// What a test may change about the server it gets.
#[derive(Default)]
pub struct Setup {
    pub env: HashMap<String, String>,
    /// Files to place in the SPA folder before the server starts.
    pub web_files: Vec<(&'static str, &'static str)>,
    /// Use this pool instead of a migrated fresh database.
    pub pool: Option<(DatabaseTarget, skupaj::DbPool)>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(Setup::default()).await
    }

    pub async fn spawn_with(setup: Setup) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let web_dir = dir.path().join("web");
        std::fs::create_dir_all(&web_dir).expect("web dir");
        for (name, content) in &setup.web_files {
            let path = web_dir.join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("asset dir");
            std::fs::write(path, content).expect("asset");
        }
        let (database_url, pg_database) = match &setup.pool {
            Some((DatabaseTarget::Postgres(url), _)) => (url.clone(), None),
            Some((DatabaseTarget::Sqlite(path), _)) => (path.to_string_lossy().to_string(), None),
            None => fresh_database(&dir.path().join("test.sqlite")),
        };
        let mut env: HashMap<String, String> = HashMap::from([
            (
                "SKUPAJ_DATA_DIR".into(),
                dir.path().join("data").to_string_lossy().to_string(),
            ),
            (
                "SKUPAJ_WEB_DIR".into(),
                web_dir.to_string_lossy().to_string(),
            ),
            ("DATABASE_URL".into(), database_url),
        ]);
        env.extend(setup.env);
        let settings = Settings::from_lookup(|k| env.get(k).cloned()).expect("settings");
        let pool = match setup.pool {
            Some((_, pool)) => pool,
            None => {
                let pool = db::open_pool(&settings.database, 4).expect("pool");
                if matches!(settings.database, DatabaseTarget::Sqlite(_)) {
                    let mut conn = pool.get().expect("connection");
                    db::run_migrations(&mut conn).expect("migrations");
                }
                pool
            }
        };
        let state = AppState::new(settings, pool);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let options = ServerOptions {
            disable_signals: true,
            workers: 2,
            extra_routes: Some(test_routes),
        };
        let server = skupaj::build_server(listener, state.clone(), options).expect("server");
        let handle = server.handle();
        tokio::spawn(server);
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            // The server closes a connection after 5 s idle (actix's default
            // keep-alive); a client that reused one idle that long could send
            // into the close and fail. Never reuse one idle for over a second.
            .pool_idle_timeout(Duration::from_secs(1))
            .build()
            .expect("client");
        TestApp {
            base: format!("http://127.0.0.1:{port}"),
            client,
            state,
            _dir: dir,
            handle,
            pg_database,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_as(&self, token: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn send_as(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> reqwest::Response {
        let mut req = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.expect("request")
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.state.settings.database, DatabaseTarget::Postgres(_))
    }

    /// Stops the server, letting requests in flight finish.
    pub async fn stop_gracefully(&self) {
        self.handle.stop(true).await;
    }

    /// A pooled connection to this test's database.
    pub fn conn(&self) -> db::PooledConn {
        self.state.pool.get().expect("connection")
    }

    /// Audit rows of this organisation, newest first, straight from the
    /// database (the rows of reads staged by the group writer moved in
    /// first, as every reader of the log does).
    pub fn audit_rows(&self, org: &str) -> Vec<(String, String, Option<String>, Option<String>)> {
        use diesel::prelude::*;
        use skupaj::db::schema::audit_log;
        let mut conn = self.conn();
        skupaj::audit::settle(&mut conn).expect("staged audit rows moved");
        audit_log::table
            .filter(audit_log::organization_id.eq(org))
            .order(audit_log::id.desc())
            .select((
                audit_log::action,
                audit_log::resource_type,
                audit_log::resource_id,
                audit_log::actor_id,
            ))
            .load(&mut conn)
            .expect("audit rows")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
        if let Some((admin_url, name)) = self.pg_database.take() {
            if let Ok(mut conn) = PgConnection::establish(&admin_url) {
                let _ =
                    conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
            }
        }
    }
}

/// A new database for one test: an SQLite file, or (PostgreSQL) a clone of
/// a template migrated once per test run.
fn fresh_database(sqlite: &std::path::Path) -> (String, Option<(String, String)>) {
    let Ok(admin_url) = std::env::var(PG_ENV) else {
        return (format!("sqlite://{}", sqlite.display()), None);
    };
    let template = pg_template(&admin_url);
    let name = format!("skupaj_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin =
        PgConnection::establish(&admin_url).expect("connect to the PostgreSQL test server");
    // CREATE DATABASE … TEMPLATE fails while another session copies the same
    // template, so the copies take turns.
    static CLONING: Mutex<()> = Mutex::new(());
    let _turn = CLONING.lock().unwrap_or_else(|e| e.into_inner());
    admin
        .batch_execute(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
        ))
        .expect("clone the template database");
    (with_database(&admin_url, &name), Some((admin_url, name)))
}

fn pg_template(admin_url: &str) -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let name = format!("skupaj_template_{}", std::process::id());
            let mut admin =
                PgConnection::establish(admin_url).expect("connect to the PostgreSQL test server");
            admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\""))
                .expect("drop old template");
            admin
                .batch_execute(&format!("CREATE DATABASE \"{name}\""))
                .expect("create template");
            let url = with_database(admin_url, &name);
            let mut conn =
                DbConnection::Postgres(PgConnection::establish(&url).expect("connect to template"));
            db::run_migrations(&mut conn).expect("migrate template");
            name
        })
        .clone()
}

/// The same server URL with another database name.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let cut = base.rfind('/').expect("a database in the URL");
    let mut out = format!("{}/{}", &base[..cut], name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// A body for the test-only validation route.
#[derive(Debug, Deserialize, Validate)]
struct EchoBody {
    #[validate(email)]
    email: String,
    #[validate(length(min = 1, max = 50))]
    name: String,
    #[validate(range(min = 1900, max = 2030))]
    birth_year: i32,
}

/// How many `/test/slow` requests have reached their handler.
pub static SLOW_STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Routes that exist only in the test server, to exercise the error paths
/// before real endpoints use them.
fn test_routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/test/panic",
        web::get().to(|| async {
            if std::env::var("NEVER_SET_a1b2c3").is_err() {
                panic!("secret internals: password=hunter2");
            }
            HttpResponse::Ok().finish()
        }),
    )
    .route(
        "/test/echo",
        web::post().to(|body: skupaj::http::ApiJson<EchoBody>| async move {
            body.validate().map_err(skupaj::error::ApiError::from)?;
            Ok::<_, skupaj::error::ApiError>(
                HttpResponse::Ok().json(serde_json::json!({"name": body.name})),
            )
        }),
    )
    .route(
        "/test/slow",
        web::get().to(|| async {
            SLOW_STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(800)).await;
            HttpResponse::Ok().body("finished")
        }),
    );
}
