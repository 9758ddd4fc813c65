//! What machines and public feeds can be made to do (issue 23, 4.7–4.9): slow bodies naming one
//! public sensor id (or many, from one address) cannot take every sensor's places; one address
//! cannot hold every live stream; an hourly history is capped in values; the kids-café statistics
//! read a bounded window; a new calendar link's cookie is `Secure` over https and its address is
//! the configured public one, never the request's `Host`.

mod helpers;

use axum::body::{Body, Bytes};
use axum::http::Request;
use domain::air::signing::{DEVICE_HEADER, SEQUENCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use domain::air::SensorId;
use helpers::*;
use server::air::{registry, simulate};
use server::serve::ClientAddr;
use std::net::IpAddr;
use std::time::Duration;
use tokio::sync::mpsc;
use tower::ServiceExt;

const PATH: &str = "/api/v1/air/readings";

fn now_unix() -> i64 {
    test_now().instant().unix_timestamp()
}

fn address(n: u8) -> ClientAddr {
    ClientAddr(IpAddr::from([203, 0, 113, n]))
}

/// A reading whose body never finishes arriving, naming `device` with a made-up signature.
fn stalled_reading(app: &TestApp, device: &str, from: ClientAddr) -> (tokio::task::JoinHandle<u16>, mpsc::Sender<Result<Bytes, std::io::Error>>) {
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(1);
    tx.try_send(Ok(Bytes::from_static(b"{\"readings\": ["))).unwrap();
    let mut request = Request::post(PATH)
        .header("host", "localhost")
        .header(DEVICE_HEADER, device)
        .header(TIMESTAMP_HEADER, now_unix().to_string())
        .header(SEQUENCE_HEADER, "1")
        .header(SIGNATURE_HEADER, "ab".repeat(32))
        .body(Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))))
        .unwrap();
    request.extensions_mut().insert(from);
    let router = app.router.clone();
    (tokio::spawn(async move { router.oneshot(request).await.unwrap().status().as_u16() }), tx)
}

/// Real sensors have live keys: a forger names one of them (an unknown id is refused before its body).
async fn with_keys(app: &TestApp, devices: &[&str]) {
    for device in devices {
        registry::issue_key(&app.pool, &SensorId::parse(device).unwrap(), test_now()).await.unwrap();
    }
}

async fn real_reading(app: &TestApp, device: &str, from: ClientAddr) -> Reply {
    let id = SensorId::parse(device).unwrap();
    let key = registry::issue_key(&app.pool, &id, test_now()).await.unwrap();
    let body = simulate::batch_body(0, &[now_unix() - 120]);
    let mut request = simulate::signed_request("localhost", &id, &key, now_unix(), 1, body).unwrap();
    request.extensions_mut().insert(from);
    app.send(request).await
}

#[tokio::test]
async fn sixty_four_slow_bodies_naming_one_sensor_leave_the_other_sensors_their_places() {
    let app = TestApp::empty().await;
    with_keys(&app, &["DB-001"]).await;
    // from 64 addresses, all naming DB-001 (sensor ids are public)
    let held: Vec<_> = (1..=64).map(|n| stalled_reading(&app, "DB-001", address(n))).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let reply = real_reading(&app, "DB-002", address(200)).await;
    assert_eq!(reply.status, 201, "a real sensor is still heard: {}", reply.body);
    drop(held);
}

#[tokio::test]
async fn slow_bodies_from_one_address_naming_many_sensors_leave_other_addresses_their_places() {
    let app = TestApp::empty().await;
    let named: Vec<String> = (1..=64).chain([71]).map(|n| format!("DB-{n:03}")).collect();
    with_keys(&app, &named.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let held: Vec<_> = (1..=64).map(|n| stalled_reading(&app, &format!("DB-{n:03}"), address(9))).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let reply = real_reading(&app, "DB-070", address(10)).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    // the address's own further bodies are turned away at once, with when to come back
    let (over, _tx) = stalled_reading(&app, "DB-071", address(9));
    let status = tokio::time::timeout(Duration::from_secs(2), over).await.expect("answered at once").unwrap();
    assert_eq!(status, 503);
    drop(held);
}

async fn open_stream(app: &TestApp, from: ClientAddr) -> axum::response::Response {
    let mut request = get_with("/api/v1/air/stream", &[]);
    request.extensions_mut().insert(from);
    app.router.clone().oneshot(request).await.unwrap()
}

#[tokio::test]
async fn one_address_holds_at_most_sixteen_live_streams_and_others_still_get_theirs() {
    let app = TestApp::empty().await;
    let mut open = Vec::new();
    for _ in 0..16 {
        let stream = open_stream(&app, address(5)).await;
        assert_eq!(stream.status(), 200);
        open.push(stream);
    }
    let refused = reply_of(open_stream(&app, address(5)).await).await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.headers.contains_key("retry-after"));
    assert!(refused.json()["message_ko"].is_string());
    assert_eq!(open_stream(&app, address(6)).await.status(), 200, "another address");
    // a stream closed gives its place back
    open.pop();
    assert_eq!(open_stream(&app, address(5)).await.status(), 200);
}

#[tokio::test]
async fn when_every_stream_place_is_taken_a_new_address_is_told_to_come_back() {
    let app = TestApp::empty().await;
    let places = server::air::hub::MAX_STREAMS;
    let per_address = 16;
    let mut open = Vec::with_capacity(places);
    for n in 0..places {
        let stream = open_stream(&app, address(100 + (n / per_address) as u8)).await;
        assert_eq!(stream.status(), 200, "stream {n}");
        open.push(stream);
    }
    let refused = reply_of(open_stream(&app, address(250)).await).await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert!(refused.headers.contains_key("retry-after"));
    assert!(refused.json()["message_ko"].is_string());
    open.truncate(places - 1);
    assert_eq!(open_stream(&app, address(250)).await.status(), 200, "a closed stream's place is free again");
}

#[tokio::test]
async fn a_year_of_hours_of_every_measure_is_refused_in_words_and_one_measure_is_answered() {
    let app = TestApp::empty().await;
    let year = "/api/v1/air/sensors/DB-001/readings?from=2025-11-23&to=2026-11-23&resolution=hour";
    let refused = app.get(year).await;
    assert_eq!(refused.status, 400, "{}", &refused.body[..refused.body.len().min(200)]);
    assert!(refused.json()["error"].as_str().unwrap().contains("50000"), "{}", refused.body);
    assert!(refused.json()["message_ko"].as_str().unwrap().contains("50000"));
    assert_eq!(app.get(&format!("{year}&measure=pm10")).await.status, 200);
}

#[tokio::test]
async fn the_kids_cafe_statistics_read_the_last_year_only() {
    let app = TestApp::empty().await;
    let account = sqlx::query("INSERT INTO accounts (email, name, password_hash, resident, created_at) VALUES ('old@example.com', '옛날', 'x', 1, '2024-01-01T09:00:00+09:00')")
        .execute(&app.pool).await.unwrap().last_insert_rowid();
    for (n, day) in [(1, "2024-01-06"), (2, "2026-11-21")] {
        let session = sqlx::query("INSERT INTO seat_sessions (kind, resource, starts_at, ends_at, opens_at, capacity) VALUES ('kids_cafe', 'junggok', ?, ?, ?, 10)")
            .bind(format!("{day}T10:00:00+09:00")).bind(format!("{day}T12:00:00+09:00")).bind(format!("{day}T09:00:00+09:00"))
            .execute(&app.pool).await.unwrap().last_insert_rowid();
        sqlx::query("INSERT INTO bookings (reference, session_id, account_id, holder, status, fee_krw, created_at) VALUES (?, ?, ?, ?, 'cancelled', 2000, ?)")
            .bind(format!("K-TEST-000{n}")).bind(session).bind(account).bind(format!("account:{account}")).bind(format!("{day}T08:00:00+09:00"))
            .execute(&app.pool).await.unwrap();
    }
    let stats = app.call("/api/kids_cafe_stats", "", "").await;
    assert_eq!(stats.status, 200, "{}", stats.body);
    assert!(stats.body.contains("2026-11-16"), "this year's week: {}", stats.body);
    assert!(!stats.body.contains("2024-01"), "a week of 2024 is not read: {}", stats.body);
}

#[tokio::test]
async fn a_new_calendar_link_is_on_the_public_address_and_its_cookie_is_secure_over_https() {
    let settings = server::Settings {
        session_cookie: server::accounts::CookiePolicy { secure: true },
        public_url: "https://dongne.example".into(),
        ..server::Settings::for_tests()
    };
    let app = TestApp::empty_with(settings).await;
    let body = format!("email={}&password={}&name={}&resident=yes", enc("cal@example.com"), enc("correct horse battery"), enc("달력"));
    let signed_up = app.send(post_form("/api/sign_up", &body, "", "application/json")).await;
    assert_eq!(signed_up.status, 200, "{}", signed_up.body);
    let cookie = signed_up.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).find(|c| c.starts_with("__Host-dongne_session="))
        .expect("the https session cookie").split(';').next().unwrap().to_string();
    let mut request = post_form("/api/create_calendar_link", "", &cookie, "application/json");
    request.headers_mut().insert("host", "evil.example".parse().unwrap());
    request.headers_mut().insert("origin", "http://evil.example".parse().unwrap());
    let made = app.send(request).await;
    assert_eq!(made.status, 200, "{}", made.body);
    let url = made.json().as_str().unwrap().to_string();
    assert!(url.starts_with("https://dongne.example/calendar/"), "{url}");
    let set: Vec<String> = made.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let link = set.iter().find(|c| c.starts_with("calendar_link=")).expect("the new link's cookie");
    assert!(link.contains("; Secure"), "{link}");
}
