//! A live layer's rows for its catalogue page: the layer's own public API asked in-process (the
//! same handler, the same answer a client gets), its items read into a cell per column.

use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use domain::courses::{BoxFuture, StorageUnavailable};
use domain::datasets::{Column, LiveLayer, LiveLayerRows};
use serde_json::Value;

/// The largest live answer read for a preview (the course page's 20 items, 80 sensors).
const ANSWER_LIMIT: usize = 4 << 20;

pub struct LiveRows(pub AppState);

impl LiveLayerRows for LiveRows {
    fn first_rows(&self, layer: LiveLayer, columns: &[Column], limit: usize) -> BoxFuture<'_, Result<Vec<Vec<String>>, StorageUnavailable>> {
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        Box::pin(async move {
            let state = self.0.clone();
            let query = layer.api_path().split_once('?').map(|(_, q)| q.to_string());
            let response = match layer {
                LiveLayer::Courses => crate::courses::api::search(State(state), HeaderMap::new(), RawQuery(query)).await,
                LiveLayer::KidsCafeSeats => crate::kids_cafe::api::sessions(State(state), RawQuery(query)).await,
                LiveLayer::Cars => crate::carshare::api::cars(State(state), RawQuery(query)).await,
                LiveLayer::AirQuality => crate::air::api::sensors(State(state), RawQuery(query)).await,
            };
            if response.status() != StatusCode::OK {
                tracing::error!(status = %response.status(), api = layer.api_path(), "a live layer's API refused its preview");
                return Err(StorageUnavailable);
            }
            let body = axum::body::to_bytes(response.into_body(), ANSWER_LIMIT).await.map_err(|_| StorageUnavailable)?;
            let answer: Value = serde_json::from_slice(&body).map_err(|_| StorageUnavailable)?;
            Ok(rows_of(&answer, layer.items_field(), &names, limit))
        })
    }
}

/// The first `limit` items of `answer[field]`, a cell per named field: text as it is, a number
/// as JSON writes it, nothing for null or a missing field.
pub fn rows_of(answer: &Value, field: &str, names: &[String], limit: usize) -> Vec<Vec<String>> {
    let items = answer[field].as_array().map(Vec::as_slice).unwrap_or_default();
    items
        .iter()
        .take(limit)
        .map(|item| {
            names
                .iter()
                .map(|name| match &item[name.as_str()] {
                    Value::String(text) => text.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn items_become_rows_in_column_order() {
        let answer = json!({ "cars": [{ "id": 3, "model_ko": "EV6", "range_km": 475, "x": true }, { "id": 4, "model_ko": null }], "at": "now" });
        let names = ["model_ko", "id", "range_km"].map(String::from);
        assert_eq!(rows_of(&answer, "cars", &names, 10), [vec!["EV6", "3", "475"], vec!["", "4", ""]]);
        assert_eq!(rows_of(&answer, "cars", &names, 1).len(), 1);
        assert!(rows_of(&answer, "sensors", &names, 10).is_empty());
    }
}
