//! The read side of air quality: what the pages show (`domain::air::AirData`), from the latest
//! values, the hourly aggregates and the registry.

use domain::air::{AirData, AirNow, AirUnavailable, SensorDetail, SensorId};
use domain::courses::BoxFuture;
use domain::Clock;
use sqlx::SqlitePool;
use std::sync::Arc;

pub struct SqliteAir {
    pub pool: SqlitePool,
    pub clock: Arc<dyn Clock>,
    pub simulated: bool,
}

impl SqliteAir {
    pub fn new(pool: SqlitePool, clock: Arc<dyn Clock>, simulated: bool) -> SqliteAir {
        SqliteAir { pool, clock, simulated }
    }
}

impl AirData for SqliteAir {
    fn now(&self) -> BoxFuture<'_, Result<AirNow, AirUnavailable>> {
        Box::pin(async move { Err(AirUnavailable) })
    }

    fn sensor<'a>(&'a self, _id: &'a SensorId) -> BoxFuture<'a, Result<Option<SensorDetail>, AirUnavailable>> {
        Box::pin(async move { Ok(None) })
    }
}
