//! What the dataset pages need from the server: the catalogue to search and read, each
//! dataset's stored rows, and a live layer's rows of now.

use super::{DataFacetCounts, Dataset, DatasetId, DatasetQuery, LiveLayer};
use crate::courses::{BoxFuture, StorageUnavailable};
use serde::{Deserialize, Serialize};

/// One page of catalogue results with the facet counts of the whole match.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatasetPage {
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
    pub facets: Vec<DataFacetCounts>,
    pub items: Vec<Dataset>,
}

impl DatasetPage {
    pub fn last_page(&self) -> u32 {
        (self.total.div_ceil(self.per_page.max(1) as usize) as u32).max(1)
    }
}

/// How many rows a dataset page previews.
pub const PREVIEW_ROWS: usize = 10;

/// The catalogue, searched in memory, with each dataset's rows in the database.
pub trait DatasetCatalog: Send + Sync {
    /// One page of matches, or `StorageUnavailable` when the index failed (never an empty page).
    fn search(&self, query: &DatasetQuery) -> Result<DatasetPage, StorageUnavailable>;
    fn dataset(&self, id: DatasetId) -> Option<Dataset>;
    /// Datasets of the same sub-theme, then of the same publisher.
    fn related(&self, dataset: &Dataset, how_many: usize) -> Vec<Dataset>;
    /// The first `limit` stored rows, each a cell per column.
    fn first_rows(&self, id: DatasetId, limit: usize) -> BoxFuture<'_, Result<Vec<Vec<String>>, StorageUnavailable>>;
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A live layer's first items now, asked of its own API, each a cell per column of the dataset
/// (the server's; the preview of a live dataset's page).
pub trait LiveLayerRows: Send + Sync {
    fn first_rows(&self, layer: LiveLayer, columns: &[super::Column], limit: usize) -> BoxFuture<'_, Result<Vec<Vec<String>>, StorageUnavailable>>;
}
