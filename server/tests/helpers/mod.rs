//! One way to start the real application for a test: a fresh SQLite file with the demo catalogue,
//! the real search index, the real router, driven in-process.
#![allow(dead_code)] // each test binary uses a different part of the helper

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use domain::calendar::FixedClock;
use domain::SeoulTime;
use server::courses::{generate, store};
use server::{app, db, AppState, Settings};
use std::sync::Arc;
use tower::ServiceExt;

pub struct TestApp {
    pub router: axum::Router,
    pub state: AppState,
    pub pool: sqlx::SqlitePool,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", &self.body[..self.body.len().min(300)]))
    }
}

/// A response read whole.
pub async fn reply_of(response: axum::response::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// The time every test runs at unless it sets its own: a Monday morning in Seoul.
pub fn test_now() -> SeoulTime {
    SeoulTime::at(domain::IsoDate::parse("2026-11-23").unwrap(), 10, 0).unwrap()
}

impl TestApp {
    /// An empty database (migrated), for import tests.
    pub async fn empty() -> TestApp {
        TestApp::start(false, Settings::for_tests()).await
    }

    /// The full demo catalogue, as `dongne serve` has it on first start.
    pub async fn seeded() -> TestApp {
        TestApp::start(true, Settings::for_tests()).await
    }

    /// The full demo catalogue with other settings (page cache size, proxy trust).
    pub async fn seeded_with(settings: Settings) -> TestApp {
        TestApp::start(true, settings).await
    }

    /// An empty database with other settings (proxy trust, secure cookies, the public address).
    pub async fn empty_with(settings: Settings) -> TestApp {
        TestApp::start(false, settings).await
    }

    /// An empty database whose clock stands at `now`, for what changes with the time of day.
    pub async fn empty_at(now: SeoulTime) -> TestApp {
        TestApp::start_at(false, Settings::for_tests(), now).await
    }

    async fn start(seeded: bool, settings: Settings) -> TestApp {
        TestApp::start_at(seeded, settings, test_now()).await
    }

    async fn start_at(seeded: bool, settings: Settings, now: SeoulTime) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::connect(&format!("sqlite://{}/test.db", dir.path().display())).await.unwrap();
        if seeded {
            store::replace_with(&pool, &generate::catalogue(), &generate::district_courses()).await.unwrap();
        }
        let state = AppState::load(pool.clone(), settings, Arc::new(FixedClock(now))).await.unwrap();
        TestApp { router: app(state.clone()), state, pool, _dir: dir }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        reply_of(self.router.clone().oneshot(request).await.unwrap()).await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(get_with(uri, &[])).await
    }
}

/// A GET from a browser at localhost, with more headers (cookies, If-None-Match, a proxy's).
pub fn get_with(uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::get(uri).header("host", "localhost");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::empty()).unwrap()
}

/// Percent-encodes a query value.
pub fn enc(value: &str) -> String {
    domain::courses::form_encode(value)
}

/// A form POST from one of our own pages (same origin), as a browser sends it, with the cookies
/// given; `accept` says whether it is a plain form (`text/html`) or a script asking for JSON.
pub fn post_form(uri: &str, body: &str, cookie: &str, accept: &str) -> Request<Body> {
    let mut request = Request::post(uri)
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", accept)
        .header("referer", "http://localhost/log-in");
    if !cookie.is_empty() {
        request = request.header("cookie", cookie);
    }
    request.body(Body::from(body.to_string())).unwrap()
}

/// The `name=value` of the session cookie a reply sets, if any.
pub fn session_cookie(reply: &Reply) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dongne_session="))
        .map(|c| c.split(';').next().unwrap_or_default().to_string())
}

impl TestApp {
    /// Signs a new account up (it is logged in at once); its session cookie.
    pub async fn sign_up(&self, email: &str, name: &str) -> String {
        let body = format!("email={}&password={}&name={}&resident=yes", enc(email), enc("correct horse battery"), enc(name));
        let reply = self.send(post_form("/api/sign_up", &body, "", "application/json")).await;
        assert_eq!(reply.status, 200, "sign-up of {email}: {}", reply.body);
        session_cookie(&reply).expect("a session cookie after signing up")
    }

    /// Logs in with the password `sign_up` uses; the reply.
    pub async fn log_in(&self, email: &str, password: &str, cookie: &str) -> Reply {
        let body = format!("email={}&password={}", enc(email), enc(password));
        self.send(post_form("/api/log_in", &body, cookie, "application/json")).await
    }

    /// A page as the holder of `cookie` sees it.
    pub async fn get_as(&self, uri: &str, cookie: &str) -> Reply {
        self.send(get_with(uri, &[("cookie", cookie), ("accept", "text/html")])).await
    }

    /// A JSON server-function call as the holder of `cookie`.
    pub async fn call(&self, uri: &str, body: &str, cookie: &str) -> Reply {
        self.send(post_form(uri, body, cookie, "application/json")).await
    }
}

// Air readings written straight into the real tables (`migrations/0009_air.sql`), as ingestion leaves them.

/// Registers `id` (unless the demo registry already did) at a spot on Dobong-ro.
async fn air_sensor(app: &TestApp, id: &str, lat: f64) {
    sqlx::query("INSERT OR IGNORE INTO air_sensors (id, name_ko, name_en, lat, lon, model, installed) VALUES (?, ?, ?, ?, 127.036, 'AQ-20', '2026-03-01')")
        .bind(id)
        .bind(format!("시험 측정기 {id}"))
        .bind(format!("Test sensor {id}"))
        .bind(lat)
        .execute(&app.pool)
        .await
        .unwrap();
}

/// The latest value of measure number `measure` (its place in `Measure::ALL`) a minute ago, and the
/// last 12 hours' aggregates of it, so grades that need a 12-hour history can be worked out.
async fn air_reading(app: &TestApp, id: &str, measure: i64, value: f64) {
    let now = test_now().instant().unix_timestamp();
    sqlx::query("INSERT OR REPLACE INTO air_latest (sensor, measure, at, value, repeats, invalid) VALUES (?, ?, ?, ?, 1, 0)")
        .bind(id).bind(measure).bind(now - 60).bind(value)
        .execute(&app.pool).await.unwrap();
    sqlx::query("UPDATE air_sensors SET last_reading_at = ? WHERE id = ?").bind(now - 60).bind(id).execute(&app.pool).await.unwrap();
    for hour in 0..13 {
        let bucket = (now / 3600 - hour) * 3600;
        sqlx::query("INSERT OR REPLACE INTO air_hourly (sensor, measure, bucket, n, sum, min, max) VALUES (?, ?, ?, 60, ?, ?, ?)")
            .bind(id).bind(measure).bind(bucket).bind(value * 60.0).bind(value).bind(value)
            .execute(&app.pool).await.unwrap();
        sqlx::query("INSERT OR REPLACE INTO air_hour_counts (sensor, bucket, readings) VALUES (?, ?, 60)")
            .bind(id).bind(bucket)
            .execute(&app.pool).await.unwrap();
    }
}

/// A sensor with everything a grade needs: PM10, PM2.5, NO2 and O3.
pub async fn air_graded(app: &TestApp, id: &str, lat: f64, pm10: f64) {
    air_sensor(app, id, lat).await;
    air_reading(app, id, 0, pm10).await;
    air_reading(app, id, 1, pm10 * 0.4).await;
    air_reading(app, id, 3, 0.02).await;
    air_reading(app, id, 4, 0.025).await;
    // written past the ingest path: tell the read side, as ingestion's hub would
    app.state.air.data.invalidate();
}

