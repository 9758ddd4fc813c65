//! Reading `seat_sessions`, the seat engine's table, for pages and the API (kids cafés and
//! facilities alike). Writing seats belongs to the booking storage; this file only reads.

use domain::courses::{BoxFuture, StorageUnavailable};
use domain::seats::{Kind, SessionId, SessionSeats};
use domain::sessions::SeatSessions;
use domain::IsoDate;
use sqlx::{Row, SqlitePool};

const COLUMNS: &str = "id, kind, resource, starts_at, ends_at, opens_at, capacity, taken, closed";

fn moment(value: String) -> Result<domain::SeoulTime, sqlx::Error> {
    domain::SeoulTime::parse(&value).ok_or_else(|| sqlx::Error::Decode(format!("stored time {value:?} is not RFC 3339 in +09:00").into()))
}

fn session_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<SessionSeats, sqlx::Error> {
    let kind: String = row.try_get(1)?;
    Ok(SessionSeats {
        id: SessionId::new(row.try_get(0)?).ok_or_else(|| sqlx::Error::Decode("a session id below 1".into()))?,
        kind: Kind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("unknown session kind {kind:?}").into()))?,
        resource: row.try_get(2)?,
        starts_at: moment(row.try_get(3)?)?,
        ends_at: moment(row.try_get(4)?)?,
        opens_at: moment(row.try_get(5)?)?,
        capacity: row.try_get::<i64, _>(6)?.clamp(0, u32::MAX as i64) as u32,
        taken: row.try_get::<i64, _>(7)?.clamp(0, u32::MAX as i64) as u32,
        closed: row.try_get::<i64, _>(8)? != 0,
    })
}

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
        "SELECT {COLUMNS} FROM seat_sessions WHERE kind = ? AND resource = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at"
    );
    let rows = sqlx::query(&sql)
        .bind(kind.slug())
        .bind(resource)
        .bind(from.to_string())
        .bind(until.to_string())
        .fetch_all(pool)
        .await?;
    rows.iter().map(session_from_row).collect()
}

pub async fn session(pool: &SqlitePool, id: SessionId) -> sqlx::Result<Option<SessionSeats>> {
    let sql = format!("SELECT {COLUMNS} FROM seat_sessions WHERE id = ?");
    sqlx::query(&sql).bind(id.get()).fetch_optional(pool).await?.as_ref().map(session_from_row).transpose()
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
