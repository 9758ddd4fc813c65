//! `GET /me/my-data.json`: everything the portal holds about the signed-in account, as one JSON
//! file (`parts::PARTS`, each part's rows as objects). A plain link downloads it (JavaScript off
//! too); a guest following it is sent to log in and back. Personal: `private, no-store`, and the
//! page cache has no key for the address.
//!
//! Limits before work: a guest is turned away, then any query parameter (this address takes none)
//! before a row is read, and at most `AT_ONCE` exports run at a time (each reads a dozen tables).

use super::parts::PARTS;
use crate::error::{parameters, ApiError};
use crate::AppState;
use app::AppError;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use domain::accounts::{AccountId, Viewer};
use serde_json::{json, Map, Value};
use sqlx::{Column, Row, SqliteConnection, TypeInfo, ValueRef};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// Exports running at once, at most.
const AT_ONCE: usize = 4;

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(AT_ONCE))
}

pub async fn download(State(state): State<AppState>, RawQuery(raw): RawQuery, viewer: Option<Extension<Viewer>>, headers: HeaderMap) -> Response {
    let Some(Extension(viewer)) = viewer else {
        let wants_page = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
        if wants_page {
            let mut response = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&app::accounts::log_in_href(app::privacy::DOWNLOAD_PATH)) {
                response.headers_mut().insert(header::LOCATION, v);
            }
            return response;
        }
        return ApiError(AppError::SignInRequired).into_response();
    };
    if let Err(e) = parameters(raw.as_deref(), &[]) {
        return ApiError(e).into_response();
    }
    let Ok(_permit) = permits().try_acquire() else {
        return ApiError(AppError::Unavailable).into_response();
    };
    let now = state.clock.now();
    let exported = async {
        let mut conn = state.pool.acquire().await?;
        export(&mut conn, viewer.id, now).await
    }
    .await;
    match exported {
        Ok(body) => {
            let mut response = (StatusCode::OK, body.to_string()).into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            let file = format!("attachment; filename=\"dongne-my-data-{}.json\"", now.date());
            if let Ok(v) = HeaderValue::from_str(&file) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "exporting an account's data failed");
            ApiError(AppError::Unavailable).into_response()
        }
    }
}

/// The whole file for `account` at `now`.
pub async fn export(conn: &mut SqliteConnection, account: AccountId, now: domain::SeoulTime) -> sqlx::Result<Value> {
    let mut file = Map::new();
    file.insert("format".into(), json!("dongne-personal-data/1"));
    file.insert("exported_at".into(), json!(now.to_string()));
    file.insert("notice".into(), json!("/privacy"));
    for part in PARTS {
        let rows = sqlx::query(part.sql).bind(account.0).fetch_all(&mut *conn).await?;
        let objects: Vec<Value> = rows.iter().map(object).collect();
        let value = if part.one { objects.into_iter().next().unwrap_or(Value::Null) } else { Value::Array(objects) };
        file.insert(part.name.into(), value);
    }
    Ok(Value::Object(file))
}

/// One row as a JSON object, each column by its stored type (a JSON text column, like an
/// application's answers, is given as the JSON it holds).
fn object(row: &sqlx::sqlite::SqliteRow) -> Value {
    let mut map = Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let value = match row.try_get_raw(i) {
            Ok(raw) if raw.is_null() => Value::Null,
            Ok(raw) => match raw.type_info().name() {
                "INTEGER" | "BOOLEAN" => row.try_get::<i64, _>(i).map(Value::from).unwrap_or(Value::Null),
                "REAL" => row.try_get::<f64, _>(i).map(Value::from).unwrap_or(Value::Null),
                "BLOB" => json!("(binary, not included)"),
                _ => match row.try_get::<String, _>(i) {
                    Ok(text) if column.name() == "answers" => serde_json::from_str(&text).unwrap_or(Value::String(text)),
                    Ok(text) => Value::String(text),
                    Err(_) => Value::Null,
                },
            },
            Err(_) => Value::Null,
        };
        map.insert(column.name().to_string(), value);
    }
    Value::Object(map)
}
