//! The system clock behind the domain's `Clock` port: Seoul time, read when a rule asks.

use domain::{Clock, SeoulTime};

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SeoulTime {
        SeoulTime::from_instant(time::OffsetDateTime::now_utc())
    }
}
