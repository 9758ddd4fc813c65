//! The public air data API: `GET /api/v1/air/sensors` (the district now), `GET
//! /api/v1/air/sensors/{id}` (one sensor now), `GET /api/v1/air/sensors/{id}/readings` (history as
//! JSON or CSV), and the live stream `GET /api/v1/air/stream` (server-sent events, `hub`).
//! Refusals are the API's usual `ApiError` JSON with the status; bad input is never a 5xx.

use super::history::{self, Aggregate, RawRow, Table};
use super::hub;
use super::read::{db_failed, hour_start, seoul, seoul_day_start, unix, Snapshot};
use crate::error::ApiError;
use crate::AppState;
use app::AppError;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use domain::air::query::Format;
use domain::air::{HistoryQuery, Measure, Resolution, SensorId, SensorNow, READINGS_PER_HOUR};
use domain::Lang;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The state now changes with every reading: nothing may keep it.
const LIVE: &str = "no-store";
/// History changes only in its newest hour: a minute's caching is harmless.
const HISTORY: &str = "public, max-age=60";
/// Said on a raw answer cut at `history::RAW_MAX_VALUES`: where the next request starts.
pub const NEXT_FROM_HEADER: &str = "x-dongne-next-from";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/air/sensors", get(sensors))
        .route("/api/v1/air/sensors/{id}", get(sensor))
        .route("/api/v1/air/sensors/{id}/readings", get(readings))
        .route("/api/v1/air/stream", get(hub::stream))
}

/// The `{id}` of the address as a sensor id; anything else (not even UTF-8) names no sensor: 404.
fn sensor_in_path(id: Result<Path<String>, PathRejection>) -> Option<SensorId> {
    SensorId::parse(&id.ok()?.0)
}

fn refuse(e: AppError) -> Response {
    ApiError(e).into_response()
}

/// These answers take no parameters; anything in the query is a mistake worth saying.
pub(crate) fn no_parameters(raw: Option<&str>) -> Result<(), AppError> {
    match domain::courses::url_pairs(raw.unwrap_or("")).into_iter().next() {
        None => Ok(()),
        Some((name, _)) => {
            let shown: String = name.chars().take(40).collect();
            Err(AppError::bad_request(format!("알 수 없는 항목입니다: {shown}"), format!("Unknown parameter: {shown}")))
        }
    }
}

fn with_cache(mut response: Response, value: &'static str) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

async fn snapshot(state: &AppState) -> Result<std::sync::Arc<Snapshot>, Response> {
    state.air.data.snapshot().await.map_err(|_| refuse(AppError::Unavailable))
}

/// A sensor as the list and the detail give it.
fn sensor_item(s: &SensorNow) -> Value {
    let cai = s.cai.as_ref();
    json!({
        "id": s.sensor.id,
        "name_ko": s.sensor.name_ko,
        "name_en": s.sensor.name_en,
        "lat": s.sensor.location.lat,
        "lon": s.sensor.location.lon,
        "model": s.sensor.model,
        "installed": s.sensor.installed.to_string(),
        "last_reading": s.last_reading.map(|t| t.to_string()),
        "offline": s.offline,
        "grade": cai.map(|c| c.grade.slug()),
        "cai": cai.map(|c| c.index),
        "decided_by": cai.map(|c| c.decided_by.measure().slug()),
        "pm10": s.pm10,
        "pm25": s.pm25,
        "flagged": s.flagged.iter().map(|m| m.slug()).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/air/sensors`: every registered sensor now, and the district's grade.
pub async fn sensors(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    if let Err(e) = no_parameters(raw.as_deref()) {
        return refuse(e);
    }
    let snapshot = match snapshot(&state).await {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let now = &snapshot.now;
    let district = now.district.as_ref().map(|c| json!({ "grade": c.grade.slug(), "cai": c.index, "decided_by": c.decided_by.measure().slug() }));
    let body = json!({
        "at": now.at.to_string(),
        "simulated": now.simulated,
        "district": district,
        "sensors": now.sensors.iter().map(sensor_item).collect::<Vec<_>>(),
    });
    with_cache(Json(body).into_response(), LIVE)
}

/// `GET /api/v1/air/sensors/{id}`: one sensor now, every factor's latest value, its last 24
/// hours' grades.
pub async fn sensor(State(state): State<AppState>, id: Result<Path<String>, PathRejection>, RawQuery(raw): RawQuery) -> Response {
    let Some(id) = sensor_in_path(id) else { return refuse(AppError::NotFound) };
    if let Err(e) = no_parameters(raw.as_deref()) {
        return refuse(e);
    }
    let detail = match domain::air::AirData::sensor(state.air.data.as_ref(), &id).await {
        Ok(Some(d)) => d,
        Ok(None) => return refuse(AppError::NotFound),
        Err(_) => return refuse(AppError::Unavailable),
    };
    let factors: Vec<Value> = detail
        .factors
        .iter()
        .map(|f| {
            json!({
                "measure": f.measure.slug(),
                "value": f.value,
                "unit": f.measure.unit(),
                "text": f.measure.format(f.value),
                "at": f.at.to_string(),
                "invalid": f.invalid,
                "stuck": f.stuck,
            })
        })
        .collect();
    let grades: Vec<Value> = detail
        .grades
        .iter()
        .map(|g| json!({ "hour": g.hour.to_string(), "cai": g.index, "grade": g.grade.map(|g| g.slug()), "completeness": g.completeness }))
        .collect();
    let body = json!({ "sensor": sensor_item(&detail.now), "factors": factors, "grades": grades });
    with_cache(Json(body).into_response(), LIVE)
}

/// `GET /api/v1/air/sensors/{id}/readings?from=&to=&measure=&resolution=&format=`.
pub async fn readings(State(state): State<AppState>, id: Result<Path<String>, PathRejection>, RawQuery(raw): RawQuery) -> Response {
    let Some(id) = sensor_in_path(id) else { return refuse(AppError::NotFound) };
    let query = match HistoryQuery::from_url_query(raw.as_deref().unwrap_or(""), state.clock.now()) {
        Ok(q) => q,
        Err(e) => return refuse(AppError::bad_request(e.message(Lang::Ko), e.message(Lang::En))),
    };
    match history::sensor_exists(&state.pool, &id).await {
        Ok(true) => {}
        Ok(false) => return refuse(AppError::NotFound),
        Err(e) => {
            db_failed("sensor")(e);
            return refuse(AppError::Unavailable);
        }
    }
    let answer = match query.resolution {
        Resolution::Raw => raw_readings(&state, &id, &query).await,
        Resolution::Hour | Resolution::Day => aggregated(&state, &id, &query).await,
    };
    match answer {
        Ok(response) => with_cache(response, HISTORY),
        Err(e) => {
            db_failed("history")(e);
            refuse(AppError::Unavailable)
        }
    }
}

/// `DB-001-pm10-hour.csv`; several measures are joined with `_`, all of them are `all`.
fn file_name(id: &SensorId, query: &HistoryQuery) -> String {
    let measures = if query.measures.len() == Measure::ALL.len() {
        "all".to_string()
    } else {
        query.measures.iter().map(|m| m.slug()).collect::<Vec<_>>().join("_")
    };
    format!("{id}-{measures}-{}.csv", query.resolution.slug())
}

fn csv_response(id: &SensorId, query: &HistoryQuery, body: String) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", file_name(id, query));
    let mut response = ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv_line(out: &mut String, fields: &[String]) {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

fn time_text(secs: i64) -> String {
    seoul(secs).map(|t| t.to_string()).unwrap_or_default()
}

fn head(id: &SensorId, query: &HistoryQuery) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("sensor".into(), json!(id));
    m.insert("resolution".into(), json!(query.resolution.slug()));
    m.insert("from".into(), json!(query.from.to_string()));
    m.insert("to".into(), json!(query.to.to_string()));
    m.insert("measures".into(), json!(query.measures.iter().map(|m| m.slug()).collect::<Vec<_>>()));
    m
}

/// `invalid`, `stuck`, `invalid stuck` or nothing.
fn flag_text(row: &RawRow, m: Measure) -> &'static str {
    match (row.invalid(m), row.stuck(m)) {
        (true, true) => "invalid stuck",
        (true, false) => "invalid",
        (false, true) => "stuck",
        (false, false) => "",
    }
}

async fn raw_readings(state: &AppState, id: &SensorId, query: &HistoryQuery) -> Result<Response, sqlx::Error> {
    let cap = history::raw_row_cap(query.measures.len());
    let (rows, next) = history::raw(&state.pool, id, (unix(query.from), unix(query.to)), &query.measures, cap).await?;
    let mut response = match query.format {
        Format::Json => {
            let readings: Vec<Value> = rows
                .iter()
                .map(|row| {
                    let values: Map<String, Value> =
                        query.measures.iter().zip(&row.values).map(|(m, v)| (m.slug().to_string(), json!(v))).collect();
                    let flagged = |bad: fn(&RawRow, Measure) -> bool| {
                        query.measures.iter().filter(|&&m| bad(row, m)).map(|m| m.slug()).collect::<Vec<_>>()
                    };
                    json!({ "at": time_text(row.at), "values": values, "invalid": flagged(RawRow::invalid), "stuck": flagged(RawRow::stuck) })
                })
                .collect();
            let mut body = head(id, query);
            let units: Map<String, Value> = query.measures.iter().map(|m| (m.slug().to_string(), json!(m.unit()))).collect();
            body.insert("units".into(), Value::Object(units));
            body.insert("readings".into(), Value::Array(readings));
            body.insert("truncated".into(), json!(next.is_some()));
            body.insert("next_from".into(), json!(next.map(time_text)));
            Json(Value::Object(body)).into_response()
        }
        Format::Csv => {
            let mut out = String::with_capacity(rows.len() * (24 + 12 * query.measures.len()));
            let mut names = vec!["at".to_string()];
            for m in &query.measures {
                names.push(m.slug().to_string());
                names.push(format!("{}_flag", m.slug()));
            }
            csv_line(&mut out, &names);
            for row in &rows {
                let mut fields = vec![time_text(row.at)];
                for (m, v) in query.measures.iter().zip(&row.values) {
                    fields.push(v.map(|v| v.to_string()).unwrap_or_default());
                    fields.push(flag_text(row, *m).to_string());
                }
                csv_line(&mut out, &fields);
            }
            csv_response(id, query, out)
        }
    };
    if let Some(value) = next.map(time_text).and_then(|t| HeaderValue::from_str(&t).ok()) {
        response.headers_mut().insert(HeaderName::from_static(NEXT_FROM_HEADER), value);
    }
    Ok(response)
}

#[derive(serde::Serialize)]
struct AggregatesOut<'a> {
    #[serde(flatten)]
    head: Map<String, Value>,
    series: Vec<SeriesOut<'a>>,
}

#[derive(serde::Serialize)]
struct SeriesOut<'a> {
    measure: &'static str,
    unit: &'static str,
    points: Vec<PointOut<'a>>,
}

#[derive(serde::Serialize)]
struct PointOut<'a> {
    at: &'a str,
    avg: f64,
    min: f64,
    max: f64,
    n: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    completeness: Option<f64>,
}

async fn aggregated(state: &AppState, id: &SensorId, query: &HistoryQuery) -> Result<Response, sqlx::Error> {
    let (from, to) = (unix(query.from), unix(query.to));
    let (table, start) = match query.resolution {
        Resolution::Day => (Table::Daily, seoul_day_start(from)),
        _ => (Table::Hourly, hour_start(from)),
    };
    let rows = history::aggregates(&state.pool, table, id, (start, to), &query.measures).await?;
    let counts = match table {
        Table::Hourly => Some(history::hour_counts(&state.pool, id, (start, to)).await?),
        Table::Daily => None,
    };
    let completeness = |a: &Aggregate| {
        counts.as_ref().map(|c| (c.get(&a.bucket).copied().unwrap_or(0) as f64 / f64::from(READINGS_PER_HOUR)).clamp(0.0, 1.0))
    };
    Ok(match query.format {
        Format::Json => {
            // typed and borrowed: a year of hours of 20 measures is 175,000 points, each built
            // as a `serde_json::Value` map would be an allocation per field
            let times: HashMap<i64, String> = rows.iter().map(|a| (a.bucket, time_text(a.bucket))).collect();
            let series: Vec<SeriesOut> = query
                .measures
                .iter()
                .map(|&m| SeriesOut {
                    measure: m.slug(),
                    unit: m.unit(),
                    points: rows
                        .iter()
                        .filter(|a| a.measure == m)
                        .map(|a| PointOut {
                            at: times.get(&a.bucket).map_or("", String::as_str),
                            avg: a.avg(),
                            min: a.min,
                            max: a.max,
                            n: a.n,
                            completeness: completeness(a),
                        })
                        .collect(),
                })
                .collect();
            Json(AggregatesOut { head: head(id, query), series }).into_response()
        }
        Format::Csv => {
            let mut out = String::with_capacity(rows.len() * 64);
            let mut names: Vec<String> = ["measure", "at", "avg", "min", "max", "n"].map(String::from).to_vec();
            if counts.is_some() {
                names.push("completeness".into());
            }
            csv_line(&mut out, &names);
            for a in &rows {
                let mut fields = vec![a.measure.slug().to_string(), time_text(a.bucket)];
                fields.extend([a.avg().to_string(), a.min.to_string(), a.max.to_string(), a.n.to_string()]);
                if let Some(c) = completeness(a) {
                    fields.push(c.to_string());
                }
                csv_line(&mut out, &fields);
            }
            csv_response(id, query, out)
        }
    })
}
