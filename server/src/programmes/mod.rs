//! District programmes on the server: the SME loan's rounds (`seed`), applications and their
//! documents over `0012_programmes.sql` (`store`), document uploads and downloads (`documents`),
//! the public JSON API `/api/v1/programmes…` (`api`), and the social economy (`social`: drop-off
//! slots, donation receipts, catering requests).

pub mod api;
pub mod documents;
pub mod seed;
pub mod social;
pub mod store;

use domain::programmes::Programmes;
use domain::IsoDate;
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::Arc;

/// Writes the published loan rounds that are missing (and, on a day no round is open, a demo one).
pub async fn load(pool: &SqlitePool, today: IsoDate) -> anyhow::Result<()> {
    let mut tx = crate::db::begin_write(pool).await?;
    let published = seed::published_rounds();
    let mut added = 0;
    for round in &published {
        added += u32::from(store::insert_round(&mut tx, round).await?);
    }
    let existing = store::rounds(&mut tx).await?;
    if let Some(round) = seed::demo_round(&existing, today) {
        added += u32::from(store::insert_round(&mut tx, &round).await?);
    }
    tx.commit().await?;
    tracing::info!(added, "loan rounds ensured");
    social::load(pool, today).await
}

/// What the programmes' pages and server functions find in context.
pub fn provide(pool: &SqlitePool) {
    provide_context::<Arc<dyn Programmes>>(Arc::new(store::SqliteProgrammes::new(pool.clone())));
    social::provide(pool);
}

/// The JSON API and document downloads, with the pages.
pub fn routes() -> axum::Router<crate::AppState> {
    axum::Router::new().merge(api::routes()).merge(documents::download_routes()).merge(social::routes())
}
