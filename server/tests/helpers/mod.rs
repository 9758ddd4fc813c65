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

    async fn start(seeded: bool, settings: Settings) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::connect(&format!("sqlite://{}/test.db", dir.path().display())).await.unwrap();
        if seeded {
            store::replace_with(&pool, &generate::catalogue(), &generate::district_courses()).await.unwrap();
        }
        let state = AppState::load(pool.clone(), settings, Arc::new(FixedClock(test_now()))).await.unwrap();
        TestApp { router: app(state.clone()), state, pool, _dir: dir }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
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
