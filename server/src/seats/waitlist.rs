//! Seats given back and the waitlist: cancelling, holding a freed seat for the first one waiting
//! (who is told in their messages and has 2 hours to confirm), confirming, leaving, and offers
//! that expire and pass on. Expiry runs at the start of every write that could meet a stale offer,
//! so no answer depends on a timer having run.

use super::notices;
use super::rows::*;
use super::store::{holder_rules, insert_booking, NewBooking};
use domain::accounts::AccountId;
use domain::seats::*;
use domain::SeoulTime;
use sqlx::{Row, SqliteConnection, SqlitePool};

pub(crate) async fn cancel(pool: &SqlitePool, account: AccountId, reference: &BookingRef, now: SeoulTime) -> Done<Booking> {
    expire_first(pool, now).await?;
    let mut tx = crate::db::begin_write(pool).await?;
    expire_in(&mut tx, now).await?;
    let found: Option<(i64, i64, String)> = sqlx::query_as("SELECT id, account_id, status FROM bookings WHERE reference = ?")
        .bind(reference.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let (id, status) = match found {
        Some((id, owner, status)) if owner == account.0 => (id, status),
        _ => return Err(SeatError::NotYours.into()),
    };
    let booking = booking_by_id(&mut tx, id).await?;
    match status.as_str() {
        "booked" => {}
        // a retried cancel answers as the first one did
        "cancelled" => return Ok(booking),
        "closed" => return Err(SeatError::SessionClosed.into()),
        _ => return Err(SeatError::SessionStarted.into()),
    }
    can_cancel(booking.session.starts_at, now)?;
    sqlx::query("UPDATE bookings SET status = 'cancelled', cancelled_at = ? WHERE id = ?")
        .bind(time_text(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    pass_seat(&mut tx, booking.session.id, now).await?;
    let booking = booking_by_id(&mut tx, id).await?;
    tx.commit().await?;
    Ok(booking)
}

/// A seat just given back: held for the first one waiting if the session is still ahead, else
/// back on sale.
pub(crate) async fn pass_seat(conn: &mut SqliteConnection, session: SessionId, now: SeoulTime) -> Done<()> {
    if !offer_next(conn, session, now).await? {
        sqlx::query("UPDATE seat_sessions SET taken = taken - 1 WHERE id = ? AND taken > 0")
            .bind(session.get())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Offers a seat (already counted in `taken`) to the first entry still waiting; false when there
/// is none or the session is closed or under way.
pub(crate) async fn offer_next(conn: &mut SqliteConnection, session_id: SessionId, now: SeoulTime) -> Done<bool> {
    let session = session_or_refuse(conn, session_id).await?;
    if session.closed || session.starts_at <= now {
        return Ok(false);
    }
    let first: Option<(i64, i64)> =
        sqlx::query_as("SELECT id, account_id FROM waitlist WHERE session_id = ? AND status = 'waiting' ORDER BY id LIMIT 1")
            .bind(session_id.get())
            .fetch_optional(&mut *conn)
            .await?;
    let Some((entry, account)) = first else { return Ok(false) };
    sqlx::query("UPDATE waitlist SET status = 'offered', offered_at = ? WHERE id = ?")
        .bind(time_text(now))
        .bind(entry)
        .execute(&mut *conn)
        .await?;
    let notice = notices::seat_offered(&session, Offer { made_at: now }.expires_at());
    notices::send(conn, AccountId(account), &notice, now).await?;
    Ok(true)
}

/// Offers made 2 hours or more before `now` expire; each held seat passes on. Returns how many.
pub(crate) async fn expire_in(conn: &mut SqliteConnection, now: SeoulTime) -> Done<u32> {
    let cutoff = time_text(SeoulTime::from_instant(now.instant() - OFFER_STANDS));
    let stale: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, session_id FROM waitlist WHERE status = 'offered' AND offered_at <= ? ORDER BY id")
            .bind(cutoff)
            .fetch_all(&mut *conn)
            .await?;
    for (entry, session) in &stale {
        sqlx::query("UPDATE waitlist SET status = 'expired' WHERE id = ?").bind(entry).execute(&mut *conn).await?;
        if let Some(session) = SessionId::new(*session) {
            pass_seat(conn, session, now).await?;
        }
    }
    Ok(stale.len() as u32)
}

/// Expires stale offers in a transaction of their own before a write that may be refused: a
/// refusal rolls its transaction back, and must not take the expiry (and the next resident's
/// offer and message) with it. A lock-free look first keeps the common case to one read. The
/// write that follows runs `expire_in` again, for an offer that expires in between.
pub(crate) async fn expire_first(pool: &SqlitePool, now: SeoulTime) -> Done<()> {
    let cutoff = time_text(SeoulTime::from_instant(now.instant() - OFFER_STANDS));
    let stale: Option<i64> = sqlx::query_scalar("SELECT 1 FROM waitlist WHERE status = 'offered' AND offered_at <= ? LIMIT 1")
        .bind(cutoff)
        .fetch_optional(pool)
        .await?;
    if stale.is_some() {
        expire_offers(pool, now).await?;
    }
    Ok(())
}

pub(crate) async fn expire_offers(pool: &SqlitePool, now: SeoulTime) -> Done<u32> {
    let mut tx = crate::db::begin_write(pool).await?;
    let n = expire_in(&mut tx, now).await?;
    tx.commit().await?;
    Ok(n)
}

/// Joins a full session's waitlist, on the same checks as booking it (a child who could not be
/// booked cannot wait either).
pub(crate) async fn join(pool: &SqlitePool, req: &SeatRequest, now: SeoulTime, by: super::store::Gate) -> Done<WaitEntry> {
    expire_first(pool, now).await?;
    let mut tx = crate::db::begin_write(pool).await?;
    expire_in(&mut tx, now).await?;
    let session = session_or_refuse(&mut tx, req.session).await?;
    super::store::gate(&session, now, by)?;
    let terms = holder_rules(&mut tx, req.account, req.holder, &session, now).await?;
    if session.seats_left() > 0 {
        return Err(SeatError::NotFull.into());
    }
    let fee = terms.kids_cafe_fee(req.fee_waived).unwrap_or(req.fee_krw);
    let inserted = sqlx::query(
        "INSERT INTO waitlist (session_id, account_id, child_id, holder, status, joined_at, fee_krw, fee_waived, group_size) \
         VALUES (?, ?, ?, ?, 'waiting', ?, ?, ?, ?)",
    )
    .bind(session.id.get())
    .bind(req.account.0)
    .bind(req.holder.child().map(|c| c.get()))
    .bind(req.holder.to_string())
    .bind(time_text(now))
    .bind(i64::from(fee))
    .bind(req.fee_waived)
    .bind(i64::from(req.group_size.max(1)))
    .execute(&mut *tx)
    .await;
    let id = match inserted {
        Ok(done) => done.last_insert_rowid(),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(SeatError::AlreadyWaiting.into()),
        Err(e) => return Err(e.into()),
    };
    let entry = wait_by_id(&mut tx, id).await?;
    tx.commit().await?;
    Ok(entry)
}

/// A waitlist entry with the terms it was made on.
struct OwnEntry {
    wait: WaitEntry,
    fee_krw: u32,
    fee_waived: bool,
    group_size: u32,
    booking_id: Option<i64>,
}

/// The account's own entry; another account's is answered as if it did not exist.
async fn own_entry(conn: &mut SqliteConnection, account: AccountId, entry: WaitId) -> Done<OwnEntry> {
    let row = sqlx::query("SELECT account_id, fee_krw, fee_waived, group_size, booking_id FROM waitlist WHERE id = ?")
        .bind(entry.get())
        .fetch_optional(&mut *conn)
        .await?;
    let row = row.ok_or(Fail::Refused(SeatError::NotYours))?;
    if row.try_get::<i64, _>("account_id")? != account.0 {
        return Err(SeatError::NotYours.into());
    }
    let fee: i64 = row.try_get("fee_krw")?;
    let group: i64 = row.try_get("group_size")?;
    Ok(OwnEntry {
        fee_krw: u32::try_from(fee).unwrap_or(0),
        fee_waived: row.try_get("fee_waived")?,
        group_size: u32::try_from(group).unwrap_or(1).max(1),
        booking_id: row.try_get("booking_id")?,
        wait: wait_by_id(conn, entry.get()).await?,
    })
}

/// Books the seat held for the account's offer; seats taken do not change (it was already counted).
pub(crate) async fn confirm(pool: &SqlitePool, account: AccountId, entry: WaitId, now: SeoulTime) -> Done<Booking> {
    expire_first(pool, now).await?;
    let mut tx = crate::db::begin_write(pool).await?;
    expire_in(&mut tx, now).await?;
    let own = own_entry(&mut tx, account, entry).await?;
    let wait = own.wait;
    match (wait.status, own.booking_id) {
        (WaitStatus::Offered, _) => {}
        (WaitStatus::Booked, Some(id)) => return Ok(booking_by_id(&mut tx, id).await?),
        (WaitStatus::Expired, _) => return Err(SeatError::OfferExpired.into()),
        _ => return Err(SeatError::NotOffered.into()),
    }
    let session = wait.session;
    if session.closed {
        return Err(SeatError::SessionClosed.into());
    }
    if session.starts_at <= now {
        return Err(SeatError::SessionStarted.into());
    }
    holder_rules(&mut tx, account, wait.holder, &session, now).await?;
    let new = NewBooking { session: &session, account, holder: wait.holder, fee_krw: own.fee_krw, fee_waived: own.fee_waived,
        group_size: own.group_size, key: None, now };
    let id = insert_booking(&mut tx, &new).await?;
    sqlx::query("UPDATE waitlist SET status = 'booked', booking_id = ? WHERE id = ?").bind(id).bind(entry.get()).execute(&mut *tx).await?;
    let booking = booking_by_id(&mut tx, id).await?;
    tx.commit().await?;
    Ok(booking)
}

/// Leaves the waitlist; a seat held for this entry passes on at once.
pub(crate) async fn leave(pool: &SqlitePool, account: AccountId, entry: WaitId, now: SeoulTime) -> Done<()> {
    expire_first(pool, now).await?;
    let mut tx = crate::db::begin_write(pool).await?;
    expire_in(&mut tx, now).await?;
    let wait = own_entry(&mut tx, account, entry).await?.wait;
    match wait.status {
        WaitStatus::Waiting | WaitStatus::Offered => {
            sqlx::query("UPDATE waitlist SET status = 'left' WHERE id = ?").bind(entry.get()).execute(&mut *tx).await?;
            if wait.status == WaitStatus::Offered {
                pass_seat(&mut tx, wait.session.id, now).await?;
            }
        }
        WaitStatus::Left => {}
        WaitStatus::Booked | WaitStatus::Expired => return Err(SeatError::NotOffered.into()),
    }
    tx.commit().await?;
    Ok(())
}

/// The account's entries still waiting or offered a seat, oldest first.
pub(crate) async fn waits_of(pool: &SqlitePool, account: AccountId) -> Done<Vec<WaitEntry>> {
    let sql = format!("{} WHERE w.account_id = ? AND w.status IN ('waiting', 'offered') ORDER BY w.id", wait_select());
    let rows = sqlx::query(&sql).bind(account.0).fetch_all(pool).await?;
    Ok(rows.iter().map(wait_from).collect::<sqlx::Result<_>>()?)
}
