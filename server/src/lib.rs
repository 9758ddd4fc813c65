//! The `dongne` server: composes the portal's domains (each in its own module, with `load`,
//! `provide`, `routes` and the pages it lets the page cache keep) into one router, behind the
//! edges every request passes (`edges`). `app(state)` is what the CLI serves and what tests drive
//! in-process.

pub mod accounts;
pub mod agencies;
pub mod air;
pub mod calendar_feed;
pub mod carshare;
pub mod cli;
pub mod clock;
pub mod courses;
pub mod crowd;
pub mod datasets;
pub mod db;
mod edges;
pub mod error;
pub mod group_commit;
pub mod facilities;
pub mod kids_cafe;
pub mod page_cache;
pub mod preferences;
pub mod privacy;
pub mod programmes;
pub mod seats;
pub mod serve;
pub mod sitemap;
pub mod staff;
pub mod text_index;

use app::{shell, App};
use axum::handler::Handler;
use axum::routing::get;
use axum::Router;
use domain::Clock;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::SqlitePool;
use std::sync::Arc;
use tower_http::services::ServeDir;

pub use edges::EdgeConfig;

/// How the server was asked to run (flags / environment; see `cli`).
#[derive(Clone)]
pub struct Settings {
    pub leptos_options: LeptosOptions,
    /// Bytes of rendered pages kept in memory (0: render every request).
    pub page_cache_bytes: usize,
    pub edges: EdgeConfig,
    pub session_cookie: accounts::CookiePolicy,
    /// The air readings come from the built-in simulator (pages say so).
    pub simulated_air: bool,
    /// The site's public address (`DONGNE_PUBLIC_URL`), for links that leave the site.
    pub public_url: String,
}

impl Settings {
    /// What tests and tools use: the built site in `target/site`, a 32 MiB page cache.
    pub fn for_tests() -> Settings {
        Settings {
            leptos_options: leptos_options("target/site", "127.0.0.1:0".parse().expect("an address")),
            page_cache_bytes: 32 << 20,
            edges: EdgeConfig::default(),
            session_cookie: accounts::CookiePolicy { secure: false },
            simulated_air: false,
            public_url: "http://localhost".into(),
        }
    }
}

/// Everything a request may need, built once at start-up: the shared platform, then one field per
/// domain.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub clock: Arc<dyn Clock>,
    pub page_cache: Arc<page_cache::PageCache>,
    pub edges: EdgeConfig,
    pub session_cookie: accounts::CookiePolicy,
    pub public_url: Arc<str>,
    pub accounts: accounts::AccountsService,
    pub courses: courses::Courses,
    pub datasets: datasets::Datasets,
    pub crowd: crowd::Crowd,
    pub agencies: agencies::Agencies,
    pub kids_cafe: kids_cafe::KidsCafe,
    pub facilities: facilities::Facilities,
    pub air: air::Air,
    pub carshare: carshare::Carshare,
    /// Shared e-bike docks and their simulated feed.
    pub bikes: Arc<carshare::bikes::SqliteBikes>,
    /// The seat engine shared by kids cafés, facilities and district courses.
    pub seats: Arc<seats::SqliteSeats>,
    /// Tries of the password to delete an account, per account (`privacy::throttle`).
    pub privacy_throttle: privacy::throttle::DeleteThrottle,
}

impl AppState {
    /// Opens every domain over a migrated database.
    pub async fn load(pool: SqlitePool, settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
        let page_keys: Vec<page_cache::PageKey> = vec![courses::page_key];
        courses::seats::ensure_sessions(&pool).await?; // each district course's seats, once
        let (today, now) = (clock.today(), clock.now());
        let air = air::load(&pool, clock.clone(), settings.simulated_air).await?;
        let crowd = crowd::load(&pool, clock.clone()).await?;
        let datasets = datasets::load(&pool, today).await?;
        let agencies = agencies::load(&pool, datasets.index.clone(), clock.clone()).await?;
        programmes::load(&pool, today).await?;
        Ok(AppState {
            leptos_options: settings.leptos_options,
            page_cache: page_cache::PageCache::new(settings.page_cache_bytes, page_keys, accounts::personal_parts()),
            accounts: accounts::load(&pool, clock.clone(), settings.edges.trust_forwarded).await?,
            session_cookie: settings.session_cookie,
            public_url: settings.public_url.into(),
            edges: settings.edges,
            clock,
            courses: courses::load(&pool).await?,
            datasets,
            agencies,
            crowd,
            seats: Arc::new(seats::SqliteSeats::new(pool.clone())),
            kids_cafe: kids_cafe::load(&pool, today, now).await?,
            facilities: facilities::load(&pool, today).await?,
            carshare: carshare::load(&pool, now).await?,
            air,
            bikes: carshare::bikes::SqliteBikes::load(&pool, now).await?,
            privacy_throttle: Default::default(),
            pool,
        })
    }

    /// What the pages and server functions find in context.
    fn provide(&self) {
        provide_context(self.clock.clone());
        provide_context(app::accounts::ssr::SecureCookies(self.session_cookie.secure));
        provide_context(app::accounts::ssr::PublicOrigin(self.public_url.to_string()));
        self.accounts.provide();
        self.air.provide();
        self.courses.provide();
        courses::seats::provide(&self.pool); // after `courses`: seats left come from the seat sessions
        calendar_feed::provide(&self.pool);
        self.kids_cafe.provide();
        self.facilities.provide();
        self.carshare.provide();
        provide_context::<Arc<dyn domain::seats::SeatBook>>(self.seats.clone());
        provide_context(staff::desk(&self.pool));
        provide_context(kids_cafe::lottery::desk(&self.pool));
        provide_context::<Arc<dyn domain::carshare::bikes::BikeDocks>>(self.bikes.clone());
        programmes::provide(&self.pool);
        self.datasets.provide();
        provide_context::<Arc<dyn domain::datasets::LiveLayerRows>>(Arc::new(datasets::live::LiveRows(self.clone())));
        self.crowd.provide();
        self.agencies.provide();
        privacy::provide(self);
    }

    /// The clock-driven chores: waitlist offers past their 2 hours pass on (every minute; the
    /// seat engine also does it before each write), and the calendar moves with the days (hourly).
    pub fn start_chores(&self) {
        kids_cafe::lottery::start_chore(self);
        air::retention::start_chore(self);
        carshare::bikes::start_chore(self);
        crowd::feed::start_chore(self);
        agencies::demo::start_chore(self);
        privacy::retention::start_chore(self);
        programmes::store::start_chore(self);
        let state = self.clone();
        tokio::spawn(async move {
            let mut minute = tokio::time::interval(std::time::Duration::from_secs(60));
            let mut ticks: u64 = 0;
            loop {
                minute.tick().await;
                if let Err(e) = domain::seats::SeatBook::expire_offers(state.seats.as_ref(), state.clock.now()).await {
                    tracing::warn!(error = ?e, "expiring waitlist offers failed");
                }
                if ticks % 60 == 0 {
                    if let Err(e) = state.ensure_calendar().await {
                        tracing::warn!(error = %e, "extending the calendar failed");
                    }
                }
                ticks += 1;
            }
        });
    }

    /// Makes sure the coming kids-café sessions and facility slots exist (start-up does it once;
    /// run it hourly so the window moves with the days). Returns how many were new.
    pub async fn ensure_calendar(&self) -> anyhow::Result<u64> {
        let today = self.clock.today();
        let kids = kids_cafe::calendar::ensure_sessions(&self.pool, today).await?;
        // sessions just made for a lottery branch's week are held back from first come at once
        kids_cafe::lottery::ensure_rounds(&self.pool, self.clock.now()).await?;
        let courses = courses::seats::ensure_sessions(&self.pool).await?;
        let dropoffs = programmes::social::calendar::ensure_slots(&self.pool, today).await?;
        Ok(kids + courses + dropoffs + self.facilities.ensure_slots(&self.pool, today).await?)
    }

    /// Re-reads the catalogue (after `dongne import`) and forgets the pages rendered from the old one.
    pub async fn reload_catalogue(&self) -> anyhow::Result<usize> {
        let count = self.courses.reload(&self.pool).await?;
        self.page_cache.clear();
        Ok(count)
    }
}

/// The options the pages are rendered with; `site_root` is where `cargo leptos build` put the site.
/// The site files are named here (`dongne.js`, `dongne.wasm`), not by variables of the build.
pub fn leptos_options(site_root: &str, site_addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("dongne")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(site_addr)
        .env(leptos::config::Env::PROD)
        .build()
}

/// `GET /healthz`: 200 once the database answers (the index is built before serving starts).
async fn health(axum::extract::State(pool): axum::extract::State<SqlitePool>) -> (axum::http::StatusCode, &'static str) {
    match sqlx::query("SELECT 1").execute(&pool).await {
        Ok(_) => (axum::http::StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// The pages' routes, worked out once per process. Working them out runs the whole app with
/// resource loading switched off for every thread (leptos keeps that switch in one global): a page
/// rendered anywhere in the process at that moment waits forever (leptos-rs/leptos#4773). The
/// server builds its router once, but the tests build one per test while others render.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Every page's route as the router declares it (`/cars/{id}`), for tests that walk them all.
pub fn page_routes() -> Vec<String> {
    route_list().iter().map(|r| r.path().to_string()).collect()
}

pub fn app(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let context = {
        let state = state.clone();
        move || state.provide()
    };
    let pkg = ServeDir::new(format!("{}/{}", options.site_root, options.site_pkg_dir)).precompressed_br().precompressed_gzip();
    let pages = Router::new()
        .route("/healthz", get(health))
        .merge(preferences::routes())
        .merge(courses::routes())
        .merge(kids_cafe::routes())
        .merge(kids_cafe::lottery::routes())
        .merge(calendar_feed::routes())
        .merge(air::routes())
        .merge(carshare::routes())
        .merge(carshare::bikes::routes())
        .merge(programmes::routes())
        .merge(datasets::routes())
        .merge(crowd::routes())
        .merge(sitemap::routes())
        .merge(privacy::routes())
        .leptos_routes_with_context(&state, route_list(), context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        // public files (favicon, islands.js) from the site root, served here rather than by
        // leptos_axum's file handler: that one answers a found file inside a fresh reactive owner
        // whose parent is whatever owner the worker thread last left current, so a file could take
        // the status another request's page had set (a 400 for islands.js while a refused search
        // rendered beside it); the not-found page for the rest
        .fallback_service(
            ServeDir::new(&*options.site_root)
                .precompressed_br()
                .precompressed_gzip()
                .call_fallback_on_method_not_allowed(true)
                .append_index_html_on_directories(false)
                .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell).with_state(state.clone())),
        )
        .layer(axum::middleware::from_fn_with_state(state.page_cache.clone(), page_cache::serve_from_cache))
        // server functions are registered with the pages: their errors get their real status
        .layer(axum::middleware::from_fn_with_state(state.session_cookie, error::server_fn_status))
        // who is asking: the session (cookie → our SQLite) and its account, for everything above
        .layer(axum::middleware::from_fn_with_state(state.accounts.clone(), accounts::session::attach_viewer))
        .layer(state.accounts.layer(state.session_cookie))
        .with_state(state.clone());
    edges::around(pages.nest("/pkg", edges::long_cache(Router::new().fallback_service(pkg))), &state.edges)
        // sensors post past the pages' edges: they are machines with keys, not browsers with forms
        .merge(air::ingest_routes(state.clone()))
        // agencies' services push records with their keys, past the pages' edges too
        .merge(agencies::records::routes(state.clone()))
        // documents are uploaded past the pages' 64 KB limit, behind the same cross-site refusal
        .merge(programmes::documents::upload_routes(state.clone()))
}
