//! `POST /api/v1/air/readings`: signed batches from the sensors (see `domain::air::signing`).

use crate::AppState;
use axum::Router;

pub fn routes(state: AppState) -> Router {
    Router::new().with_state(state)
}
