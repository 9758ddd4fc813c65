//! A course as the catalogue keeps it, and the district's own offline courses.

pub use crate::calendar::IsoDate;
use super::{FacetKind, Format, Language, LengthBand, Level, Platform, Status, Subject, FACET_COUNT};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The catalogue's own id of a course (not the platform's).
/// Read back from the wire (server functions) through `parse`'s rule: positive only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct CourseId(pub i64);

impl TryFrom<i64> for CourseId {
    type Error = &'static str;
    fn try_from(n: i64) -> Result<CourseId, &'static str> {
        (n > 0).then_some(CourseId(n)).ok_or("a course id is a positive whole number")
    }
}

impl From<CourseId> for i64 {
    fn from(id: CourseId) -> i64 {
        id.0
    }
}

impl CourseId {
    /// Reads an id from a URL segment; anything but a positive whole number is no course.
    pub fn parse(s: &str) -> Option<CourseId> {
        s.parse::<i64>().ok().filter(|n| *n > 0).map(CourseId)
    }
}

impl fmt::Display for CourseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One online course of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Course {
    pub id: CourseId,
    pub platform: Platform,
    /// The platform's own id; (platform, external_id) is unique.
    pub external_id: String,
    pub title_ko: String,
    pub title_en: Option<String>,
    pub summary: String,
    pub keywords: Vec<String>,
    pub subject: Subject,
    pub level: Level,
    pub hours: u16,
    pub format: Format,
    pub language: Language,
    pub status: Status,
    /// When enrolment opens, for courses that open soon.
    pub opens_on: Option<IsoDate>,
    pub free: bool,
    /// The course page on the platform's own site.
    pub url: String,
    /// When the course joined the catalogue: "newest" sorts by it.
    pub added_on: IsoDate,
    /// Made by the demo generator (`dongne seed`), not gathered from the platform: its page and the
    /// API say so, and its `url` follows the platform's address pattern but is made up.
    pub generated: bool,
}

impl Course {
    pub fn length_band(&self) -> LengthBand {
        LengthBand::of_hours(self.hours)
    }

    /// The course's value in each facet, in `FacetKind::ALL` order.
    pub fn facet_ordinals(&self) -> [u8; FACET_COUNT] {
        let mut out = [0; FACET_COUNT];
        for kind in FacetKind::ALL {
            out[kind.index()] = match kind {
                FacetKind::Subject => self.subject.ordinal(),
                FacetKind::Platform => self.platform.ordinal(),
                FacetKind::Level => self.level.ordinal(),
                FacetKind::Length => self.length_band().ordinal(),
                FacetKind::Format => self.format.ordinal(),
                FacetKind::Status => self.status.ordinal(),
                FacetKind::Language => self.language.ordinal(),
            };
        }
        out
    }

    /// The title in the resident's language when the course has one in it.
    pub fn title(&self, lang: crate::Lang) -> &str {
        match (lang, &self.title_en) {
            (crate::Lang::En, Some(en)) => en,
            _ => &self.title_ko,
        }
    }

    /// Everything a search matches besides the title.
    pub fn body_text(&self) -> String {
        let mut body = self.summary.clone();
        for k in &self.keywords {
            body.push(' ');
            body.push_str(k);
        }
        body
    }

    /// The title text a search matches, in both languages.
    pub fn title_text(&self) -> String {
        match &self.title_en {
            Some(en) => format!("{} {}", self.title_ko, en),
            None => self.title_ko.clone(),
        }
    }
}

/// The four district institutions that run offline courses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Institution {
    FutureLifelongLearningCenter,
    VillageUniversity,
    YeongteukhanAcademy,
    ConvergenceTalentEducation,
}

impl Institution {
    pub const ALL: [Institution; 4] = [
        Institution::FutureLifelongLearningCenter,
        Institution::VillageUniversity,
        Institution::YeongteukhanAcademy,
        Institution::ConvergenceTalentEducation,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Institution::FutureLifelongLearningCenter => "future-center",
            Institution::VillageUniversity => "village-university",
            Institution::YeongteukhanAcademy => "yeongteukhan-academy",
            Institution::ConvergenceTalentEducation => "convergence-talent",
        }
    }

    pub fn parse(slug: &str) -> Option<Institution> {
        Self::ALL.into_iter().find(|i| i.slug() == slug)
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            Institution::FutureLifelongLearningCenter => lang.pick("미래평생학습관", "Future Lifelong Learning Center"),
            Institution::VillageUniversity => lang.pick("마을대학", "Village University"),
            Institution::YeongteukhanAcademy => lang.pick("영특한 아카데미", "Yeongteukhan Academy"),
            Institution::ConvergenceTalentEducation => lang.pick("융합인재교육", "Convergence Talent Education"),
        }
    }
}

/// A course the district runs itself, in a room, with a limited number of seats.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistrictCourse {
    pub id: i64,
    pub institution: Institution,
    pub title: String,
    pub summary: String,
    pub subject: Subject,
    pub venue: String,
    /// e.g. "매주 화·목 10:00–12:00"
    pub schedule: String,
    pub starts_on: IsoDate,
    pub ends_on: IsoDate,
    pub capacity: u32,
    pub enrolled: u32,
    pub fee_krw: u32,
}

/// Where a district course stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoursePhase {
    /// Not started: the first session is `days` days away.
    Upcoming { days: i64 },
    Running,
    Finished,
}

impl DistrictCourse {
    pub fn seats_left(&self) -> u32 {
        self.capacity.saturating_sub(self.enrolled)
    }

    /// The course's phase on `today` (Seoul's date, from the clock port).
    pub fn phase(&self, today: IsoDate) -> CoursePhase {
        if today < self.starts_on {
            CoursePhase::Upcoming { days: (self.starts_on.date() - today.date()).whole_days() }
        } else if today <= self.ends_on {
            CoursePhase::Running
        } else {
            CoursePhase::Finished
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_district_course_is_upcoming_then_running_then_finished() {
        let day = |s: &str| IsoDate::parse(s).unwrap();
        let course = DistrictCourse {
            id: 1,
            institution: Institution::ALL[0],
            title: "수채화".into(),
            summary: String::new(),
            subject: Subject::Arts,
            venue: String::new(),
            schedule: String::new(),
            starts_on: day("2026-12-01"),
            ends_on: day("2027-02-28"),
            capacity: 20,
            enrolled: 3,
            fee_krw: 0,
        };
        assert_eq!(course.phase(day("2026-11-23")), CoursePhase::Upcoming { days: 8 });
        assert_eq!(course.phase(day("2026-12-01")), CoursePhase::Running);
        assert_eq!(course.phase(day("2027-02-28")), CoursePhase::Running);
        assert_eq!(course.phase(day("2027-03-01")), CoursePhase::Finished);
    }

    #[test]
    fn course_ids_are_positive_numbers() {
        assert_eq!(CourseId::parse("42"), Some(CourseId(42)));
        assert_eq!(CourseId::parse("0"), None);
        assert_eq!(CourseId::parse("-3"), None);
        assert_eq!(CourseId::parse("abc"), None);
        assert_eq!(CourseId::parse("99999999999999999999999"), None);
    }
}
