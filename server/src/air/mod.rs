//! Air quality on the server: the sensor registry and keys (`registry`), signed ingestion on its
//! own route and limits (`ingest`), storage of raw readings and aggregates (`store`), pruning
//! (`retention`), the live hub that streams new readings to pages (`hub`), the read side the pages
//! use (`read`), history for the API (`history`) and the public data API (`api`).

pub mod api;
pub mod history;
pub mod hub;
pub mod ingest;
pub mod read;
pub mod registry;
pub mod retention;
pub mod simulate;
pub mod store;

use crate::AppState;
use axum::Router;
use domain::air::AirData;
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::Arc;

/// The air services, built once at start-up.
#[derive(Clone)]
pub struct Air {
    pub pool: SqlitePool,
    pub hub: Arc<hub::Hub>,
    pub data: Arc<read::SqliteAir>,
    /// The readings come from `dongne simulate-sensors` (pages say so).
    pub simulated: bool,
}

/// Registers the demo district's sensors when there are none, then opens the read side and hub.
pub async fn load(pool: &SqlitePool, clock: Arc<dyn domain::Clock>, simulated: bool) -> anyhow::Result<Air> {
    registry::ensure_demo_sensors(pool).await?;
    let hub = Arc::new(hub::Hub::new());
    let data = Arc::new(read::SqliteAir::new(pool.clone(), clock, simulated));
    hub.start(data.clone());
    Ok(Air { pool: pool.clone(), hub, data, simulated })
}

impl Air {
    pub fn provide(&self) {
        provide_context::<Arc<dyn AirData>>(self.data.clone());
    }
}

/// The pages' side: the data API and the live stream (behind the usual edges).
pub fn routes() -> Router<AppState> {
    api::routes()
}

/// Machines' side: `POST /api/v1/air/readings`, outside the pages' body limit and form guard,
/// with its own (see `ingest`).
pub fn ingest_routes(state: AppState) -> Router {
    ingest::routes(state)
}
