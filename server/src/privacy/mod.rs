//! Privacy on the server (issue 23 §3): the download of everything held about an account
//! (`export`, from the one list of what is held, `parts`), deleting an account (`erase`, behind
//! `throttle`), and the chore that deletes refused applications' documents after the time to
//! appeal (`retention`). The notice and the forms are the app's (`app::privacy`).

pub mod erase;
pub mod export;
pub mod parts;
pub mod retention;
pub mod throttle;

use crate::AppState;
use axum::routing::get;
use leptos::prelude::provide_context;
use std::sync::Arc;

/// `GET /me/my-data.json` (with the pages: it needs the session).
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route(app::privacy::DOWNLOAD_PATH, get(export::download))
}

/// Puts account deletion in context for the server function. The throttle lives as long as the
/// process (`AppState::privacy_throttle`).
pub fn provide(state: &AppState) {
    let closing = erase::Closing {
        pool: state.pool.clone(),
        accounts: state.accounts.clone(),
        seats: state.seats.clone(),
        cars: state.carshare.store.clone(),
        clock: state.clock.clone(),
        throttle: state.privacy_throttle.clone(),
    };
    provide_context::<Arc<dyn app::privacy::ssr::AccountClosing>>(Arc::new(closing));
}
