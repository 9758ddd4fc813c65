//! The agency platform: public agencies (accounts granted an agency with `dongne agencies grant`)
//! register their smart-city services, each feeding a dataset of the catalogue, and push records
//! to it with keys. `store` holds the SQL, `keys` the keys, `records` the push route, `demo` the
//! district's own services and their simulated feeds. `SqlitePlatform` is the domain's
//! `AgencyPlatform` for the agency desk's server functions.

pub mod demo;
pub mod keys;
pub mod records;
pub mod store;

use crate::datasets::Catalogue;
use domain::accounts::AccountId;
use domain::courses::BoxFuture;
use domain::datasets::services::{AgencyPlatform, IssuedKey, PlatformResult, ServiceDraft, ServiceInfo};
use domain::datasets::Publisher;
use domain::{Clock, IsoDate, SeoulTime};
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Clone)]
pub struct Agencies {
    pub platform: Arc<SqlitePlatform>,
}

/// Registers the district's demo services when none are, and opens the platform.
pub async fn load(pool: &SqlitePool, catalogue: Arc<Catalogue>, clock: Arc<dyn Clock>) -> anyhow::Result<Agencies> {
    let platform = Arc::new(SqlitePlatform { pool: pool.clone(), catalogue, clock });
    demo::ensure_services(&platform).await?;
    Ok(Agencies { platform })
}

impl Agencies {
    pub fn provide(&self) {
        provide_context::<Arc<dyn AgencyPlatform>>(self.platform.clone());
    }
}

pub struct SqlitePlatform {
    pub pool: SqlitePool,
    pub catalogue: Arc<Catalogue>,
    pub clock: Arc<dyn Clock>,
}

impl AgencyPlatform for SqlitePlatform {
    fn agency_of(&self, account: AccountId) -> BoxFuture<'_, PlatformResult<Option<Publisher>>> {
        Box::pin(store::agency_of(&self.pool, account))
    }

    fn services(&self, agency: Publisher) -> BoxFuture<'_, PlatformResult<Vec<ServiceInfo>>> {
        Box::pin(store::services(&self.pool, agency))
    }

    fn register(&self, agency: Publisher, draft: ServiceDraft, today: IsoDate) -> BoxFuture<'_, PlatformResult<ServiceInfo>> {
        Box::pin(async move {
            let (id, _) = store::register(&self.pool, agency, &draft, today, self.clock.now()).await?;
            // the new dataset joins the catalogue's search at once
            self.catalogue.reload().await.map_err(|e| {
                tracing::error!(error = %e, "re-indexing the catalogue after a registration failed");
                domain::datasets::services::PlatformError::Unavailable
            })?;
            let services = store::services(&self.pool, agency).await?;
            services.into_iter().find(|s| s.id == id).ok_or(domain::datasets::services::PlatformError::Unavailable)
        })
    }

    fn issue_key(&self, agency: Publisher, service: u32, now: SeoulTime) -> BoxFuture<'_, PlatformResult<IssuedKey>> {
        Box::pin(store::issue_key(&self.pool, agency, service, now))
    }

    fn revoke_key(&self, agency: Publisher, service: u32, key: u32, now: SeoulTime) -> BoxFuture<'_, PlatformResult<()>> {
        Box::pin(store::revoke_key(&self.pool, agency, service, key, now))
    }
}
