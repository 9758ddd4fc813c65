//! The seat engine's storage on SQLite: `SqliteSeats` implements the domain's `SeatBook` port for
//! kids-café sessions, facility slots and district courses. Taking a seat lives in `store`, the
//! waitlist in `waitlist`, staff actions in `staff`, reads in `reads`, messages in `notices`.

pub(crate) mod notices;
mod reads;
mod rows;
mod staff;
pub mod store;
mod waitlist;

pub use rows::{parse_time, time_text};
/// How a session row is read, for the pages' read side (`kids_cafe::store`).
pub(crate) use rows::{session_from, SESSION_COLUMNS};

use domain::accounts::{AccountId, ChildId};
use domain::courses::BoxFuture;
use domain::seats::*;
use domain::{IsoDate, SeoulTime};
use rows::Done;
use sqlx::SqlitePool;
use std::future::Future;

/// The seat engine over the server's pool (see `db::connect`: WAL, a 5 s busy timeout).
#[derive(Clone)]
pub struct SqliteSeats {
    pool: SqlitePool,
    /// Seats are taken through group commit: one flush for every booking waiting at that moment.
    writer: crate::group_commit::GroupCommit,
}

impl SqliteSeats {
    /// Needs a Tokio runtime: it starts the group-commit writer.
    pub fn new(pool: SqlitePool) -> SqliteSeats {
        SqliteSeats { writer: crate::group_commit::GroupCommit::start(pool.clone()), pool }
    }

    /// The lottery draw's booking of a child drawn (or given a seat left): every rule of
    /// `book_kids_cafe` but the opening, as the session stays closed to first come until the draw
    /// is done. Not on the `SeatBook` port, so no page or server function can reach it.
    pub(crate) async fn book_drawn(&self, account: AccountId, child: ChildId, session: SessionId, fee_waived: bool,
        key: IdempotencyKey, now: SeoulTime) -> SeatResult<Booking> {
        let key = &key;
        run("book_drawn", || store::book_kids_cafe(&self.pool, &self.writer, account, child, session, fee_waived, Some(key.clone()), now,
            store::Gate::Draw)).await
    }

    /// The lottery draw's waitlisting of a child not drawn, past the opening as `book_drawn`.
    pub(crate) async fn wait_drawn(&self, req: SeatRequest, now: SeoulTime) -> SeatResult<WaitEntry> {
        let req = &req;
        run("wait_drawn", || waitlist::join(&self.pool, req, now, store::Gate::Draw)).await
    }
}

/// Runs one store operation, again if SQLite was busy (`db::retry_while_busy`), and turns its
/// failure into the port's: a refusal passes through, a database error is logged.
async fn run<T, F, Fut>(what: &'static str, op: F) -> SeatResult<T>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Done<T>>,
{
    crate::db::retry_while_busy(what, rows::Fail::is_busy, op).await.map_err(|fail| fail.into_failure(what))
}

impl SeatBook for SqliteSeats {
    fn take_seat(&self, req: SeatRequest, now: SeoulTime) -> BoxFuture<'_, SeatResult<Booking>> {
        Box::pin(async move {
            let req = &req;
            run("take_seat", || store::take_seat(&self.pool, &self.writer, req, now)).await
        })
    }

    fn book_kids_cafe(&self, account: AccountId, child: ChildId, session: SessionId, fee_waived: bool,
        key: Option<IdempotencyKey>, now: SeoulTime) -> BoxFuture<'_, SeatResult<Booking>> {
        Box::pin(async move {
            let key = &key;
            run("book_kids_cafe", || store::book_kids_cafe(&self.pool, &self.writer, account, child, session, fee_waived, key.clone(), now, store::Gate::Opening)).await
        })
    }

    fn cancel<'a>(&'a self, account: AccountId, reference: &'a BookingRef, now: SeoulTime) -> BoxFuture<'a, SeatResult<Booking>> {
        Box::pin(run("cancel", move || waitlist::cancel(&self.pool, account, reference, now)))
    }

    fn join_waitlist(&self, req: SeatRequest, now: SeoulTime) -> BoxFuture<'_, SeatResult<WaitEntry>> {
        Box::pin(async move {
            let req = &req;
            run("join_waitlist", || waitlist::join(&self.pool, req, now, store::Gate::Opening)).await
        })
    }

    fn confirm_offer(&self, account: AccountId, entry: WaitId, now: SeoulTime) -> BoxFuture<'_, SeatResult<Booking>> {
        Box::pin(run("confirm_offer", move || waitlist::confirm(&self.pool, account, entry, now)))
    }

    fn leave_waitlist(&self, account: AccountId, entry: WaitId, now: SeoulTime) -> BoxFuture<'_, SeatResult<()>> {
        Box::pin(run("leave_waitlist", move || waitlist::leave(&self.pool, account, entry, now)))
    }

    fn waits_of(&self, account: AccountId) -> BoxFuture<'_, SeatResult<Vec<WaitEntry>>> {
        Box::pin(run("waits_of", move || waitlist::waits_of(&self.pool, account)))
    }

    fn expire_offers(&self, now: SeoulTime) -> BoxFuture<'_, SeatResult<u32>> {
        Box::pin(run("expire_offers", move || waitlist::expire_offers(&self.pool, now)))
    }

    fn session(&self, id: SessionId) -> BoxFuture<'_, SeatResult<Option<SessionSeats>>> {
        Box::pin(run("session", move || reads::session(&self.pool, id)))
    }

    fn roster(&self, session: SessionId) -> BoxFuture<'_, SeatResult<Vec<Booking>>> {
        Box::pin(run("roster", move || staff::roster(&self.pool, session)))
    }

    fn mark_attendance<'a>(&'a self, reference: &'a BookingRef, attendance: Attendance) -> BoxFuture<'a, SeatResult<Booking>> {
        Box::pin(run("mark_attendance", move || staff::mark_attendance(&self.pool, reference, attendance)))
    }

    fn set_capacity(&self, session: SessionId, capacity: u32, now: SeoulTime) -> BoxFuture<'_, SeatResult<SessionSeats>> {
        Box::pin(run("set_capacity", move || staff::set_capacity(&self.pool, session, capacity, now)))
    }

    fn close_session(&self, session: SessionId, now: SeoulTime) -> BoxFuture<'_, SeatResult<u32>> {
        Box::pin(run("close_session", move || staff::close_session(&self.pool, session, now)))
    }

    fn bookings_of(&self, account: AccountId) -> BoxFuture<'_, SeatResult<Vec<Booking>>> {
        Box::pin(run("bookings_of", move || reads::bookings_of(&self.pool, account)))
    }

    fn messages_of(&self, account: AccountId) -> BoxFuture<'_, SeatResult<Vec<Message>>> {
        Box::pin(run("messages_of", move || reads::messages_of(&self.pool, account)))
    }

    fn mark_read(&self, account: AccountId, message: MessageId, now: SeoulTime) -> BoxFuture<'_, SeatResult<()>> {
        Box::pin(run("mark_read", move || reads::mark_read(&self.pool, account, message, now)))
    }

    fn unread_count(&self, account: AccountId) -> BoxFuture<'_, SeatResult<u32>> {
        Box::pin(run("unread_count", move || reads::unread_count(&self.pool, account)))
    }

    fn stats_by_branch_week(&self, kind: Kind, since: IsoDate) -> BoxFuture<'_, SeatResult<Vec<WeekStats>>> {
        Box::pin(run("stats_by_branch_week", move || reads::stats_by_branch_week(&self.pool, kind, since)))
    }
}
