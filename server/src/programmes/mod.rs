//! District programmes on the server: applications and their documents, the staff review, the
//! public JSON API (`/api/v1/programmes…`), and the social economy (`social`).

pub mod social;

use sqlx::SqlitePool;

/// What the programmes' pages and server functions find in context.
pub fn provide(pool: &SqlitePool) {
    social::provide(pool);
}

pub fn routes() -> axum::Router<crate::AppState> {
    axum::Router::new().merge(social::routes())
}
