//! The catalogue's public JSON API (`/api/v1/courses…`): the open-data face of the portal. It reads
//! searches with the same rules as the pages and answers errors as JSON with a 4xx status.

use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::courses::{CourseCatalog, CourseId, CourseQuery, FacetKind, QueryError};
use domain::Lang;
use serde_json::{json, Map, Value};

pub fn error(status: StatusCode, en: &str, ko: &str) -> Response {
    (status, Json(json!({ "error": en, "message_ko": ko }))).into_response()
}

fn bad_query(e: &QueryError) -> Response {
    error(StatusCode::BAD_REQUEST, &e.message(Lang::En), &e.message(Lang::Ko))
}

pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let query = match CourseQuery::from_url_query(&raw.unwrap_or_default()) {
        Ok(q) => q,
        Err(e) => return bad_query(&e),
    };
    let page = state.catalog.search(&query);
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
    Json(json!({
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "facets": facets,
        "items": page.items,
    }))
    .into_response()
}

pub async fn course(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match CourseId::parse(&id).and_then(|id| state.catalog.course(id)) {
        Some(course) => Json(course).into_response(),
        None => error(StatusCode::NOT_FOUND, "no course with this id", "해당 번호의 강좌가 없습니다."),
    }
}

pub async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
        .into_response()
}
