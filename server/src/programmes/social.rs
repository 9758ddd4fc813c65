//! The social economy on the server: thrift-store drop-offs and receipt requests, Coffee Jigi
//! catering requests, and their staff answers.

use sqlx::SqlitePool;

pub fn provide(_pool: &SqlitePool) {}

pub fn routes() -> axum::Router<crate::AppState> {
    axum::Router::new()
}
