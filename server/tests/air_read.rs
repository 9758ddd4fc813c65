//! The air read side through the real router: the sensors list with grades worked out from stored
//! hourly averages, offline and flagged sensors, history as JSON and CSV equal to what is stored,
//! refusals of bad input (4xx in both languages, never 5xx), the sensor page's data, and the live
//! stream over a real socket. Rows are written with SQL, as the write path stores them.

mod helpers;

use domain::air::{AirData, Grade, Measure, SensorId};
use domain::SeoulTime;
use helpers::{enc, test_now, TestApp};
use serde_json::{json, Value};
use server::serve::{serve, ServeLimits};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{timeout, Instant};

const HOUR: i64 = 3600;

fn now() -> i64 {
    test_now().instant().unix_timestamp()
}

fn text(secs: i64) -> String {
    SeoulTime::from_instant(time::OffsetDateTime::from_unix_timestamp(secs).unwrap()).to_string()
}

fn id(s: &str) -> SensorId {
    SensorId::parse(s).unwrap()
}

/// A registered sensor (`TS-` ids: never the demo registry's), with its last reading's time.
async fn sensor(app: &TestApp, id: &str, last_reading_at: Option<i64>) {
    sqlx::query(
        "INSERT OR REPLACE INTO air_sensors (id, name_ko, name_en, lat, lon, model, installed, last_reading_at) \
         VALUES (?, ?, ?, 37.66, 127.04, 'AQ-20', '2026-03-01', ?)",
    )
    .bind(id)
    .bind(format!("시험 {id}"))
    .bind(format!("Test {id}"))
    .bind(last_reading_at)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// An hour of 60 valid readings averaging `avg`.
async fn hourly(app: &TestApp, id: &str, m: Measure, bucket: i64, avg: f64) {
    hourly_full(app, id, m, bucket, (60, avg * 60.0, avg * 0.5, avg * 1.5)).await;
}

/// An aggregate row: (n, sum, min, max) of a bucket.
type Agg = (i64, f64, f64, f64);

async fn hourly_full(app: &TestApp, id: &str, m: Measure, bucket: i64, agg: Agg) {
    aggregate(app, "air_hourly", id, m, bucket, agg).await;
}

async fn daily(app: &TestApp, id: &str, m: Measure, bucket: i64, agg: Agg) {
    aggregate(app, "air_daily", id, m, bucket, agg).await;
}

async fn aggregate(app: &TestApp, table: &str, id: &str, m: Measure, bucket: i64, (n, sum, min, max): Agg) {
    let sql = format!("INSERT OR REPLACE INTO {table} (sensor, measure, bucket, n, sum, min, max) VALUES (?, ?, ?, ?, ?, ?, ?)");
    sqlx::query(&sql)
        .bind(id)
        .bind(m.index() as i64)
        .bind(bucket)
        .bind(n)
        .bind(sum)
        .bind(min)
        .bind(max)
        .execute(&app.pool)
        .await
        .unwrap();
}

async fn hour_count(app: &TestApp, id: &str, bucket: i64, readings: i64) {
    sqlx::query("INSERT OR REPLACE INTO air_hour_counts (sensor, bucket, readings) VALUES (?, ?, ?)")
        .bind(id)
        .bind(bucket)
        .bind(readings)
        .execute(&app.pool)
        .await
        .unwrap();
}

async fn latest(app: &TestApp, id: &str, m: Measure, at: i64, value: f64, repeats: i64, invalid: bool) {
    sqlx::query("INSERT OR REPLACE INTO air_latest (sensor, measure, at, value, repeats, invalid) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(id)
        .bind(m.index() as i64)
        .bind(at)
        .bind(value)
        .bind(repeats)
        .bind(invalid as i64)
        .execute(&app.pool)
        .await
        .unwrap();
}

/// A raw reading of some measures; `invalid` and `stuck` name measures whose bit is set.
async fn reading(app: &TestApp, id: &str, at: i64, values: &[(Measure, f64)], invalid: &[Measure], stuck: &[Measure]) {
    let bits = |list: &[Measure]| list.iter().fold(0i64, |b, m| b | (1 << m.index()));
    let columns: String = values.iter().map(|(m, _)| format!(", v_{}", m.slug())).collect();
    let marks: String = values.iter().map(|_| ", ?").collect();
    let sql = format!("INSERT OR REPLACE INTO air_readings (at, sensor{columns}, invalid, stuck) VALUES (?, ?{marks}, ?, ?)");
    let mut q = sqlx::query(&sql).bind(at).bind(id);
    for (_, v) in values {
        q = q.bind(*v);
    }
    q.bind(bits(invalid)).bind(bits(stuck)).execute(&app.pool).await.unwrap();
}

fn current_hour() -> i64 {
    now() - now().rem_euclid(HOUR)
}

/// TS-001's hours, worked out by hand. PM10: eight hours at 60 then four at 80 µg/m³. C12 =
/// 66.67; each of the last four is ≥ M (70) and 80 / 66.67 = 1.2 lies in 0.9–1.7, so it counts
/// 0.75 · 80 = 60: C4 = 60, C24E = (66.67 + 60) / 2 = 63.33, cut to 63, sub-index
/// (100 − 51) / (80 − 31) · (63 − 31) + 51 = 83. Undamped it would be 73, sub-index 93. PM2.5 10
/// gives 33; NO2 0.040 ppm gives 49 / 0.029 · 0.009 + 51 = 66; O3 0.020 gives 33. The CAI is 83,
/// 보통 (moderate), decided by PM10.
async fn hand_worked_hours(app: &TestApp, id: &str) {
    let hour = current_hour();
    for k in 0..12 {
        let bucket = hour - (11 - k) * HOUR;
        hourly(app, id, Measure::Pm10, bucket, if k < 8 { 60.0 } else { 80.0 }).await;
        hourly(app, id, Measure::Pm25, bucket, 10.0).await;
    }
    hourly(app, id, Measure::No2, hour, 0.040).await;
    hourly(app, id, Measure::O3, hour, 0.020).await;
}

fn find<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("{id} not listed"))
}

#[tokio::test]
async fn the_sensors_list_grades_each_sensor_from_its_hourly_averages() {
    let app = TestApp::empty().await;
    sensor(&app, "TS-001", Some(now() - 60)).await;
    hand_worked_hours(&app, "TS-001").await;
    latest(&app, "TS-001", Measure::Pm10, now() - 60, 61.0, 1, false).await;
    latest(&app, "TS-001", Measure::Pm25, now() - 60, 9.0, 2, false).await;

    let reply = app.get("/api/v1/air/sensors").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.headers["cache-control"], "no-store");
    let body = reply.json();
    let s = find(&body["sensors"], "TS-001");
    assert_eq!(s["cai"], 83, "{s}");
    assert_eq!(s["grade"], "moderate");
    assert_eq!(s["decided_by"], "pm10");
    assert_eq!((s["pm10"].as_f64(), s["pm25"].as_f64()), (Some(61.0), Some(9.0)));
    assert_eq!((&s["offline"], &s["flagged"]), (&json!(false), &json!([])));
    assert_eq!((&s["name_ko"], &s["name_en"], &s["model"], &s["installed"]), (&json!("시험 TS-001"), &json!("Test TS-001"), &json!("AQ-20"), &json!("2026-03-01")));
    assert_eq!((s["lat"].as_f64(), s["lon"].as_f64()), (Some(37.66), Some(127.04)));
    assert_eq!(s["last_reading"], text(now() - 60));
    // the only online sensor with data: the district is its grade
    assert_eq!(body["district"], json!({ "grade": "moderate", "cai": 83, "decided_by": "pm10" }));
    assert_eq!((&body["at"], &body["simulated"]), (&json!(test_now().to_string()), &json!(false)));

    // the pages read the same through the port
    let now = app.state.air.data.now().await.unwrap();
    let c = now.sensors.iter().find(|s| s.sensor.id == id("TS-001")).unwrap().cai.clone().unwrap();
    assert_eq!((c.index, c.grade), (83, Grade::Moderate));
}

#[tokio::test]
async fn a_sensor_silent_for_more_than_15_minutes_is_offline_and_ungraded() {
    let app = TestApp::empty().await;
    for (name, last) in [("TS-001", Some(now() - 900)), ("TS-002", Some(now() - 901)), ("TS-003", None)] {
        sensor(&app, name, last).await;
        hand_worked_hours(&app, name).await;
    }
    let body = app.get("/api/v1/air/sensors").await.json();
    let (on, off, never) = (find(&body["sensors"], "TS-001"), find(&body["sensors"], "TS-002"), find(&body["sensors"], "TS-003"));
    assert_eq!((&on["offline"], &on["cai"]), (&json!(false), &json!(83)));
    assert_eq!((&off["offline"], &off["cai"], &off["grade"]), (&json!(true), &Value::Null, &Value::Null));
    assert_eq!((&never["offline"], &never["last_reading"]), (&json!(true), &Value::Null));
    // offline sensors do not count towards the district
    assert_eq!(body["district"]["cai"], 83);
}

#[tokio::test]
async fn stuck_and_implausible_latest_values_are_flagged_and_not_shown_as_dust() {
    let app = TestApp::empty().await;
    sensor(&app, "TS-004", Some(now() - 10)).await;
    latest(&app, "TS-004", Measure::Pm10, now() - 10, 40.0, 24, false).await;
    latest(&app, "TS-004", Measure::Pm25, now() - 10, 2000.0, 1, true).await;
    latest(&app, "TS-004", Measure::No2, now() - 10, 0.02, 23, false).await;
    let body = app.get("/api/v1/air/sensors").await.json();
    let s = find(&body["sensors"], "TS-004");
    assert_eq!(s["flagged"], json!(["pm10", "pm25"]));
    assert_eq!((&s["pm10"], &s["pm25"]), (&Value::Null, &Value::Null));
    // no hourly data: no grade, and no district grade
    assert_eq!((&s["cai"], &body["district"]), (&Value::Null, &Value::Null));

    let detail = app.get("/api/v1/air/sensors/TS-004").await;
    assert_eq!(detail.status, 200, "{}", detail.body);
    let factors = detail.json()["factors"].clone();
    assert_eq!(factors[0], json!({ "measure": "pm10", "value": 40.0, "unit": "µg/m³", "text": "40 µg/m³", "at": text(now() - 10), "invalid": false, "stuck": true }));
    assert_eq!((&factors[1]["invalid"], &factors[1]["stuck"]), (&json!(true), &json!(false)));
    assert_eq!((&factors[2]["measure"], &factors[2]["stuck"], &factors[2]["text"]), (&json!("no2"), &json!(false), &json!("0.020 ppm")));
}

#[tokio::test]
async fn new_readings_show_once_the_hub_is_told_and_not_a_second_later_than_that() {
    let app = TestApp::empty().await;
    sensor(&app, "TS-001", Some(now() - 60)).await;
    latest(&app, "TS-001", Measure::Pm10, now() - 60, 30.0, 1, false).await;
    assert_eq!(find(&app.get("/api/v1/air/sensors").await.json()["sensors"], "TS-001")["pm10"], 30.0);
    latest(&app, "TS-001", Measure::Pm10, now(), 44.0, 1, false).await;
    app.state.air.data.invalidate();
    assert_eq!(find(&app.get("/api/v1/air/sensors").await.json()["sensors"], "TS-001")["pm10"], 44.0);
}

#[tokio::test]
async fn raw_readings_come_back_as_stored_with_each_values_flags_in_json_and_csv() {
    let app = TestApp::empty().await;
    sensor(&app, "TS-001", Some(now())).await;
    let t0 = now() - 600;
    reading(&app, "TS-001", t0, &[(Measure::Pm10, 31.0), (Measure::No2, 0.021)], &[], &[]).await;
    reading(&app, "TS-001", t0 + 60, &[(Measure::Pm10, 2500.0), (Measure::No2, 0.022)], &[Measure::Pm10], &[]).await;
    reading(&app, "TS-001", t0 + 120, &[(Measure::Pm10, 33.5), (Measure::No2, 0.022)], &[], &[Measure::No2]).await;
    reading(&app, "TS-001", t0 + 180, &[(Measure::Pm10, 34.0)], &[], &[]).await;
    // another sensor's and out-of-range rows are not in the answer
    sensor(&app, "TS-002", Some(now())).await;
    reading(&app, "TS-002", t0 + 60, &[(Measure::Pm10, 99.0)], &[], &[]).await;
    reading(&app, "TS-001", t0 - 4000, &[(Measure::Pm10, 99.0)], &[], &[]).await;

    let range = format!("from={}&to={}", enc(&text(t0 - 60)), enc(&text(now())));
    let reply = app.get(&format!("/api/v1/air/sensors/TS-001/readings?{range}&measure=pm10,no2&resolution=raw")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["measures"], json!(["pm10", "no2"]));
    assert_eq!(body["units"], json!({ "pm10": "µg/m³", "no2": "ppm" }));
    assert_eq!((&body["truncated"], &body["next_from"]), (&json!(false), &Value::Null));
    assert_eq!(
        body["readings"],
        json!([
            { "at": text(t0), "values": { "pm10": 31.0, "no2": 0.021 }, "invalid": [], "stuck": [] },
            { "at": text(t0 + 60), "values": { "pm10": 2500.0, "no2": 0.022 }, "invalid": ["pm10"], "stuck": [] },
            { "at": text(t0 + 120), "values": { "pm10": 33.5, "no2": 0.022 }, "invalid": [], "stuck": ["no2"] },
            { "at": text(t0 + 180), "values": { "pm10": 34.0, "no2": null }, "invalid": [], "stuck": [] },
        ])
    );

    let csv = app.get(&format!("/api/v1/air/sensors/TS-001/readings?{range}&measure=pm10,no2&resolution=raw&format=csv")).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.headers["content-disposition"], "attachment; filename=\"TS-001-pm10_no2-raw.csv\"");
    let expected = format!(
        "at,pm10,pm10_flag,no2,no2_flag\r\n{},31,,0.021,\r\n{},2500,invalid,0.022,\r\n{},33.5,,0.022,stuck\r\n{},34,,,\r\n",
        text(t0),
        text(t0 + 60),
        text(t0 + 120),
        text(t0 + 180)
    );
    assert_eq!(csv.body, expected);
}

#[tokio::test]
async fn hourly_and_daily_history_are_the_stored_aggregates_with_hour_completeness() {
    let app = TestApp::empty().await;
    sensor(&app, "TS-001", Some(now())).await;
    let hour = current_hour();
    hourly_full(&app, "TS-001", Measure::Pm10, hour - 2 * HOUR, (60, 1800.0, 12.0, 48.0)).await;
    hourly_full(&app, "TS-001", Measure::Pm10, hour - HOUR, (30, 1050.5, 20.0, 50.25)).await;
    hourly_full(&app, "TS-001", Measure::O3, hour - HOUR, (45, 0.9, 0.01, 0.03)).await;
    hour_count(&app, "TS-001", hour - 2 * HOUR, 60).await;
    hour_count(&app, "TS-001", hour - HOUR, 45).await;
    // outside the range asked
    hourly_full(&app, "TS-001", Measure::Pm10, hour - 30 * HOUR, (60, 600.0, 1.0, 20.0)).await;

    let uri = format!("/api/v1/air/sensors/TS-001/readings?from={}&measure=pm10,o3", enc(&text(hour - 3 * HOUR)));
    let reply = app.get(&uri).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.headers["cache-control"], "public, max-age=60");
    let body = reply.json();
    assert_eq!(body["resolution"], "hour");
    assert_eq!(
        body["series"],
        json!([
            { "measure": "pm10", "unit": "µg/m³", "points": [
                { "at": text(hour - 2 * HOUR), "avg": 30.0, "min": 12.0, "max": 48.0, "n": 60, "completeness": 1.0 },
                { "at": text(hour - HOUR), "avg": 1050.5 / 30.0, "min": 20.0, "max": 50.25, "n": 30, "completeness": 0.75 },
            ]},
            { "measure": "o3", "unit": "ppm", "points": [
                { "at": text(hour - HOUR), "avg": 0.9 / 45.0, "min": 0.01, "max": 0.03, "n": 45, "completeness": 0.75 },
            ]},
        ])
    );
    let csv = app.get(&format!("{uri}&format=csv")).await;
    assert_eq!(csv.headers["content-disposition"], "attachment; filename=\"TS-001-pm10_o3-hour.csv\"");
    let lines: Vec<&str> = csv.body.split("\r\n").collect();
    assert_eq!(lines[0], "measure,at,avg,min,max,n,completeness");
    assert_eq!(lines[1], format!("pm10,{},30,12,48,60,1", text(hour - 2 * HOUR)));
    assert_eq!(lines[2], format!("pm10,{},{},20,50.25,30,0.75", text(hour - HOUR), 1050.5 / 30.0));
    assert_eq!(lines[3], format!("o3,{},{},0.01,0.03,45,0.75", text(hour - HOUR), 0.9 / 45.0));
    assert_eq!((lines.len(), lines[4]), (5, ""));

    // days: the Seoul day's bucket, no completeness
    let midnight = SeoulTime::at(test_now().date(), 0, 0).unwrap().instant().unix_timestamp();
    daily(&app, "TS-001", Measure::Pm25, midnight - 86_400, (1440, 28_800.0, 5.0, 40.0)).await;
    let uri = format!("/api/v1/air/sensors/TS-001/readings?from={}&measure=pm25&resolution=day", enc("2026-11-20"));
    let body = app.get(&uri).await.json();
    assert_eq!(
        body["series"],
        json!([{ "measure": "pm25", "unit": "µg/m³", "points": [{ "at": text(midnight - 86_400), "avg": 20.0, "min": 5.0, "max": 40.0, "n": 1440 }] }])
    );
}

#[tokio::test]
async fn a_long_raw_answer_stops_at_its_cap_and_says_where_to_go_on() {
    let app = TestApp::empty().await;
    sensor(&app, "TS-001", Some(now())).await;
    let cap = server::air::history::raw_row_cap(Measure::ALL.len());
    assert_eq!(cap, 10_000);
    let start = now() - 8 * 86_400;
    let mut tx = app.pool.begin().await.unwrap();
    for k in 0..(cap as i64 + 5) {
        sqlx::query("INSERT INTO air_readings (at, sensor, v_pm10) VALUES (?, 'TS-001', ?)").bind(start + k * 60).bind(k as f64).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    let uri = format!("/api/v1/air/sensors/TS-001/readings?resolution=raw&from={}", enc(&text(start)));
    let reply = app.get(&uri).await;
    let body = reply.json();
    assert_eq!(body["readings"].as_array().unwrap().len(), cap);
    assert_eq!(body["truncated"], true);
    assert_eq!(body["next_from"], text(start + cap as i64 * 60));
    assert_eq!(reply.headers["x-dongne-next-from"], text(start + cap as i64 * 60));
    // one measure: the whole range fits
    let body = app.get(&format!("{uri}&measure=pm10")).await.json();
    assert_eq!((body["readings"].as_array().unwrap().len(), &body["truncated"]), (cap + 5, &json!(false)));
}

#[tokio::test]
async fn bad_input_is_refused_with_a_4xx_in_both_languages_never_a_5xx() {
    let app = TestApp::empty().await;
    sensor(&app, "TS-001", Some(now())).await;
    let base = "/api/v1/air/sensors/TS-001/readings";
    let long = "x".repeat(5000);
    let cases: Vec<(String, u16)> = vec![
        ("/api/v1/air/sensors/TS-999/readings".into(), 404),
        ("/api/v1/air/sensors/ts-001/readings".into(), 404),
        ("/api/v1/air/sensors/TS-0001/readings".into(), 404),
        ("/api/v1/air/sensors/%00%FF/readings".into(), 404),
        (format!("/api/v1/air/sensors/{}/readings", enc("서울-001")), 404),
        ("/api/v1/air/sensors/TS-999".into(), 404),
        ("/api/v1/air/sensors/nope".into(), 404),
        (format!("{base}?from=yesterday"), 400),
        (format!("{base}?to=2026-02-30"), 400),
        (format!("{base}?from=2026-11-22&to=2026-11-21"), 400),
        (format!("{base}?from=2026-10-01&to=2026-11-02&resolution=raw"), 400),
        (format!("{base}?from=2024-01-01&to=2026-11-02"), 400),
        (format!("{base}?measure=pm2.5"), 400),
        (format!("{base}?measure={long}"), 400),
        (format!("{base}?measure=pm10&measure=no2"), 400),
        (format!("{base}?resolution=minute"), 400),
        (format!("{base}?format=xml"), 400),
        (format!("{base}?colour=red"), 400),
        (format!("{base}?{long}=1"), 400),
        ("/api/v1/air/sensors?page=2".into(), 400),
        ("/api/v1/air/sensors/TS-001?x=1".into(), 400),
        ("/api/v1/air/stream?sensor=nope".into(), 400),
        ("/api/v1/air/stream?sensor=TS-001&sensor=TS-001".into(), 400),
        ("/api/v1/air/stream?since=1".into(), 400),
        ("/api/v1/air/stream?sensor=TS-999".into(), 404),
    ];
    for (uri, status) in cases {
        let reply = app.get(&uri).await;
        let shown: String = uri.chars().take(80).collect();
        assert_eq!(reply.status.as_u16(), status, "GET {shown}: {}", reply.body);
        let body = reply.json();
        let (en, ko) = (body["error"].as_str().unwrap_or(""), body["message_ko"].as_str().unwrap_or(""));
        assert!(!en.is_empty() && !ko.is_empty() && en != ko, "GET {shown}: {body}");
        assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "GET {shown}: {ko}");
        assert!(reply.body.len() < 400, "GET {shown}: the refusal echoes too much");
    }
}

#[tokio::test]
async fn the_sensor_page_gets_its_day_in_ten_minute_buckets_of_valid_values_its_week_and_its_grades() {
    let app = TestApp::empty().await;
    sensor(&app, "TS-001", Some(now() - 60)).await;
    hand_worked_hours(&app, "TS-001").await;
    hour_count(&app, "TS-001", current_hour(), 30).await;
    hour_count(&app, "TS-001", current_hour() - HOUR, 60).await;
    // one 10-minute bucket: 20 and 40 count, the invalid 900 and the stuck NO2 do not
    let bucket = now() - 1800;
    reading(&app, "TS-001", bucket, &[(Measure::Pm10, 20.0), (Measure::No2, 0.03)], &[], &[]).await;
    reading(&app, "TS-001", bucket + 60, &[(Measure::Pm10, 900.0), (Measure::No2, 0.05)], &[Measure::Pm10], &[Measure::No2]).await;
    reading(&app, "TS-001", bucket + 120, &[(Measure::Pm10, 40.0)], &[], &[]).await;
    // older than a day: not on the chart
    reading(&app, "TS-001", now() - 25 * HOUR, &[(Measure::Pm10, 500.0)], &[], &[]).await;

    let detail = app.state.air.data.sensor(&id("TS-001")).await.unwrap().unwrap();
    let pm10 = &detail.day[0];
    assert_eq!(pm10.measure, Measure::Pm10);
    assert_eq!(pm10.points.len(), 1);
    let p = &pm10.points[0];
    assert_eq!((p.avg, p.min, p.max, p.count), (30.0, 20.0, 40.0, 2));
    assert_eq!(p.at.instant().unix_timestamp(), bucket - bucket.rem_euclid(600));
    let no2 = &detail.day[2];
    assert_eq!((no2.measure, no2.points.len(), no2.points[0].avg), (Measure::No2, 1, 0.03));
    // the week: the stored hours
    assert_eq!(detail.week.iter().map(|s| s.measure).collect::<Vec<_>>(), vec![Measure::Pm10, Measure::Pm25, Measure::No2, Measure::O3]);
    assert_eq!(detail.week[0].points.len(), 12);
    assert_eq!((detail.week[0].points[11].avg, detail.week[0].points[11].count), (80.0, 60));
    // 24 hours of grades, oldest first: the last is the hand-worked 83 at half its readings
    assert_eq!(detail.grades.len(), 24);
    let last = detail.grades.last().unwrap();
    assert_eq!((last.index, last.grade, last.completeness), (Some(83), Some(Grade::Moderate), 0.5));
    assert_eq!(last.hour.instant().unix_timestamp(), current_hour());
    assert_eq!(detail.grades[22].completeness, 1.0);
    // an hour before the gases were measured has no grade
    assert_eq!((detail.grades[0].index, detail.grades[0].completeness), (None, 0.0));
    assert!(app.state.air.data.sensor(&id("TS-999")).await.unwrap().is_none());

    let body = app.get("/api/v1/air/sensors/TS-001").await.json();
    assert_eq!(body["sensor"]["cai"], 83);
    assert_eq!(body["grades"].as_array().unwrap().len(), 24);
    assert_eq!(body["grades"][23], json!({ "hour": text(current_hour()), "cai": 83, "grade": "moderate", "completeness": 0.5 }));
}

/// The stream over a real socket, as a browser's `EventSource` reads it.
struct Stream {
    socket: TcpStream,
    seen: String,
}

impl Stream {
    async fn open(addr: std::net::SocketAddr, path: &str) -> Stream {
        let mut socket = TcpStream::connect(addr).await.unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
        socket.write_all(request.as_bytes()).await.unwrap();
        Stream { socket, seen: String::new() }
    }

    /// Reads until `needle` has arrived (after what was already consumed), within `limit`.
    async fn until(&mut self, needle: &str, limit: Duration) -> Option<String> {
        timeout(limit, async {
            let mut chunk = [0u8; 8192];
            loop {
                if let Some(at) = self.seen.find(needle) {
                    let upto = at + needle.len();
                    let consumed = self.seen[..upto].to_string();
                    self.seen.drain(..upto);
                    return consumed;
                }
                let n = self.socket.read(&mut chunk).await.unwrap();
                assert!(n > 0, "the stream closed: {}", self.seen);
                self.seen.push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        })
        .await
        .ok()
    }
}

/// The `data:` of the first `event: <name>` in `text`.
fn event_data(text: &str, name: &str) -> Value {
    let at = text.find(&format!("event: {name}\n")).unwrap_or_else(|| panic!("no {name} event in {text}"));
    let data = text[at..].lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
    serde_json::from_str(data).unwrap()
}

#[tokio::test]
async fn stored_readings_reach_an_open_stream_within_two_seconds() {
    let app = TestApp::empty().await;
    sensor(&app, "TS-001", Some(now() - 60)).await;
    sensor(&app, "TS-002", Some(now() - 60)).await;
    hand_worked_hours(&app, "TS-001").await;
    latest(&app, "TS-001", Measure::Pm10, now() - 60, 61.0, 1, false).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(serve(listener, app.router.clone(), ServeLimits::default(), async move {
        let _ = stopped.await;
    }));

    let mut one = Stream::open(addr, "/api/v1/air/stream?sensor=TS-001").await;
    let mut all = Stream::open(addr, "/api/v1/air/stream").await;
    // first the head, then the current state of what is followed, then the district
    let head = one.until("\r\n\r\n", Duration::from_secs(2)).await.expect("the head");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let lower = head.to_ascii_lowercase();
    assert!(lower.contains("content-type: text/event-stream"), "{head}");
    assert!(lower.contains("cache-control: no-store"), "{head}");
    assert!(!lower.contains("set-cookie"), "{head}");
    let first = one.until("event: district\n", Duration::from_secs(2)).await.expect("the current state");
    let now_state = event_data(&first, "sensor");
    assert_eq!(
        now_state,
        json!({ "id": "TS-001", "at": text(now() - 60), "offline": false, "grade": "moderate", "cai": 83, "decided_by": "pm10",
                "pm10": 61.0, "pm25": null, "factors": { "pm10": "61 µg/m³" }, "flagged": [], "flags": {} })
    );
    assert!(!first.contains("TS-002"), "a filtered stream names other sensors: {first}");
    let everyone = all.until("event: district\n", Duration::from_secs(2)).await.expect("the current state");
    assert!(everyone.contains("\"id\":\"TS-001\"") && everyone.contains("\"id\":\"TS-002\""), "{everyone}");
    one.until("\n\n", Duration::from_secs(1)).await;
    all.until("\n\n", Duration::from_secs(1)).await;

    // the write path stores a reading, commits, tells the hub
    let started = Instant::now();
    latest(&app, "TS-001", Measure::Pm10, now(), 99.0, 1, false).await;
    latest(&app, "TS-001", Measure::So2, now(), 0.004, 1, false).await;
    sqlx::query("UPDATE air_sensors SET last_reading_at = ? WHERE id = 'TS-001'").bind(now()).execute(&app.pool).await.unwrap();
    app.state.air.hub.readings_stored(&id("TS-001"));
    let update = one.until("event: district\n", Duration::from_secs(2)).await.expect("the update within 2 s");
    assert!(started.elapsed() < Duration::from_secs(2));
    let sensor_event = event_data(&update, "sensor");
    assert_eq!(sensor_event["pm10"], 99.0);
    assert_eq!(sensor_event["at"], text(now()));
    assert_eq!(sensor_event["factors"], json!({ "pm10": "99 µg/m³", "so2": "0.004 ppm" }));
    let rest = one.until("\n\n", Duration::from_secs(1)).await.unwrap_or_default();
    let district = event_data(&format!("event: district\n{rest}"), "district");
    assert_eq!((&district["grade"], &district["cai"], &district["online"], &district["sensors"]), (&json!("moderate"), &json!(83), &json!(2), &json!(82)), "the 80 demo sensors have not reported yet");
    // the unfiltered stream hears it too, and only about the sensor that changed
    let update = all.until("event: district\n", Duration::from_secs(2)).await.expect("the update within 2 s");
    assert!(update.contains("\"pm10\":99.0") && !update.contains("TS-002"), "{update}");

    let _ = stop.send(());
    drop((one, all));
    let _ = timeout(Duration::from_secs(15), served).await;
}

#[tokio::test]
async fn a_burst_of_readings_from_many_sensors_is_one_update_with_one_event_each() {
    let app = TestApp::empty().await;
    for k in 1..=30 {
        sensor(&app, &format!("TS-{k:03}"), Some(now())).await;
    }
    let mut receiver = app.state.air.hub.subscribe();
    for round in 0..3 {
        for k in 1..=30 {
            let _ = round;
            app.state.air.hub.readings_stored(&id(&format!("TS-{k:03}")));
        }
    }
    let mut names = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(2);
    while let Ok(Ok(event)) = tokio::time::timeout_at(deadline, receiver.recv()).await {
        names.push(event.sensor.map(|s| s.to_string()).unwrap_or_else(|| "district".into()));
        if names.last().map(String::as_str) == Some("district") {
            break;
        }
    }
    assert_eq!(names.len(), 31, "{names:?}");
    let mut sensors: Vec<&String> = names.iter().filter(|n| n.as_str() != "district").collect();
    sensors.dedup();
    assert_eq!(sensors.len(), 30);
}

#[tokio::test]
async fn the_stream_is_never_kept_and_sets_no_cookie_for_a_signed_in_resident() {
    use tower::ServiceExt;
    let app = TestApp::empty().await;
    sensor(&app, "TS-001", Some(now())).await;
    let cookie = app.sign_up("air-reader@example.com", "김하늘").await;
    let request = helpers::get_with("/api/v1/air/stream?sensor=TS-001", &[("cookie", &cookie), ("accept-encoding", "gzip, br")]);
    // the head only: the body goes on while the client listens
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(response.headers().get("set-cookie").is_none(), "{:?}", response.headers());
    assert!(response.headers().get("content-encoding").is_none(), "events must not wait in a compressor");
}
