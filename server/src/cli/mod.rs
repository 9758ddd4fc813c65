//! The `dongne` command line: global settings, `serve`, and one sub-module per domain's commands
//! (`courses`: `seed`, `import courses`). Adding a domain adds a sub-module and a line in `Command`.

mod accounts;
mod air;
mod courses;

use crate::{app, db, leptos_options, AppState, EdgeConfig, Settings};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "dongne", about = "Dongne (동네): the district's residents' portal")]
pub struct Cli {
    /// SQLite database (created and migrated when missing)
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://dongne.db", global = true)]
    database_url: String,
    /// Address to serve on
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000", global = true)]
    site_addr: SocketAddr,
    /// The built site (`cargo leptos build` output: pkg/ and public files)
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    site_root: String,
    /// MiB of rendered pages kept in memory (0 renders every request)
    #[arg(long, env = "DONGNE_PAGE_CACHE", default_value_t = 32, global = true)]
    page_cache: usize,
    /// Behind a reverse proxy that sets X-Forwarded-Host/-Proto (and strips clients' own): believe them
    #[arg(long, env = "DONGNE_TRUST_FORWARDED", default_value_t = false, global = true)]
    trust_forwarded: bool,
    /// Most connections open at once; more are told 503 and closed
    #[arg(long, env = "DONGNE_MAX_CONNECTIONS", default_value_t = 2048, global = true)]
    max_connections: usize,
    /// The session cookie as `__Host-…; Secure` (https only). Default: on unless serving on a
    /// loopback address without a trusted proxy (http://127.0.0.1 for local use)
    #[arg(long, env = "DONGNE_SECURE_COOKIES", global = true)]
    secure_cookies: Option<bool>,
    /// For tests only: the server's clock starts at this Seoul time (2026-11-23T23:45) and runs on
    #[arg(long, env = "DONGNE_CLOCK", global = true)]
    clock: Option<String>,
    /// The site's public address, e.g. https://dongne.example, for links that leave the site (a
    /// calendar feed's). Default: http(s)://LEPTOS_SITE_ADDR
    #[arg(long, env = "DONGNE_PUBLIC_URL", global = true)]
    public_url: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default); generates demo data on first start
    Serve {
        /// Also run the demo air sensors' simulator against this server (pages say the feed is simulated)
        #[arg(long)]
        simulate_sensors: bool,
    },
    /// Replace all courses with the deterministic demo data
    Seed,
    /// Import data from a file
    Import {
        #[command(subcommand)]
        what: courses::Import,
    },
    /// Staff accounts
    Staff {
        #[command(subcommand)]
        what: accounts::Staff,
    },
    /// Agency accounts of the smart-city platform
    Agencies {
        #[command(subcommand)]
        what: accounts::Agencies,
    },
    /// Air sensors: register, issue and revoke keys, list
    Sensors {
        #[command(subcommand)]
        what: air::Sensors,
    },
    /// Run the demo district's 80 air sensors, sending signed readings to a server on the same database
    SimulateSensors {
        #[arg(long, default_value = "http://127.0.0.1:3000")]
        url: String,
        /// Seconds between one sensor's readings
        #[arg(long, default_value_t = 60)]
        interval_secs: u64,
        /// Send this many times as often
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
    },
}

/// Runs the command the arguments name.
pub async fn run(started: Instant) -> anyhow::Result<()> {
    let mut cli = Cli::parse();
    let pool = db::connect(&cli.database_url).await?;
    match cli.command.take().unwrap_or(Command::Serve { simulate_sensors: false }) {
        Command::Serve { simulate_sensors } => serve(pool, &cli, started, simulate_sensors).await,
        Command::Seed => courses::seed(&pool).await,
        Command::Import { what } => courses::import(&pool, what).await,
        Command::Staff { what } => accounts::staff(&pool, what).await,
        Command::Agencies { what } => accounts::agencies(&pool, what, domain::Clock::now(&crate::clock::SystemClock)).await,
        Command::Sensors { what } => air::sensors(&pool, what, Arc::new(crate::clock::SystemClock)).await,
        Command::SimulateSensors { url, interval_secs, speed } => {
            air::simulate_sensors(pool, crate::air::simulate::Options { url, interval_secs, speed }, Arc::new(crate::clock::SystemClock)).await
        }
    }
}

async fn serve(pool: sqlx::SqlitePool, cli: &Cli, started: Instant, simulate_sensors: bool) -> anyhow::Result<()> {
    courses::seed_on_first_start(&pool).await?;
    let addr = cli.site_addr;
    let secure = cli.secure_cookies.unwrap_or(!addr.ip().is_loopback() || cli.trust_forwarded);
    let public_url = public_origin(cli.public_url.as_deref(), secure, addr)?;
    let settings = Settings {
        leptos_options: leptos_options(&cli.site_root, addr),
        page_cache_bytes: cli.page_cache << 20,
        edges: EdgeConfig { trust_forwarded: cli.trust_forwarded },
        // behind a TLS proxy the server usually listens on loopback: trusting the proxy means https
        session_cookie: crate::accounts::CookiePolicy { secure },
        simulated_air: simulate_sensors,
        public_url,
    };
    let clock: Arc<dyn domain::Clock> = match cli.clock.as_deref() {
        None => Arc::new(crate::clock::SystemClock),
        Some(text) => {
            let shifted = crate::clock::ShiftedClock::parse(text).ok_or_else(|| anyhow::anyhow!("--clock {text:?}: write a Seoul time like 2026-11-23T23:45"))?;
            tracing::warn!(clock = text, "the clock is set for testing: not for production");
            Arc::new(shifted)
        }
    };
    let state = AppState::load(pool, settings, clock).await?;
    tokio::spawn(reload_on_hangup(state.clone()));
    state.accounts.sweep_expired_sessions();
    state.start_chores();
    let listener = tokio::net::TcpListener::bind(addr).await?;
    if simulate_sensors {
        air::simulate_in_process(&state, listener.local_addr()?);
    }
    tracing::info!("serving on http://{addr} ({} ms after start)", started.elapsed().as_millis());
    let open_files = crate::serve::raise_open_file_limit();
    let max_connections = crate::serve::connections_within(open_files, cli.max_connections, 256);
    if max_connections < cli.max_connections {
        tracing::warn!(max_connections, open_files, "fewer connections than asked: the open-file limit is lower");
    }
    let limits = crate::serve::ServeLimits { max_connections, ..Default::default() };
    crate::serve::serve(listener, app(state), limits, shutdown()).await?;
    Ok(())
}

/// `kill -HUP <pid>` after `dongne import`: the running server re-reads what changed.
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

/// The public address from `DONGNE_PUBLIC_URL` (`http(s)://host[:port]`, nothing after it), or the
/// address served on.
fn public_origin(configured: Option<&str>, secure: bool, addr: SocketAddr) -> anyhow::Result<String> {
    let Some(url) = configured.map(|u| u.trim().trim_end_matches('/')).filter(|u| !u.is_empty()) else {
        return Ok(format!("{}://{addr}", if secure { "https" } else { "http" }));
    };
    let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match host {
        Some(h) if !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)) => Ok(url.to_string()),
        _ => anyhow::bail!("DONGNE_PUBLIC_URL must be http(s)://host[:port], without a path: {url}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_public_address_is_an_origin_or_the_address_served_on() {
        let addr = "127.0.0.1:3000".parse().unwrap();
        assert_eq!(super::public_origin(None, false, addr).unwrap(), "http://127.0.0.1:3000");
        assert_eq!(super::public_origin(Some("https://dongne.example/"), true, addr).unwrap(), "https://dongne.example");
        assert!(super::public_origin(Some("https://dongne.example/x"), true, addr).is_err());
        assert!(super::public_origin(Some("javascript:alert(1)"), true, addr).is_err());
    }
}
