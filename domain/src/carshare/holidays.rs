//! Korean public holidays (관공서의 공휴일, with substitute holidays), the days official cars and
//! office car parks stand idle even on a weekday. Kept as data: next year's list is new rows. Years
//! not listed count only their weekends, and `holidays_known_for` lets a page say so.

use crate::calendar::IsoDate;
use time::Weekday;

/// (date, Korean name, English name) for 2026 and 2027.
const HOLIDAYS: &[(&str, &str, &str)] = &[
    ("2026-01-01", "신정", "New Year's Day"),
    ("2026-02-16", "설날 연휴", "Seollal holiday"),
    ("2026-02-17", "설날", "Seollal"),
    ("2026-02-18", "설날 연휴", "Seollal holiday"),
    ("2026-03-02", "삼일절 대체공휴일", "Independence Movement Day (substitute)"),
    ("2026-05-05", "어린이날", "Children's Day"),
    ("2026-05-25", "부처님오신날 대체공휴일", "Buddha's Birthday (substitute)"),
    ("2026-06-03", "전국동시지방선거일", "Local elections"),
    ("2026-08-17", "광복절 대체공휴일", "Liberation Day (substitute)"),
    ("2026-09-24", "추석 연휴", "Chuseok holiday"),
    ("2026-09-25", "추석", "Chuseok"),
    ("2026-10-05", "개천절 대체공휴일", "National Foundation Day (substitute)"),
    ("2026-10-09", "한글날", "Hangul Day"),
    ("2026-12-25", "성탄절", "Christmas Day"),
    ("2027-01-01", "신정", "New Year's Day"),
    ("2027-02-08", "설날 연휴", "Seollal holiday"),
    ("2027-02-09", "설날 대체공휴일", "Seollal (substitute)"),
    ("2027-03-01", "삼일절", "Independence Movement Day"),
    ("2027-05-05", "어린이날", "Children's Day"),
    ("2027-05-13", "부처님오신날", "Buddha's Birthday"),
    ("2027-08-16", "광복절 대체공휴일", "Liberation Day (substitute)"),
    ("2027-09-14", "추석 연휴", "Chuseok holiday"),
    ("2027-09-15", "추석", "Chuseok"),
    ("2027-09-16", "추석 연휴", "Chuseok holiday"),
    ("2027-10-04", "개천절 대체공휴일", "National Foundation Day (substitute)"),
    ("2027-10-11", "한글날 대체공휴일", "Hangul Day (substitute)"),
    ("2027-12-27", "성탄절 대체공휴일", "Christmas Day (substitute)"),
];

/// The holiday on `date` that falls on a weekday (weekend holidays change nothing here), by name.
pub fn holiday(date: IsoDate) -> Option<(&'static str, &'static str)> {
    let text = date.to_string();
    HOLIDAYS.iter().find(|(d, _, _)| *d == text).map(|(_, ko, en)| (*ko, *en))
}

/// A working day: Monday to Friday and not a public holiday. Official hours are on these days only.
pub fn is_working_day(date: IsoDate) -> bool {
    !matches!(date.date().weekday(), Weekday::Saturday | Weekday::Sunday) && holiday(date).is_none()
}

/// Whether the holiday list covers `year` (later years count weekends only until it is extended).
pub fn holidays_known_for(year: i32) -> bool {
    HOLIDAYS.iter().any(|(d, _, _)| d.starts_with(&year.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> IsoDate {
        IsoDate::parse(s).unwrap()
    }

    #[test]
    fn weekdays_are_working_days_unless_a_holiday_and_weekends_never_are() {
        assert!(is_working_day(d("2026-11-23")), "a Monday");
        assert!(!is_working_day(d("2026-11-28")), "a Saturday");
        assert!(!is_working_day(d("2026-11-29")), "a Sunday");
        assert!(!is_working_day(d("2026-12-25")), "Christmas, a Friday");
        assert!(!is_working_day(d("2027-02-09")), "the Seollal substitute holiday");
        assert!(is_working_day(d("2026-12-24")));
    }

    #[test]
    fn every_listed_holiday_is_a_real_weekday_in_a_known_year() {
        for (date, _, _) in HOLIDAYS {
            let date = d(date);
            assert!(!matches!(date.date().weekday(), Weekday::Saturday | Weekday::Sunday), "{date} falls on a weekend");
        }
        assert!(holidays_known_for(2026) && holidays_known_for(2027) && !holidays_known_for(2028));
    }
}
