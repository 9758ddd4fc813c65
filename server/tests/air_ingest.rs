//! Signed sensor readings through the real router (`POST /api/v1/air/readings`): what is stored
//! and aggregated, and every refusal storing nothing.

mod helpers;
use axum::body::Body;
use axum::http::Request;
use domain::air::signing::{DeviceKey, DeviceSecret};
use domain::air::{Measure, SensorId};
use helpers::{test_now, Reply, TestApp};
use server::air::{registry, retention, simulate};
use sqlx::Row;

const PATH: &str = "/api/v1/air/readings";

fn now_unix() -> i64 {
    test_now().instant().unix_timestamp()
}

fn id(text: &str) -> SensorId {
    SensorId::parse(text).unwrap()
}

/// Seoul time `HH:MM` on the test day, as Unix seconds.
fn at(hour: u8, minute: u8) -> i64 {
    domain::SeoulTime::at(test_now().date(), hour, minute).unwrap().instant().unix_timestamp()
}

fn rfc3339(unix: i64) -> String {
    domain::SeoulTime::from_instant(time::OffsetDateTime::from_unix_timestamp(unix).unwrap()).to_string()
}

/// A batch body from (moment, values).
fn body(readings: &[(i64, Vec<(&str, f64)>)]) -> Vec<u8> {
    let readings: Vec<serde_json::Value> = readings
        .iter()
        .map(|(at, values)| {
            let values: serde_json::Map<String, serde_json::Value> = values.iter().map(|(k, v)| (k.to_string(), (*v).into())).collect();
            serde_json::json!({ "at": rfc3339(*at), "values": values })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "readings": readings })).unwrap()
}

/// `count` readings a minute apart from `start`, with the simulator's values for demo sensor 0.
fn simulated(start: i64, count: i64) -> Vec<u8> {
    let times: Vec<i64> = (0..count).map(|i| start + i * 60).collect();
    simulate::batch_body(0, &times)
}

fn signed(device: &str, key: &DeviceSecret, timestamp: i64, sequence: u64, body: Vec<u8>) -> Request<Body> {
    simulate::signed_request("localhost", &id(device), key, timestamp, sequence, body).unwrap()
}

async fn key_for(app: &TestApp, device: &str) -> DeviceSecret {
    registry::issue_key(&app.pool, &id(device), test_now()).await.unwrap()
}

/// What a refusal must leave unchanged.
#[derive(Debug, PartialEq)]
struct Stored {
    raw: i64,
    latest: i64,
    hourly: i64,
    daily: i64,
    hours: i64,
    last_sequence: i64,
    last_reading_at: Option<i64>,
}

async fn stored(app: &TestApp, device: &str) -> Stored {
    let count = |table: &str| format!("SELECT COUNT(*) FROM {table}");
    let one = |sql: String| async move { sqlx::query_scalar::<_, i64>(&sql).fetch_one(&app.pool).await.unwrap() };
    let (last_sequence, last_reading_at): (i64, Option<i64>) = sqlx::query_as("SELECT last_sequence, last_reading_at FROM air_sensors WHERE id = ?")
        .bind(device)
        .fetch_optional(&app.pool)
        .await
        .unwrap()
        .unwrap_or((0, None));
    Stored {
        raw: one(count("air_readings")).await,
        latest: one(count("air_latest")).await,
        hourly: one(count("air_hourly")).await,
        daily: one(count("air_daily")).await,
        hours: one(count("air_hour_counts")).await,
        last_sequence,
        last_reading_at,
    }
}

/// Sends `request`, expects the refusal's status and code, and that nothing was stored.
async fn refused(app: &TestApp, device: &str, request: Request<Body>, status: u16, code: &str) -> Reply {
    let before = stored(app, device).await;
    let reply = app.send(request).await;
    assert_eq!(reply.status, status, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["error"], code, "{}", reply.body);
    assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()) && json["message_en"].as_str().is_some_and(|m| !m.is_empty()), "{}", reply.body);
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert_eq!(reply.headers["cache-control"], "no-store");
    assert_eq!(stored(app, device).await, before, "a refused request stores nothing");
    reply
}

/// Checks that every hourly and daily aggregate equals a GROUP BY over the raw valid values.
async fn assert_aggregates_match_raw(app: &TestApp) {
    for (table, bucket) in [("air_hourly", "at - (at % 3600)"), ("air_daily", "((at + 32400) / 86400) * 86400 - 32400")] {
        for m in Measure::ALL {
            let (i, col) = (m.index(), format!("v_{}", m.slug()));
            let raw = sqlx::query(&format!(
                "SELECT sensor, {bucket} AS b, COUNT({col}) AS n, SUM({col}) AS s, MIN({col}) AS lo, MAX({col}) AS hi FROM air_readings \
                 WHERE {col} IS NOT NULL AND ((invalid | stuck) >> {i}) & 1 = 0 GROUP BY sensor, b ORDER BY sensor, b"
            ))
            .fetch_all(&app.pool)
            .await
            .unwrap();
            let agg = sqlx::query(&format!("SELECT sensor, bucket AS b, n, sum AS s, min AS lo, max AS hi FROM {table} WHERE measure = ? ORDER BY sensor, bucket"))
                .bind(i as i64)
                .fetch_all(&app.pool)
                .await
                .unwrap();
            assert_eq!(raw.len(), agg.len(), "{table} {col}: groups");
            for (r, a) in raw.iter().zip(&agg) {
                assert_eq!(r.get::<String, _>("sensor"), a.get::<String, _>("sensor"));
                assert_eq!(r.get::<i64, _>("b"), a.get::<i64, _>("b"), "{table} {col}: bucket");
                assert_eq!(r.get::<i64, _>("n"), a.get::<i64, _>("n"), "{table} {col}: n");
                assert_eq!(r.get::<f64, _>("lo"), a.get::<f64, _>("lo"), "{table} {col}: min");
                assert_eq!(r.get::<f64, _>("hi"), a.get::<f64, _>("hi"), "{table} {col}: max");
                let (rs, as_) = (r.get::<f64, _>("s"), a.get::<f64, _>("s"));
                assert!((rs - as_).abs() <= 1e-9 * rs.abs().max(1.0), "{table} {col}: sum {rs} vs {as_}");
            }
        }
    }
    let hours = sqlx::query("SELECT sensor, at - (at % 3600) AS b, COUNT(*) AS n FROM air_readings GROUP BY sensor, b ORDER BY sensor, b").fetch_all(&app.pool).await.unwrap();
    let counts = sqlx::query("SELECT sensor, bucket AS b, readings AS n FROM air_hour_counts ORDER BY sensor, bucket").fetch_all(&app.pool).await.unwrap();
    assert_eq!(hours.len(), counts.len());
    for (h, c) in hours.iter().zip(&counts) {
        assert_eq!((h.get::<i64, _>("b"), h.get::<i64, _>("n")), (c.get::<i64, _>("b"), c.get::<i64, _>("n")));
    }
}

#[tokio::test]
async fn a_signed_batch_is_stored_and_its_hourly_and_daily_aggregates_equal_the_raw_readings() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    // 100 readings from 08:20 to 09:59 (two hours, all 20 measures)
    let reply = app.send(signed("DB-001", &key, now_unix(), 1, simulated(at(8, 20), 100))).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json(), serde_json::json!({ "accepted": 100, "duplicates": 0, "invalid": 0, "stuck": 0 }));
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert_eq!(reply.headers["cache-control"], "no-store");
    assert_eq!(reply.headers["x-frame-options"], "DENY");
    assert!(reply.headers["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
    let after = stored(&app, "DB-001").await;
    assert_eq!((after.raw, after.latest, after.hours, after.last_sequence), (100, 20, 2, 1));
    assert_eq!(after.last_reading_at, Some(at(8, 20) + 99 * 60));
    assert_aggregates_match_raw(&app).await;
    let (latest_at, pm10): (i64, f64) = sqlx::query_as("SELECT at, value FROM air_latest WHERE sensor = 'DB-001' AND measure = 0").fetch_one(&app.pool).await.unwrap();
    let last = simulate::values(at(8, 20) + 99 * 60, 0);
    assert_eq!((latest_at, pm10), (at(8, 20) + 99 * 60, last[0].1));
}

#[tokio::test]
async fn readings_sent_again_are_counted_as_duplicates_and_change_nothing() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    assert_eq!(app.send(signed("DB-001", &key, now_unix(), 1, simulated(at(9, 0), 30))).await.status, 201);
    let before = stored(&app, "DB-001").await;
    let again = app.send(signed("DB-001", &key, now_unix(), 2, simulated(at(9, 20), 20))).await;
    assert_eq!(again.status, 201);
    assert_eq!(again.json(), serde_json::json!({ "accepted": 10, "duplicates": 10, "invalid": 0, "stuck": 0 }));
    let all_old = app.send(signed("DB-001", &key, now_unix(), 3, simulated(at(9, 0), 5))).await;
    assert_eq!((all_old.status.as_u16(), all_old.json()["accepted"].as_u64()), (200, Some(0)));
    assert_eq!(stored(&app, "DB-001").await.raw, before.raw + 10);
    assert_aggregates_match_raw(&app).await;
}

#[tokio::test]
async fn readings_arriving_out_of_order_aggregate_correctly_and_leave_the_newest_as_latest() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    assert_eq!(app.send(signed("DB-001", &key, now_unix(), 1, simulated(at(9, 30), 10))).await.status, 201);
    assert_eq!(app.send(signed("DB-001", &key, now_unix(), 2, simulated(at(9, 0), 10))).await.status, 201);
    assert_eq!(app.send(signed("DB-001", &key, now_unix(), 3, simulated(at(8, 55), 3))).await.status, 201);
    assert_aggregates_match_raw(&app).await;
    let latest: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT at FROM air_latest WHERE sensor = 'DB-001'").fetch_all(&app.pool).await.unwrap();
    assert_eq!(latest, vec![at(9, 39)]);
    assert_eq!(stored(&app, "DB-001").await.last_reading_at, Some(at(9, 39)));
}

#[tokio::test]
async fn an_out_of_range_value_is_kept_but_flagged_invalid_and_left_out_of_the_aggregates() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-002").await;
    let readings = vec![
        (at(9, 0), vec![("humidity", 55.0), ("pm10", 30.0)]),
        (at(9, 1), vec![("humidity", 130.0), ("pm10", 31.0)]),
        (at(9, 2), vec![("humidity", 56.0), ("pm10", -4.0)]),
    ];
    let reply = app.send(signed("DB-002", &key, now_unix(), 1, body(&readings))).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json(), serde_json::json!({ "accepted": 3, "duplicates": 0, "invalid": 2, "stuck": 0 }));
    let flags: Vec<(i64, f64)> = sqlx::query_as("SELECT invalid, v_humidity FROM air_readings WHERE sensor = 'DB-002' ORDER BY at").fetch_all(&app.pool).await.unwrap();
    let (humidity, pm10) = (1 << Measure::Humidity.index(), 1 << Measure::Pm10.index());
    assert_eq!(flags, vec![(0, 55.0), (humidity, 130.0), (pm10, 56.0)]);
    let (n, max): (i64, f64) = sqlx::query_as("SELECT n, max FROM air_hourly WHERE sensor = 'DB-002' AND measure = ?").bind(Measure::Humidity.index() as i64).fetch_one(&app.pool).await.unwrap();
    assert_eq!((n, max), (2, 56.0));
    let invalid: i64 = sqlx::query_scalar("SELECT invalid FROM air_latest WHERE sensor = 'DB-002' AND measure = ?").bind(Measure::Pm10.index() as i64).fetch_one(&app.pool).await.unwrap();
    assert_eq!(invalid, 1, "the latest PM10 is the impossible one, flagged");
    assert_aggregates_match_raw(&app).await;
}

#[tokio::test]
async fn a_value_repeated_exactly_24_times_is_flagged_stuck_from_then_on() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-042").await;
    // 20 readings, then 10 more in a second batch: PM2.5 never changes, PM10 does
    let reading = |i: i64| (at(8, 0) + i * 60, vec![("pm25", 23.0), ("pm10", 40.0 + i as f64)]);
    let first: Vec<_> = (0..20).map(reading).collect();
    let second: Vec<_> = (20..30).map(reading).collect();
    assert_eq!(app.send(signed("DB-042", &key, now_unix(), 1, body(&first))).await.json()["stuck"], 0);
    let reply = app.send(signed("DB-042", &key, now_unix(), 2, body(&second))).await;
    assert_eq!(reply.json(), serde_json::json!({ "accepted": 10, "duplicates": 0, "invalid": 0, "stuck": 7 }));
    let stuck: Vec<i64> = sqlx::query_scalar("SELECT stuck FROM air_readings WHERE sensor = 'DB-042' ORDER BY at").fetch_all(&app.pool).await.unwrap();
    let bit = 1 << Measure::Pm25.index();
    assert_eq!(stuck, (0..30).map(|i| if i >= 23 { bit } else { 0 }).collect::<Vec<_>>());
    let n: i64 = sqlx::query_scalar("SELECT SUM(n) FROM air_hourly WHERE sensor = 'DB-042' AND measure = ?").bind(Measure::Pm25.index() as i64).fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 23, "stuck values are left out of the averages");
    assert_aggregates_match_raw(&app).await;
    // a new value resets the count
    let moved = app.send(signed("DB-042", &key, now_unix(), 3, body(&[(at(8, 30), vec![("pm25", 24.0)])]))).await;
    assert_eq!(moved.json()["stuck"], 0);
}

#[tokio::test]
async fn the_simulators_broken_sensor_is_stored_with_its_impossible_humidity_flagged() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-067").await;
    let times: Vec<i64> = (0..5).map(|i| at(9, 0) + i * 60).collect();
    let reply = app.send(signed("DB-067", &key, now_unix(), 1, simulate::batch_body(simulate::BROKEN_SENSOR, &times))).await;
    assert_eq!(reply.json(), serde_json::json!({ "accepted": 5, "duplicates": 0, "invalid": 5, "stuck": 0 }));
}

#[tokio::test]
async fn a_forged_signature_is_refused_and_nothing_is_stored() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    let other_body = key.sign("POST", PATH, now_unix(), 1, b"{}");
    // made up; a signature of another body; a signature over another sequence number
    for (header, value) in [("x-dongne-signature", "ab".repeat(32)), ("x-dongne-signature", other_body), ("x-dongne-sequence", "2".into())] {
        let mut request = signed("DB-001", &key, now_unix(), 1, simulated(at(9, 0), 3));
        request.headers_mut().insert(header, value.parse().unwrap());
        refused(&app, "DB-001", request, 401, "unauthorized").await;
    }
}

#[tokio::test]
async fn a_batch_signed_with_another_key_is_refused() {
    let app = TestApp::empty().await;
    key_for(&app, "DB-001").await;
    let neighbour = key_for(&app, "DB-002").await;
    refused(&app, "DB-001", signed("DB-001", &neighbour, now_unix(), 1, simulated(at(9, 0), 3)), 401, "unauthorized").await;
    let made_up = DeviceSecret::from_seed([9; 32]);
    refused(&app, "DB-001", signed("DB-001", &made_up, now_unix(), 1, simulated(at(9, 0), 3)), 401, "unauthorized").await;
}

#[tokio::test]
async fn an_unknown_device_gets_the_same_answer_as_a_forged_one() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    let made_up = DeviceSecret::from_seed([9; 32]);
    let unknown = refused(&app, "DB-999", signed("DB-999", &made_up, now_unix(), 1, simulated(at(9, 0), 3)), 401, "unauthorized").await;
    let mut forged = signed("DB-001", &key, now_unix(), 1, simulated(at(9, 0), 3));
    forged.headers_mut().insert("x-dongne-signature", "00".repeat(64).parse().unwrap());
    let forged = refused(&app, "DB-001", forged, 401, "unauthorized").await;
    // a signature of the legacy scheme's length, for a device with an Ed25519 key: the same answer
    let mut short = signed("DB-001", &key, now_unix(), 1, simulated(at(9, 0), 3));
    short.headers_mut().insert("x-dongne-signature", "00".repeat(32).parse().unwrap());
    assert_eq!(refused(&app, "DB-001", short, 401, "unauthorized").await.body, forged.body);
    assert_eq!(unknown.body, forged.body);
    // a registered sensor that never had a key: the same again
    let keyless = refused(&app, "DB-003", signed("DB-003", &made_up, now_unix(), 1, simulated(at(9, 0), 3)), 401, "unauthorized").await;
    assert_eq!(keyless.body, forged.body);
}

#[tokio::test]
async fn a_replayed_or_lower_sequence_number_is_refused() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    assert_eq!(app.send(signed("DB-001", &key, now_unix(), 5, simulated(at(9, 0), 3))).await.status, 201);
    // the very same request again, and new readings under an old number
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 5, simulated(at(9, 0), 3)), 409, "replayed_sequence").await;
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 5, simulated(at(9, 10), 3)), 409, "replayed_sequence").await;
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 4, simulated(at(9, 10), 3)), 409, "replayed_sequence").await;
    assert_eq!(app.send(signed("DB-001", &key, now_unix(), 6, simulated(at(9, 10), 3))).await.status, 201);
}

#[tokio::test]
async fn a_timestamp_more_than_five_minutes_off_either_way_is_refused() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    refused(&app, "DB-001", signed("DB-001", &key, now_unix() - 301, 1, simulated(at(9, 0), 3)), 401, "stale_timestamp").await;
    refused(&app, "DB-001", signed("DB-001", &key, now_unix() + 301, 1, simulated(at(9, 0), 3)), 401, "stale_timestamp").await;
    assert_eq!(app.send(signed("DB-001", &key, now_unix() - 300, 1, simulated(at(9, 0), 3))).await.status, 201);
    assert_eq!(app.send(signed("DB-001", &key, now_unix() + 300, 2, simulated(at(9, 10), 3))).await.status, 201);
}

#[tokio::test]
async fn a_revoked_key_is_refused_at_once_and_a_new_key_works_at_once() {
    let app = TestApp::empty().await;
    let old = key_for(&app, "DB-001").await;
    // accepted first, so the key sits in the cache when it is revoked
    assert_eq!(app.send(signed("DB-001", &old, now_unix(), 1, simulated(at(9, 0), 3))).await.status, 201);
    assert!(registry::revoke(&app.pool, &id("DB-001"), test_now()).await.unwrap());
    refused(&app, "DB-001", signed("DB-001", &old, now_unix(), 2, simulated(at(9, 10), 3)), 401, "unauthorized").await;
    let new = key_for(&app, "DB-001").await;
    refused(&app, "DB-001", signed("DB-001", &old, now_unix(), 2, simulated(at(9, 10), 3)), 401, "unauthorized").await;
    assert_eq!(app.send(signed("DB-001", &new, now_unix(), 2, simulated(at(9, 10), 3))).await.status, 201);
    // issuing replaces: the previous key no longer signs
    let newer = key_for(&app, "DB-001").await;
    refused(&app, "DB-001", signed("DB-001", &new, now_unix(), 3, simulated(at(9, 20), 3)), 401, "unauthorized").await;
    assert_eq!(app.send(signed("DB-001", &newer, now_unix(), 3, simulated(at(9, 20), 3))).await.status, 201);
    let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM air_keys WHERE sensor = 'DB-001' AND revoked_at IS NULL").fetch_one(&app.pool).await.unwrap();
    assert_eq!(live, 1);
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_refused_with_or_without_a_declared_length() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    let big = vec![b' '; (1 << 20) + 1];
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 1, big.clone()), 413, "too_large").await;
    // streamed in chunks with no Content-Length: refused while reading
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = big.chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
    let mut request = signed("DB-001", &key, now_unix(), 1, Vec::new());
    request.headers_mut().remove("content-length");
    assert!(request.headers().get("content-length").is_none());
    *request.body_mut() = Body::from_stream(futures_util::stream::iter(chunks));
    // signed over the real body, so only the size can refuse it
    let signature = key.sign("POST", PATH, now_unix(), 1, &big);
    request.headers_mut().insert("x-dongne-signature", signature.parse().unwrap());
    refused(&app, "DB-001", request, 413, "too_large").await;
    // exactly 1 MiB of valid JSON padding is read (and then judged as a batch)
    let mut padded = simulated(at(9, 0), 3);
    padded.resize(1 << 20, b' ');
    assert_eq!(app.send(signed("DB-001", &key, now_unix(), 2, padded)).await.status, 201);
}

#[tokio::test]
async fn malformed_json_an_unknown_measure_and_an_empty_batch_are_refused() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 1, b"{\"readings\": [".to_vec()), 400, "malformed").await;
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 2, b"[1, 2, 3]".to_vec()), 400, "malformed").await;
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 3, br#"{"readings": [], "extra": 1}"#.to_vec()), 400, "malformed").await;
    let unknown = refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 4, body(&[(at(9, 0), vec![("pm10", 3.0), ("radon", 1.0)])])), 400, "bad_batch").await;
    assert!(unknown.json()["message_en"].as_str().unwrap().contains("radon"));
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 5, body(&[])), 400, "bad_batch").await;
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 6, body(&[(at(9, 0), vec![])])), 400, "bad_batch").await;
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 7, body(&[(now_unix() + 3600, vec![("pm10", 3.0)])])), 400, "bad_batch").await;
    let twice = body(&[(at(9, 0), vec![("pm10", 3.0)]), (at(9, 0), vec![("pm10", 4.0)])]);
    refused(&app, "DB-001", signed("DB-001", &key, now_unix(), 8, twice), 400, "bad_batch").await;
}

#[tokio::test]
async fn missing_or_malformed_signing_headers_are_refused() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    for (header, value) in [
        ("x-dongne-device", None),
        ("x-dongne-device", Some("db-001")),
        ("x-dongne-timestamp", None),
        ("x-dongne-timestamp", Some("-5")),
        ("x-dongne-timestamp", Some("1e9")),
        ("x-dongne-sequence", Some("0")),
        ("x-dongne-sequence", Some("99999999999999999999")),
        ("x-dongne-signature", Some("xyz")),
        ("x-dongne-signature", None),
    ] {
        let mut request = signed("DB-001", &key, now_unix(), 1, simulated(at(9, 0), 3));
        match value {
            Some(v) => request.headers_mut().insert(header, v.parse().unwrap()),
            None => request.headers_mut().remove(header),
        };
        refused(&app, "DB-001", request, 400, "bad_header").await;
    }
    let mut twice = signed("DB-001", &key, now_unix(), 1, simulated(at(9, 0), 3));
    twice.headers_mut().append("x-dongne-device", "DB-002".parse().unwrap());
    refused(&app, "DB-001", twice, 400, "bad_header").await;
}

#[tokio::test]
async fn a_device_sending_too_often_is_told_when_to_come_back() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    let mut statuses = Vec::new();
    for sequence in 1..=22u64 {
        let reply = app.send(signed("DB-001", &key, now_unix(), sequence, simulated(at(0, 0) + sequence as i64 * 60, 1))).await;
        if reply.status == 429 {
            assert_eq!(reply.json()["error"], "rate_limited");
            assert!(reply.headers.get("retry-after").is_some());
        }
        statuses.push(reply.status.as_u16());
    }
    assert!(statuses[..20].iter().all(|s| *s == 201), "{statuses:?}");
    assert!(statuses[20..].contains(&429), "{statuses:?}");
    // another device has its own allowance
    let other = key_for(&app, "DB-002").await;
    assert_eq!(app.send(signed("DB-002", &other, now_unix(), 1, simulated(at(9, 0), 1))).await.status, 201);
}

#[tokio::test]
async fn two_hundred_requests_with_one_sequence_number_at_once_store_exactly_one() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    let mut tasks = Vec::new();
    for i in 0..200i64 {
        let router = app.router.clone();
        // every body valid (all before the clock's 10:00): whichever 20 the rate lets through, the
        // sequence number alone decides
        let request = signed("DB-001", &key, now_unix(), 7, simulated(at(0, 0) + i * 60, 3));
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            router.oneshot(request).await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let accepted = statuses.iter().filter(|s| **s == 201).count();
    assert_eq!(accepted, 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| [201, 409, 429].contains(s)), "{statuses:?}");
    assert!(statuses.iter().filter(|s| **s == 409).count() >= 19, "every request within the rate reached the store: {statuses:?}");
    let after = stored(&app, "DB-001").await;
    assert_eq!((after.raw, after.last_sequence), (3, 7));
}

#[tokio::test]
async fn garbage_bodies_and_headers_never_get_a_server_error() {
    let app = TestApp::empty().await;
    let mut keys = Vec::new();
    for n in 1..=80 {
        keys.push((format!("DB-{n:03}"), key_for(&app, &format!("DB-{n:03}")).await));
    }
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let fragments: [&[u8]; 8] = [b"{\"readings\":[", b"{\"at\":\"2026-11-23T09:00:00+09:00\",", b"\"values\":{\"pm10\":", b"1e999", b"-0", b"]}", b"\"\\ud800\"", b"null"];
    for i in 0..300u64 {
        let len = (next() % 2000) as usize;
        let mut bytes: Vec<u8> = match i % 3 {
            0 => (0..len).map(|_| next() as u8).collect(),
            _ => (0..len / 20).flat_map(|_| fragments[(next() % 8) as usize].to_vec()).collect(),
        };
        if i % 7 == 0 {
            bytes.truncate(5);
        }
        // half correctly signed (the body reaches the JSON reader), half with mangled headers
        // spread over the 80 devices: each stays within its rate, so bodies reach the JSON reader
        let (device, key) = &keys[(i % 80) as usize];
        let mut request = signed(device, key, now_unix(), 1000 + i, bytes.clone());
        if i % 2 == 1 {
            let junk: Vec<u8> = (0..(next() % 80) as usize).map(|_| (next() % 94 + 33) as u8).collect();
            let header = ["x-dongne-device", "x-dongne-timestamp", "x-dongne-sequence", "x-dongne-signature", "content-length", "content-type"][(next() % 6) as usize];
            if let Ok(value) = axum::http::HeaderValue::from_bytes(&junk) {
                request.headers_mut().insert(header, value);
            }
        }
        let reply = app.send(request).await;
        assert!(reply.status.as_u16() < 500, "request {i}: {} {}", reply.status, reply.body);
        assert!(reply.status != 201 || i % 2 == 1, "garbage was stored: {}", String::from_utf8_lossy(&bytes));
    }
    for method in ["GET", "PUT", "DELETE"] {
        let reply = app.send(Request::builder().method(method).uri(PATH).header("host", "localhost").body(Body::empty()).unwrap()).await;
        assert!(reply.status.is_client_error(), "{method}: {}", reply.status);
    }
}

#[tokio::test]
async fn pruning_deletes_raw_readings_past_the_retention_and_keeps_the_aggregates() {
    let app = TestApp::empty().await;
    let key = key_for(&app, "DB-001").await;
    let old = now_unix() - 10 * 86_400;
    assert_eq!(app.send(signed("DB-001", &key, now_unix(), 1, simulated(old, 50))).await.status, 201);
    assert_eq!(app.send(signed("DB-001", &key, now_unix(), 2, simulated(at(9, 0), 10))).await.status, 201);
    let before = stored(&app, "DB-001").await;
    assert_eq!(retention::prune(&app.pool, test_now(), 5).await.unwrap(), 50);
    let after = stored(&app, "DB-001").await;
    assert_eq!((after.raw, after.hourly, after.daily), (10, before.hourly, before.daily));
    assert_eq!(retention::prune(&app.pool, test_now(), 5).await.unwrap(), 0);
}

#[tokio::test]
async fn the_demo_registry_has_80_sensors_and_a_new_one_outside_the_district_is_refused() {
    let app = TestApp::empty().await;
    let listed = registry::list(&app.pool).await.unwrap();
    assert_eq!(listed.len(), 80);
    assert_eq!(listed[0].sensor.name_en, "Dobong-ro, Ssangmun Station");
    let mut sensor = listed[0].sensor.clone();
    sensor.id = id("DB-081");
    sensor.location.lat = 37.5665; // city hall: not Dobong-gu
    assert!(matches!(registry::add_sensor(&app.pool, &sensor, test_now()).await, Err(registry::RegistryError::OutsideDistrict { .. })));
    sensor.location.lat = 37.66;
    let key = registry::add_sensor(&app.pool, &sensor, test_now()).await.unwrap();
    assert!(matches!(registry::add_sensor(&app.pool, &sensor, test_now()).await, Err(registry::RegistryError::Exists(_))));
    assert_eq!(app.send(signed("DB-081", &key, now_unix(), 1, simulated(at(9, 0), 2))).await.status, 201);
}

/// `cargo test --release -p server --test air_ingest -- --ignored --nocapture`: readings a second
/// through the router in-process (no TCP), batches of 100 readings × 20 values, 16 at a time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn throughput_of_batches_of_100_readings_over_16_concurrent_senders() {
    let app = TestApp::empty().await;
    let mut keys = Vec::new();
    for n in 1..=80 {
        let device = format!("DB-{n:03}");
        keys.push((device.clone(), key_for(&app, &device).await));
    }
    let keys = std::sync::Arc::new(keys);
    let batches_per_sender = 80u64;
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    // each sender drives 5 devices of its own in turn, so a device's sequence numbers arrive in order
    for sender in 0..16usize {
        let (router, keys) = (app.router.clone(), keys.clone());
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let mut accepted = 0;
            for b in 0..batches_per_sender {
                let index = sender * 5 + (b % 5) as usize;
                let (device, key) = &keys[index];
                let round = (b / 5) as i64;
                let times: Vec<i64> = (0..100).map(|i| now_unix() - 86_400 * 30 + round * 6_000 + i * 60).collect();
                let body = simulate::batch_body(index, &times);
                let response = router.clone().oneshot(signed(device, key, now_unix(), 1 + round as u64, body)).await.unwrap();
                assert_eq!(response.status(), 201);
                accepted += 100;
            }
            accepted
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    println!("{total} readings in {secs:.2} s = {:.0} readings/s", total as f64 / secs);
}

// Keys whose stored form cannot sign (issue 23 §3): new devices are Ed25519, legacy HMAC devices
// keep working until they are given a new key.

#[tokio::test]
async fn a_new_key_is_stored_as_its_public_half_only_and_that_cannot_sign() {
    let app = TestApp::empty().await;
    let secret = key_for(&app, "DB-001").await;
    let (scheme, stored): (String, Vec<u8>) = sqlx::query_as("SELECT scheme, signing_key FROM air_keys WHERE sensor = 'DB-001' AND revoked_at IS NULL")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(scheme, "ed25519");
    assert_eq!(stored, secret.public_key().bytes().to_vec());
    assert_ne!(hex(&stored), secret.to_hex(), "the private key is not what is stored");
    // a thief who signs with the stored bytes as a key is refused
    let thief = DeviceSecret::from_seed(<[u8; 32]>::try_from(stored.as_slice()).unwrap());
    refused(&app, "DB-001", signed("DB-001", &thief, now_unix(), 1, simulated(at(9, 0), 3)), 401, "unauthorized").await;
    assert_eq!(app.send(signed("DB-001", &secret, now_unix(), 1, simulated(at(9, 0), 3))).await.status, 201);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A request signed the legacy way (HMAC-SHA256 keyed by SHA-256 of the device's key).
fn hmac_signed(device: &str, key: &DeviceKey, timestamp: i64, sequence: u64, body: Vec<u8>) -> Request<Body> {
    let signature = key.signing_key().sign("POST", PATH, timestamp, sequence, &body);
    Request::post(PATH)
        .header("host", "localhost")
        .header("content-type", "application/json")
        .header("content-length", body.len())
        .header("x-dongne-device", device)
        .header("x-dongne-timestamp", timestamp.to_string())
        .header("x-dongne-sequence", sequence.to_string())
        .header("x-dongne-signature", signature)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn a_device_still_on_a_legacy_hmac_key_is_accepted_until_it_is_given_an_ed25519_key() {
    let app = TestApp::empty().await;
    let legacy = DeviceKey::from_bytes([4; 32]);
    // as migration 0025 leaves a key issued before it: scheme 'hmac', SHA-256 of the key stored
    sqlx::query("INSERT INTO air_keys (sensor, signing_key, issued_at) VALUES ('DB-001', ?, 0)")
        .bind(legacy.signing_key().0.to_vec())
        .execute(&app.pool)
        .await
        .unwrap();
    let listed = registry::list(&app.pool).await.unwrap();
    assert_eq!(listed[0].key_scheme.as_deref(), Some("hmac"), "`dongne sensors list` shows it as legacy");
    assert_eq!(app.send(hmac_signed("DB-001", &legacy, now_unix(), 1, simulated(at(9, 0), 3))).await.status, 201);
    // an Ed25519 signature does not pass for an HMAC device
    refused(&app, "DB-001", signed("DB-001", &DeviceSecret::from_seed([4; 32]), now_unix(), 2, simulated(at(9, 5), 3)), 401, "unauthorized").await;
    // given a new key, the HMAC key stops working at once and the new one signs
    let secret = key_for(&app, "DB-001").await;
    refused(&app, "DB-001", hmac_signed("DB-001", &legacy, now_unix(), 3, simulated(at(9, 10), 3)), 401, "unauthorized").await;
    assert_eq!(app.send(signed("DB-001", &secret, now_unix(), 4, simulated(at(9, 15), 3))).await.status, 201);
    assert_eq!(registry::list(&app.pool).await.unwrap()[0].key_scheme.as_deref(), Some("ed25519"));
}
