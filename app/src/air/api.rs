//! Server functions the air pages read through. They are public endpoints: a sensor id goes
//! through `SensorId::parse` before anything is looked up, so a hand-made body gets a 400 with a
//! message in both languages, an id nobody registered a 404.

use crate::error::AppError;
use domain::air::{AirNow, SensorDetail};
use leptos::prelude::*;

/// The whole district now: every sensor's state and the district's grade.
#[server(endpoint = "air_overview")]
pub async fn air_overview() -> Result<AirNow, AppError> {
    ssr::air()?.now().await.map_err(|_| AppError::Unavailable)
}

/// One sensor's page: its factors, grade parts, 24-hour and 7-day series and grade history.
#[server(endpoint = "air_sensor")]
pub async fn air_sensor(id: String) -> Result<SensorDetail, AppError> {
    let id = parse_sensor_id(&id)?;
    ssr::air()?.sensor(&id).await.map_err(|_| AppError::Unavailable)?.ok_or(AppError::NotFound)
}

/// The same reading of an id for the page's address and the server function's argument.
pub fn parse_sensor_id(text: &str) -> Result<domain::air::SensorId, AppError> {
    domain::air::SensorId::parse(text.trim()).ok_or_else(|| {
        AppError::bad_request(
            "측정기 번호는 DB-001처럼 영문 대문자 두 자, 줄표, 숫자 세 자리입니다.",
            "A sensor id is two capital letters, a dash and three digits, such as DB-001.",
        )
    })
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use domain::air::AirData;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn air() -> Result<Arc<dyn AirData>, AppError> {
        use_context::<Arc<dyn AirData>>().ok_or(AppError::Unavailable)
    }
}
