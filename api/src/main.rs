//! The `skupaj` command: serve the API and the SPA, or run maintenance tasks.

use std::net::TcpListener;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use skupaj::{build_server, db, AppState, ServerOptions, Settings};

#[derive(Parser)]
#[command(
    name = "skupaj",
    version,
    about = "Skupaj: people, skills, meetings and a market for refugee inclusion programmes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API, its documentation and the web app on one port (applies pending migrations first).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document (YAML) to standard output.
    Openapi,
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Openapi => {
            print!("{}", skupaj::openapi::spec_yaml());
            Ok(())
        }
        Command::Migrate => Settings::from_env()
            .map_err(|e| e.to_string())
            .and_then(|s| migrate(&s).map(|_| ())),
        Command::Serve => serve(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            log::error!("{message}");
            eprintln!("skupaj: {message}");
            ExitCode::FAILURE
        }
    }
}

fn migrate(settings: &Settings) -> Result<db::DbPool, String> {
    log::info!("database: {}", settings.database.redacted());
    let pool = db::open_pool(&settings.database, settings.pool_size).map_err(|e| e.to_string())?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot open the database: {e}"))?;
    let applied = db::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    if applied.is_empty() {
        log::info!("database schema is up to date");
    } else {
        log::info!(
            "applied {} migration(s): {}",
            applied.len(),
            applied.join(", ")
        );
    }
    drop(conn);
    Ok(pool)
}

fn serve() -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let pool = migrate(&settings)?;
    let listener = TcpListener::bind(settings.addr)
        .map_err(|e| format!("cannot listen on {} (SKUPAJ_ADDR): {e}", settings.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    log::info!("Skupaj is serving on http://{addr}/ (API docs: http://{addr}/api/docs/)");
    let state = AppState::new(settings, pool);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let server =
            build_server(listener, state, ServerOptions::default()).map_err(|e| e.to_string())?;
        server.await.map_err(|e| e.to_string())
    })?;
    log::info!("Skupaj stopped");
    Ok(())
}
