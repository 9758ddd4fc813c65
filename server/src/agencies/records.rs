//! `POST /api/v1/services/{id}/records`: an agency's service pushes records with its key
//! (`Authorization: Bearer dongne_sk_…`). Like the sensors' ingest (whose edges it shares), this
//! route sits outside the pages' edges with its own: a 1 MiB body limit enforced while reading, a
//! body time and a request time-out, a rate per key, and JSON answers nothing in a browser runs.
//!
//! Checks, cheapest first; nothing is stored unless every record passes:
//! 1. the body is declared within 1 MiB (413) and the key is written like a key (401);
//! 2. the caller's address has not sent too many wrong keys lately (429: a key cannot be guessed
//!    by trying, and a flood of wrong keys costs no database lookups);
//! 3. the key is live (401: an unknown and a revoked key get the same answer);
//! 4. the key is this service's (403: a key opens its own service only, so no agency can write
//!    to another's dataset);
//! 5. the key, and its service as a whole, are within their rates (429 + `Retry-After`);
//! 6. a place to read the body is free (503 `busy`: at most 64 bodies at once), the body arrives
//!    within 1 MiB (413) and in time (408) and reads as `{"records": [...]}`
//!    (400); 1–`MAX_BATCH` records (400 / 413);
//! 7. every record gives exactly the schema's fields, each of its kind (400 naming the record
//!    and field);
//! 8. the batch fits in the service's quota of `MAX_SERVICE_RECORDS` records and
//!    `MAX_SERVICE_BYTES` bytes (409), checked in the transaction that stores it.
//!
//! Accepted: `201 {"accepted": n, "dataset": id}` once the batch is on disk (group commit).

use super::store;
use crate::air::ingest::{digits, header_text, machine_edges, read_body, short, RateLimiter, Refusal};
use crate::group_commit::GroupCommit;
use crate::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use domain::datasets::services::{record_cells, FieldValue, MAX_BATCH, MAX_SERVICE_BYTES, MAX_SERVICE_RECORDS};
use domain::datasets::DatasetCatalog;
use domain::Lang;
use std::sync::Arc;
use std::time::Instant;

pub const PATH: &str = "/api/v1/services/{id}/records";
const BODY_LIMIT: usize = crate::air::ingest::BODY_LIMIT;
/// Per key: requests a second on average, and how many may come at once.
pub const RATE_PER_SEC: f64 = 100.0;
pub const RATE_BURST: f64 = 200.0;
/// Per service, whatever key: its five keys together may not send five times as much.
pub const SERVICE_RATE_PER_SEC: f64 = 200.0;
pub const SERVICE_RATE_BURST: f64 = 400.0;
/// Per address: wrong keys a second, and how many may come at once.
const WRONG_KEYS_PER_SEC: f64 = 1.0;
const WRONG_KEYS_BURST: f64 = 20.0;

#[derive(Clone)]
struct Push {
    state: AppState,
    writer: GroupCommit,
    /// keyed by the key's hash
    limiter: Arc<RateLimiter<String>>,
    per_service: Arc<RateLimiter<u32>>,
    wrong_keys: Arc<RateLimiter<std::net::IpAddr>>,
    bodies: Arc<tokio::sync::Semaphore>,
}

pub fn routes(state: AppState) -> Router {
    let push = Push {
        writer: GroupCommit::start(state.pool.clone()),
        limiter: Arc::new(RateLimiter::new(RATE_PER_SEC, RATE_BURST)),
        per_service: Arc::new(RateLimiter::new(SERVICE_RATE_PER_SEC, SERVICE_RATE_BURST)),
        wrong_keys: Arc::new(RateLimiter::new(WRONG_KEYS_PER_SEC, WRONG_KEYS_BURST)),
        bodies: crate::air::ingest::body_slots(),
        state,
    };
    machine_edges(Router::new().route(PATH, post(receive)).with_state(push))
}

async fn receive(State(push): State<Push>, Path(id): Path<String>, request: Request) -> Response {
    match accept(&push, &id, request).await {
        Ok(body) => (StatusCode::CREATED, Json(body)).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

fn unauthorized() -> Refusal {
    Refusal::new(StatusCode::UNAUTHORIZED, "unauthorized", "서비스 키가 없거나 맞지 않거나 폐기되었습니다.", "The service key is missing, wrong or revoked.")
}

fn bad(code: &'static str, ko: impl Into<std::borrow::Cow<'static, str>>, en: impl Into<std::borrow::Cow<'static, str>>) -> Refusal {
    Refusal::new(StatusCode::BAD_REQUEST, code, ko, en)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    records: Vec<serde_json::Map<String, serde_json::Value>>,
}

fn field(value: serde_json::Value) -> FieldValue {
    match value {
        serde_json::Value::String(s) => FieldValue::Text(s),
        serde_json::Value::Number(n) => FieldValue::Number(n.to_string()),
        serde_json::Value::Null => FieldValue::Null,
        _ => FieldValue::Other,
    }
}

fn too_many(secs: u64, ko: impl Into<std::borrow::Cow<'static, str>>, en: impl Into<std::borrow::Cow<'static, str>>) -> Refusal {
    let mut r = Refusal::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", ko, en);
    r.retry_after = Some(secs);
    r
}

async fn accept(push: &Push, id: &str, request: Request) -> Result<serde_json::Value, Refusal> {
    let address = push.state.edges.client_ip(&request);
    let (parts, body) = request.into_parts();
    let service = digits::<u32>(id).filter(|n| *n > 0).ok_or_else(|| {
        Refusal::new(StatusCode::NOT_FOUND, "not_found", "그런 서비스가 없습니다.", "There is no such service.")
    })?;
    if header_text(&parts.headers, header::CONTENT_LENGTH.as_str()).and_then(digits::<u64>).is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(Refusal::too_large());
    }
    let key = header_text(&parts.headers, header::AUTHORIZATION.as_str())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|k| super::keys::well_formed(k))
        .ok_or_else(unauthorized)?;
    let now = Instant::now();
    let wrong_key = |secs| too_many(secs, "잘못된 키가 너무 많이 왔습니다. 잠시 후 다시 보내 주세요.", "Too many wrong keys from this address; send again shortly.");
    if let Some(ip) = address {
        push.wrong_keys.allows(&ip, now).map_err(wrong_key)?;
    }
    let hash = super::keys::hash(key);
    let pool = &push.state.pool;
    let Some((owner, dataset_id)) = store::key_service(pool, &hash).await.map_err(db_failed)? else {
        if let Some(ip) = address {
            let _ = push.wrong_keys.take(&ip, now);
        }
        return Err(unauthorized());
    };
    push.limiter.take(&hash, now).map_err(|secs| {
        too_many(secs, "요청이 너무 잦습니다. 잠시 후 다시 보내 주세요.", format!("Too many requests with this key (at most {RATE_PER_SEC} a second); send again shortly."))
    })?;
    if owner != service {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "other_service",
            "이 키로는 다른 서비스에 기록을 보낼 수 없습니다.",
            "This key belongs to another service; it can write to its own service only.",
        ));
    }
    push.per_service.take(&service, now).map_err(|secs| {
        too_many(
            secs,
            "이 서비스의 키들로 온 요청이 너무 잦습니다. 잠시 후 다시 보내 주세요.",
            format!("Too many requests for this service (at most {SERVICE_RATE_PER_SEC} a second, all its keys together); send again shortly."),
        )
    })?;
    let bytes = read_body(body, &push.bodies).await?;
    let batch: Batch = serde_json::from_slice(&bytes).map_err(|e| {
        bad("malformed", "본문은 {\"records\": [기록, …]} 꼴의 JSON이어야 합니다.", format!("The body must be JSON {{\"records\": [record, …]}}: {}", short(&e.to_string())))
    })?;
    if batch.records.is_empty() {
        return Err(bad("empty", "보낼 기록이 없습니다.", "The batch holds no records."));
    }
    if batch.records.len() > MAX_BATCH {
        return Err(Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            format!("한 번에 {MAX_BATCH}건까지 보낼 수 있습니다. 나누어 보내 주세요."),
            format!("A batch holds at most {MAX_BATCH} records; send them in parts."),
        ));
    }
    let dataset = push.state.datasets.index.now().dataset(dataset_id).ok_or_else(Refusal::unavailable)?;
    let mut rows = Vec::with_capacity(batch.records.len());
    for (i, record) in batch.records.into_iter().enumerate() {
        let fields = record.into_iter().map(|(k, v)| (k, field(v))).collect();
        let cells = record_cells(&dataset, i + 1, fields).map_err(|e| bad("bad_record", e.message(Lang::Ko), e.message(Lang::En)))?;
        rows.push(cells);
    }
    let today = push.state.clock.today();
    let written = push
        .writer
        .write(move |conn| Box::pin(async move { store::append(conn, service, dataset_id, &rows, today).await }))
        .await;
    let accepted = match written {
        Ok(Ok(Some(n))) => n,
        Ok(Ok(None)) => {
            return Err(Refusal::new(
                StatusCode::CONFLICT,
                "quota_full",
                format!("이 서비스의 데이터셋은 {MAX_SERVICE_RECORDS}건, {}MB까지 담을 수 있어 이 묶음을 더 받을 수 없습니다. 스마트정보과에 문의해 주세요.", MAX_SERVICE_BYTES >> 20),
                format!("This service's dataset holds at most {MAX_SERVICE_RECORDS} records and {} MB, and this batch would not fit; ask the district's smart-information department.", MAX_SERVICE_BYTES >> 20),
            ))
        }
        Ok(Err(e)) => return Err(db_failed(e)),
        Err(e) => {
            tracing::error!(error = %e, "service records: the batch's commit failed");
            return Err(Refusal::unavailable());
        }
    };
    push.state.datasets.index.now().add_rows(dataset_id, accepted, today);
    Ok(serde_json::json!({ "accepted": accepted, "dataset": dataset_id.0 }))
}

fn db_failed(e: sqlx::Error) -> Refusal {
    tracing::error!(error = %e, "service records: storage failed");
    Refusal::unavailable()
}
