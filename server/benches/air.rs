//! Air-quality benchmark (`make bench`): the real router behind the real connection handling on a
//! loopback port. Prints; asserts nothing.
//!   1. readings accepted per second through the signed HTTP API: batches of 100 readings (each a
//!      moment with all 20 measures), 16 connections, every batch durable before its answer;
//!   2. p50/p99 of a 7-day hourly history query (`/api/v1/air/sensors/{id}/readings`);
//!   3. 1,000 open event streams: how soon each sees a new reading, and the memory they take.

use domain::air::signing::{DeviceSecret, DEVICE_HEADER, SEQUENCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use domain::air::Measure;
use domain::calendar::FixedClock;
use domain::{IsoDate, SeoulTime};
use server::{app, db, AppState, Settings};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod common;
use common::{find, ms, percentile, rss_kib, Client};

const PATH: &str = "/api/v1/air/readings";
const CONNECTIONS: usize = 16;
const BATCH: usize = 100;
const INGEST_FOR: Duration = Duration::from_secs(10);
/// Readings in the bench are 5 minutes apart, so 10 s of ingestion covers more than 7 days.
const STEP_SECS: i64 = 300;

/// The sensor's Ed25519 key (what every device is issued now).
fn key_of(sensor: &str) -> DeviceSecret {
    let mut bytes = [0u8; 32];
    for (i, b) in sensor.bytes().enumerate() {
        bytes[i] = b;
    }
    bytes[31] = 0xa1;
    DeviceSecret::from_seed(bytes)
}

/// A plausible, never-repeating value of `measure` for the `n`th reading.
fn value(measure: Measure, n: i64) -> f64 {
    let (low, high) = measure.physical_range();
    let wiggle = ((n * 7919 + measure.index() as i64 * 104_729) % 1000) as f64 / 1000.0;
    let (low, high) = (low.max(0.0), high.min(low.max(0.0) + 100.0));
    low + (high - low) * (0.1 + 0.5 * wiggle) + n as f64 * 1e-6
}

fn batch_body(first: i64, count: usize) -> String {
    let mut body = String::with_capacity(count * 600);
    body.push_str(r#"{"readings":["#);
    for j in 0..count as i64 {
        let n = first + j;
        if j > 0 {
            body.push(',');
        }
        let at = SeoulTime::from_instant(time::OffsetDateTime::from_unix_timestamp(n * STEP_SECS).unwrap());
        body.push_str(&format!(r#"{{"at":"{at}","values":{{"#));
        for (i, m) in Measure::ALL.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&format!(r#""{}":{:.6}"#, m.slug(), value(*m, n)));
        }
        body.push_str("}}");
    }
    body.push_str("]}");
    body
}

async fn post_batch(client: &mut Client, sensor: &str, sequence: u64, now: i64, body: &str) -> u16 {
    let signature = key_of(sensor).sign("POST", PATH, now, sequence, body.as_bytes());
    let head = format!(
        "POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{DEVICE_HEADER}: {sensor}\r\n\
         {TIMESTAMP_HEADER}: {now}\r\n{SEQUENCE_HEADER}: {sequence}\r\n{SIGNATURE_HEADER}: {signature}"
    );
    client.send(&head, body.as_bytes()).await.status
}

#[tokio::main]
async fn main() {
    server::serve::raise_open_file_limit();
    let dir = tempfile::tempdir().unwrap();
    let pool = db::connect(&format!("sqlite://{}/bench.db", dir.path().display())).await.unwrap();
    let now = SeoulTime::at(IsoDate::parse("2026-11-23").unwrap(), 10, 0).unwrap();
    let now_unix = now.instant().unix_timestamp();
    let state = AppState::load(pool.clone(), Settings::for_tests(), Arc::new(FixedClock(now))).await.unwrap();
    let sensors: Vec<String> = sqlx::query_scalar("SELECT id FROM air_sensors ORDER BY id").fetch_all(&pool).await.unwrap();
    for sensor in &sensors {
        sqlx::query("INSERT INTO air_keys (sensor, signing_key, scheme, issued_at) VALUES (?, ?, 'ed25519', ?)")
            .bind(sensor)
            .bind(key_of(sensor).public_key().bytes().to_vec())
            .bind(now_unix)
            .execute(&pool)
            .await
            .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::serve::serve(listener, app(state.clone()), Default::default(), std::future::pending()));
    println!("{} sensors registered", sensors.len());

    // 1: 16 connections, each sending for its share of the sensors, batch after batch
    let first_moment = (now_unix - 30 * 86_400) / STEP_SECS; // readings start 30 days ago
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let mine: Vec<String> = sensors.iter().skip(c).step_by(CONNECTIONS).cloned().collect();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            let (mut accepted, mut refused, mut times) = (0usize, 0usize, Vec::new());
            let mut batch_no = 0i64;
            while started.elapsed() < INGEST_FOR {
                for sensor in &mine {
                    let body = batch_body(first_moment + batch_no * BATCH as i64, BATCH);
                    let t = Instant::now();
                    let status = post_batch(&mut client, sensor, batch_no as u64 + 1, now_unix, &body).await;
                    times.push(t.elapsed());
                    if (200..300).contains(&status) { accepted += BATCH } else { refused += 1 }
                }
                batch_no += 1;
            }
            (accepted, refused, times, batch_no)
        }));
    }
    let (mut accepted, mut refused, mut times, mut batches_per_sensor) = (0, 0, Vec::new(), 0);
    for t in tasks {
        let (a, r, ts, b) = t.await.unwrap();
        accepted += a;
        refused += r;
        times.extend(ts);
        batches_per_sensor = batches_per_sensor.max(b);
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM air_readings").fetch_one(&pool).await.unwrap();
    println!(
        "ingestion, {CONNECTIONS} connections, batches of {BATCH}: {accepted} readings accepted in {elapsed:.1} s = {:.0} readings/s ({stored} rows stored, {refused} batches refused); batch p50 {:.1} ms, p99 {:.1} ms",
        accepted as f64 / elapsed,
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
    );

    // 2: a week of one sensor's hourly PM10, asked for 1,000 times over one connection
    let from = SeoulTime::from_instant(time::OffsetDateTime::from_unix_timestamp(first_moment * STEP_SECS).unwrap());
    let to = SeoulTime::from_instant(from.instant() + time::Duration::days(7));
    let path = format!(
        "/api/v1/air/sensors/{}/readings?measure=pm10&resolution=hour&from={}&to={}",
        sensors[0],
        domain::courses::form_encode(&from.to_string()),
        domain::courses::form_encode(&to.to_string())
    );
    let mut client = Client::connect(addr).await;
    let probe = client.get(&path).await;
    let rows = probe.body.windows(4).filter(|w| w == b"\"at\"").count();
    let mut times = Vec::new();
    for _ in 0..1000 {
        let t = Instant::now();
        let answer = client.get(&path).await;
        times.push(t.elapsed());
        assert_eq!(answer.status, 200, "the history query");
    }
    times.sort();
    println!(
        "7-day hourly history of one measure ({} points, {} bytes): p50 {:.2} ms, p99 {:.2} ms",
        rows,
        probe.body.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99))
    );

    // 3: 1,000 open event streams; one new reading; when does each see it?
    let before = rss_kib();
    let mut streams = Vec::new();
    let opening = Instant::now();
    for _ in 0..1000 {
        // one after another, each until its answer starts, as pages opening over a few seconds
        // would (a thousand connects within a millisecond would only measure the accept backlog)
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(b"GET /api/v1/air/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").await.unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).await.unwrap();
        assert_eq!(&head, b"HTTP/1.1 200", "the stream opens");
        streams.push(stream);
    }
    println!("1,000 event streams opened one after another in {:.1} s", opening.elapsed().as_secs_f64());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let with_clients = rss_kib();
    let watched = sensors[6].clone();
    let (go, _) = tokio::sync::broadcast::channel::<Instant>(1);
    let mut waiting = Vec::new();
    for mut stream in streams {
        let mut go = go.subscribe();
        let marker = format!("\"{watched}\"").into_bytes();
        waiting.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            let mut chunk = [0u8; 16384];
            let mut opened = true;
            // what arrived before the reading (the head, a first snapshot) does not count
            let sent = loop {
                tokio::select! {
                    at = go.recv() => break at.unwrap(),
                    n = stream.read(&mut chunk) => match n {
                        Ok(n) if n > 0 => opened |= chunk[..n].starts_with(b"HTTP/1.1 200"),
                        _ => return Err("closed before the reading"),
                    },
                }
            };
            loop {
                match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk)).await {
                    Ok(Ok(n)) if n > 0 => {
                        opened |= chunk[..n].starts_with(b"HTTP/1.1 200");
                        seen.extend_from_slice(&chunk[..n]);
                        if find(&seen, &marker).is_some() {
                            return Ok(sent.elapsed());
                        }
                    }
                    Ok(_) => return Err("closed after the reading"),
                    Err(_) if opened => return Err("open, nothing in 10 s"),
                    Err(_) => return Err("never answered"),
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut client = Client::connect(addr).await;
    let body = batch_body(now_unix / STEP_SECS, 1);
    let _ = go.send(Instant::now());
    let status = post_batch(&mut client, &watched, batches_per_sensor as u64 + 10, now_unix, &body).await;
    let mut delays = Vec::new();
    let mut missed = std::collections::BTreeMap::new();
    for w in waiting {
        match w.await.unwrap() {
            Ok(d) => delays.push(d),
            Err(why) => *missed.entry(why).or_insert(0) += 1,
        }
    }
    if !missed.is_empty() {
        println!("streams that did not see it: {missed:?}");
    }
    delays.sort();
    let within = delays.iter().filter(|d| **d <= Duration::from_secs(2)).count();
    match (delays.first(), delays.last()) {
        (Some(_), Some(slowest)) => println!(
            "1,000 event streams, one new reading (answered {status}): {within} saw it within 2 s, {} in all; p50 {:.0} ms, p99 {:.0} ms, slowest {:.0} ms",
            delays.len(),
            ms(percentile(&delays, 0.5)),
            ms(percentile(&delays, 0.99)),
            ms(*slowest)
        ),
        _ => println!("1,000 event streams, one new reading (answered {status}): none saw it"),
    }
    println!(
        "memory (this process: the server and the 1,000 clients' ends): {} MiB before the streams, {} MiB with them (+{} KiB per stream, both ends)",
        before / 1024,
        with_clients / 1024,
        with_clients.saturating_sub(before) / 1000
    );
}
