//! A time window a resident asks for: start and end in Seoul time, on the resource's step (10
//! minutes for cars, the hour for parking), long enough, not too long, not in the past and not too
//! far ahead. `Rules` says what each kind of resource allows.
//!
//! "Not in the past" allows `LATE_START`: the portal offers the next step as a start (19:40 at
//! 19:33), and a resident who reads the price and confirms at 19:41 must not be told the time they
//! were offered has passed. Such a trip starts at once and is charged from the start it names.

use super::CarError;
use crate::calendar::{IsoDate, SeoulTime};
use serde::{Deserialize, Serialize};
use time::Duration;

/// What can be booked by time window through this engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResourceKind {
    /// An electric official car, in the hours officials do not use it.
    Car,
    /// A space in a shared (office) car park, by the hour, outside office hours.
    Parking,
}

impl ResourceKind {
    pub fn slug(self) -> &'static str {
        match self {
            ResourceKind::Car => "car",
            ResourceKind::Parking => "parking",
        }
    }

    pub fn parse(s: &str) -> Option<ResourceKind> {
        [ResourceKind::Car, ResourceKind::Parking].into_iter().find(|k| k.slug() == s)
    }

    /// The first letter of its references (`V-7Q2M-9XD4` for a vehicle, `P-…` for parking).
    pub fn letter(self) -> char {
        match self {
            ResourceKind::Car => 'V',
            ResourceKind::Parking => 'P',
        }
    }

    pub fn rules(self) -> Rules {
        match self {
            ResourceKind::Car => Rules {
                step: Duration::minutes(10),
                shortest: Duration::minutes(30),
                longest: Duration::hours(72),
                buffer_after: Duration::minutes(30),
                owner_from: (8, 30),
                owner_until: (18, 30),
                ahead: Duration::days(14),
            },
            ResourceKind::Parking => Rules {
                step: Duration::hours(1),
                shortest: Duration::hours(1),
                longest: Duration::hours(24),
                buffer_after: Duration::ZERO,
                owner_from: (8, 0),
                owner_until: (19, 0),
                ahead: Duration::days(14),
            },
        }
    }
}

/// How long after its start a window may still be booked (see the module header).
pub const LATE_START: Duration = Duration::minutes(10);

impl ResourceKind {
    /// What staff may plan as official use: the same steps, any length up to two weeks, up to
    /// 90 days ahead.
    pub fn official_rules(self) -> Rules {
        Rules { shortest: self.rules().step, longest: Duration::days(14), ahead: Duration::days(90), ..self.rules() }
    }
}

/// The limits of one kind of resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Starts and ends fall on multiples of this (from midnight).
    pub step: Duration,
    pub shortest: Duration,
    pub longest: Duration,
    /// After every resident's use the resource rests this long (a car charges) before anyone else.
    pub buffer_after: Duration,
    /// The owner's (officials') hours on working days, `(hour, minute)`, Seoul time.
    pub owner_from: (u8, u8),
    pub owner_until: (u8, u8),
    /// How far ahead a window may start.
    pub ahead: Duration,
}

impl Rules {
    fn on_step(&self, t: SeoulTime) -> bool {
        let time = t.instant().time();
        let seconds = i64::from(time.hour()) * 3600 + i64::from(time.minute()) * 60 + i64::from(time.second());
        time.nanosecond() == 0 && seconds % self.step.whole_seconds() == 0
    }

    /// `t` moved forward to the next step (itself when on one).
    pub fn round_up(&self, t: SeoulTime) -> SeoulTime {
        let step = self.step.whole_seconds();
        let at = t.instant();
        let midnight = at.replace_time(time::Time::MIDNIGHT);
        let since = (at - midnight).whole_seconds() + i64::from(at.nanosecond() > 0);
        let steps = (since + step - 1) / step;
        SeoulTime::from_instant(midnight + Duration::seconds(steps * step))
    }

    /// `t` moved back to the step it is in (itself when on one).
    pub fn round_down(&self, t: SeoulTime) -> SeoulTime {
        let up = self.round_up(t);
        if up == t { t } else { SeoulTime::from_instant(up.instant() - self.step) }
    }

    /// The owner's hours on `date` (whether or not it is a working day).
    pub fn owner_hours(&self, date: IsoDate) -> (SeoulTime, SeoulTime) {
        let at = |(h, m): (u8, u8)| SeoulTime::at(date, h, m).expect("owner hours are valid times");
        (at(self.owner_from), at(self.owner_until))
    }
}

/// A window that passed every rule that does not need the resource's schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TripWindow {
    start: SeoulTime,
    end: SeoulTime,
}

impl TripWindow {
    /// Checks `start..end` against `rules` at `now`.
    pub fn new(start: SeoulTime, end: SeoulTime, rules: &Rules, now: SeoulTime) -> Result<TripWindow, CarError> {
        if end <= start {
            return Err(CarError::EndBeforeStart);
        }
        if !rules.on_step(start) || !rules.on_step(end) {
            return Err(CarError::NotOnStep { minutes: rules.step.whole_minutes() as u32 });
        }
        if start.instant() + LATE_START < now.instant() {
            return Err(CarError::InThePast);
        }
        if start.instant() > now.instant() + rules.ahead {
            return Err(CarError::TooFarAhead { days: rules.ahead.whole_days() as u32 });
        }
        let length = end.instant() - start.instant();
        if length < rules.shortest {
            return Err(CarError::TooShort { minutes: rules.shortest.whole_minutes() as u32 });
        }
        if length > rules.longest {
            return Err(CarError::TooLong { hours: rules.longest.whole_hours() as u32 });
        }
        Ok(TripWindow { start, end })
    }

    /// A window as stored: already checked when it was booked, so only its order is checked again.
    pub fn stored(start: SeoulTime, end: SeoulTime) -> Option<TripWindow> {
        (start < end).then_some(TripWindow { start, end })
    }

    /// Reads a form's `start`/`end` (`2026-11-24T19:00` as `<input type="datetime-local">` sends
    /// it, seconds or an offset allowed; always Seoul time) and checks them as `new` does.
    pub fn from_form(start: &str, end: &str, rules: &Rules, now: SeoulTime) -> Result<TripWindow, CarError> {
        let (start, end) = (parse_local(start).ok_or(CarError::BadTime)?, parse_local(end).ok_or(CarError::BadTime)?);
        TripWindow::new(start, end, rules, now)
    }

    pub fn start(self) -> SeoulTime {
        self.start
    }

    pub fn end(self) -> SeoulTime {
        self.end
    }

    pub fn minutes(self) -> i64 {
        (self.end.instant() - self.start.instant()).whole_minutes()
    }

    /// The same start with another end (an extension or an early return); checked by the caller.
    pub fn with_end(self, end: SeoulTime) -> TripWindow {
        TripWindow { start: self.start, end }
    }
}

/// `YYYY-MM-DDTHH:MM[:SS]` in Seoul time, or RFC 3339 with any offset.
pub fn parse_local(s: &str) -> Option<SeoulTime> {
    let s = s.trim();
    if s.len() > 40 {
        return None;
    }
    if let Some(t) = SeoulTime::parse(s) {
        return Some(t);
    }
    let (date, clock) = s.split_once(['T', ' '])?;
    let date = IsoDate::parse(date)?;
    let mut parts = clock.split(':');
    let num = |p: Option<&str>| -> Option<u8> { p.filter(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))?.parse().ok() };
    let (hour, minute) = (num(parts.next())?, num(parts.next())?);
    match parts.next() {
        None => {}
        Some("00") => {}
        Some(_) => return None,
    }
    if parts.next().is_some() {
        return None;
    }
    SeoulTime::at(date, hour, minute)
}

/// How a window is written in a form field (`2026-11-24T19:00`).
pub fn local_text(t: SeoulTime) -> String {
    format!("{}T{}", t.date(), t.clock_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> SeoulTime {
        parse_local(s).unwrap()
    }

    const NOW: &str = "2026-11-23T10:00";

    fn car(start: &str, end: &str) -> Result<TripWindow, CarError> {
        TripWindow::from_form(start, end, &ResourceKind::Car.rules(), t(NOW))
    }

    #[test]
    fn a_window_on_ten_minute_steps_of_at_least_half_an_hour_is_accepted() {
        let w = car("2026-11-23T19:00", "2026-11-23T19:30").unwrap();
        assert_eq!(w.minutes(), 30);
        assert_eq!(car("2026-11-23T19:00", "2026-11-23T19:20"), Err(CarError::TooShort { minutes: 30 }));
    }

    #[test]
    fn every_malformed_or_impossible_window_is_refused_with_its_reason() {
        assert_eq!(car("2026-11-23T20:00", "2026-11-23T19:00"), Err(CarError::EndBeforeStart));
        assert_eq!(car("2026-11-23T20:00", "2026-11-23T20:00"), Err(CarError::EndBeforeStart));
        assert_eq!(car("2026-11-23T19:05", "2026-11-23T20:00"), Err(CarError::NotOnStep { minutes: 10 }));
        assert_eq!(car("2026-11-23T09:00", "2026-11-23T09:40"), Err(CarError::InThePast));
        assert_eq!(car("2026-12-24T19:00", "2026-12-24T20:00"), Err(CarError::TooFarAhead { days: 14 }));
        assert_eq!(car("2026-11-23T19:00", "2026-11-26T19:10"), Err(CarError::TooLong { hours: 72 }));
        for bad in ["", "tomorrow", "2026-11-23", "2026-11-23T25:00", "2026-11-23T19:00:30", "2026-02-30T19:00", "2026-11-23T9:00"] {
            assert_eq!(car(bad, "2026-11-23T20:00"), Err(CarError::BadTime), "{bad:?}");
        }
    }

    #[test]
    fn a_start_offered_a_few_minutes_ago_still_books_but_not_one_long_past() {
        let rules = ResourceKind::Car.rules();
        let at = |now: &str| TripWindow::from_form("2026-11-23T19:40", "2026-11-23T21:00", &rules, t(now));
        assert!(at("2026-11-23T19:33").is_ok(), "offered at 19:33");
        assert!(at("2026-11-23T19:50").is_ok(), "confirmed ten minutes later");
        assert_eq!(at("2026-11-23T19:51"), Err(CarError::InThePast));
    }

    #[test]
    fn a_window_across_midnight_and_month_end_is_an_ordinary_window() {
        let w = car("2026-11-30T22:00", "2026-12-01T02:00").unwrap();
        assert_eq!(w.minutes(), 240);
        assert_eq!(local_text(w.end()), "2026-12-01T02:00");
    }

    #[test]
    fn parking_is_booked_by_the_hour() {
        let rules = ResourceKind::Parking.rules();
        let at = t(NOW);
        assert!(TripWindow::from_form("2026-11-23T19:00", "2026-11-23T21:00", &rules, at).is_ok());
        assert_eq!(TripWindow::from_form("2026-11-23T19:30", "2026-11-23T21:30", &rules, at), Err(CarError::NotOnStep { minutes: 60 }));
    }

    #[test]
    fn times_round_up_to_the_next_step() {
        let rules = ResourceKind::Car.rules();
        assert_eq!(local_text(rules.round_up(t("2026-11-23T10:01"))), "2026-11-23T10:10");
        assert_eq!(local_text(rules.round_up(t("2026-11-23T10:10"))), "2026-11-23T10:10");
        assert_eq!(local_text(rules.round_up(t("2026-11-23T23:55"))), "2026-11-24T00:00");
    }
}
