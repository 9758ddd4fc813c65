//! The deterministic demo catalogue: 36,496 free online courses from the 13 platforms and the district's
//! 60 offline courses, built from real Korean (and parallel English) subject vocabulary with a fixed-seed
//! generator, so every machine seeds exactly the same rows.

use domain::courses::{
    Course, CourseId, DistrictCourse, Format, Institution, IsoDate, Language, Level, Platform, Status, Subject,
};

pub const CATALOGUE_SIZE: usize = 36_496;

/// Fixed seeds: changing one changes every demo row.
const CATALOGUE_SEED: u64 = 0x00D0_4E6E_2026_0001;
const DISTRICT_SEED: u64 = 0x00D0_4E6E_2026_0002;

/// Exactly CATALOGUE_SIZE courses, the same on every machine. `id` = CourseId(position + 1).
pub fn catalogue() -> Vec<Course> {
    let mut rng = Rng(CATALOGUE_SEED);
    let plans: &'static [Plan; 13] = &PLANS;
    let mut left: [u32; 13] = std::array::from_fn(|i| plans[i].count);
    let mut issued = [0u32; 13];
    let calendar = Calendar::new(ADDED_FROM, SOON_FROM + 120);
    let mut out = Vec::with_capacity(CATALOGUE_SIZE);
    for position in 0..CATALOGUE_SIZE {
        // platforms interleave in proportion to what each still has to give
        let p = rng.weighted(&left);
        left[p] -= 1;
        issued[p] += 1;
        out.push(course(&mut rng, &calendar, &plans[p], issued[p], CourseId(position as i64 + 1)));
    }
    out
}

/// About 60 offline district courses (ids 1..), the same on every machine.
pub fn district_courses() -> Vec<DistrictCourse> {
    let mut rng = Rng(DISTRICT_SEED);
    DISTRICT.iter().enumerate().map(|(i, entry)| district_course(&mut rng, i as i64 + 1, entry)).collect()
}

// ---------------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------------

/// splitmix64: tiny, fast and the same on every platform (the datasets' demo data uses it too).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 0..n (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index drawn in proportion to `weights`.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        unreachable!("r < total")
    }
}

/// A Korean word or phrase and its English translation.
type Pair = (&'static str, &'static str);

/// How much of the catalogue a platform gives and what its courses look like.
struct Plan {
    platform: Platform,
    count: u32,
    /// Share of its courses that also have an English title, in percent.
    english: usize,
    /// Weights of the subjects, in `Subject::ALL` order.
    subjects: [u32; 8],
    /// Weights of the length bands: up to 5 h, 6–15, 16–40, over 40.
    hours: [u32; 4],
    /// Weights of video, live, mixed.
    formats: [u32; 3],
    /// The course page's path on the platform's host; the external id follows it.
    path: &'static str,
}

const SHORT: [u32; 4] = [45, 33, 16, 6];
const SEMESTER: [u32; 4] = [14, 34, 36, 16];
const RECORDED: [u32; 3] = [76, 8, 16];
const BLENDED: [u32; 3] = [50, 26, 24];

#[rustfmt::skip]
const PLANS: [Plan; 13] = [
    Plan { platform: Platform::Kmooc, count: 8_200, english: 45, subjects: [18, 18, 10, 22, 10, 10, 8, 4], hours: SEMESTER, formats: RECORDED, path: "/view/course/detail/" },
    Plan { platform: Platform::Neulbaeum, count: 6_900, english: 22, subjects: [16, 14, 14, 12, 8, 10, 16, 10], hours: SHORT, formats: RECORDED, path: "/lecture/view/" },
    Plan { platform: Platform::CulturePortal, count: 1_200, english: 25, subjects: [30, 5, 5, 2, 8, 2, 40, 8], hours: SHORT, formats: RECORDED, path: "/edu/view/" },
    Plan { platform: Platform::SeoulLearning, count: 2_400, english: 25, subjects: [16, 16, 14, 12, 8, 10, 14, 10], hours: SHORT, formats: BLENDED, path: "/lecture/detail/" },
    Plan { platform: Platform::Gseek, count: 2_600, english: 20, subjects: [10, 22, 12, 30, 4, 8, 8, 6], hours: SHORT, formats: RECORDED, path: "/course/" },
    Plan { platform: Platform::LearningCountry, count: 1_700, english: 30, subjects: [6, 12, 22, 48, 2, 4, 4, 2], hours: SHORT, formats: RECORDED, path: "/courses/" },
    Plan { platform: Platform::EGugak, count: 596, english: 18, subjects: [0, 0, 0, 0, 0, 0, 1, 0], hours: SHORT, formats: RECORDED, path: "/lecture/" },
    Plan { platform: Platform::Kocw, count: 3_300, english: 42, subjects: [18, 20, 12, 26, 10, 10, 3, 1], hours: SEMESTER, formats: RECORDED, path: "/home/cview.do?cid=" },
    Plan { platform: Platform::Step, count: 2_100, english: 28, subjects: [4, 30, 12, 44, 2, 6, 2, 0], hours: SHORT, formats: RECORDED, path: "/course/detail/" },
    Plan { platform: Platform::DigitalBaeumteo, count: 1_300, english: 18, subjects: [2, 14, 20, 60, 0, 2, 2, 0], hours: SHORT, formats: BLENDED, path: "/edu/course/" },
    Plan { platform: Platform::EbsLifelong, count: 3_600, english: 25, subjects: [22, 14, 14, 10, 10, 10, 12, 8], hours: SHORT, formats: RECORDED, path: "/lifelong/course/" },
    Plan { platform: Platform::SeoulCitizensUniversity, count: 1_500, english: 30, subjects: [30, 22, 10, 6, 10, 8, 10, 4], hours: SEMESTER, formats: BLENDED, path: "/course/view/" },
    Plan { platform: Platform::NationalLibrary, count: 1_100, english: 30, subjects: [40, 16, 18, 8, 8, 4, 6, 0], hours: SHORT, formats: RECORDED, path: "/learning/course/" },
];

const _: () = {
    let mut sum = 0;
    let mut i = 0;
    while i < PLANS.len() {
        sum += PLANS[i].count as usize;
        i += 1;
    }
    assert!(sum == CATALOGUE_SIZE, "the platforms' shares must add up to the catalogue");
};

fn course(rng: &mut Rng, calendar: &Calendar, plan: &Plan, seq: u32, id: CourseId) -> Course {
    let vocab = vocabulary(plan.platform, Subject::ALL[rng.weighted(&plan.subjects)]);
    let english = rng.percent(plan.english);
    let title = title(rng, vocab, english);
    let level = title
        .level
        .unwrap_or_else(|| [Level::Beginner, Level::Intermediate, Level::Advanced][rng.weighted(&[70, 22, 8])]);
    let band = rng.weighted(&plan.hours);
    let hours = [(1, 5), (6, 15), (16, 40), (41, 120)][band];
    let format = [Format::Video, Format::Live, Format::Mixed][rng.weighted(&plan.formats)];
    let language = match english {
        true => [Language::Korean, Language::English, Language::KoreanEnglish][rng.weighted(&[50, 15, 35])],
        false => Language::Korean,
    };
    let status = [Status::Open, Status::OpensSoon, Status::Closed][rng.weighted(&[70, 10, 20])];
    let (opens_on, added_on) = match status {
        // announced lately, opening this winter
        Status::OpensSoon => {
            (Some(calendar.on(SOON_FROM + rng.below(121) as i64)), calendar.on(ADDED_UNTIL - rng.below(120) as i64))
        }
        _ => (None, calendar.on(ADDED_FROM + rng.below((ADDED_UNTIL - ADDED_FROM + 1) as usize) as i64)),
    };
    let external_id = external_id(plan.platform, seq, &added_on.to_string()[..4]);
    Course {
        id,
        url: format!("https://{}{}{}", plan.platform.host(), plan.path, external_id),
        platform: plan.platform,
        external_id,
        summary: summary(rng, &title, format),
        keywords: keywords(vocab, &title),
        title_ko: title.ko,
        title_en: title.en,
        subject: vocab.subject,
        level,
        hours: rng.between(hours.0, hours.1) as u16,
        format,
        language,
        status,
        opens_on,
        free: true,
        added_on,
        generated: true,
    }
}

/// The platform's own id scheme; `seq` counts the platform's courses, so ids never repeat within it.
fn external_id(platform: Platform, seq: u32, year: &str) -> String {
    match platform {
        Platform::Kmooc => format!("KM{year}-{seq:05}"),
        Platform::Neulbaeum => format!("NB-{seq:06}"),
        Platform::CulturePortal => format!("CP{seq:05}"),
        Platform::SeoulLearning => format!("SLL-{year}-{seq:04}"),
        Platform::Gseek => format!("GS{seq:06}"),
        Platform::LearningCountry => format!("ES-{seq:05}"),
        Platform::EGugak => format!("GUGAK-{seq:04}"),
        Platform::Kocw => format!("{}", 1_100_000 + seq * 7),
        Platform::Step => format!("STEP-{year}-{seq:05}"),
        Platform::DigitalBaeumteo => format!("DB{seq:05}"),
        Platform::EbsLifelong => format!("EBS-L{seq:05}"),
        Platform::SeoulCitizensUniversity => format!("SMU-{year}-{seq:04}"),
        Platform::NationalLibrary => format!("NL-DL-{seq:05}"),
    }
}

/// A course title and the pieces it was built from (the summary and keywords reuse them).
struct Title {
    ko: String,
    en: Option<String>,
    topic: Pair,
    audience: Option<Pair>,
    place: Option<Pair>,
    level: Option<Level>,
}

fn title(rng: &mut Rng, vocab: &'static Vocabulary, english: bool) -> Title {
    if rng.percent(3) {
        let sig = rng.pick(vocab.signatures);
        let (ko_part, en_part) = if rng.percent(40) { rng.pick(PARTS) } else { ("", "") };
        return Title {
            ko: format!("{}{ko_part}", sig.ko),
            en: english.then(|| format!("{}{en_part}", sig.en)),
            topic: sig.topic,
            audience: None,
            place: None,
            level: None,
        };
    }
    let bit = 1u8 << vocab.subject.ordinal();
    let pattern = loop {
        let p = rng.pick(PATTERNS);
        if p.subjects & bit != 0 {
            break p;
        }
    };
    let topic = rng.pick(vocab.topics);
    let audience = rng.pick(AUDIENCES);
    let place = rng.pick(vocab.places);
    let (ko_part, en_part) = if rng.percent(25) { rng.pick(PARTS) } else { ("", "") };
    let mut ko = fill(pattern.ko, topic.0, audience.0, place.0, ko_part.len());
    ko.push_str(ko_part);
    let en = english.then(|| fill(pattern.en, topic.1, audience.1, place.1, en_part.len()) + en_part);
    Title {
        ko,
        en,
        topic,
        audience: pattern.ko.contains("{a").then_some(audience),
        place: pattern.ko.contains("{p").then_some(place),
        level: pattern.level,
    }
}

fn summary(rng: &mut Rng, title: &Title, format: Format) -> String {
    let audience = title.audience.unwrap_or_else(|| rng.pick(AUDIENCES));
    let place = title.place.unwrap_or(("일상", "Daily Life"));
    let mut s = fill(rng.pick(SUMMARIES), title.topic.0, audience.0, place.0, 104);
    if rng.percent(60) {
        s.push(' ');
        s.push_str(match format {
            Format::Video => rng.pick(VIDEO_NOTES),
            Format::Live => "정해진 시간에 실시간으로 진행되며 강사에게 바로 질문할 수 있습니다.",
            Format::Mixed => "동영상 강의와 실시간 토론을 함께 진행합니다.",
        });
    }
    s
}

const VIDEO_NOTES: &[&str] = &[
    "원하는 시간에 언제든 다시 볼 수 있습니다.",
    "수료 기준을 채우면 이수증을 받을 수 있습니다.",
    "매 차시 끝에 간단한 확인 문제가 있습니다.",
];

/// Topic words and the subject's word in Korean (2–5), plus up to two English words for courses with an
/// English title.
fn keywords(vocab: &Vocabulary, title: &Title) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(7);
    fn add(word: &str, out: &mut Vec<String>) {
        if !word.is_empty() && !out.iter().any(|k| k == word) {
            out.push(word.to_string());
        }
    }
    for word in title.topic.0.split_whitespace().take(3) {
        add(word, &mut out);
    }
    add(vocab.word, &mut out);
    for extra in [title.audience, title.place].into_iter().flatten() {
        if out.len() < 5 {
            add(extra.0, &mut out);
        }
    }
    if out.len() < 2 {
        add("평생학습", &mut out);
    }
    if title.en.is_some() {
        let english = title.topic.1.split([' ', '\'']).filter(|w| w.len() >= 4 && !STOP_WORDS.contains(w));
        for word in english.take(2) {
            add(&word.to_ascii_lowercase(), &mut out);
        }
    }
    out
}

const STOP_WORDS: &[&str] = &["with", "from", "through", "about", "your"];

/// Fills `{t}` (topic), `{a}` (audience) and `{p}` (place) into a template; a Korean particle written
/// after the slot (`{t을}`, `{t은}`, `{t이}`, `{t과}`, `{t으로}`) takes the form the word's last syllable needs.
/// `more` is room for what the caller appends, so the text is allocated once.
fn fill(template: &'static str, t: &str, a: &str, p: &str, more: usize) -> String {
    let mut out = String::with_capacity(template.len() + 2 * t.len() + a.len() + p.len() + more);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("every slot is closed");
        let (slot, particle) = rest[open + 1..close].split_at(1);
        let word = match slot {
            "t" => t,
            "a" => a,
            "p" => p,
            other => unreachable!("unknown slot {other}"),
        };
        out.push_str(word);
        out.push_str(josa(word, particle));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The form of a particle after `word`: 을/를, 은/는, 이/가, 과/와, 으로/로 follow the final consonant.
fn josa(word: &str, particle: &'static str) -> &'static str {
    let last = word.chars().last().map_or(0, |c| c as u32);
    // the final consonant (jongseong) of a Hangul syllable: 0 is none, 8 is ㄹ
    let jong = if (0xAC00..=0xD7A3).contains(&last) { (last - 0xAC00) % 28 } else { 0 };
    match (particle, jong) {
        ("을", 0) => "를",
        ("은", 0) => "는",
        ("이", 0) => "가",
        ("과", 0) => "와",
        ("으로", 0 | 8) => "로",
        (other, _) => other,
    }
}

// ---------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn date(days: i64) -> IsoDate {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    IsoDate::parse(&format!("{y:04}-{m:02}-{d:02}")).expect("a computed date exists")
}

/// Every date from `first` to `last`, made once: a course clones its dates instead of formatting them.
struct Calendar {
    first: i64,
    dates: Vec<IsoDate>,
}

impl Calendar {
    fn new(first: i64, last: i64) -> Calendar {
        Calendar { first, dates: (first..=last).map(date).collect() }
    }

    fn on(&self, day: i64) -> IsoDate {
        self.dates[(day - self.first) as usize].clone()
    }
}

const ADDED_FROM: i64 = days_from_civil(2023, 1, 1);
const ADDED_UNTIL: i64 = days_from_civil(2026, 11, 20);
/// Courses opening soon open from 2026-12-01 to 2027-03-31 (121 days).
const SOON_FROM: i64 = days_from_civil(2026, 12, 1);
/// District courses start from 2026-12-01 and end by 2027-06-30.
const TERM_FROM: i64 = days_from_civil(2026, 12, 1);

// ---------------------------------------------------------------------------------------------------
// District courses
// ---------------------------------------------------------------------------------------------------

fn district_course(rng: &mut Rng, id: i64, entry: &DistrictEntry) -> DistrictCourse {
    let (institution, subject, title, summary) = *entry;
    let start = TERM_FROM + rng.below(120) as i64;
    let weeks = rng.between(4, 12) as i64;
    let capacity = rng.between(12, 40);
    let enrolled = if rng.percent(20) { capacity } else { rng.between(0, capacity) };
    let fee_krw = if rng.percent(70) { 0 } else { 10_000 + 5_000 * rng.between(0, 8) };
    let times = match institution {
        // children and teens come after school or on Saturdays
        Institution::YeongteukhanAcademy => &["15:30–17:00", "16:00–18:00", "10:00–12:00"][..],
        _ => &["10:00–12:00", "10:00–13:00", "14:00–16:00", "19:00–21:00"][..],
    };
    DistrictCourse {
        id,
        institution,
        title: title.to_string(),
        summary: summary.to_string(),
        subject,
        venue: rng.pick(venues(institution)).to_string(),
        schedule: format!("매주 {} {}", rng.pick(DAYS), rng.pick(times)),
        starts_on: date(start),
        ends_on: date(start + weeks * 7 - 1),
        capacity,
        enrolled,
        fee_krw,
    }
}

const DAYS: &[&str] = &["월·수", "화·목", "수·금", "월·수·금", "화", "수", "목", "금", "토"];

fn venues(institution: Institution) -> &'static [&'static str] {
    match institution {
        Institution::FutureLifelongLearningCenter => &[
            "미래평생학습관 3층 강의실 2",
            "미래평생학습관 2층 디지털실",
            "미래평생학습관 1층 다목적홀",
            "미래평생학습관 4층 공예실",
        ],
        Institution::VillageUniversity => &[
            "자양4동 주민센터 다목적실",
            "중곡2동 주민센터 2층 회의실",
            "구의3동 주민센터 프로그램실",
            "화양동 마을활력소",
            "군자동 작은도서관",
            "중곡문화체육센터",
        ],
        Institution::YeongteukhanAcademy => &[
            "영특한 아카데미 광나루 교실",
            "구의동 청소년수련관 창의실",
            "자양동 어린이도서관 세미나실",
            "능동 청소년문화의집 2층",
        ],
        Institution::ConvergenceTalentEducation => &[
            "융합인재교육센터 메이커스페이스",
            "융합인재교육센터 AI 실습실",
            "광장동 디지털혁신캠퍼스 실습실",
            "중곡문화체육센터 세미나실",
        ],
    }
}

type DistrictEntry = (Institution, Subject, &'static str, &'static str);

const FUTURE: Institution = Institution::FutureLifelongLearningCenter;
const VILLAGE: Institution = Institution::VillageUniversity;
const YOUTH: Institution = Institution::YeongteukhanAcademy;
const STEAM: Institution = Institution::ConvergenceTalentEducation;

#[rustfmt::skip]
const DISTRICT: [DistrictEntry; 60] = [
    (FUTURE, Subject::Humanities, "마을 기록가 양성과정", "동네 사람들의 이야기를 인터뷰하고 사진과 글로 기록하는 방법을 배웁니다."),
    (FUTURE, Subject::Education, "시니어 디지털 튜터 양성과정", "어르신께 스마트폰과 키오스크 사용을 가르치는 디지털 튜터를 길러냅니다."),
    (FUTURE, Subject::Humanities, "함께 읽는 동양 고전", "논어와 맹자의 문장을 함께 읽고 오늘의 삶에 비추어 이야기 나눕니다."),
    (FUTURE, Subject::Arts, "생활 속 미술 감상", "명화 한 점을 천천히 보는 법부터 전시를 즐기는 법까지 익힙니다."),
    (FUTURE, Subject::Arts, "수채화로 그리는 우리 동네", "골목과 공원을 스케치하고 수채화로 채색해 나만의 동네 그림을 완성합니다."),
    (FUTURE, Subject::Arts, "스마트폰 사진 잘 찍는 법", "구도와 빛을 이해하고 스마트폰 하나로 인물과 풍경을 담아 봅니다."),
    (FUTURE, Subject::SocialSciences, "노후 준비 재무 설계", "연금과 저축, 보험을 점검하고 은퇴 뒤 생활비 계획을 세웁니다."),
    (FUTURE, Subject::Science, "엑셀 실무 기초", "표 만들기와 함수, 차트까지 업무에 바로 쓰는 엑셀 기능을 실습합니다."),
    (FUTURE, Subject::Humanities, "영어 회화 첫걸음", "여행과 일상에서 바로 쓰는 영어 표현을 짝 활동으로 연습합니다."),
    (FUTURE, Subject::Arts, "캘리그라피 입문", "붓펜으로 손글씨의 기본 획을 익히고 엽서와 카드를 꾸밉니다."),
    (FUTURE, Subject::Medicine, "건강한 식생활과 영양", "나이에 맞는 영양 균형과 장보기, 간단한 건강 식단을 배웁니다."),
    (FUTURE, Subject::SocialSciences, "중장년 인생 2막 설계", "경력과 관심사를 돌아보고 은퇴 후 일과 배움, 봉사의 길을 설계합니다."),
    (FUTURE, Subject::Arts, "우리 가락 장구 기초", "굿거리와 세마치 장단을 익히고 민요에 맞춰 장구를 연주합니다."),
    (FUTURE, Subject::SocialSciences, "생활 법률 상식", "임대차 계약, 상속, 소비자 분쟁 등 생활 속 법률 문제를 사례로 다룹니다."),
    (FUTURE, Subject::Medicine, "치매 예방 두뇌 운동", "기억력과 주의력을 기르는 놀이와 생활 습관을 함께 실천합니다."),
    (VILLAGE, Subject::Humanities, "우리 동네 역사 산책", "아차산과 광나루 일대를 걸으며 동네에 남은 역사의 흔적을 찾아봅니다."),
    (VILLAGE, Subject::SocialSciences, "마을 공동체 활동가 과정", "주민 모임을 꾸리고 마을 의제를 함께 풀어 가는 방법을 배웁니다."),
    (VILLAGE, Subject::Nature, "도시 텃밭 가꾸기", "상자 텃밭에서 제철 채소를 기르며 흙과 퇴비, 물 주기를 익힙니다."),
    (VILLAGE, Subject::Nature, "반려식물 키우기", "집 안에서 키우기 쉬운 식물을 고르고 분갈이와 관리법을 실습합니다."),
    (VILLAGE, Subject::Humanities, "마을 신문 만들기", "동네 소식을 취재하고 기사로 써서 마을 신문 한 호를 함께 만듭니다."),
    (VILLAGE, Subject::SocialSciences, "아파트 공동체 갈등 조정", "층간 소음과 주차 문제를 대화로 푸는 갈등 조정 기법을 익힙니다."),
    (VILLAGE, Subject::Arts, "업사이클링 생활 공예", "버려지는 천과 병을 생활 소품으로 다시 만드는 공예 수업입니다."),
    (VILLAGE, Subject::PhysicalEducation, "어르신 건강 체조", "관절에 무리 없는 동작으로 근력과 균형 감각을 기릅니다."),
    (VILLAGE, Subject::Nature, "동네 숲 해설가 과정", "아차산의 나무와 새를 관찰하고 이웃에게 숲을 안내하는 법을 배웁니다."),
    (VILLAGE, Subject::Nature, "한강 생태 탐방", "뚝섬 한강공원의 습지와 철새를 관찰하며 도시 생태를 이해합니다."),
    (VILLAGE, Subject::Arts, "마을 합창단", "발성과 화음을 연습하고 연말 마을 음악회 무대에 함께 섭니다."),
    (VILLAGE, Subject::Nature, "제로 웨이스트 생활 실천", "장보기부터 분리배출까지 쓰레기를 줄이는 생활 습관을 함께 실천합니다."),
    (VILLAGE, Subject::SocialSciences, "골목 상권 살리기 창업 교실", "동네 가게의 강점을 찾고 작은 창업 계획서를 직접 써 봅니다."),
    (VILLAGE, Subject::Medicine, "1인 가구 건강 요리", "혼자서도 간단히 만드는 균형 잡힌 한 끼 요리를 배웁니다."),
    (VILLAGE, Subject::PhysicalEducation, "둘레길 함께 걷기", "바른 걷기 자세를 익히고 서울 둘레길 구간을 이웃과 함께 걷습니다."),
    (YOUTH, Subject::Science, "어린이 코딩 교실", "블록 코딩으로 게임과 애니메이션을 만들며 순서와 반복을 배웁니다."),
    (YOUTH, Subject::Education, "청소년 진로 탐색 캠프", "직업인 인터뷰와 적성 검사로 나에게 맞는 진로를 탐색합니다."),
    (YOUTH, Subject::Science, "초등 과학 실험 교실", "생활 속 재료로 안전한 실험을 하며 과학 원리를 발견합니다."),
    (YOUTH, Subject::SocialSciences, "어린이 경제 교실", "용돈 기록과 시장 놀이로 돈의 흐름과 합리적인 소비를 배웁니다."),
    (YOUTH, Subject::Education, "그림책 읽고 생각 나누기", "그림책을 함께 읽고 질문을 만들며 생각을 말과 글로 표현합니다."),
    (YOUTH, Subject::Humanities, "청소년 토론 아카데미", "찬반 토론의 규칙을 익히고 근거를 들어 말하는 연습을 합니다."),
    (YOUTH, Subject::Nature, "어린이 생태 탐험대", "공원과 하천에서 곤충과 식물을 관찰하고 탐험 일지를 씁니다."),
    (YOUTH, Subject::Humanities, "방과후 영어 그림책", "영어 그림책을 소리 내어 읽고 역할극으로 표현해 봅니다."),
    (YOUTH, Subject::Education, "초등 수학 놀이", "보드게임과 퍼즐로 수 감각과 도형 감각을 키웁니다."),
    (YOUTH, Subject::Arts, "청소년 밴드 교실", "기타, 베이스, 드럼을 나누어 배우고 한 곡을 합주해 발표합니다."),
    (YOUTH, Subject::Humanities, "어린이 한국사 탐험", "유물과 옛 그림으로 삼국부터 조선까지 우리 역사를 탐험합니다."),
    (YOUTH, Subject::Education, "가족 보드게임 수학", "부모와 아이가 함께 보드게임을 하며 논리와 전략을 배웁니다."),
    (YOUTH, Subject::PhysicalEducation, "어린이 요가와 명상", "동물 자세 놀이와 호흡으로 몸의 균형과 집중력을 기릅니다."),
    (YOUTH, Subject::Arts, "청소년 웹툰 그리기", "캐릭터와 콘티를 구상해 네 컷 웹툰 한 편을 완성합니다."),
    (YOUTH, Subject::Education, "부모와 함께하는 독서 코칭", "아이의 읽기 습관을 돕는 질문법과 책 고르는 법을 배웁니다."),
    (STEAM, Subject::Science, "3D 프린팅 메이커 교실", "3D 모델링으로 생활 소품을 설계하고 직접 출력해 봅니다."),
    (STEAM, Subject::Science, "인공지능 첫걸음", "인공지능이 배우는 원리를 체험하고 생활 속 활용 사례를 살펴봅니다."),
    (STEAM, Subject::Science, "드론 코딩", "드론의 비행 원리를 배우고 코딩으로 경로 비행 미션을 수행합니다."),
    (STEAM, Subject::Science, "아두이노로 만드는 스마트 화분", "센서로 흙의 습도를 재고 알아서 물을 주는 화분을 만듭니다."),
    (STEAM, Subject::Science, "데이터 시각화 입문", "공공데이터를 내려받아 표와 지도로 알기 쉽게 시각화합니다."),
    (STEAM, Subject::Science, "파이썬 기초", "변수와 조건문, 반복문을 익히고 간단한 프로그램을 만들어 봅니다."),
    (STEAM, Subject::Arts, "유튜브 영상 제작", "기획부터 촬영, 편집, 업로드까지 짧은 영상 한 편을 완성합니다."),
    (STEAM, Subject::Arts, "디지털 드로잉", "태블릿으로 선 긋기와 채색을 익혀 일러스트 한 점을 그립니다."),
    (STEAM, Subject::Science, "로봇 과학 교실", "기어와 모터로 움직이는 로봇을 조립하며 기계의 원리를 배웁니다."),
    (STEAM, Subject::Science, "메타버스 공간 만들기", "가상 공간에 우리 동네 명소를 꾸미고 친구를 초대해 봅니다."),
    (STEAM, Subject::Science, "생성형 AI 업무 활용", "문서 요약과 자료 정리에 생성형 인공지능을 안전하게 쓰는 법을 익힙니다."),
    (STEAM, Subject::Education, "과학 수학 융합 탐구", "생활 속 질문을 과학 실험과 수학 모델로 함께 탐구합니다."),
    (STEAM, Subject::Nature, "스마트 농업 체험", "센서와 자동 급수 장치로 실내에서 작물을 기르는 스마트팜을 체험합니다."),
    (STEAM, Subject::Education, "시니어 키오스크 따라잡기", "식당과 병원, 역의 무인 주문기를 실제처럼 연습합니다."),
    (STEAM, Subject::SocialSciences, "창업 아이디어 프로토타이핑", "아이디어를 시제품으로 빠르게 만들어 보고 이웃의 의견을 듣습니다."),
];

// ---------------------------------------------------------------------------------------------------
// Vocabulary: topics, places and signature titles per subject, in Korean and English
// ---------------------------------------------------------------------------------------------------

/// A title pattern: `{t}` topic, `{a}` audience, `{p}` place, with the particles `fill` understands.
#[derive(Clone, Copy)]
struct Pattern {
    ko: &'static str,
    en: &'static str,
    /// The subjects it reads well with, one bit per `Subject` ordinal.
    subjects: u8,
    level: Option<Level>,
}

const ALL: u8 = 0xFF;
const HUM: u8 = 1 << 0;
const SOC: u8 = 1 << 1;
const EDU: u8 = 1 << 2;
const SCI: u8 = 1 << 3;
const NAT: u8 = 1 << 4;
const MED: u8 = 1 << 5;
const ART: u8 = 1 << 6;
const PE: u8 = 1 << 7;
const BEGIN: Option<Level> = Some(Level::Beginner);
const MIDDLE: Option<Level> = Some(Level::Intermediate);

#[rustfmt::skip]
const PATTERNS: &[Pattern] = &[
    Pattern { ko: "{t} 입문", en: "Introduction to {t}", subjects: ALL, level: BEGIN },
    Pattern { ko: "{t} 기초", en: "{t}: The Basics", subjects: ALL, level: BEGIN },
    Pattern { ko: "{a을} 위한 {t}", en: "{t} for {a}", subjects: ALL, level: None },
    Pattern { ko: "{p}에서 만나는 {t}", en: "{t} in {p}", subjects: ALL, level: None },
    Pattern { ko: "{t} 실전", en: "{t} in Practice", subjects: ALL, level: MIDDLE },
    Pattern { ko: "{t}의 이해", en: "Understanding {t}", subjects: ALL, level: None },
    Pattern { ko: "처음 만나는 {t}", en: "{t} for First-Timers", subjects: ALL, level: BEGIN },
    Pattern { ko: "{t}, 어떻게 시작할까", en: "Getting Started with {t}", subjects: ALL, level: BEGIN },
    Pattern { ko: "{t은} 어렵지 않다", en: "{t} Made Easy", subjects: ALL, level: BEGIN },
    Pattern { ko: "{t을} 즐기는 법", en: "How to Enjoy {t}", subjects: HUM | NAT | ART | PE, level: None },
    Pattern { ko: "생활 속 {t}", en: "{t} in Everyday Life", subjects: ALL, level: None },
    Pattern { ko: "한 걸음 더, {t}", en: "{t}: One Step Further", subjects: ALL, level: MIDDLE },
    Pattern { ko: "{t} 심화", en: "Advanced {t}", subjects: ALL, level: Some(Level::Advanced) },
    Pattern { ko: "{t으로} 보는 세상", en: "Seeing the World through {t}", subjects: HUM | SOC | NAT | ART, level: None },
    Pattern { ko: "{t과} 함께하는 하루 30분", en: "30 Minutes a Day of {t}", subjects: MED | ART | PE | NAT, level: BEGIN },
    Pattern { ko: "{t} 실무", en: "{t} at Work", subjects: SOC | EDU | SCI | MED, level: MIDDLE },
    Pattern { ko: "{t} 핵심 정리", en: "{t}: Key Concepts", subjects: ALL, level: None },
    Pattern { ko: "{t}의 역사와 현재", en: "{t}: Past and Present", subjects: SOC | ART | PE, level: None },
];

/// A series part, written after some titles.
const PARTS: &[Pair] =
    &[(" 1", " 1"), (" 2", " 2"), (" 3", " 3"), (" Ⅰ", " I"), (" Ⅱ", " II"), (" (개정판)", " (Revised)")];

const AUDIENCES: &[Pair] = &[
    ("시니어", "Seniors"),
    ("직장인", "Working Adults"),
    ("부모", "Parents"),
    ("청소년", "Teens"),
    ("초보자", "Beginners"),
    ("1인 가구", "People Living Alone"),
    ("교사", "Teachers"),
    ("소상공인", "Small Business Owners"),
    ("대학생", "College Students"),
    ("중장년", "Midlife Adults"),
    ("예비 은퇴자", "Future Retirees"),
    ("어르신", "Older Adults"),
];

/// First sentences of a summary (the slots as in titles).
const SUMMARIES: &[&str] = &[
    "{t}의 기본 개념부터 생활 속 활용까지 차근차근 배웁니다.",
    "{t을} 처음 접하는 분도 쉽게 따라올 수 있도록 사례 중심으로 구성했습니다.",
    "{a}의 눈높이에 맞춰 {t을} 쉽게 풀어 설명합니다.",
    "현장 전문가와 함께 {t}의 흐름을 살펴보고 실습으로 익힙니다.",
    "{t}에 관한 핵심 내용을 짧은 강의로 나누어 정리했습니다.",
    "{t이} 왜 중요한지, 우리 삶과 어떻게 이어지는지 함께 생각해 봅니다.",
    "{p}에서 찾아볼 수 있는 {t}의 사례로 배웁니다.",
];

/// A complete, hand-written title (with the topic its summary and keywords use).
#[derive(Clone, Copy)]
struct Signature {
    ko: &'static str,
    en: &'static str,
    topic: Pair,
}

const fn sig(ko: &'static str, en: &'static str, topic: Pair) -> Signature {
    Signature { ko, en, topic }
}

struct Vocabulary {
    subject: Subject,
    /// The subject's own keyword.
    word: &'static str,
    topics: &'static [Pair],
    places: &'static [Pair],
    signatures: &'static [Signature],
}

/// e-Gugak Academy teaches Korean traditional music only; every other platform uses the subject's words.
fn vocabulary(platform: Platform, subject: Subject) -> &'static Vocabulary {
    match platform {
        Platform::EGugak => &GUGAK,
        _ => &VOCABULARIES[subject.ordinal() as usize],
    }
}

static VOCABULARIES: [Vocabulary; 8] = [HUMANITIES, SOCIAL, EDUCATION, SCIENCE, NATURE, MEDICINE, ARTS, PHYSICAL];

const HUMANITIES: Vocabulary = Vocabulary {
    subject: Subject::Humanities,
    word: "인문학",
    topics: &[
        ("한국사", "Korean History"),
        ("조선사", "Joseon History"),
        ("서울 역사", "Seoul's History"),
        ("서울 근대 건축", "Seoul's Modern Architecture"),
        ("서양 철학", "Western Philosophy"),
        ("동양 고전", "Eastern Classics"),
        ("논어", "Confucius' Analects"),
        ("한국 문학", "Korean Literature"),
        ("세계 문학", "World Literature"),
        ("현대 시", "Modern Poetry"),
        ("글쓰기", "Writing"),
        ("에세이 쓰기", "Essay Writing"),
        ("자서전 쓰기", "Memoir Writing"),
        ("고고학", "Archaeology"),
        ("세계사", "World History"),
        ("한자", "Chinese Characters"),
        ("영어 회화", "English Conversation"),
        ("일본어", "Japanese"),
        ("중국어", "Chinese"),
        ("신화와 종교", "Myth and Religion"),
        ("윤리학", "Ethics"),
        ("인문 고전 읽기", "Reading the Classics"),
        ("궁궐 건축", "Palace Architecture"),
        ("한양 도성", "Hanyang City Wall"),
        ("조선 왕릉", "Royal Tombs of Joseon"),
        ("근현대사", "Modern Korean History"),
        ("독서 토론", "Book Discussion"),
        ("역사 속 인물", "Figures in History"),
    ],
    places: &[("서울", "Seoul"), ("도서관", "the Library"), ("일상", "Daily Life"), ("박물관", "the Museum")],
    signatures: &[
        sig(
            "조선 왕릉으로 읽는 서울의 역사",
            "Seoul's History through the Royal Tombs of Joseon",
            ("조선 왕릉", "Royal Tombs of Joseon"),
        ),
        sig("서울은 어떻게 서울이 되었나", "How Seoul Became Seoul", ("서울 도시사", "Seoul Urban History")),
        sig("서울의 옛길을 걷다", "Walking Seoul's Old Roads", ("서울 옛길", "Seoul's Old Roads")),
        sig(
            "한양 도성으로 떠나는 시간 여행",
            "Time Travel along the Hanyang City Wall",
            ("한양 도성", "Hanyang City Wall"),
        ),
    ],
};

const SOCIAL: Vocabulary = Vocabulary {
    subject: Subject::SocialSciences,
    word: "사회",
    topics: &[
        ("경제학", "Economics"),
        ("행동 경제학", "Behavioral Economics"),
        ("재무 설계", "Financial Planning"),
        ("노후 준비", "Retirement Planning"),
        ("부동산 상식", "Real Estate Basics"),
        ("생활 법률", "Everyday Law"),
        ("심리학", "Psychology"),
        ("사회학", "Sociology"),
        ("도시 계획", "Urban Planning"),
        ("지방 자치", "Local Government"),
        ("마을 공동체", "Village Communities"),
        ("사회적 경제", "Social Economy"),
        ("협동조합", "Cooperatives"),
        ("창업", "Starting a Business"),
        ("마케팅", "Marketing"),
        ("소셜 미디어 마케팅", "Social Media Marketing"),
        ("회계 원리", "Accounting Principles"),
        ("세금 상식", "Tax Basics"),
        ("국제 관계", "International Relations"),
        ("정치학", "Political Science"),
        ("미디어 리터러시", "Media Literacy"),
        ("인권", "Human Rights"),
        ("젠더와 사회", "Gender and Society"),
        ("고령 사회", "Aging Society"),
        ("기후 정책", "Climate Policy"),
        ("소비자 권리", "Consumer Rights"),
        ("금융 사기 예방", "Financial Fraud Prevention"),
    ],
    places: &[("서울", "Seoul"), ("뉴스", "the News"), ("시장", "the Market"), ("우리 동네", "Our Neighbourhood")],
    signatures: &[
        sig(
            "서울은 지금 어디로 가는가: 도시 정책 읽기",
            "Where Is Seoul Heading? Reading Urban Policy",
            ("도시 정책", "Urban Policy"),
        ),
        sig("우리 동네 마을 공동체 만들기", "Building a Village Community", ("마을 공동체", "Village Communities")),
        sig("숫자로 읽는 서울의 경제", "Seoul's Economy in Numbers", ("서울 경제", "Seoul's Economy")),
    ],
};

const EDUCATION: Vocabulary = Vocabulary {
    subject: Subject::Education,
    word: "교육",
    topics: &[
        ("교육학", "Education Studies"),
        ("부모 교육", "Parenting"),
        ("유아 교육", "Early Childhood Education"),
        ("독서 지도", "Reading Guidance"),
        ("진로 상담", "Career Counselling"),
        ("평생교육론", "Lifelong Education"),
        ("교수 설계", "Instructional Design"),
        ("온라인 수업 설계", "Online Course Design"),
        ("학습 코칭", "Learning Coaching"),
        ("청소년 상담", "Youth Counselling"),
        ("놀이 교육", "Play-Based Learning"),
        ("특수 교육", "Special Education"),
        ("다문화 교육", "Multicultural Education"),
        ("디지털 리터러시", "Digital Literacy"),
        ("스마트폰 활용", "Smartphone Skills"),
        ("그림책 읽기", "Picture Book Reading"),
        ("토론 교육", "Debate Education"),
        ("교육 심리", "Educational Psychology"),
        ("한국어 교육", "Teaching Korean"),
        ("자녀 대화법", "Talking with Children"),
        ("메타인지 학습법", "Metacognitive Learning"),
        ("강의 기법", "Teaching Techniques"),
        ("문해 교육", "Literacy Education"),
        ("키오스크 사용법", "Using Kiosks"),
        ("학부모 코칭", "Coaching for Parents"),
    ],
    places: &[("가정", "the Home"), ("교실", "the Classroom"), ("도서관", "the Library"), ("일상", "Daily Life")],
    signatures: &[
        sig("시니어를 위한 스마트폰 활용", "Smartphone Skills for Seniors", ("스마트폰 활용", "Smartphone Skills")),
        sig("그림책으로 여는 부모 교육", "Parenting through Picture Books", ("부모 교육", "Parenting")),
        sig("배움은 평생의 친구", "Learning, a Lifelong Friend", ("평생학습", "Lifelong Learning")),
    ],
};

const SCIENCE: Vocabulary = Vocabulary {
    subject: Subject::Science,
    word: "과학기술",
    topics: &[
        ("파이썬 프로그래밍", "Python Programming"),
        ("데이터 분석", "Data Analysis"),
        ("인공지능", "Artificial Intelligence"),
        ("머신러닝", "Machine Learning"),
        ("생성형 인공지능", "Generative AI"),
        ("엑셀 데이터 정리", "Organizing Data in Excel"),
        ("웹 개발", "Web Development"),
        ("앱 만들기", "Building Apps"),
        ("클라우드 컴퓨팅", "Cloud Computing"),
        ("정보 보안", "Information Security"),
        ("사물인터넷", "Internet of Things"),
        ("3D 프린팅", "3D Printing"),
        ("블록체인", "Blockchain"),
        ("반도체", "Semiconductors"),
        ("로봇 공학", "Robotics"),
        ("전기 회로", "Electric Circuits"),
        ("물리학", "Physics"),
        ("화학", "Chemistry"),
        ("천문학", "Astronomy"),
        ("수학", "Mathematics"),
        ("통계학", "Statistics"),
        ("선형대수", "Linear Algebra"),
        ("신재생 에너지", "Renewable Energy"),
        ("자율 주행", "Autonomous Driving"),
        ("코딩", "Coding"),
        ("빅데이터", "Big Data"),
        ("드론", "Drones"),
        ("데이터베이스", "Databases"),
    ],
    places: &[("일상", "Everyday Life"), ("직장", "the Workplace"), ("집", "Home"), ("실험실", "the Lab")],
    signatures: &[
        sig("파이썬으로 배우는 데이터 분석", "Data Analysis with Python", ("데이터 분석", "Data Analysis")),
        sig("엑셀로 끝내는 업무 자동화", "Office Automation with Excel", ("업무 자동화", "Office Automation")),
        sig("공공데이터로 그리는 서울의 지도", "Mapping Seoul with Open Data", ("공공데이터", "Open Data")),
    ],
};

const NATURE: Vocabulary = Vocabulary {
    subject: Subject::Nature,
    word: "자연",
    topics: &[
        ("생태학", "Ecology"),
        ("도시 생태", "Urban Ecology"),
        ("한강 생태", "Han River Ecology"),
        ("철새 관찰", "Birdwatching"),
        ("야생화", "Wildflowers"),
        ("나무 이야기", "Trees and Their Stories"),
        ("숲 해설", "Forest Interpretation"),
        ("기후 변화", "Climate Change"),
        ("생물 다양성", "Biodiversity"),
        ("지구 과학", "Earth Science"),
        ("날씨와 기상", "Weather and Meteorology"),
        ("곤충 관찰", "Insect Watching"),
        ("반려식물", "Houseplants"),
        ("도시 텃밭", "Urban Gardening"),
        ("정원 가꾸기", "Gardening"),
        ("해양 생물", "Marine Life"),
        ("지질 탐구", "Geology"),
        ("별자리", "Constellations"),
        ("미생물", "Microbes"),
        ("생명 과학", "Life Science"),
        ("진화론", "Evolution"),
        ("환경 보전", "Environmental Conservation"),
        ("탄소 중립", "Carbon Neutrality"),
        ("제로 웨이스트", "Zero Waste"),
        ("동물 행동학", "Animal Behavior"),
        ("유기 농업", "Organic Farming"),
    ],
    places: &[("서울", "Seoul"), ("한강", "the Han River"), ("숲", "the Forest"), ("우리 동네", "Our Neighbourhood")],
    signatures: &[
        sig("한강의 생태와 철새", "Ecology and Migratory Birds of the Han River", ("한강 생태", "Han River Ecology")),
        sig("서울의 숲과 나무 이야기", "Forests and Trees of Seoul", ("도시 숲", "Urban Forests")),
        sig("서울은 어떤 새들의 집일까", "Which Birds Call Seoul Home?", ("도시 철새", "Urban Birds")),
    ],
};

const MEDICINE: Vocabulary = Vocabulary {
    subject: Subject::Medicine,
    word: "건강",
    topics: &[
        ("건강 관리", "Staying Healthy"),
        ("영양학", "Nutrition"),
        ("치매 예방", "Dementia Prevention"),
        ("마음 건강", "Mental Health"),
        ("스트레스 관리", "Stress Management"),
        ("수면 건강", "Sleep Health"),
        ("응급 처치", "First Aid"),
        ("심폐 소생술", "CPR"),
        ("약 복용 상식", "Medication Basics"),
        ("한의학", "Korean Medicine"),
        ("노인 건강", "Healthy Aging"),
        ("만성 질환 관리", "Managing Chronic Illness"),
        ("당뇨 관리", "Diabetes Care"),
        ("혈압 관리", "Managing Blood Pressure"),
        ("간호학", "Nursing"),
        ("공중 보건", "Public Health"),
        ("감염병 예방", "Infection Prevention"),
        ("인체 해부학", "Human Anatomy"),
        ("식품 안전", "Food Safety"),
        ("구강 건강", "Oral Health"),
        ("눈 건강", "Eye Health"),
        ("우울과 불안", "Depression and Anxiety"),
        ("돌봄 기술", "Caregiving Skills"),
        ("재활 운동", "Rehabilitation Exercise"),
        ("건강한 식단", "Healthy Eating"),
    ],
    places: &[("일상", "Daily Life"), ("식탁", "the Kitchen Table"), ("가정", "the Home"), ("직장", "the Workplace")],
    signatures: &[
        sig("치매 예방을 위한 두뇌 건강", "Brain Health for Dementia Prevention", ("치매 예방", "Dementia Prevention")),
        sig("약 바로 알고 바로 쓰기", "Knowing and Using Medicines Right", ("약물 안전", "Medication Safety")),
        sig("서울의 공공 의료 이용법", "Using Seoul's Public Health Services", ("공공 의료", "Public Health Services")),
    ],
};

const ARTS: Vocabulary = Vocabulary {
    subject: Subject::Arts,
    word: "예술",
    topics: &[
        ("미술 감상", "Art Appreciation"),
        ("현대 미술", "Contemporary Art"),
        ("서양 미술사", "Western Art History"),
        ("한국 미술사", "Korean Art History"),
        ("수채화", "Watercolor"),
        ("유화", "Oil Painting"),
        ("드로잉", "Drawing"),
        ("캘리그라피", "Calligraphy"),
        ("민화", "Korean Folk Painting"),
        ("서예", "Brush Calligraphy"),
        ("사진", "Photography"),
        ("스마트폰 사진", "Smartphone Photography"),
        ("영상 편집", "Video Editing"),
        ("클래식 음악", "Classical Music"),
        ("오페라", "Opera"),
        ("재즈", "Jazz"),
        ("합창", "Choral Singing"),
        ("우쿨렐레", "Ukulele"),
        ("기타 연주", "Guitar"),
        ("피아노", "Piano"),
        ("연극", "Theatre"),
        ("영화 읽기", "Film Studies"),
        ("디자인", "Design"),
        ("도예", "Ceramics"),
        ("공예", "Crafts"),
        ("웹툰 그리기", "Webtoon Drawing"),
        ("뮤지컬", "Musicals"),
        ("어린이 미술", "Art for Children"),
    ],
    places: &[("서울", "Seoul"), ("미술관", "the Gallery"), ("일상", "Daily Life"), ("공연장", "the Concert Hall")],
    signatures: &[
        sig("생활 속 미술 감상", "Art Appreciation in Daily Life", ("미술 감상", "Art Appreciation")),
        sig("미술을 처음 만나는 시간", "First Encounters with Art", ("미술 입문", "Introduction to Art")),
        sig("미술은 어떻게 세상을 바꾸었나", "How Art Changed the World", ("미술사", "Art History")),
        sig("서울의 미술관 산책", "A Walk through Seoul's Art Museums", ("미술관 산책", "Art Museum Walks")),
    ],
};

const PHYSICAL: Vocabulary = Vocabulary {
    subject: Subject::PhysicalEducation,
    word: "운동",
    topics: &[
        ("요가", "Yoga"),
        ("필라테스", "Pilates"),
        ("스트레칭", "Stretching"),
        ("걷기 운동", "Fitness Walking"),
        ("근력 운동", "Strength Training"),
        ("홈 트레이닝", "Home Workouts"),
        ("태극권", "Tai Chi"),
        ("생활 체조", "Everyday Calisthenics"),
        ("배드민턴", "Badminton"),
        ("탁구", "Table Tennis"),
        ("수영", "Swimming"),
        ("등산", "Hiking"),
        ("자전거", "Cycling"),
        ("달리기", "Running"),
        ("댄스 스포츠", "Dancesport"),
        ("라인 댄스", "Line Dancing"),
        ("골프", "Golf"),
        ("테니스", "Tennis"),
        ("스포츠 심리", "Sport Psychology"),
        ("운동 생리학", "Exercise Physiology"),
        ("체력 관리", "Fitness Management"),
        ("바른 자세", "Good Posture"),
        ("맨손 체조", "Bodyweight Exercise"),
        ("줄넘기", "Jump Rope"),
        ("국선도", "Gukseondo"),
    ],
    places: &[("서울", "Seoul"), ("집", "Home"), ("공원", "the Park"), ("한강", "the Han River")],
    signatures: &[
        sig("의자에서 하는 스트레칭", "Chair Stretching", ("스트레칭", "Stretching")),
        sig("서울 둘레길 걷기 여행", "Walking the Seoul Trail", ("둘레길 걷기", "Trail Walking")),
        sig("한강을 달리는 초보 러너", "Running the Han River for Beginners", ("달리기", "Running")),
    ],
};

const GUGAK: Vocabulary = Vocabulary {
    subject: Subject::Arts,
    word: "국악",
    topics: &[
        ("장구", "Janggu"),
        ("가야금", "Gayageum"),
        ("거문고", "Geomungo"),
        ("대금", "Daegeum"),
        ("단소", "Danso"),
        ("해금", "Haegeum"),
        ("피리", "Piri"),
        ("판소리", "Pansori"),
        ("민요", "Korean Folk Songs"),
        ("경기 민요", "Gyeonggi Folk Songs"),
        ("사물놀이", "Samulnori"),
        ("국악 감상", "Gugak Appreciation"),
        ("정가", "Jeongga"),
        ("국악 장단", "Gugak Rhythms"),
        ("궁중 음악", "Court Music"),
        ("산조", "Sanjo"),
        ("아리랑", "Arirang"),
        ("국악 동요", "Gugak Children's Songs"),
        ("태평소", "Taepyeongso"),
        ("북 장단", "Buk Drum Rhythms"),
    ],
    places: &[("서울", "Seoul"), ("무대", "the Stage"), ("일상", "Daily Life"), ("명절", "the Holidays")],
    signatures: &[
        sig("우리 가락 장구 기초", "Korean Rhythm: Janggu Basics", ("장구", "Janggu")),
        sig("판소리로 듣는 춘향가", "Chunhyangga through Pansori", ("판소리", "Pansori")),
        sig("서울의 소리, 경기 민요", "The Sound of Seoul: Gyeonggi Folk Songs", ("경기 민요", "Gyeonggi Folk Songs")),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use domain::courses::{CourseRow, LengthBand};
    use std::collections::HashSet;

    #[test]
    fn the_catalogue_has_exactly_36496_courses() {
        let courses = catalogue();
        assert_eq!(courses.len(), 36_496);
        assert!(courses.iter().enumerate().all(|(i, c)| c.id == CourseId(i as i64 + 1)));
        for plan in &PLANS {
            let n = courses.iter().filter(|c| c.platform == plan.platform).count();
            assert_eq!(n, plan.count as usize, "{:?}", plan.platform);
        }
    }

    #[test]
    fn the_catalogue_is_the_same_on_every_run() {
        assert_eq!(catalogue(), catalogue());
        assert_eq!(district_courses(), district_courses());
    }

    #[test]
    fn every_platform_and_subject_is_represented() {
        let courses = catalogue();
        for p in Platform::ALL {
            assert!(courses.iter().any(|c| c.platform == *p), "{p:?}");
        }
        for s in Subject::ALL {
            let n = courses.iter().filter(|c| c.subject == *s).count();
            assert!(n >= 1_000, "{s:?} has only {n} courses");
        }
        let values: HashSet<_> =
            courses.iter().map(|c| c.facet_ordinals()).flat_map(|o| o.into_iter().enumerate()).collect();
        for kind in domain::courses::FacetKind::ALL {
            for ordinal in 0..kind.len() as u8 {
                assert!(values.contains(&(kind.index(), ordinal)), "no course has {kind:?} #{ordinal}");
            }
        }
        assert!(courses.iter().any(|c| c.length_band() == LengthBand::Over40));
    }

    #[test]
    fn every_generated_course_passes_import_validation() {
        for c in catalogue() {
            let parsed = CourseRow::from_course(&c).parse().unwrap_or_else(|p| panic!("{c:?}: {p:?}"));
            // an imported row is a real course; everything else survives the round trip
            assert_eq!(Course { id: c.id, generated: true, ..parsed }, c);
            assert!((2..=7).contains(&c.keywords.len()), "{:?}", c.keywords);
            assert!((1..=120).contains(&c.hours));
            let soon = c.opens_on.map(|d| d.to_string());
            assert_eq!(c.status == Status::OpensSoon, soon.is_some());
            assert!(soon.as_deref().is_none_or(|d| ("2026-12-01"..="2027-03-31").contains(&d)), "{soon:?}");
            assert!(("2023-01-01"..="2026-11-20").contains(&c.added_on.to_string().as_str()));
            assert!(c.language == Language::Korean || c.title_en.is_some());
        }
    }

    #[test]
    fn external_ids_are_unique_per_platform() {
        let courses = catalogue();
        let ids: HashSet<_> = courses.iter().map(|c| (c.platform, c.external_id.as_str())).collect();
        assert_eq!(ids.len(), courses.len());
    }

    #[test]
    fn some_titles_carry_particles_after_seoul_and_art() {
        let courses = catalogue();
        for form in ["서울의", "서울은", "서울에서", "미술을", "미술은", "미술의"] {
            let n = courses.iter().filter(|c| c.title_ko.contains(form)).count();
            assert!(n >= 5, "only {n} titles contain {form}");
        }
        assert_eq!(fill("{t을} 즐기는 법", "요가", "", "", 0), "요가를 즐기는 법");
        assert_eq!(fill("{t으로} 보는 세상, {a은}", "서울", "미술", "", 0), "서울로 보는 세상, 미술은");
    }

    #[test]
    fn about_a_third_of_courses_also_have_an_english_title() {
        let courses = catalogue();
        let english = courses.iter().filter(|c| c.title_en.is_some()).count() as f64 / courses.len() as f64;
        assert!((0.25..=0.35).contains(&english), "{english}");
        let titles: HashSet<_> = courses.iter().map(|c| c.title_ko.as_str()).collect();
        assert!(titles.len() > courses.len() / 3, "only {} distinct titles", titles.len());
    }

    #[test]
    fn district_courses_have_seats_and_valid_dates() {
        let courses = district_courses();
        assert_eq!(courses.len(), 60);
        assert!(courses.iter().enumerate().all(|(i, c)| c.id == i as i64 + 1));
        for i in Institution::ALL {
            assert!(courses.iter().any(|c| c.institution == i), "{i:?}");
        }
        for c in &courses {
            assert!((12..=40).contains(&c.capacity) && c.enrolled <= c.capacity, "{c:?}");
            assert!(c.starts_on < c.ends_on, "{c:?}");
            assert!(c.starts_on.to_string().as_str() >= "2026-12-01" && c.ends_on.to_string().as_str() <= "2027-06-30", "{c:?}");
            assert!(c.fee_krw == 0 || (10_000..=50_000).contains(&c.fee_krw));
        }
        assert!(courses.iter().any(|c| c.seats_left() == 0));
        assert!(courses.iter().any(|c| c.seats_left() > 0));
        assert!(courses.iter().filter(|c| c.fee_krw == 0).count() > courses.len() / 2);
        assert!(courses.iter().any(|c| c.fee_krw > 0));
    }
}
