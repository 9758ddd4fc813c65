//! Public rooms, halls and courts: what each one is, where, for how many people, for how much, and
//! its slot rule (fixed slots from opening to closing time; a group within the facility's limits).
//! Slots are booked whole through the seat engine (capacity 1 per slot).

use crate::calendar::{IsoDate, SeoulTime};
use crate::Lang;
use serde::{Deserialize, Serialize};
use time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FacilityKind {
    Room,
    Hall,
    Court,
}

impl FacilityKind {
    pub const ALL: [FacilityKind; 3] = [FacilityKind::Room, FacilityKind::Hall, FacilityKind::Court];

    pub fn slug(self) -> &'static str {
        match self {
            FacilityKind::Room => "room",
            FacilityKind::Hall => "hall",
            FacilityKind::Court => "court",
        }
    }

    pub fn parse(s: &str) -> Option<FacilityKind> {
        FacilityKind::ALL.into_iter().find(|k| k.slug() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FacilityKind::Room => lang.pick("회의실", "Meeting room"),
            FacilityKind::Hall => lang.pick("강당", "Hall"),
            FacilityKind::Court => lang.pick("체육시설", "Sports court"),
        }
    }
}

/// A facility's slug as it appears in `/facilities/:slug`: lowercase letters, digits and hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FacilitySlug(String);

impl FacilitySlug {
    pub fn parse(s: &str) -> Option<FacilitySlug> {
        let ok = (1..=60).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        ok.then(|| FacilitySlug(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for FacilitySlug {
    type Error = &'static str;
    fn try_from(s: String) -> Result<FacilitySlug, &'static str> {
        FacilitySlug::parse(&s).ok_or("a facility is named by lowercase letters, digits and hyphens")
    }
}

impl From<FacilitySlug> for String {
    fn from(s: FacilitySlug) -> String {
        s.0
    }
}

/// One public room, hall or court.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facility {
    pub slug: FacilitySlug,
    pub kind: FacilityKind,
    pub name_ko: String,
    pub name_en: String,
    pub place_ko: String,
    pub place_en: String,
    /// Opening and closing hour (closing: when the last slot must have ended).
    pub opens_hour: u8,
    pub closes_hour: u8,
    pub slot_minutes: u32,
    pub min_group: u32,
    pub max_group: u32,
    /// Per slot; 0 is free.
    pub fee_krw: u32,
    pub rules_ko: String,
    pub rules_en: String,
}

/// Why a facility booking is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FacilityError {
    #[error("group size outside the facility's limits")]
    GroupSize { min: u32, max: u32 },
}

impl FacilityError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FacilityError::GroupSize { min, max }, Lang::Ko) => format!("이 시설은 {min}명부터 {max}명까지 이용할 수 있습니다."),
            (FacilityError::GroupSize { min, max }, Lang::En) => format!("This facility takes groups of {min} to {max} people."),
        }
    }
}

impl Facility {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_ko, &self.name_en)
    }

    pub fn place(&self, lang: Lang) -> &str {
        lang.pick(&self.place_ko, &self.place_en)
    }

    pub fn rules(&self, lang: Lang) -> &str {
        lang.pick(&self.rules_ko, &self.rules_en)
    }

    /// The slots of `date` as (start, end): back to back from opening, each `slot_minutes` long,
    /// the last one ending by closing time. Facilities open every day.
    pub fn slots_on(&self, date: IsoDate) -> Vec<(SeoulTime, SeoulTime)> {
        let (Some(mut start), Some(close)) = (SeoulTime::at(date, self.opens_hour, 0), SeoulTime::at(date, self.closes_hour, 0)) else {
            return Vec::new();
        };
        if self.slot_minutes == 0 {
            return Vec::new();
        }
        let length = Duration::minutes(self.slot_minutes as i64);
        let mut slots = Vec::new();
        loop {
            let end = SeoulTime::from_instant(start.instant() + length);
            if end > close {
                return slots;
            }
            slots.push((start, end));
            start = end;
        }
    }

    /// Whether a group of `people` may book this facility.
    pub fn group_fits(&self, people: u32) -> Result<(), FacilityError> {
        if (self.min_group..=self.max_group).contains(&people) {
            Ok(())
        } else {
            Err(FacilityError::GroupSize { min: self.min_group, max: self.max_group })
        }
    }
}

/// Facilities' booking opens 14 days ahead at 09:00: the same horizon the calendar keeps sessions for.
pub fn booking_opens(date: IsoDate) -> SeoulTime {
    SeoulTime::at(date.plus_days(-14), 9, 0).expect("09:00 exists")
}

/// Every facility, in the order the list shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facilities(pub Vec<Facility>);

impl Facilities {
    pub fn find(&self, slug: &FacilitySlug) -> Option<&Facility> {
        self.0.iter().find(|f| &f.slug == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room() -> Facility {
        Facility {
            slug: FacilitySlug::parse("room-a").unwrap(),
            kind: FacilityKind::Room,
            name_ko: "회의실".into(),
            name_en: "Room".into(),
            place_ko: "구청".into(),
            place_en: "District office".into(),
            opens_hour: 9,
            closes_hour: 22,
            slot_minutes: 120,
            min_group: 2,
            max_group: 12,
            fee_krw: 10_000,
            rules_ko: "".into(),
            rules_en: "".into(),
        }
    }

    #[test]
    fn slots_run_back_to_back_from_opening_and_the_last_ends_by_closing() {
        let slots = room().slots_on(IsoDate::parse("2026-11-23").unwrap());
        let hours: Vec<u8> = slots.iter().map(|(s, _)| s.instant().hour()).collect();
        assert_eq!(hours, [9, 11, 13, 15, 17, 19], "a 21:00 slot would end after 22:00");
        assert_eq!(slots.last().unwrap().1.instant().hour(), 21);
    }

    #[test]
    fn a_group_must_be_within_the_facilitys_limits() {
        assert_eq!(room().group_fits(1), Err(FacilityError::GroupSize { min: 2, max: 12 }));
        assert_eq!(room().group_fits(2), Ok(()));
        assert_eq!(room().group_fits(12), Ok(()));
        assert!(room().group_fits(13).is_err());
        assert!(room().group_fits(13).unwrap_err().message(Lang::Ko).contains("12명"));
    }

    #[test]
    fn facility_slugs_are_plain_lowercase_words() {
        assert!(FacilitySlug::parse("gwangjin-hall-1").is_some());
        assert!(FacilitySlug::parse("<script>").is_none());
        assert!(FacilitySlug::parse("").is_none());
        assert!(FacilitySlug::parse(&"a".repeat(61)).is_none());
    }
}
