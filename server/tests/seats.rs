//! The seat engine's storage against a real, fresh SQLite file opened the way the server opens it
//! (`db::connect`: WAL, 8 connections, a 5 s busy timeout): races for the last seats, idempotent
//! retries, the waitlist and its offers, the kids-café rules and what staff do.

use domain::accounts::{AccountId, ChildId};
use domain::kids_cafe::KidsCafeError;
use domain::seats::*;
use domain::{IsoDate, SeoulTime};
use server::seats::{time_text, SqliteSeats};
use sqlx::SqlitePool;

struct Db {
    pool: SqlitePool,
    seats: SqliteSeats,
    _dir: tempfile::TempDir,
}

fn at(date: &str, hour: u8, minute: u8) -> SeoulTime {
    SeoulTime::at(IsoDate::parse(date).unwrap(), hour, minute).unwrap()
}

fn plus_minutes(t: SeoulTime, minutes: i64) -> SeoulTime {
    SeoulTime::from_instant(t.instant() + time::Duration::minutes(minutes))
}

/// Tuesday 24 November 2026, 10:00 in Seoul: next week's and this Saturday's sessions are open.
fn now() -> SeoulTime {
    at("2026-11-24", 10, 0)
}

/// This Saturday, 10:00.
fn saturday() -> SeoulTime {
    at("2026-11-28", 10, 0)
}

const PRESCHOOLER: &str = "2023-05-01";

impl Db {
    async fn fresh() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let pool = server::db::connect(&format!("sqlite://{}/seats.db", dir.path().display())).await.unwrap();
        Db { seats: SqliteSeats::new(pool.clone()), pool, _dir: dir }
    }

    /// `n` new accounts, each with one preschool child, in one transaction.
    async fn families(&self, n: usize) -> Vec<(AccountId, ChildId)> {
        let mut tx = self.pool.begin().await.unwrap();
        let mut made = Vec::with_capacity(n);
        for _ in 0..n {
            let account = sqlx::query(
                "INSERT INTO accounts (email, name, password_hash, resident, created_at) \
                 VALUES ('p' || (SELECT COUNT(*) FROM accounts) || '@example.com', '주민', 'x', 1, ?)",
            )
            .bind(time_text(now()))
            .execute(&mut *tx)
            .await
            .unwrap()
            .last_insert_rowid();
            let child = sqlx::query("INSERT INTO children (guardian_id, name, birth_date, created_at) VALUES (?, '하늘', ?, ?)")
                .bind(account)
                .bind(PRESCHOOLER)
                .bind(time_text(now()))
                .execute(&mut *tx)
                .await
                .unwrap()
                .last_insert_rowid();
            made.push((AccountId(account), ChildId::new(child).unwrap()));
        }
        tx.commit().await.unwrap();
        made
    }

    async fn family(&self) -> (AccountId, ChildId) {
        self.families(1).await[0]
    }

    async fn child_born(&self, guardian: AccountId, birth: &str) -> ChildId {
        let id = sqlx::query("INSERT INTO children (guardian_id, name, birth_date, created_at) VALUES (?, '아기', ?, ?)")
            .bind(guardian.0)
            .bind(birth)
            .bind(time_text(now()))
            .execute(&self.pool)
            .await
            .unwrap()
            .last_insert_rowid();
        ChildId::new(id).unwrap()
    }

    /// A 2-hour session at the Junggok kids café, open for booking since last Tuesday.
    async fn kids_session(&self, starts_at: SeoulTime, capacity: u32) -> SessionId {
        self.session("kids_cafe", "junggok", starts_at, at("2026-11-17", 9, 0), capacity).await
    }

    async fn session(&self, kind: &str, resource: &str, starts_at: SeoulTime, opens_at: SeoulTime, capacity: u32) -> SessionId {
        let id = sqlx::query(
            "INSERT INTO seat_sessions (kind, resource, starts_at, ends_at, opens_at, capacity) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(kind)
        .bind(resource)
        .bind(time_text(starts_at))
        .bind(time_text(plus_minutes(starts_at, 120)))
        .bind(time_text(opens_at))
        .bind(i64::from(capacity))
        .execute(&self.pool)
        .await
        .unwrap()
        .last_insert_rowid();
        SessionId::new(id).unwrap()
    }

    async fn book(&self, (account, child): (AccountId, ChildId), session: SessionId, at: SeoulTime) -> SeatResult<Booking> {
        self.seats.book_kids_cafe(account, child, session, false, None, at).await
    }

    async fn wait(&self, (account, child): (AccountId, ChildId), session: SessionId, at: SeoulTime) -> SeatResult<WaitEntry> {
        let req = SeatRequest { session, account, holder: Holder::Child(child), fee_krw: 0, fee_waived: false, group_size: 1,
            idempotency_key: None };
        self.seats.join_waitlist(req, at).await
    }

    /// (taken, capacity, bookings in 'booked') as the database has them.
    async fn counts(&self, session: SessionId) -> (i64, i64, i64) {
        sqlx::query_as(
            "SELECT taken, capacity, (SELECT COUNT(*) FROM bookings WHERE session_id = s.id AND status = 'booked') \
             FROM seat_sessions s WHERE id = ?",
        )
        .bind(session.get())
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }
}

fn refused(e: SeatError) -> SeatFailure {
    SeatFailure::Refused(e)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_residents_racing_for_the_last_ten_seats_get_exactly_ten_bookings() {
    let db = Db::fresh().await;
    let session = db.kids_session(saturday(), 30).await;
    for family in db.families(20).await {
        db.book(family, session, now()).await.unwrap();
    }
    let racers = db.families(200).await;
    let tasks: Vec<_> = racers
        .into_iter()
        .map(|(account, child)| {
            let seats = db.seats.clone();
            tokio::spawn(async move { seats.book_kids_cafe(account, child, session, false, None, now()).await })
        })
        .collect();
    let (mut booked, mut full, mut other) = (0, 0, Vec::new());
    for task in tasks {
        match task.await.unwrap() {
            Ok(b) => {
                assert_eq!((b.status, b.fee_krw), (BookingStatus::Booked, 2_000));
                booked += 1;
            }
            Err(SeatFailure::Refused(SeatError::Full)) => full += 1,
            Err(e) => other.push(e),
        }
    }
    assert_eq!((booked, full, other), (10, 190, vec![]), "10 booked, 190 full, nothing else");
    assert_eq!(db.counts(session).await, (30, 30, 30), "taken = capacity = bookings");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_idempotency_key_sent_fifty_times_at_once_makes_one_booking() {
    let db = Db::fresh().await;
    let session = db.kids_session(saturday(), 30).await;
    let (account, child) = db.family().await;
    let key = IdempotencyKey::parse("3f2b8c1e-9d4a-4e21-b1c7-0a5d6e7f8a9b").unwrap();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (seats, key) = (db.seats.clone(), key.clone());
            tokio::spawn(async move { seats.book_kids_cafe(account, child, session, false, Some(key), now()).await })
        })
        .collect();
    let mut references = Vec::new();
    for task in tasks {
        references.push(task.await.unwrap().expect("every retry answers with the booking").reference);
    }
    assert!(references.iter().all(|r| *r == references[0]), "all 50 answers carry one reference");
    assert_eq!(db.counts(session).await, (1, 30, 1));
}

#[tokio::test]
async fn an_idempotency_key_reused_for_another_session_is_refused_and_changes_nothing() {
    let db = Db::fresh().await;
    let (first, second) = (db.kids_session(saturday(), 5).await, db.kids_session(at("2026-11-29", 10, 0), 5).await);
    let (account, child) = db.family().await;
    let key = IdempotencyKey::parse("same-key-0001").unwrap();
    db.seats.book_kids_cafe(account, child, first, false, Some(key.clone()), now()).await.unwrap();
    let again = db.seats.book_kids_cafe(account, child, second, false, Some(key), now()).await;
    assert_eq!(again, Err(refused(SeatError::KeyReused)));
    assert_eq!(db.counts(second).await, (0, 5, 0));
}

#[tokio::test]
async fn a_cancelled_seat_is_offered_to_the_first_waiting_who_is_told_and_can_confirm() {
    let db = Db::fresh().await;
    let session = db.kids_session(saturday(), 2).await;
    let [a, b, c, d] = db.families(4).await[..] else { unreachable!() };
    let booking = db.book(a, session, now()).await.unwrap();
    assert_eq!(db.wait(c, session, now()).await.unwrap_err(), refused(SeatError::NotFull), "seats are still left");
    db.book(b, session, now()).await.unwrap();
    let entry = db.wait(c, session, now()).await.unwrap();
    assert_eq!(db.wait(c, session, now()).await.unwrap_err(), refused(SeatError::AlreadyWaiting));

    let cancelled = db.seats.cancel(a.0, &booking.reference, now()).await.unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(db.counts(session).await, (2, 2, 1), "the freed seat is held for the offer");
    assert_eq!(db.book(d, session, now()).await.unwrap_err(), refused(SeatError::Full), "nobody else takes a held seat");

    let messages = db.seats.messages_of(c.0).await.unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].link.as_deref(), Some("/me/bookings"));
    assert!(messages[0].body_ko.contains("2시간") && messages[0].body_en.contains("2 hours"));
    assert_eq!(db.seats.unread_count(c.0).await.unwrap(), 1);
    assert!(db.seats.messages_of(d.0).await.unwrap().is_empty(), "only the first waiting is told");

    let confirmed = db.seats.confirm_offer(c.0, entry.id, plus_minutes(now(), 30)).await.unwrap();
    assert_eq!((confirmed.status, confirmed.holder), (BookingStatus::Booked, Holder::Child(c.1)));
    assert_eq!(db.counts(session).await, (2, 2, 2));
    assert!(db.seats.waits_of(c.0).await.unwrap().is_empty());
    db.seats.mark_read(c.0, messages[0].id, now()).await.unwrap();
    assert_eq!(db.seats.unread_count(c.0).await.unwrap(), 0);
    assert_eq!(db.seats.mark_read(d.0, messages[0].id, now()).await, Err(refused(SeatError::NotYours)));
}

#[tokio::test]
async fn an_offer_not_confirmed_in_two_hours_passes_to_the_next_waiting_then_frees_the_seat() {
    let db = Db::fresh().await;
    let session = db.kids_session(saturday(), 1).await;
    let [a, b, c, d] = db.families(4).await[..] else { unreachable!() };
    let booking = db.book(a, session, now()).await.unwrap();
    let first = db.wait(b, session, now()).await.unwrap();
    let second = db.wait(c, session, now()).await.unwrap();
    db.seats.cancel(a.0, &booking.reference, now()).await.unwrap();
    assert_eq!(db.seats.confirm_offer(c.0, second.id, now()).await, Err(refused(SeatError::NotOffered)));

    let two_hours = plus_minutes(now(), 120);
    assert_eq!(db.book(d, session, two_hours).await.unwrap_err(), refused(SeatError::Full), "the seat passed on, still held");
    assert_eq!(db.seats.confirm_offer(b.0, first.id, two_hours).await, Err(refused(SeatError::OfferExpired)));
    assert_eq!(db.seats.messages_of(c.0).await.unwrap().len(), 1, "the next one is told");
    assert_eq!(db.counts(session).await, (1, 1, 0));

    assert_eq!(db.seats.expire_offers(plus_minutes(now(), 239)).await, Ok(0));
    assert_eq!(db.seats.expire_offers(plus_minutes(now(), 240)).await, Ok(1));
    assert_eq!(db.counts(session).await, (0, 1, 0), "nobody left waiting: the seat is back on sale");
    db.book(d, session, plus_minutes(now(), 241)).await.unwrap();
}

#[tokio::test]
async fn a_booking_cannot_be_cancelled_29_minutes_before_it_starts() {
    let db = Db::fresh().await;
    let session = db.kids_session(saturday(), 5).await;
    let family = db.family().await;
    let booking = db.book(family, session, now()).await.unwrap();
    let late = plus_minutes(saturday(), -29);
    assert_eq!(db.seats.cancel(family.0, &booking.reference, late).await, Err(refused(SeatError::TooLateToCancel)));
    assert_eq!(db.counts(session).await, (1, 5, 1));
    db.seats.cancel(family.0, &booking.reference, plus_minutes(saturday(), -30)).await.unwrap();
    assert_eq!(db.counts(session).await, (0, 5, 0));
}

#[tokio::test]
async fn another_accounts_booking_cannot_be_cancelled_nor_its_child_booked() {
    let db = Db::fresh().await;
    let session = db.kids_session(saturday(), 5).await;
    let [mine, theirs] = db.families(2).await[..] else { unreachable!() };
    let booking = db.book(theirs, session, now()).await.unwrap();
    assert_eq!(db.seats.cancel(mine.0, &booking.reference, now()).await, Err(refused(SeatError::NotYours)));
    assert_eq!(db.book((mine.0, theirs.1), session, now()).await, Err(refused(SeatError::NotYours)));
    assert_eq!(db.counts(session).await, (1, 5, 1));
    assert_eq!(db.seats.bookings_of(mine.0).await.unwrap(), vec![], "nobody sees another's bookings");
}

#[tokio::test]
async fn a_child_under_24_months_cannot_be_booked() {
    let db = Db::fresh().await;
    let session = db.kids_session(saturday(), 5).await;
    let (account, _) = db.family().await;
    let baby = db.child_born(account, "2025-01-15").await;
    let answer = db.book((account, baby), session, now()).await;
    let old_enough_on = IsoDate::parse("2027-01-15").unwrap();
    assert_eq!(answer, Err(refused(SeatError::KidsCafe(KidsCafeError::TooYoung { old_enough_on }))));
    assert_eq!(db.counts(session).await, (0, 5, 0));
}

#[tokio::test]
async fn a_child_cannot_have_a_second_session_the_same_day() {
    let db = Db::fresh().await;
    let morning = db.kids_session(saturday(), 5).await;
    let afternoon = db.kids_session(at("2026-11-28", 12, 30), 5).await;
    let family = db.family().await;
    db.book(family, morning, now()).await.unwrap();
    assert_eq!(db.book(family, morning, now()).await, Err(refused(SeatError::AlreadyBooked)));
    assert_eq!(db.book(family, afternoon, now()).await, Err(refused(SeatError::KidsCafe(KidsCafeError::AlreadyThatDay))));
    assert_eq!(db.counts(afternoon).await, (0, 5, 0));
}

#[tokio::test]
async fn a_session_cannot_be_booked_before_it_opens_nor_once_it_started() {
    let db = Db::fresh().await;
    let next_week = db.session("kids_cafe", "junggok", at("2026-12-05", 10, 0), at("2026-11-24", 9, 0), 5).await;
    let family = db.family().await;
    let early = db.book(family, next_week, at("2026-11-24", 8, 59)).await;
    assert_eq!(early, Err(refused(SeatError::NotOpenYet { opens_at: "2026-11-24 09:00".into() })));
    db.book(family, next_week, at("2026-11-24", 9, 0)).await.unwrap();
    let today = db.kids_session(at("2026-11-24", 9, 30), 5).await;
    let other = db.family().await;
    assert_eq!(db.book(other, today, now()).await, Err(refused(SeatError::SessionStarted)));
}

#[tokio::test]
async fn a_no_show_blocks_kids_cafe_bookings_for_thirty_days() {
    let db = Db::fresh().await;
    let missed = db.kids_session(saturday(), 5).await;
    let family = db.family().await;
    let booking = db.book(family, missed, now()).await.unwrap();
    let marked = db.seats.mark_attendance(&booking.reference, Attendance::NoShow).await.unwrap();
    assert_eq!(marked.status, BookingStatus::NoShow);

    let later = db.kids_session(at("2026-12-30", 10, 0), 5).await;
    let until = IsoDate::parse("2026-12-28").unwrap();
    let after_the_session = at("2026-11-28", 13, 0);
    assert_eq!(db.book(family, later, after_the_session).await, Err(refused(SeatError::Blocked { until })));
    assert_eq!(db.book(family, later, at("2026-12-27", 23, 59)).await, Err(refused(SeatError::Blocked { until })));
    db.book(family, later, at("2026-12-28", 10, 0)).await.expect("30 days after the missed start");
}

#[tokio::test]
async fn capacity_never_goes_below_the_seats_taken_and_new_seats_go_to_those_waiting() {
    let db = Db::fresh().await;
    let session = db.kids_session(saturday(), 2).await;
    let [a, b, c] = db.families(3).await[..] else { unreachable!() };
    db.book(a, session, now()).await.unwrap();
    db.book(b, session, now()).await.unwrap();
    assert_eq!(db.seats.set_capacity(session, 1, now()).await, Err(refused(SeatError::BelowTaken { taken: 2 })));
    let entry = db.wait(c, session, now()).await.unwrap();
    let grown = db.seats.set_capacity(session, 4, now()).await.unwrap();
    assert_eq!((grown.capacity, grown.taken, grown.seats_left()), (4, 3, 1), "one new seat held for the one waiting");
    db.seats.confirm_offer(c.0, entry.id, now()).await.unwrap();
    assert_eq!(db.counts(session).await, (3, 4, 3));
}

#[tokio::test]
async fn closing_a_session_tells_everyone_booked_and_empties_its_waitlist() {
    let db = Db::fresh().await;
    let session = db.kids_session(saturday(), 2).await;
    let [a, b, c] = db.families(3).await[..] else { unreachable!() };
    db.book(a, session, now()).await.unwrap();
    db.book(b, session, now()).await.unwrap();
    db.wait(c, session, now()).await.unwrap();
    assert_eq!(db.seats.close_session(session, now()).await, Ok(2));
    for family in [a, b] {
        let messages = db.seats.messages_of(family.0).await.unwrap();
        assert_eq!(messages.len(), 1);
        assert_eq!(db.seats.bookings_of(family.0).await.unwrap()[0].status, BookingStatus::Closed);
    }
    assert!(db.seats.waits_of(c.0).await.unwrap().is_empty());
    assert_eq!(db.book(c, session, now()).await, Err(refused(SeatError::SessionClosed)));
    assert_eq!(db.seats.close_session(session, now()).await, Ok(0), "closing again changes nothing");
}

#[tokio::test]
async fn the_weekly_statistics_count_bookings_cancellations_and_no_shows_per_branch() {
    let db = Db::fresh().await;
    let session = db.kids_session(saturday(), 5).await;
    let [a, b, c] = db.families(3).await[..] else { unreachable!() };
    let kept = db.book(a, session, now()).await.unwrap();
    let dropped = db.book(b, session, now()).await.unwrap();
    db.book(c, session, now()).await.unwrap();
    db.seats.cancel(b.0, &dropped.reference, now()).await.unwrap();
    db.seats.mark_attendance(&kept.reference, Attendance::NoShow).await.unwrap();
    let stats = db.seats.stats_by_branch_week(Kind::KidsCafe, domain::IsoDate::parse("2026-01-01").unwrap()).await.unwrap();
    assert_eq!(stats.len(), 1);
    let week = &stats[0];
    assert_eq!((week.resource.as_str(), week.week_start.to_string(), week.iso_week), ("junggok", "2026-11-23".into(), 48));
    assert_eq!((week.bookings, week.cancellations, week.no_shows), (3, 1, 1));
}

#[tokio::test]
async fn a_facility_slot_is_booked_by_the_person_at_its_own_fee_and_kids_cafe_seats_need_a_child() {
    let db = Db::fresh().await;
    let hall = db.session("facility", "junggok-hall", saturday(), at("2026-11-01", 9, 0), 1).await;
    let kids = db.kids_session(saturday(), 5).await;
    let [(me, _), (other, _)] = db.families(2).await[..] else { unreachable!() };
    let req = |session, holder| SeatRequest { session, account: me, holder, fee_krw: 15_000, fee_waived: false, group_size: 6,
        idempotency_key: None };
    let booked = db.seats.take_seat(req(hall, Holder::Person(me)), now()).await.unwrap();
    assert_eq!((booked.fee_krw, booked.group_size, booked.reference.as_str().chars().next()), (15_000, 6, Some('F')));
    assert_eq!(db.seats.take_seat(req(kids, Holder::Person(me)), now()).await, Err(refused(SeatError::ChildNeeded)));
    assert_eq!(db.seats.take_seat(req(kids, Holder::Person(other)), now()).await, Err(refused(SeatError::NotYours)));
    let missing = SessionId::new(999).unwrap();
    assert_eq!(db.seats.take_seat(req(missing, Holder::Person(me)), now()).await, Err(refused(SeatError::NoSuchSession)));
    assert_eq!(db.seats.session(hall).await.unwrap().map(|s| s.seats_left()), Some(0));
    assert_eq!(db.seats.roster(hall).await.unwrap(), vec![booked]);
}
