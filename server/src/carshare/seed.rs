//! The demo car share, the same on every machine: eight electric official cars (real models, Korean
//! plates) at Dobong-gu's offices, twelve spaces in three office car parks, and a few official
//! evening and weekend trips placed relative to the first start so the timeline is not empty.
//! Tests never rely on those trips: they pick their own times.

use domain::carshare::{OfficialRequest, Resource, ResourceKind, TripWindow};
use domain::SeoulTime;

/// (model ko, model en, plate, place ko, place en, range in km)
const CARS: &[(&str, &str, &str, &str, &str, u32)] = &[
    ("아이오닉 5", "Hyundai Ioniq 5", "12무 3456", "도봉구청 (마들로 656) 지하 2층", "Dobong-gu Office (656 Madeul-ro), B2", 458),
    ("EV6", "Kia EV6", "34무 5712", "도봉구청 (마들로 656) 지하 2층", "Dobong-gu Office (656 Madeul-ro), B2", 475),
    ("니로 EV", "Kia Niro EV", "56무 1208", "창동 주민센터", "Chang-dong Community Centre", 401),
    ("코나 일렉트릭", "Hyundai Kona Electric", "78무 9034", "쌍문1동 주민센터", "Ssangmun 1-dong Community Centre", 417),
    ("레이 EV", "Kia Ray EV", "23무 4470", "방학1동 주민센터", "Banghak 1-dong Community Centre", 205),
    ("아이오닉 6", "Hyundai Ioniq 6", "45무 6621", "도봉구청 (마들로 656) 지하 2층", "Dobong-gu Office (656 Madeul-ro), B2", 524),
    ("EV3", "Kia EV3", "67무 2389", "도봉1동 주민센터", "Dobong 1-dong Community Centre", 501),
    ("토레스 EVX", "KG Mobility Torres EVX", "89무 7145", "창4동 주민센터", "Chang 4-dong Community Centre", 433),
];

/// (car park ko, car park en, place ko, place en, spaces)
const CAR_PARKS: &[(&str, &str, &str, &str, u32)] = &[
    ("도봉구청 주차장", "Dobong-gu Office car park", "도봉구 마들로 656", "656 Madeul-ro, Dobong-gu", 5),
    ("창동 주민센터 주차장", "Chang-dong Community Centre car park", "도봉구 창동", "Chang-dong, Dobong-gu", 4),
    ("쌍문1동 주민센터 주차장", "Ssangmun 1-dong Community Centre car park", "도봉구 쌍문동", "Ssangmun-dong, Dobong-gu", 3),
];

pub fn demo_resources() -> Vec<Resource> {
    let cars = CARS.iter().enumerate().map(|(i, (name_ko, name_en, plate, place_ko, place_en, range))| Resource {
        kind: ResourceKind::Car,
        id: i as u32 + 1,
        name_ko: (*name_ko).into(),
        name_en: (*name_en).into(),
        label: (*plate).into(),
        place_ko: (*place_ko).into(),
        place_en: (*place_en).into(),
        range_km: Some(*range),
    });
    let mut spaces = Vec::new();
    for (park, (name_ko, name_en, place_ko, place_en, count)) in CAR_PARKS.iter().enumerate() {
        for n in 1..=*count {
            spaces.push(Resource {
                kind: ResourceKind::Parking,
                id: spaces.len() as u32 + 1,
                name_ko: (*name_ko).into(),
                name_en: (*name_en).into(),
                label: format!("{}-{n:02}", ["A", "B", "C"][park]),
                place_ko: (*place_ko).into(),
                place_en: (*place_en).into(),
                range_km: None,
            });
        }
    }
    cars.chain(spaces).collect()
}

/// A few official trips after `now` (the first start): evenings and a Saturday, on cars 1–3.
pub fn demo_official_trips(now: SeoulTime) -> Vec<OfficialRequest> {
    let day = |n: i64| now.date().plus_days(n);
    let at = |d, h, m| SeoulTime::at(d, h, m).expect("a valid time");
    // the first Saturday after today
    let saturday = (1..=7).map(day).find(|d| d.date().weekday() == time::Weekday::Saturday).expect("a Saturday within a week");
    let trips = [
        (1, at(day(1), 19, 0), at(day(1), 21, 30), "구청장 야간 현장 점검", false),
        (2, at(day(2), 20, 0), at(day(2), 22, 0), "방학동 주민 간담회", false),
        (3, at(saturday, 9, 0), at(saturday, 13, 0), "도봉산 등산로 안전 점검", false),
        (1, at(saturday, 14, 0), at(saturday, 18, 0), "주말 재난 대비 순찰", false),
    ];
    trips
        .into_iter()
        .filter_map(|(car, start, end, purpose, emergency)| {
            Some(OfficialRequest { kind: ResourceKind::Car, resource: car, window: TripWindow::stored(start, end)?, purpose: purpose.into(), emergency })
        })
        .collect()
}
