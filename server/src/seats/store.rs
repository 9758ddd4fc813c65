//! Taking a seat: the one write transaction in which an idempotent retry is recognised, every rule
//! (the session's, the holder's, the kids café's) is checked, the seat counter moves by one atomic
//! statement and the booking row is written. Nothing is checked outside the transaction, so two
//! parents racing for the last seat cannot both pass.

use super::rows::*;
use super::waitlist::{expire_first, expire_in};
use domain::accounts::{AccountId, ChildId};
use domain::kids_cafe::{child_may_come, fee_krw, one_session_a_day};
use domain::seats::*;
use domain::{IsoDate, SeoulTime};
use crate::group_commit::GroupCommit;
use sqlx::{SqliteConnection, SqlitePool};
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

/// A no-show blocks new kids-café bookings for this long after the missed session's start.
const NO_SHOW_BLOCK: time::Duration = time::Duration::days(30);

/// Statuses that hold a seat (the same set the `one_seat_per_holder` index covers).
pub(crate) const HOLDING: &str = "('booked', 'attended', 'no_show')";

pub(crate) async fn take_seat(pool: &SqlitePool, writer: &GroupCommit, req: &SeatRequest, now: SeoulTime) -> Done<Booking> {
    take_seat_as(pool, writer, req, now, Gate::Opening).await
}

/// Who may take a seat before the session's `opens_at`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Nobody: first come waits for the opening.
    Opening,
    /// The lottery's draw, which seats its winners (and waitlists the others) while the session is
    /// held closed to first come; every other rule (closed, started, capacity, the holder's) holds.
    Draw,
}

/// `bookable_at`, with the opening skipped for the draw.
pub(crate) fn gate(session: &SessionSeats, now: SeoulTime, gate: Gate) -> Result<(), SeatError> {
    if gate == Gate::Draw && now < session.opens_at {
        return SessionSeats { opens_at: now, ..session.clone() }.bookable_at(now);
    }
    session.bookable_at(now)
}

pub(crate) async fn take_seat_as(pool: &SqlitePool, writer: &GroupCommit, req: &SeatRequest, now: SeoulTime, by: Gate) -> Done<Booking> {
    expire_first(pool, now).await?;
    let req = req.clone();
    let written = writer
        .write(move |conn| {
            Box::pin(async move {
                expire_in(&mut *conn, now).await?;
                take_seat_in(conn, &req, now, by).await
            })
        })
        .await;
    written.unwrap_or_else(|failed| Err(Fail::Db(sqlx::Error::Protocol(failed.to_string()))))
}

/// The transaction's part: it runs inside the group commit's transaction, in its own savepoint,
/// which a refusal rolls back.
async fn take_seat_in(tx: &mut SqliteConnection, req: &SeatRequest, now: SeoulTime, by: Gate) -> Done<Booking> {
    if let Some(existing) = replay(&mut *tx, req).await? {
        return Ok(existing);
    }
    let session = session_or_refuse(&mut *tx, req.session).await?;
    // a child's seat is a kids café's: any other session asked through the kids-café endpoint (a
    // facility at the kids-café fee, a drop-off slot past its cap) is no session of that endpoint
    // (a kids café's seat asked for a person is refused by `holder_rules`: a child is needed)
    if matches!(req.holder, Holder::Child(_)) && session.kind != Kind::KidsCafe {
        return Err(SeatError::NoSuchSession.into());
    }
    gate(&session, now, by)?;
    within_cap(&mut *tx, req.account, session.kind, now).await?;
    let terms = holder_rules(&mut *tx, req.account, req.holder, &session, now).await?;
    let fee = terms.kids_cafe_fee(req.fee_waived).unwrap_or(req.fee_krw);
    // one atomic statement: it cannot take a seat past capacity whatever runs beside it
    let taken = sqlx::query("UPDATE seat_sessions SET taken = taken + 1 WHERE id = ? AND taken < capacity AND closed = 0")
        .bind(session.id.get())
        .execute(&mut *tx)
        .await?;
    if taken.rows_affected() == 0 {
        return Err(SeatError::Full.into());
    }
    let new = NewBooking { session: &session, account: req.account, holder: req.holder, fee_krw: fee,
        fee_waived: req.fee_waived, group_size: req.group_size.max(1), key: req.idempotency_key.as_ref(), now };
    let id = insert_booking(&mut *tx, &new).await?;
    Ok(booking_by_id(&mut *tx, id).await?)
}

/// How many of the account's bookings still to come one kind of session allows: the facility
/// cap is data (`booking_caps`, `0019`), the thrift store's three drop-offs its rule; none for
/// others.
async fn cap_ahead(tx: &mut SqliteConnection, kind: Kind, now: SeoulTime) -> Done<Option<i64>> {
    Ok(match kind {
        Kind::Facility => sqlx::query_scalar("SELECT max_ahead FROM booking_caps WHERE kind = 'facility'").fetch_optional(&mut *tx).await?,
        Kind::ThriftDropoff => Some(i64::from(domain::programmes::social::thrift::dropoff_rules(now.date()).max_coming)),
        Kind::KidsCafe | Kind::Course => None,
    })
}

/// The account's bookings still to come of the session's kind stay under its cap, read in the
/// same write transaction as the insert that follows, so bookings sent at once cannot pass it
/// together.
async fn within_cap(tx: &mut SqliteConnection, account: AccountId, kind: Kind, now: SeoulTime) -> Done<()> {
    let Some(max) = cap_ahead(&mut *tx, kind, now).await? else { return Ok(()) };
    let ahead: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings b JOIN seat_sessions s ON s.id = b.session_id \
         WHERE b.account_id = ? AND b.status = 'booked' AND s.kind = ? AND s.starts_at > ?",
    )
    .bind(account.0)
    .bind(kind.slug())
    .bind(time_text(now))
    .fetch_one(&mut *tx)
    .await?;
    if ahead >= max {
        return Err(SeatError::TooManyAhead { max: max as u32 }.into());
    }
    Ok(())
}

/// A kids-café seat for a child of the account, at the rule's fee (2,000 KRW, or nothing when
/// the guardian declares basic-livelihood support).
pub(crate) async fn book_kids_cafe(pool: &SqlitePool, writer: &GroupCommit, account: AccountId, child: ChildId, session: SessionId,
    fee_waived: bool, key: Option<IdempotencyKey>, now: SeoulTime, by: Gate) -> Done<Booking> {
    let req = SeatRequest { session, account, holder: Holder::Child(child), fee_krw: fee_krw(1, fee_waived), fee_waived,
        group_size: 1, idempotency_key: key };
    take_seat_as(pool, writer, &req, now, by).await
}

/// What the request is for, written next to its idempotency key.
fn digest(session: SessionId, holder: Holder) -> String {
    format!("{session}|{holder}")
}

/// The booking an earlier request with the same key made, or `KeyReused` when that key was used
/// for another session or holder. Checked first: a retry must not be refused by rules the first
/// attempt's own booking now breaks (one session a day, no seats left).
async fn replay(conn: &mut SqliteConnection, req: &SeatRequest) -> Done<Option<Booking>> {
    let Some(key) = &req.idempotency_key else { return Ok(None) };
    let earlier: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, request_digest FROM bookings WHERE account_id = ? AND idempotency_key = ?")
            .bind(req.account.0)
            .bind(key.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    match earlier {
        None => Ok(None),
        Some((id, stored)) if stored.as_deref() == Some(digest(req.session, req.holder).as_str()) => {
            Ok(Some(booking_by_id(conn, id).await?))
        }
        Some(_) => Err(SeatError::KeyReused.into()),
    }
}

/// What the holder's checks decided about the booking's terms.
pub(crate) struct Terms {
    kids_cafe: bool,
}

impl Terms {
    /// The kids café's fee overrides whatever the request asked; other kinds keep their own.
    pub(crate) fn kids_cafe_fee(&self, waived: bool) -> Option<u32> {
        self.kids_cafe.then(|| fee_krw(1, waived))
    }
}

/// Whether `account` may put `holder` in `session` at `now`: their own child or themself, not
/// already seated there, and for kids cafés every kids-café rule.
pub(crate) async fn holder_rules(conn: &mut SqliteConnection, account: AccountId, holder: Holder, session: &SessionSeats,
    now: SeoulTime) -> Done<Terms> {
    let birth = match holder {
        Holder::Person(person) if person != account => return Err(SeatError::NotYours.into()),
        Holder::Person(_) if session.kind == Kind::KidsCafe => return Err(SeatError::ChildNeeded.into()),
        Holder::Person(_) => None,
        Holder::Child(child) => Some(birth_of(conn, account, child).await?),
    };
    already_seated(conn, session.id, holder).await?;
    if let (Kind::KidsCafe, Some(birth), Some(child)) = (session.kind, birth, holder.child()) {
        not_blocked(conn, account, now).await?;
        let day = session.starts_at.date();
        child_may_come(birth, day)?;
        one_session_a_day(&kids_cafe_days(conn, child, day).await?, day)?;
    }
    Ok(Terms { kids_cafe: session.kind == Kind::KidsCafe })
}

/// The child's birth date, if the child is on this account; another account's child is answered
/// as if it did not exist.
async fn birth_of(conn: &mut SqliteConnection, account: AccountId, child: ChildId) -> Done<IsoDate> {
    let birth: Option<String> = sqlx::query_scalar("SELECT birth_date FROM children WHERE id = ? AND guardian_id = ?")
        .bind(child.get())
        .bind(account.0)
        .fetch_optional(conn)
        .await?;
    let birth = birth.ok_or(Fail::Refused(SeatError::NotYours))?;
    IsoDate::parse(&birth).ok_or_else(|| Fail::Db(sqlx::Error::Decode(format!("birth date {birth:?}").into())))
}

/// Asked before the seat counter moves, so a double click reads "already booked", not "full".
/// The unique index stays the authority (see `insert_booking`).
async fn already_seated(conn: &mut SqliteConnection, session: SessionId, holder: Holder) -> Done<()> {
    let sql = format!("SELECT 1 FROM bookings WHERE session_id = ? AND holder = ? AND status IN {HOLDING}");
    let seated: Option<i64> = sqlx::query_scalar(&sql).bind(session.get()).bind(holder.to_string()).fetch_optional(conn).await?;
    match seated {
        Some(_) => Err(SeatError::AlreadyBooked.into()),
        None => Ok(()),
    }
}

/// The days (only `day` can matter) on which the child already holds a kids-café seat.
async fn kids_cafe_days(conn: &mut SqliteConnection, child: ChildId, day: IsoDate) -> Done<Vec<IsoDate>> {
    let sql = format!(
        "SELECT COUNT(*) FROM bookings b JOIN seat_sessions s ON s.id = b.session_id \
         WHERE b.child_id = ? AND s.kind = 'kids_cafe' AND b.status IN {HOLDING} AND substr(s.starts_at, 1, 10) = ?"
    );
    let n: i64 = sqlx::query_scalar(&sql).bind(child.get()).bind(day.to_string()).fetch_one(conn).await?;
    Ok(if n > 0 { vec![day] } else { Vec::new() })
}

/// An account with a kids-café no-show whose session started in the last 30 days is blocked
/// until 30 days after that start.
async fn not_blocked(conn: &mut SqliteConnection, account: AccountId, now: SeoulTime) -> Done<()> {
    let since = time_text(SeoulTime::from_instant(now.instant() - NO_SHOW_BLOCK));
    let last: Option<String> = sqlx::query_scalar(
        "SELECT MAX(s.starts_at) FROM bookings b JOIN seat_sessions s ON s.id = b.session_id \
         WHERE b.account_id = ? AND b.status = 'no_show' AND s.kind = 'kids_cafe' AND s.starts_at > ? AND s.starts_at <= ?",
    )
    .bind(account.0)
    .bind(since)
    .bind(time_text(now))
    .fetch_one(conn)
    .await?;
    match last.as_deref().and_then(parse_time) {
        Some(missed) => Err(SeatError::Blocked { until: SeoulTime::from_instant(missed.instant() + NO_SHOW_BLOCK).date() }.into()),
        None => Ok(()),
    }
}

pub(crate) struct NewBooking<'a> {
    pub session: &'a SessionSeats,
    pub account: AccountId,
    pub holder: Holder,
    pub fee_krw: u32,
    pub fee_waived: bool,
    pub group_size: u32,
    pub key: Option<&'a IdempotencyKey>,
    pub now: SeoulTime,
}

/// Writes the booking row for a seat already counted; returns its id. A second seat for the same
/// holder is refused by the `one_seat_per_holder` index (`AlreadyBooked`; the caller's transaction
/// rolls back, seat counter included).
pub(crate) async fn insert_booking(conn: &mut SqliteConnection, b: &NewBooking<'_>) -> Done<i64> {
    for _ in 0..4 {
        let reference = BookingRef::from_random(b.session.kind, random_bits());
        let inserted = sqlx::query(
            "INSERT INTO bookings (reference, session_id, account_id, child_id, holder, status, fee_krw, fee_waived, \
             group_size, idempotency_key, request_digest, created_at) VALUES (?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?, ?)",
        )
        .bind(reference.as_str())
        .bind(b.session.id.get())
        .bind(b.account.0)
        .bind(b.holder.child().map(ChildId::get))
        .bind(b.holder.to_string())
        .bind(i64::from(b.fee_krw))
        .bind(b.fee_waived)
        .bind(i64::from(b.group_size))
        .bind(b.key.map(IdempotencyKey::as_str))
        .bind(b.key.map(|_| digest(b.session.id, b.holder)))
        .bind(time_text(b.now))
        .execute(&mut *conn)
        .await;
        match inserted {
            Ok(done) => return Ok(done.last_insert_rowid()),
            // 40 random bits met an existing reference: draw again
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() && e.message().contains("bookings.reference") => continue,
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(SeatError::AlreadyBooked.into()),
            Err(e) => return Err(e.into()),
        }
    }
    Err(Fail::Db(sqlx::Error::Protocol("no free booking reference after 4 draws".into())))
}

/// 64 unpredictable bits for a booking reference. The standard library's `RandomState` is keyed
/// from the operating system's randomness; hashing a counter with a fresh one gives distinct,
/// unguessable values without another dependency. References are not secrets (every use checks
/// the account), so this only has to make them hard to guess and unlikely to collide.
fn random_bits() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    std::collections::hash_map::RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed))
}
