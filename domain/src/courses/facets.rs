//! The closed vocabularies a course is classified by (subject, platform, level, …) and the facets a
//! resident filters on. Each value has a stable slug (URLs, API, CSV) and a Korean and English label.

use crate::vocabulary::vocabulary;
use crate::Lang;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// The eight subject areas of the national lifelong-learning classification.
    Subject {
        Humanities = "humanities", "인문", "Humanities";
        SocialSciences = "social-sciences", "사회", "Social sciences";
        Education = "education", "교육", "Education";
        Science = "science", "공학·과학", "Science & engineering";
        Nature = "nature", "자연", "Nature";
        Medicine = "medicine", "의약", "Medicine & health";
        Arts = "arts", "예체능·예술", "Arts";
        PhysicalEducation = "physical-education", "체육", "Physical education";
    }
);

vocabulary!(
    /// The learning platforms the catalogue gathers courses from.
    Platform {
        Kmooc = "kmooc", "K-MOOC", "K-MOOC";
        Neulbaeum = "neulbaeum", "늘배움", "Neulbaeum";
        CulturePortal = "culture-portal", "문화포털", "Culture Portal";
        SeoulLearning = "seoul-learning", "서울시평생학습포털", "Seoul Lifelong Learning Portal";
        Gseek = "gseek", "지식(GSEEK)", "GSEEK";
        LearningCountry = "learning-country", "배움나라", "Learning Country";
        EGugak = "e-gugak", "e-국악아카데미", "e-Gugak Academy";
        Kocw = "kocw", "KOCW", "KOCW";
        Step = "step", "STEP 스마트직업훈련", "STEP Smart Training";
        DigitalBaeumteo = "digital-baeumteo", "디지털배움터", "Digital Baeumteo";
        EbsLifelong = "ebs-lifelong", "EBS 평생학습", "EBS Lifelong Learning";
        SeoulCitizensUniversity = "seoul-citizens-university", "서울시민대학", "Seoul Citizens University";
        NationalLibrary = "national-library", "국립중앙도서관 디지털배움", "National Library Digital Learning";
    }
);

impl Platform {
    /// The platform's own host: every course link must point there.
    pub fn host(self) -> &'static str {
        match self {
            Platform::Kmooc => "www.kmooc.kr",
            Platform::Neulbaeum => "www.lifelong.kr",
            Platform::CulturePortal => "www.culture.go.kr",
            Platform::SeoulLearning => "sll.seoul.go.kr",
            Platform::Gseek => "www.gseek.kr",
            Platform::LearningCountry => "www.estudy.or.kr",
            Platform::EGugak => "academy.gugak.go.kr",
            Platform::Kocw => "www.kocw.net",
            Platform::Step => "www.step.or.kr",
            Platform::DigitalBaeumteo => "www.digitallearning.or.kr",
            Platform::EbsLifelong => "home.ebs.co.kr",
            Platform::SeoulCitizensUniversity => "smu.seoul.go.kr",
            Platform::NationalLibrary => "www.nl.go.kr",
        }
    }
}

vocabulary!(
    Level {
        Beginner = "beginner", "입문", "Beginner";
        Intermediate = "intermediate", "중급", "Intermediate";
        Advanced = "advanced", "고급", "Advanced";
    }
);

vocabulary!(
    /// Course length in hours, banded so a resident can pick "something short".
    LengthBand {
        UpTo5 = "under-5h", "5시간 이하", "Up to 5 hours";
        UpTo15 = "5-15h", "6~15시간", "6–15 hours";
        UpTo40 = "15-40h", "16~40시간", "16–40 hours";
        Over40 = "over-40h", "40시간 초과", "Over 40 hours";
    }
);

impl LengthBand {
    pub fn of_hours(hours: u16) -> LengthBand {
        match hours {
            0..=5 => LengthBand::UpTo5,
            6..=15 => LengthBand::UpTo15,
            16..=40 => LengthBand::UpTo40,
            _ => LengthBand::Over40,
        }
    }
}

vocabulary!(
    Format {
        Video = "video", "동영상", "Video";
        Live = "live", "실시간", "Live";
        Mixed = "mixed", "혼합", "Mixed";
    }
);

vocabulary!(
    /// Whether a resident can enrol today.
    Status {
        Open = "open", "수강 신청 중", "Open";
        OpensSoon = "soon", "개강 예정", "Opens soon";
        Closed = "closed", "마감", "Closed";
    }
);

vocabulary!(
    Language {
        Korean = "ko", "한국어", "Korean";
        English = "en", "영어", "English";
        KoreanEnglish = "ko-en", "한국어·영어 자막", "Korean with English subtitles";
    }
);

/// The facets a search is filtered and counted by, in the order the page shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FacetKind {
    Subject,
    Platform,
    Level,
    Length,
    Format,
    Status,
    Language,
}

pub const FACET_COUNT: usize = 7;

impl FacetKind {
    pub const ALL: [FacetKind; FACET_COUNT] = [
        FacetKind::Subject,
        FacetKind::Platform,
        FacetKind::Level,
        FacetKind::Length,
        FacetKind::Format,
        FacetKind::Status,
        FacetKind::Language,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The URL/API parameter and the key in the API's `facets` object.
    pub fn param(self) -> &'static str {
        match self {
            FacetKind::Subject => "subject",
            FacetKind::Platform => "platform",
            FacetKind::Level => "level",
            FacetKind::Length => "length",
            FacetKind::Format => "format",
            FacetKind::Status => "status",
            FacetKind::Language => "language",
        }
    }

    pub fn from_param(param: &str) -> Option<FacetKind> {
        Self::ALL.into_iter().find(|k| k.param() == param)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            FacetKind::Subject => lang.pick("분야", "Subject"),
            FacetKind::Platform => lang.pick("제공 기관", "Platform"),
            FacetKind::Level => lang.pick("난이도", "Level"),
            FacetKind::Length => lang.pick("학습 시간", "Length"),
            FacetKind::Format => lang.pick("방식", "Format"),
            FacetKind::Status => lang.pick("신청 상태", "Enrolment"),
            FacetKind::Language => lang.pick("언어", "Language"),
        }
    }

    /// How many values this facet has; ordinals run from 0 to this.
    pub fn len(self) -> usize {
        self.slugs().len()
    }

    pub fn slugs(self) -> Vec<&'static str> {
        fn slugs<T: Copy>(all: &[T], slug: fn(T) -> &'static str) -> Vec<&'static str> {
            all.iter().map(|v| slug(*v)).collect()
        }
        match self {
            FacetKind::Subject => slugs(Subject::ALL, Subject::slug),
            FacetKind::Platform => slugs(Platform::ALL, Platform::slug),
            FacetKind::Level => slugs(Level::ALL, Level::slug),
            FacetKind::Length => slugs(LengthBand::ALL, LengthBand::slug),
            FacetKind::Format => slugs(Format::ALL, Format::slug),
            FacetKind::Status => slugs(Status::ALL, Status::slug),
            FacetKind::Language => slugs(Language::ALL, Language::slug),
        }
    }

    pub fn ordinal_of(self, slug: &str) -> Option<u8> {
        self.slugs().iter().position(|s| *s == slug).map(|i| i as u8)
    }

    pub fn value_label(self, ordinal: u8, lang: Lang) -> &'static str {
        let i = ordinal as usize;
        match self {
            FacetKind::Subject => Subject::ALL[i].label(lang),
            FacetKind::Platform => Platform::ALL[i].label(lang),
            FacetKind::Level => Level::ALL[i].label(lang),
            FacetKind::Length => LengthBand::ALL[i].label(lang),
            FacetKind::Format => Format::ALL[i].label(lang),
            FacetKind::Status => Status::ALL[i].label(lang),
            FacetKind::Language => Language::ALL[i].label(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_facet_value_round_trips_through_its_slug() {
        for kind in FacetKind::ALL {
            for (i, slug) in kind.slugs().into_iter().enumerate() {
                assert_eq!(kind.ordinal_of(slug), Some(i as u8));
            }
            assert_eq!(FacetKind::from_param(kind.param()), Some(kind));
        }
    }

    #[test]
    fn there_are_thirteen_platforms_and_eight_subjects() {
        assert_eq!(Platform::ALL.len(), 13);
        assert_eq!(Subject::ALL.len(), 8);
    }

    #[test]
    fn length_bands_cover_every_hour_count() {
        assert_eq!(LengthBand::of_hours(1), LengthBand::UpTo5);
        assert_eq!(LengthBand::of_hours(15), LengthBand::UpTo15);
        assert_eq!(LengthBand::of_hours(16), LengthBand::UpTo40);
        assert_eq!(LengthBand::of_hours(300), LengthBand::Over40);
    }
}
