//! Pruning raw readings older than the retention period; the hourly and daily aggregates stay.
//!
//! The raw table is keyed time first, so the oldest rows are one range at the front of it. They go
//! in chunks of `CHUNK` rows, each its own short write transaction, so ingestion never waits long
//! behind a prune (a year of 80 sensors is ~42 million rows).

use crate::db::begin_write;
use crate::AppState;
use domain::SeoulTime;
use sqlx::SqlitePool;
use std::time::Duration;

const CHUNK: i64 = 5_000;

/// Deletes raw readings taken before `now − days`; how many went.
pub async fn prune(pool: &SqlitePool, now: SeoulTime, days: i64) -> sqlx::Result<u64> {
    let cutoff = now.instant().unix_timestamp() - days.max(0) * 86_400;
    let mut deleted = 0;
    loop {
        let mut tx = begin_write(pool).await?;
        let done = sqlx::query(
            "DELETE FROM air_readings WHERE (at, sensor) IN \
             (SELECT at, sensor FROM air_readings WHERE at < ? ORDER BY at LIMIT ?)",
        )
        .bind(cutoff)
        .bind(CHUNK)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        deleted += done.rows_affected();
        if done.rows_affected() < CHUNK as u64 {
            return Ok(deleted);
        }
        // let waiting writers in between chunks
        tokio::task::yield_now().await;
    }
}

/// Prunes once at start-up and then daily (one line in `AppState::start_chores`).
pub fn start_chore(state: &AppState) {
    let (pool, clock) = (state.pool.clone(), state.clock.clone());
    tokio::spawn(async move {
        let mut daily = tokio::time::interval(Duration::from_secs(86_400));
        loop {
            daily.tick().await;
            match prune(&pool, clock.now(), domain::air::RAW_RETENTION_DAYS).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(rows = n, "pruned raw air readings past the retention"),
                Err(e) => tracing::warn!(error = %e, "pruning raw air readings failed"),
            }
        }
    });
}
