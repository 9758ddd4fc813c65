//! What the HTTP benchmarks share: a keep-alive HTTP/1.1 client that is just enough for our own
//! answers (sized bodies), and percentiles.
#![allow(dead_code)] // each bench uses a different part

use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The whole application on a fresh database in `dir`, its clock fixed at Monday 2026-11-23 10:00
/// Seoul, served on a loopback port: the pool, the state, the address and that moment.
pub async fn serve_app(dir: &std::path::Path) -> (sqlx::SqlitePool, server::AppState, SocketAddr, domain::SeoulTime) {
    use domain::{IsoDate, SeoulTime};
    let pool = server::db::connect(&format!("sqlite://{}/bench.db", dir.display())).await.unwrap();
    let now = SeoulTime::at(IsoDate::parse("2026-11-23").unwrap(), 10, 0).unwrap();
    let clock = std::sync::Arc::new(domain::calendar::FixedClock(now));
    let state = server::AppState::load(pool.clone(), server::Settings::for_tests(), clock).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::serve::serve(listener, server::app(state.clone()), Default::default(), std::future::pending()));
    (pool, state, addr, now)
}

pub struct Client {
    stream: TcpStream,
    buf: Vec<u8>,
}

/// An answer: status, head (as sent), body.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Answer {
    /// The value of a `Set-Cookie` for `name` (`name=value`).
    pub fn cookie(&self, name: &str) -> Option<String> {
        let set_cookie = |l: &str| l.get(..11).is_some_and(|n| n.eq_ignore_ascii_case("set-cookie:")).then(|| l[11..].trim().to_string());
        self.head.lines().filter_map(set_cookie).find_map(|v| {
            let pair = v.split(';').next()?;
            pair.contains(name).then(|| pair.to_string())
        })
    }
}

/// Logs `email` in through `/api/log_in` on a connection of its own: the connection and the
/// session cookie (`dongne_session=…`).
pub async fn log_in(addr: SocketAddr, email: &str, password: &str) -> (Client, String) {
    let mut client = Client::connect(addr).await;
    let body = format!("email={}&password={}", domain::courses::form_encode(email), domain::courses::form_encode(password));
    let answer = client.post_form("/api/log_in", &body, "").await;
    assert_eq!(answer.status, 200, "log in {email}");
    let cookie = answer.cookie("dongne_session=").expect("a session cookie");
    (client, cookie)
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).ok();
        Client { stream, buf: Vec::with_capacity(8192) }
    }

    /// Sends `head` (request line and headers, without the blank line) and `body`; reads the answer.
    pub async fn send(&mut self, head: &str, body: &[u8]) -> Answer {
        let mut request = Vec::with_capacity(head.len() + body.len() + 64);
        request.extend_from_slice(head.as_bytes());
        request.extend_from_slice(format!("\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes());
        request.extend_from_slice(body);
        self.stream.write_all(&request).await.expect("write");
        self.read_answer().await
    }

    /// POSTs a form as a same-origin script asking for JSON.
    pub async fn post_form(&mut self, path: &str, body: &str, cookie: &str) -> Answer {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\nSec-Fetch-Site: same-origin\r\n\
             Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: {cookie}"
        );
        self.send(&head, body.as_bytes()).await
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        self.send(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1"), b"").await
    }

    async fn read_answer(&mut self) -> Answer {
        self.buf.clear();
        let head_end = loop {
            if let Some(i) = find(&self.buf, b"\r\n\r\n") {
                break i + 4;
            }
            self.fill().await;
        };
        let head = String::from_utf8_lossy(&self.buf[..head_end]).to_string();
        let lower = head.to_ascii_lowercase();
        let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        if lower.contains("transfer-encoding: chunked") {
            // the whole chunked body, framing left in: benches count bytes and look for words
            while find(&self.buf[head_end..], b"\r\n0\r\n\r\n").is_none() && !self.buf[head_end..].starts_with(b"0\r\n\r\n") {
                self.fill().await;
            }
            return Answer { status, head, body: self.buf[head_end..].to_vec() };
        }
        let length: usize = lower.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
        while self.buf.len() < head_end + length {
            self.fill().await;
        }
        Answer { status, head, body: self.buf[head_end..head_end + length].to_vec() }
    }

    async fn fill(&mut self) {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "the server closed the connection");
        self.buf.extend_from_slice(&chunk[..n]);
    }
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A small deterministic generator so every run asks the same questions.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The `p` quantile (0–1) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// This process's resident memory, KiB.
pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("VmRSS:").map(|v| v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0))))
        .unwrap_or(0)
}
