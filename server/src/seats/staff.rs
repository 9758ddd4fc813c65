//! What staff do to a session: read its roster, mark attendance, change its capacity (never below
//! the seats taken; new seats go to the waitlist first) and close it (everyone booked is told).

use super::notices;
use super::rows::*;
use super::store::HOLDING;
use super::waitlist::offer_next;
use domain::accounts::AccountId;
use domain::seats::*;
use domain::SeoulTime;
use sqlx::SqlitePool;

/// The session's bookings that hold a seat, in booking order.
pub(crate) async fn roster(pool: &SqlitePool, session: SessionId) -> Done<Vec<Booking>> {
    let sql = format!("{} WHERE b.session_id = ? AND b.status IN {HOLDING} ORDER BY b.created_at, b.id", booking_select());
    let rows = sqlx::query(&sql).bind(session.get()).fetch_all(pool).await?;
    Ok(rows.iter().map(booking_from).collect::<sqlx::Result<_>>()?)
}

/// Attended or no-show; staff may correct one into the other. A cancelled or closed booking has
/// no attendance.
pub(crate) async fn mark_attendance(pool: &SqlitePool, reference: &BookingRef, attendance: Attendance) -> Done<Booking> {
    let mut tx = crate::db::begin_write(pool).await?;
    let found: Option<(i64, String)> = sqlx::query_as("SELECT id, status FROM bookings WHERE reference = ?")
        .bind(reference.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let (id, status) = found.ok_or(Fail::Refused(SeatError::NotYours))?;
    match status.as_str() {
        "booked" | "attended" | "no_show" => {}
        "closed" => return Err(SeatError::SessionClosed.into()),
        _ => return Err(SeatError::Cancelled.into()),
    }
    let status = match attendance {
        Attendance::Attended => BookingStatus::Attended,
        Attendance::NoShow => BookingStatus::NoShow,
    };
    sqlx::query("UPDATE bookings SET status = ? WHERE id = ?").bind(status.slug()).bind(id).execute(&mut *tx).await?;
    let booking = booking_by_id(&mut tx, id).await?;
    tx.commit().await?;
    Ok(booking)
}

/// A new capacity, refused below the seats taken; seats it adds are offered to those waiting
/// before anyone else can take them.
pub(crate) async fn set_capacity(pool: &SqlitePool, id: SessionId, capacity: u32, now: SeoulTime) -> Done<SessionSeats> {
    let mut tx = crate::db::begin_write(pool).await?;
    let session = session_or_refuse(&mut tx, id).await?;
    Seats::new(session.capacity, session.taken)?.resized(capacity)?;
    sqlx::query("UPDATE seat_sessions SET capacity = ? WHERE id = ?")
        .bind(i64::from(capacity))
        .bind(id.get())
        .execute(&mut *tx)
        .await?;
    for _ in session.taken..capacity {
        // hold the seat first, then offer it; stop when nobody is waiting
        sqlx::query("UPDATE seat_sessions SET taken = taken + 1 WHERE id = ? AND taken < capacity").bind(id.get()).execute(&mut *tx).await?;
        if !offer_next(&mut tx, id, now).await? {
            sqlx::query("UPDATE seat_sessions SET taken = taken - 1 WHERE id = ?").bind(id.get()).execute(&mut *tx).await?;
            break;
        }
    }
    let session = session_or_refuse(&mut tx, id).await?;
    tx.commit().await?;
    Ok(session)
}

/// Closes the session: bookings become 'closed' and each account booked gets a message; the
/// waitlist is emptied. Closing a closed session changes nothing. Returns the bookings closed.
pub(crate) async fn close_session(pool: &SqlitePool, id: SessionId, now: SeoulTime) -> Done<u32> {
    let mut tx = crate::db::begin_write(pool).await?;
    let session = session_or_refuse(&mut tx, id).await?;
    if session.closed {
        return Ok(0);
    }
    sqlx::query("UPDATE seat_sessions SET closed = 1 WHERE id = ?").bind(id.get()).execute(&mut *tx).await?;
    let accounts: Vec<i64> =
        sqlx::query_scalar("SELECT DISTINCT account_id FROM bookings WHERE session_id = ? AND status = 'booked' ORDER BY account_id")
            .bind(id.get())
            .fetch_all(&mut *tx)
            .await?;
    let closed = sqlx::query("UPDATE bookings SET status = 'closed' WHERE session_id = ? AND status = 'booked'")
        .bind(id.get())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query("UPDATE waitlist SET status = 'left' WHERE session_id = ? AND status IN ('waiting', 'offered')")
        .bind(id.get())
        .execute(&mut *tx)
        .await?;
    let notice = notices::session_closed(&session);
    for account in accounts {
        notices::send(&mut tx, AccountId(account), &notice, now).await?;
    }
    tx.commit().await?;
    Ok(closed as u32)
}
