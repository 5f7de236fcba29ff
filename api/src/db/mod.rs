//! Storage: one diesel code path over SQLite (embedded, the default) and PostgreSQL.
//!
//! The backend is chosen by the scheme of `DATABASE_URL`. We do not use the
//! `establish` that `#[derive(MultiConnection)]` generates: it silently falls
//! back to SQLite (and creates a file named after a mistyped URL), which would
//! hide a misconfigured production server behind an empty local database.

pub mod schema;
mod stamp;

pub use stamp::Stamp;

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

/// A connection to either backend; queries are written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Runs one diesel expression on the connection's own backend: `$c` is the
/// `SqliteConnection` or the `PgConnection` inside, and `$body` is the same
/// code for both (one code path, compiled twice).
///
/// For the queries every read makes. Through the [`DbConnection`] enum,
/// diesel writes out a query's SQL two or three times per run (its
/// `SerializedQuery` turns the query into text for the cache check, the
/// binds and the run), even when the prepared statement is already cached
/// under the query's type; a profile of `GET /participants/{id}` showed
/// that as about a tenth of the CPU. On the backend's own connection, a
/// cached statement is found by its type and no SQL is written.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($c) => $body,
            $crate::db::DbConnection::Postgres($c) => $body,
        }
    };
}

pub type DbPool = Pool<ConnectionManager>;
pub type PooledConn = PooledConnection<ConnectionManager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// How long SQLite waits for a competing writer before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// An arbitrary, fixed key: API processes starting together on one
/// PostgreSQL take turns at migrating instead of racing.
const MIGRATION_LOCK_KEY: i64 = 0x056b_7570_616a;

/// Which database a URL points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// A PostgreSQL connection string, passed to libpq as given.
    Postgres(String),
    /// The path of an SQLite file.
    Sqlite(PathBuf),
}

impl DatabaseTarget {
    /// Reads `postgres://…`, `postgresql://…`, `sqlite://PATH`, `sqlite:PATH`
    /// or a plain file path.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("DATABASE_URL is empty".into());
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_string()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() || path.contains(":memory:") {
            return Err(format!(
                "DATABASE_URL `{url}` names no SQLite file (in-memory databases are not supported: each pooled connection would see its own)"
            ));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            if scheme != "sqlite" {
                return Err(format!(
                    "DATABASE_URL scheme `{scheme}` is not supported: use postgres://… or sqlite://PATH"
                ));
            }
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }

    /// The backend's name as the API reports it.
    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Postgres(_) => "postgresql",
            Self::Sqlite(_) => "sqlite",
        }
    }

    /// The URL with any password replaced, fit for a log line.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(p) => format!("sqlite://{}", p.display()),
            Self::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
                    Some((user, _password)) => {
                        format!("{}://{}:***@{}", &url[..s], user, &url[at + 1..])
                    }
                    None => url.clone(),
                },
                _ => url.clone(),
            },
        }
    }
}

/// Opens connections for the pool, each set up for its backend.
#[derive(Clone, Debug)]
pub struct ConnectionManager {
    target: DatabaseTarget,
}

impl ConnectionManager {
    pub fn new(target: DatabaseTarget) -> Self {
        Self { target }
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.target {
            DatabaseTarget::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Postgres)
                .map_err(r2d2::Error::ConnectionError),
            DatabaseTarget::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(r2d2::Error::ConnectionError)?;
                // busy_timeout first: enabling foreign keys may already need the lock.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;"
                ))
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// Errors while opening or migrating the database.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("cannot create the folder for the SQLite file {0}: {1}")]
    Folder(PathBuf, std::io::Error),
    #[error("cannot open the database: {0}")]
    Connect(String),
    #[error("migration failed: {0}")]
    Migration(String),
}

/// Prepares the database file (SQLite: folder, WAL mode) and opens a pool.
/// Fails fast when the database cannot be reached at all.
pub fn open_pool(target: &DatabaseTarget, max_size: u32) -> Result<DbPool, SetupError> {
    if let DatabaseTarget::Sqlite(path) = target {
        prepare_sqlite_file(path)?;
    }
    Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        // A pooled SQLite connection is an open file: nothing can break it
        // between two requests, so checking it with a query at every
        // checkout is a query for nothing. A PostgreSQL connection can be
        // cut by the server; it is checked before each use.
        .test_on_check_out(matches!(target, DatabaseTarget::Postgres(_)))
        .build(ConnectionManager::new(target.clone()))
        .map_err(|e| SetupError::Connect(e.to_string()))
}

/// A pool that connects lazily: the server starts even while the database is
/// away, and `/ready` says so.
pub fn lazy_pool(target: &DatabaseTarget, max_size: u32, timeout: Duration) -> DbPool {
    Pool::builder()
        .max_size(max_size)
        .min_idle(Some(0))
        .connection_timeout(timeout)
        .build_unchecked(ConnectionManager::new(target.clone()))
}

fn prepare_sqlite_file(path: &Path) -> Result<(), SetupError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| SetupError::Folder(dir.to_path_buf(), e))?;
    }
    // WAL is a property of the file: set it once, before the pool opens, so
    // that no two connections race to switch it.
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())
        .map_err(|e| SetupError::Connect(e.to_string()))?;
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL;"
    ))
    .map_err(|e| SetupError::Connect(e.to_string()))
}

#[derive(diesel::QueryableByName)]
struct Checkpoint {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    busy: i32,
}

/// After an erasure, makes sure the erased bytes are gone from the files on
/// disk, not only from the rows. SQLite: every connection runs with
/// `secure_delete`, so freed space in the main file is overwritten with
/// zeros; the write-ahead log, though, still holds the pages as they were
/// before, until a checkpoint copies the new pages back and the log is
/// truncated. This runs that checkpoint now (retrying while readers hold
/// an old snapshot). PostgreSQL keeps old row versions until VACUUM (see
/// the README): nothing to do here.
pub fn purge_erased(conn: &mut DbConnection) -> Result<(), diesel::result::Error> {
    use diesel::RunQueryDsl;
    let DbConnection::Sqlite(sqlite) = conn else {
        return Ok(());
    };
    for attempt in 0..50u64 {
        let done: Checkpoint =
            diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)").get_result(sqlite)?;
        if done.busy == 0 {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(10 + 10 * attempt.min(10)));
    }
    log::warn!("the checkpoint after an erasure stayed busy; the next one will clear the log");
    Ok(())
}

/// Applies the pending embedded migrations of the connection's backend and
/// returns the versions it applied.
pub fn run_migrations(conn: &mut DbConnection) -> Result<Vec<String>, SetupError> {
    let err = |e: Box<dyn std::error::Error + Send + Sync>| SetupError::Migration(e.to_string());
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map_err(err)?,
        DbConnection::Postgres(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
                .map_err(|e| SetupError::Migration(e.to_string()))?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.into_iter().map(|m| m.as_owned()).collect::<Vec<_>>())
                .map_err(err);
            let unlock =
                c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"));
            let applied = result?;
            unlock.map_err(|e| SetupError::Migration(e.to_string()))?;
            applied
        }
    };
    Ok(applied.into_iter().map(|v| v.to_string()).collect())
}

/// Reverts every applied migration (used by the tests that prove each
/// `down.sql` undoes its `up.sql`).
pub fn revert_all_migrations(conn: &mut DbConnection) -> Result<usize, SetupError> {
    let err = |e: Box<dyn std::error::Error + Send + Sync>| SetupError::Migration(e.to_string());
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map_err(err)?,
        DbConnection::Postgres(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS).map_err(err)?,
    };
    Ok(reverted.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_the_backend_by_scheme() {
        assert_eq!(
            DatabaseTarget::parse("postgres://u:p@h/db"),
            Ok(DatabaseTarget::Postgres("postgres://u:p@h/db".into()))
        );
        assert_eq!(
            DatabaseTarget::parse("sqlite://data/x.db"),
            Ok(DatabaseTarget::Sqlite("data/x.db".into()))
        );
        assert_eq!(
            DatabaseTarget::parse("sqlite:x.db"),
            Ok(DatabaseTarget::Sqlite("x.db".into()))
        );
        assert_eq!(
            DatabaseTarget::parse("/var/lib/skupaj.db"),
            Ok(DatabaseTarget::Sqlite("/var/lib/skupaj.db".into()))
        );
        assert!(DatabaseTarget::parse("mysql://h/db").is_err());
        assert!(DatabaseTarget::parse("postgress://h/db").is_err());
        assert!(DatabaseTarget::parse("sqlite://:memory:").is_err());
        assert!(DatabaseTarget::parse("").is_err());
    }

    #[test]
    fn passwords_never_reach_the_log() {
        let t = DatabaseTarget::parse("postgres://app:s3cret@db:5432/skupaj")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.redacted(), "postgres://app:***@db:5432/skupaj");
        let no_password =
            DatabaseTarget::parse("postgres://app@db/skupaj").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(no_password.redacted(), "postgres://app@db/skupaj");
    }
}
