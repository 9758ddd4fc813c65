//! The car share's public JSON API: `GET /api/v1/cars` (every car with its next free windows),
//! `GET /api/v1/cars/{id}/availability?from=&to=` (one car's uses and free windows over at most 14
//! days) and `GET /api/v1/parking` (the shared spaces with their next free windows). Residents'
//! trips are shown as uses only: never a reference or an account. Refusals are the API's usual
//! `ApiError` JSON (Korean and English); bad input is never a 5xx.

use super::SqliteCarShare;
use crate::error::{parameters, ApiError};
use crate::AppState;
use app::AppError;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use domain::carshare::schedule::{all_uses, free_windows};
use domain::carshare::{CarShare, FreeWindow, Resource, ResourceKind, UseKind};
use domain::{IsoDate, SeoulTime};
use serde_json::{json, Value};
use time::Duration;

/// The span an availability request covers when it names no end (the lists' week).
const LIST_AHEAD: Duration = Duration::days(7);
/// The longest span one availability request may ask for.
const LONGEST_SPAN: Duration = Duration::days(14);
/// How far from now `from`/`to` may be at all.
const FARTHEST: Duration = Duration::days(366);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cars", get(cars))
        .route("/api/v1/cars/{id}/availability", get(availability))
        .route("/api/v1/parking", get(parking))
}

fn answer(body: Value) -> Response {
    let mut response = Json(body).into_response();
    // free windows change with every booking
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn refuse(e: AppError) -> Response {
    ApiError(e).into_response()
}

fn bad(ko: String, en: String) -> AppError {
    AppError::bad_request(ko, en)
}

fn window_json(w: &FreeWindow) -> Value {
    json!({ "start": w.start.to_string(), "end": w.end.to_string() })
}

/// The next free windows of one resource from `now`, as the lists show them.
async fn next_free(store: &SqliteCarShare, r: &Resource, now: SeoulTime) -> Result<Vec<Value>, AppError> {
    Ok(store.next_free(r.kind, r.id, now).await?.iter().map(window_json).collect())
}

fn car_json(r: &Resource) -> serde_json::Map<String, Value> {
    let mut car = serde_json::Map::new();
    car.insert("id".into(), r.id.into());
    car.insert("model_ko".into(), r.name_ko.clone().into());
    car.insert("model_en".into(), r.name_en.clone().into());
    car.insert("plate".into(), r.label.clone().into());
    car.insert("place_ko".into(), r.place_ko.clone().into());
    car.insert("place_en".into(), r.place_en.clone().into());
    car.insert("range_km".into(), r.range_km.unwrap_or(0).into());
    car
}

fn space_json(r: &Resource) -> serde_json::Map<String, Value> {
    let mut space = serde_json::Map::new();
    space.insert("id".into(), r.id.into());
    space.insert("car_park_ko".into(), r.name_ko.clone().into());
    space.insert("car_park_en".into(), r.name_en.clone().into());
    space.insert("label".into(), r.label.clone().into());
    space.insert("place_ko".into(), r.place_ko.clone().into());
    space.insert("place_en".into(), r.place_en.clone().into());
    space
}

/// Every resource of `kind`, each with its next free windows.
async fn listing(state: &AppState, raw: Option<&str>, kind: ResourceKind) -> Result<Vec<Value>, AppError> {
    parameters(raw, &[])?;
    let store = state.carshare.store.as_ref();
    let now = state.clock.now();
    let mut out = Vec::new();
    for r in store.resources(kind).await? {
        let mut item = match kind {
            ResourceKind::Car => car_json(&r),
            ResourceKind::Parking => space_json(&r),
        };
        item.insert("next_free".into(), next_free(store, &r, now).await?.into());
        out.push(Value::Object(item));
    }
    Ok(out)
}

pub(crate) async fn cars(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    match listing(&state, raw.as_deref(), ResourceKind::Car).await {
        Ok(cars) => answer(json!({ "cars": cars })),
        Err(e) => refuse(e),
    }
}

async fn parking(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    match listing(&state, raw.as_deref(), ResourceKind::Parking).await {
        Ok(spaces) => answer(json!({ "spaces": spaces })),
        Err(e) => refuse(e),
    }
}

/// A `from`/`to` value: RFC 3339 (any offset), or a Seoul date (`to` as a date means the end of
/// that day, so `from=2026-11-24&to=2026-11-24` is that whole day).
fn moment(name: &str, value: &str, end_of_day: bool) -> Result<SeoulTime, AppError> {
    let parsed = if value.len() == 10 {
        IsoDate::parse(value).and_then(|d| SeoulTime::at(if end_of_day { d.plus_days(1) } else { d }, 0, 0))
    } else {
        SeoulTime::parse(value)
    };
    parsed.ok_or_else(|| {
        bad(
            format!("{name}은(는) 2026-11-24 또는 2026-11-24T19:00:00+09:00 처럼 적어 주세요."),
            format!("{name} must be a date like 2026-11-24 or a time like 2026-11-24T19:00:00+09:00."),
        )
    })
}

/// The span asked for: default now..now+7 days, at most 14 days, `to` after `from`, within a
/// year of now.
fn span(pairs: &[(String, String)], now: SeoulTime) -> Result<(SeoulTime, SeoulTime), AppError> {
    // a blank value (`to=`, as a form sends an empty field) is the default, as the document allows
    let get = |n: &str| pairs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty());
    let from = get("from").map(|v| moment("from", v, false)).transpose()?;
    let to = get("to").map(|v| moment("to", v, true)).transpose()?;
    let from = from.unwrap_or_else(|| to.map_or(now, |to| SeoulTime::from_instant(to.instant() - LIST_AHEAD).max(now).min(to)));
    let to = to.unwrap_or_else(|| SeoulTime::from_instant(from.instant() + LIST_AHEAD));
    let far = |t: SeoulTime| (t.instant() - now.instant()).abs() > FARTHEST;
    if far(from) || far(to) {
        return Err(bad("1년 안의 기간만 볼 수 있습니다.".into(), "Ask for a span within a year of today.".into()));
    }
    if to <= from {
        return Err(bad("to는 from보다 늦어야 합니다.".into(), "to must be after from.".into()));
    }
    if to.instant() - from.instant() > LONGEST_SPAN {
        return Err(bad("한 번에 최대 14일까지 볼 수 있습니다.".into(), "Ask for at most 14 days at a time.".into()));
    }
    Ok((from, to))
}

fn use_kind(kind: UseKind) -> &'static str {
    match kind {
        UseKind::OwnerHours => "owner_hours",
        UseKind::Official => "official",
        UseKind::Resident => "resident",
    }
}

async fn availability(State(state): State<AppState>, id: Result<Path<String>, PathRejection>, RawQuery(raw): RawQuery) -> Response {
    let id = id.ok().and_then(|Path(id)| id.parse::<u32>().ok().filter(|n| *n > 0 && !id.starts_with('+') && !id.starts_with('0')));
    let Some(id) = id else { return refuse(AppError::NotFound) };
    match car_availability(&state, id, raw.as_deref()).await {
        Ok(body) => answer(body),
        Err(e) => refuse(e),
    }
}

async fn car_availability(state: &AppState, id: u32, raw: Option<&str>) -> Result<Value, AppError> {
    let store = state.carshare.store.as_ref();
    let Some(car) = store.resources(ResourceKind::Car).await?.into_iter().find(|r| r.id == id) else {
        return Err(AppError::NotFound);
    };
    let now = state.clock.now();
    let (from, to) = span(&parameters(raw, &["from", "to"])?, now)?;
    let rules = ResourceKind::Car.rules();
    let stored = store.uses(ResourceKind::Car, id, from, to).await?;
    let uses: Vec<Value> = all_uses(&rules, &stored, from, to)
        .iter()
        .map(|u| json!({ "kind": use_kind(u.kind), "start": u.start.to_string(), "end": u.end.to_string() }))
        .collect();
    let free: Vec<Value> = free_windows(&rules, &stored, from, to, now).iter().map(window_json).collect();
    Ok(json!({
        "car": Value::Object(car_json(&car)),
        "from": from.to_string(),
        "to": to.to_string(),
        "uses": uses,
        "free": free,
    }))
}
