//! Open data on the server: the catalogue's tables (`store`), the demo catalogue written on first
//! start (`generate`), the in-memory search (`search`) and the public API (`api`). `load` opens
//! it, `provide` hands it to the pages, `routes` serves the API.

pub mod api;
pub mod generate;
pub mod search;
pub mod store;

use crate::AppState;
use axum::routing::get;
use axum::Router;
use domain::datasets::DatasetCatalog;
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Clone)]
pub struct Datasets {
    pub index: Arc<search::DatasetIndex>,
}

/// Writes the demo catalogue into an empty database, then reads and indexes the catalogue.
pub async fn load(pool: &SqlitePool) -> anyhow::Result<Datasets> {
    if store::count(pool).await? == 0 {
        store::insert(pool, &generate::catalogue()).await?;
    }
    let datasets = store::all(pool).await?;
    let index = search::DatasetIndex::build(datasets, pool.clone())?;
    tracing::info!(datasets = domain::datasets::DatasetCatalog::len(&index), "dataset catalogue loaded");
    Ok(Datasets { index: Arc::new(index) })
}

impl Datasets {
    pub fn provide(&self) {
        provide_context::<Arc<dyn DatasetCatalog>>(self.index.clone());
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/datasets", get(api::search))
        .route("/api/v1/datasets/{id}", get(api::dataset))
        .route("/api/v1/datasets/{id}/rows", get(api::rows))
        .route("/api/v1/catalog.jsonld", get(api::catalog_jsonld))
}
