//! The simulated floating-population feed: an estimate of the people in each hotspot's area every
//! five minutes, as the telecom-based estimate the city buys would send. It is a pure function of
//! the hotspot and the five-minute slot (a day's curve for the kind of place, weekday or weekend,
//! and a little deterministic noise), so a restart or a second server writes the same numbers.

use super::hotspots::{Hotspot, PlaceKind};
use crate::SeoulTime;
use time::Weekday;

/// The feed's period.
pub const SLOT_MINUTES: i64 = 5;

/// The start of the five-minute slot `at` falls in.
pub fn slot_of(at: SeoulTime) -> SeoulTime {
    let t = at.instant();
    let minute = t.minute() - t.minute() % SLOT_MINUTES as u8;
    SeoulTime::at(at.date(), t.hour(), minute).expect("a slot start is a valid time")
}

/// The slots that start after `after` (exclusive) up to `upto` (inclusive), oldest first.
pub fn slots_between(after: SeoulTime, upto: SeoulTime) -> Vec<SeoulTime> {
    let mut slot = slot_of(upto);
    let mut slots = Vec::new();
    while slot > after {
        slots.push(slot);
        slot = slot.plus_minutes(-SLOT_MINUTES);
    }
    slots.reverse();
    slots
}

/// The estimated people in `hotspot`'s area during the slot starting at `slot`.
pub fn simulated_estimate(hotspot: &Hotspot, slot: SeoulTime) -> u32 {
    let t = slot.instant();
    let hour = t.hour() as f64 + t.minute() as f64 / 60.0;
    let weekend = matches!(t.weekday(), Weekday::Saturday | Weekday::Sunday);
    let shape = day_curve(hotspot.kind, weekend, hour);
    let key = hotspot.id.as_str();
    // ±6 % from slot to slot, ±10 % from day to day
    let noise = 1.0 + 0.12 * (unit(key, &slot.to_string()) - 0.5);
    let day = 1.0 + 0.2 * (unit(key, &slot.date().to_string()) - 0.5);
    (hotspot.peak as f64 * shape * noise * day).round().max(0.0) as u32
}

/// The day's shape for a kind of place: 0–1 of its peak at `hour` (0–24).
fn day_curve(kind: PlaceKind, weekend: bool, hour: f64) -> f64 {
    let bump = |at: f64, height: f64, width: f64| height * (-((hour - at) / width).powi(2)).exp();
    let floor = 0.03;
    let shape = match (kind, weekend) {
        (PlaceKind::Station, false) => bump(8.3, 0.95, 0.9) + bump(18.4, 1.0, 1.1) + bump(13.0, 0.3, 3.5),
        (PlaceKind::Station, true) => bump(15.0, 0.55, 3.5),
        (PlaceKind::Street, false) => bump(13.5, 0.5, 2.5) + bump(19.0, 0.6, 1.8),
        (PlaceKind::Street, true) => bump(15.5, 1.0, 3.0) + bump(20.0, 0.35, 1.5),
        (PlaceKind::Park, false) => bump(15.0, 0.4, 3.0),
        (PlaceKind::Park, true) => bump(14.5, 1.0, 2.8),
    };
    (floor + shape).min(1.05)
}

/// A number in [0, 1) from two texts (FNV-1a), the same on every machine: the demo feeds' noise.
pub fn unit(a: &str, b: &str) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in a.bytes().chain([0u8]).chain(b.bytes()) {
        h ^= byte as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crowd::hotspots::demo_hotspots;
    use crate::crowd::CrowdLevel;
    use crate::IsoDate;

    fn at(date: &str, h: u8, m: u8) -> SeoulTime {
        SeoulTime::at(IsoDate::parse(date).unwrap(), h, m).unwrap()
    }

    #[test]
    fn a_slot_starts_on_a_multiple_of_five_minutes() {
        assert_eq!(slot_of(at("2026-12-05", 14, 37)), at("2026-12-05", 14, 35));
        assert_eq!(slot_of(at("2026-12-05", 14, 35)), at("2026-12-05", 14, 35));
        let slots = slots_between(at("2026-12-05", 14, 0), at("2026-12-05", 14, 17));
        assert_eq!(slots, vec![at("2026-12-05", 14, 5), at("2026-12-05", 14, 10), at("2026-12-05", 14, 15)]);
        assert_eq!(slots_between(at("2026-12-05", 14, 0), at("2026-12-05", 14, 0)), vec![]);
        // a day is 288 slots
        assert_eq!(slots_between(at("2026-12-04", 14, 0), at("2026-12-05", 14, 0)).len(), 288);
    }

    #[test]
    fn the_feed_is_the_same_every_time_and_moves_with_the_day() {
        let spots = demo_hotspots();
        let wangsimni = spots.iter().find(|s| s.id.as_str() == "wangsimni-station").unwrap();
        // Friday 2026-12-04: the evening rush is slightly crowded or crowded, 4 a.m. is relaxed
        let rush = simulated_estimate(wangsimni, at("2026-12-04", 18, 25));
        assert_eq!(rush, simulated_estimate(wangsimni, at("2026-12-04", 18, 25)));
        assert!(wangsimni.thresholds.level(rush) >= CrowdLevel::SlightlyCrowded, "{rush}");
        let night = simulated_estimate(wangsimni, at("2026-12-04", 4, 0));
        assert_eq!(wangsimni.thresholds.level(night), CrowdLevel::Relaxed, "{night}");
        // the café street is busiest on a Saturday afternoon, and crowded then
        let street = spots.iter().find(|s| s.id.as_str() == "seongsu-cafe-street").unwrap();
        let saturday = simulated_estimate(street, at("2026-12-05", 15, 30));
        let tuesday = simulated_estimate(street, at("2026-12-01", 15, 30));
        assert!(saturday > tuesday);
        assert_eq!(street.thresholds.level(saturday), CrowdLevel::Crowded, "{saturday}");
    }

    #[test]
    fn no_estimate_goes_far_past_the_peak() {
        for spot in demo_hotspots() {
            for slot in slots_between(at("2026-11-29", 0, 0), at("2026-12-06", 0, 0)) {
                let e = simulated_estimate(&spot, slot);
                assert!(e as f64 <= spot.peak as f64 * 1.05 * 1.06 * 1.1 + 1.0, "{} {slot}: {e}", spot.id);
            }
        }
    }
}
