//! The server over real TCP on 127.0.0.1: slow and idle clients are let go, the connection and
//! request caps answer 503 with Retry-After, an overlong address gets the portal's own 400.

mod helpers;

use axum::routing::get;
use axum::Router;
use helpers::TestApp;
use server::serve::{serve, ServeLimits};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinHandle;
use tokio::time::{sleep, timeout, Instant};

const KO: &str = "주소가 너무 깁니다. 검색어를 줄여 다시 시도해 주세요.";
const EN: &str = "The address is too long. Please shorten your search and try again.";

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn quick_limits() -> ServeLimits {
    ServeLimits { header_read_timeout: ms(500), keep_alive_idle: ms(1000), max_connections: 16, max_in_flight: 16 }
}

struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    served: JoinHandle<io::Result<()>>,
}

async fn start(router: Router, limits: ServeLimits) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let served = tokio::spawn(serve(listener, router, limits, async move {
        let _ = stopped.await;
    }));
    Running { addr, stop: Some(stop), served }
}

async fn connect(server: &Running) -> TcpStream {
    TcpStream::connect(server.addr).await.unwrap()
}

async fn send_get(client: &mut TcpStream, path: &str) {
    client.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes()).await.unwrap();
}

struct Reply {
    head: String,
    body: String,
}

impl Reply {
    fn status(&self) -> u16 {
        let code = self.head.split(' ').nth(1).and_then(|code| code.parse().ok());
        code.unwrap_or_else(|| panic!("no status in {:?}", self.head))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Reads one response; every response these tests read carries a Content-Length.
async fn read_reply(client: &mut TcpStream) -> Reply {
    timeout(Duration::from_secs(5), async {
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 8192];
        let head_len = loop {
            if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let n = client.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed before a full response head: {:?}", String::from_utf8_lossy(&bytes));
            bytes.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8(bytes[..head_len].to_vec()).unwrap();
        let reply = Reply { head, body: String::new() };
        let length: usize = reply.header("content-length").expect("a Content-Length").parse().unwrap();
        while bytes.len() < head_len + length {
            let n = client.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed inside a response body");
            bytes.extend_from_slice(&chunk[..n]);
        }
        Reply { body: String::from_utf8(bytes[head_len..head_len + length].to_vec()).unwrap(), ..reply }
    })
    .await
    .expect("a response within 5 s")
}

/// Whether the server closes the connection within `limit` (a read returning 0 or an error).
async fn closes_within(client: &mut TcpStream, limit: Duration) -> bool {
    let mut chunk = [0u8; 1024];
    timeout(limit, async {
        loop {
            match client.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test]
async fn a_client_that_sends_half_a_request_head_is_disconnected_soon() {
    let app = TestApp::empty().await;
    let server = start(app.router.clone(), quick_limits()).await;
    let mut client = connect(&server).await;
    client.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let sent = Instant::now();
    let closed = closes_within(&mut client, Duration::from_secs(2)).await;
    assert!(closed, "the half-sent request still held its connection after 2 s");
    assert!(sent.elapsed() >= ms(400), "closed before the head limit: {:?}", sent.elapsed());
}

#[tokio::test]
async fn a_head_that_arrives_in_pieces_within_the_limit_is_answered() {
    let app = TestApp::empty().await;
    let server = start(app.router.clone(), quick_limits()).await;
    let mut client = connect(&server).await;
    client.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
    sleep(ms(150)).await;
    client.write_all(b"Host: x\r\n").await.unwrap();
    sleep(ms(150)).await;
    client.write_all(b"\r\n").await.unwrap();
    let reply = read_reply(&mut client).await;
    assert_eq!(reply.status(), 200, "{}", reply.head);
}

#[tokio::test]
async fn healthz_answers_and_one_kept_alive_connection_carries_two_requests() {
    let app = TestApp::empty().await;
    let server = start(app.router.clone(), quick_limits()).await;
    let mut client = connect(&server).await;
    for _ in 0..2 {
        send_get(&mut client, "/healthz").await;
        let reply = read_reply(&mut client).await;
        assert_eq!(reply.status(), 200, "{}", reply.head);
        assert_eq!(reply.body, "ok");
        assert_ne!(reply.header("connection"), Some("close"));
    }
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_the_idle_limit_and_not_before() {
    let app = TestApp::empty().await;
    let limits = ServeLimits { header_read_timeout: ms(300), keep_alive_idle: ms(1200), ..quick_limits() };
    let server = start(app.router.clone(), limits).await;
    let mut client = connect(&server).await;
    send_get(&mut client, "/healthz").await;
    assert_eq!(read_reply(&mut client).await.status(), 200);
    // idle for longer than a head may take: the idle wait is timed on its own
    sleep(ms(600)).await;
    send_get(&mut client, "/healthz").await;
    assert_eq!(read_reply(&mut client).await.status(), 200);
    let answered = Instant::now();
    assert!(closes_within(&mut client, Duration::from_secs(4)).await, "an idle connection was still open after 4 s");
    let idle = answered.elapsed();
    assert!(idle >= ms(1000), "closed after only {idle:?} idle");
}

#[tokio::test]
async fn beyond_max_connections_a_new_connection_is_told_to_retry_later() {
    let app = TestApp::empty().await;
    let long = Duration::from_secs(10);
    let limits = ServeLimits { header_read_timeout: long, keep_alive_idle: long, max_connections: 2, ..quick_limits() };
    let server = start(app.router.clone(), limits).await;
    let held = [connect(&server).await, connect(&server).await];
    let mut third = connect(&server).await;
    let reply = read_reply(&mut third).await;
    assert_eq!(reply.status(), 503, "{}", reply.head);
    assert_eq!(reply.header("retry-after"), Some("5"));
    assert_eq!(reply.header("connection"), Some("close"));
    assert!(reply.body.contains("잠시 후 다시 시도해 주세요"), "{}", reply.body);
    assert!(reply.body.contains("try again shortly"), "{}", reply.body);
    assert!(closes_within(&mut third, Duration::from_secs(2)).await);

    // a held connection let go frees its place
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let mut client = connect(&server).await;
        send_get(&mut client, "/healthz").await;
        if read_reply(&mut client).await.status() == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "no place freed 3 s after the held connections closed");
        sleep(ms(50)).await;
    }
}

fn overlong(path: &str) -> String {
    let mut uri = format!("{path}?q=");
    while uri.len() < 70_000 {
        uri.push_str("%EA%B0%80"); // 가
    }
    uri
}

#[tokio::test]
async fn an_overlong_address_gets_the_portals_400_page_and_json_under_the_api() {
    let app = TestApp::empty().await;
    let server = start(app.router.clone(), quick_limits()).await;

    let mut client = connect(&server).await;
    send_get(&mut client, &overlong("/courses")).await;
    let page = read_reply(&mut client).await;
    assert!(page.head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{}", page.head);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(page.header("connection"), Some("close"));
    assert!(page.body.starts_with("<!DOCTYPE html><html lang=\"ko\">"), "{}", page.body);
    assert!(page.body.ends_with("</html>"), "{}", page.body);
    for part in ["<title>", "<h1>", KO, EN, "href=\"/\""] {
        assert!(page.body.contains(part), "no {part:?} in {}", page.body);
    }
    assert!(closes_within(&mut client, Duration::from_secs(2)).await);

    let mut client = connect(&server).await;
    send_get(&mut client, &overlong("/api/v1/courses")).await;
    let api = read_reply(&mut client).await;
    assert_eq!(api.status(), 400, "{}", api.head);
    assert_eq!(api.header("content-type"), Some("application/json"));
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["error"], EN);
    assert_eq!(json["message_ko"], KO);
}

#[tokio::test]
async fn too_many_headers_get_the_same_400_page_instead_of_a_bare_431() {
    let app = TestApp::empty().await;
    let server = start(app.router.clone(), quick_limits()).await;
    let mut client = connect(&server).await;
    let headers: String = (0..120).map(|i| format!("X-Filler-{i}: {i}\r\n")).collect();
    client.write_all(format!("GET /courses HTTP/1.1\r\nHost: x\r\n{headers}\r\n").as_bytes()).await.unwrap();
    let reply = read_reply(&mut client).await;
    assert_eq!(reply.status(), 400, "{}", reply.head);
    assert!(reply.body.contains(KO), "{}", reply.body);
}

/// A router whose `/wait` tells `entered` it has started, then waits for `release`.
fn waiting_router(entered: Arc<Notify>, release: Arc<Notify>) -> Router {
    let wait = move || async move {
        entered.notify_one();
        release.notified().await;
        "done"
    };
    Router::new().route("/wait", get(wait)).route("/now", get(|| async { "now" }))
}

#[tokio::test]
async fn requests_beyond_max_in_flight_are_shed_with_retry_after_not_queued() {
    let (entered, release) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
    let limits = ServeLimits { max_in_flight: 1, ..quick_limits() };
    let server = start(waiting_router(entered.clone(), release.clone()), limits).await;

    let mut first = connect(&server).await;
    send_get(&mut first, "/wait").await;
    timeout(Duration::from_secs(2), entered.notified()).await.expect("the first request reached its handler");

    let mut second = connect(&server).await;
    send_get(&mut second, "/now").await;
    let shed = read_reply(&mut second).await;
    assert_eq!(shed.status(), 503, "{}", shed.head);
    assert_eq!(shed.header("retry-after"), Some("1"));

    release.notify_one();
    assert_eq!(read_reply(&mut first).await.body, "done");
    // the place is free again, on the same kept-alive connection that was shed
    send_get(&mut second, "/now").await;
    assert_eq!(read_reply(&mut second).await.status(), 200);
}

#[tokio::test]
async fn shutting_down_stops_accepting_and_lets_the_request_in_progress_finish() {
    let (entered, release) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
    let mut server = start(waiting_router(entered.clone(), release.clone()), quick_limits()).await;
    let mut client = connect(&server).await;
    send_get(&mut client, "/wait").await;
    timeout(Duration::from_secs(2), entered.notified()).await.expect("the request reached its handler");

    server.stop.take().unwrap().send(()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(2);
    while TcpStream::connect(server.addr).await.is_ok() {
        assert!(Instant::now() < deadline, "still accepting 2 s after shutdown");
        sleep(ms(20)).await;
    }

    release.notify_one();
    let reply = read_reply(&mut client).await;
    assert_eq!(reply.body, "done");
    assert_eq!(reply.header("connection"), Some("close"));
    let served = timeout(Duration::from_secs(2), server.served).await;
    served.expect("serve returned once the request finished").unwrap().unwrap();
}

#[tokio::test]
async fn a_client_that_stops_reading_its_answer_is_let_go_after_the_idle_limit() {
    const BIG: usize = 32 << 20; // far more than the kernel's buffers on both ends hold
    let router = Router::new().route("/big", get(|| async { vec![b'x'; BIG] }));
    let server = start(router, quick_limits()).await;
    let mut client = connect(&server).await;
    // the stray byte after the head sits in hyper's read buffer, so hyper does not poll the socket
    // for reading while it writes: only the write side can notice the stall
    client.write_all(b"GET /big HTTP/1.1\r\nHost: localhost\r\n\r\nX").await.unwrap();
    sleep(ms(2500)).await; // never reading: the server's writes stall past keep_alive_idle (1 s)

    let mut received = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    let ended = timeout(Duration::from_secs(10), async {
        loop {
            match client.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received += n,
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the connection was still open after the stalled write");
    assert!(received < BIG, "the server gave up before sending everything ({received} bytes)");
}

#[test]
fn the_connection_cap_stays_below_the_open_file_limit() {
    assert_eq!(server::serve::connections_within(Some(1024), 2048, 256), 768);
    assert_eq!(server::serve::connections_within(Some(1 << 20), 2048, 256), 2048);
    assert_eq!(server::serve::connections_within(None, 2048, 256), 2048);
    assert!(server::serve::raise_open_file_limit().is_some_and(|n| n > 0));
}

