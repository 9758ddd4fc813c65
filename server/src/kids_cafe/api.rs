//! The kids cafés' public JSON API: the branches, and one branch's sessions of one day with seats
//! left. Seats change by the second, so answers are never cached.

use crate::error::ApiError;
use crate::AppState;
use app::AppError;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::kids_cafe::{Branch, SessionsQuery};
use domain::seats::Kind;
use domain::Lang;
use serde_json::{json, Value};

/// `GET /api/v1/kids-cafe/branches`
pub async fn branches(State(state): State<AppState>) -> Response {
    let today = state.clock.today();
    let items: Vec<Value> = Branch::ALL
        .into_iter()
        .map(|b| {
            json!({
                "slug": b.slug(),
                "name_ko": b.name(Lang::Ko),
                "name_en": b.name(Lang::En),
                "address_ko": b.address(Lang::Ko),
                "address_en": b.address(Lang::En),
                "area_m2": b.area_m2(),
                "status": b.status(today).slug(),
                "opening_date": b.opening_date().map(|d| d.to_string()),
                "capacity": b.capacity(),
            })
        })
        .collect();
    uncached(Json(json!({ "branches": items })))
}

/// `GET /api/v1/kids-cafe/sessions?branch=&date=`
pub async fn sessions(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let now = state.clock.now();
    // the document's date is a day: a blank one is refused, not read as today
    if let Err(e) = crate::error::no_blank(raw.as_deref(), &["date"]) {
        return ApiError(e).into_response();
    }
    let query = match SessionsQuery::from_url_query(&raw.unwrap_or_default(), now.date()) {
        Ok(q) => q,
        Err(e) => return ApiError(AppError::bad_request(e.message(Lang::Ko), e.message(Lang::En))).into_response(),
    };
    let found = crate::kids_cafe::store::sessions_between(
        &state.pool,
        Kind::KidsCafe,
        query.branch.slug(),
        query.date,
        query.date.plus_days(1),
    )
    .await;
    let sessions = match found {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "reading kids-café sessions failed");
            return ApiError(AppError::Unavailable).into_response();
        }
    };
    let items: Vec<Value> = sessions
        .iter()
        .map(|s| {
            json!({
                "id": s.id.get(),
                "starts_at": s.starts_at.to_string(),
                "ends_at": s.ends_at.to_string(),
                "opens_at": s.opens_at.to_string(),
                "capacity": s.capacity,
                "seats_left": s.seats_left(),
                "closed": s.closed,
                "bookable_now": s.bookable_now(now),
            })
        })
        .collect();
    uncached(Json(json!({ "branch": query.branch.slug(), "date": query.date.to_string(), "sessions": items })))
}

fn uncached(body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
