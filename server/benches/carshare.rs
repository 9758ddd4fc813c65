//! Car-share benchmark (`make bench`): the real router behind the real connection handling on a
//! loopback port. Prints two figures; asserts nothing but that the answers are the expected ones:
//!   1. p50/p99 of `GET /api/v1/cars/{id}/availability` for one car over 7 days (with 40 trips
//!      booked on it), one client asking again and again;
//!   2. p50/p99 booking latency at 32 concurrent clients through `/api/book_car`, each resident
//!      booking non-overlapping half-hour trips on a car of their own.

use domain::accounts::AccountId;
use domain::carshare::schedule::check_resident;
use domain::carshare::{CarShare, Licence, LicenceForm, ResourceKind, TripRequest, TripWindow};
use domain::SeoulTime;
use std::time::{Duration, Instant};

mod common;
use common::{ms, percentile, Client};

const PASSWORD: &str = "correct horse battery";
const CLIENTS: usize = 32;
const TRIPS_EACH: usize = 40;

/// Half-hour windows an hour apart from `now` on, outside the officials' hours: the first `n`.
fn free_windows(now: SeoulTime, n: usize) -> Vec<TripWindow> {
    let rules = ResourceKind::Car.rules();
    let mut out = Vec::new();
    let mut start = rules.round_up(SeoulTime::from_instant(now.instant() + time::Duration::hours(1)));
    while out.len() < n {
        let end = SeoulTime::from_instant(start.instant() + time::Duration::minutes(30));
        if let Ok(window) = TripWindow::new(start, end, &rules, now) {
            if check_resident(&rules, window, &[]).is_ok() {
                out.push(window);
            }
        }
        start = SeoulTime::from_instant(start.instant() + time::Duration::hours(1));
    }
    out
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (pool, state, addr, now) = common::serve_app(dir.path()).await;
    let store = state.carshare.store.clone();

    // residents with verified licences, and one bench car each (ids 101–132)
    let hash = state.accounts.store.hasher.hash(PASSWORD.to_string()).await.unwrap();
    let mut accounts = Vec::new();
    for i in 0..CLIENTS {
        let id = sqlx::query("INSERT INTO accounts (email, name, password_hash, resident, created_at) VALUES (?, 'Bench', ?, 1, '2026-01-01T00:00:00+09:00')")
            .bind(format!("car{i}@bench.example"))
            .bind(&hash)
            .execute(&pool)
            .await
            .unwrap()
            .last_insert_rowid();
        let form = LicenceForm { number: format!("11-15-{i:06}-78"), issued_on: "2015-03-02".into(), expires_on: "2030-12-31".into(), birth_date: "1990-05-05".into() };
        let (licence, digits) = Licence::verify(&form, now.date()).unwrap();
        store.save_licence(AccountId(id), licence, digits, now).await.unwrap();
        sqlx::query("INSERT INTO car_resources (kind, id, name_ko, name_en, label, place_ko, place_en, range_km) VALUES ('car', ?, '벤치', 'Bench', '00무 0000', '구청', 'Office', 400)")
            .bind(101 + i as i64)
            .execute(&pool)
            .await
            .unwrap();
        accounts.push(AccountId(id));
    }
    let windows = free_windows(now, TRIPS_EACH);
    // each bench resident books 40 trips ahead: past the real cap (3, `booking_caps`), which is
    // raised here so that the count it reads in every booking's transaction is still measured
    sqlx::query("UPDATE booking_caps SET max_ahead = 100 WHERE kind = 'car'").execute(&pool).await.unwrap();

    // 1: one car's week, with a trip in each of the first 40 free half-hours
    for (i, window) in windows.iter().enumerate() {
        let key = domain::seats::IdempotencyKey::parse(&format!("bench-week-{i:04}")).unwrap();
        store.book(TripRequest { account: accounts[0], kind: ResourceKind::Car, resource: 5, window: *window, key }, now).await.unwrap();
    }
    let mut client = Client::connect(addr).await;
    let mut times = Vec::new();
    for _ in 0..2_000 {
        let t = Instant::now();
        let answer = client.get("/api/v1/cars/5/availability").await;
        assert_eq!(answer.status, 200);
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "car availability over 7 days (40 trips on the car), 2,000 requests on one connection: p50 {:.2} ms, p99 {:.2} ms",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99))
    );

    // 2: 32 residents at once, each booking 40 trips on their own car
    let mut logins = Vec::new();
    for i in 0..CLIENTS {
        logins.push(tokio::spawn(async move { common::log_in(addr, &format!("car{i}@bench.example"), PASSWORD).await }));
    }
    let mut clients = Vec::new();
    for login in logins {
        clients.push(login.await.unwrap());
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, (mut client, cookie)) in clients.into_iter().enumerate() {
        let windows = windows.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::with_capacity(windows.len());
            for (n, w) in windows.iter().enumerate() {
                let text = |t: SeoulTime| domain::courses::form_encode(&domain::carshare::window::local_text(t));
                let body = format!("car={}&start={}&end={}&key=bench-{i:02}-{n:04}", 101 + i, text(w.start()), text(w.end()));
                let t = Instant::now();
                let answer = client.post_form("/api/book_car", &body, &cookie).await;
                assert_eq!(answer.status, 200, "a free window: {}", String::from_utf8_lossy(&answer.body));
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut times: Vec<Duration> = Vec::new();
    for t in tasks {
        times.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    println!(
        "car bookings through HTTP, {CLIENTS} concurrent clients: {} in {elapsed:.2} s = {:.0}/s; latency p50 {:.1} ms, p99 {:.1} ms",
        times.len(),
        times.len() as f64 / elapsed,
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99))
    );
}
