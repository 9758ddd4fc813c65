//! Server functions the crowd pages read through. They are public endpoints: a hotspot id is read
//! by `HotspotId`'s own parser (an argument that is no slug is refused with a 400 before the
//! function runs), an id nobody watches is `None`.

use crate::error::AppError;
use domain::crowd::{CrowdNow, HotspotHistory, HotspotId};
use leptos::prelude::*;

/// Every hotspot with its latest estimate and level.
#[server(endpoint = "crowd_now")]
pub async fn crowd_levels() -> Result<CrowdNow, AppError> {
    ssr::crowd()?.now().await.map_err(|_| AppError::Unavailable)
}

/// One hotspot now and its last 24 hours; `None` when the district watches no such hotspot.
#[server(endpoint = "crowd_hotspot")]
pub async fn crowd_hotspot(id: HotspotId) -> Result<Option<HotspotHistory>, AppError> {
    ssr::crowd()?.history(&id).await.map_err(|_| AppError::Unavailable)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use domain::crowd::CrowdData;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn crowd() -> Result<Arc<dyn CrowdData>, AppError> {
        use_context::<Arc<dyn CrowdData>>().ok_or(AppError::Unavailable)
    }
}
