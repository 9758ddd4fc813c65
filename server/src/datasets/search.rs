//! The dataset catalogue in memory: the shared `TextIndex` matches the words, the domain's
//! `select_datasets` filters, counts facets and pages; rows are read from SQLite on demand.

use super::store;
use crate::text_index::{TextIndex, TextIndexBuilder};
use domain::courses::{BoxFuture, StorageUnavailable};
use domain::datasets::*;
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};
use std::sync::Arc;

/// What a service's records change while the index stands: its dataset's rows and the day they
/// last arrived (a Julian day; 0 before any).
#[derive(Default)]
struct Arrivals {
    rows: AtomicU32,
    last_day: AtomicI32,
}

pub struct DatasetIndex {
    datasets: Vec<Dataset>,
    /// Each dataset's arrivals now. Shared with the index that replaces this one, so a batch
    /// counted during a rebuild is counted once.
    arrivals: Vec<Arc<Arrivals>>,
    by_id: HashMap<DatasetId, u32>,
    columns: DatasetColumns,
    text: TextIndex,
    pool: SqlitePool,
}

impl DatasetIndex {
    pub fn build(datasets: Vec<Dataset>, pool: SqlitePool) -> tantivy::Result<DatasetIndex> {
        DatasetIndex::rebuild(datasets, pool, None)
    }

    /// An index of `datasets` that keeps `previous`'s arrivals for the datasets it had: those
    /// counts, not the rows read a moment ago, are the ones every append has reached.
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
        let kept = |d: &Dataset| previous.and_then(|p| Some(p.arrivals[*p.by_id.get(&d.id)? as usize].clone()));
        let fresh = |d: &Dataset| Arc::new(Arrivals { rows: AtomicU32::new(d.row_count), last_day: AtomicI32::new(0) });
        let arrivals = datasets.iter().map(|d| kept(d).unwrap_or_else(|| fresh(d))).collect();
        Ok(DatasetIndex { datasets, arrivals, by_id, columns, text: text.finish()?, pool })
    }

    /// A dataset as it is now: its row count, last modified day and coverage current.
    fn current(&self, position: usize) -> Dataset {
        let mut d = self.datasets[position].clone();
        let arrivals = &self.arrivals[position];
        d.row_count = arrivals.rows.load(Ordering::Relaxed);
        let last_day = arrivals.last_day.load(Ordering::Relaxed);
        if let Some(day) = (last_day > 0).then(|| time::Date::from_julian_day(last_day).ok()).flatten() {
            let day = domain::IsoDate::from_date(day);
            d.modified = d.modified.max(day);
            d.covers_to = d.covers_to.max(day);
        }
        d
    }

    pub fn all(&self) -> Vec<Dataset> {
        (0..self.datasets.len()).map(|p| self.current(p)).collect()
    }

    /// Counts rows just stored for `id` (a service's records) on `today`.
    pub fn add_rows(&self, id: DatasetId, rows: u32, today: domain::IsoDate) {
        if let Some(p) = self.by_id.get(&id) {
            let arrivals = &self.arrivals[*p as usize];
            arrivals.rows.fetch_add(rows, Ordering::Relaxed);
            if rows > 0 {
                arrivals.last_day.fetch_max(today.date().to_julian_day(), Ordering::Relaxed);
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use domain::IsoDate;

    #[tokio::test]
    async fn records_arriving_move_the_row_count_and_last_modified_day_through_a_rebuild() {
        let pool = SqlitePool::connect_lazy("sqlite::memory:").expect("a pool");
        let dataset = super::super::generate::catalogue().swap_remove(4).dataset;
        let (id, before) = (dataset.id, dataset.clone());
        let index = DatasetIndex::build(vec![dataset.clone()], pool.clone()).expect("an index");
        let day = IsoDate::parse("2026-12-24").expect("a date");
        index.add_rows(id, 0, day);
        assert_eq!(index.dataset(id), Some(before.clone()), "an empty batch changes nothing");
        index.add_rows(id, 3, day);
        let rebuilt = DatasetIndex::rebuild(vec![dataset], pool, Some(&index)).expect("an index");
        for now in [index.dataset(id).unwrap(), rebuilt.dataset(id).unwrap()] {
            assert_eq!((now.row_count, now.modified, now.covers_to), (before.row_count + 3, day, day));
        }
    }
}
