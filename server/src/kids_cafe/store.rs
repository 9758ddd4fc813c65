//! Reading `seat_sessions`, the seat engine's table, for pages and the API (kids cafés and
//! facilities alike). Writing seats belongs to the booking storage; this file only reads.

use domain::courses::{BoxFuture, StorageUnavailable};
use domain::seats::{Kind, SessionId, SessionSeats};
use domain::sessions::SeatSessions;
use domain::IsoDate;
use crate::seats::{session_from, SESSION_COLUMNS};
use sqlx::SqlitePool;

/// Sessions of `resource` starting on `from` up to (not including) `until`. `starts_at` is text in
/// +09:00, so a date prefix compares as the start of that day.
pub async fn sessions_between(
    pool: &SqlitePool,
    kind: Kind,
    resource: &str,
    from: IsoDate,
    until: IsoDate,
) -> sqlx::Result<Vec<SessionSeats>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM seat_sessions s WHERE kind = ? AND resource = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at"
    );
    let rows = sqlx::query(&sql)
        .bind(kind.slug())
        .bind(resource)
        .bind(from.to_string())
        .bind(until.to_string())
        .fetch_all(pool)
        .await?;
    rows.iter().map(session_from).collect()
}

pub async fn session(pool: &SqlitePool, id: SessionId) -> sqlx::Result<Option<SessionSeats>> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM seat_sessions s WHERE id = ?");
    sqlx::query(&sql).bind(id.get()).fetch_optional(pool).await?.as_ref().map(session_from).transpose()
}

/// `SeatSessions` over SQLite.
pub struct SqliteSeatSessions(pub SqlitePool);

fn unavailable(e: sqlx::Error) -> StorageUnavailable {
    tracing::error!(error = %e, "reading seat sessions failed");
    StorageUnavailable
}

impl SeatSessions for SqliteSeatSessions {
    fn between<'a>(
        &'a self,
        kind: Kind,
        resource: &'a str,
        from: IsoDate,
        until: IsoDate,
    ) -> BoxFuture<'a, Result<Vec<SessionSeats>, StorageUnavailable>> {
        Box::pin(async move { sessions_between(&self.0, kind, resource, from, until).await.map_err(unavailable) })
    }

    fn session(&self, id: SessionId) -> BoxFuture<'_, Result<Option<SessionSeats>, StorageUnavailable>> {
        Box::pin(async move { session(&self.0, id).await.map_err(unavailable) })
    }
}
