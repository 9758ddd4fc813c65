//! `POST /api/v1/air/readings`: signed batches from the sensors (see `domain::air::signing`).
//!
//! This route sits outside the pages' edges (no 64 KB limit, no form guard: sensors are machines
//! with keys, not browsers with cookies) and brings its own: a 1 MiB body limit enforced while
//! reading, a body time and a request time-out, a per-device rate limit, `nosniff`, `no-store`, a
//! CSP that allows nothing and `DENY` framing.
//!
//! Checks, cheapest first, and nothing is stored unless all pass:
//! 1. the four headers are present and well-formed (400);
//! 2. the timestamp is within ±`MAX_SKEW_SECS` of our clock (401 `stale_timestamp`) — checked
//!    before the device so the answer says nothing about which devices exist;
//! 3. the device has a live key (401 `unauthorized`);
//! 4. the body arrives within 1 MiB (413) and in time (408), while the device holds at most
//!    `BODIES_PER_DEVICE` and its address `BODIES_PER_ADDRESS` of the route's 64 places for bodies
//!    (503 `busy` beyond): sensor ids are public, so slow bodies naming one must not take the
//!    places of every other sensor;
//! 5. the signature over method, path, timestamp, sequence and body verifies (401
//!    `unauthorized`, the same answer as an unknown or revoked device: a caller cannot tell
//!    which devices exist or which keys were revoked);
//! 6. the device is within its rate (429 + `Retry-After`) — counted after the signature, so a
//!    forger cannot spend a real device's allowance;
//! 7. the JSON reads (400 `malformed`) and the batch is sound (400 `bad_batch`);
//! 8. the sequence number is above the last accepted one, claimed in the write transaction that
//!    stores the batch (409 `replayed_sequence`).
//!
//! Accepted: `201` (`200` when every reading was already stored) with
//! `{"accepted", "duplicates", "invalid", "stuck"}`, sent after the commit reached the disk.

use super::registry;
use super::store::{self, Stored, StoreError};
use crate::group_commit::GroupCommit;
use crate::serve::slots::KeyedSlots;
use crate::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use domain::air::readings::BatchInput;
use domain::air::signing::{self, MAX_SKEW_SECS};
use domain::air::{Batch, SensorId};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub const PATH: &str = "/api/v1/air/readings";
/// A batch of 1,000 readings with 20 values each is ~600 KB of JSON.
pub const BODY_LIMIT: usize = 1 << 20;
/// A body that takes longer than this to arrive is refused (408): it must not hold a request slot.
const BODY_TIME: Duration = Duration::from_secs(10);
/// Bodies one machine route (sensors, or services) reads at once: bodies sent slowly, each within
/// `BODY_TIME`, could otherwise hold every connection slot the pages need too; past it a machine
/// is told to come back in a second. A body that has arrived gives its place back at once, so
/// hundreds of quick pushes at a time are not held up.
const BODIES_AT_ONCE: usize = 64;

/// Of those places, what one device and one address may hold. A sensor sends one batch at a time;
/// an address may front a few (a gateway). Loopback peers are not capped per address: they are
/// this machine (the simulator, or a proxy not declared with `DONGNE_TRUST_FORWARDED`, behind which
/// every visitor would be one address).
pub(crate) const BODIES_PER_DEVICE: usize = 2;
pub(crate) const BODIES_PER_ADDRESS: usize = 8;
/// A body of a batch (at most 1 MiB, usually a few KB) that takes longer than this is trickled.
const DEVICE_BODY_TIME: Duration = Duration::from_secs(5);

/// The places for bodies being read on one machine route.
pub(crate) fn body_slots() -> Arc<tokio::sync::Semaphore> {
    Arc::new(tokio::sync::Semaphore::new(BODIES_AT_ONCE))
}
/// A request still unanswered after this is answered 503 (we are overloaded).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Per device: requests a second on average, and how many may come at once.
pub const RATE_PER_SEC: f64 = 10.0;
pub const RATE_BURST: f64 = 20.0;

/// A refusal: its status, a code for machines and the reason in Korean and English.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    pub code: &'static str,
    pub ko: Cow<'static, str>,
    pub en: Cow<'static, str>,
    pub retry_after: Option<u64>,
}

impl Refusal {
    pub(crate) fn new(status: StatusCode, code: &'static str, ko: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Refusal {
        Refusal { status, code, ko: ko.into(), en: en.into(), retry_after: None }
    }

    fn bad_header(name: &str) -> Refusal {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            "bad_header",
            format!("{name} 헤더가 없거나 형식이 잘못되었습니다."),
            format!("The {name} header is missing or malformed."),
        )
    }

    /// Unknown device, revoked key and wrong signature alike.
    fn unauthorized() -> Refusal {
        Refusal::new(StatusCode::UNAUTHORIZED, "unauthorized", "서명을 확인할 수 없습니다.", "The request's signature could not be verified.")
    }

    pub(crate) fn too_large() -> Refusal {
        Refusal::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "요청이 1 MiB를 넘습니다.", "The request body is larger than 1 MiB.")
    }

    /// The places for bodies are taken (all of them, or this caller's share): come back in a second.
    pub(crate) fn busy() -> Refusal {
        let mut busy = Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "요청이 한꺼번에 많이 왔습니다. 1초 뒤에 다시 보내 주세요.",
            "Too many requests at once; please send again in a second.",
        );
        busy.retry_after = Some(1);
        busy
    }

    pub(crate) fn unavailable() -> Refusal {
        let mut r = Refusal::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "잠시 후 다시 보내 주세요.", "Storage is unavailable; please send again shortly.");
        r.retry_after = Some(5);
        r
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.code, "message": self.ko, "message_en": self.en });
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Token buckets per caller (a device here, a service key on the agency platform). Only callers
/// that proved who they are get one, so the map is bounded by the registry; it is still emptied
/// of full buckets when it grows past `MAX_BUCKETS`.
pub struct RateLimiter<K = SensorId> {
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
    /// Requests a second on average, and how many may come at once.
    rate: f64,
    burst: f64,
}

const MAX_BUCKETS: usize = 10_000;

impl Default for RateLimiter<SensorId> {
    fn default() -> Self {
        RateLimiter::new(RATE_PER_SEC, RATE_BURST)
    }
}

impl<K: std::hash::Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(rate: f64, burst: f64) -> RateLimiter<K> {
        RateLimiter { buckets: Mutex::new(HashMap::new()), rate, burst }
    }

    /// Takes a token for `caller`; `Err(seconds)` to wait when there is none.
    pub fn take(&self, caller: &K, now: Instant) -> Result<(), u64> {
        self.check(caller, now, true)
    }

    /// Whether `caller` has a token, taking none: a route can refuse before doing any work and
    /// spend a token only on a failure (wrong keys are counted per address).
    pub fn allows(&self, caller: &K, now: Instant) -> Result<(), u64> {
        self.check(caller, now, false)
    }

    fn check(&self, caller: &K, now: Instant, spend: bool) -> Result<(), u64> {
        let (rate, burst) = (self.rate, self.burst);
        let Ok(mut buckets) = self.buckets.lock() else { return Ok(()) };
        if !spend && !buckets.contains_key(caller) {
            return Ok(()); // a full bucket: a look adds none (every caller that never failed would)
        }
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(caller) {
            buckets.retain(|_, (tokens, at)| *tokens + now.saturating_duration_since(*at).as_secs_f64() * rate < burst);
        }
        let (tokens, at) = buckets.entry(caller.clone()).or_insert((burst, now));
        *tokens = (*tokens + now.saturating_duration_since(*at).as_secs_f64() * rate).min(burst);
        *at = now;
        if *tokens >= 1.0 {
            if spend {
                *tokens -= 1.0;
            }
            Ok(())
        } else {
            Err(((1.0 - *tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

/// The ingest route's state: the app's, its own writer (group commit: many batches per disk
/// flush) and the rate limiter.
#[derive(Clone)]
struct Ingest {
    state: AppState,
    writer: GroupCommit,
    limiter: Arc<RateLimiter>,
    bodies: Arc<tokio::sync::Semaphore>,
    per_device: Arc<KeyedSlots<SensorId>>,
    per_address: Arc<KeyedSlots<std::net::IpAddr>>,
}

pub fn routes(state: AppState) -> Router {
    let ingest = Ingest {
        writer: GroupCommit::start(state.pool.clone()),
        limiter: Arc::new(RateLimiter::default()),
        bodies: body_slots(),
        per_device: KeyedSlots::new(BODIES_PER_DEVICE),
        per_address: KeyedSlots::new(BODIES_PER_ADDRESS),
        state,
    };
    machine_edges(Router::new().route(PATH, post(receive)).with_state(ingest))
}

/// The edges of a route machines call with keys (this one and the agencies' pushes): a request
/// time-out answered as our JSON refusal, and headers under which nothing in the JSON may load, run
/// or be framed if a browser opens it.
pub(crate) fn machine_edges(router: Router) -> Router {
    router
        .layer(axum::middleware::from_fn(timed_out))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
}

/// The time-out layer's bare 503 as our JSON refusal.
pub(crate) async fn timed_out(request: Request, next: axum::middleware::Next) -> Response {
    let response = next.run(request).await;
    if response.status() == StatusCode::SERVICE_UNAVAILABLE && !response.headers().contains_key(header::CONTENT_TYPE) {
        return Refusal::unavailable().into_response();
    }
    response
}

async fn receive(State(ingest): State<Ingest>, request: Request) -> Response {
    match accept(&ingest, request).await {
        Ok((status, stored)) => (status, Json(stored)).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

/// The signing headers, read.
struct Signed {
    device: SensorId,
    timestamp: i64,
    sequence: i64,
    signature: String,
}

pub(crate) fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let mut values = headers.get_all(name).iter();
    let value = values.next()?;
    // a header sent twice is ambiguous: refuse rather than pick one
    if values.next().is_some() {
        return None;
    }
    value.to_str().ok().map(str::trim)
}

pub(crate) fn digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    (!text.is_empty() && text.len() <= 19 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

impl Signed {
    fn read(headers: &HeaderMap) -> Result<Signed, Refusal> {
        let device = header_text(headers, signing::DEVICE_HEADER).and_then(SensorId::parse).ok_or_else(|| Refusal::bad_header("X-Dongne-Device"))?;
        let timestamp = header_text(headers, signing::TIMESTAMP_HEADER).and_then(digits::<i64>).ok_or_else(|| Refusal::bad_header("X-Dongne-Timestamp"))?;
        let sequence = header_text(headers, signing::SEQUENCE_HEADER)
            .and_then(digits::<i64>)
            .filter(|s| *s > 0)
            .ok_or_else(|| Refusal::bad_header("X-Dongne-Sequence"))?;
        let signature = header_text(headers, signing::SIGNATURE_HEADER)
            .filter(|s| signing::signature_shape_ok(s))
            .ok_or_else(|| Refusal::bad_header("X-Dongne-Signature"))?
            .to_string();
        Ok(Signed { device, timestamp, sequence, signature })
    }
}

async fn accept(ingest: &Ingest, request: Request) -> Result<(StatusCode, Stored), Refusal> {
    let address = ingest.state.edges.client_ip(&request).filter(|ip| !ip.is_loopback());
    let (parts, body) = request.into_parts();
    let declared = header_text(&parts.headers, header::CONTENT_LENGTH.as_str()).and_then(digits::<u64>);
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(Refusal::too_large());
    }
    let signed = Signed::read(&parts.headers)?;
    let now = ingest.state.clock.now();
    if (signed.timestamp - now.instant().unix_timestamp()).abs() > MAX_SKEW_SECS {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "stale_timestamp",
            format!("요청 시각이 서버 시각과 {MAX_SKEW_SECS}초 넘게 다릅니다. 기기의 시계를 맞춰 주세요."),
            format!("The request's timestamp is more than {MAX_SKEW_SECS} s from the server's clock; set the device's clock."),
        ));
    }
    let pool = &ingest.state.pool;
    let lookup = |fresh| registry::stored_key(pool, &signed.device, fresh);
    let cached = lookup(false).await.map_err(db_failed)?.ok_or_else(Refusal::unauthorized)?;
    // the device's and the address's share of the places, held while the body is read (a body
    // that has arrived gives them back at once)
    let bytes = {
        let _device_place = ingest.per_device.try_take(signed.device.clone()).ok_or_else(Refusal::busy)?;
        let _address_place = match address {
            Some(ip) => Some(ingest.per_address.try_take(ip).ok_or_else(Refusal::busy)?),
            None => None,
        };
        read_body_within(body, &ingest.bodies, DEVICE_BODY_TIME).await?
    };
    let verify = |key: &signing::StoredKey| key.verify("POST", PATH, signed.timestamp, signed.sequence as u64, &bytes, &signed.signature);
    if !verify(&cached) {
        // the cached key may be one another process has just replaced: ask once more
        let fresh = lookup(true).await.map_err(db_failed)?;
        if !fresh.is_some_and(|key| key != cached && verify(&key)) {
            return Err(Refusal::unauthorized());
        }
    }
    if let Err(secs) = ingest.limiter.take(&signed.device, Instant::now()) {
        let mut r = Refusal::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "요청이 너무 잦습니다. 잠시 후 다시 보내 주세요.",
            format!("Too many requests from this device (at most {RATE_PER_SEC} a second); send again shortly."),
        );
        r.retry_after = Some(secs);
        return Err(r);
    }
    let input: BatchInput = serde_json::from_slice(&bytes).map_err(|e| {
        Refusal::new(StatusCode::BAD_REQUEST, "malformed", "JSON 형식이 잘못되었습니다.", format!("The body is not a batch of readings: {}", short(&e.to_string())))
    })?;
    let batch = Batch::parse(input, now).map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, "bad_batch", e.message(domain::Lang::Ko), e.message(domain::Lang::En)))?;

    let (device, sequence) = (signed.device.clone(), signed.sequence);
    let written = ingest.writer.write(move |conn| Box::pin(async move { store::write_batch(conn, &device, sequence, &batch).await })).await;
    let stored = match written {
        Ok(Ok(stored)) => stored,
        Ok(Err(StoreError::Replayed)) => {
            return Err(Refusal::new(
                StatusCode::CONFLICT,
                "replayed_sequence",
                "이미 받은 순번입니다. 순번은 보낼 때마다 커져야 합니다.",
                "The sequence number is not above the last accepted one.",
            ))
        }
        Ok(Err(StoreError::Db(e))) => return Err(db_failed(e)),
        Err(e) => {
            tracing::error!(error = %e, "air ingest: the batch's commit failed");
            return Err(Refusal::unavailable());
        }
    };
    // committed: the live pages may hear of it now
    ingest.state.air.hub.readings_stored(&signed.device);
    tracing::debug!(device = %signed.device, accepted = stored.accepted, duplicates = stored.duplicates, "air readings stored");
    Ok((if stored.accepted > 0 { StatusCode::CREATED } else { StatusCode::OK }, stored))
}

fn db_failed(e: sqlx::Error) -> Refusal {
    tracing::error!(error = %e, "air ingest: storage failed");
    Refusal::unavailable()
}

/// serde's message names a line and column and at most a short excerpt; keep it short anyway.
pub(crate) fn short(text: &str) -> String {
    text.chars().take(160).collect()
}

/// Reads the body within `BODY_LIMIT` (refused as soon as it is exceeded, without reading the
/// rest) and within `BODY_TIME`.
pub(crate) async fn read_body(body: Body, slots: &tokio::sync::Semaphore) -> Result<Vec<u8>, Refusal> {
    read_body_within(body, slots, BODY_TIME).await
}

/// `read_body` with its own time for the body.
pub(crate) async fn read_body_within(body: Body, slots: &tokio::sync::Semaphore, time: Duration) -> Result<Vec<u8>, Refusal> {
    use futures_util::StreamExt;
    let Ok(_slot) = slots.try_acquire() else { return Err(Refusal::busy()) };
    let read = async {
        let mut stream = body.into_data_stream();
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|_| Refusal::new(StatusCode::BAD_REQUEST, "malformed", "요청 본문을 읽을 수 없습니다.", "The request body could not be read."))?;
            if bytes.len() + chunk.len() > BODY_LIMIT {
                return Err(Refusal::too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    };
    match tokio::time::timeout(time, read).await {
        Ok(result) => result,
        Err(_) => Err(Refusal::new(StatusCode::REQUEST_TIMEOUT, "too_slow", "요청이 너무 느리게 도착했습니다.", "The request body arrived too slowly.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_gets_its_burst_then_waits_for_tokens() {
        let limiter = RateLimiter::default();
        let device = SensorId::parse("DB-001").unwrap();
        let start = Instant::now();
        for _ in 0..RATE_BURST as usize {
            assert!(limiter.take(&device, start).is_ok());
        }
        assert_eq!(limiter.take(&device, start), Err(1));
        assert!(limiter.take(&device, start + Duration::from_millis(150)).is_ok());
        assert!(limiter.take(&SensorId::parse("DB-002").unwrap(), start).is_ok(), "another device has its own bucket");
    }
}
