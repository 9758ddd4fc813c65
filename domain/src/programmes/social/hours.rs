//! Where the social economy's places are and when they open, as dated rows: a change of hours is a
//! new row with the day it starts, not a change to the code that answers "open now?". Time is an
//! argument (Seoul time); public holidays come from the same list the car share uses, so a place
//! closed on holidays is closed on every day that list names.

use crate::calendar::{IsoDate, SeoulTime};
use crate::carshare::holidays::holiday;
use crate::sessions::day_label;
use crate::Lang;
use serde::{Deserialize, Serialize};
use time::macros::date;
use time::Weekday;

/// A place of the social economy that opens and closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Place {
    /// Yeonghee's Thrift Store, 435 Digital-ro.
    ThriftStore,
    /// Coffee Jigi's food truck at the Ansan Jarak-gil rest area.
    FoodTruck,
    /// Coffee Jigi's café in the Seodaemun 50 Plus Center.
    Cafe50Plus,
    /// Coffee Jigi's café in the Seodaemun Regional Self-Support Center.
    CafeSelfSupport,
}

impl Place {
    pub const COFFEE_JIGI: [Place; 3] = [Place::FoodTruck, Place::Cafe50Plus, Place::CafeSelfSupport];

    pub fn slug(self) -> &'static str {
        match self {
            Place::ThriftStore => "thrift-store",
            Place::FoodTruck => "food-truck",
            Place::Cafe50Plus => "cafe-50plus",
            Place::CafeSelfSupport => "cafe-self-support",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Place::ThriftStore => lang.pick(super::thrift::NAME_KO, super::thrift::NAME_EN),
            Place::FoodTruck => lang.pick("커피지기 푸드트럭", "Coffee Jigi food truck"),
            Place::Cafe50Plus => lang.pick("커피지기 카페 (서대문50플러스센터)", "Coffee Jigi café (Seodaemun 50 Plus Center)"),
            Place::CafeSelfSupport => lang.pick("커피지기 카페 (서대문지역자활센터)", "Coffee Jigi café (Seodaemun Self-Support Center)"),
        }
    }

    /// Where it is, as a resident would look for it.
    pub fn whereabouts(self, lang: Lang) -> &'static str {
        match self {
            Place::ThriftStore => lang.pick(
                "서울 영등포구 디지털로 435, 대림1동 주민센터 근처",
                "435 Digital-ro, Yeongdeungpo-gu, near the Daerim 1-dong community service centre",
            ),
            Place::FoodTruck => lang.pick("안산자락길 숲길 쉼터 (서대문구)", "The rest area by the Ansan Jarak-gil mountain road (Seodaemun-gu)"),
            Place::Cafe50Plus => lang.pick("서대문50플러스센터 안", "Inside the Seodaemun 50 Plus Center"),
            Place::CafeSelfSupport => lang.pick("서대문지역자활센터 안", "Inside the Seodaemun Regional Self-Support Center"),
        }
    }
}

/// Which days of the week a row covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Days {
    Daily,
    MondayToSaturday,
    Weekdays,
}

impl Days {
    fn covers(self, day: IsoDate) -> bool {
        let weekday = day.date().weekday();
        match self {
            Days::Daily => true,
            Days::MondayToSaturday => weekday != Weekday::Sunday,
            Days::Weekdays => !matches!(weekday, Weekday::Saturday | Weekday::Sunday),
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Days::Daily => lang.pick("매일", "Daily"),
            Days::MondayToSaturday => lang.pick("월–토", "Monday–Saturday"),
            Days::Weekdays => lang.pick("평일", "Weekdays"),
        }
    }
}

/// One place's hours from `from` on (until a later row for the same place takes over).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hours {
    pub place: Place,
    pub from: IsoDate,
    pub days: Days,
    /// Opening and closing as (hour, minute), the same day.
    pub opens: (u8, u8),
    pub closes: (u8, u8),
    pub closed_on_holidays: bool,
}

impl Hours {
    /// "월–토 10:00–19:00" / "Monday–Saturday 10:00–19:00", with the holiday rule.
    pub fn text(&self, lang: Lang) -> String {
        let holidays = match (self.closed_on_holidays, lang) {
            (true, Lang::Ko) => ", 공휴일 휴무",
            (true, Lang::En) => ", closed on public holidays",
            (false, Lang::Ko) => ", 공휴일에도 운영",
            (false, Lang::En) => ", public holidays included",
        };
        format!("{} {:02}:{:02}–{:02}:{:02}{holidays}", self.days.label(lang), self.opens.0, self.opens.1, self.closes.0, self.closes.1)
    }
}

const START: IsoDate = IsoDate::from_date(date!(2026 - 01 - 01));

/// The hours as announced: the thrift store Monday to Saturday 10:00–19:00; the food truck daily
/// 10:00–17:00; the two cafés on weekdays 09:00–18:00.
pub const HOURS: &[Hours] = &[
    Hours { place: Place::ThriftStore, from: START, days: Days::MondayToSaturday, opens: (10, 0), closes: (19, 0), closed_on_holidays: true },
    Hours { place: Place::FoodTruck, from: START, days: Days::Daily, opens: (10, 0), closes: (17, 0), closed_on_holidays: false },
    Hours { place: Place::Cafe50Plus, from: START, days: Days::Weekdays, opens: (9, 0), closes: (18, 0), closed_on_holidays: true },
    Hours { place: Place::CafeSelfSupport, from: START, days: Days::Weekdays, opens: (9, 0), closes: (18, 0), closed_on_holidays: true },
];

/// The row of `table` in force for `place` on `day`.
pub fn hours_in(table: &'static [Hours], place: Place, day: IsoDate) -> Option<&'static Hours> {
    table.iter().filter(|h| h.place == place && h.from <= day).max_by_key(|h| h.from)
}

pub fn hours_on(place: Place, day: IsoDate) -> Option<&'static Hours> {
    hours_in(HOURS, place, day)
}

/// When `place` is open on `day` (`None`: closed all day).
pub fn open_on(table: &'static [Hours], place: Place, day: IsoDate) -> Option<(SeoulTime, SeoulTime)> {
    let h = hours_in(table, place, day)?;
    if !h.days.covers(day) || (h.closed_on_holidays && holiday(day).is_some()) {
        return None;
    }
    Some((SeoulTime::at(day, h.opens.0, h.opens.1)?, SeoulTime::at(day, h.closes.0, h.closes.1)?))
}

/// Whether a place is open at a moment, and what comes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenNow {
    Open { closes_at: SeoulTime },
    /// `opens_at`: the next opening within two weeks; `holiday`: today's holiday, when that is why.
    Closed { opens_at: Option<SeoulTime>, holiday: Option<(&'static str, &'static str)> },
}

impl OpenNow {
    pub fn is_open(self) -> bool {
        matches!(self, OpenNow::Open { .. })
    }
}

/// Whether `place` is open at `now` (opening minute included, closing minute excluded).
pub fn open_now_in(table: &'static [Hours], place: Place, now: SeoulTime) -> OpenNow {
    let today = now.date();
    if let Some((opens, closes)) = open_on(table, place, today) {
        if opens <= now && now < closes {
            return OpenNow::Open { closes_at: closes };
        }
    }
    let opens_at = (0..=14)
        .filter_map(|d| open_on(table, place, today.plus_days(d)))
        .map(|(opens, _)| opens)
        .find(|opens| *opens > now);
    let closed_for_holiday = hours_in(table, place, today).is_some_and(|h| h.closed_on_holidays && h.days.covers(today));
    OpenNow::Closed { opens_at, holiday: holiday(today).filter(|_| closed_for_holiday) }
}

pub fn open_now(place: Place, now: SeoulTime) -> OpenNow {
    open_now_in(HOURS, place, now)
}

/// "지금 영업 중 · 19:00까지" / "Open now · until 19:00", or when it opens next.
pub fn open_text(state: OpenNow, now: SeoulTime, lang: Lang) -> String {
    match state {
        OpenNow::Open { closes_at } => match lang {
            Lang::Ko => format!("지금 영업 중 · {}까지", closes_at.clock_text()),
            Lang::En => format!("Open now · until {}", closes_at.clock_text()),
        },
        OpenNow::Closed { opens_at, holiday } => {
            let why = holiday.map(|(ko, en)| match lang {
                Lang::Ko => format!(" (오늘은 {ko})"),
                Lang::En => format!(" (today is {en})"),
            });
            let when = opens_at.map(|t| {
                let day = if t.date() == now.date() {
                    lang.pick("오늘", "today").to_string()
                } else if t.date() == now.date().plus_days(1) {
                    lang.pick("내일", "tomorrow").to_string()
                } else {
                    day_label(t.date(), lang)
                };
                match lang {
                    Lang::Ko => format!(" · {day} {}에 엽니다", t.clock_text()),
                    Lang::En => format!(" · opens {day} at {}", t.clock_text()),
                }
            });
            format!("{}{}{}", lang.pick("지금은 닫혀 있습니다", "Closed now"), why.unwrap_or_default(), when.unwrap_or_default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: &str, h: u8, m: u8) -> SeoulTime {
        SeoulTime::at(IsoDate::parse(day).unwrap(), h, m).unwrap()
    }

    #[test]
    fn the_thrift_store_is_open_from_ten_to_seven_monday_to_saturday() {
        // 2026-11-23 is a Monday
        assert!(open_now(Place::ThriftStore, at("2026-11-23", 10, 0)).is_open());
        assert!(open_now(Place::ThriftStore, at("2026-11-28", 18, 59)).is_open(), "a Saturday");
        assert_eq!(
            open_now(Place::ThriftStore, at("2026-11-23", 19, 0)),
            OpenNow::Closed { opens_at: Some(at("2026-11-24", 10, 0)), holiday: None },
            "closing minute"
        );
    }

    #[test]
    fn at_awkward_moments_the_next_opening_is_the_right_one() {
        // 23:45 on a Tuesday: tomorrow at ten
        let late = open_now(Place::ThriftStore, at("2026-11-24", 23, 45));
        assert_eq!(late, OpenNow::Closed { opens_at: Some(at("2026-11-25", 10, 0)), holiday: None });
        assert_eq!(open_text(late, at("2026-11-24", 23, 45), Lang::En), "Closed now · opens tomorrow at 10:00");
        // 00:05: today at ten
        let early = open_now(Place::ThriftStore, at("2026-11-25", 0, 5));
        assert_eq!(open_text(early, at("2026-11-25", 0, 5), Lang::Ko), "지금은 닫혀 있습니다 · 오늘 10:00에 엽니다");
        // 09:55: the cafés have opened, the store and the truck have not
        let t = at("2026-11-25", 9, 55);
        assert!(open_now(Place::Cafe50Plus, t).is_open());
        assert!(!open_now(Place::ThriftStore, t).is_open());
        assert!(!open_now(Place::FoodTruck, t).is_open());
        assert_eq!(open_text(open_now(Place::Cafe50Plus, t), t, Lang::Ko), "지금 영업 중 · 18:00까지");
    }

    #[test]
    fn on_a_sunday_only_the_food_truck_opens() {
        let sunday = at("2026-11-29", 12, 0);
        assert!(open_now(Place::FoodTruck, sunday).is_open());
        for place in [Place::ThriftStore, Place::Cafe50Plus, Place::CafeSelfSupport] {
            assert!(!open_now(place, sunday).is_open(), "{place:?}");
        }
        // a Saturday evening after closing: the store next opens on Monday
        assert_eq!(
            open_now(Place::ThriftStore, at("2026-11-28", 20, 0)),
            OpenNow::Closed { opens_at: Some(at("2026-11-30", 10, 0)), holiday: None }
        );
        assert_eq!(open_text(open_now(Place::ThriftStore, sunday), sunday, Lang::En), "Closed now · opens tomorrow at 10:00");
        let saturday_night = at("2026-11-28", 20, 0);
        assert_eq!(open_text(open_now(Place::ThriftStore, saturday_night), saturday_night, Lang::En), "Closed now · opens Mon 30 Nov at 10:00");
    }

    #[test]
    fn on_a_public_holiday_the_store_and_cafes_close_and_say_why() {
        // Christmas 2026 is a Friday
        let christmas = at("2026-12-25", 12, 0);
        let state = open_now(Place::ThriftStore, christmas);
        assert_eq!(state, OpenNow::Closed { opens_at: Some(at("2026-12-26", 10, 0)), holiday: Some(("성탄절", "Christmas Day")) });
        assert_eq!(open_text(state, christmas, Lang::Ko), "지금은 닫혀 있습니다 (오늘은 성탄절) · 내일 10:00에 엽니다");
        assert!(!open_now(Place::Cafe50Plus, christmas).is_open());
        assert!(open_now(Place::FoodTruck, christmas).is_open(), "the truck runs daily");
        // the cafés reopen on the Monday after
        assert_eq!(open_now(Place::CafeSelfSupport, christmas), OpenNow::Closed { opens_at: Some(at("2026-12-28", 9, 0)), holiday: Some(("성탄절", "Christmas Day")) });
    }

    #[test]
    fn a_later_row_changes_the_hours_from_its_day() {
        static TABLE: [Hours; 2] = [
            Hours { place: Place::ThriftStore, from: START, days: Days::MondayToSaturday, opens: (10, 0), closes: (19, 0), closed_on_holidays: true },
            Hours { place: Place::ThriftStore, from: IsoDate::from_date(date!(2027 - 01 - 04)), days: Days::Weekdays, opens: (11, 0), closes: (18, 0), closed_on_holidays: true },
        ];
        assert!(open_now_in(&TABLE, Place::ThriftStore, at("2027-01-02", 10, 30)).is_open(), "Saturday under the old row");
        assert!(!open_now_in(&TABLE, Place::ThriftStore, at("2027-01-09", 12, 0)).is_open(), "Saturday under the new row");
        assert!(!open_now_in(&TABLE, Place::ThriftStore, at("2027-01-04", 10, 30)).is_open());
        assert!(open_now_in(&TABLE, Place::ThriftStore, at("2027-01-04", 11, 0)).is_open());
    }

    #[test]
    fn hours_read_as_people_write_them() {
        let h = hours_on(Place::ThriftStore, IsoDate::parse("2026-11-23").unwrap()).unwrap();
        assert_eq!(h.text(Lang::Ko), "월–토 10:00–19:00, 공휴일 휴무");
        assert_eq!(hours_on(Place::FoodTruck, IsoDate::parse("2026-11-23").unwrap()).unwrap().text(Lang::En), "Daily 10:00–17:00, public holidays included");
    }
}
