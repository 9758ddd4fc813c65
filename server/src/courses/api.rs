//! The catalogue's public JSON API (`/api/v1/courses…`): the open-data face of the portal. It reads
//! searches with the same rules as the pages and answers errors through `ApiError`. Answers carry
//! an ETag (the catalogue's generation and the normalised request), so clients revalidate cheaply.

use crate::error::ApiError;
use crate::AppState;
use app::AppError;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::courses::{CourseCatalog, CourseId, CourseQuery, FacetKind};
use serde_json::{json, Map, Value};

/// Catalogue answers change only when the catalogue is reloaded: caches may keep them a minute
/// and must then revalidate.
const CACHE_CONTROL: &str = "public, max-age=60, must-revalidate";

pub async fn search(State(state): State<AppState>, headers: HeaderMap, RawQuery(raw): RawQuery) -> Response {
    let named: Vec<&str> = FacetKind::ALL.iter().map(|k| k.param()).chain(["sort", "page", "per_page"]).collect();
    if let Err(e) = crate::error::no_blank(raw.as_deref(), &named) {
        return ApiError(e).into_response();
    }
    let query = match CourseQuery::from_url_query(&raw.unwrap_or_default()) {
        Ok(q) => q,
        Err(e) => return ApiError(e.into()).into_response(),
    };
    let etag = etag(&state, &format!("search{}", query.to_query_string()));
    if let Some(unchanged) = not_modified(&headers, &etag) {
        return unchanged;
    }
    let page = match state.courses.catalog.search(&query) {
        Ok(page) => page,
        Err(e) => return ApiError(e.into()).into_response(),
    };
    let facets: Map<String, Value> = FacetKind::ALL
        .into_iter()
        .zip(&page.facets)
        .map(|(kind, counts)| {
            let values = kind
                .slugs()
                .into_iter()
                .zip(&counts.counts)
                .map(|(value, count)| json!({ "value": value, "count": count }))
                .collect();
            (kind.param().to_string(), Value::Array(values))
        })
        .collect();
    let body = json!({
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "facets": facets,
        "items": page.items,
    });
    cacheable(Json(body), etag)
}

pub async fn course(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let Some(id) = CourseId::parse(&id) else { return ApiError(AppError::NotFound).into_response() };
    let etag = etag(&state, &format!("course{id}"));
    if let Some(unchanged) = not_modified(&headers, &etag) {
        return unchanged;
    }
    match state.courses.catalog.details(id, 0) {
        Ok(Some(details)) => cacheable(Json(details.course), etag),
        Ok(None) => ApiError(AppError::NotFound).into_response(),
        Err(e) => ApiError(e.into()).into_response(),
    }
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, CACHE_CONTROL)], include_str!("openapi.json"))
        .into_response()
}

/// A weak ETag naming the catalogue generation and what was asked.
fn etag(state: &AppState, what: &str) -> String {
    format!("W/\"{}-{:016x}\"", state.page_cache.generation(), crate::page_cache::fingerprint(what.as_bytes()))
}

fn not_modified(headers: &HeaderMap, etag: &str) -> Option<Response> {
    crate::page_cache::browser_has(headers.get(header::IF_NONE_MATCH), etag).then(|| {
        (StatusCode::NOT_MODIFIED, [(header::ETAG, etag.to_string()), (header::CACHE_CONTROL, CACHE_CONTROL.to_string())])
            .into_response()
    })
}

fn cacheable(body: impl IntoResponse, etag: String) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    response
}
