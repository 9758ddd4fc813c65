//! The catalogue on the server: its tables, its search index, demo data, CSV import and the public
//! JSON API. `load` opens it at start, `provide` hands it to the pages, `routes` serves its API and
//! `page_key` says which of its pages the page cache may keep.

pub mod api;
pub mod generate;
pub mod import;
pub mod search;
pub mod seats;
pub mod store;

use crate::AppState;
use axum::http::Uri;
use axum::routing::get;
use axum::Router;
use domain::courses::{CourseCatalog, CourseQuery, DistrictCourses};
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::Arc;

/// The catalogue's services, built once at start-up.
#[derive(Clone)]
pub struct Courses {
    pub catalog: Arc<search::LiveCatalog>,
    pub district: Arc<store::SqliteDistrictCourses>,
}

/// Reads the catalogue from the database and indexes it.
pub async fn load(pool: &SqlitePool) -> anyhow::Result<Courses> {
    Ok(Courses {
        catalog: Arc::new(search::LiveCatalog::new(index_catalogue(pool).await?)),
        district: Arc::new(store::SqliteDistrictCourses(pool.clone())),
    })
}

impl Courses {
    /// What the catalogue's pages and server functions find in context.
    pub fn provide(&self) {
        provide_context::<Arc<dyn CourseCatalog>>(self.catalog.clone());
        provide_context::<Arc<dyn DistrictCourses>>(self.district.clone());
    }

    /// Re-reads the catalogue and swaps the new index in; returns the course count.
    pub async fn reload(&self, pool: &SqlitePool) -> anyhow::Result<usize> {
        let index = index_catalogue(pool).await?;
        let count = index.len();
        self.catalog.replace(index);
        Ok(count)
    }
}

/// The public JSON API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/courses", get(api::search))
        .route("/api/v1/courses/{id}", get(api::course))
        .route("/api/v1/openapi.json", get(api::openapi))
}

/// The page cache's key for one of the catalogue's pages, or `None` for pages it must not keep.
/// Search pages are keyed by the search as the domain reads it, so `?sort=relevance`, reordered
/// parameters and trackers' parameters share one entry; a search that cannot be read is not kept.
/// The district courses are not kept: their seats change.
pub fn page_key(uri: &Uri) -> Option<String> {
    let path = uri.path();
    if path == "/courses" {
        let query = CourseQuery::from_url_query(uri.query().unwrap_or("")).ok()?;
        return Some(format!("/courses{}", query.to_query_string()));
    }
    let id = path.strip_prefix("/courses/")?;
    // one entry per course; anything else under /courses/ is the (kept) not-found page
    Some(match domain::courses::CourseId::parse(id) {
        Some(id) => format!("/courses/{id}"),
        None => "/courses/-".to_string(),
    })
}

async fn index_catalogue(pool: &SqlitePool) -> anyhow::Result<search::CourseIndex> {
    let started = std::time::Instant::now();
    let mut builder = search::CourseIndexBuilder::new()?;
    store::each_course(pool, |course| Ok(builder.add(course)?)).await?;
    let index = tokio::task::spawn_blocking(move || builder.finish()).await??;
    tracing::info!(ms = started.elapsed().as_millis() as u64, courses = index.len(), "catalogue loaded and indexed");
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::page_key;

    fn key(uri: &str) -> Option<String> {
        page_key(&uri.parse().unwrap())
    }

    #[test]
    fn the_same_search_written_differently_shares_one_key() {
        let plain = key("/courses?q=%EB%AF%B8%EC%88%A0&subject=arts");
        assert!(plain.is_some());
        assert_eq!(key("/courses?subject=arts&q=%EB%AF%B8%EC%88%A0&sort=relevance&utm_source=x"), plain);
        assert_eq!(key("/courses?q=+%EB%AF%B8%EC%88%A0+&subject=arts&page=1"), plain);
    }

    #[test]
    fn unreadable_searches_and_other_pages_are_not_kept() {
        assert_eq!(key("/courses?page=0"), None);
        assert_eq!(key("/learn/district"), None);
        assert_eq!(key("/coursesx"), None);
        assert_eq!(key("/"), None);
        assert_eq!(key("/courses/12"), Some("/courses/12".into()));
        assert_eq!(key("/courses/0012"), Some("/courses/12".into()));
    }
}
