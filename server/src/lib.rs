//! The `dongne` server: builds the router (pages, server functions, public API, static files) over
//! the services in `AppState`. `app(state)` is what `main` serves and what tests drive in-process.

pub mod courses;
pub mod db;
mod edges;
mod lang;
pub mod page_cache;

use app::{shell, App};
use axum::routing::get;
use axum::Router;
use domain::courses::{CourseCatalog, DistrictCourses};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::SqlitePool;
use std::sync::Arc;
use tower_http::services::ServeDir;

/// Everything a request may need, built once at start-up.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub catalog: Arc<courses::search::LiveCatalog>,
    /// Rendered catalogue pages, forgotten when the catalogue is reloaded.
    pub page_cache: Arc<page_cache::PageCache>,
}

impl AppState {
    /// Opens the services over a migrated database: loads the catalogue and indexes it. Keeps up to
    /// `cached_pages` rendered catalogue pages (0: render every request).
    pub async fn load(pool: SqlitePool, leptos_options: LeptosOptions, cached_pages: usize) -> anyhow::Result<AppState> {
        let index = index_catalogue(&pool).await?;
        Ok(AppState {
            leptos_options,
            pool,
            catalog: Arc::new(courses::search::LiveCatalog::new(index)),
            page_cache: page_cache::PageCache::new(cached_pages),
        })
    }

    /// Re-reads the catalogue from the database and swaps the new index in; returns the course count.
    pub async fn reload_catalogue(&self) -> anyhow::Result<usize> {
        let index = index_catalogue(&self.pool).await?;
        let count = index.len();
        self.catalog.replace(index);
        self.page_cache.clear();
        Ok(count)
    }
}

async fn index_catalogue(pool: &SqlitePool) -> anyhow::Result<courses::search::CourseIndex> {
    let started = std::time::Instant::now();
    let mut builder = courses::search::CourseIndexBuilder::new()?;
    courses::store::each_course(pool, |course| Ok(builder.add(course)?)).await?;
    let index = tokio::task::spawn_blocking(move || builder.finish()).await??;
    tracing::info!(ms = started.elapsed().as_millis() as u64, courses = index.len(), "catalogue loaded and indexed");
    Ok(index)
}

/// The options the pages are rendered with; `site_root` is where `cargo leptos build` put the site.
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

pub fn app(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let catalog: Arc<dyn CourseCatalog> = state.catalog.clone();
    let district: Arc<dyn DistrictCourses> = Arc::new(courses::store::SqliteDistrictCourses(state.pool.clone()));
    let context = move || {
        provide_context(catalog.clone());
        provide_context(district.clone());
    };
    let cache = state.page_cache.clone();
    let pkg = ServeDir::new(format!("{}/pkg", options.site_root)).precompressed_br().precompressed_gzip();

    let pages = Router::new()
        .route("/healthz", get(health))
        .route("/lang/{code}", get(lang::switch))
        .route("/api/v1/courses", get(courses::api::search))
        .route("/api/v1/courses/{id}", get(courses::api::course))
        .route("/api/v1/openapi.json", get(courses::api::openapi))
        .leptos_routes_with_context(&state, routes, context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(cache, page_cache::serve_from_cache))
        .with_state(state);
    edges::around_pages(pages).nest_service("/pkg", edges::long_cache(pkg))
}
