//! Kkumipangpang kids cafés: the branches, who may come (a child of at least 24 months, not yet at
//! school), when the 2-hour sessions are, when next week's sessions open for booking, and the fee.

mod branches;
mod query;

pub use branches::*;
pub use query::*;

use crate::calendar::{IsoDate, SeoulTime};
use crate::Lang;
use serde::{Deserialize, Serialize};
use time::{Duration, Month, Weekday};

/// A session lasts two hours; a 30-minute cleaning gap follows each one.
pub const SESSION_LENGTH: Duration = Duration::hours(2);
pub const CLEANING_GAP: Duration = Duration::minutes(30);
/// Per child per session; free for basic-livelihood recipients (declared, checked on site).
pub const FEE_KRW: u32 = 2_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Branch {
    /// Branch 1: Junggok 3-dong, Childcare Support Center 3F, 442 m²
    Junggok,
    /// Branch 2: Jayang 4-dong, 3F Zaiela, 87 Neungdong-ro, 464 m²
    Jayang,
    /// Branch 3: Gwangjang-dong, about 649 m² (planned)
    Gwangjang,
}

impl Branch {
    pub const ALL: [Branch; 3] = [Branch::Junggok, Branch::Jayang, Branch::Gwangjang];

    pub fn slug(self) -> &'static str {
        match self {
            Branch::Junggok => "junggok",
            Branch::Jayang => "jayang",
            Branch::Gwangjang => "gwangjang",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Branch::Junggok => lang.pick("꿈이랑팡팡 1호점 (중곡3동)", "Kkumipangpang branch 1 (Junggok 3-dong)"),
            Branch::Jayang => lang.pick("꿈이랑팡팡 2호점 (자양4동)", "Kkumipangpang branch 2 (Jayang 4-dong)"),
            Branch::Gwangjang => lang.pick("꿈이랑팡팡 3호점 (광장동)", "Kkumipangpang branch 3 (Gwangjang-dong)"),
        }
    }

    pub fn area_m2(self) -> u32 {
        match self {
            Branch::Junggok => 442,
            Branch::Jayang => 464,
            Branch::Gwangjang => 649,
        }
    }
}

/// Why a child cannot be booked into a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum KidsCafeError {
    #[error("younger than 24 months on the session date")]
    TooYoung { old_enough_on: IsoDate },
    #[error("at school age")]
    SchoolAge,
    #[error("already booked that day")]
    AlreadyThatDay,
    #[error("not open for booking yet")]
    NotOpenYet { opens_at: IsoDate },
}

impl KidsCafeError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (KidsCafeError::TooYoung { old_enough_on }, Lang::Ko) => {
                format!("키즈카페는 생후 24개월부터 이용할 수 있습니다. {old_enough_on}부터 예약할 수 있습니다.")
            }
            (KidsCafeError::TooYoung { old_enough_on }, Lang::En) => {
                format!("Kids cafés are for children from 24 months. This child can be booked from {old_enough_on}.")
            }
            (KidsCafeError::SchoolAge, Lang::Ko) => "키즈카페는 초등학교 입학 전 어린이가 이용합니다.".into(),
            (KidsCafeError::SchoolAge, Lang::En) => "Kids cafés are for children who have not started school.".into(),
            (KidsCafeError::AlreadyThatDay, Lang::Ko) => "한 어린이는 하루에 한 회차만 예약할 수 있습니다.".into(),
            (KidsCafeError::AlreadyThatDay, Lang::En) => "A child can be booked into one session a day.".into(),
            (KidsCafeError::NotOpenYet { opens_at }, Lang::Ko) => format!("이 회차는 {opens_at} 오전 9시에 예약이 열립니다."),
            (KidsCafeError::NotOpenYet { opens_at }, Lang::En) => format!("Booking for this session opens on {opens_at} at 09:00."),
        }
    }
}

/// The day a child born on `birth` turns `months` months old (the last day of a shorter month when
/// the birth day does not exist in it).
pub fn months_after(birth: IsoDate, months: u32) -> IsoDate {
    let d = birth.date();
    let total = d.month() as u32 - 1 + months;
    let year = d.year() + (total / 12) as i32;
    let month = Month::try_from((total % 12 + 1) as u8).expect("a month from 1 to 12");
    let last = time::util::days_in_month(month, year);
    let day = d.day().min(last);
    IsoDate::from_date(time::Date::from_calendar_date(year, month, day).expect("a day within the month"))
}

/// Korean children start school on 1 March of the year they turn seven (만 6세 in March).
pub fn school_starts(birth: IsoDate) -> IsoDate {
    let year = birth.date().year() + 7;
    IsoDate::from_date(time::Date::from_calendar_date(year, Month::March, 1).expect("1 March exists"))
}

/// Whether a child born on `birth` may come to a session on `date`.
pub fn child_may_come(birth: IsoDate, date: IsoDate) -> Result<(), KidsCafeError> {
    let old_enough_on = months_after(birth, 24);
    if date < old_enough_on {
        return Err(KidsCafeError::TooYoung { old_enough_on });
    }
    if date >= school_starts(birth) {
        return Err(KidsCafeError::SchoolAge);
    }
    Ok(())
}

/// At most one session per child per day: `booked_days` are the days the child is already booked.
pub fn one_session_a_day(booked_days: &[IsoDate], date: IsoDate) -> Result<(), KidsCafeError> {
    if booked_days.contains(&date) {
        Err(KidsCafeError::AlreadyThatDay)
    } else {
        Ok(())
    }
}

/// A branch's day: when the first session starts, when the last must end, and its closing day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opening {
    pub first_start: (u8, u8),
    pub last_end: (u8, u8),
    pub closed_on: Weekday,
}

impl Default for Opening {
    /// 10:00 to 18:00, closed on Mondays: 10:00, 12:30 and 15:00 sessions.
    fn default() -> Opening {
        Opening { first_start: (10, 0), last_end: (18, 0), closed_on: Weekday::Monday }
    }
}

impl Opening {
    /// The sessions of `date` as (start, end); none on the closing day.
    pub fn sessions_on(self, date: IsoDate) -> Vec<(SeoulTime, SeoulTime)> {
        if date.date().weekday() == self.closed_on {
            return Vec::new();
        }
        let (Some(mut start), Some(close)) = (
            SeoulTime::at(date, self.first_start.0, self.first_start.1),
            SeoulTime::at(date, self.last_end.0, self.last_end.1),
        ) else {
            return Vec::new();
        };
        let mut sessions = Vec::new();
        loop {
            let end = SeoulTime::from_instant(start.instant() + SESSION_LENGTH);
            if end > close {
                return sessions;
            }
            sessions.push((start, end));
            start = SeoulTime::from_instant(end.instant() + CLEANING_GAP);
        }
    }
}

/// When sessions on `date` open for booking: Tuesday 09:00 of the week before (weeks start on
/// Monday), so next week's sessions all open at once.
pub fn booking_opens(date: IsoDate) -> SeoulTime {
    let monday = date.plus_days(-(date.date().weekday().number_days_from_monday() as i64));
    let tuesday_before = monday.plus_days(-6);
    SeoulTime::at(tuesday_before, 9, 0).expect("09:00 exists")
}

/// How long a lottery branch takes applications from the opening before it draws.
pub const LOTTERY_WINDOW_HOURS: i64 = 24;

/// A lottery week's applications: from the week's opening (`booking_opens`) for
/// `LOTTERY_WINDOW_HOURS`; the draw is at the end.
pub fn lottery_window(monday: IsoDate) -> (SeoulTime, SeoulTime) {
    let opens = booking_opens(monday);
    (opens, opens.plus_minutes(LOTTERY_WINDOW_HOURS * 60))
}

/// Whether sessions on `date` can be booked at `now`.
pub fn is_open_for_booking(date: IsoDate, now: SeoulTime) -> Result<(), KidsCafeError> {
    let opens = booking_opens(date);
    if now < opens {
        Err(KidsCafeError::NotOpenYet { opens_at: opens.date() })
    } else {
        Ok(())
    }
}

/// The fee for `children` children, free for basic-livelihood recipients.
pub fn fee_krw(children: u32, basic_livelihood: bool) -> u32 {
    if basic_livelihood {
        0
    } else {
        FEE_KRW * children
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> IsoDate {
        IsoDate::parse(s).unwrap()
    }

    #[test]
    fn a_child_under_24_months_cannot_be_booked() {
        let birth = day("2024-11-30");
        assert_eq!(child_may_come(birth, day("2026-11-29")), Err(KidsCafeError::TooYoung { old_enough_on: day("2026-11-30") }));
        assert_eq!(child_may_come(birth, day("2026-11-30")), Ok(()));
    }

    #[test]
    fn a_child_born_on_the_31st_is_24_months_old_on_the_last_day_of_a_short_month() {
        assert_eq!(months_after(day("2024-01-31"), 1), day("2024-02-29"));
        assert_eq!(months_after(day("2024-02-29"), 24), day("2026-02-28"));
        assert_eq!(months_after(day("2024-12-15"), 24), day("2026-12-15"));
    }

    #[test]
    fn a_child_at_school_age_cannot_be_booked() {
        let birth = day("2019-08-01"); // starts school on 2026-03-01
        assert_eq!(child_may_come(birth, day("2026-02-28")), Ok(()));
        assert_eq!(child_may_come(birth, day("2026-03-01")), Err(KidsCafeError::SchoolAge));
    }

    #[test]
    fn a_child_gets_one_session_a_day() {
        let booked = [day("2026-11-28")];
        assert_eq!(one_session_a_day(&booked, day("2026-11-28")), Err(KidsCafeError::AlreadyThatDay));
        assert_eq!(one_session_a_day(&booked, day("2026-11-29")), Ok(()));
    }

    #[test]
    fn a_day_has_two_hour_sessions_with_cleaning_gaps_and_none_on_the_closing_day() {
        let sessions = Opening::default().sessions_on(day("2026-11-28")); // a Saturday
        let hours: Vec<String> = sessions
            .iter()
            .map(|(s, e)| format!("{:02}:{:02}-{:02}:{:02}", s.instant().hour(), s.instant().minute(), e.instant().hour(), e.instant().minute()))
            .collect();
        assert_eq!(hours, ["10:00-12:00", "12:30-14:30", "15:00-17:00"]);
        assert!(Opening::default().sessions_on(day("2026-11-30")).is_empty(), "Monday is the closing day");
    }

    #[test]
    fn next_weeks_sessions_open_on_tuesday_at_nine() {
        // Saturday 2026-12-05 is in the week of Monday 2026-11-30: it opens on Tuesday 2026-11-24 09:00
        let opens = booking_opens(day("2026-12-05"));
        assert_eq!(opens, SeoulTime::at(day("2026-11-24"), 9, 0).unwrap());
        assert_eq!(booking_opens(day("2026-11-30")), opens, "the whole week opens at once");
        let before = SeoulTime::at(day("2026-11-24"), 8, 59).unwrap();
        assert_eq!(is_open_for_booking(day("2026-12-05"), before), Err(KidsCafeError::NotOpenYet { opens_at: day("2026-11-24") }));
        assert_eq!(is_open_for_booking(day("2026-12-05"), opens), Ok(()));
    }

    #[test]
    fn the_fee_is_2000_won_per_child_and_free_for_basic_livelihood_recipients() {
        assert_eq!(fee_krw(2, false), 4_000);
        assert_eq!(fee_krw(2, true), 0);
    }

    #[test]
    fn every_refusal_speaks_both_languages() {
        let errors = [
            KidsCafeError::TooYoung { old_enough_on: day("2026-12-01") },
            KidsCafeError::SchoolAge,
            KidsCafeError::AlreadyThatDay,
            KidsCafeError::NotOpenYet { opens_at: day("2026-11-24") },
        ];
        for e in errors {
            assert!(e.message(Lang::Ko).chars().any(|c| ('가'..='힣').contains(&c)));
            assert!(!e.message(Lang::En).chars().any(|c| ('가'..='힣').contains(&c)));
        }
    }
}
