//! Crowd levels at the district's crowded points: the hotspots and their outlines (`hotspots`),
//! the four levels read from each hotspot's own thresholds (`level`), the simulated floating-
//! population feed (`feed`) and what the pages read (`ports`).

pub mod feed;
pub mod hotspots;
pub mod level;
pub mod ports;

pub use hotspots::{Hotspot, HotspotId};
pub use level::{CrowdLevel, Thresholds};
pub use ports::{CrowdData, CrowdNow, CrowdPoint, CrowdUnavailable, HotspotHistory, HotspotNow};
