//! What the crowd pages read (the server implements it over SQLite).

use super::hotspots::{Hotspot, HotspotId};
use super::level::CrowdLevel;
use crate::courses::BoxFuture;
use crate::SeoulTime;

/// An estimate older than this is not shown as the hotspot's state (the feed sends every 5).
pub const STALE_AFTER_MINUTES: i64 = 15;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("crowd data unavailable")]
pub struct CrowdUnavailable;

/// One estimate of a hotspot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CrowdPoint {
    /// The start of its five-minute slot.
    pub at: SeoulTime,
    pub estimate: u32,
    pub level: CrowdLevel,
}

/// A hotspot with its latest estimate.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HotspotNow {
    pub hotspot: Hotspot,
    /// `None` before the first estimate or once the latest is stale.
    pub latest: Option<CrowdPoint>,
}

impl HotspotNow {
    /// Reads `latest` against `now`: an estimate older than `STALE_AFTER_MINUTES` is dropped.
    pub fn new(hotspot: Hotspot, latest: Option<CrowdPoint>, now: SeoulTime) -> HotspotNow {
        let latest = latest.filter(|p| p.at >= now.plus_minutes(-STALE_AFTER_MINUTES));
        HotspotNow { hotspot, latest }
    }

    pub fn level(&self) -> Option<CrowdLevel> {
        self.latest.map(|p| p.level)
    }
}

/// Every hotspot now.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CrowdNow {
    pub at: SeoulTime,
    pub hotspots: Vec<HotspotNow>,
    /// The estimates come from the built-in simulator (pages say so).
    pub simulated: bool,
}

impl CrowdNow {
    /// The hotspots at the top level, which the alert banner names.
    pub fn crowded(&self) -> impl Iterator<Item = &HotspotNow> {
        self.hotspots.iter().filter(|h| h.level() == Some(CrowdLevel::Crowded))
    }
}

/// A hotspot's page: its state and the last 24 hours, oldest first.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HotspotHistory {
    pub now: HotspotNow,
    pub day: Vec<CrowdPoint>,
    pub simulated: bool,
}

pub trait CrowdData: Send + Sync {
    fn now(&self) -> BoxFuture<'_, Result<CrowdNow, CrowdUnavailable>>;
    fn history<'a>(&'a self, id: &'a HotspotId) -> BoxFuture<'a, Result<Option<HotspotHistory>, CrowdUnavailable>>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crowd::hotspots::demo_hotspots;
    use crate::IsoDate;

    #[test]
    fn a_stale_estimate_is_no_state_and_the_banner_names_only_crowded_hotspots() {
        let now = SeoulTime::at(IsoDate::parse("2026-12-05").unwrap(), 15, 32).unwrap();
        let spots = demo_hotspots();
        let point = |minutes_ago: i64, estimate: u32, spot: &Hotspot| CrowdPoint {
            at: now.plus_minutes(-minutes_ago),
            estimate,
            level: spot.thresholds.level(estimate),
        };
        let fresh = HotspotNow::new(spots[0].clone(), Some(point(2, 9_500, &spots[0])), now);
        let stale = HotspotNow::new(spots[1].clone(), Some(point(16, 20_000, &spots[1])), now);
        let edge = HotspotNow::new(spots[2].clone(), Some(point(15, 100, &spots[2])), now);
        assert_eq!(fresh.level(), Some(CrowdLevel::Crowded));
        assert_eq!(stale.level(), None);
        assert_eq!(edge.level(), Some(CrowdLevel::Relaxed));
        let all = CrowdNow { at: now, hotspots: vec![fresh, stale, edge], simulated: true };
        let named: Vec<_> = all.crowded().map(|h| h.hotspot.id.as_str()).collect();
        assert_eq!(named, vec!["seongsu-cafe-street"]);
    }
}
