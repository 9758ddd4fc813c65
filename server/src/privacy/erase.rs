//! Deleting an account (`app::privacy::ssr::AccountClosing`): the password checked behind a
//! per-account throttle, what is still ahead cancelled through each service's own cancel path (so
//! a freed seat goes to the first on its waiting list, and a trip's cancellation fee is worked out
//! as for any cancellation), then one transaction that deletes what the notice says goes and
//! empties the account's row (`parts::ERASE`). Every session of the account then meets a password
//! hash that is no longer its own and ends (as after a password change); this one is logged out.

use super::parts::ERASE;
use super::throttle::DeleteThrottle;
use crate::accounts::AccountsService;
use app::privacy::Closed;
use app::AppError;
use domain::accounts::{AccountId, TypedPassword};
use domain::carshare::{CarFailure, CarShare};
use domain::courses::BoxFuture;
use domain::seats::{BookingRef, SeatBook, SeatFailure, WaitId};
use domain::{Clock, SeoulTime};
use sqlx::SqlitePool;
use std::sync::Arc;

pub struct Closing {
    pub pool: SqlitePool,
    pub accounts: AccountsService,
    pub seats: Arc<dyn SeatBook>,
    pub cars: Arc<dyn CarShare>,
    pub clock: Arc<dyn Clock>,
    pub throttle: DeleteThrottle,
}

fn failed(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "deleting an account failed");
    AppError::Unavailable
}

impl app::privacy::ssr::AccountClosing for Closing {
    fn close<'a>(&'a self, account: AccountId, password: &'a TypedPassword) -> BoxFuture<'a, Result<Closed, AppError>> {
        Box::pin(async move {
            // charged before the hash runs; one attempt at a time per account
            let attempt = self.throttle.begin(account, self.accounts.now_unix()).map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
            let stored: Option<String> = sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = ? AND deleted_at IS NULL")
                .bind(account.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(failed)?;
            let matches = self.accounts.store.hasher.verify(password.expose().to_string(), stored).await.map_err(failed)?;
            if !matches {
                return Err(app::privacy::api::wrong_password());
            }
            attempt.succeeded();
            let now = self.clock.now();
            let closed = cancel_ahead(self, account, now).await?;
            erase(&self.pool, account, now).await.map_err(failed)?;
            // this server's copy of the account goes now; other servers' within their 30 s
            self.accounts.store.forget(account.0);
            tracing::info!(account = account.0, seats = closed.seats_cancelled, trips = closed.trips_cancelled, "account deleted");
            Ok(closed)
        })
    }
}

/// Cancels the account's future seats and trips and leaves its waiting lists, each through the
/// service's own path. A booking too close to its start to cancel is counted and stays.
pub async fn cancel_ahead(c: &Closing, account: AccountId, now: SeoulTime) -> Result<Closed, AppError> {
    let mut closed = Closed::default();
    let seats: Vec<String> = sqlx::query_scalar(
        "SELECT b.reference FROM bookings b JOIN seat_sessions s ON s.id = b.session_id \
         WHERE b.account_id = ? AND b.status = 'booked' AND s.starts_at > ? ORDER BY b.id",
    )
    .bind(account.0)
    .bind(crate::seats::time_text(now))
    .fetch_all(&c.pool)
    .await
    .map_err(failed)?;
    for reference in seats.iter().filter_map(|r| BookingRef::parse(r)) {
        match c.seats.cancel(account, &reference, now).await {
            Ok(_) => closed.seats_cancelled += 1,
            Err(SeatFailure::Unavailable) => return Err(AppError::Unavailable),
            Err(_) => closed.kept_started += 1,
        }
    }
    let waits: Vec<i64> = sqlx::query_scalar("SELECT id FROM waitlist WHERE account_id = ? AND status IN ('waiting', 'offered') ORDER BY id")
        .bind(account.0)
        .fetch_all(&c.pool)
        .await
        .map_err(failed)?;
    for wait in waits.into_iter().filter_map(WaitId::new) {
        match c.seats.leave_waitlist(account, wait, now).await {
            Ok(()) => closed.waits_left += 1,
            Err(SeatFailure::Unavailable) => return Err(AppError::Unavailable),
            Err(_) => {}
        }
    }
    let trips: Vec<String> = sqlx::query_scalar("SELECT reference FROM car_trips WHERE account_id = ? AND status = 'booked' AND starts > ? ORDER BY id")
        .bind(account.0)
        .bind(now.instant().unix_timestamp())
        .fetch_all(&c.pool)
        .await
        .map_err(failed)?;
    for reference in trips.iter().filter_map(|r| BookingRef::parse(r)) {
        match c.cars.cancel(account, reference, now).await {
            Ok(_) => closed.trips_cancelled += 1,
            Err(CarFailure::Unavailable) => return Err(AppError::Unavailable),
            Err(_) => closed.kept_started += 1,
        }
    }
    Ok(closed)
}

/// `parts::ERASE` in one write transaction (foreign keys checked at its commit).
pub async fn erase(pool: &SqlitePool, account: AccountId, now: SeoulTime) -> sqlx::Result<()> {
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("PRAGMA defer_foreign_keys = ON").execute(&mut *tx).await?;
    let now = crate::seats::time_text(now);
    for sql in ERASE {
        let query = sqlx::query(sql).bind(account.0);
        let query = if sql.contains("?2") { query.bind(now.as_str()) } else { query };
        query.execute(&mut *tx).await?;
    }
    tx.commit().await
}
