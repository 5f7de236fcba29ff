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
    /// Create an organisation and its first admin. The password comes from
    /// SKUPAJ_ADMIN_PASSWORD, else it is asked for on the terminal.
    CreateAdmin {
        /// The organisation's name, e.g. "Zavod Skupaj Ljubljana".
        #[arg(long)]
        organization: String,
        /// The admin's e-mail (the login name).
        #[arg(long)]
        email: String,
        /// The admin's name as others see it (default: the e-mail's local part).
        #[arg(long)]
        name: Option<String>,
    },
    /// Make a single-use password-reset link (24 hours) for any account, e.g.
    /// one that several organisations share, whose admins cannot reset it.
    ResetPassword {
        /// The account's e-mail.
        #[arg(long)]
        email: String,
    },
    /// Import the official ESCO CSV download (one or several languages) from a folder.
    ImportEsco {
        /// The unzipped folder holding skills_<lang>.csv, occupations_<lang>.csv, ….
        folder: std::path::PathBuf,
        /// The ESCO version, e.g. 1.2.0 (default: read from the folder name).
        #[arg(long)]
        esco_version: Option<String>,
    },
    /// Fill an empty database with a demo organisation, one account per role and demo data.
    SeedDemo {
        /// Do nothing (and succeed) when the database already has accounts.
        #[arg(long)]
        if_empty: bool,
    },
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Openapi => {
            print!("{}", skupaj::spec_yaml());
            Ok(())
        }
        Command::Migrate => Settings::from_env()
            .map_err(|e| e.to_string())
            .and_then(|s| migrate(&s).map(|_| ())),
        Command::Serve => serve(),
        Command::CreateAdmin {
            organization,
            email,
            name,
        } => create_admin(&organization, &email, name.as_deref()),
        Command::SeedDemo { if_empty } => seed_demo(if_empty),
        Command::ResetPassword { email } => reset_password(&email),
        Command::ImportEsco {
            folder,
            esco_version,
        } => import_esco(&folder, esco_version),
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
    // Names saved before search folded them (a one-time catch-up).
    match skupaj::participants::model::people::fold_missing_names(&mut conn) {
        Ok(0) => {}
        Ok(n) => log::info!("folded {n} participant name(s) for search"),
        Err(e) => return Err(format!("cannot fold participant names: {e}")),
    }
    match skupaj::skills::load_starter_if_empty(&mut conn) {
        Ok(Some(s)) => log::info!(
            "loaded the starter skills taxonomy: {} skills, {} occupations in {}",
            s.skills,
            s.occupations,
            s.languages.join(", ")
        ),
        Ok(None) => {}
        Err(e) => return Err(format!("cannot load the starter taxonomy: {e}")),
    }
    drop(conn);
    Ok(pool)
}

fn create_admin(organization: &str, email: &str, name: Option<&str>) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let password = match std::env::var("SKUPAJ_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            let first =
                rpassword::prompt_password(format!("Password for {email}: ")).map_err(|e| {
                    format!(
                        "cannot read a password from the terminal ({e}); set SKUPAJ_ADMIN_PASSWORD"
                    )
                })?;
            let again = rpassword::prompt_password("The same password again: ")
                .map_err(|e| e.to_string())?;
            if first != again {
                return Err("the two passwords differ".into());
            }
            first
        }
    };
    let name = name
        .map(str::to_string)
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string());
    let pool = migrate(&settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let (org, user) =
        skupaj::setup::create_admin(&mut conn, organization, email, &name, &password)?;
    println!(
        "Created organisation \"{}\" ({}) with admin {} ({}).",
        org.name, org.id, user.email, user.id
    );
    println!(
        "Start the server with `skupaj serve` and log in as {}.",
        user.email
    );
    Ok(())
}

fn reset_password(email: &str) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let pool = migrate(&settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let (link, token) = skupaj::accounts::operator_reset_link(&mut conn, email)
        .map_err(|e| format!("no reset link was made: {e}"))?;
    let base = settings
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", settings.addr));
    println!(
        "A reset link for {} (single use, valid until {} UTC):",
        link.email, link.expires_at
    );
    println!("{base}/reset-password#token={token}");
    println!("Give it to the person in person or by phone; it sets a new password and ends every session.");
    Ok(())
}

fn import_esco(folder: &std::path::Path, esco_version: Option<String>) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let pool = migrate(&settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let version = esco_version.or_else(|| {
        folder
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .and_then(|n| skupaj::skills::version_from_name(&n))
    });
    let started = std::time::Instant::now();
    let files = skupaj::skills::read_folder(folder).map_err(|e| e.to_string())?;
    let summary =
        skupaj::skills::import(&mut conn, &files, "esco", version.as_deref(), &mut |step| {
            eprintln!("[{:>6.1} s] {step}", started.elapsed().as_secs_f64());
        })
        .map_err(|e| format!("nothing was imported: {e}"))?;
    println!(
        "Imported ESCO {} ({}): {} skills, {} occupations, {} relations, {} hierarchy links, {} labels; {} concepts now obsolete; in {:.1} s.",
        summary.esco_version.as_deref().unwrap_or("(version unknown)"),
        summary.languages.join(", "),
        summary.skills,
        summary.occupations,
        summary.relations,
        summary.broader,
        summary.labels,
        summary.obsoleted,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn seed_demo(if_empty: bool) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let pool = migrate(&settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    if if_empty && !skupaj::setup::is_empty(&mut conn)? {
        log::info!("the database already has accounts: not seeding demo data");
        return Ok(());
    }
    let demo = skupaj::setup::seed_demo(&mut conn)?;
    let store = skupaj::market::photos::PhotoStore::for_settings(&settings);
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(skupaj::setup::store_photos(&store, &demo.photos))?;
    let base = settings
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", settings.addr));
    println!();
    println!(
        "Demo data is ready: organisation \"{}\".",
        demo.organization
    );
    println!(
        "Open {base}/ and log in with one of these accounts, password {}:",
        skupaj::setup::DEMO_PASSWORD
    );
    for (role, email, name) in &demo.logins {
        println!("  {:<12} {:<32} {}", role.as_str(), email, name);
    }
    println!("A demo API key (members:read): {}", demo.api_key);
    println!(
        "A pending invitation for an adviser: {base}/invite#token={}",
        demo.invitation_token
    );
    println!(
        "A market order's page, as its buyer sees it: {base}/market/orders/{}",
        demo.order_token
    );
    println!();
    Ok(())
}

fn serve() -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let pool = migrate(&settings)?;
    let listener = TcpListener::bind(settings.addr)
        .map_err(|e| format!("cannot listen on {} (SKUPAJ_ADDR): {e}", settings.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    log::info!("Skupaj is serving on http://{addr}/ (API docs: http://{addr}/api/docs/)");
    let state = AppState::new(settings, pool);
    // Skill search's index, built before the first search asks for it.
    let (skills, pool) = (state.skills.clone(), state.pool.clone());
    std::thread::spawn(move || match pool.get() {
        Ok(mut conn) => {
            if let Err(e) = skills.current(&mut conn) {
                log::warn!("skill search index: {e}");
            }
        }
        Err(e) => log::warn!("skill search index: {e}"),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let server =
            build_server(listener, state, ServerOptions::default()).map_err(|e| e.to_string())?;
        skupaj::system::memory::trim_after_start(std::time::Duration::from_secs(1));
        server.await.map_err(|e| e.to_string())
    })?;
    log::info!("Skupaj stopped");
    Ok(())
}
