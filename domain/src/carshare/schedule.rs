//! One resource's schedule: the owner's hours on working days, the official trips staff add, and
//! residents' trips, each of which blocks the resource for its charging buffer too. From these come
//! the free windows residents are shown and the one check every booking, extension and official
//! trip passes: nothing may start before what is already there (with its buffer) has ended.
//! Free windows run across midnight (a night is one window, 18:30 to 08:00, not two halves), so
//! the time a page offers first (`suggestion`) is always one the rules accept.

use super::holidays::is_working_day;
use super::window::{Rules, TripWindow};
use super::CarError;
use crate::calendar::SeoulTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UseKind {
    /// The owner's hours on a working day (computed, never stored).
    OwnerHours,
    /// A trip staff added for official work.
    Official,
    /// A resident's booking.
    Resident,
}

/// One use of a resource. `reference` names a resident's booking (empty otherwise).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Use {
    pub kind: UseKind,
    pub start: SeoulTime,
    pub end: SeoulTime,
    pub reference: String,
}

impl Use {
    /// Until when nobody else may use the resource: a resident's trip is followed by the buffer.
    pub fn blocks_until(&self, rules: &Rules) -> SeoulTime {
        match self.kind {
            UseKind::Resident => SeoulTime::from_instant(self.end.instant() + rules.buffer_after),
            _ => self.end,
        }
    }
}

/// The owner's hours of every working day that touches `from..to`.
pub fn owner_hours(rules: &Rules, from: SeoulTime, to: SeoulTime) -> Vec<Use> {
    let mut out = Vec::new();
    let mut date = from.date().plus_days(-1);
    while date <= to.date() {
        if is_working_day(date) {
            let (start, end) = rules.owner_hours(date);
            if start < to && end > from {
                out.push(Use { kind: UseKind::OwnerHours, start, end, reference: String::new() });
            }
        }
        date = date.plus_days(1);
    }
    out
}

/// Every use of the resource in `from..to`: the owner's hours plus `stored` (official and
/// resident trips), in time order.
pub fn all_uses(rules: &Rules, stored: &[Use], from: SeoulTime, to: SeoulTime) -> Vec<Use> {
    let mut uses = owner_hours(rules, from, to);
    uses.extend(stored.iter().filter(|u| u.start < to && u.blocks_until(rules) > from).cloned());
    uses.sort_by_key(|u| (u.start, u.end));
    uses
}

/// Whether a resident's `window` fits among `stored` uses (the owner's hours are added here):
/// it must not overlap any use or its buffer, and its own buffer must end before the next use.
pub fn check_resident(rules: &Rules, window: TripWindow, stored: &[Use]) -> Result<(), CarError> {
    let with_buffer = SeoulTime::from_instant(window.end().instant() + rules.buffer_after);
    let from = SeoulTime::from_instant(window.start().instant() - rules.buffer_after);
    for u in all_uses(rules, stored, from, with_buffer) {
        if u.start >= with_buffer || u.blocks_until(rules) <= window.start() {
            continue;
        }
        return Err(match u.kind {
            UseKind::OwnerHours | UseKind::Official if u.start < window.end() => CarError::OfficialUse { from: u.start, until: u.end },
            UseKind::Resident if u.start < window.end() && u.end > window.start() => CarError::Taken,
            // only a buffer overlaps: the car must charge before or after
            _ => CarError::ChargingGap { minutes: rules.buffer_after.whole_minutes() as u32 },
        });
    }
    Ok(())
}

/// Staff adding an official trip: it may not overlap another official trip, and may not overlap a
/// resident's trip (or its buffer) unless it is an emergency, when those trips are the ones to
/// cancel. Returns the references of the residents' trips in the way.
pub fn check_official(rules: &Rules, window: TripWindow, stored: &[Use], emergency: bool) -> Result<Vec<String>, CarError> {
    let mut in_the_way = Vec::new();
    for u in stored {
        if u.start >= window.end() || u.blocks_until(rules) <= window.start() {
            continue;
        }
        match u.kind {
            UseKind::Resident => in_the_way.push(u.reference.clone()),
            _ => return Err(CarError::OfficialUse { from: u.start, until: u.end }),
        }
    }
    if !in_the_way.is_empty() && !emergency {
        return Err(CarError::ResidentsBooked { references: in_the_way });
    }
    Ok(in_the_way)
}

/// A stretch of time in which a resident may book: start no earlier than `start`, end no later
/// than `end` (the next use less the buffer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeWindow {
    pub start: SeoulTime,
    pub end: SeoulTime,
}

impl FreeWindow {
    pub fn minutes(&self) -> i64 {
        (self.end.instant() - self.start.instant()).whole_minutes()
    }
}

/// The windows in `from..to` (from `now` on) where a resident trip of at least the shortest length
/// fits, each as long as the next use allows (capped at `to`).
pub fn free_windows(rules: &Rules, stored: &[Use], from: SeoulTime, to: SeoulTime, now: SeoulTime) -> Vec<FreeWindow> {
    let from = rules.round_up(from.max(now));
    // a cap is where the caller stops looking, not a use: it ends a window on a step
    let to = rules.round_down(to);
    if from >= to {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cursor = from;
    let uses = all_uses(rules, stored, from, SeoulTime::from_instant(to.instant() + rules.buffer_after));
    let mut push = |start: SeoulTime, next_use: SeoulTime, capped: bool| {
        let end = if capped { next_use } else { SeoulTime::from_instant(next_use.instant() - rules.buffer_after) };
        let start = rules.round_up(start);
        if end.instant() - start.instant() >= rules.shortest {
            out.push(FreeWindow { start, end });
        }
    };
    for u in &uses {
        if u.start > cursor {
            push(cursor, u.start.min(to), u.start >= to);
        }
        cursor = cursor.max(u.blocks_until(rules));
        if cursor >= to {
            break;
        }
    }
    if cursor < to {
        push(cursor, to, true);
    }
    out
}

/// How long the first offer is when the window allows it.
pub const SUGGESTED_MINUTES: i64 = 120;

/// The time a page offers first: the start of the first free window, `wanted` long or as much as
/// the window holds. Free windows start on a step, end on one, are never shorter than the shortest
/// booking and are not cut at midnight, so the offer passes `TripWindow::new` and `check_resident`.
pub fn suggestion(free: &[FreeWindow], wanted_minutes: i64) -> Option<TripWindow> {
    let w = free.first()?;
    let end = w.start.plus_minutes(wanted_minutes).min(w.end);
    TripWindow::stored(w.start, end)
}

#[cfg(test)]
mod tests {
    use super::super::window::{parse_local, ResourceKind};
    use super::*;

    fn t(s: &str) -> SeoulTime {
        parse_local(s).unwrap()
    }

    fn rules() -> Rules {
        ResourceKind::Car.rules()
    }

    fn window(start: &str, end: &str) -> TripWindow {
        TripWindow::stored(t(start), t(end)).unwrap()
    }

    fn resident(start: &str, end: &str, reference: &str) -> Use {
        Use { kind: UseKind::Resident, start: t(start), end: t(end), reference: reference.into() }
    }

    fn official(start: &str, end: &str) -> Use {
        Use { kind: UseKind::Official, start: t(start), end: t(end), reference: String::new() }
    }

    #[test]
    fn office_hours_on_a_working_day_are_official_use() {
        assert_eq!(check_resident(&rules(), window("2026-11-23T18:00", "2026-11-23T19:00"), &[]),
            Err(CarError::OfficialUse { from: t("2026-11-23T08:30"), until: t("2026-11-23T18:30") }));
        assert!(check_resident(&rules(), window("2026-11-23T18:30", "2026-11-23T19:00"), &[]).is_ok());
        assert!(check_resident(&rules(), window("2026-11-28T09:00", "2026-11-28T17:00"), &[]).is_ok(), "a Saturday");
        assert!(check_resident(&rules(), window("2026-12-25T09:00", "2026-12-25T17:00"), &[]).is_ok(), "Christmas");
    }

    #[test]
    fn a_trip_must_leave_the_charging_buffer_before_the_next_official_use() {
        // office hours start at 08:30 on Tuesday: the car is back by 08:00
        assert!(check_resident(&rules(), window("2026-11-23T19:00", "2026-11-24T08:00"), &[]).is_ok());
        assert_eq!(check_resident(&rules(), window("2026-11-23T19:00", "2026-11-24T08:10"), &[]), Err(CarError::ChargingGap { minutes: 30 }));
    }

    #[test]
    fn a_trip_overlapping_or_too_close_to_another_is_refused() {
        let stored = [resident("2026-11-23T20:00", "2026-11-23T22:00", "V-AAAA-AAAA")];
        assert_eq!(check_resident(&rules(), window("2026-11-23T21:00", "2026-11-23T23:00"), &stored), Err(CarError::Taken));
        assert_eq!(check_resident(&rules(), window("2026-11-23T22:00", "2026-11-23T23:00"), &stored), Err(CarError::ChargingGap { minutes: 30 }));
        assert!(check_resident(&rules(), window("2026-11-23T22:30", "2026-11-23T23:00"), &stored).is_ok());
        assert_eq!(check_resident(&rules(), window("2026-11-23T19:00", "2026-11-23T19:40"), &stored), Err(CarError::ChargingGap { minutes: 30 }));
        assert!(check_resident(&rules(), window("2026-11-23T18:50", "2026-11-23T19:30"), &stored).is_ok());
    }

    #[test]
    fn an_official_trip_over_a_resident_booking_needs_an_emergency() {
        let stored = [resident("2026-11-28T10:00", "2026-11-28T12:00", "V-AAAA-AAAA")];
        let trip = window("2026-11-28T12:10", "2026-11-28T13:00");
        assert_eq!(check_official(&rules(), trip, &stored, false), Err(CarError::ResidentsBooked { references: vec!["V-AAAA-AAAA".into()] }));
        assert_eq!(check_official(&rules(), trip, &stored, true), Ok(vec!["V-AAAA-AAAA".into()]));
        assert_eq!(check_official(&rules(), window("2026-11-28T12:30", "2026-11-28T13:00"), &stored, false), Ok(vec![]));
        let with_official = [official("2026-11-28T14:00", "2026-11-28T15:00")];
        assert!(check_official(&rules(), window("2026-11-28T14:30", "2026-11-28T16:00"), &with_official, true).is_err());
    }

    #[test]
    fn free_windows_are_the_complement_less_the_buffer_before_each_use() {
        let stored = [resident("2026-11-23T20:00", "2026-11-23T22:00", "V-AAAA-AAAA")];
        let free = free_windows(&rules(), &stored, t("2026-11-23T00:00"), t("2026-11-25T00:00"), t("2026-11-23T10:03"));
        let text: Vec<String> = free.iter().map(|w| format!("{}-{}", w.start, w.end)).collect();
        assert_eq!(text, [
            "2026-11-23T18:30:00+09:00-2026-11-23T19:30:00+09:00",
            "2026-11-23T22:30:00+09:00-2026-11-24T08:00:00+09:00",
            "2026-11-24T18:30:00+09:00-2026-11-25T00:00:00+09:00",
        ]);
    }

    /// What a resident is offered at `now` on the page of a resource with `stored` uses.
    fn offered(kind: ResourceKind, stored: &[Use], now: SeoulTime) -> Option<TripWindow> {
        let rules = kind.rules();
        let free = free_windows(&rules, stored, now, now.plus_minutes(7 * 24 * 60), now);
        suggestion(&free, SUGGESTED_MINUTES)
    }

    /// The offer passes every rule at `now`, and still when confirmed up to nine minutes later.
    fn assert_bookable(kind: ResourceKind, stored: &[Use], now: SeoulTime) {
        let rules = kind.rules();
        let offer = offered(kind, stored, now).unwrap_or_else(|| panic!("{kind:?} at {now}: nothing offered"));
        for late in [0, 9] {
            let at = now.plus_minutes(late);
            let window = TripWindow::new(offer.start(), offer.end(), &rules, at)
                .unwrap_or_else(|e| panic!("{kind:?} at {now} (+{late} min): {}–{} refused: {e:?}", offer.start(), offer.end()));
            check_resident(&rules, window, stored).unwrap_or_else(|e| panic!("{kind:?} at {now}: {window:?} clashes: {e:?}"));
        }
    }

    #[test]
    fn the_offered_time_is_bookable_at_awkward_moments() {
        // Monday 2026-11-23 23:45 and 23:31, Tuesday 00:05, 08:25 (office hours at 08:30),
        // 18:25, a Friday evening, the eve of Christmas (a Thursday holiday) late at night,
        // New Year's Eve, a Sunday just before midnight
        let moments = ["2026-11-23T23:45", "2026-11-23T23:31", "2026-11-24T00:05", "2026-11-24T08:25", "2026-11-24T18:25",
            "2026-11-27T18:25", "2026-12-24T23:45", "2026-12-24T08:25", "2026-12-31T23:55", "2026-11-29T23:59"];
        for kind in [ResourceKind::Car, ResourceKind::Parking] {
            for now in moments {
                assert_bookable(kind, &[], t(now));
            }
        }
        let offer = offered(ResourceKind::Car, &[], t("2026-11-23T23:45")).unwrap();
        assert_eq!((offer.start(), offer.end()), (t("2026-11-23T23:50"), t("2026-11-24T01:50")), "the night goes on past midnight");
        let offer = offered(ResourceKind::Car, &[], t("2026-11-24T08:25")).unwrap();
        assert_eq!(offer.start(), t("2026-11-24T18:30"), "08:30 is too close to office hours: this evening");
        let offer = offered(ResourceKind::Car, &[], t("2026-11-24T07:31")).unwrap();
        assert_eq!(offer.start(), t("2026-11-24T18:30"), "07:40–08:00 is too short to offer: this evening");
    }

    #[test]
    fn the_offered_time_is_bookable_every_seven_minutes_of_a_holiday_week_with_trips_in_it() {
        let stored = [
            resident("2026-12-21T19:10", "2026-12-21T23:50", "V-AAAA-AAAA"),
            resident("2026-12-23T00:00", "2026-12-23T02:20", "V-BBBB-BBBB"),
            official("2026-12-24T20:00", "2026-12-25T09:00"),
            resident("2026-12-26T10:00", "2026-12-26T10:30", "V-CCCC-CCCC"),
        ];
        let mut now = t("2026-12-21T00:00");
        while now < t("2026-12-28T00:00") {
            assert_bookable(ResourceKind::Car, &stored, now);
            assert_bookable(ResourceKind::Parking, &[], now);
            now = now.plus_minutes(7);
        }
    }

    #[test]
    fn a_free_window_capped_where_the_caller_stops_looking_ends_on_a_step() {
        let free = free_windows(&rules(), &[], t("2026-11-28T10:03"), t("2026-11-28T13:47"), t("2026-11-28T10:03"));
        assert_eq!(free, [FreeWindow { start: t("2026-11-28T10:10"), end: t("2026-11-28T13:40") }]);
    }
}
