//! What a trip costs, worked out before the resident confirms and stored with the booking: a rate
//! per 10 minutes, capped per period. Each night (18:30–08:30) costs at most the night package and
//! each weekend or holiday day (08:30–18:30) at most the weekend-day rate, so a long trip is charged
//! the cheaper of the two ways for every period it touches. Cancelling is free until an hour before
//! the start; later it costs half the price.

use super::holidays::is_working_day;
use super::window::TripWindow;
use crate::calendar::{IsoDate, SeoulTime};
use serde::{Deserialize, Serialize};
use time::Duration;

/// The car-share tariff, in won. Parking has its own (`PARKING`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tariff {
    /// Won per started step (10 minutes for cars, an hour for parking).
    pub per_step: u32,
    pub step_minutes: u32,
    /// The most one night (18:30 to 08:30 the next morning) costs.
    pub night_package: u32,
    /// The most one weekend or public-holiday day (08:30–18:30) costs.
    pub weekend_day: u32,
}

/// Electric cars: 500 won per 10 minutes (3,000 an hour), 12,000 a night (Hwaseong's weekday-night
/// price), 30,000 a weekend day.
pub const CARS: Tariff = Tariff { per_step: 500, step_minutes: 10, night_package: 12_000, weekend_day: 30_000 };
/// Shared parking: 1,000 won an hour, 5,000 a night, 8,000 a weekend day.
pub const PARKING: Tariff = Tariff { per_step: 1_000, step_minutes: 60, night_package: 5_000, weekend_day: 8_000 };

/// Cancelling later than this before the start costs `late_cancel_fee`.
pub const FREE_CANCEL_BEFORE: Duration = Duration::hours(1);

/// Which capped period a moment belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Period {
    /// The night that begins on the evening of this date.
    Night(IsoDate),
    /// A weekend or holiday day, 08:30–18:30.
    WeekendDay(IsoDate),
    /// Daytime on a working day (only staff-approved trips fall here): no cap.
    WorkingDay(IsoDate),
}

fn period_of(t: SeoulTime) -> Period {
    let (date, time) = (t.date(), t.instant().time());
    let minutes = u32::from(time.hour()) * 60 + u32::from(time.minute());
    if minutes >= 18 * 60 + 30 {
        Period::Night(date)
    } else if minutes < 8 * 60 + 30 {
        Period::Night(date.plus_days(-1))
    } else if is_working_day(date) {
        Period::WorkingDay(date)
    } else {
        Period::WeekendDay(date)
    }
}

/// One line of a quote: the steps in one period and what they cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub period: Period,
    pub steps: u32,
    /// `steps × per_step` before the cap.
    pub by_time: u32,
    pub charged: u32,
}

impl QuoteLine {
    pub fn capped(&self) -> bool {
        self.charged < self.by_time
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub lines: Vec<QuoteLine>,
    pub total: u32,
}

impl Tariff {
    /// The price of `window`, period by period.
    pub fn quote(&self, window: TripWindow) -> Quote {
        let step = Duration::minutes(i64::from(self.step_minutes));
        let mut lines: Vec<QuoteLine> = Vec::new();
        let mut at = window.start();
        while at < window.end() {
            let period = period_of(at);
            match lines.last_mut() {
                Some(line) if line.period == period => line.steps += 1,
                _ => lines.push(QuoteLine { period, steps: 1, by_time: 0, charged: 0 }),
            }
            at = SeoulTime::from_instant(at.instant() + step);
        }
        for line in &mut lines {
            line.by_time = line.steps * self.per_step;
            line.charged = match line.period {
                Period::Night(_) => line.by_time.min(self.night_package),
                Period::WeekendDay(_) => line.by_time.min(self.weekend_day),
                Period::WorkingDay(_) => line.by_time,
            };
        }
        let total = lines.iter().map(|l| l.charged).sum();
        Quote { lines, total }
    }
}

/// What cancelling a trip of `price` that starts at `start` costs at `now`: nothing until an hour
/// before, half the price (rounded down to 10 won) after that. `None` once it has started.
pub fn cancel_fee(price: u32, start: SeoulTime, now: SeoulTime) -> Option<u32> {
    if now >= start {
        return None;
    }
    if now.instant() + FREE_CANCEL_BEFORE <= start.instant() {
        Some(0)
    } else {
        Some(price / 2 / 10 * 10)
    }
}

#[cfg(test)]
mod tests {
    use super::super::window::{parse_local, ResourceKind};
    use super::*;

    fn w(start: &str, end: &str) -> TripWindow {
        TripWindow::stored(parse_local(start).unwrap(), parse_local(end).unwrap()).unwrap()
    }

    fn price(start: &str, end: &str) -> u32 {
        CARS.quote(w(start, end)).total
    }

    #[test]
    fn a_short_evening_trip_is_charged_by_the_ten_minutes() {
        assert_eq!(price("2026-11-23T18:30", "2026-11-23T19:00"), 1_500);
        assert_eq!(price("2026-11-23T19:00", "2026-11-23T21:00"), 6_000);
    }

    #[test]
    fn a_night_costs_at_most_the_night_package_and_the_cap_starts_exactly_at_it() {
        // 12,000 won is 24 steps (4 hours)
        assert_eq!(price("2026-11-23T19:00", "2026-11-23T22:50"), 11_500);
        assert_eq!(price("2026-11-23T19:00", "2026-11-23T23:00"), 12_000);
        assert_eq!(price("2026-11-23T19:00", "2026-11-23T23:10"), 12_000);
        assert_eq!(price("2026-11-23T18:30", "2026-11-24T08:00"), 12_000, "the whole weekday night");
    }

    #[test]
    fn the_night_ends_at_08_30_and_a_weekend_day_begins() {
        // Friday night into Saturday: 18:30–08:30 is Friday's night, then Saturday's day
        let q = CARS.quote(w("2026-11-27T18:30", "2026-11-28T09:00"));
        assert_eq!(q.lines.len(), 2);
        assert_eq!(q.lines[0].charged, 12_000);
        assert_eq!(q.lines[1], QuoteLine { period: Period::WeekendDay(IsoDate::parse("2026-11-28").unwrap()), steps: 3, by_time: 1_500, charged: 1_500 });
        assert_eq!(q.total, 13_500);
        // 08:20–08:30 is still the night, 08:30–08:40 the day
        let q = CARS.quote(w("2026-11-28T08:20", "2026-11-28T08:40"));
        assert_eq!(q.lines.iter().map(|l| l.steps).collect::<Vec<_>>(), [1, 1]);
    }

    #[test]
    fn a_weekend_day_costs_at_most_the_weekend_day_rate() {
        assert_eq!(price("2026-11-28T08:30", "2026-11-28T18:30"), 30_000, "10 hours would be 30,000 by time");
        assert_eq!(price("2026-11-28T08:30", "2026-11-28T18:20"), 29_500);
        assert_eq!(price("2026-11-29T09:00", "2026-11-29T18:30"), 28_500);
        // Saturday 08:30 to Monday 08:00: day, night, day, night
        assert_eq!(price("2026-11-28T08:30", "2026-11-30T08:00"), 30_000 + 12_000 + 30_000 + 12_000);
    }

    #[test]
    fn a_holiday_is_priced_like_a_weekend_day() {
        assert_eq!(price("2026-12-25T08:30", "2026-12-25T18:30"), 30_000);
    }

    #[test]
    fn a_trip_across_month_end_is_split_at_its_periods() {
        assert_eq!(price("2026-11-30T22:00", "2026-12-01T02:00"), 12_000);
    }

    #[test]
    fn parking_is_charged_by_the_hour_with_its_own_caps() {
        let q = PARKING.quote(TripWindow::new(parse_local("2026-11-23T19:00").unwrap(), parse_local("2026-11-23T22:00").unwrap(),
            &ResourceKind::Parking.rules(), parse_local("2026-11-23T10:00").unwrap()).unwrap());
        assert_eq!(q.total, 3_000);
        assert_eq!(PARKING.quote(w("2026-11-23T19:00", "2026-11-24T07:00")).total, 5_000);
    }

    #[test]
    fn cancelling_is_free_until_an_hour_before_then_costs_half() {
        let start = parse_local("2026-11-23T20:00").unwrap();
        let at = |s: &str| parse_local(s).unwrap();
        assert_eq!(cancel_fee(6_000, start, at("2026-11-23T19:00")), Some(0));
        assert_eq!(cancel_fee(6_000, start, at("2026-11-23T19:01")), Some(3_000));
        assert_eq!(cancel_fee(1_510, start, at("2026-11-23T19:59")), Some(750));
        assert_eq!(cancel_fee(6_000, start, at("2026-11-23T20:00")), None);
    }
}
