//! The staff desk's storage (`app::staff::ssr::StaffDesk`): sessions of every kind over a span of
//! days, the guardians' names on a roster, and the branches' opening modes. What staff change on a
//! session itself (attendance, capacity, closing) goes through the seat engine's port.

use app::kids_cafe::lottery::OpeningMode;
use app::staff::SessionRow;
use app::AppError;
use domain::courses::BoxFuture;
use domain::kids_cafe::Branch;
use domain::seats::{Kind, SessionId};
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

type Row = (i64, String, String, String, i64, i64, bool, Option<String>, Option<String>);

async fn sessions_between(pool: &SqlitePool, kind: Kind, from: IsoDate, to: IsoDate) -> sqlx::Result<Vec<SessionRow>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, s.kind, s.resource, s.starts_at, s.taken, s.capacity, s.closed, f.name_ko, f.name_en FROM seat_sessions s \
         LEFT JOIN facilities f ON s.kind = 'facility' AND f.slug = s.resource \
         WHERE s.kind = ? AND substr(s.starts_at, 1, 10) >= ? AND substr(s.starts_at, 1, 10) < ? ORDER BY s.starts_at, s.resource LIMIT ?")
        .bind(kind.slug())
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(MOST_SESSIONS)
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, resource, starts, taken, capacity, closed, name_ko, name_en)| SessionRow {
            id,
            kind,
            resource,
            name: name_ko.zip(name_en),
            starts_at: crate::seats::parse_time(&starts).map(|t| format!("{} {}", t.date(), t.clock_text())).unwrap_or(starts),
            taken: taken as u32,
            capacity: capacity as u32,
            closed,
        })
        .collect())
}

impl app::staff::ssr::StaffDesk for SqliteStaffDesk {
    fn sessions_between(&self, kind: Kind, from: IsoDate, to: IsoDate) -> BoxFuture<'_, Result<Vec<SessionRow>, AppError>> {
        Box::pin(async move { sessions_between(&self.0, kind, from, to).await.map_err(db_down) })
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
