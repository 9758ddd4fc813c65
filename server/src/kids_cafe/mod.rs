//! Kids cafés on the server: sessions kept existing ahead (`calendar`), read from the seat engine's
//! table (`store`), and the public JSON API (`api`). `load` runs the calendar once and opens the
//! store, `provide` hands it to the pages, `routes` serves the API. The pages show seats that
//! change, so the page cache keeps none of them (no `page_key`).

pub mod api;
pub mod calendar;
pub mod lottery;
pub mod lottery_draw;
pub mod store;

use crate::AppState;
use axum::routing::get;
use axum::Router;
use domain::sessions::SeatSessions;
use domain::IsoDate;
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::Arc;

/// The kids cafés' services, built once at start-up.
#[derive(Clone)]
pub struct KidsCafe {
    /// Sessions of every kind (facilities read theirs through the same store).
    pub sessions: Arc<store::SqliteSeatSessions>,
}

/// Makes sure the coming sessions exist (those of a lottery branch's coming week held back from
/// first come before anyone can book them), then opens the store.
pub async fn load(pool: &SqlitePool, today: IsoDate, now: domain::SeoulTime) -> anyhow::Result<KidsCafe> {
    let added = calendar::ensure_sessions(pool, today).await?;
    lottery::ensure_rounds(pool, now).await?;
    tracing::info!(added, "kids-café sessions ensured");
    Ok(KidsCafe { sessions: Arc::new(store::SqliteSeatSessions(pool.clone())) })
}

impl KidsCafe {
    pub fn provide(&self) {
        provide_context::<Arc<dyn SeatSessions>>(self.sessions.clone());
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/kids-cafe/branches", get(api::branches))
        .route("/api/v1/kids-cafe/sessions", get(api::sessions))
}
