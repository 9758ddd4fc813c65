//! Booking benchmark (`make bench`): the real router behind the real connection handling on a
//! loopback port, residents logged in through `/api/log_in`, bookings through `/api/book_session`.
//! Prints three figures; asserts nothing:
//!   1. durable bookings per second through HTTP (32 clients) ÷ raw SQLite durable transactions
//!      per second on the same disk (one INSERT per `BEGIN IMMEDIATE … COMMIT`, same pragmas);
//!   2. p50/p99 booking latency at 32 concurrent clients;
//!   3. the opening-time burst: 2,000 residents ask for 300 seats within one second.

use domain::SeoulTime;
use server::{db, AppState};
use sqlx::SqlitePool;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::{ms, percentile, Client};

const PASSWORD_HASH_OF: &str = "correct horse battery";

/// A kids-café session open for booking now, with `capacity` seats; its id.
async fn session(pool: &SqlitePool, resource: &str, hour: u8, capacity: u32, now: SeoulTime) -> i64 {
    // at an hour the calendar's own sessions (10:00, 12:30, 15:00) never take
    let day = now.date().plus_days(3);
    let starts = SeoulTime::at(day, hour, 0).unwrap();
    let ends = SeoulTime::at(day, hour + 2, 0).unwrap();
    let opens = SeoulTime::at(now.date().plus_days(-1), 9, 0).unwrap();
    sqlx::query("INSERT INTO seat_sessions (kind, resource, starts_at, ends_at, opens_at, capacity) VALUES ('kids_cafe', ?, ?, ?, ?, ?)")
        .bind(resource)
        .bind(starts.to_string())
        .bind(ends.to_string())
        .bind(opens.to_string())
        .bind(capacity as i64)
        .execute(pool)
        .await
        .unwrap()
        .last_insert_rowid()
}

/// `n` accounts (sharing one argon2 hash, so setting up is quick), each with `children` children;
/// the (email, child ids) of each.
async fn residents(pool: &SqlitePool, state: &AppState, n: usize, children: usize, tag: &str) -> Vec<(String, Vec<i64>)> {
    let hash = state.accounts.store.hasher.hash(PASSWORD_HASH_OF.to_string()).await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let email = format!("{tag}{i}@bench.example");
        let id = sqlx::query("INSERT INTO accounts (email, name, password_hash, resident, created_at) VALUES (?, 'Bench', ?, 1, '2026-01-01T00:00:00+09:00')")
            .bind(&email)
            .bind(&hash)
            .execute(&mut *tx)
            .await
            .unwrap()
            .last_insert_rowid();
        let mut kids = Vec::with_capacity(children);
        for _ in 0..children {
            kids.push(
                sqlx::query("INSERT INTO children (guardian_id, name, birth_date, created_at) VALUES (?, 'Kid', '2023-01-01', '2026-01-01T00:00:00+09:00')")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .unwrap()
                    .last_insert_rowid(),
            );
        }
        out.push((email, kids));
    }
    tx.commit().await.unwrap();
    out
}

/// Logs each resident in on its own connection (argon2 runs two at a time, as in production).
async fn log_in_all(addr: SocketAddr, residents: &[(String, Vec<i64>)]) -> Vec<(Client, String)> {
    // a few at a time: 2,000 hashes queued at once would outlast the 10 s request timeout
    let gate = Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = Vec::new();
    for (email, _) in residents {
        let email = email.clone();
        let gate = gate.clone();
        tasks.push(tokio::spawn(async move {
            let _turn = gate.acquire().await.expect("open gate");
            common::log_in(addr, &email, PASSWORD_HASH_OF).await
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

async fn raw_durable_tps(dir: &std::path::Path) -> f64 {
    let pool = db::connect(&format!("sqlite://{}/raw.db", dir.display())).await.unwrap();
    sqlx::query("CREATE TABLE raw (id INTEGER PRIMARY KEY, v TEXT NOT NULL)").execute(&pool).await.unwrap();
    let started = Instant::now();
    let mut n = 0u32;
    while started.elapsed() < Duration::from_secs(3) {
        let mut tx = db::begin_write(&pool).await.unwrap();
        sqlx::query("INSERT INTO raw (v) VALUES ('booking')").execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
        n += 1;
    }
    n as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    // 2,000 residents' connections and the server's ends of them, in one process
    server::serve::raise_open_file_limit();
    let dir = tempfile::tempdir().unwrap();
    let (pool, state, addr, now) = common::serve_app(dir.path()).await;

    let raw = raw_durable_tps(dir.path()).await;
    println!("raw SQLite durable transactions (WAL, synchronous=FULL, one INSERT each): {raw:.0}/s");

    // 1 and 2: 32 residents with 100 children each book one big session, child after child
    let big = session(&pool, "junggok", 7, 1_000_000, now).await;
    let people = residents(&pool, &state, 32, 100, "steady").await;
    let clients = log_in_all(addr, &people).await;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for ((mut client, cookie), (_, kids)) in clients.into_iter().zip(people) {
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for (i, kid) in kids.iter().enumerate() {
                let body = format!("session={big}&child={kid}&key=steady-{kid}-{i:04}");
                let t = Instant::now();
                let status = client.post_form("/api/book_session", &body, &cookie).await.status;
                assert_eq!(status, 200, "a booking with seats to spare");
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    let per_second = times.len() as f64 / elapsed;
    println!("bookings through HTTP, 32 clients: {} in {elapsed:.2} s = {per_second:.0}/s; ratio to raw durable transactions = {:.2}", times.len(), per_second / raw);
    println!("booking latency at 32 concurrent clients: p50 {:.1} ms, p99 {:.1} ms", ms(percentile(&times, 0.5)), ms(percentile(&times, 0.99)));

    // 3: 2,000 residents, 300 seats, all asking within one second of the opening
    let burst = session(&pool, "jayang", 19, 300, now).await;
    let people = residents(&pool, &state, 2000, 1, "burst").await;
    let login_started = Instant::now();
    let clients = log_in_all(addr, &people).await;
    println!("(2,000 residents logged in, for the burst, in {:.1} s)", login_started.elapsed().as_secs_f64());
    let opening = Instant::now() + Duration::from_millis(200);
    let mut tasks = Vec::new();
    for (i, ((mut client, cookie), (_, kids))) in clients.into_iter().zip(people).enumerate() {
        let at = opening + Duration::from_micros(i as u64 * 500); // spread over one second
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(at.into()).await;
            let body = format!("session={burst}&child={}&key=burst-{i:05}", kids[0]);
            let t = Instant::now();
            let status = client.post_form("/api/book_session", &body, &cookie).await.status;
            (status, t.elapsed())
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let booked = answers.iter().filter(|(s, _)| *s == 200).count();
    let full = answers.iter().filter(|(s, _)| *s == 409).count();
    let errors = answers.iter().filter(|(s, _)| *s >= 500).count();
    let mut latencies: Vec<Duration> = answers.iter().map(|(_, t)| *t).collect();
    latencies.sort();
    let in_db: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE session_id = ? AND status = 'booked'").bind(burst).fetch_one(&pool).await.unwrap();
    println!(
        "opening burst: 2,000 residents for 300 seats within 1 s: {booked} booked ({in_db} in the database), {full} told full, {errors} 5xx; answer p50 {:.0} ms, p99 {:.0} ms, slowest {:.0} ms",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap())
    );
}

