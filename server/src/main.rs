//! `dongne`: serve the portal, (re)generate the demo data, or import a catalogue feed.

use clap::{Parser, Subcommand};
use server::courses::{generate, import, store};
use server::{app, db, leptos_options, AppState};
use std::net::SocketAddr;
use std::time::Instant;

/// Rendering a page is many small allocations; glibc's allocator spent ~40% of a render in
/// malloc/free (perf), mimalloc much less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "dongne", about = "Dongne (동네): the district's residents' portal")]
struct Cli {
    /// SQLite database (created and migrated when missing)
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://dongne.db", global = true)]
    database_url: String,
    /// Address to serve on
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000", global = true)]
    site_addr: SocketAddr,
    /// The built site (`cargo leptos build` output: pkg/ and public files)
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    site_root: String,
    /// Rendered catalogue pages kept in memory (0 renders every request)
    #[arg(long, env = "DONGNE_PAGE_CACHE", default_value_t = 1_000, global = true)]
    page_cache: usize,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default); generates demo data on first start
    Serve,
    /// Replace all courses with the deterministic demo data
    Seed,
    /// Import data from a file
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// A catalogue feed in CSV (columns: see the README)
    Courses {
        file: std::path::PathBuf,
        /// Import the valid rows even when some rows are invalid
        #[arg(long)]
        skip_invalid: bool,
    },
}

#[tokio::main]
async fn main() {
    let started = Instant::now();
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tantivy=warn,sqlx=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // one JSON object per line for log collectors; readable lines on a terminal
    if std::env::var("DONGNE_LOG_FORMAT").is_ok_and(|f| f == "json") {
        logs.json().init();
    } else {
        logs.init();
    }
    if let Err(e) = run(started).await {
        eprintln!("dongne: {e:#}");
        std::process::exit(1);
    }
}

async fn run(started: Instant) -> anyhow::Result<()> {
    let mut cli = Cli::parse();
    let pool = db::connect(&cli.database_url).await?;
    match cli.command.take().unwrap_or(Command::Serve) {
        Command::Serve => serve(pool, &cli, started).await,
        Command::Seed => seed(&pool).await,
        Command::Import { what: ImportWhat::Courses { file, skip_invalid } } => import_courses(&pool, &file, skip_invalid).await,
    }
}

async fn seed(pool: &sqlx::SqlitePool) -> anyhow::Result<()> {
    let courses = generate::catalogue();
    let district = generate::district_courses();
    store::replace_with(pool, &courses, &district).await?;
    tracing::info!(courses = courses.len(), district_courses = district.len(), "demo data generated");
    Ok(())
}

async fn serve(pool: sqlx::SqlitePool, cli: &Cli, started: Instant) -> anyhow::Result<()> {
    if store::count_courses(&pool).await? == 0 {
        seed(&pool).await?;
    }
    let addr = cli.site_addr;
    let state = AppState::load(pool, leptos_options(&cli.site_root, addr), cli.page_cache).await?;
    tokio::spawn(reload_on_hangup(state.clone()));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    // without it, responses written in pieces wait ~40 ms each for a delayed ACK
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tracing::info!("serving on http://{addr} ({} ms after start)", started.elapsed().as_millis());
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown()).await?;
    Ok(())
}

/// `kill -HUP <pid>` after `dongne import`: the running server re-reads the catalogue.
async fn reload_on_hangup(state: AppState) {
    let Ok(mut hangups) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else { return };
    while hangups.recv().await.is_some() {
        match state.reload_catalogue().await {
            Ok(count) => tracing::info!(courses = count, "catalogue reloaded"),
            Err(e) => tracing::error!(error = %e, "catalogue reload failed; still serving the previous one"),
        }
    }
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

async fn import_courses(pool: &sqlx::SqlitePool, file: &std::path::Path, skip_invalid: bool) -> anyhow::Result<()> {
    let input = std::fs::File::open(file).map_err(|e| anyhow::anyhow!("cannot open {}: {e}", file.display()))?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows").expect("valid template"));
    let report = import::import(pool, input, skip_invalid, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await?;
    bar.finish_and_clear();
    for e in &report.errors {
        eprintln!("line {}: {}", e.line, e.reasons.join("; "));
    }
    if !report.applied {
        anyhow::bail!(
            "{} invalid row(s): nothing was imported (fix them, or pass --skip-invalid to import the valid rows)",
            report.errors.len()
        );
    }
    println!(
        "imported: {} new, {} updated, {} unchanged, {} invalid skipped",
        report.inserted, report.updated, report.unchanged, report.skipped
    );
    if report.inserted + report.updated > 0 {
        println!("a running server shows the changes after `kill -HUP <its pid>` or a restart");
    }
    Ok(())
}
