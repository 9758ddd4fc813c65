//! The read side of the seat engine: one session (a kids-café play session, a facility slot) as a
//! resident sees it — when it is, when booking opens, how many seats are left — and where a page
//! asks for sessions (`SeatSessions`). Booking itself lives with the seat engine (`seats`).

use crate::calendar::{IsoDate, SeoulTime, SEOUL};
use crate::courses::{BoxFuture, StorageUnavailable};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The id of a row of `seat_sessions`. Read back from the wire through `parse`'s rule: positive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct SessionId(i64);

impl SessionId {
    pub fn new(id: i64) -> Option<SessionId> {
        (id > 0).then_some(SessionId(id))
    }

    /// Reads an id from a URL (`?session=12`); anything but a positive whole number is no session.
    pub fn parse(s: &str) -> Option<SessionId> {
        s.trim().parse::<i64>().ok().and_then(SessionId::new)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for SessionId {
    type Error = &'static str;
    fn try_from(n: i64) -> Result<SessionId, &'static str> {
        SessionId::new(n).ok_or("a session id is a positive whole number")
    }
}

impl From<SessionId> for i64 {
    fn from(id: SessionId) -> i64 {
        id.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a session belongs to: the `kind` column of `seat_sessions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SessionKind {
    KidsCafe,
    Facility,
    Course,
}

impl SessionKind {
    pub fn slug(self) -> &'static str {
        match self {
            SessionKind::KidsCafe => "kids_cafe",
            SessionKind::Facility => "facility",
            SessionKind::Course => "course",
        }
    }

    pub fn parse(s: &str) -> Option<SessionKind> {
        [SessionKind::KidsCafe, SessionKind::Facility, SessionKind::Course].into_iter().find(|k| k.slug() == s)
    }
}

/// One session and its seats, as storage last saw them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSeats {
    pub id: SessionId,
    pub kind: SessionKind,
    /// The branch slug, facility slug or district course id the session belongs to.
    pub resource: String,
    #[serde(with = "rfc3339")]
    pub starts_at: SeoulTime,
    #[serde(with = "rfc3339")]
    pub ends_at: SeoulTime,
    #[serde(with = "rfc3339")]
    pub opens_at: SeoulTime,
    pub capacity: u32,
    pub taken: u32,
    pub closed: bool,
}

/// Where a session stands for a resident at a given moment, in the order a page checks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// Staff closed it.
    Closed,
    /// It has started (or ended): too late to book.
    Past,
    /// Booking has not opened yet.
    NotOpenYet { opens_at: SeoulTime },
    Full,
    Bookable { left: u32 },
}

impl SessionSeats {
    pub fn seats_left(&self) -> u32 {
        self.capacity.saturating_sub(self.taken)
    }

    pub fn date(&self) -> IsoDate {
        self.starts_at.date()
    }

    pub fn availability(&self, now: SeoulTime) -> Availability {
        if self.closed {
            Availability::Closed
        } else if now >= self.starts_at {
            Availability::Past
        } else if now < self.opens_at {
            Availability::NotOpenYet { opens_at: self.opens_at }
        } else if self.seats_left() == 0 {
            Availability::Full
        } else {
            Availability::Bookable { left: self.seats_left() }
        }
    }

    pub fn bookable_now(&self, now: SeoulTime) -> bool {
        matches!(self.availability(now), Availability::Bookable { .. })
    }
}

/// Where pages read sessions from, whatever keeps them.
pub trait SeatSessions: Send + Sync {
    /// The sessions of `resource` that start on `from` up to (not including) `until`, in time order.
    fn between<'a>(
        &'a self,
        kind: SessionKind,
        resource: &'a str,
        from: IsoDate,
        until: IsoDate,
    ) -> BoxFuture<'a, Result<Vec<SessionSeats>, StorageUnavailable>>;

    /// One session, whatever it belongs to; `None` when there is no such session.
    fn session(&self, id: SessionId) -> BoxFuture<'_, Result<Option<SessionSeats>, StorageUnavailable>>;
}

/// `HH:MM` of a moment in Seoul.
pub fn clock_time(at: SeoulTime) -> String {
    format!("{:02}:{:02}", at.instant().hour(), at.instant().minute())
}

/// The short name of a date's weekday: 화 / Tue.
pub fn weekday_label(date: IsoDate, lang: crate::Lang) -> &'static str {
    use time::Weekday::*;
    let (ko, en) = match date.date().weekday() {
        Monday => ("월", "Mon"),
        Tuesday => ("화", "Tue"),
        Wednesday => ("수", "Wed"),
        Thursday => ("목", "Thu"),
        Friday => ("금", "Fri"),
        Saturday => ("토", "Sat"),
        Sunday => ("일", "Sun"),
    };
    lang.pick(ko, en)
}

/// A date as a page shows it: 11월 24일 (화) / Tue 24 Nov.
pub fn day_label(date: IsoDate, lang: crate::Lang) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let d = date.date();
    match lang {
        crate::Lang::Ko => format!("{}월 {}일 ({})", u8::from(d.month()), d.day(), weekday_label(date, lang)),
        crate::Lang::En => format!("{} {} {}", weekday_label(date, lang), d.day(), MONTHS[u8::from(d.month()) as usize - 1]),
    }
}

/// Seoul moments as storage and the JSON API write them: RFC 3339 in +09:00, so text order is time
/// order (`2026-11-28T10:00:00+09:00`).
pub mod rfc3339 {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn format(at: SeoulTime) -> String {
        let t = at.instant();
        format!("{}T{:02}:{:02}:{:02}+09:00", at.date(), t.hour(), t.minute(), t.second())
    }

    /// Reads what `format` wrote (seconds and the +09:00 offset exactly); anything else is `None`.
    pub fn parse(s: &str) -> Option<SeoulTime> {
        let (date, rest) = s.split_once('T')?;
        let time = rest.strip_suffix("+09:00")?;
        let b = time.as_bytes();
        if b.len() != 8 || b[2] != b':' || b[5] != b':' || !time.is_ascii() {
            return None;
        }
        let num = |r: std::ops::Range<usize>| time[r].parse::<u8>().ok();
        let t = time::Time::from_hms(num(0..2)?, num(3..5)?, num(6..8)?).ok()?;
        let day = IsoDate::parse(date)?;
        Some(SeoulTime::from_instant(day.date().with_time(t).assume_offset(SEOUL)))
    }

    pub fn serialize<S: Serializer>(at: &SeoulTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(*at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SeoulTime, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).ok_or_else(|| serde::de::Error::custom("a time is written YYYY-MM-DDTHH:MM:SS+09:00"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: &str, h: u8, m: u8) -> SeoulTime {
        SeoulTime::at(IsoDate::parse(day).unwrap(), h, m).unwrap()
    }

    fn session(capacity: u32, taken: u32, closed: bool) -> SessionSeats {
        SessionSeats {
            id: SessionId::new(1).unwrap(),
            kind: SessionKind::KidsCafe,
            resource: "junggok".into(),
            starts_at: at("2026-11-28", 10, 0),
            ends_at: at("2026-11-28", 12, 0),
            opens_at: at("2026-11-17", 9, 0),
            capacity,
            taken,
            closed,
        }
    }

    #[test]
    fn a_session_is_bookable_only_after_it_opens_and_before_it_starts_with_a_seat_left() {
        let s = session(30, 29, false);
        assert_eq!(s.availability(at("2026-11-17", 8, 59)), Availability::NotOpenYet { opens_at: at("2026-11-17", 9, 0) });
        assert_eq!(s.availability(at("2026-11-17", 9, 0)), Availability::Bookable { left: 1 });
        assert_eq!(s.availability(at("2026-11-28", 10, 0)), Availability::Past);
        assert_eq!(session(30, 30, false).availability(at("2026-11-20", 9, 0)), Availability::Full);
        assert_eq!(session(30, 0, true).availability(at("2026-11-20", 9, 0)), Availability::Closed);
    }

    #[test]
    fn session_times_are_written_in_seoul_time_and_read_back() {
        let t = at("2026-11-28", 15, 0);
        assert_eq!(rfc3339::format(t), "2026-11-28T15:00:00+09:00");
        assert_eq!(rfc3339::parse("2026-11-28T15:00:00+09:00"), Some(t));
        assert_eq!(rfc3339::parse("2026-11-28T15:00:00Z"), None);
        assert_eq!(rfc3339::parse("2026-02-30T15:00:00+09:00"), None);
        assert_eq!(rfc3339::parse("2026-11-28T25:00:00+09:00"), None);
        let json = serde_json::to_string(&session(1, 0, false)).unwrap();
        assert!(json.contains(r#""starts_at":"2026-11-28T10:00:00+09:00""#), "{json}");
        assert_eq!(serde_json::from_str::<SessionSeats>(&json).unwrap(), session(1, 0, false));
    }

    #[test]
    fn days_are_named_in_both_languages() {
        let d = IsoDate::parse("2026-11-24").unwrap();
        assert_eq!(day_label(d, crate::Lang::Ko), "11월 24일 (화)");
        assert_eq!(day_label(d, crate::Lang::En), "Tue 24 Nov");
    }

    #[test]
    fn session_ids_are_positive_whole_numbers() {
        assert_eq!(SessionId::parse("12").map(SessionId::get), Some(12));
        assert_eq!(SessionId::parse("0"), None);
        assert_eq!(SessionId::parse("-3"), None);
        assert_eq!(SessionId::parse("<script>"), None);
        assert!(serde_json::from_str::<SessionId>("0").is_err());
    }
}
