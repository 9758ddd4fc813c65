//! The closed vocabularies a dataset is described and filtered by: its theme in the district's
//! classification tree, its publisher, the portal it comes from, its formats, how often it changes
//! and its licence. Slugs are what URLs, the API and the database hold.

use crate::vocabulary::vocabulary;
use crate::Lang;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// The district's classification: twelve top themes, each followed by its sub-themes. A dataset
    /// is filed under one sub-theme and found under its top theme too.
    Theme {
        Administration = "administration", "일반행정", "Public administration";
        Finance = "finance", "재정", "Finance";
        Organisation = "organisation", "조직·인사", "Organisation";
        CivilService = "civil-service", "민원", "Civil service";
        Safety = "safety", "안전", "Safety";
        Disaster = "disaster", "재난", "Disasters";
        TrafficSafety = "traffic-safety", "교통안전", "Traffic safety";
        CrimePrevention = "crime-prevention", "범죄예방", "Crime prevention";
        Environment = "environment", "환경", "Environment";
        Air = "air", "대기", "Air";
        Waste = "waste", "폐기물", "Waste";
        Noise = "noise", "소음·진동", "Noise";
        Parks = "parks", "공원·녹지", "Parks & green";
        ParkSites = "park-sites", "공원", "Parks";
        StreetTrees = "street-trees", "가로수", "Street trees";
        GreenSpaces = "green-spaces", "녹지", "Green spaces";
        Transport = "transport", "교통", "Transport";
        Parking = "parking", "주차", "Parking";
        PublicTransport = "public-transport", "대중교통", "Public transport";
        Cycling = "cycling", "자전거", "Cycling";
        Welfare = "welfare", "복지", "Welfare";
        Seniors = "seniors", "어르신", "Seniors";
        Disability = "disability", "장애인", "Disability";
        Childcare = "childcare", "보육", "Childcare";
        Health = "health", "보건", "Health";
        Medical = "medical", "의료기관", "Medical care";
        DiseaseControl = "disease-control", "방역", "Disease control";
        Nutrition = "nutrition", "식품위생", "Food safety";
        Culture = "culture", "문화·체육", "Culture & sports";
        CultureVenues = "culture-venues", "문화시설", "Cultural venues";
        Sports = "sports", "체육시설", "Sports facilities";
        Events = "events", "행사·축제", "Events & festivals";
        Education = "education", "교육", "Education";
        Schools = "schools", "학교", "Schools";
        LifelongLearning = "lifelong-learning", "평생학습", "Lifelong learning";
        Libraries = "libraries", "도서관", "Libraries";
        Economy = "economy", "산업·경제", "Economy";
        Businesses = "businesses", "사업체", "Businesses";
        Markets = "markets", "전통시장", "Markets";
        Jobs = "jobs", "일자리", "Jobs";
        Urban = "urban", "도시·주택", "Urban & housing";
        Buildings = "buildings", "건축물", "Buildings";
        Housing = "housing", "주택", "Housing";
        UrbanProjects = "urban-projects", "정비사업", "Urban projects";
        SmartCity = "smart-city", "스마트도시", "Smart city";
        Wifi = "wifi", "공공와이파이", "Public Wi-Fi";
        Sensors = "sensors", "사물인터넷 센서", "IoT sensors";
        Cctv = "cctv", "CCTV", "CCTV";
    }
);

/// Each top theme has exactly three sub-themes, listed right after it.
const SUB_THEMES: usize = 3;

impl Theme {
    /// The top theme a sub-theme belongs to; `None` for a top theme.
    pub fn parent(self) -> Option<Theme> {
        let i = self as usize;
        (i % (SUB_THEMES + 1) != 0).then(|| Theme::ALL[i - i % (SUB_THEMES + 1)])
    }

    pub fn is_top(self) -> bool {
        self.parent().is_none()
    }

    pub fn tops() -> impl Iterator<Item = Theme> {
        Theme::ALL.iter().copied().filter(|t| t.is_top())
    }

    pub fn children(self) -> impl Iterator<Item = Theme> {
        Theme::ALL.iter().copied().filter(move |t| t.parent() == Some(self))
    }
}

vocabulary!(
    /// Where a dataset was gathered from.
    Source {
        District = "district", "광진구", "Gwangjin-gu";
        DataGoKr = "data-go-kr", "공공데이터포털", "Public Data Portal";
        Kosis = "kosis", "국가통계포털(KOSIS)", "National statistics (KOSIS)";
        SeoulOpenData = "seoul-open-data", "서울 열린데이터광장", "Seoul Open Data Plaza";
    }
);

vocabulary!(
    /// How often a dataset is updated.
    Frequency {
        Realtime = "realtime", "실시간", "Real time";
        Daily = "daily", "매일", "Daily";
        Weekly = "weekly", "매주", "Weekly";
        Monthly = "monthly", "매월", "Monthly";
        Quarterly = "quarterly", "분기", "Quarterly";
        Yearly = "yearly", "매년", "Yearly";
        Irregular = "irregular", "수시", "As needed";
    }
);

vocabulary!(
    /// The formats a dataset can be downloaded in.
    Format {
        Csv = "csv", "CSV", "CSV";
        Json = "json", "JSON", "JSON";
        GeoJson = "geojson", "GeoJSON", "GeoJSON";
    }
);

impl Format {
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Json => "application/json",
            Format::GeoJson => "application/geo+json",
        }
    }
}

vocabulary!(
    /// The Korea Open Government Licence types the district publishes under.
    Licence {
        Kogl1 = "kogl-1", "공공누리 제1유형 (출처표시)", "KOGL Type 1 (attribution)";
        Kogl2 = "kogl-2", "공공누리 제2유형 (출처표시, 상업적 이용금지)", "KOGL Type 2 (attribution, non-commercial)";
    }
);

impl Licence {
    pub fn url(self) -> &'static str {
        match self {
            Licence::Kogl1 => "https://www.kogl.or.kr/info/licenseType1.do",
            Licence::Kogl2 => "https://www.kogl.or.kr/info/licenseType2.do",
        }
    }
}

vocabulary!(
    /// Who publishes a dataset: a department of the district office or an outside agency.
    Publisher {
        PlanningBudget = "planning-budget", "기획예산과", "Planning and Budget Division";
        SmartInformation = "smart-information", "스마트정보과", "Smart Information Division";
        Administration = "administration", "자치행정과", "Local Administration Division";
        CivilAffairs = "civil-affairs", "민원여권과", "Civil Affairs Division";
        LocalEconomy = "local-economy", "지역경제과", "Local Economy Division";
        Jobs = "jobs", "일자리정책과", "Jobs Policy Division";
        CultureSports = "culture-sports", "문화체육과", "Culture and Sports Division";
        Education = "education", "교육지원과", "Education Support Division";
        Welfare = "welfare", "복지정책과", "Welfare Policy Division";
        Seniors = "seniors", "어르신복지과", "Senior Welfare Division";
        Children = "children", "아동청소년과", "Children and Youth Division";
        HealthPolicy = "health-policy", "보건정책과", "Health Policy Division";
        Environment = "environment", "환경과", "Environment Division";
        Sanitation = "sanitation", "청소행정과", "Sanitation Division";
        Parks = "parks", "공원녹지과", "Parks and Green Division";
        Transport = "transport", "교통행정과", "Transport Division";
        Parking = "parking", "주차관리과", "Parking Division";
        UrbanPlanning = "urban-planning", "도시계획과", "Urban Planning Division";
        Building = "building", "건축과", "Building Division";
        Housing = "housing", "주택과", "Housing Division";
        Roads = "roads", "도로과", "Roads Division";
        Safety = "safety", "안전총괄과", "Safety Division";
        Mois = "mois", "행정안전부", "Ministry of the Interior and Safety";
        Statistics = "statistics", "통계청", "Statistics Korea";
        Seoul = "seoul", "서울특별시", "Seoul Metropolitan Government";
        Keco = "keco", "한국환경공단", "Korea Environment Corporation";
        Koroad = "koroad", "도로교통공단", "Korea Road Traffic Authority";
    }
);

impl Publisher {
    /// An agency outside the district office.
    pub fn is_outside(self) -> bool {
        matches!(self, Publisher::Mois | Publisher::Statistics | Publisher::Seoul | Publisher::Keco | Publisher::Koroad)
    }
}

vocabulary!(
    /// What a column holds; a cell must read as its kind.
    ColumnKind {
        Text = "text", "문자", "Text";
        Integer = "integer", "정수", "Integer";
        Decimal = "decimal", "실수", "Decimal";
        Date = "date", "날짜", "Date";
        Latitude = "latitude", "위도", "Latitude";
        Longitude = "longitude", "경도", "Longitude";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_top_theme_has_three_sub_themes_and_every_sub_theme_a_top_one() {
        assert_eq!(Theme::tops().count(), 12);
        for top in Theme::tops() {
            assert_eq!(top.children().count(), 3, "{top:?}");
        }
        assert_eq!(Theme::Air.parent(), Some(Theme::Environment));
        assert_eq!(Theme::Cctv.parent(), Some(Theme::SmartCity));
        assert_eq!(Theme::Environment.parent(), None);
    }

    #[test]
    fn every_vocabulary_fits_a_64_bit_facet_mask() {
        assert!(Theme::ALL.len() <= 64 && Publisher::ALL.len() <= 64);
    }
}
