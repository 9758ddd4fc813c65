//! The documents chore: documents of refused applications are deleted once the time to appeal the
//! decision has passed (`domain::privacy::refused_documents_due`, 90 days); the application and
//! its decision stay. Runs at start-up and hourly; `sweep` takes the moment, so tests run it at
//! set times.
//!
//! Each rule is a state and the column that dates it. A withdrawn or expired draft (never sent, so
//! never the district's record) loses its documents at once, in the same transaction
//! (`programmes::store::expire_drafts`, `withdraw`).

use domain::privacy::refused_documents_cutoff;
use domain::SeoulTime;
use sqlx::SqlitePool;
use std::time::Duration;

/// (application state, the column with the moment its documents' clock starts).
pub const RULES: &[(&str, &str)] = &[("rejected", "decided_at")];

/// Deletes the documents due at `now`; how many went.
pub async fn sweep(pool: &SqlitePool, now: SeoulTime) -> sqlx::Result<u64> {
    let cutoff = crate::seats::time_text(refused_documents_cutoff(now));
    let mut deleted = 0;
    for (state, dated_by) in RULES {
        let sql = format!(
            "DELETE FROM application_documents WHERE application_id IN \
             (SELECT id FROM applications WHERE state = ? AND {dated_by} IS NOT NULL AND {dated_by} <= ?)"
        );
        let mut tx = crate::db::begin_write(pool).await?;
        deleted += sqlx::query(&sql).bind(state).bind(&cutoff).execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
    }
    Ok(deleted)
}

/// Sweeps once at start-up and then hourly (one line in `AppState::start_chores`).
pub fn start_chore(state: &crate::AppState) {
    let (pool, clock) = (state.pool.clone(), state.clock.clone());
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            match sweep(&pool, clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(documents = n, "deleted documents of refused applications past their retention"),
                Err(e) => tracing::warn!(error = %e, "deleting refused applications' documents failed"),
            }
        }
    });
}
