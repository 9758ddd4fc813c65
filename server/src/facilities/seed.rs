//! The demo facilities: six public rooms, halls and courts of Gwangjin-gu, the same on every
//! machine. Written on first start only (`INSERT OR IGNORE`), so staff edits survive restarts.

use domain::facilities::{Facility, FacilityKind, FacilitySlug};

#[allow(clippy::too_many_arguments)]
fn facility(
    slug: &str,
    kind: FacilityKind,
    names: (&str, &str),
    places: (&str, &str),
    hours: (u8, u8),
    slot_minutes: u32,
    group: (u32, u32),
    fee_krw: u32,
    rules: (&str, &str),
) -> Facility {
    Facility {
        slug: FacilitySlug::parse(slug).expect("a demo slug is plain"),
        kind,
        name_ko: names.0.into(),
        name_en: names.1.into(),
        place_ko: places.0.into(),
        place_en: places.1.into(),
        opens_hour: hours.0,
        closes_hour: hours.1,
        slot_minutes,
        min_group: group.0,
        max_group: group.1,
        fee_krw,
        rules_ko: rules.0.into(),
        rules_en: rules.1.into(),
    }
}

pub fn demo_facilities() -> Vec<Facility> {
    use FacilityKind::*;
    vec![
        facility("gucheong-meeting-room-1", Room, ("구청 열린회의실 1", "District Office Open Meeting Room 1"),
            ("광진구청 별관 2층", "District Office Annex 2F"), (9, 21), 120, (4, 12), 0,
            ("음식물 반입 금지. 사용 뒤 책상과 의자를 원래대로 정리해 주세요. 영리 목적 행사는 할 수 없습니다.",
             "No food. Put tables and chairs back after use. No commercial events.")),
        facility("jayang-community-room", Room, ("자양4동 주민센터 다목적실", "Jayang 4-dong Community Centre Multipurpose Room"),
            ("자양4동 주민센터 3층", "Jayang 4-dong Community Centre 3F"), (9, 21), 120, (5, 20), 10_000,
            ("주민 모임과 동아리 활동에 우선 배정합니다. 소음이 큰 악기 연주는 할 수 없습니다.",
             "Residents' meetings and clubs come first. No loud instruments.")),
        facility("gwangjin-youth-seminar-room", Room, ("광진청소년센터 세미나실", "Gwangjin Youth Centre Seminar Room"),
            ("광진청소년센터 4층", "Gwangjin Youth Centre 4F"), (10, 20), 60, (2, 8), 0,
            ("청소년(9~24세) 모임에 무료로 빌려줍니다. 보호자나 지도자 한 명이 함께해야 합니다.",
             "Free for groups of young people aged 9 to 24, with one adult leader present.")),
        facility("gwangjin-hall", Hall, ("광진문화예술회관 소공연장", "Gwangjin Arts Centre Small Hall"),
            ("광진문화예술회관 지하 1층", "Gwangjin Arts Centre B1"), (9, 21), 180, (20, 120), 80_000,
            ("무대 장비는 담당 직원이 다룹니다. 리허설 시간도 대관 시간에 포함됩니다.",
             "Staff operate the stage equipment. Rehearsal time counts as booked time.")),
        facility("ttukseom-futsal-court", Court, ("뚝섬한강공원 풋살장", "Ttukseom Riverside Futsal Court"),
            ("자양동 뚝섬한강공원 안", "Ttukseom Han River Park, Jayang-dong"), (6, 22), 120, (6, 20), 30_000,
            ("풋살화 또는 운동화만 신을 수 있습니다. 비가 많이 오면 예약이 취소되고 요금은 돌려드립니다.",
             "Futsal or trainers only. In heavy rain the booking is cancelled and the fee refunded.")),
        facility("achasan-tennis-court", Court, ("아차산 생태공원 테니스장", "Achasan Ecological Park Tennis Court"),
            ("광장동 아차산 생태공원 옆", "Next to Achasan Ecological Park, Gwangjang-dong"), (6, 22), 120, (2, 4), 8_000,
            ("한 면 예약입니다. 야간 조명은 18시부터 켜집니다.", "One court per booking. Floodlights come on at 18:00.")),
    ]
}
