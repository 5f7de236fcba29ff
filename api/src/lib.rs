//! Skupaj's server as a library: `main.rs` and the integration tests build
//! the same application through [`build_server`].
//!
//! # Where a line goes
//!
//! A line goes to the folder of the resource whose table it writes or whose
//! URL it serves (`accounts/`, `participants/`, `skills/`, `interviews/`,
//! `code_lists/`, `audit_log/`, `system/`). Every folder has the same parts:
//! `mod.rs` (`configure` and re-exports), `routes.rs` (handlers and their
//! OpenAPI annotations only), `model.rs` (row structs, insert and update
//! forms, every diesel query of the resource), `json.rs` (request, response
//! and view types) and `access.rs` (who sees which rows and fields); a part
//! that grows past about 600 lines splits by topic. One resource may use
//! another's `model.rs` and `json.rs`, never its `routes.rs`. Code that no
//! resource owns is the platform: `http/` (middleware, JSON extractor,
//! shared query parameters, merge patches, fallback, OpenAPI, SPA), `db/`,
//! `auth/`, `disclosure/`, and small modules (audit, idempotency,
//! pagination, ids, codes, fields, policy, config, error).

pub mod accounts;
pub mod audit;
pub mod audit_log;
pub mod auth;
pub mod code_lists;
pub mod codes;
pub mod config;
pub mod db;
pub mod disclosure;
pub mod error;
pub mod fields;
pub mod http;
pub mod idempotency;
pub mod ids;
pub mod interviews;
pub mod market;
pub mod meetings;
pub mod opportunities;
pub mod pagination;
pub mod participants;
pub mod policy;
pub mod setup;
pub mod skills;
pub mod system;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::dev::Server;
use actix_web::{middleware, web, HttpServer};

pub use config::Settings;
pub use db::DbPool;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub settings: Arc<Settings>,
    pub jwt: Arc<auth::tokens::JwtKeys>,
    pub started: Instant,
    /// Commits the audit rows of reads in groups (see [`audit::GroupWriter`]).
    pub audit: audit::GroupWriter,
    /// Where market photos are kept (a folder under the data folder).
    pub photos: market::photos::PhotoStore,
    /// This process's matching cache (per organisation, following the change log).
    pub matches: opportunities::matches::MatchCache,
    /// This process's index of the taxonomy's labels, for skill search.
    pub skills: skills::model::index::SkillIndex,
}

impl AppState {
    pub fn new(settings: Settings, pool: DbPool) -> Self {
        let jwt = Arc::new(auth::tokens::JwtKeys::new(settings.jwt_secret.expose()));
        let photos = market::photos::PhotoStore::for_settings(&settings);
        Self {
            photos,
            matches: opportunities::matches::MatchCache::default(),
            skills: skills::model::index::SkillIndex::default(),
            audit: audit::GroupWriter::start(pool.clone()),
            pool,
            settings: Arc::new(settings),
            jwt,
            started: Instant::now(),
        }
    }

    /// Runs a blocking database closure on the thread pool made for it, so
    /// that the async workers never wait on the database. When SQLite's
    /// single writer is busy the whole closure (one transaction) runs again,
    /// a few times, before the client gets a 503.
    pub async fn db<T, F>(&self, f: F) -> Result<T, error::ApiError>
    where
        F: Fn(&mut db::DbConnection) -> Result<T, error::ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            let mut attempt = 0u64;
            loop {
                match f(&mut conn) {
                    Err(error::ApiError::Busy) if attempt < 8 => {
                        attempt += 1;
                        let jitter = u64::from(rand::random::<u8>() % 20);
                        std::thread::sleep(Duration::from_millis(10 * attempt + jitter));
                    }
                    other => return other,
                }
            }
        })
        .await?
    }

    /// [`AppState::db_as`] for a read bounded by a key or a page (a person,
    /// a page of people): on SQLite, when a connection is free at once and
    /// the caller is a signed-in user, it runs right here on the async
    /// worker. Such a read takes tens of microseconds of CPU and never
    /// waits for the writer (WAL), less than the two thread hand-offs
    /// through the blocking pool cost it. Everything else goes through the
    /// blocking pool ([`AppState::db_as`]): no connection free, PostgreSQL
    /// (where every query is a round trip), SQLite answering busy, an API
    /// key (reading it may write its "last used" time, which could wait
    /// for the writer), and an actor for whom `quick` says no (work that
    /// may take long would hold up the worker's other requests; the actor
    /// already read goes with it).
    pub async fn quick_read_as<T, F>(
        &self,
        caller: auth::Credentials,
        quick: fn(&auth::Actor) -> bool,
        f: F,
    ) -> Result<T, error::ApiError>
    where
        F: Fn(&mut db::DbConnection, &auth::Actor) -> Result<T, error::ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let sqlite = matches!(self.settings.database, db::DatabaseTarget::Sqlite(_));
        if sqlite && caller.resolves_without_writing() {
            if let Some(mut conn) = self.pool.try_get() {
                match caller.resolve(&mut conn) {
                    Ok(actor) if quick(&actor) => match f(&mut conn, &actor) {
                        Err(error::ApiError::Busy) => {}
                        done => return done,
                    },
                    // Already read: the pool gets the actor, not the caller.
                    Ok(actor) => {
                        drop(conn);
                        return self.db(move |conn| f(conn, &actor)).await;
                    }
                    Err(error::ApiError::Busy) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        self.db_as(caller, f).await
    }

    /// [`AppState::db`] for a handler that takes [`auth::Credentials`]:
    /// resolves the caller (its membership and role, or its API key, read
    /// fresh as the `Actor` extractor reads them) on the same connection,
    /// in the same trip through the blocking pool, then runs `f` as that
    /// actor.
    pub async fn db_as<T, F>(&self, caller: auth::Credentials, f: F) -> Result<T, error::ApiError>
    where
        F: Fn(&mut db::DbConnection, &auth::Actor) -> Result<T, error::ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.db(move |conn| {
            let actor = caller.resolve(conn)?;
            f(conn, &actor)
        })
        .await
    }
}

/// Registers every resource's routes under `/api/v1`, in the order actix
/// matches them. Handlers are added with `.service(...)` (never
/// `.route(...)`) so that utoipa collects them into the OpenAPI document.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    system::configure(cfg);
    accounts::configure(cfg);
    audit_log::configure(cfg);
    participants::configure(cfg);
    code_lists::configure(cfg);
    skills::configure(cfg);
    interviews::configure(cfg);
    meetings::configure(cfg);
    market::configure(cfg);
    opportunities::configure(cfg);
}

/// The OpenAPI document of every resource's routes.
pub fn spec() -> utoipa::openapi::OpenApi {
    http::openapi::spec(configure)
}

/// The OpenAPI document as YAML, exactly as committed in `openapi.yaml`.
pub fn spec_yaml() -> String {
    http::openapi::yaml_of(&spec())
}

/// Extra routes for the test suite (e.g. one that panics on purpose).
pub type ExtraRoutes = fn(&mut web::ServiceConfig);

/// Options that tests change and production leaves alone.
#[derive(Clone, Copy, Default)]
pub struct ServerOptions {
    /// Handle SIGTERM/SIGINT ourselves: off for in-process test servers.
    pub disable_signals: bool,
    /// Worker threads; 0 means one per core.
    pub workers: usize,
    pub extra_routes: Option<ExtraRoutes>,
}

/// How long in-flight requests get to finish after SIGTERM.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// Builds the HTTP server on an already bound listener (port 0 in tests).
pub fn build_server(
    listener: TcpListener,
    state: AppState,
    options: ServerOptions,
) -> std::io::Result<Server> {
    let spec = Arc::new(spec());
    let routes = Arc::new(http::RouteTable::from_spec(&spec));
    let body_limit = state.settings.body_limit;
    let web_dir = state.settings.web_dir.clone();
    // The market's sweep runs while the server holds its lifeline.
    let sweep = market::orders::sweep::start(state.clone());
    let mut server = HttpServer::new(move || {
        let _alive = &sweep;
        let (app, _) = http::openapi::api_app(configure);
        let app = app
            .app_data(web::Data::new(state.clone()))
            .app_data(web::Data::from(routes.clone()))
            .app_data(web::PayloadConfig::new(body_limit))
            .app_data(http::query_config())
            .app_data(http::path_config())
            .configure(|cfg| http::openapi::configure_docs(cfg, &spec))
            .configure(|cfg| {
                if let Some(extra) = options.extra_routes {
                    extra(cfg);
                }
            })
            .configure(|cfg| {
                http::spa::configure(cfg, &web_dir, market::catalogue::preview::head_tags)
            })
            .default_service(web::to(http::fallback));
        app.wrap(middleware::from_fn(http::problems_and_panics))
            .wrap(middleware::Compress::default())
            .wrap(middleware::from_fn(http::refuse_nul))
            .wrap(middleware::from_fn(http::request_id))
            .wrap(middleware::from_fn(http::security_headers))
            .wrap(
                middleware::Logger::new(r#"%a "%r" %s %b %Dms request_id=%{x-request-id}o"#)
                    .exclude("/api/v1/health")
                    // A calendar feed's address is its key: kept out of logs.
                    .exclude_regex("^/api/v1/calendar/feeds/"),
            )
    })
    .listen(listener)?
    .shutdown_timeout(SHUTDOWN_GRACE.as_secs());
    if options.disable_signals {
        server = server.disable_signals();
    }
    if options.workers > 0 {
        server = server.workers(options.workers);
    }
    Ok(server.run())
}
