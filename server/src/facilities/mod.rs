//! Public rooms, halls and courts on the server: the demo set written on first start (`seed`), the
//! table (`store`) and their slots kept existing ahead (`calendar`). Slots are read through the
//! kids cafés' `SeatSessions` store, which reads every kind. The pages show free and booked slots,
//! so the page cache keeps none of them.

pub mod calendar;
pub mod seed;
pub mod store;

use domain::facilities::Facilities as FacilityList;
use domain::IsoDate;
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Clone)]
pub struct Facilities {
    pub list: Arc<FacilityList>,
}

/// Writes the demo facilities on first start, reads them and makes sure their slots exist.
pub async fn load(pool: &SqlitePool, today: IsoDate) -> anyhow::Result<Facilities> {
    store::insert_missing(pool, &seed::demo_facilities()).await?;
    let list = store::all(pool).await?;
    let added = calendar::ensure_slots(pool, &list, today).await?;
    tracing::info!(facilities = list.len(), added, "facility slots ensured");
    Ok(Facilities { list: Arc::new(FacilityList(list)) })
}

impl Facilities {
    pub fn provide(&self) {
        provide_context(self.list.clone());
    }

    /// Makes sure the coming slots exist (the hourly calendar run).
    pub async fn ensure_slots(&self, pool: &SqlitePool, today: IsoDate) -> sqlx::Result<u64> {
        calendar::ensure_slots(pool, &self.list.0, today).await
    }
}
