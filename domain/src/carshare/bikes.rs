//! Shared e-bikes: docks and the bikes standing in them, the words for how many there are, the
//! simulated feed's counts (a deterministic function of time: the morning commute empties the
//! residential docks and fills the station docks, the evening the reverse), a 15-minute hold of one
//! bike, and the air rule: when the nearest graded air sensor says 나쁨 (bad) or worse, riding is
//! not advised and the car or an indoor session is offered instead. The storage port is `BikeDocks`.

use super::holidays::is_working_day;
use crate::accounts::AccountId;
use crate::air::{AirNow, Grade, GeoPoint};
use crate::calendar::SeoulTime;
use crate::courses::BoxFuture;
use crate::Lang;
use serde::{Deserialize, Serialize};
use time::Duration;

/// How long a reserved bike is kept for the resident.
pub const HOLD: Duration = Duration::minutes(15);
/// How often the simulated feed moves the counts.
pub const FEED_EVERY_SECS: u64 = 30;
/// A sensor farther than this from a dock says nothing about the air there.
pub const SENSOR_WITHIN_M: f64 = 2_000.0;
/// The most bikes a dock may hold (a sanity bound for ids and forms).
pub const MAX_CAPACITY: u32 = 60;

/// Where a dock stands, which decides how the commute moves its bikes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DockKind {
    /// At a subway station: fills in the morning, empties in the evening.
    Station,
    /// Among homes: empties in the morning, fills in the evening.
    Residential,
}

impl DockKind {
    pub fn slug(self) -> &'static str {
        match self {
            DockKind::Station => "station",
            DockKind::Residential => "residential",
        }
    }

    pub fn parse(s: &str) -> Option<DockKind> {
        [DockKind::Station, DockKind::Residential].into_iter().find(|k| k.slug() == s)
    }
}

/// A dock's number, as in `/bikes/reserve?dock=3`: 1 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DockId(pub u32);

impl DockId {
    pub fn parse(s: &str) -> Result<DockId, BikeError> {
        let s = s.trim();
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BikeError::BadDock);
        }
        match s.parse::<u32>() {
            Ok(n) if n > 0 => Ok(DockId(n)),
            _ => Err(BikeError::BadDock),
        }
    }
}

/// An e-bike dock with its bikes now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dock {
    pub id: DockId,
    pub name_ko: String,
    pub name_en: String,
    pub location: GeoPoint,
    pub kind: DockKind,
    pub capacity: u32,
    /// Bikes standing there and not held by anyone.
    pub available: u32,
    pub updated_at: SeoulTime,
}

impl Dock {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_ko, &self.name_en)
    }

    pub fn level(&self) -> Level {
        Level::of(self.available, self.capacity)
    }
}

/// How many bikes a dock has, in words (never colour alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    None,
    Few,
    Some,
    Plenty,
}

impl Level {
    /// None at 0; few up to 3 bikes or a fifth of the dock; plenty from 60 %; some in between.
    pub fn of(available: u32, capacity: u32) -> Level {
        if available == 0 {
            Level::None
        } else if available <= 3 || available * 5 <= capacity {
            Level::Few
        } else if available * 5 >= capacity * 3 {
            Level::Plenty
        } else {
            Level::Some
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Few => "few",
            Level::Some => "some",
            Level::Plenty => "plenty",
        }
    }

    pub fn words(self, lang: Lang) -> &'static str {
        match self {
            Level::None => lang.pick("없음", "none"),
            Level::Few => lang.pick("적음", "few"),
            Level::Some => lang.pick("보통", "some"),
            Level::Plenty => lang.pick("많음", "plenty"),
        }
    }
}

/// The nearest sensor with a grade, when its grade says riding is not advised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AirWarning {
    pub grade: Grade,
    pub sensor_ko: String,
    pub sensor_en: String,
    pub metres: u32,
}

impl AirWarning {
    pub fn sensor(&self, lang: Lang) -> &str {
        lang.pick(&self.sensor_ko, &self.sensor_en)
    }

    /// "The air near 창동역 is 나쁨 (sensor 창동역 앞, 240 m away): …".
    pub fn message(&self, dock: &str, lang: Lang) -> String {
        let (grade, sensor, m) = (self.grade.label(lang), self.sensor(lang), self.metres);
        match lang {
            Lang::Ko => format!("{dock} 근처 공기가 ‘{grade}’입니다({sensor} 측정기, {m} m). 자전거 대신 전기차나 실내 프로그램을 권합니다."),
            Lang::En => format!("The air near {dock} is ‘{grade}’ (sensor {sensor}, {m} m away). We suggest an electric car or an indoor session instead of a bike."),
        }
    }
}

/// The nearest sensor to `at` that has a grade now (offline or incomplete sensors have none), with
/// its distance in metres; none when the nearest is farther than `SENSOR_WITHIN_M`.
pub fn nearest_graded(at: GeoPoint, air: &AirNow) -> Option<(&crate::air::SensorNow, f64)> {
    air.sensors
        .iter()
        .filter(|s| s.cai.is_some() && !s.offline)
        .map(|s| (s, at.metres_to(s.sensor.location)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, metres)| *metres <= SENSOR_WITHIN_M)
}

/// The warning for riding from `at`: only when the nearest graded sensor is bad or worse.
pub fn air_warning(at: GeoPoint, air: &AirNow) -> Option<AirWarning> {
    let (sensor, metres) = nearest_graded(at, air)?;
    let grade = sensor.cai.as_ref()?.grade;
    (grade >= Grade::Bad).then(|| AirWarning {
        grade,
        sensor_ko: sensor.sensor.name_ko.clone(),
        sensor_en: sensor.sensor.name_en.clone(),
        metres: metres.round() as u32,
    })
}

/// Where a resident can go instead of a bike in bad air: (address, Korean, English).
pub const ALTERNATIVES: [(&str, &str, &str); 3] = [
    ("/cars", "전기차 공유 예약", "Book a shared electric car"),
    ("/kids-cafe", "실내 키즈카페 예약", "Book an indoor kids-café session"),
    ("/facilities", "실내 공공시설 예약", "Book an indoor public facility"),
];

/// 0 to 1 and back over `half_width` minutes either side of `centre` (minutes of the day).
fn bump(minute: i64, centre: i64, half_width: i64) -> f64 {
    let d = (minute - centre).abs();
    if d >= half_width {
        0.0
    } else {
        1.0 - d as f64 / half_width as f64
    }
}

/// A small, repeatable wobble of −1, 0 or +1 bikes per dock and 10-minute slot.
fn wobble(dock: DockId, slot: i64) -> i64 {
    let mut x = (u64::from(dock.0) << 32) ^ (slot as u64);
    x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 29;
    (x % 3) as i64 - 1
}

/// How many bikes the simulated feed says stand at a dock at `now`, before holds: about half the
/// dock at quiet times; a station dock fills up to 90 % around 08:30 and empties to 15 % around
/// 18:30 on working days (a residential dock the reverse); weekends move a third as much. Always
/// within `0..=capacity`.
pub fn simulated_count(id: DockId, kind: DockKind, capacity: u32, now: SeoulTime) -> u32 {
    let clock = now.instant().time();
    let minute = i64::from(clock.hour()) * 60 + i64::from(clock.minute());
    let (morning, evening) = (bump(minute, 8 * 60 + 30, 90), bump(minute, 18 * 60 + 30, 90));
    let swing = if is_working_day(now.date()) { 1.0 } else { 1.0 / 3.0 };
    let towards_station = swing * (0.4 * morning - 0.35 * evening);
    let share = match kind {
        DockKind::Station => 0.5 + towards_station,
        DockKind::Residential => 0.5 - towards_station,
    };
    let slot = now.instant().unix_timestamp().div_euclid(600);
    let count = (share * f64::from(capacity)).round() as i64 + wobble(id, slot);
    count.clamp(0, i64::from(capacity)) as u32
}

/// What the feed sets: the simulated count less the bikes residents hold there now.
pub fn available_after_holds(simulated: u32, held: u32, capacity: u32) -> u32 {
    simulated.min(capacity).saturating_sub(held)
}

/// One bike kept for a resident until `until`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BikeHold {
    pub id: i64,
    pub dock: DockId,
    pub account: AccountId,
    pub since: SeoulTime,
    pub until: SeoulTime,
}

impl BikeHold {
    /// The code the resident keys in at the dock's terminal to take the held bike: six digits
    /// worked out from the hold (its number, dock and moment), so the page and the dock agree
    /// without storing more, and two holds almost never share one.
    pub fn code(&self) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(format!("bike-hold:{}:{}:{}:{}", self.id, self.dock.0, self.account.0, self.since));
        let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % 1_000_000;
        format!("{n:06}")
    }
}

/// Why a bike could not be reserved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum BikeError {
    #[error("bad dock")]
    BadDock,
    #[error("no such dock")]
    NoSuchDock,
    #[error("no bikes")]
    NoBikes,
    #[error("already holding")]
    AlreadyHolding { until: SeoulTime },
}

impl BikeError {
    /// Whether it is about the state of things (409) rather than what was asked.
    pub fn is_conflict(&self) -> bool {
        matches!(self, BikeError::NoBikes | BikeError::AlreadyHolding { .. })
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            BikeError::BadDock => lang.pick("대여소 번호는 1부터 9999까지의 숫자입니다.", "A dock number is a number from 1 to 9999.").into(),
            BikeError::NoSuchDock => lang.pick("그런 자전거 대여소가 없습니다.", "There is no such bike dock.").into(),
            BikeError::NoBikes => lang
                .pick("이 대여소에 남은 자전거가 없습니다. 가까운 다른 대여소를 골라 주세요.", "No bikes are left at this dock. Please choose another dock nearby.")
                .into(),
            BikeError::AlreadyHolding { until } => match lang {
                Lang::Ko => format!("이미 {}까지 잡아 둔 자전거가 있습니다. 한 번에 한 대만 예약할 수 있습니다.", until.clock_text()),
                Lang::En => format!("You already hold a bike until {}. You can hold one bike at a time.", until.clock_text()),
            },
        }
    }
}

/// A refusal, or storage failing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum BikeFailure {
    #[error("{0}")]
    Refused(BikeError),
    #[error("storage unavailable")]
    Unavailable,
}

impl From<BikeError> for BikeFailure {
    fn from(e: BikeError) -> BikeFailure {
        BikeFailure::Refused(e)
    }
}

/// What the bike pages need from storage. Reserving takes one bike in one atomic statement that
/// never lets a count go below zero.
pub trait BikeDocks: Send + Sync {
    /// Every dock with its bikes now, by id.
    fn docks(&self) -> BoxFuture<'_, Result<Vec<Dock>, BikeFailure>>;
    /// Holds one bike at `dock` for `account` until `now + HOLD` (one hold per account at a time).
    fn reserve(&self, account: AccountId, dock: DockId, now: SeoulTime) -> BoxFuture<'_, Result<BikeHold, BikeFailure>>;
    /// The account's hold still running at `now`.
    fn hold_of(&self, account: AccountId, now: SeoulTime) -> BoxFuture<'_, Result<Option<BikeHold>, BikeFailure>>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::air::{Cai, Pollutant, Sensor, SensorId, SensorNow};
    use crate::IsoDate;

    fn at(date: &str, h: u8, m: u8) -> SeoulTime {
        SeoulTime::at(IsoDate::parse(date).unwrap(), h, m).unwrap()
    }

    const MONDAY: &str = "2026-11-23";
    const SATURDAY: &str = "2026-11-28";

    fn sensor(id: &str, lat: f64, grade: Option<Grade>, offline: bool) -> SensorNow {
        SensorNow {
            sensor: Sensor {
                id: SensorId::parse(id).unwrap(),
                name_ko: format!("측정기 {id}"),
                name_en: format!("Sensor {id}"),
                location: GeoPoint { lat, lon: 127.04 },
                model: "AQ".into(),
                installed: IsoDate::parse("2026-01-01").unwrap(),
            },
            last_reading: None,
            offline,
            cai: grade.map(|grade| Cai { index: grade.range().0, grade, decided_by: Pollutant::Pm10, parts: vec![] }),
            pm10: None,
            pm25: None,
            flagged: vec![],
        }
    }

    fn air(sensors: Vec<SensorNow>) -> AirNow {
        AirNow { at: at(MONDAY, 10, 0), sensors, district: None, simulated: false }
    }

    const HERE: GeoPoint = GeoPoint { lat: 37.65, lon: 127.04 };

    #[test]
    fn levels_are_words_from_none_to_plenty() {
        assert_eq!(Level::of(0, 20), Level::None);
        assert_eq!(Level::of(1, 20), Level::Few);
        assert_eq!(Level::of(3, 4), Level::Few);
        assert_eq!(Level::of(4, 20), Level::Few);
        assert_eq!(Level::of(5, 20), Level::Some);
        assert_eq!(Level::of(11, 20), Level::Some);
        assert_eq!(Level::of(12, 20), Level::Plenty);
        assert_eq!(Level::of(20, 20), Level::Plenty);
        for l in [Level::None, Level::Few, Level::Some, Level::Plenty] {
            assert_ne!(l.words(Lang::Ko), l.words(Lang::En));
        }
    }

    #[test]
    fn a_dock_number_is_one_to_four_digits_and_not_zero() {
        assert_eq!(DockId::parse(" 7 "), Ok(DockId(7)));
        assert_eq!(DockId::parse("9999"), Ok(DockId(9999)));
        for bad in ["", "0", "-1", "10000", "1e3", "abc", "３", "+4"] {
            assert_eq!(DockId::parse(bad), Err(BikeError::BadDock), "{bad:?}");
        }
    }

    #[test]
    fn the_nearest_sensor_with_a_grade_decides_and_ungraded_or_offline_ones_are_skipped() {
        let snapshot = air(vec![
            sensor("DB-001", 37.6501, None, false),
            sensor("DB-002", 37.6502, Some(Grade::VeryBad), true),
            sensor("DB-003", 37.6530, Some(Grade::Good), false),
            sensor("DB-004", 37.6600, Some(Grade::Bad), false),
        ]);
        let (nearest, metres) = nearest_graded(HERE, &snapshot).unwrap();
        assert_eq!(nearest.sensor.id.as_str(), "DB-003");
        assert!((300.0..360.0).contains(&metres), "{metres}");
        assert_eq!(air_warning(HERE, &snapshot), None);
    }

    #[test]
    fn bad_or_very_bad_air_nearby_warns_and_good_or_moderate_does_not() {
        for (grade, warns) in [(Grade::Good, false), (Grade::Moderate, false), (Grade::Bad, true), (Grade::VeryBad, true)] {
            let snapshot = air(vec![sensor("DB-001", 37.651, Some(grade), false), sensor("DB-002", 37.69, Some(Grade::Good), false)]);
            let warning = air_warning(HERE, &snapshot);
            assert_eq!(warning.is_some(), warns, "{grade:?}");
            if let Some(w) = warning {
                assert_eq!(w.grade, grade);
                assert_eq!(w.metres, 111);
                assert!(w.message("창동역", Lang::Ko).contains(grade.label(Lang::Ko)));
                assert!(w.message("Changdong", Lang::En).contains("electric car"));
            }
        }
    }

    #[test]
    fn no_graded_sensor_within_two_kilometres_means_no_warning() {
        assert_eq!(air_warning(HERE, &air(vec![])), None);
        assert_eq!(air_warning(HERE, &air(vec![sensor("DB-001", 37.67, Some(Grade::VeryBad), false)])), None, "2.2 km away");
        assert!(air_warning(HERE, &air(vec![sensor("DB-001", 37.665, Some(Grade::VeryBad), false)])).is_some(), "1.7 km away");
        assert_eq!(air_warning(HERE, &air(vec![sensor("DB-001", 37.65, None, false)])), None);
    }

    #[test]
    fn the_morning_commute_fills_station_docks_and_empties_residential_ones() {
        let (id, cap) = (DockId(3), 20);
        let morning = at(MONDAY, 8, 30);
        assert!(simulated_count(id, DockKind::Station, cap, morning) >= 17);
        assert!(simulated_count(id, DockKind::Residential, cap, morning) <= 3);
        let evening = at(MONDAY, 18, 30);
        assert!(simulated_count(id, DockKind::Station, cap, evening) <= 4);
        assert!(simulated_count(id, DockKind::Residential, cap, evening) >= 16);
        let quiet = at(MONDAY, 13, 0);
        assert!((9..=11).contains(&simulated_count(id, DockKind::Station, cap, quiet)));
    }

    #[test]
    fn weekends_move_bikes_less() {
        let (id, cap) = (DockId(3), 20);
        let station = simulated_count(id, DockKind::Station, cap, at(SATURDAY, 8, 30));
        assert!((11..=14).contains(&station), "{station}");
    }

    #[test]
    fn the_feed_is_repeatable_and_never_leaves_zero_to_capacity() {
        for cap in [1, 2, 5, 12, 30] {
            for kind in [DockKind::Station, DockKind::Residential] {
                for minute in (0..24 * 60).step_by(7) {
                    let t = at(MONDAY, (minute / 60) as u8, (minute % 60) as u8);
                    let n = simulated_count(DockId(cap), kind, cap, t);
                    assert!(n <= cap);
                    assert_eq!(n, simulated_count(DockId(cap), kind, cap, t));
                }
            }
        }
    }

    #[test]
    fn held_bikes_are_not_available_and_counts_never_go_negative() {
        assert_eq!(available_after_holds(10, 3, 20), 7);
        assert_eq!(available_after_holds(2, 5, 20), 0);
        assert_eq!(available_after_holds(25, 0, 20), 20);
    }

    #[test]
    fn running_out_or_holding_twice_is_a_conflict_and_a_bad_number_is_not() {
        assert!(BikeError::NoBikes.is_conflict());
        assert!(BikeError::AlreadyHolding { until: at(MONDAY, 10, 15) }.is_conflict());
        assert!(!BikeError::BadDock.is_conflict());
        assert!(BikeError::AlreadyHolding { until: at(MONDAY, 10, 15) }.message(Lang::Ko).contains("10:15"));
        assert_ne!(BikeError::NoBikes.message(Lang::Ko), BikeError::NoBikes.message(Lang::En));
    }

    #[test]
    fn a_hold_has_a_six_digit_code_that_stays_the_same_and_differs_between_holds() {
        let since = crate::carshare::window::parse_local("2026-11-23T19:00").unwrap();
        let hold = |id| BikeHold { id, dock: DockId(3), account: AccountId(7), since, until: since.plus_minutes(15) };
        let code = hold(1).code();
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        assert_eq!(hold(1).code(), code);
        assert_ne!(hold(2).code(), code);
    }
}
