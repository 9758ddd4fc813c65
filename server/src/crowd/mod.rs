//! Crowd levels on the server: the hotspots and estimates in SQLite (`store`), the simulated
//! five-minute feed that writes them (`feed`), and the public API (`api`). The pages read through
//! `SqliteCrowd`, the domain's `CrowdData`.

pub mod api;
pub mod feed;
pub mod store;

use crate::AppState;
use axum::routing::get;
use axum::Router;
use domain::crowd::{CrowdData, CrowdLevel, CrowdNow, CrowdPoint, CrowdUnavailable, Hotspot, HotspotHistory, HotspotId, HotspotNow};
use domain::courses::BoxFuture;
use domain::{Clock, SeoulTime};
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::Arc;

/// The crowd services, built once at start-up.
#[derive(Clone)]
pub struct Crowd {
    pub data: Arc<SqliteCrowd>,
}

/// Writes the demo hotspots when missing and the last day's estimates the feed has not written.
pub async fn load(pool: &SqlitePool, clock: Arc<dyn Clock>) -> anyhow::Result<Crowd> {
    store::ensure_hotspots(pool, &domain::crowd::hotspots::demo_hotspots()).await?;
    let hotspots = store::hotspots(pool).await?;
    feed::catch_up(pool, &hotspots, clock.now()).await?;
    Ok(Crowd { data: Arc::new(SqliteCrowd { pool: pool.clone(), clock, hotspots }) })
}

impl Crowd {
    pub fn provide(&self) {
        provide_context::<Arc<dyn CrowdData>>(self.data.clone());
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/crowd", get(api::crowd)).route("/api/v1/crowd/{id}", get(api::hotspot))
}

/// The read side over SQLite; the hotspots are read once (they change only by migration).
pub struct SqliteCrowd {
    pool: SqlitePool,
    clock: Arc<dyn Clock>,
    pub hotspots: Vec<Hotspot>,
}

fn point(hotspot: &Hotspot, at: SeoulTime, estimate: u32) -> CrowdPoint {
    CrowdPoint { at, estimate, level: hotspot.thresholds.level(estimate) }
}

impl SqliteCrowd {
    pub async fn now_at(&self, now: SeoulTime) -> anyhow::Result<CrowdNow> {
        let latest = store::latest(&self.pool, now).await?;
        let hotspots = self
            .hotspots
            .iter()
            .map(|h| {
                let found = latest.iter().find(|(id, _, _)| id == h.id.as_str()).map(|(_, at, e)| point(h, *at, *e));
                HotspotNow::new(h.clone(), found, now)
            })
            .collect();
        Ok(CrowdNow { at: now, hotspots, simulated: true })
    }

    pub async fn history_at(&self, id: &HotspotId, now: SeoulTime) -> anyhow::Result<Option<HotspotHistory>> {
        let Some(hotspot) = self.hotspots.iter().find(|h| &h.id == id) else { return Ok(None) };
        let day: Vec<CrowdPoint> = store::between(&self.pool, id, now.plus_minutes(-24 * 60), now)
            .await?
            .into_iter()
            .map(|(at, e)| point(hotspot, at, e))
            .collect();
        let now_state = HotspotNow::new(hotspot.clone(), day.last().copied(), now);
        Ok(Some(HotspotHistory { now: now_state, day, simulated: true }))
    }
}

impl CrowdData for SqliteCrowd {
    fn now(&self) -> BoxFuture<'_, Result<CrowdNow, CrowdUnavailable>> {
        Box::pin(async move {
            self.now_at(self.clock.now()).await.map_err(|e| {
                tracing::error!(error = %e, "reading crowd levels failed");
                CrowdUnavailable
            })
        })
    }

    fn history<'a>(&'a self, id: &'a HotspotId) -> BoxFuture<'a, Result<Option<HotspotHistory>, CrowdUnavailable>> {
        Box::pin(async move {
            self.history_at(id, self.clock.now()).await.map_err(|e| {
                tracing::error!(error = %e, "reading a hotspot's day failed");
                CrowdUnavailable
            })
        })
    }
}

/// The words of a level in both languages, for the JSON answers.
pub fn level_words(level: Option<CrowdLevel>) -> (Option<&'static str>, Option<&'static str>, Option<&'static str>) {
    match level {
        Some(l) => (Some(l.slug()), Some(l.label(domain::Lang::Ko)), Some(l.label(domain::Lang::En))),
        None => (None, None, None),
    }
}
