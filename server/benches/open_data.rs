//! Open-data benchmark (`make bench`): the whole application on a loopback port. Prints; asserts
//! nothing.
//!   1. catalogue search over the 733 datasets, in-process and through `GET /api/v1/datasets`:
//!      1,000 queries of words and one to three facet filters, every facet counted;
//!   2. records accepted per second through `POST /api/v1/services/{id}/records`: batches of 100,
//!      16 connections, each the one key of its own service, each keeping under its key's rate of
//!      100 a second (so the figure is the server's, not the limiter's), every batch durable
//!      before its answer;
//!   3. CSV downloads of 10,000, 100,000 and 300,000 rows: time, and the process's resident
//!      memory while each streams (flat: the peak does not grow with the rows).

use domain::datasets::{DataFacet, DatasetCatalog, DatasetQuery};
use domain::courses::form_encode;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod common;
use common::{ms, percentile, rss_kib, Client, Lcg};

const CONNECTIONS: usize = 16;
const SERVICES: usize = CONNECTIONS;
/// Each sender's pace: under the key's 100 a second.
const BATCHES_PER_SEC: f64 = 95.0;
const BATCH: usize = 100;
const PUSH_FOR: Duration = Duration::from_secs(10);
const SCHEMA: &str = "crossing | text | 횡단보도\nmeasured_at | text | 측정 시각\nwaiting | integer | 대기 보행자 | 명\nlat | latitude | 위도\nlon | longitude | 경도";

#[tokio::main]
async fn main() {
    server::serve::raise_open_file_limit();
    let dir = tempfile::tempdir().unwrap();
    let (pool, state, addr, now) = common::serve_app(dir.path()).await;
    search(&state, addr).await;
    let cookie = agency_account(addr, &pool, now).await;
    let services = register_services(addr, &cookie).await;
    push(addr, &services).await;
    download(addr, &cookie).await;
}

async fn search(state: &server::AppState, addr: SocketAddr) {
    let catalogue = state.datasets.index.now();
    let all = catalogue.all();
    let mut vocabulary: Vec<String> = Vec::new();
    for d in all.iter().step_by(7) {
        vocabulary.extend(d.title.split_whitespace().filter(|w| w.chars().count() >= 2 && !w.starts_with('(')).map(String::from));
    }
    let mut rng = Lcg(20261207);
    let queries: Vec<DatasetQuery> = (0..1000)
        .map(|i| {
            let mut q = DatasetQuery::default();
            if i % 4 != 3 {
                q = q.with_text(&vocabulary[rng.next(vocabulary.len())]);
            }
            for _ in 0..1 + rng.next(3) {
                let facet = DataFacet::ALL[rng.next(DataFacet::ALL.len())];
                q = q.toggled(facet, rng.next(facet.len()) as u8);
            }
            q
        })
        .collect();
    for q in queries.iter().take(50) {
        let _ = catalogue.search(q); // warm up
    }
    let (mut times, mut found) = (Vec::with_capacity(queries.len()), 0);
    for q in &queries {
        let t = Instant::now();
        found += catalogue.search(q).expect("the index answers").total;
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "catalogue search, in-process: {} queries over {} datasets (3 in 4 with words, 1–3 facet filters, all 5 facets counted): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} matches)",
        queries.len(),
        all.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap()),
        found
    );
    let mut client = Client::connect(addr).await;
    let mut times = Vec::with_capacity(queries.len());
    for q in &queries {
        let path = format!("/api/v1/datasets?{}", q.to_query_string());
        let t = Instant::now();
        let answer = client.get(&path).await;
        times.push(t.elapsed());
        assert_eq!(answer.status, 200, "{path}");
    }
    times.sort();
    println!(
        "catalogue search through GET /api/v1/datasets (one keep-alive connection, JSON answer): p50 {:.3} ms, p99 {:.3} ms",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99))
    );
}

/// Signs an account up over HTTP and grants it the district's smart-information department, as
/// `dongne agencies grant` does: its session cookie.
async fn agency_account(addr: SocketAddr, pool: &sqlx::SqlitePool, now: domain::SeoulTime) -> String {
    let email = "agency@bench.example";
    let mut client = Client::connect(addr).await;
    let body = format!("email={}&password=correct+horse+battery&name=Bench&resident=yes", form_encode(email));
    let answer = client.post_form("/api/sign_up", &body, "").await;
    assert_eq!(answer.status, 200, "sign up: {}", String::from_utf8_lossy(&answer.body));
    let cookie = answer.cookie("dongne_session=").expect("a session cookie");
    assert!(server::agencies::store::grant(pool, email, domain::datasets::Publisher::SmartInformation, now).await.unwrap());
    cookie
}

fn json(answer: &common::Answer) -> serde_json::Value {
    serde_json::from_slice(&answer.body).unwrap_or_else(|_| panic!("{} {}", answer.status, String::from_utf8_lossy(&answer.body)))
}

/// Registers the services the push uses, each with its key: (service id, its keys).
async fn register_services(addr: SocketAddr, cookie: &str) -> Vec<(u64, Vec<String>)> {
    let mut client = Client::connect(addr).await;
    let mut out = Vec::new();
    for s in 0..SERVICES {
        let body = format!(
            "name={}&description={}&contact={}&theme=traffic-safety&schema={}",
            form_encode(&format!("벤치마크 횡단보도 {s}")),
            form_encode("보행자 대기 인원"),
            form_encode("bench@agency.example.kr"),
            form_encode(SCHEMA)
        );
        let service = json(&client.post_form("/api/register_service", &body, cookie).await)["id"].as_u64().unwrap();
        let mut keys = Vec::new();
        for _ in 0..CONNECTIONS / SERVICES {
            let issued = json(&client.post_form("/api/issue_service_key", &format!("service={service}"), cookie).await);
            keys.push(issued["key"].as_str().unwrap().to_string());
        }
        out.push((service, keys));
    }
    out
}

fn batch_body(first: usize, count: usize) -> String {
    let records: Vec<serde_json::Value> = (first..first + count)
        .map(|n| {
            serde_json::json!({
                "crossing": format!("CW-{:02}", n % 97),
                "measured_at": "2026-11-23T10:00:00+09:00",
                "waiting": n % 40,
                "lat": 37.54 + (n % 100) as f64 * 1e-4,
                "lon": 127.05 + (n % 77) as f64 * 1e-4,
            })
        })
        .collect();
    serde_json::json!({ "records": records }).to_string()
}

async fn post_records(client: &mut Client, service: u64, key: &str, body: &str) -> u16 {
    let head = format!("POST /api/v1/services/{service}/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer {key}");
    client.send(&head, body.as_bytes()).await.status
}

async fn push(addr: SocketAddr, services: &[(u64, Vec<String>)]) {
    let senders: Vec<(u64, String)> = services.iter().flat_map(|(s, keys)| keys.iter().map(move |k| (*s, k.clone()))).collect();
    let started = Instant::now();
    let tasks: Vec<_> = senders
        .into_iter()
        .enumerate()
        .map(|(c, (service, key))| {
            tokio::spawn(async move {
                let mut client = Client::connect(addr).await;
                let (mut accepted, mut refused, mut times) = (0usize, 0usize, Vec::new());
                let mut n = c * 1_000_000;
                let mut sent = 0u32;
                while started.elapsed() < PUSH_FOR {
                    let due = Duration::from_secs_f64(sent as f64 / BATCHES_PER_SEC);
                    if let Some(wait) = due.checked_sub(started.elapsed()) {
                        tokio::time::sleep(wait).await;
                    }
                    sent += 1;
                    let body = batch_body(n, BATCH);
                    let t = Instant::now();
                    let status = post_records(&mut client, service, &key, &body).await;
                    times.push(t.elapsed());
                    if status == 201 {
                        accepted += BATCH;
                    } else {
                        refused += 1;
                    }
                    n += BATCH;
                }
                (accepted, refused, times)
            })
        })
        .collect();
    let (mut accepted, mut refused, mut times) = (0, 0, Vec::new());
    for task in tasks {
        let (a, r, t) = task.await.unwrap();
        accepted += a;
        refused += r;
        times.extend(t);
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    println!(
        "records through the key API: {accepted} accepted in {elapsed:.1} s = {:.0} records/s ({} batches of {BATCH}, {CONNECTIONS} connections, one key and service each, at most {BATCHES_PER_SEC} batches/s each; {refused} batches refused); batch p50 {:.1} ms, p99 {:.1} ms",
        accepted as f64 / elapsed,
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99))
    );
}

/// Fills a service's dataset to `rows` rows (pushed as records, 500 a batch) and downloads it
/// as CSV on a connection that keeps no more than a read buffer, sampling this process's memory
/// every 5 ms: (bytes, seconds, resident memory before, peak during).
async fn fill_and_download(addr: SocketAddr, cookie: &str, name: &str, rows: usize) -> (u64, f64, u64, u64) {
    let mut client = Client::connect(addr).await;
    let body = format!(
        "name={}&description={}&contact={}&theme=traffic-safety&schema={}",
        form_encode(name),
        form_encode("내려받기 시험"),
        form_encode("bench@agency.example.kr"),
        form_encode(SCHEMA)
    );
    let service = json(&client.post_form("/api/register_service", &body, cookie).await);
    let (id, dataset) = (service["id"].as_u64().unwrap(), service["dataset"].as_str().unwrap().to_string());
    let key = json(&client.post_form("/api/issue_service_key", &format!("service={id}"), cookie).await)["key"].as_str().unwrap().to_string();
    for first in (0..rows).step_by(500) {
        // within the key's rate: 100 a second
        let status = post_records(&mut client, id, &key, &batch_body(first, 500)).await;
        assert_eq!(status, 201);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let before = rss_kib();
    let (peak, sampling) = (Arc::new(AtomicU64::new(before)), Arc::new(AtomicBool::new(true)));
    let sampler = {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        tokio::spawn(async move {
            while sampling.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET /api/v1/datasets/{dataset}/rows?format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let (mut bytes, mut buf) = (0u64, vec![0u8; 16 * 1024]);
    loop {
        let n = stream.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        bytes += n as u64;
    }
    let seconds = started.elapsed().as_secs_f64();
    sampling.store(false, Ordering::Relaxed);
    sampler.await.unwrap();
    (bytes, seconds, before, peak.load(Ordering::Relaxed))
}

async fn download(addr: SocketAddr, cookie: &str) {
    for rows in [10_000, 100_000, 300_000] {
        let (bytes, seconds, before, peak) = fill_and_download(addr, cookie, &format!("내려받기 {rows}"), rows).await;
        println!(
            "CSV download of {rows} rows: {:.1} MB in {:.0} ms ({:.0} MB/s); resident memory {:.1} MB before, peak {:.1} MB while streaming (+{:.1} MB)",
            bytes as f64 / 1e6,
            seconds * 1e3,
            bytes as f64 / 1e6 / seconds,
            before as f64 / 1024.0,
            peak as f64 / 1024.0,
            peak.saturating_sub(before) as f64 / 1024.0
        );
    }
}
