//! Dates and the clock. The domain never reads a clock: rules take `now` as an argument from the
//! `Clock` port, so they are deterministic and tests set the time. Dongne's time is Seoul's
//! (UTC+9 all year: Korea keeps no daylight saving time).

use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, Month, OffsetDateTime, UtcOffset};

/// Asia/Seoul: nine hours ahead of UTC, with no daylight saving time.
pub const SEOUL: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("+09:00 is a valid offset"),
};

/// A calendar date, written `YYYY-MM-DD` in URLs, files and JSON, checked to exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoDate(Date);

impl IsoDate {
    /// Reads `YYYY-MM-DD` (years 1900–2200); anything else, or a day that does not exist, is `None`.
    pub fn parse(s: &str) -> Option<IsoDate> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !s.is_char_boundary(4) {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u16>().ok();
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1900..=2200).contains(&y) {
            return None;
        }
        let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
        Date::from_calendar_date(y as i32, month, u8::try_from(d).ok()?).ok().map(IsoDate)
    }

    pub const fn from_date(date: Date) -> IsoDate {
        IsoDate(date)
    }

    pub fn date(self) -> Date {
        self.0
    }

    /// YYYYMMDD as a number: sorts like the date.
    pub fn sort_key(self) -> u32 {
        let d = self.0;
        d.year() as u32 * 10_000 + u8::from(d.month()) as u32 * 100 + d.day() as u32
    }

    /// The date `days` later (earlier when negative).
    pub fn plus_days(self, days: i64) -> IsoDate {
        IsoDate(self.0 + time::Duration::days(days))
    }

    /// The same day `months` later, or the month's last day when it has no such day (31 January
    /// plus one month is 28 or 29 February), as loan schedules count.
    pub fn plus_months(self, months: u32) -> IsoDate {
        let d = self.0;
        let index = d.year() * 12 + (u8::from(d.month()) as i32 - 1) + months as i32;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u8 + 1);
        let month = Month::try_from(month).unwrap_or(Month::January);
        let day = d.day().min(month.length(year));
        IsoDate(Date::from_calendar_date(year, month, day).unwrap_or(d))
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: IsoDate) -> i64 {
        (later.0 - self.0).whole_days()
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u8 {
        u8::from(self.0.month())
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(f, "{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
}

impl TryFrom<String> for IsoDate {
    type Error = String;
    fn try_from(s: String) -> Result<IsoDate, String> {
        IsoDate::parse(&s).ok_or_else(|| "a date is written YYYY-MM-DD and must exist".to_string())
    }
}

impl From<IsoDate> for String {
    fn from(d: IsoDate) -> String {
        d.to_string()
    }
}

/// A moment in Seoul time. Written as RFC 3339 in +09:00 (`2026-11-24T09:00:00+09:00`), so stored
/// text sorts in time order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SeoulTime(OffsetDateTime);

impl fmt::Display for SeoulTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (d, t) = (self.0.date(), self.0.time());
        write!(f, "{}T{:02}:{:02}:{:02}+09:00", IsoDate(d), t.hour(), t.minute(), t.second())
    }
}

impl TryFrom<String> for SeoulTime {
    type Error = String;
    fn try_from(s: String) -> Result<SeoulTime, String> {
        SeoulTime::parse(&s).ok_or_else(|| "a time is written YYYY-MM-DDTHH:MM:SS+09:00".to_string())
    }
}

impl From<SeoulTime> for String {
    fn from(t: SeoulTime) -> String {
        t.to_string()
    }
}

impl SeoulTime {
    /// The same instant, seen from Seoul.
    pub fn from_instant(at: OffsetDateTime) -> SeoulTime {
        SeoulTime(at.to_offset(SEOUL))
    }

    /// Seoul's local `date` at `hour:minute`.
    pub fn at(date: IsoDate, hour: u8, minute: u8) -> Option<SeoulTime> {
        let time = time::Time::from_hms(hour, minute, 0).ok()?;
        Some(SeoulTime(date.0.with_time(time).assume_offset(SEOUL)))
    }

    pub fn date(self) -> IsoDate {
        IsoDate(self.0.date())
    }

    /// Reads the RFC 3339 text `Display` writes (any offset; seen from Seoul), in the years
    /// `IsoDate` allows (1900–2200): a year-9999 time seen from Seoul would not exist, and arithmetic
    /// near the ends of the calendar panics.
    pub fn parse(s: &str) -> Option<SeoulTime> {
        let at = OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()?.checked_to_offset(SEOUL)?;
        (1900..=2200).contains(&at.year()).then_some(SeoulTime(at))
    }

    /// The moment `minutes` later (earlier when negative).
    pub fn plus_minutes(self, minutes: i64) -> SeoulTime {
        SeoulTime(self.0 + time::Duration::minutes(minutes))
    }

    /// `HH:MM`, as timetables show it.
    pub fn clock_text(self) -> String {
        format!("{:02}:{:02}", self.0.hour(), self.0.minute())
    }

    pub fn instant(self) -> OffsetDateTime {
        self.0
    }
}

/// Where the time comes from: the system clock on the server, a fixed moment in tests.
pub trait Clock: Send + Sync {
    fn now(&self) -> SeoulTime;

    fn today(&self) -> IsoDate {
        self.now().date()
    }
}

/// A clock that always says the same time: for tests and for reproducible demo data.
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub SeoulTime);

impl Clock for FixedClock {
    fn now(&self) -> SeoulTime {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seoul_times_are_written_in_plus_nine_and_read_back() {
        let t = SeoulTime::at(IsoDate::parse("2026-11-24").unwrap(), 9, 0).unwrap();
        assert_eq!(t.to_string(), "2026-11-24T09:00:00+09:00");
        assert_eq!(SeoulTime::parse(&t.to_string()), Some(t));
        assert_eq!(SeoulTime::parse("2026-11-24T00:00:00Z").unwrap().to_string(), "2026-11-24T09:00:00+09:00");
        assert_eq!(t.clock_text(), "09:00");
        assert!(SeoulTime::parse("tomorrow").is_none());
    }

    #[test]
    fn a_time_at_the_ends_of_the_calendar_is_refused_not_a_panic() {
        for s in ["9999-12-31T23:59:59Z", "9999-12-31T20:00:00-12:00", "0000-01-01T00:00:00Z", "1899-12-31T23:00:00+09:00", "2201-01-01T00:00:00+09:00"] {
            assert_eq!(SeoulTime::parse(s), None, "{s}");
        }
        assert!(SeoulTime::parse("2200-12-31T23:59:59+09:00").is_some());
    }

    #[test]
    fn only_real_calendar_dates_parse() {
        assert!(IsoDate::parse("2026-02-28").is_some());
        assert!(IsoDate::parse("2028-02-29").is_some());
        assert!(IsoDate::parse("2026-02-29").is_none());
        assert!(IsoDate::parse("2026-13-01").is_none());
        assert!(IsoDate::parse("26-1-1").is_none());
        assert!(IsoDate::parse("2026-1-01").is_none());
        assert!(IsoDate::parse("가나-1-01").is_none());
    }

    #[test]
    fn dates_print_as_they_were_written_and_sort_by_their_key() {
        let d = IsoDate::parse("2026-03-09").unwrap();
        assert_eq!(d.to_string(), "2026-03-09");
        assert_eq!(d.sort_key(), 20260309);
        assert_eq!(d.plus_days(23).to_string(), "2026-04-01");
        assert_eq!(serde_json::to_string(&d).unwrap(), r#""2026-03-09""#);
        assert!(serde_json::from_str::<IsoDate>(r#""2026-02-30""#).is_err());
    }

    #[test]
    fn a_utc_evening_is_already_tomorrow_in_seoul() {
        let utc = time::macros::datetime!(2026-11-23 20:30 UTC);
        let seoul = SeoulTime::from_instant(utc);
        assert_eq!(seoul.date().to_string(), "2026-11-24");
        assert_eq!(FixedClock(seoul).today().to_string(), "2026-11-24");
    }
}
