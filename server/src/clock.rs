//! The system clock behind the domain's `Clock` port: Seoul time, read when a rule asks. For tests
//! of what changes with the hour, `dongne serve --clock 2026-11-23T23:45` (`DONGNE_CLOCK`) starts
//! the server's clock at that Seoul time and lets it run on from there (`ShiftedClock`), so a
//! browser test can meet midnight at any hour of the real day. Never set it in production.

use domain::{Clock, SeoulTime};
use time::{Duration, OffsetDateTime};

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SeoulTime {
        SeoulTime::from_instant(OffsetDateTime::now_utc())
    }
}

/// The system clock moved by a fixed offset: it stood at a chosen time when the server started.
pub struct ShiftedClock {
    offset: Duration,
}

impl ShiftedClock {
    /// A clock that reads `start` now and runs on in real time.
    pub fn starting_at(start: SeoulTime) -> ShiftedClock {
        ShiftedClock { offset: start.instant() - OffsetDateTime::now_utc() }
    }

    /// Reads `--clock`'s value: `2026-11-23T23:45` in Seoul time (or RFC 3339 with an offset).
    pub fn parse(text: &str) -> Option<ShiftedClock> {
        domain::carshare::window::parse_local(text).map(ShiftedClock::starting_at)
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> SeoulTime {
        SeoulTime::from_instant(OffsetDateTime::now_utc() + self.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_starts_at_the_time_given_and_runs_on() {
        let clock = ShiftedClock::parse("2026-11-23T23:45").unwrap();
        let now = clock.now();
        assert_eq!(now.date().to_string(), "2026-11-23");
        assert_eq!(now.clock_text(), "23:45");
        assert!(ShiftedClock::parse("23:45").is_none() && ShiftedClock::parse("tomorrow").is_none());
    }
}
