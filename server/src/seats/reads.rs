//! What residents and the public read: a session, an account's bookings and messages, and the
//! weekly statistics page. Reads need no write lock and run beside the writers (WAL).

use super::rows::*;
use domain::accounts::AccountId;
use domain::seats::*;
use domain::{IsoDate, SeoulTime};
use sqlx::{Row, SqlitePool};
use std::collections::BTreeMap;

pub(crate) async fn session(pool: &SqlitePool, id: SessionId) -> Done<Option<SessionSeats>> {
    let mut conn = pool.acquire().await?;
    Ok(load_session(&mut conn, id).await?)
}

pub(crate) async fn bookings_of(pool: &SqlitePool, account: AccountId) -> Done<Vec<Booking>> {
    let sql = format!("{} WHERE b.account_id = ? ORDER BY b.created_at DESC, b.id DESC", booking_select());
    let rows = sqlx::query(&sql).bind(account.0).fetch_all(pool).await?;
    Ok(rows.iter().map(booking_from).collect::<sqlx::Result<_>>()?)
}

pub(crate) async fn messages_of(pool: &SqlitePool, account: AccountId) -> Done<Vec<Message>> {
    let rows = sqlx::query(
        "SELECT id, created_at, subject_ko, subject_en, body_ko, body_en, link, read_at IS NOT NULL AS read \
         FROM messages WHERE account_id = ? ORDER BY id DESC",
    )
    .bind(account.0)
    .fetch_all(pool)
    .await?;
    let message = |row: &sqlx::sqlite::SqliteRow| -> sqlx::Result<Message> {
        let id: i64 = row.try_get("id")?;
        Ok(Message {
            id: MessageId::new(id).ok_or_else(|| sqlx::Error::Decode(format!("message id {id}").into()))?,
            created_at: time_at(row, "created_at")?,
            subject_ko: row.try_get("subject_ko")?,
            subject_en: row.try_get("subject_en")?,
            body_ko: row.try_get("body_ko")?,
            body_en: row.try_get("body_en")?,
            link: row.try_get("link")?,
            read: row.try_get("read")?,
        })
    };
    Ok(rows.iter().map(message).collect::<sqlx::Result<_>>()?)
}

/// Marks the account's own message read (again is fine); another account's is "not found".
pub(crate) async fn mark_read(pool: &SqlitePool, account: AccountId, message: MessageId, now: SeoulTime) -> Done<()> {
    let mut tx = crate::db::begin_write(pool).await?;
    let mine: Option<i64> = sqlx::query_scalar("SELECT id FROM messages WHERE id = ? AND account_id = ?")
        .bind(message.get())
        .bind(account.0)
        .fetch_optional(&mut *tx)
        .await?;
    if mine.is_none() {
        return Err(SeatError::NotYours.into());
    }
    sqlx::query("UPDATE messages SET read_at = ? WHERE id = ? AND read_at IS NULL")
        .bind(time_text(now))
        .bind(message.get())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn unread_count(pool: &SqlitePool, account: AccountId) -> Done<u32> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE account_id = ? AND read_at IS NULL")
        .bind(account.0)
        .fetch_one(pool)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Per resource and ISO week: SQL sums per session day (SQLite has no ISO week), Rust folds the
/// days into weeks. Only `kind`'s sessions from `since` on are read, through
/// `seat_sessions_by_kind_start` (`0017`) and `bookings_of_session`: the cost is the window's, not
/// that of every booking ever made.
pub(crate) async fn stats_by_branch_week(pool: &SqlitePool, kind: Kind, since: IsoDate) -> Done<Vec<WeekStats>> {
    let rows = sqlx::query(
        "SELECT s.kind, s.resource, substr(s.starts_at, 1, 10) AS day, COUNT(*) AS made, \
         SUM(b.status = 'cancelled') AS cancelled, SUM(b.status = 'no_show') AS no_shows \
         FROM seat_sessions s INDEXED BY seat_sessions_by_kind_start JOIN bookings b ON b.session_id = s.id \
         WHERE s.kind = ? AND s.starts_at >= ? GROUP BY s.kind, s.resource, day",
    )
    .bind(kind.slug())
    .bind(since.to_string())
    .fetch_all(pool)
    .await?;
    let mut weeks: BTreeMap<(IsoDate, String, &'static str), WeekStats> = BTreeMap::new();
    for row in &rows {
        let (kind, day): (String, String) = (row.try_get("kind")?, row.try_get("day")?);
        let bad = || sqlx::Error::Decode(format!("session {kind} on {day}").into());
        let (kind, day) = (Kind::parse(&kind).ok_or_else(bad)?, IsoDate::parse(&day).ok_or_else(bad)?);
        let resource: String = row.try_get("resource")?;
        let (iso_year, iso_week, _) = day.date().to_iso_week_date();
        let week_start = day.plus_days(-i64::from(day.date().weekday().number_days_from_monday()));
        let entry = weeks.entry((week_start, resource.clone(), kind.slug())).or_insert(WeekStats {
            kind, resource, week_start, iso_year, iso_week, bookings: 0, cancellations: 0, no_shows: 0,
        });
        let n = |c: &str| row.try_get::<i64, _>(c).map(|v| u32::try_from(v).unwrap_or(0));
        entry.bookings += n("made")?;
        entry.cancellations += n("cancelled")?;
        entry.no_shows += n("no_shows")?;
    }
    Ok(weeks.into_values().collect())
}
