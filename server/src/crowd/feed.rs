//! The simulated floating-population feed: every five-minute slot gets one estimate per hotspot
//! (the domain's `simulated_estimate`). On start it fills the last day, so the history chart is
//! whole at once; then a chore writes each slot as it begins. Writing a slot twice keeps the first.

use super::store;
use crate::AppState;
use domain::crowd::feed::{simulated_estimate, slots_between};
use domain::crowd::Hotspot;
use domain::SeoulTime;
use sqlx::SqlitePool;
use std::time::Duration;

/// Estimates older than this are pruned.
pub const RETENTION_DAYS: i64 = 8;

/// Writes every slot after the newest stored (at most the last 24 hours) up to `now`.
pub async fn catch_up(pool: &SqlitePool, hotspots: &[Hotspot], now: SeoulTime) -> anyhow::Result<u64> {
    let day_ago = now.plus_minutes(-24 * 60);
    let after = match store::newest(pool).await? {
        Some(newest) if newest > day_ago && newest <= now => newest,
        _ => day_ago,
    };
    let estimates: Vec<_> = slots_between(after, now)
        .into_iter()
        .flat_map(|slot| hotspots.iter().map(move |h| (h.id.clone(), slot, simulated_estimate(h, slot))))
        .collect();
    store::write(pool, &estimates).await
}

/// Every 30 seconds, writes the slots that have begun (a new one every five minutes) and, hourly,
/// prunes what is past the retention.
pub fn start_chore(state: &AppState) {
    let (pool, clock, hotspots) = (state.pool.clone(), state.clock.clone(), state.crowd.data.hotspots.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        let mut ticks: u64 = 0;
        loop {
            tick.tick().await;
            let now = clock.now();
            if let Err(e) = catch_up(&pool, &hotspots, now).await {
                tracing::warn!(error = %e, "writing crowd estimates failed");
            }
            if ticks % 120 == 0 {
                if let Err(e) = store::prune(&pool, now.plus_minutes(-RETENTION_DAYS * 24 * 60)).await {
                    tracing::warn!(error = %e, "pruning crowd estimates failed");
                }
            }
            ticks += 1;
        }
    });
}
