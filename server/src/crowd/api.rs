//! `GET /api/v1/crowd` (every hotspot's level and estimate, as JSON or GeoJSON) and
//! `GET /api/v1/crowd/{id}` (one hotspot's last 24 hours). Anything else in the query is a 400.

use super::level_words;
use crate::error::ApiError;
use crate::AppState;
use app::AppError;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::crowd::{CrowdNow, HotspotId, HotspotNow};
use serde_json::{json, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    GeoJson,
}

fn read_format(raw: Option<&str>) -> Result<Format, AppError> {
    let mut format = Format::Json;
    for (name, value) in domain::courses::url_pairs(raw.unwrap_or("")) {
        match (name.as_str(), value.as_str()) {
            ("format", "json") => format = Format::Json,
            ("format", "geojson") => format = Format::GeoJson,
            ("format", _) => {
                return Err(AppError::bad_request("format은 json 또는 geojson입니다.", "format is json or geojson."));
            }
            (other, _) => {
                let shown: String = other.chars().take(40).collect();
                return Err(AppError::bad_request(format!("알 수 없는 항목입니다: {shown}"), format!("Unknown parameter: {shown}")));
            }
        }
    }
    Ok(format)
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A hotspot now, as both answers give it (the outline as `[lon, lat]` pairs, GeoJSON's order).
fn hotspot_item(h: &HotspotNow) -> Value {
    let (level, level_ko, level_en) = level_words(h.level());
    let t = h.hotspot.thresholds;
    json!({
        "id": h.hotspot.id,
        "name_ko": h.hotspot.name_ko,
        "name_en": h.hotspot.name_en,
        "dong_ko": h.hotspot.dong_ko,
        "dong_en": h.hotspot.dong_en,
        "level": level,
        "level_ko": level_ko,
        "level_en": level_en,
        "estimate": h.latest.map(|p| p.estimate),
        "estimated_at": h.latest.map(|p| p.at.to_string()),
        "thresholds": { "normal": t.normal(), "slightly_crowded": t.slightly_crowded(), "crowded": t.crowded() },
    })
}

fn ring(h: &HotspotNow) -> Vec<[f64; 2]> {
    let mut ring: Vec<[f64; 2]> = h.hotspot.outline.iter().map(|p| [p.lon, p.lat]).collect();
    if let Some(first) = ring.first().copied() {
        ring.push(first); // GeoJSON closes its rings
    }
    ring
}

fn crowd_json(now: &CrowdNow) -> Value {
    json!({
        "at": now.at.to_string(),
        "simulated": now.simulated,
        "crowded": now.crowded().map(|h| h.hotspot.id.as_str()).collect::<Vec<_>>(),
        "hotspots": now.hotspots.iter().map(|h| {
            let mut item = hotspot_item(h);
            item["outline"] = json!(ring(h));
            item
        }).collect::<Vec<_>>(),
    })
}

fn crowd_geojson(now: &CrowdNow) -> Value {
    json!({
        "type": "FeatureCollection",
        "features": now.hotspots.iter().map(|h| json!({
            "type": "Feature",
            "id": h.hotspot.id,
            "geometry": { "type": "Polygon", "coordinates": [ring(h)] },
            "properties": hotspot_item(h),
        })).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/crowd[?format=geojson]`.
pub async fn crowd(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let format = match read_format(raw.as_deref()) {
        Ok(f) => f,
        Err(e) => return ApiError(e).into_response(),
    };
    let Ok(now) = state.crowd.data.now_at(state.clock.now()).await else {
        return ApiError(AppError::Unavailable).into_response();
    };
    let response = match format {
        Format::Json => Json(crowd_json(&now)).into_response(),
        Format::GeoJson => {
            let mut r = Json(crowd_geojson(&now)).into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"));
            r
        }
    };
    no_store(response)
}

/// `GET /api/v1/crowd/{id}`: the hotspot now and its estimates over the last 24 hours.
pub async fn hotspot(State(state): State<AppState>, id: Result<Path<String>, PathRejection>, RawQuery(raw): RawQuery) -> Response {
    let Some(id) = id.ok().and_then(|Path(id)| HotspotId::parse(&id)) else {
        return ApiError(AppError::NotFound).into_response();
    };
    if let Err(e) = crate::air::api::no_parameters(raw.as_deref()) {
        return ApiError(e).into_response();
    }
    let history = match state.crowd.data.history_at(&id, state.clock.now()).await {
        Ok(Some(h)) => h,
        Ok(None) => return ApiError(AppError::NotFound).into_response(),
        Err(_) => return ApiError(AppError::Unavailable).into_response(),
    };
    let mut body = hotspot_item(&history.now);
    body["outline"] = json!(ring(&history.now));
    body["simulated"] = json!(history.simulated);
    body["day"] = json!(history.day.iter().map(|p| json!({ "at": p.at.to_string(), "estimate": p.estimate, "level": p.level.slug() })).collect::<Vec<_>>());
    no_store(Json(body).into_response())
}
