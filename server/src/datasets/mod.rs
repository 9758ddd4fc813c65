//! Open data on the server: the catalogue's tables (`store`), the demo catalogue written on first
//! start (`generate`), the in-memory search (`search`), the live layers' rows of now (`live`) and
//! the public API (`api`). `load` opens it, `provide` hands it to the pages, `routes` serves the API.

pub mod api;
pub mod generate;
pub mod live;
pub mod search;
pub mod store;

use crate::AppState;
use axum::routing::get;
use axum::Router;
use domain::datasets::DatasetCatalog;
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::{Arc, RwLock};

#[derive(Clone)]
pub struct Datasets {
    pub index: Arc<Catalogue>,
}

/// The catalogue's index, rebuilt and swapped whole when a service registers a dataset (rare);
/// readers hold the index they started with.
pub struct Catalogue {
    current: RwLock<Arc<search::DatasetIndex>>,
    pool: SqlitePool,
    /// One rebuild at a time: two registrations at once each read the datasets, and the later
    /// swap could otherwise put in the older read, losing the other's dataset.
    rebuilding: tokio::sync::Mutex<()>,
}

impl Catalogue {
    pub fn now(&self) -> Arc<search::DatasetIndex> {
        self.current.read().map(|i| i.clone()).unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Re-reads every dataset and swaps in a new index.
    pub async fn reload(&self) -> anyhow::Result<()> {
        let _one_at_a_time = self.rebuilding.lock().await;
        let datasets = store::all(&self.pool).await?;
        let index = Arc::new(search::DatasetIndex::rebuild(datasets, self.pool.clone(), Some(&self.now()))?);
        match self.current.write() {
            Ok(mut current) => *current = index,
            Err(poisoned) => *poisoned.into_inner() = index,
        }
        Ok(())
    }
}

impl DatasetCatalog for Catalogue {
    fn search(&self, query: &domain::datasets::DatasetQuery) -> Result<domain::datasets::DatasetPage, domain::courses::StorageUnavailable> {
        self.now().search(query)
    }

    fn dataset(&self, id: domain::datasets::DatasetId) -> Option<domain::datasets::Dataset> {
        self.now().dataset(id)
    }

    fn related(&self, dataset: &domain::datasets::Dataset, how_many: usize) -> Vec<domain::datasets::Dataset> {
        self.now().related(dataset, how_many)
    }

    fn first_rows(&self, id: domain::datasets::DatasetId, limit: usize) -> domain::courses::BoxFuture<'_, Result<Vec<Vec<String>>, domain::courses::StorageUnavailable>> {
        let index = self.now();
        Box::pin(async move { index.first_rows(id, limit).await })
    }

    fn len(&self) -> usize {
        self.now().len()
    }
}

/// Writes the demo catalogue into an empty database, brings the live layers' metadata up to
/// date (modified `today`), then reads and indexes the catalogue.
pub async fn load(pool: &SqlitePool, today: domain::IsoDate) -> anyhow::Result<Datasets> {
    if store::count(pool).await? == 0 {
        store::insert(pool, &generate::catalogue()).await?;
    }
    store::refresh_live(pool, &generate::live_layers(today)).await?;
    let datasets = store::all(pool).await?;
    let index = search::DatasetIndex::build(datasets, pool.clone())?;
    tracing::info!(datasets = domain::datasets::DatasetCatalog::len(&index), "dataset catalogue loaded");
    Ok(Datasets { index: Arc::new(Catalogue { current: RwLock::new(Arc::new(index)), pool: pool.clone(), rebuilding: Default::default() }) })
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
