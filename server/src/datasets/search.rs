//! The dataset catalogue in memory: the shared `TextIndex` matches the words, the domain's
//! `select_datasets` filters, counts facets and pages; rows are read from SQLite on demand.

use super::store;
use crate::text_index::{TextIndex, TextIndexBuilder};
use domain::courses::{BoxFuture, StorageUnavailable};
use domain::datasets::*;
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

pub struct DatasetIndex {
    datasets: Vec<Dataset>,
    /// Each dataset's rows now: a service's records arrive while the index stands. Shared with
    /// the index that replaces this one, so a batch counted during a rebuild is counted once.
    row_counts: Vec<Arc<AtomicU32>>,
    by_id: HashMap<DatasetId, u32>,
    columns: DatasetColumns,
    text: TextIndex,
    pool: SqlitePool,
}

impl DatasetIndex {
    pub fn build(datasets: Vec<Dataset>, pool: SqlitePool) -> tantivy::Result<DatasetIndex> {
        DatasetIndex::rebuild(datasets, pool, None)
    }

    /// An index of `datasets` that keeps `previous`'s live row counts for the datasets it had:
    /// those counts, not the rows read a moment ago, are the ones every append has reached.
    pub fn rebuild(datasets: Vec<Dataset>, pool: SqlitePool, previous: Option<&DatasetIndex>) -> tantivy::Result<DatasetIndex> {
        // a few hundred small documents: tantivy's smallest writer budget is plenty
        let mut text = TextIndexBuilder::new(15_000_000)?;
        let mut by_id = HashMap::new();
        let mut columns = DatasetColumns::default();
        for d in &datasets {
            let position = text.add(d.title_text(), d.body_text())?;
            by_id.insert(d.id, position);
            columns.push(d);
        }
        let kept = |d: &Dataset| previous.and_then(|p| Some(p.row_counts[*p.by_id.get(&d.id)? as usize].clone()));
        let row_counts = datasets.iter().map(|d| kept(d).unwrap_or_else(|| Arc::new(AtomicU32::new(d.row_count)))).collect();
        Ok(DatasetIndex { datasets, row_counts, by_id, columns, text: text.finish()?, pool })
    }

    /// A dataset as it is now (its row count current).
    fn current(&self, position: usize) -> Dataset {
        let mut d = self.datasets[position].clone();
        d.row_count = self.row_counts[position].load(Ordering::Relaxed);
        d
    }

    pub fn all(&self) -> Vec<Dataset> {
        (0..self.datasets.len()).map(|p| self.current(p)).collect()
    }

    /// Counts rows just stored for `id` (a service's records).
    pub fn add_rows(&self, id: DatasetId, rows: u32) {
        if let Some(p) = self.by_id.get(&id) {
            self.row_counts[*p as usize].fetch_add(rows, Ordering::Relaxed);
        }
    }
}

impl DatasetCatalog for DatasetIndex {
    fn search(&self, query: &DatasetQuery) -> Result<DatasetPage, StorageUnavailable> {
        let matches = self.text.matches(query.text())?;
        let selection = select_datasets(&self.columns, matches.as_deref(), query);
        Ok(DatasetPage {
            total: selection.total,
            page: query.page(),
            per_page: query.per_page(),
            facets: selection.facets,
            items: selection.rows.iter().map(|r| self.current(*r as usize)).collect(),
        })
    }

    fn dataset(&self, id: DatasetId) -> Option<Dataset> {
        self.by_id.get(&id).map(|p| self.current(*p as usize))
    }

    fn related(&self, dataset: &Dataset, how_many: usize) -> Vec<Dataset> {
        // other years of the same publication share the title before its year
        let stem = dataset.title.rsplit_once(" (").map_or(dataset.title.as_str(), |(stem, _)| stem);
        let same_series = self.datasets.iter().filter(|d| d.id != dataset.id && d.title.starts_with(stem));
        let same_theme = self.datasets.iter().filter(|d| d.theme == dataset.theme && !d.title.starts_with(stem));
        let mut out: Vec<Dataset> = Vec::new();
        for d in same_series.take(how_many / 2).chain(same_theme).chain(self.datasets.iter().filter(|d| d.publisher == dataset.publisher)) {
            if out.len() == how_many {
                break;
            }
            if d.id != dataset.id && !out.iter().any(|o| o.id == d.id) {
                out.push(d.clone());
            }
        }
        out
    }

    fn first_rows(&self, id: DatasetId, limit: usize) -> BoxFuture<'_, Result<Vec<Vec<String>>, StorageUnavailable>> {
        Box::pin(async move {
            let rows = store::rows_after(&self.pool, id, None, limit).await.map_err(|e| {
                tracing::error!(error = %e, "reading dataset rows failed");
                StorageUnavailable
            })?;
            Ok(rows.into_iter().map(|(_, cells)| cells).collect())
        })
    }

    fn len(&self) -> usize {
        self.datasets.len()
    }
}
