//! The read side of the seat engine: where a page asks for sessions (`SeatSessions`) and how it
//! names their days. What a session is (`SessionSeats`, `Availability`) and booking itself live
//! with the seat engine (`seats`).

use crate::calendar::IsoDate;
use crate::seats::{Kind, SessionId, SessionSeats};
use crate::courses::{BoxFuture, StorageUnavailable};

/// Where pages read sessions from, whatever keeps them.
pub trait SeatSessions: Send + Sync {
    /// The sessions of `resource` that start on `from` up to (not including) `until`, in time order.
    fn between<'a>(
        &'a self,
        kind: Kind,
        resource: &'a str,
        from: IsoDate,
        until: IsoDate,
    ) -> BoxFuture<'a, Result<Vec<SessionSeats>, StorageUnavailable>>;

    /// One session, whatever it belongs to; `None` when there is no such session.
    fn session(&self, id: SessionId) -> BoxFuture<'_, Result<Option<SessionSeats>, StorageUnavailable>>;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seats::Availability;
    use crate::SeoulTime;

    fn at(day: &str, h: u8, m: u8) -> SeoulTime {
        SeoulTime::at(IsoDate::parse(day).unwrap(), h, m).unwrap()
    }

    fn session(capacity: u32, taken: u32, closed: bool) -> SessionSeats {
        SessionSeats {
            id: SessionId::new(1).unwrap(),
            kind: Kind::KidsCafe,
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
        assert_eq!(t.to_string(), "2026-11-28T15:00:00+09:00");
        assert_eq!(SeoulTime::parse("2026-11-28T15:00:00+09:00"), Some(t));
        assert_eq!(SeoulTime::parse("2026-11-28T06:00:00Z"), Some(t), "any offset, seen from Seoul");
        assert_eq!(SeoulTime::parse("2026-02-30T15:00:00+09:00"), None);
        assert_eq!(SeoulTime::parse("2026-11-28T25:00:00+09:00"), None);
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
