//! Car share on the server, end to end: the store's rules through the `CarShare` port (official
//! hours, the charging buffer, midnight and month end, cancel fees, extensions, early returns,
//! emergency official trips, idempotency, licences, other accounts' references), the database's
//! own guard (the overlap triggers), the public JSON API with garbage thrown at every route, and a
//! property test: a seeded random sequence of every kind of write, after which a SQL self-join
//! finds no two uses of one resource overlapping (with the buffer after residents' trips).

mod helpers;

use domain::accounts::AccountId;
use domain::carshare::window::parse_local;
use domain::carshare::*;
use domain::seats::{BookingRef, IdempotencyKey};
use domain::{IsoDate, SeoulTime};
use helpers::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use server::carshare::SqliteCarShare;
use std::sync::Arc;

fn t(s: &str) -> SeoulTime {
    parse_local(s).unwrap_or_else(|| panic!("a time: {s}"))
}

/// The app with no official trips: each test places its own.
async fn car_app() -> (TestApp, Arc<SqliteCarShare>) {
    let app = TestApp::empty().await;
    sqlx::query("DELETE FROM car_official_trips").execute(&app.pool).await.unwrap();
    let store = app.state.carshare.store.clone();
    (app, store)
}

async fn account(app: &TestApp, email: &str) -> (AccountId, String) {
    let cookie = app.sign_up(email, "주민").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = ?").bind(email).fetch_one(&app.pool).await.unwrap();
    (AccountId(id), cookie)
}

fn licence_form(serial: u32, expires: &str) -> LicenceForm {
    LicenceForm {
        number: format!("11-15-{serial:06}-78"),
        issued_on: "2015-03-02".into(),
        expires_on: expires.into(),
        birth_date: "1990-05-05".into(),
    }
}

/// An account with a verified licence (serial `serial`, valid until 2030).
async fn driver(app: &TestApp, store: &SqliteCarShare, email: &str, serial: u32) -> (AccountId, String) {
    let (id, cookie) = account(app, email).await;
    let (licence, digits) = Licence::verify(&licence_form(serial, "2030-12-31"), test_now().date()).unwrap();
    store.save_licence(id, licence, digits, test_now()).await.unwrap();
    (id, cookie)
}

fn key(s: &str) -> IdempotencyKey {
    IdempotencyKey::parse(&format!("test-{s}")).unwrap()
}

fn request(account: AccountId, kind: ResourceKind, resource: u32, start: &str, end: &str, k: &str) -> TripRequest {
    let window = TripWindow::from_form(start, end, &kind.rules(), test_now()).unwrap_or_else(|e| panic!("{start}–{end}: {e:?}"));
    TripRequest { account, kind, resource, window, key: key(k) }
}

fn car(account: AccountId, resource: u32, start: &str, end: &str, k: &str) -> TripRequest {
    request(account, ResourceKind::Car, resource, start, end, k)
}

fn refused<T: std::fmt::Debug>(r: CarResult<T>) -> CarError {
    match r {
        Err(CarFailure::Refused(e)) => e,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn official(resource: u32, start: &str, end: &str, purpose: &str, emergency: bool) -> OfficialRequest {
    OfficialRequest { kind: ResourceKind::Car, resource, window: TripWindow::stored(t(start), t(end)).unwrap(), purpose: purpose.into(), emergency }
}

/// Pairs of held uses of one resource that overlap, each resident trip followed by its buffer.
async fn overlaps(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "WITH uses AS ( \
           SELECT 'r' || id AS who, kind, resource, starts, ends + (CASE kind WHEN 'car' THEN 1800 ELSE 0 END) AS blocks \
             FROM car_trips WHERE status IN ('booked', 'returned_early') \
           UNION ALL SELECT 'o' || id, kind, resource, starts, ends FROM car_official_trips) \
         SELECT COUNT(*) FROM uses a JOIN uses b ON a.kind = b.kind AND a.resource = b.resource AND a.who < b.who \
           AND a.starts < b.blocks AND b.starts < a.blocks",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_booking_in_office_hours_is_refused_and_one_after_them_is_priced_and_kept() {
    let (app, store) = car_app().await;
    let (me, _) = driver(&app, &store, "a@example.com", 1).await;
    let e = refused(store.book(car(me, 1, "2026-11-23T18:00", "2026-11-23T19:00", "key-office-1"), test_now()).await);
    assert_eq!(e, CarError::OfficialUse { from: t("2026-11-23T08:30"), until: t("2026-11-23T18:30") });
    assert!(e.is_conflict());
    let trip = store.book(car(me, 1, "2026-11-23T18:30", "2026-11-23T21:00", "key-office-2"), test_now()).await.unwrap();
    assert_eq!((trip.price_krw, trip.status, trip.fee_krw), (7_500, TripStatus::Booked, 0));
    assert!(trip.reference.as_str().starts_with("V-"), "{}", trip.reference);
    assert_eq!(store.trips_of(me).await.unwrap(), vec![trip.clone()]);
    // a Saturday's daytime is free of official use
    store.book(car(me, 2, "2026-11-28T09:00", "2026-11-28T17:00", "key-saturday"), test_now()).await.unwrap();
    // the store checks the window itself, whoever built the request
    let sneaky = TripRequest { window: TripWindow::stored(t("2026-11-23T08:00"), t("2026-11-23T09:00")).unwrap(), ..car(me, 3, "2026-11-23T19:00", "2026-11-23T20:00", "key-sneaky") };
    assert_eq!(refused(store.book(sneaky, test_now()).await), CarError::InThePast);
}

#[tokio::test]
async fn the_charging_buffer_keeps_the_next_trip_thirty_minutes_away() {
    let (app, store) = car_app().await;
    let (a, _) = driver(&app, &store, "a@example.com", 1).await;
    let (b, _) = driver(&app, &store, "b@example.com", 2).await;
    store.book(car(a, 4, "2026-11-23T20:00", "2026-11-23T22:00", "key-first"), test_now()).await.unwrap();
    assert_eq!(refused(store.book(car(b, 4, "2026-11-23T21:00", "2026-11-23T23:00", "key-b-1"), test_now()).await), CarError::Taken);
    assert_eq!(refused(store.book(car(b, 4, "2026-11-23T22:00", "2026-11-23T23:00", "key-b-2"), test_now()).await), CarError::ChargingGap { minutes: 30 });
    assert_eq!(refused(store.book(car(b, 4, "2026-11-23T18:50", "2026-11-23T19:40", "key-b-3"), test_now()).await), CarError::ChargingGap { minutes: 30 });
    store.book(car(b, 4, "2026-11-23T22:30", "2026-11-23T23:30", "key-b-4"), test_now()).await.unwrap();
    store.book(car(b, 4, "2026-11-23T18:50", "2026-11-23T19:30", "key-b-5"), test_now()).await.unwrap();
    // the car must be back charging 30 minutes before the officials' morning
    assert_eq!(refused(store.book(car(b, 5, "2026-11-23T19:00", "2026-11-24T08:10", "key-b-6"), test_now()).await), CarError::ChargingGap { minutes: 30 });
    store.book(car(b, 5, "2026-11-23T19:00", "2026-11-24T08:00", "key-b-7"), test_now()).await.unwrap();
    // parking has no buffer: back to back is fine
    store.book(request(a, ResourceKind::Parking, 1, "2026-11-23T19:00", "2026-11-23T21:00", "key-park-1"), test_now()).await.unwrap();
    store.book(request(b, ResourceKind::Parking, 1, "2026-11-23T21:00", "2026-11-23T22:00", "key-park-2"), test_now()).await.unwrap();
    assert_eq!(overlaps(&app).await, 0);
}

#[tokio::test]
async fn a_trip_across_midnight_and_month_end_blocks_both_days() {
    let (app, store) = car_app().await;
    let (a, _) = driver(&app, &store, "a@example.com", 1).await;
    let (b, _) = driver(&app, &store, "b@example.com", 2).await;
    let trip = store.book(car(a, 6, "2026-11-30T22:00", "2026-12-01T02:00", "key-month-end"), test_now()).await.unwrap();
    assert_eq!(trip.price_krw, 12_000, "one night's package");
    assert_eq!(trip.end.date().to_string(), "2026-12-01");
    assert_eq!(refused(store.book(car(b, 6, "2026-12-01T01:00", "2026-12-01T03:00", "key-b-1"), test_now()).await), CarError::Taken);
    assert_eq!(refused(store.book(car(b, 6, "2026-12-01T02:10", "2026-12-01T03:00", "key-b-2"), test_now()).await), CarError::ChargingGap { minutes: 30 });
    store.book(car(b, 6, "2026-12-01T02:30", "2026-12-01T04:00", "key-b-3"), test_now()).await.unwrap();
    let uses = store.uses(ResourceKind::Car, 6, t("2026-12-01T00:00"), t("2026-12-01T12:00")).await.unwrap();
    assert_eq!(uses.len(), 2, "the trip from November shows on December's first day: {uses:?}");
}

#[tokio::test]
async fn cancelling_is_free_until_an_hour_before_and_costs_half_after_and_not_at_all_once_started() {
    let (app, store) = car_app().await;
    let (me, _) = driver(&app, &store, "a@example.com", 1).await;
    let early = store.book(car(me, 1, "2026-11-23T20:00", "2026-11-23T22:00", "key-cancel-1"), test_now()).await.unwrap();
    let cancelled = store.cancel(me, early.reference.clone(), t("2026-11-23T19:00")).await.unwrap();
    assert_eq!((cancelled.status, cancelled.fee_krw), (TripStatus::Cancelled, 0));
    assert_eq!(refused(store.cancel(me, early.reference.clone(), t("2026-11-23T19:00")).await), CarError::NotActive);
    let late = store.book(car(me, 1, "2026-11-23T20:00", "2026-11-23T22:00", "key-cancel-2"), test_now()).await.unwrap();
    assert_eq!(late.price_krw, 6_000);
    let cancelled = store.cancel(me, late.reference.clone(), t("2026-11-23T19:30")).await.unwrap();
    assert_eq!(cancelled.fee_krw, 3_000);
    let started = store.book(car(me, 2, "2026-11-23T20:00", "2026-11-23T22:00", "key-cancel-3"), test_now()).await.unwrap();
    assert_eq!(refused(store.cancel(me, started.reference, t("2026-11-23T20:00")).await), CarError::Started);
    // the cancelled windows are free again
    store.book(car(me, 1, "2026-11-23T20:00", "2026-11-23T21:00", "key-cancel-4"), test_now()).await.unwrap();
}

#[tokio::test]
async fn extending_rechecks_the_other_trips_and_requotes_and_an_early_return_frees_the_rest() {
    let (app, store) = car_app().await;
    let (a, _) = driver(&app, &store, "a@example.com", 1).await;
    let (b, _) = driver(&app, &store, "b@example.com", 2).await;
    let trip = store.book(car(a, 7, "2026-11-23T19:00", "2026-11-23T20:00", "key-extend-1"), test_now()).await.unwrap();
    store.book(car(b, 7, "2026-11-23T21:30", "2026-11-23T22:30", "key-extend-2"), test_now()).await.unwrap();
    let now = t("2026-11-23T19:20");
    assert_eq!(refused(store.extend(a, trip.reference.clone(), t("2026-11-23T21:10"), now).await), CarError::ChargingGap { minutes: 30 });
    assert_eq!(refused(store.extend(a, trip.reference.clone(), t("2026-11-23T19:50"), now).await), CarError::NotLonger);
    assert_eq!(refused(store.extend(a, trip.reference.clone(), t("2026-11-23T20:05"), now).await), CarError::NotOnStep { minutes: 10 });
    let longer = store.extend(a, trip.reference.clone(), t("2026-11-23T21:00"), now).await.unwrap();
    assert_eq!((longer.end, longer.price_krw), (t("2026-11-23T21:00"), 6_000));
    // brought back at 19:41: charged to 19:50, and 19:50 + 30 minutes on is free again
    let back = store.return_early(a, trip.reference.clone(), t("2026-11-23T19:41")).await.unwrap();
    assert_eq!((back.status, back.end, back.price_krw), (TripStatus::ReturnedEarly, t("2026-11-23T19:50"), 2_500));
    store.book(car(b, 7, "2026-11-23T20:20", "2026-11-23T21:00", "key-extend-3"), test_now()).await.unwrap();
    assert_eq!(refused(store.return_early(a, trip.reference.clone(), t("2026-11-23T19:45")).await), CarError::NotActive);
    // at least the shortest length is charged, and a trip not yet begun is cancelled instead
    let short = store.book(car(a, 8, "2026-11-23T19:00", "2026-11-23T22:00", "key-extend-4"), test_now()).await.unwrap();
    assert_eq!(refused(store.return_early(a, short.reference.clone(), t("2026-11-23T18:59")).await), CarError::NotStarted);
    let back = store.return_early(a, short.reference, t("2026-11-23T19:05")).await.unwrap();
    assert_eq!(back.end, t("2026-11-23T19:30"));
    assert_eq!(overlaps(&app).await, 0);
}

#[tokio::test]
async fn an_emergency_official_trip_cancels_residents_trips_tells_them_and_waives_the_fee() {
    let (app, store) = car_app().await;
    let (a, _) = driver(&app, &store, "a@example.com", 1).await;
    let (b, _) = driver(&app, &store, "b@example.com", 2).await;
    let ta = store.book(car(a, 1, "2026-11-28T10:00", "2026-11-28T12:00", "key-emerg-1"), test_now()).await.unwrap();
    let tb = store.book(car(b, 1, "2026-11-28T13:00", "2026-11-28T15:00", "key-emerg-2"), test_now()).await.unwrap();
    let untouched = store.book(car(b, 1, "2026-11-28T17:00", "2026-11-28T18:00", "key-emerg-3"), test_now()).await.unwrap();
    // not an emergency: refused, naming the trips in the way, and nothing changes
    let e = refused(store.add_official(official(1, "2026-11-28T11:00", "2026-11-28T14:00", "현장 점검", false), test_now()).await);
    assert_eq!(e, CarError::ResidentsBooked { references: vec![ta.reference.to_string(), tb.reference.to_string()] });
    assert_eq!(refused(store.add_official(official(1, "2026-11-28T11:00", "2026-11-28T14:00", "  ", true), test_now()).await), CarError::NoReason);
    let added = store.add_official(official(1, "2026-11-28T11:00", "2026-11-28T14:00", "수해 긴급 복구", true), test_now()).await.unwrap();
    assert_eq!(added.cancelled.len(), 2);
    for trip in &added.cancelled {
        assert_eq!((trip.status, trip.fee_krw, trip.note.as_str()), (TripStatus::CancelledForOfficialUse, 0, "수해 긴급 복구"));
    }
    for who in [a, b] {
        let (subject, body, link): (String, String, String) =
            sqlx::query_as("SELECT subject_ko, body_ko, link FROM messages WHERE account_id = ?").bind(who.0).fetch_one(&app.pool).await.unwrap();
        assert!(subject.contains("긴급 공무"), "{subject}");
        assert!(body.contains("수해 긴급 복구") && body.contains("아이오닉 5") && body.contains("수수료"), "{body}");
        assert_eq!(link, "/me/bookings");
    }
    let kept = store.trips_of(b).await.unwrap().into_iter().find(|t| t.reference == untouched.reference).unwrap();
    assert_eq!(kept.status, TripStatus::Booked);
    // the official trip now blocks residents, and another official trip over it is refused
    assert!(matches!(refused(store.book(car(a, 1, "2026-11-28T13:00", "2026-11-28T14:30", "key-emerg-4"), test_now()).await), CarError::OfficialUse { .. }));
    assert!(matches!(refused(store.add_official(official(1, "2026-11-28T13:00", "2026-11-28T15:00", "다른 공무", true), test_now()).await), CarError::OfficialUse { .. }));
    assert_eq!(store.official_trips(ResourceKind::Car, t("2026-11-28T00:00"), t("2026-11-29T00:00")).await.unwrap(), vec![added.trip.clone()]);
    store.remove_official(added.trip.id).await.unwrap();
    assert_eq!(refused(store.remove_official(added.trip.id).await), CarError::NotYours);
    assert_eq!(overlaps(&app).await, 0);
}

#[tokio::test]
async fn the_same_key_returns_the_same_trip_and_another_request_with_it_is_refused() {
    let (app, store) = car_app().await;
    let (me, _) = driver(&app, &store, "a@example.com", 1).await;
    let first = store.book(car(me, 2, "2026-11-24T19:00", "2026-11-24T21:00", "key-same-1"), test_now()).await.unwrap();
    let again = store.book(car(me, 2, "2026-11-24T19:00", "2026-11-24T21:00", "key-same-1"), t("2026-11-23T10:05")).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(refused(store.book(car(me, 3, "2026-11-24T19:00", "2026-11-24T21:00", "key-same-1"), test_now()).await), CarError::KeyReused);
    // fifty at once with one key: one trip
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.book(car(me, 4, "2026-11-25T19:00", "2026-11-25T21:00", "key-same-50"), test_now()).await })
        })
        .collect();
    let mut references = std::collections::BTreeSet::new();
    for task in tasks {
        references.insert(task.await.unwrap().unwrap().reference.to_string());
    }
    assert_eq!(references.len(), 1);
    assert_eq!(store.trips_of(me).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_car_needs_a_licence_valid_through_the_trips_last_day_and_one_licence_belongs_to_one_account() {
    let (app, store) = car_app().await;
    let (me, _) = account(&app, "a@example.com").await;
    assert_eq!(refused(store.book(car(me, 1, "2026-11-24T19:00", "2026-11-24T21:00", "key-lic-1"), test_now()).await), CarError::NoLicence);
    // parking needs none
    store.book(request(me, ResourceKind::Parking, 2, "2026-11-24T19:00", "2026-11-24T21:00", "key-lic-2"), test_now()).await.unwrap();
    let (licence, digits) = Licence::verify(&licence_form(7, "2026-11-24"), test_now().date()).unwrap();
    store.save_licence(me, licence.clone(), digits.clone(), test_now()).await.unwrap();
    assert_eq!(store.licence_of(me).await.unwrap(), Some(licence.clone()));
    assert_eq!(
        refused(store.book(car(me, 1, "2026-11-24T19:00", "2026-11-25T01:00", "key-lic-3"), test_now()).await),
        CarError::LicenceExpired { on: IsoDate::parse("2026-11-24").unwrap() }
    );
    // a trip back at midnight ends on the licence's last day
    store.book(car(me, 1, "2026-11-24T19:00", "2026-11-25T00:00", "key-lic-4"), test_now()).await.unwrap();
    let (other, _) = account(&app, "b@example.com").await;
    assert_eq!(refused(store.save_licence(other, licence.clone(), digits.clone(), test_now()).await), CarError::LicenceElsewhere);
    assert_eq!(store.licence_of(other).await.unwrap(), None);
    // the owner renews: the same account keeps one row with the new dates
    let (renewed, digits) = Licence::verify(&licence_form(7, "2036-11-24"), test_now().date()).unwrap();
    store.save_licence(me, renewed.clone(), digits, test_now()).await.unwrap();
    assert_eq!(store.licence_of(me).await.unwrap(), Some(renewed));
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM car_licences").fetch_one(&app.pool).await.unwrap();
    let kept: String = sqlx::query_scalar("SELECT digits_hmac || masked FROM car_licences").fetch_one(&app.pool).await.unwrap();
    assert_eq!(rows, 1);
    assert!(!kept.contains("123456") && !kept.contains("000007"), "only a hash and the mask are kept: {kept}");
}

#[tokio::test]
async fn another_accounts_reference_is_answered_as_if_it_did_not_exist() {
    let (app, store) = car_app().await;
    let (a, _) = driver(&app, &store, "a@example.com", 1).await;
    let (b, _) = driver(&app, &store, "b@example.com", 2).await;
    let trip = store.book(car(a, 3, "2026-11-24T19:00", "2026-11-24T21:00", "key-yours-1"), test_now()).await.unwrap();
    let now = t("2026-11-24T19:30");
    assert_eq!(refused(store.cancel(b, trip.reference.clone(), test_now()).await), CarError::NotYours);
    assert_eq!(refused(store.extend(b, trip.reference.clone(), t("2026-11-24T22:00"), now).await), CarError::NotYours);
    assert_eq!(refused(store.return_early(b, trip.reference.clone(), now).await), CarError::NotYours);
    let unknown = BookingRef::parse("V-2222-2222").unwrap();
    assert_eq!(refused(store.cancel(a, unknown, test_now()).await), CarError::NotYours);
    let status = app::AppError::from(CarFailure::Refused(CarError::NotYours)).status();
    assert_eq!(status, 404);
    assert_eq!(app::AppError::from(CarFailure::Refused(CarError::Taken)).status(), 409);
    assert_eq!(app::AppError::from(CarFailure::Refused(CarError::BadTime)).status(), 400);
    assert_eq!(app::AppError::from(CarFailure::Unavailable).status(), 503);
    assert_eq!(store.trips_of(a).await.unwrap()[0].status, TripStatus::Booked);
}

#[tokio::test]
async fn the_database_refuses_an_overlapping_use_written_past_the_store() {
    let (app, store) = car_app().await;
    let (a, _) = driver(&app, &store, "a@example.com", 1).await;
    store.book(car(a, 5, "2026-11-24T19:00", "2026-11-24T21:00", "key-trigger-1"), test_now()).await.unwrap();
    let insert = |reference: &'static str, starts: &'static str, ends: &'static str| {
        let pool = app.pool.clone();
        async move {
            let (s, e) = (t(starts), t(ends));
            sqlx::query("INSERT INTO car_trips (reference, kind, resource, account_id, starts, ends, starts_at, ends_at, price_krw, created_at) \
                         VALUES (?, 'car', 5, ?, ?, ?, ?, ?, 0, '2026-11-23T10:00:00+09:00')")
                .bind(reference).bind(a.0).bind(s.instant().unix_timestamp()).bind(e.instant().unix_timestamp())
                .bind(s.to_string()).bind(e.to_string())
                .execute(&pool).await
        }
    };
    for (starts, ends) in [("2026-11-24T20:00", "2026-11-24T22:00"), ("2026-11-24T21:10", "2026-11-24T22:00"), ("2026-11-24T18:00", "2026-11-24T18:40")] {
        let e = insert("V-3333-3333", starts, ends).await.unwrap_err();
        assert!(e.to_string().contains("car share overlap"), "{starts}–{ends}: {e}");
    }
    insert("V-3333-3333", "2026-11-24T21:30", "2026-11-24T22:00").await.unwrap();
    // moving a trip onto another, or putting a cancelled one back, is refused too
    let moved = sqlx::query("UPDATE car_trips SET starts = starts - 3600 WHERE reference = 'V-3333-3333'").execute(&app.pool).await.unwrap_err();
    assert!(moved.to_string().contains("car share overlap"), "{moved}");
    sqlx::query("UPDATE car_trips SET status = 'cancelled' WHERE reference = 'V-3333-3333'").execute(&app.pool).await.unwrap();
    insert("V-4444-4444", "2026-11-24T21:30", "2026-11-24T23:00").await.unwrap();
    let back = sqlx::query("UPDATE car_trips SET status = 'booked' WHERE reference = 'V-3333-3333'").execute(&app.pool).await.unwrap_err();
    assert!(back.to_string().contains("car share overlap"), "{back}");
    // an official trip over a held trip, and the checks on the columns
    let official = sqlx::query("INSERT INTO car_official_trips (kind, resource, starts, ends, starts_at, ends_at, purpose, emergency, created_at) \
                                SELECT 'car', 5, starts, ends, starts_at, ends_at, '점검', 0, created_at FROM car_trips WHERE reference = 'V-4444-4444'")
        .execute(&app.pool).await.unwrap_err();
    assert!(official.to_string().contains("car share overlap"), "{official}");
    for bad in ["UPDATE car_trips SET price_krw = -1", "UPDATE car_trips SET status = 'lost'", "UPDATE car_trips SET ends = starts"] {
        assert!(sqlx::query(bad).execute(&app.pool).await.is_err(), "{bad}");
    }
    assert_eq!(overlaps(&app).await, 0);
}

// the public API

#[tokio::test]
async fn the_car_list_shows_every_car_with_its_next_free_windows() {
    let (app, store) = car_app().await;
    let (a, _) = driver(&app, &store, "a@example.com", 1).await;
    store.book(car(a, 1, "2026-11-23T18:30", "2026-11-23T20:00", "key-list-1"), test_now()).await.unwrap();
    let reply = app.get("/api/v1/cars").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.headers["cache-control"], "no-store");
    let cars = reply.json()["cars"].as_array().unwrap().clone();
    assert_eq!(cars.len(), 8);
    assert_eq!(cars[0]["model_ko"], "아이오닉 5");
    assert_eq!(cars[0]["plate"], "12무 3456");
    assert!(cars.iter().all(|c| c["range_km"].as_u64().unwrap() > 100 && c["next_free"].as_array().unwrap().len() == 3));
    // car 1 is taken until 20:00 and charges until 20:30; car 2 is free from the end of office hours
    assert_eq!(cars[0]["next_free"][0]["start"], "2026-11-23T20:30:00+09:00");
    assert_eq!(cars[1]["next_free"][0]["start"], "2026-11-23T18:30:00+09:00");
    assert_eq!(cars[1]["next_free"][0]["end"], "2026-11-24T08:00:00+09:00");
    let spaces = app.get("/api/v1/parking").await.json()["spaces"].as_array().unwrap().clone();
    assert_eq!(spaces.len(), 12);
    assert_eq!(spaces[0]["next_free"][0]["start"], "2026-11-23T19:00:00+09:00");
    assert!(spaces.iter().all(|s| s["label"].as_str().unwrap().contains('-')));
}

#[tokio::test]
async fn a_cars_availability_shows_uses_without_anyones_reference_and_its_free_windows() {
    let (app, store) = car_app().await;
    let (a, _) = driver(&app, &store, "secret-owner@example.com", 1).await;
    let trip = store.book(car(a, 2, "2026-11-24T19:00", "2026-11-24T21:00", "key-avail-1"), test_now()).await.unwrap();
    store.add_official(official(2, "2026-11-24T22:00", "2026-11-24T23:00", "야간 점검", false), test_now()).await.unwrap();
    let reply = app.get("/api/v1/cars/2/availability?from=2026-11-24&to=2026-11-24").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(!reply.body.contains(trip.reference.as_str()) && !reply.body.contains("secret-owner") && !reply.body.contains("야간 점검"), "{}", reply.body);
    let body = reply.json();
    assert_eq!((body["from"].as_str().unwrap(), body["to"].as_str().unwrap()), ("2026-11-24T00:00:00+09:00", "2026-11-25T00:00:00+09:00"));
    let uses: Vec<(String, String, String)> = body["uses"].as_array().unwrap().iter()
        .map(|u| (u["kind"].as_str().unwrap().into(), u["start"].as_str().unwrap()[11..16].into(), u["end"].as_str().unwrap()[11..16].into()))
        .collect();
    let expected = [("owner_hours", "08:30", "18:30"), ("resident", "19:00", "21:00"), ("official", "22:00", "23:00")];
    assert_eq!(uses, expected.map(|(k, s, e)| (k.to_string(), s.to_string(), e.to_string())));
    let free: Vec<String> = body["free"].as_array().unwrap().iter().map(|w| format!("{}-{}", &w["start"].as_str().unwrap()[11..16], &w["end"].as_str().unwrap()[11..16])).collect();
    // 21:30–22:00 is no window: a trip there could not charge before the official trip
    assert_eq!(free, ["00:00-08:00", "23:00-00:00"]);
    // defaults: from now, seven days
    let body = app.get("/api/v1/cars/2/availability").await.json();
    assert_eq!((body["from"].as_str().unwrap(), body["to"].as_str().unwrap()), ("2026-11-23T10:00:00+09:00", "2026-11-30T10:00:00+09:00"));
    let body = app.get(&format!("/api/v1/cars/2/availability?from={}&to={}", enc("2026-11-24T19:30:00+09:00"), enc("2026-11-24T10:40:00Z"))).await.json();
    assert_eq!(body["uses"].as_array().unwrap().len(), 1, "{body}");
}

#[tokio::test]
async fn garbage_to_every_car_share_route_is_a_400_or_404_in_both_languages_and_never_a_5xx() {
    let (app, _) = car_app().await;
    let long = "9".repeat(500);
    let bad: Vec<(String, u16)> = vec![
        ("/api/v1/cars?page=2".into(), 400),
        ("/api/v1/cars?%FF=1".into(), 400),
        ("/api/v1/parking?x".into(), 400),
        ("/api/v1/cars/0/availability".into(), 404),
        ("/api/v1/cars/9/availability".into(), 404),
        ("/api/v1/cars/-1/availability".into(), 404),
        ("/api/v1/cars/+1/availability".into(), 404),
        ("/api/v1/cars/01/availability".into(), 404),
        ("/api/v1/cars/%EC%95%84/availability".into(), 404),
        ("/api/v1/cars/%FF/availability".into(), 404),
        (format!("/api/v1/cars/{long}/availability"), 404),
        ("/api/v1/cars/1/availability?from=tomorrow".into(), 400),
        ("/api/v1/cars/1/availability?from=2026-02-30".into(), 400),
        ("/api/v1/cars/1/availability?from=2026-11-25&to=2026-11-24".into(), 400),
        ("/api/v1/cars/1/availability?from=2026-11-24&to=2026-12-24".into(), 400),
        ("/api/v1/cars/1/availability?from=9999-12-31T23:59:59Z".into(), 400),
        ("/api/v1/cars/1/availability?from=0000-01-01T00:00:00Z&to=0000-01-02T00:00:00Z".into(), 400),
        ("/api/v1/cars/1/availability?to=1900-01-01".into(), 400),
        ("/api/v1/cars/1/availability?from=2026-11-24&from=2026-11-25".into(), 400),
        ("/api/v1/cars/1/availability?reference=V-2222-2222".into(), 400),
        (format!("/api/v1/cars/1/availability?from={long}"), 400),
        (format!("/api/v1/cars/1/availability?from={}", enc("2026-11-24T19:00:00+09:00' OR 1=1 --")), 400),
        (format!("/api/v1/cars/1/availability?from={}", enc("<script>alert(1)</script>")), 400),
    ];
    for (uri, status) in bad {
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, status, "{uri}: {}", &reply.body[..reply.body.len().min(300)]);
        let body = reply.json();
        assert!(body["error"].is_string() && body["message_ko"].is_string(), "{uri}: {body}");
        assert!(!reply.body.contains("<script>"), "{uri}: {}", reply.body);
    }
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM car_trips").fetch_one(&app.pool).await.unwrap();
    assert_eq!(rows, 0);
}

// the property test

/// The step of a trip's resource, from its reference's letter.
fn trips_step(reference: &BookingRef) -> time::Duration {
    let kind = if reference.as_str().starts_with('P') { ResourceKind::Parking } else { ResourceKind::Car };
    kind.rules().step
}

/// What one random step did, to compare two runs.
#[derive(Debug, PartialEq)]
enum Outcome {
    Done(String),
    Refused(CarError),
}

/// Runs a seeded random sequence of bookings, cancellations, extensions, early returns and
/// official trips on three cars and two spaces, the clock moving forward; each step's outcome.
async fn random_sequence(app: &TestApp, store: &SqliteCarShare, seed: u64, steps: usize) -> Vec<Outcome> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut drivers = Vec::new();
    for i in 0..4 {
        drivers.push(driver(app, store, &format!("p{seed}-{i}@example.com"), 100 + i).await.0);
    }
    // (account, reference, start, end) of every trip booked, as last known
    let mut trips: Vec<(AccountId, BookingRef, SeoulTime, SeoulTime)> = Vec::new();
    let mut now = test_now();
    let mut out = Vec::with_capacity(steps);
    for step in 0..steps {
        now = SeoulTime::from_instant(now.instant() + time::Duration::minutes(rng.gen_range(0..40)));
        let kind = if rng.gen_bool(0.8) { ResourceKind::Car } else { ResourceKind::Parking };
        let rules = kind.rules();
        let resource = rng.gen_range(1..=if kind == ResourceKind::Car { 3 } else { 2 });
        // a start on the step within the next few days, a length up to 30 hours
        let steps_ahead = rng.gen_range(0..(5 * 24 * 60 / rules.step.whole_minutes()));
        let start = SeoulTime::from_instant(rules.round_up(now).instant() + rules.step * steps_ahead as i32);
        let length = rules.step * rng.gen_range(rules.shortest.whole_minutes() / rules.step.whole_minutes()..=30 * 60 / rules.step.whole_minutes()) as i32;
        let end = SeoulTime::from_instant(start.instant() + length);
        let someone = drivers[rng.gen_range(0..drivers.len())];
        let result: CarResult<String> = match rng.gen_range(0..10) {
            0..=4 => match TripWindow::new(start, end, &rules, now) {
                Ok(window) => {
                    let req = TripRequest { account: someone, kind, resource, window, key: key(&format!("prop-{seed}-{step}")) };
                    let booked = store.book(req, now).await;
                    if let Ok(trip) = &booked {
                        trips.push((trip.account, trip.reference.clone(), trip.start, trip.end));
                    }
                    booked.map(|t| format!("booked {} {}–{}", t.reference.as_str().len(), t.start, t.end))
                }
                Err(e) => Err(e.into()),
            },
            5 | 6 if !trips.is_empty() => {
                let i = rng.gen_range(0..trips.len());
                let (who, reference, start, end) = trips[i].clone();
                let step = trips_step(&reference);
                let later = SeoulTime::from_instant(end.instant() + step * rng.gen_range(1..24));
                let extended = store.extend(who, reference.clone(), later, now).await;
                if let Ok(trip) = &extended {
                    trips[i] = (who, reference, start, trip.end);
                }
                extended.map(|t| format!("extended to {}", t.end))
            }
            7 if !trips.is_empty() => {
                let (who, reference, _, _) = trips[rng.gen_range(0..trips.len())].clone();
                store.cancel(who, reference, now).await.map(|t| format!("cancelled fee {}", t.fee_krw))
            }
            8 if !trips.is_empty() => {
                // the clock jumps (forward only) into the trip, to bring it back early
                let i = rng.gen_range(0..trips.len());
                let (who, reference, start, end) = trips[i].clone();
                let into = SeoulTime::from_instant(start.instant() + (end.instant() - start.instant()) * rng.gen_range(0.0..1.2));
                now = now.max(into);
                let returned = store.return_early(who, reference.clone(), now).await;
                if let Ok(trip) = &returned {
                    trips[i] = (who, reference, start, trip.end);
                }
                returned.map(|t| format!("returned at {}", t.end))
            }
            _ => match TripWindow::stored(start, SeoulTime::from_instant(start.instant() + length.min(time::Duration::hours(6)))) {
                Some(window) => {
                    let req = OfficialRequest { kind, resource, window, purpose: "점검".into(), emergency: rng.gen_bool(0.5) };
                    store.add_official(req, now).await.map(|a| format!("official, {} cancelled", a.cancelled.len()))
                }
                None => Ok("nothing".into()),
            },
        };
        out.push(match result {
            Ok(done) => Outcome::Done(done),
            // the references differ between runs: keep how many there were
            Err(CarFailure::Refused(CarError::ResidentsBooked { references })) => {
                Outcome::Refused(CarError::ResidentsBooked { references: vec![references.len().to_string()] })
            }
            Err(CarFailure::Refused(e)) => Outcome::Refused(e),
            Err(CarFailure::Unavailable) => panic!("storage failed at step {step}"),
        });
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_random_sequence_of_writes_never_leaves_two_uses_of_one_resource_overlapping() {
    // once with the database's triggers, once without them: the store's own checks must keep the
    // schedule on their own, and the triggers must never refuse what those checks allowed
    let (guarded, guarded_store) = car_app().await;
    let (bare, bare_store) = car_app().await;
    for trigger in ["car_trips_no_overlap_insert", "car_trips_no_overlap_update", "car_official_no_overlap"] {
        sqlx::query(&format!("DROP TRIGGER {trigger}")).execute(&bare.pool).await.unwrap();
    }
    // four drivers make the whole sequence: the per-account caps (data, tested in
    // abuse_hoarding.rs) would refuse most of it, and the schedule is what is tested here
    for app in [&guarded, &bare] {
        sqlx::query("UPDATE booking_caps SET max_ahead = 100").execute(&app.pool).await.unwrap();
    }
    for seed in [1u64, 2, 3] {
        let with = random_sequence(&guarded, &guarded_store, seed, 300).await;
        let without = random_sequence(&bare, &bare_store, seed, 300).await;
        let done = with.iter().filter(|o| matches!(o, Outcome::Done(_))).count();
        let kinds: std::collections::BTreeSet<String> = with.iter().filter_map(|o| match o {
            Outcome::Done(d) => d.split_whitespace().next().map(str::to_string),
            Outcome::Refused(e) => Some(format!("{e:?}").split([' ', '{']).next().unwrap().to_string()),
        }).collect();
        eprintln!("seed {seed}: {done} of 300 writes done; outcomes seen: {kinds:?}");
        assert!(done > 60, "the sequence must do things, not only be refused");
        assert_eq!(with, without, "seed {seed}: the triggers refused something the store allowed");
        assert_eq!(overlaps(&guarded).await, 0);
        assert_eq!(overlaps(&bare).await, 0, "seed {seed}: the store's checks let an overlap through");
        for app in [&guarded, &bare] {
            for table in ["car_trips", "car_official_trips", "messages", "car_licences"] {
                sqlx::query(&format!("DELETE FROM {table}")).execute(&app.pool).await.unwrap();
            }
        }
    }
}

// over HTTP: the server functions

/// One request on its own task, so many run at once.
async fn fire(router: axum::Router, request: axum::http::Request<axum::body::Body>) -> Reply {
    use tower::ServiceExt;
    let response = router.oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// `n` residents, fast: rows written with SQL around one real password hash, then each logged in
/// through `/api/log_in` (a real session each) and its licence verified through
/// `/api/verify_licence`, all at once. Their session cookies.
async fn licensed_drivers(app: &TestApp, n: usize) -> Vec<String> {
    app.sign_up("template@example.com", "틀").await;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM accounts WHERE email = 'template@example.com'").fetch_one(&app.pool).await.unwrap();
    for i in 0..n {
        sqlx::query("INSERT INTO accounts (email, name, password_hash, resident, created_at) VALUES (?, '주민', ?, 1, '2026-11-23T10:00:00+09:00')")
            .bind(format!("driver{i}@example.com")).bind(&hash)
            .execute(&app.pool).await.unwrap();
    }
    let logins: Vec<_> = (0..n)
        .map(|i| {
            let body = format!("email=driver{i}%40example.com&password={}", enc("correct horse battery"));
            tokio::spawn(fire(app.router.clone(), post_form("/api/log_in", &body, "", "application/json")))
        })
        .collect();
    let mut cookies = Vec::with_capacity(n);
    for login in logins {
        let reply = login.await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
        cookies.push(session_cookie(&reply).unwrap());
    }
    let checks: Vec<_> = cookies
        .iter()
        .enumerate()
        .map(|(i, cookie)| {
            let body = format!("number=11-15-{i:06}-78&issued_on=2015-03-02&expires_on=2030-12-31&birth_date=1990-05-05");
            tokio::spawn(fire(app.router.clone(), post_form("/api/verify_licence", &body, cookie, "application/json")))
        })
        .collect();
    for check in checks {
        let reply = check.await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    cookies
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_residents_racing_for_five_cars_get_exactly_the_windows_that_do_not_overlap() {
    let (app, _) = car_app().await;
    let cookies = licensed_drivers(&app, 100).await;
    // on each of cars 4–8, four slots two hours apart (19:00, 21:00, 23:00, 01:00); each slot is
    // asked for by five residents with five different windows that all overlap one another, and
    // no window reaches another slot's (with the 30-minute charge): one per slot can win
    let variants = [(0, 60), (10, 70), (20, 80), (30, 90), (0, 90)];
    let base = t("2026-11-26T19:00");
    let at = |minutes: i64| domain::carshare::window::local_text(SeoulTime::from_instant(base.instant() + time::Duration::minutes(minutes)));
    let started = std::time::Instant::now();
    let tasks: Vec<_> = cookies
        .iter()
        .enumerate()
        .map(|(i, cookie)| {
            let (car, slot, variant) = (4 + i / 20, (i % 20) / 5, variants[i % 5]);
            let (start, end) = (at(slot as i64 * 120 + variant.0), at(slot as i64 * 120 + variant.1));
            let body = format!("car={car}&start={}&end={}&key=race-{i:04}", enc(&start), enc(&end));
            tokio::spawn(fire(app.router.clone(), post_form("/api/book_car", &body, cookie, "application/json")))
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
    for task in tasks {
        let reply = task.await.unwrap();
        if reply.status == 409 {
            let message = reply.json()["message"].as_str().unwrap_or_default().to_string();
            assert!(message.contains("이미 다른 예약") || message.contains("충전"), "{}", reply.body);
        }
        *statuses.entry(reply.status.as_u16()).or_default() += 1;
    }
    eprintln!("100 residents booking 5 cars answered in {:?}: {statuses:?}", started.elapsed());
    assert_eq!(statuses, [(200, 20), (409, 80)].into_iter().collect(), "one trip per slot, 80 told it is taken, no 5xx");
    assert_eq!(overlaps(&app).await, 0);
    let per_slot: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT resource, COUNT(*) FROM car_trips WHERE status = 'booked' GROUP BY resource, (starts - ?) / 7200 ORDER BY resource",
    )
    .bind(base.instant().unix_timestamp())
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(per_slot.len(), 20, "{per_slot:?}");
    assert!(per_slot.iter().all(|(_, n)| *n == 1), "{per_slot:?}");
}

#[tokio::test]
async fn hostile_arguments_to_the_car_server_functions_are_400s_in_the_residents_language_and_change_nothing() {
    let (app, store) = car_app().await;
    let (me, cookie) = driver(&app, &store, "a@example.com", 1).await;
    let trip = store.book(car(me, 4, "2026-11-24T19:00", "2026-11-24T21:00", "key-hostile-1"), test_now()).await.unwrap();
    let english = format!("{cookie}; lang=en");
    let long = "1".repeat(5000);
    let cases: Vec<(&str, String)> = vec![
        ("/api/book_car", "car=4&start=2026-11-24T19%3A00&end=2026-11-24T21%3A00".into()),
        ("/api/book_car", "car=4&start=tomorrow&end=2026-11-24T21%3A00&key=hostile-key-1".into()),
        ("/api/book_car", format!("car=4&start={}&end=2026-11-24T21%3A00&key=hostile-key-2", enc("9999-12-31T23:59:59Z"))),
        ("/api/book_car", format!("car=4&start={long}&end=2026-11-24T21%3A00&key=hostile-key-3")),
        ("/api/book_car", "car=4&start=2026-11-24T21%3A00&end=2026-11-24T19%3A00&key=hostile-key-4".into()),
        ("/api/book_car", "car=4&start=2026-11-24T19%3A00&end=2026-11-24T21%3A00&key=%27%3B+DROP+TABLE+car_trips".into()),
        ("/api/book_car", "car=4&start=2026-11-24T19%3A00&end=2026-11-24T21%3A00&key=hostile-key-5&car=5".into()),
        ("/api/cancel_car", "reference=%27+OR+1%3D1".into()),
        ("/api/cancel_car", format!("reference={long}")),
        ("/api/extend_car", format!("reference={}&end=never", trip.reference)),
        ("/api/return_car", "reference=K-2222-2222".into()),
        ("/api/verify_licence", "number=99-15-123456-78&issued_on=2015-03-02&expires_on=2030-12-31&birth_date=1990-05-05".into()),
        ("/api/verify_licence", format!("number=11-15-123456-78&issued_on={long}&expires_on=2030-12-31&birth_date=1990-05-05")),
        ("/api/verify_licence", "number=11-15-123456-78".into()),
    ];
    for (uri, body) in cases {
        let shown = &body[..body.len().min(80)];
        for (who, lang_word) in [(&cookie, None), (&english, Some("e"))] {
            let reply = app.call(uri, &body, who).await;
            assert!(reply.status == 400 || reply.status == 404, "{uri} {shown}: {} {}", reply.status, &reply.body[..reply.body.len().min(300)]);
            let message = reply.json()["message"].as_str().unwrap_or_default().to_string();
            let hangul = message.chars().any(|c| ('가'..='힣').contains(&c));
            assert_eq!(hangul, lang_word.is_none(), "{uri} {shown}: {message}");
        }
    }
    let trips: Vec<(String, i64)> = sqlx::query_as("SELECT status, ends FROM car_trips").fetch_all(&app.pool).await.unwrap();
    assert_eq!(trips.len(), 1);
    assert_eq!(trips[0].0, "booked");
    assert_eq!(store.licence_of(me).await.unwrap().unwrap().masked, "11-**-******-78");
    let licences: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM car_licences").fetch_one(&app.pool).await.unwrap();
    assert_eq!(licences, 1);
}
