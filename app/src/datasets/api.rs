//! Server functions of the dataset catalogue. They are public endpoints: a `DatasetQuery` or a
//! `DatasetId` is only read through the same parsers as the URL, so a hand-made body is refused
//! with a 400 before the function runs.

use crate::error::AppError;
use domain::datasets::{DatasetDetails, DatasetId, DatasetPage, DatasetQuery};
use leptos::prelude::*;

#[server(endpoint = "search_datasets")]
pub async fn search_datasets(query: DatasetQuery) -> Result<DatasetPage, AppError> {
    Ok(ssr::catalog()?.search(&query)?)
}

/// A dataset with its first rows and related datasets; `None` when there is no such dataset.
#[server(endpoint = "dataset_details")]
pub async fn dataset_with_rows(id: DatasetId) -> Result<Option<DatasetDetails>, AppError> {
    /// How many related datasets a page suggests.
    const RELATED: usize = 6;
    let catalog = ssr::catalog()?;
    let Some(dataset) = catalog.dataset(id) else { return Ok(None) };
    let preview = match dataset.live {
        // a live layer's rows are its API's items of now
        Some(layer) => ssr::live_rows()?.first_rows(layer, &dataset.columns, domain::datasets::PREVIEW_ROWS).await?,
        None => catalog.first_rows(id, domain::datasets::PREVIEW_ROWS).await?,
    };
    let related = catalog.related(&dataset, RELATED);
    Ok(Some(DatasetDetails { dataset, preview, related }))
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use domain::datasets::DatasetCatalog;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn catalog() -> Result<Arc<dyn DatasetCatalog>, AppError> {
        use_context::<Arc<dyn DatasetCatalog>>().ok_or(AppError::Unavailable)
    }

    pub fn live_rows() -> Result<Arc<dyn domain::datasets::LiveLayerRows>, AppError> {
        use_context::<Arc<dyn domain::datasets::LiveLayerRows>>().ok_or(AppError::Unavailable)
    }
}
