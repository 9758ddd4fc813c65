//! The social economy on the server: the thrift store's drop-off slots kept ahead in the seat
//! engine (`calendar`), donation receipts for drop-offs (`receipts`) and Coffee Jigi's catering
//! requests (`catering`) over `0021_social_economy.sql`, behind the domain's `SocialStore` port.
//! Booking a drop-off slot is the seat engine's own `take_seat`; nothing here books seats.

pub mod calendar;
mod catering;
mod receipts;

use domain::accounts::AccountId;
use domain::courses::BoxFuture;
use domain::programmes::social::coffee::{CateringAnswer, CateringRequest};
use domain::programmes::social::thrift::ReceiptRequest;
use domain::programmes::social::*;
use domain::seats::BookingRef;
use domain::{IsoDate, SeoulTime};
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::Arc;

/// Makes sure the drop-off slots exist (start-up and the hourly calendar run).
pub async fn load(pool: &SqlitePool, today: IsoDate) -> anyhow::Result<()> {
    let added = calendar::ensure_slots(pool, today).await?;
    tracing::info!(added, "thrift-store drop-off slots ensured");
    Ok(())
}

pub fn provide(pool: &SqlitePool) {
    provide_context::<Arc<dyn SocialStore>>(Arc::new(SqliteSocial { pool: pool.clone() }));
}

/// The social economy's pages are server functions; it has no routes of its own.
pub fn routes() -> axum::Router<crate::AppState> {
    axum::Router::new()
}

pub struct SqliteSocial {
    pool: SqlitePool,
}

impl SqliteSocial {
    pub fn new(pool: SqlitePool) -> SqliteSocial {
        SqliteSocial { pool }
    }
}

/// A failure of storage: logged here, told to the page as "unavailable".
fn unavailable(what: &'static str) -> impl Fn(sqlx::Error) -> SocialFailure {
    move |e| {
        tracing::error!(error = %e, operation = what, "social economy storage failed");
        SocialFailure::Unavailable
    }
}

impl SocialStore for SqliteSocial {
    fn dropoffs_of(&self, account: AccountId) -> BoxFuture<'_, SocialResult<Vec<Dropoff>>> {
        Box::pin(async move { receipts::dropoffs_of(&self.pool, account).await.map_err(unavailable("dropoffs_of")) })
    }

    fn dropoff(&self, account: Option<AccountId>, reference: BookingRef) -> BoxFuture<'_, SocialResult<Option<Dropoff>>> {
        Box::pin(async move {
            let mut conn = self.pool.acquire().await.map_err(unavailable("dropoff"))?;
            receipts::dropoff(&mut conn, account, &reference).await.map_err(unavailable("dropoff"))
        })
    }

    fn request_receipt(&self, account: AccountId, reference: BookingRef, request: ReceiptRequest, now: SeoulTime) -> BoxFuture<'_, SocialResult<Dropoff>> {
        Box::pin(receipts::request(&self.pool, account, reference, request, now))
    }

    fn dropoffs_for_staff(&self, from: SeoulTime, to: SeoulTime) -> BoxFuture<'_, SocialResult<Vec<Dropoff>>> {
        Box::pin(async move { receipts::for_staff(&self.pool, from, to).await.map_err(unavailable("dropoffs_for_staff")) })
    }

    fn confirm_dropoff(&self, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, SocialResult<Dropoff>> {
        Box::pin(receipts::confirm(&self.pool, reference, now))
    }

    fn issue_receipt(&self, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, SocialResult<Dropoff>> {
        Box::pin(receipts::issue(&self.pool, reference, now))
    }

    fn request_catering(&self, account: AccountId, request: CateringRequest, now: SeoulTime) -> BoxFuture<'_, SocialResult<Catering>> {
        Box::pin(catering::request(&self.pool, account, request, now))
    }

    fn caterings_of(&self, account: AccountId) -> BoxFuture<'_, SocialResult<Vec<Catering>>> {
        Box::pin(async move { catering::of(&self.pool, Some(account)).await.map_err(unavailable("caterings_of")) })
    }

    fn catering(&self, account: Option<AccountId>, reference: BookingRef) -> BoxFuture<'_, SocialResult<Option<Catering>>> {
        Box::pin(async move {
            let mut conn = self.pool.acquire().await.map_err(unavailable("catering"))?;
            catering::one(&mut conn, account, &reference).await.map_err(unavailable("catering"))
        })
    }

    fn caterings_for_staff(&self) -> BoxFuture<'_, SocialResult<Vec<Catering>>> {
        Box::pin(async move { catering::of(&self.pool, None).await.map_err(unavailable("caterings_for_staff")) })
    }

    fn answer_catering(&self, reference: BookingRef, answer: CateringAnswer, now: SeoulTime) -> BoxFuture<'_, SocialResult<Catering>> {
        Box::pin(catering::answer(&self.pool, reference, answer, now))
    }

    fn accept_catering(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, SocialResult<Catering>> {
        Box::pin(catering::close(&self.pool, account, reference, catering::Close::Accept, now))
    }

    fn withdraw_catering(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, SocialResult<Catering>> {
        Box::pin(catering::close(&self.pool, account, reference, catering::Close::Withdraw, now))
    }
}
