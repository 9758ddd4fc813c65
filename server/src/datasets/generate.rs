//! The demo catalogue: exactly 733 datasets, the same on every machine. Four are the portal's own
//! live layers (courses, kids-café seats, cars, air quality), five are the district's smart-city
//! services (registered on the agency platform at start-up, `agencies::demo`, fed live by their
//! devices); the rest, written here, are yearly editions of the
//! district's recurring publications (public Wi-Fi sites, illegal buildings, child-pedestrian
//! accident spots, …), each with a small table of plausible rows: real dong and road names,
//! coordinates inside the district, counts in their usual range.

use domain::datasets::*;
use domain::IsoDate;

pub const CATALOGUE_SIZE: usize = 733;
/// The datasets the demo's smart-city services bring (`agencies::demo`).
pub const DEMO_SERVICES: usize = 5;
/// What this module writes: the catalogue less the services' datasets.
pub const GENERATED: usize = CATALOGUE_SIZE - DEMO_SERVICES;

use crate::courses::generate::Rng;

/// One of `from`, chosen by `rng`.
fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.below(from.len())]
}

const DONGS: &[&str] = &[
    "중곡1동", "중곡2동", "중곡3동", "중곡4동", "능동", "구의1동", "구의2동", "구의3동", "광장동", "자양1동", "자양2동",
    "자양3동", "자양4동", "화양동", "군자동",
];
const ROADS: &[&str] = &[
    "능동로", "자양로", "아차산로", "광나루로", "천호대로", "동일로", "구의로", "뚝섬로", "영화사로", "용마산로", "긴고랑로", "군자로",
];
const LANDMARKS: &[&str] = &[
    "건대입구역", "구의역", "강변역", "광나루역", "아차산역", "군자역", "중곡역", "어린이대공원역", "뚝섬유원지역", "자양한강공원",
    "광진구청", "광진광장", "아차산 생태공원", "세종대학교", "건국대학교", "동서울터미널",
];

/// How one column's values are made.
#[derive(Clone, Copy)]
enum Gen {
    /// 1, 2, 3, …
    Number,
    Dong,
    /// A road and a building number (`능동로 87`).
    Address,
    /// A landmark with a suffix (`건대입구역 2번 출구`).
    Place(&'static [&'static str]),
    Pick(&'static [&'static str]),
    /// Each value once, in turn: the column that names a row (a table has at most one row per
    /// value, so no school or market is listed twice).
    Each(&'static [&'static str]),
    Int(i64, i64),
    /// Between the bounds, with one decimal (three for a range under 1, as ppm readings are).
    Dec(f64, f64),
    /// A day of the edition's year.
    Day,
    Lat,
    Lon,
}

impl Gen {
    fn kind(self) -> ColumnKind {
        match self {
            Gen::Number | Gen::Int(..) => ColumnKind::Integer,
            Gen::Dec(..) => ColumnKind::Decimal,
            Gen::Day => ColumnKind::Date,
            Gen::Lat => ColumnKind::Latitude,
            Gen::Lon => ColumnKind::Longitude,
            Gen::Dong | Gen::Address | Gen::Place(_) | Gen::Pick(_) | Gen::Each(_) => ColumnKind::Text,
        }
    }

    fn value(self, rng: &mut Rng, row: usize, year: i32) -> String {
        match self {
            Gen::Number => (row + 1).to_string(),
            Gen::Dong => DONGS[(row + rng.below(3)) % DONGS.len()].to_string(),
            Gen::Address => format!("{} {}", pick(rng, ROADS), 1 + rng.below(320)),
            Gen::Place(suffixes) => format!("{} {}", pick(rng, LANDMARKS), pick(rng, suffixes)),
            Gen::Pick(values) => pick(rng, values).to_string(),
            Gen::Each(values) => values[row % values.len()].to_string(),
            Gen::Int(lo, hi) => (lo + rng.below((hi - lo + 1) as usize) as i64).to_string(),
            Gen::Dec(lo, hi) => {
                let value = lo + (hi - lo) * (rng.below(1001) as f64 / 1000.0);
                if hi - lo < 1.0 { format!("{value:.3}") } else { format!("{value:.1}") }
            }
            Gen::Day => IsoDate::parse(&format!("{year}-01-01")).expect("a year").plus_days(rng.below(365) as i64).to_string(),
            // the district spans about 37.53–37.57 N and 127.06–127.11 E
            Gen::Lat => format!("{:.5}", 37.532 + rng.below(38_000) as f64 / 1_000_000.0),
            Gen::Lon => format!("{:.5}", 127.063 + rng.below(45_000) as f64 / 1_000_000.0),
        }
    }
}

type Col = (&'static str, &'static str, Gen, Option<&'static str>);

/// A recurring publication: one dataset per year from `since`.
struct Topic {
    title: &'static str,
    title_en: &'static str,
    about: &'static str,
    about_en: &'static str,
    theme: Theme,
    publisher: Publisher,
    source: Source,
    frequency: Frequency,
    since: i32,
    keywords: &'static [&'static str],
    columns: &'static [Col],
}

const EXITS: &[&str] = &["1번 출구", "2번 출구", "앞 광장", "버스정류장", "주변"];
const FACILITY: &[&str] = &["주민센터", "경로당", "어린이집", "도서관", "공원", "체육관"];

macro_rules! topic {
    ($title:literal / $en:literal, $about:literal / $about_en:literal, $theme:ident, $publisher:ident, $source:ident, $freq:ident, $since:literal,
     [$($kw:literal),*], [$(($name:literal, $label:literal, $gen:expr, $unit:expr)),+ $(,)?]) => {
        Topic {
            title: $title, title_en: $en, about: $about, about_en: $about_en,
            theme: Theme::$theme, publisher: Publisher::$publisher, source: Source::$source, frequency: Frequency::$freq,
            since: $since, keywords: &[$($kw),*], columns: &[$(($name, $label, $gen, $unit)),+],
        }
    };
}

const NO: Option<&str> = None;

const TOPICS: &[Topic] = &[
    topic!("공공와이파이 설치 현황" / "Public Wi-Fi sites", "구가 설치·운영하는 공공와이파이 공유기의 위치와 설치 연도" / "Where the district's public Wi-Fi access points are and when they were installed",
        Wifi, SmartInformation, District, Quarterly, 2010, ["와이파이", "무선인터넷", "통신"],
        [("no", "번호", Gen::Number, NO), ("place", "설치 장소", Gen::Place(EXITS), NO), ("dong", "행정동", Gen::Dong, NO),
         ("access_points", "공유기 수", Gen::Int(1, 6), Some("대")), ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("도시공원 현황" / "Urban parks", "구 안의 근린·어린이·소공원의 이름, 면적, 위치" / "The district's neighbourhood, children's and pocket parks: name, area and location",
        ParkSites, Parks, District, Yearly, 2006, ["공원", "녹지", "산책"],
        [("park", "공원명", Gen::Place(&["어린이공원", "근린공원", "소공원"]), NO), ("kind", "구분", Gen::Pick(&["근린공원", "어린이공원", "소공원", "문화공원"]), NO),
         ("area_m2", "면적", Gen::Int(300, 62_000), Some("m²")), ("dong", "행정동", Gen::Dong, NO), ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("위반건축물 현황" / "Illegal buildings", "무단 증축·용도변경 등으로 적발된 위반건축물과 조치 상태" / "Buildings found extended or converted without permission, and what was done",
        Buildings, Building, District, Yearly, 2008, ["위반건축물", "불법건축", "이행강제금"],
        [("no", "번호", Gen::Number, NO), ("address", "소재지", Gen::Address, NO), ("violation", "위반 내용", Gen::Pick(&["무단 증축", "무단 용도변경", "옥상 가설건축물", "무단 대수선"]), NO),
         ("area_m2", "위반 면적", Gen::Dec(3.0, 180.0), Some("m²")), ("found_on", "적발일", Gen::Day, NO), ("status", "조치 상태", Gen::Pick(&["시정명령", "이행강제금 부과", "시정 완료"]), NO)]),
    topic!("어린이 보행자 교통사고 다발지역" / "Frequent child-pedestrian accident spots", "최근 자료 기준 어린이 보행자 사고가 잦은 지점과 사고 건수" / "Spots where children on foot are most often hit, with the number of accidents",
        TrafficSafety, Koroad, DataGoKr, Yearly, 2010, ["어린이", "교통사고", "보행자", "스쿨존"],
        [("spot", "지점명", Gen::Place(&["교차로", "횡단보도", "사거리"]), NO), ("dong", "행정동", Gen::Dong, NO), ("accidents", "사고 건수", Gen::Int(2, 9), Some("건")),
         ("injured", "부상자 수", Gen::Int(2, 12), Some("명")), ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("정비사업 추진 현황" / "Maintenance and redevelopment projects", "재개발·재건축·가로주택정비 등 정비사업의 구역, 면적, 단계" / "Redevelopment, reconstruction and small-block projects: zone, area, stage",
        UrbanProjects, UrbanPlanning, District, Quarterly, 2008, ["재개발", "재건축", "정비사업"],
        [("zone", "구역명", Gen::Place(&["재개발구역", "재건축구역", "가로주택정비구역"]), NO), ("kind", "사업 유형", Gen::Pick(&["재개발", "재건축", "가로주택정비", "소규모재건축"]), NO),
         ("area_m2", "구역 면적", Gen::Int(4_000, 95_000), Some("m²")), ("households", "계획 세대수", Gen::Int(80, 1_900), Some("세대")), ("stage", "추진 단계", Gen::Pick(&["정비구역 지정", "조합설립인가", "사업시행인가", "관리처분인가", "착공"]), NO)]),
    topic!("공영주차장 현황" / "Public car parks", "구가 운영하는 공영주차장의 주차면수와 요금" / "The district's public car parks: spaces and fees",
        Parking, Parking, District, Quarterly, 2006, ["주차장", "공영주차", "주차요금"],
        [("name", "주차장명", Gen::Place(&["공영주차장", "노외주차장"]), NO), ("address", "소재지", Gen::Address, NO), ("spaces", "주차면수", Gen::Int(12, 420), Some("면")),
         ("fee_per_5min", "5분당 요금", Gen::Int(100, 250), Some("원")), ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("장애인 전용주차구역 현황" / "Disabled parking bays", "공공·민간 시설의 장애인 전용주차구역 수" / "Disabled parking bays at public and private buildings",
        Disability, Welfare, District, Yearly, 2008, ["장애인", "주차", "전용주차구역"],
        [("building", "시설명", Gen::Place(FACILITY), NO), ("address", "소재지", Gen::Address, NO), ("bays", "전용구역 수", Gen::Int(1, 14), Some("면")), ("dong", "행정동", Gen::Dong, NO)]),
    topic!("가로수 현황" / "Street trees", "도로별 가로수의 수종과 그루 수" / "Street trees by road: species and number",
        StreetTrees, Parks, District, Yearly, 2006, ["가로수", "나무", "은행나무"],
        [("road", "노선명", Gen::Pick(ROADS), NO), ("species", "수종", Gen::Pick(&["은행나무", "느티나무", "이팝나무", "벚나무", "메타세쿼이아", "버즘나무"]), NO),
         ("trees", "그루 수", Gen::Int(20, 640), Some("그루")), ("length_m", "식재 구간", Gen::Int(150, 3_800), Some("m"))]),
    topic!("생활폐기물 발생량" / "Household waste", "행정동별 생활폐기물·재활용품·음식물류 수거량" / "Household, recycling and food waste collected per neighbourhood",
        Waste, Sanitation, District, Monthly, 2007, ["쓰레기", "재활용", "음식물"],
        [("dong", "행정동", Gen::Dong, NO), ("general_t", "일반 폐기물", Gen::Dec(80.0, 420.0), Some("톤")), ("recycling_t", "재활용품", Gen::Dec(20.0, 160.0), Some("톤")),
         ("food_t", "음식물류", Gen::Dec(30.0, 210.0), Some("톤"))]),
    topic!("대기오염 측정 결과" / "Air pollution measurements", "도시대기측정소의 월평균 미세먼지·오존·이산화질소 농도" / "Monthly averages of particulate matter, ozone and nitrogen dioxide at the city monitoring station",
        Air, Keco, DataGoKr, Monthly, 2006, ["미세먼지", "대기질", "오존"],
        [("measured_on", "측정일", Gen::Day, NO), ("pm10", "미세먼지(PM10)", Gen::Int(12, 95), Some("㎍/㎥")), ("pm25", "초미세먼지(PM2.5)", Gen::Int(6, 60), Some("㎍/㎥")),
         ("o3", "오존", Gen::Dec(0.005, 0.09), Some("ppm")), ("no2", "이산화질소", Gen::Dec(0.004, 0.065), Some("ppm"))]),
    topic!("소음 민원 접수 현황" / "Noise complaints", "공사장·생활 소음 민원의 접수 건수와 처리 결과" / "Complaints about building-site and neighbourhood noise, and their outcome",
        Noise, Environment, District, Monthly, 2009, ["소음", "공사장", "민원"],
        [("dong", "행정동", Gen::Dong, NO), ("source", "소음원", Gen::Pick(&["공사장", "확성기", "영업장", "층간소음", "차량"]), NO), ("complaints", "접수 건수", Gen::Int(1, 48), Some("건")),
         ("fined", "과태료 부과", Gen::Int(0, 6), Some("건"))]),
    topic!("어르신 경로당 현황" / "Senior centres", "경로당의 위치, 회원 수, 냉난방 지원 여부" / "Senior centres: location, members, heating and cooling support",
        Seniors, Seniors, District, Yearly, 2007, ["경로당", "어르신", "노인"],
        [("name", "경로당명", Gen::Place(&["경로당"]), NO), ("dong", "행정동", Gen::Dong, NO), ("members", "회원 수", Gen::Int(18, 140), Some("명")),
         ("cooling_centre", "무더위쉼터 지정", Gen::Pick(&["예", "아니요"]), NO), ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("어린이집 현황" / "Daycare centres", "국공립·민간·가정 어린이집의 정원과 현원" / "Public, private and home daycare centres: places and children enrolled",
        Childcare, Children, DataGoKr, Quarterly, 2008, ["어린이집", "보육", "국공립"],
        [("name", "어린이집명", Gen::Place(&["어린이집"]), NO), ("kind", "유형", Gen::Pick(&["국공립", "민간", "가정", "직장"]), NO), ("capacity", "정원", Gen::Int(15, 120), Some("명")),
         ("enrolled", "현원", Gen::Int(10, 110), Some("명")), ("dong", "행정동", Gen::Dong, NO)]),
    topic!("의료기관 현황" / "Clinics and hospitals", "병원·의원·약국의 종류와 병상 수" / "Hospitals, clinics and pharmacies: kind and beds",
        Medical, HealthPolicy, DataGoKr, Quarterly, 2007, ["병원", "의원", "약국"],
        [("name", "기관명", Gen::Place(&["의원", "병원", "약국"]), NO), ("kind", "종류", Gen::Pick(&["의원", "병원", "치과의원", "한의원", "약국"]), NO),
         ("beds", "병상 수", Gen::Int(0, 180), Some("개")), ("address", "소재지", Gen::Address, NO)]),
    topic!("방역 소독 실적" / "Disinfection rounds", "하절기 방역 소독 횟수와 구간" / "Summer disinfection rounds and where they went",
        DiseaseControl, HealthPolicy, District, Monthly, 2010, ["방역", "소독", "모기"],
        [("dong", "행정동", Gen::Dong, NO), ("rounds", "소독 횟수", Gen::Int(2, 30), Some("회")), ("sites", "소독 장소 수", Gen::Int(4, 60), Some("곳"))]),
    topic!("식품위생업소 현황" / "Food businesses", "일반음식점·휴게음식점 등 식품위생업소의 업태와 위생등급" / "Restaurants and cafés: type and hygiene grade",
        Nutrition, HealthPolicy, SeoulOpenData, Monthly, 2008, ["음식점", "위생등급", "식품"],
        [("name", "업소명", Gen::Place(&["식당", "카페", "분식"]), NO), ("kind", "업태", Gen::Pick(&["한식", "중식", "일식", "카페", "분식", "제과점"]), NO),
         ("grade", "위생등급", Gen::Pick(&["매우 우수", "우수", "좋음", "미지정"]), NO), ("address", "소재지", Gen::Address, NO)]),
    topic!("문화시설 현황" / "Cultural venues", "공연장·전시장·문화센터의 좌석 수와 위치" / "Theatres, galleries and culture centres: seats and location",
        CultureVenues, CultureSports, District, Yearly, 2007, ["공연장", "문화센터", "전시"],
        [("name", "시설명", Gen::Place(&["문화센터", "공연장", "갤러리"]), NO), ("seats", "객석 수", Gen::Int(40, 820), Some("석")), ("address", "소재지", Gen::Address, NO),
         ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("공공체육시설 현황" / "Public sports facilities", "체육관·수영장·풋살장 등 공공체육시설의 규모" / "Gyms, pools and futsal courts run by the district",
        Sports, CultureSports, District, Yearly, 2007, ["체육관", "수영장", "풋살"],
        [("name", "시설명", Gen::Place(&["체육관", "수영장", "풋살장", "테니스장"]), NO), ("kind", "종류", Gen::Pick(&["체육관", "수영장", "풋살장", "테니스장", "배드민턴장"]), NO),
         ("area_m2", "면적", Gen::Int(400, 9_800), Some("m²")), ("dong", "행정동", Gen::Dong, NO)]),
    topic!("지역 축제·행사 개최 현황" / "Local festivals and events", "구가 주최·후원한 축제와 행사의 기간과 참여 인원" / "Festivals and events the district held or supported, with dates and attendance",
        Events, CultureSports, District, Yearly, 2009, ["축제", "행사", "광진"],
        [("event", "행사명", Gen::Each(&["광진 어린이날 큰잔치", "아차산 해맞이", "광나루 축제", "자양 한강 야시장", "구의 벚꽃길 걷기"]), NO),
         ("held_on", "개최일", Gen::Day, NO), ("visitors", "참여 인원", Gen::Int(300, 48_000), Some("명")), ("place", "장소", Gen::Place(&["일대", "광장"]), NO)]),
    topic!("초·중·고등학교 현황" / "Schools", "학교별 학급 수와 학생 수" / "Classes and pupils per school",
        Schools, Education, DataGoKr, Yearly, 2006, ["학교", "학생", "학급"],
        [("school", "학교명", Gen::Each(&["광진초등학교", "자양초등학교", "구의중학교", "광남중학교", "대원고등학교", "건대부고", "양진초등학교", "동자초등학교"]), NO),
         ("classes", "학급 수", Gen::Int(12, 48), Some("학급")), ("pupils", "학생 수", Gen::Int(220, 1_350), Some("명")), ("dong", "행정동", Gen::Dong, NO)]),
    topic!("평생학습 프로그램 운영 현황" / "Lifelong-learning programmes", "구와 기관이 운영한 평생학습 강좌와 수강 인원" / "Lifelong-learning classes held in the district and how many took part",
        LifelongLearning, Education, District, Quarterly, 2008, ["평생학습", "강좌", "배움"],
        [("course", "강좌명", Gen::Pick(&["스마트폰 활용", "캘리그라피", "생활 영어", "노래 교실", "역사 탐방", "요가", "디지털 금융"]), NO),
         ("venue", "장소", Gen::Place(FACILITY), NO), ("learners", "수강 인원", Gen::Int(8, 60), Some("명")), ("hours", "운영 시간", Gen::Int(6, 48), Some("시간"))]),
    topic!("도서관 이용 현황" / "Library use", "구립·작은도서관의 장서 수와 대출 권수" / "Books held and lent by public and small libraries",
        Libraries, Education, District, Monthly, 2007, ["도서관", "대출", "장서"],
        [("library", "도서관명", Gen::Place(&["작은도서관", "구립도서관"]), NO), ("books", "장서 수", Gen::Int(2_000, 160_000), Some("권")),
         ("loans", "대출 권수", Gen::Int(100, 24_000), Some("권")), ("visitors", "이용자 수", Gen::Int(300, 40_000), Some("명"))]),
    topic!("사업체 현황" / "Businesses", "산업별 사업체 수와 종사자 수" / "Businesses and people employed by industry",
        Businesses, Statistics, Kosis, Yearly, 2004, ["사업체", "종사자", "산업"],
        [("industry", "산업 분류", Gen::Pick(&["도매 및 소매업", "숙박 및 음식점업", "교육 서비스업", "보건업 및 사회복지 서비스업", "제조업", "정보통신업"]), NO),
         ("dong", "행정동", Gen::Dong, NO), ("businesses", "사업체 수", Gen::Int(20, 1_900), Some("개")), ("workers", "종사자 수", Gen::Int(40, 9_000), Some("명"))]),
    topic!("전통시장 현황" / "Traditional markets", "전통시장의 점포 수와 주차 가능 여부" / "Traditional markets: shops and parking",
        Markets, LocalEconomy, District, Yearly, 2007, ["전통시장", "시장", "상인"],
        [("market", "시장명", Gen::Each(&["자양골목시장", "중곡제일시장", "노룬산시장", "화양제일시장", "구의시장", "능동골목시장"]), NO),
         ("shops", "점포 수", Gen::Int(40, 260), Some("개")), ("parking", "주차장 유무", Gen::Pick(&["있음", "없음"]), NO), ("address", "소재지", Gen::Address, NO)]),
    topic!("일자리 지원사업 참여 현황" / "Job-support schemes", "공공일자리·취업지원 사업별 참여 인원" / "People taking part in public jobs and employment support",
        Jobs, Jobs, District, Quarterly, 2009, ["일자리", "취업", "공공근로"],
        [("scheme", "사업명", Gen::Each(&["공공근로", "지역공동체 일자리", "청년 인턴", "어르신 일자리", "중장년 재취업"]), NO),
         ("participants", "참여 인원", Gen::Int(10, 640), Some("명")), ("budget_million", "예산", Gen::Int(20, 2_400), Some("백만원"))]),
    topic!("공동주택 현황" / "Apartment complexes", "공동주택 단지의 세대수와 준공 연도" / "Apartment complexes: households and year completed",
        Housing, Housing, SeoulOpenData, Yearly, 2006, ["아파트", "공동주택", "세대"],
        [("complex", "단지명", Gen::Place(&["아파트", "타워"]), NO), ("households", "세대수", Gen::Int(60, 2_800), Some("세대")), ("built", "준공 연도", Gen::Int(1978, 2024), NO),
         ("dong", "행정동", Gen::Dong, NO)]),
    topic!("구 세출 예산 현황" / "District spending budget", "분야별 세출 예산" / "The district's budgeted spending by area",
        Finance, PlanningBudget, District, Yearly, 2004, ["예산", "재정", "세출"],
        [("area", "분야", Gen::Each(&["사회복지", "일반공공행정", "교육", "문화 및 관광", "환경", "수송 및 교통", "국토 및 지역개발", "보건"]), NO),
         ("budget_million", "예산액", Gen::Int(1_200, 420_000), Some("백만원"))]),
    topic!("공무원 정원 현황" / "Staff numbers", "부서별 공무원 정원과 현원" / "Posts and staff in post by department",
        Organisation, Administration, District, Yearly, 2006, ["공무원", "정원", "조직"],
        [("department", "부서", Gen::Each(&["기획예산과", "자치행정과", "복지정책과", "환경과", "건축과", "교통행정과", "보건소"]), NO),
         ("posts", "정원", Gen::Int(12, 140), Some("명")), ("in_post", "현원", Gen::Int(10, 138), Some("명"))]),
    topic!("민원 처리 현황" / "Civil petitions handled", "민원 종류별 접수 건수와 평균 처리 기간" / "Petitions received by kind, and how long they took",
        CivilService, CivilAffairs, District, Monthly, 2007, ["민원", "증명서", "처리기간"],
        [("kind", "민원 종류", Gen::Each(&["주민등록", "가족관계", "여권", "인감", "토지대장", "건축물대장"]), NO),
         ("received", "접수 건수", Gen::Int(80, 9_800), Some("건")), ("days", "평균 처리 기간", Gen::Dec(0.0, 6.0), Some("일"))]),
    topic!("재난 취약시설 현황" / "Disaster-prone facilities", "침수·붕괴 우려가 있는 시설과 등급" / "Facilities at risk of flooding or collapse, with their grade",
        Disaster, Safety, District, Yearly, 2008, ["재난", "침수", "안전점검"],
        [("facility", "시설명", Gen::Place(&["옹벽", "지하차도", "축대", "교량"]), NO), ("grade", "안전 등급", Gen::Pick(&["B", "C", "D", "E"]), NO),
         ("checked_on", "점검일", Gen::Day, NO), ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("방범용 CCTV 설치 현황" / "Crime-prevention CCTV", "방범·어린이보호 CCTV의 위치와 대수" / "Crime-prevention and child-protection cameras: where and how many",
        Cctv, SmartInformation, District, Quarterly, 2007, ["CCTV", "방범", "안전"],
        [("place", "설치 장소", Gen::Place(EXITS), NO), ("purpose", "목적", Gen::Pick(&["방범", "어린이보호", "쓰레기 무단투기", "주정차 단속"]), NO),
         ("cameras", "카메라 대수", Gen::Int(1, 6), Some("대")), ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("안심귀갓길 현황" / "Safe-walk-home routes", "여성 안심귀갓길 구간과 비상벨 수" / "Safe routes home and their emergency bells",
        CrimePrevention, Safety, SeoulOpenData, Yearly, 2011, ["안심귀갓길", "비상벨", "여성안전"],
        [("route", "구간", Gen::Place(&["~ 주택가", "골목"]), NO), ("length_m", "길이", Gen::Int(200, 1_800), Some("m")), ("bells", "비상벨", Gen::Int(0, 12), Some("개")), ("dong", "행정동", Gen::Dong, NO)]),
    topic!("버스정류소 현황" / "Bus stops", "정류소의 위치, 경유 노선 수, 스마트 쉼터 여부" / "Bus stops: location, routes served, smart shelters",
        PublicTransport, Transport, SeoulOpenData, Quarterly, 2008, ["버스", "정류소", "대중교통"],
        [("stop", "정류소명", Gen::Place(&["정류소", "입구"]), NO), ("routes", "경유 노선 수", Gen::Int(1, 18), Some("개")), ("smart_shelter", "스마트 쉼터", Gen::Pick(&["예", "아니요"]), NO),
         ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("자전거 보관소 현황" / "Bicycle racks", "자전거 보관대의 위치와 거치 대수" / "Bicycle racks: where and how many bikes",
        Cycling, Transport, District, Yearly, 2008, ["자전거", "보관소", "따릉이"],
        [("place", "위치", Gen::Place(EXITS), NO), ("racks", "거치 대수", Gen::Int(5, 80), Some("대")), ("covered", "지붕 유무", Gen::Pick(&["있음", "없음"]), NO),
         ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("녹지 현황" / "Green spaces", "완충·경관 녹지의 면적" / "Buffer and landscape green strips: area",
        GreenSpaces, Parks, District, Yearly, 2006, ["녹지", "녹지대", "도시숲"],
        [("name", "녹지명", Gen::Place(&["완충녹지", "경관녹지"]), NO), ("area_m2", "면적", Gen::Int(200, 28_000), Some("m²")), ("dong", "행정동", Gen::Dong, NO)]),
    topic!("사물인터넷 센서 설치 현황" / "IoT sensors", "도시데이터 센서의 설치 위치와 측정 항목" / "City-data sensors: where they are and what they measure",
        Sensors, SmartInformation, District, Quarterly, 2017, ["센서", "IoT", "스마트도시"],
        [("sensor", "센서 번호", Gen::Each(&["S-01", "S-02", "S-03", "S-04", "S-05", "S-06", "S-07", "S-08"]), NO),
         ("measures", "측정 항목", Gen::Pick(&["미세먼지", "소음", "온도·습도", "유동인구", "조도"]), NO), ("place", "위치", Gen::Place(EXITS), NO),
         ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("주민등록 인구 현황" / "Registered population", "행정동별 세대수와 남녀 인구" / "Households and residents by sex per neighbourhood",
        CivilService, Mois, Kosis, Monthly, 2004, ["인구", "세대", "주민등록"],
        [("dong", "행정동", Gen::Dong, NO), ("households", "세대수", Gen::Int(4_000, 14_000), Some("세대")), ("men", "남자", Gen::Int(6_000, 16_000), Some("명")),
         ("women", "여자", Gen::Int(6_000, 17_000), Some("명"))]),
    topic!("불법 주정차 단속 현황" / "Parking enforcement", "불법 주정차 단속 건수와 과태료" / "Parking tickets issued and fines",
        Parking, Parking, District, Monthly, 2007, ["불법주정차", "단속", "과태료"],
        [("dong", "행정동", Gen::Dong, NO), ("tickets", "단속 건수", Gen::Int(40, 2_600), Some("건")), ("fines_thousand", "과태료", Gen::Int(1_000, 104_000), Some("천원"))]),
    topic!("무더위·한파 쉼터 현황" / "Heat and cold shelters", "여름 무더위쉼터와 겨울 한파쉼터의 위치와 수용 인원" / "Summer cooling and winter warming shelters: where and how many people",
        Disaster, Safety, DataGoKr, Yearly, 2010, ["무더위쉼터", "한파쉼터", "폭염"],
        [("shelter", "쉼터명", Gen::Place(FACILITY), NO), ("season", "구분", Gen::Pick(&["무더위쉼터", "한파쉼터"]), NO), ("capacity", "수용 인원", Gen::Int(10, 120), Some("명")),
         ("lat", "위도", Gen::Lat, NO), ("lon", "경도", Gen::Lon, NO)]),
    topic!("도로 굴착 공사 현황" / "Roadworks", "도로 굴착 공사의 구간과 기간" / "Roadworks: where and for how long",
        TrafficSafety, Roads, District, Monthly, 2009, ["도로공사", "굴착", "교통통제"],
        [("road", "노선", Gen::Pick(ROADS), NO), ("purpose", "공사 목적", Gen::Pick(&["상수도", "도시가스", "통신", "하수도", "전기"]), NO),
         ("starts_on", "시작일", Gen::Day, NO), ("length_m", "굴착 길이", Gen::Int(10, 900), Some("m"))]),
    topic!("장애인 복지시설 현황" / "Disability services", "장애인 복지관·주간보호시설의 정원" / "Disability centres and day care: places",
        Disability, Welfare, District, Yearly, 2008, ["장애인", "복지관", "주간보호"],
        [("name", "시설명", Gen::Place(&["복지관", "주간보호센터"]), NO), ("capacity", "정원", Gen::Int(10, 90), Some("명")), ("address", "소재지", Gen::Address, NO)]),
];

/// The four parts of the portal that are datasets of their own, answered by their live APIs.
/// Their columns describe those APIs' items, so they are the code's, not the database's: written
/// with the catalogue, then rewritten at every start (`store::refresh_live`), last modified `today`.
pub fn live_layers(today: IsoDate) -> Vec<Dataset> {
    let col = |name: &str, label: &str, kind, unit: Option<&str>| Column { name: name.into(), label: label.into(), kind, unit: unit.map(Into::into) };
    let base = |id, live, title: &str, title_en: &str, about: &str, about_en: &str, theme, publisher, columns| Dataset {
        id: DatasetId(id),
        title: title.into(),
        title_en: Some(title_en.into()),
        description: about.into(),
        description_en: Some(about_en.into()),
        publisher,
        source: Source::District,
        theme,
        keywords: vec!["실시간".into(), "동네".into()],
        frequency: Frequency::Realtime,
        covers_from: IsoDate::parse("2026-01-01").expect("a date").min(today),
        covers_to: today,
        area: "광진구 전역".into(),
        licence: Licence::Kogl1,
        modified: today,
        formats: vec![Format::Json],
        columns,
        live: Some(live),
        row_count: 0,
    };
    vec![
        base(1, LiveLayer::Courses, "평생학습 강좌 통합 목록", "Lifelong-learning course catalogue",
            "13개 학습 플랫폼의 무료 온라인 강좌 36,496개를 한곳에 모은 목록입니다. 동네 강좌 찾기와 같은 자료를 API로 제공합니다.",
            "36,496 free online courses from 13 learning platforms in one list: the same data as Dongne's course search, through the API.",
            Theme::LifelongLearning, Publisher::Education,
            vec![col("id", "강좌 번호", ColumnKind::Integer, None), col("title_ko", "강좌명", ColumnKind::Text, None), col("platform", "플랫폼", ColumnKind::Text, None),
                 col("hours", "학습 시간", ColumnKind::Integer, Some("시간"))]),
        base(2, LiveLayer::KidsCafeSeats, "공공 키즈카페 회차별 잔여석", "Public kids-café seats left per session",
            "꿈이팡팡 키즈카페 지점별 회차와 남은 자리를 실시간으로 제공합니다. API의 branch 값으로 지점(junggok 중곡, jayang 자양)을, date 값으로 날짜를 고릅니다.",
            "Kkumipangpang kids-café sessions per branch and the seats left in each, live. The API's branch picks the branch (junggok, jayang) and date the day.",
            Theme::Childcare, Publisher::Children,
            vec![col("id", "회차 번호", ColumnKind::Integer, None), col("starts_at", "시작 시각", ColumnKind::Text, None), col("seats_left", "남은 자리", ColumnKind::Integer, Some("석"))]),
        base(3, LiveLayer::Cars, "관용 전기차 공유 가능 시간", "Shared official electric cars: free hours",
            "공무에 쓰지 않는 시간에 주민이 빌릴 수 있는 관용 전기차와 예약 가능 시간입니다.",
            "The district's official electric cars residents can book in the hours officials do not use them.",
            Theme::PublicTransport, Publisher::Transport,
            vec![col("id", "차량 번호", ColumnKind::Integer, None), col("model_ko", "차종", ColumnKind::Text, None), col("plate", "차량 등록번호", ColumnKind::Text, None),
                 col("place_ko", "대여 장소", ColumnKind::Text, None), col("range_km", "주행 가능 거리", ColumnKind::Integer, Some("km"))]),
        base(4, LiveLayer::AirQuality, "실시간 대기질 측정", "Live air quality",
            "거리 센서 약 80곳의 미세먼지·초미세먼지 등 측정값과 통합대기환경지수 등급입니다.",
            "Readings of about 80 street sensors (PM10, PM2.5 and more) with their CAI grade.",
            Theme::Air, Publisher::Environment,
            vec![col("id", "센서", ColumnKind::Text, None), col("name_ko", "설치 장소", ColumnKind::Text, None), col("pm10", "미세먼지", ColumnKind::Decimal, Some("㎍/㎥")),
                 col("pm25", "초미세먼지", ColumnKind::Decimal, Some("㎍/㎥")), col("lat", "위도", ColumnKind::Latitude, None), col("lon", "경도", ColumnKind::Longitude, None)]),
    ]
}

/// A dataset with its stored rows.
pub struct Generated {
    pub dataset: Dataset,
    pub rows: Vec<Vec<String>>,
}

const LAST_EDITION: i32 = 2025;

fn edition(topic: &Topic, topic_no: usize, year: i32, id: u32) -> Generated {
    let mut rng = Rng(((topic_no as u64) << 32) ^ year as u64);
    let one_per_value = topic.columns.iter().filter_map(|(_, _, g, _)| if let Gen::Each(v) = g { Some(v.len()) } else { None }).min();
    let row_count = (8 + rng.below(13)).min(one_per_value.unwrap_or(usize::MAX));
    let rows: Vec<Vec<String>> = (0..row_count)
        .map(|r| topic.columns.iter().map(|(_, _, g, _)| g.value(&mut rng, r, year)).collect())
        .collect();
    let columns: Vec<Column> = topic
        .columns
        .iter()
        .map(|(name, label, g, unit)| Column { name: (*name).into(), label: (*label).into(), kind: g.kind(), unit: unit.map(Into::into) })
        .collect();
    let places = columns.iter().any(|c| c.kind == ColumnKind::Latitude);
    let mut formats = vec![Format::Csv, Format::Json];
    if places {
        formats.push(Format::GeoJson);
    }
    let mut keywords: Vec<String> = topic.keywords.iter().map(|k| k.to_string()).collect();
    keywords.push(format!("{year}년"));
    let start = IsoDate::parse(&format!("{year}-01-01")).expect("a year");
    let end = IsoDate::parse(&format!("{year}-12-31")).expect("a year");
    Generated {
        dataset: Dataset {
            id: DatasetId(id),
            title: format!("서울특별시 광진구 {} ({year}년)", topic.title),
            title_en: Some(format!("{}, Gwangjin-gu ({year})", topic.title_en)),
            description: format!("{year}년 기준 {}입니다. {}에서 {} 주기로 갱신해 공개합니다.", topic.about, topic.publisher.label(domain::Lang::Ko), topic.frequency.label(domain::Lang::Ko)),
            description_en: Some(format!("{} as of {year}. Published by the {}, updated {}.", topic.about_en, topic.publisher.label(domain::Lang::En),
                topic.frequency.label(domain::Lang::En).to_lowercase())),
            publisher: topic.publisher,
            source: topic.source,
            theme: topic.theme,
            keywords,
            frequency: topic.frequency,
            covers_from: start,
            covers_to: end,
            area: "광진구 전역".into(),
            licence: if topic.source == Source::Kosis { Licence::Kogl2 } else { Licence::Kogl1 },
            // published early in the following year; this year's edition last month
            modified: if year == LAST_EDITION { IsoDate::parse("2026-11-20").expect("a date") } else { end.plus_days(10 + rng.below(40) as i64) },
            formats,
            columns,
            live: None,
            row_count: rows.len() as u32,
        },
        rows,
    }
}

/// The written demo catalogue, ids 1 to 728: the live layers, then the newest edition of every
/// publication, then the year before of each, and so on back to when each began.
pub fn catalogue() -> Vec<Generated> {
    // the date is rewritten at every start
    let written = IsoDate::parse("2026-12-01").expect("a date");
    let mut out: Vec<Generated> = live_layers(written).into_iter().map(|dataset| Generated { dataset, rows: Vec::new() }).collect();
    let mut year = LAST_EDITION;
    while out.len() < GENERATED {
        let before = out.len();
        for (no, topic) in TOPICS.iter().enumerate() {
            if topic.since <= year && out.len() < GENERATED {
                let id = out.len() as u32 + 1;
                out.push(edition(topic, no, year, id));
            }
        }
        assert!(out.len() > before, "the publications run out before {GENERATED} datasets");
        year -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_exactly_728_valid_datasets_with_rows_that_fit_their_columns() {
        let all = catalogue();
        assert_eq!(all.len(), GENERATED);
        for (i, g) in all.iter().enumerate() {
            assert_eq!(g.dataset.id, DatasetId(i as u32 + 1));
            assert_eq!(g.dataset.check(), Ok(()), "{}", g.dataset.title);
            for row in &g.rows {
                assert_eq!(g.dataset.check_row(row), Ok(()), "{}: {row:?}", g.dataset.title);
            }
            assert_eq!(g.dataset.row_count as usize, g.rows.len());
            assert!(g.dataset.live.is_some() || g.rows.len() >= 5);
        }
        let titles: std::collections::HashSet<&str> = all.iter().map(|g| g.dataset.title.as_str()).collect();
        assert_eq!(titles.len(), GENERATED, "every title is its own");
    }

    #[test]
    fn the_catalogue_is_the_same_on_every_run() {
        let (a, b) = (catalogue(), catalogue());
        assert_eq!(a[100].dataset, b[100].dataset);
        assert_eq!(a[100].rows, b[100].rows);
        assert_eq!(a[4].dataset.title, "서울특별시 광진구 공공와이파이 설치 현황 (2025년)");
    }

    #[test]
    fn every_source_and_a_spread_of_themes_is_represented() {
        let all = catalogue();
        for source in Source::ALL {
            assert!(all.iter().any(|g| g.dataset.source == *source), "{source:?}");
        }
        let tops: std::collections::HashSet<Theme> = all.iter().filter_map(|g| g.dataset.theme.parent()).collect();
        assert_eq!(tops.len(), 12, "every top theme has datasets");
    }
}
