//! The staff desk's storage (`app::staff::ssr::StaffDesk`): sessions of every kind over a span of
//! days, the guardians' names on a roster, and the branches' opening modes. What staff change on a
//! session itself (attendance, capacity, closing) goes through the seat engine's port.

use app::kids_cafe::lottery::OpeningMode;
use app::staff::SessionRow;
use app::AppError;
use domain::courses::BoxFuture;
use domain::kids_cafe::Branch;
use domain::seats::SessionId;
use domain::{IsoDate, SeoulTime};
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Clone)]
pub struct SqliteStaffDesk(pub SqlitePool);

/// A week of facility slots is a few hundred rows; more than this is not a desk but a report.
const MOST_SESSIONS: i64 = 2_000;

fn db_down(e: sqlx::Error) -> AppError {
    tracing::error!(error = %e, "staff desk storage failed");
    AppError::Unavailable
}

async fn sessions_between(pool: &SqlitePool, from: IsoDate, to: IsoDate) -> sqlx::Result<Vec<SessionRow>> {
    let rows: Vec<(i64, String, String, String, i64, i64, bool)> = sqlx::query_as(
        "SELECT id, kind, resource, starts_at, taken, capacity, closed FROM seat_sessions \
         WHERE substr(starts_at, 1, 10) >= ? AND substr(starts_at, 1, 10) < ? ORDER BY starts_at, kind, resource LIMIT ?")
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(MOST_SESSIONS)
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, resource, starts, taken, capacity, closed)| SessionRow {
            id,
            kind,
            resource,
            starts_at: crate::seats::parse_time(&starts).map(|t| format!("{} {}", t.date(), t.clock_text())).unwrap_or(starts),
            taken: taken as u32,
            capacity: capacity as u32,
            closed,
        })
        .collect())
}

impl app::staff::ssr::StaffDesk for SqliteStaffDesk {
    fn sessions_between(&self, from: IsoDate, to: IsoDate) -> BoxFuture<'_, Result<Vec<SessionRow>, AppError>> {
        Box::pin(async move { sessions_between(&self.0, from, to).await.map_err(db_down) })
    }

    fn guardians(&self, session: SessionId) -> BoxFuture<'_, Result<Vec<(String, String)>, AppError>> {
        Box::pin(async move {
            sqlx::query_as("SELECT b.reference, a.name FROM bookings b JOIN accounts a ON a.id = b.account_id WHERE b.session_id = ?")
                .bind(session.get())
                .fetch_all(&self.0)
                .await
                .map_err(db_down)
        })
    }

    fn modes(&self) -> BoxFuture<'_, Result<Vec<(Branch, OpeningMode)>, AppError>> {
        Box::pin(async move {
            let mut modes = Vec::new();
            for branch in Branch::ALL {
                modes.push((branch, crate::kids_cafe::lottery::mode_of(&self.0, branch).await.map_err(db_down)?));
            }
            Ok(modes)
        })
    }

    fn set_mode(&self, branch: Branch, mode: OpeningMode, now: SeoulTime) -> BoxFuture<'_, Result<(), AppError>> {
        Box::pin(async move { crate::kids_cafe::lottery::set_mode(&self.0, branch, mode, now).await.map_err(db_down) })
    }
}

pub fn desk(pool: &SqlitePool) -> Arc<dyn app::staff::ssr::StaffDesk> {
    Arc::new(SqliteStaffDesk(pool.clone()))
}
