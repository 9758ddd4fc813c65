//! The public air data API: `GET /api/v1/air/sensors`, `GET /api/v1/air/sensors/{id}/readings`, and
//! the live stream `GET /api/v1/air/stream` (server-sent events).

use crate::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
}
