//! Yeonghee's Thrift Store (영희네 나눔가게): what it takes and refuses, its drop-off slots (30
//! minutes, a few donors each, booked through the seat engine), and the donation receipt a donor
//! asks for: who gave (a person's name and birth date, or a business's name and registration
//! number), what, and the value they declare. Rules are dated rows like the loan's.

use super::hours::{open_on, Place, HOURS};
use super::SocialError;
use crate::calendar::{IsoDate, SeoulTime};
use crate::programmes::applications::parse_business_number;
use crate::Lang;
use serde::{Deserialize, Serialize};
use time::macros::date;

/// The store's one name, on the programmes card, its page and everywhere else.
pub const NAME_KO: &str = "영희네 나눔가게";
pub const NAME_EN: &str = "Yeonghee's Thrift Store";
/// Who runs it.
pub const RUN_BY_KO: &str = "영등포지역자활센터와 영등포구";
pub const RUN_BY_EN: &str = "The Yeongdeungpo Regional Self-Support Center with Yeongdeungpo-gu";
/// The seat engine's resource for its drop-off slots.
pub const DROPOFF_RESOURCE: &str = "yeonghee";

/// Drop-off slots from `from` on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DropoffRules {
    pub from: IsoDate,
    pub slot_minutes: u32,
    /// Donors received in one slot (the counter has room for this many at once).
    pub per_slot: u32,
    /// How many days ahead slots can be booked.
    pub days_ahead: i64,
    /// At most this many items and this value declared on one receipt.
    pub max_items: usize,
    pub max_item_krw: u64,
    /// Coming drop-offs one account may hold at once.
    pub max_coming: u32,
}

pub const DROPOFF_RULES: &[DropoffRules] =
    &[DropoffRules { from: IsoDate::from_date(date!(2026 - 01 - 01)), slot_minutes: 30, per_slot: 3, days_ahead: 14, max_items: 5, max_item_krw: 5_000_000, max_coming: 3 }];

/// The drop-off rules in force on `day`.
pub fn dropoff_rules(day: IsoDate) -> &'static DropoffRules {
    DROPOFF_RULES.iter().filter(|r| r.from <= day).max_by_key(|r| r.from).unwrap_or(&DROPOFF_RULES[0])
}

/// The day's drop-off slots: back to back through the store's opening hours (none when closed).
pub fn dropoff_slots_on(day: IsoDate) -> Vec<(SeoulTime, SeoulTime)> {
    let Some((opens, closes)) = open_on(HOURS, Place::ThriftStore, day) else { return Vec::new() };
    let step = i64::from(dropoff_rules(day).slot_minutes.max(10));
    let mut slots = Vec::new();
    let mut start = opens;
    while start.plus_minutes(step) <= closes {
        slots.push((start, start.plus_minutes(step)));
        start = start.plus_minutes(step);
    }
    slots
}

/// What the store takes, and what it cannot (Korean, English).
pub const ACCEPTS: &[(&str, &str)] = &[
    ("깨끗한 옷, 신발, 가방 (계절 무관)", "Clean clothes, shoes and bags (any season)"),
    ("그릇, 냄비, 수저 등 주방용품", "Kitchenware: dishes, pots, cutlery"),
    ("학용품과 문구, 아동 도서", "School supplies, stationery and children's books"),
    ("포장을 뜯지 않은 생활용품", "Unopened household goods"),
    ("작동하는 소형 가전 (전기밥솥, 선풍기 등)", "Small appliances that work (rice cookers, fans)"),
];

pub const REFUSES: &[(&str, &str)] = &[
    ("속옷, 양말 등 착용한 내의류", "Worn underwear and socks"),
    ("찢어지거나 얼룩진 옷, 고장 난 물건", "Torn or stained clothes, broken things"),
    ("음식, 의약품, 화장품", "Food, medicine, cosmetics"),
    ("대형 가구와 대형 가전", "Large furniture and large appliances"),
    ("유아용 카시트 등 안전용품", "Car seats and other safety equipment"),
];

/// Who gave: a person (name and birth date) or a business (name and registration number). The
/// receipt needs one of the two to be usable for a tax deduction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Donor {
    Person { birth: IsoDate },
    Business { number: String },
}

impl Donor {
    pub fn slug(&self) -> &'static str {
        match self {
            Donor::Person { .. } => "person",
            Donor::Business { .. } => "business",
        }
    }

    /// The birth date or the business number, as printed on the receipt.
    pub fn identifier(&self) -> String {
        match self {
            Donor::Person { birth } => birth.to_string(),
            Donor::Business { number } => number.clone(),
        }
    }

    pub fn identifier_label(&self, lang: Lang) -> &'static str {
        match self {
            Donor::Person { .. } => lang.pick("생년월일", "Date of birth"),
            Donor::Business { .. } => lang.pick("사업자등록번호", "Business registration number"),
        }
    }
}

/// One line of donated items with the value the donor declares for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DonatedItem {
    pub what: String,
    pub value_krw: u64,
}

/// A donation receipt asked for: valid by construction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptRequest {
    pub name: String,
    pub donor: Donor,
    pub items: Vec<DonatedItem>,
}

impl ReceiptRequest {
    pub fn total_krw(&self) -> u64 {
        self.items.iter().map(|i| i.value_krw).sum()
    }
}

/// The receipt form as typed: up to five item rows; empty rows are skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReceiptForm {
    pub name: String,
    /// `person` or `business`.
    pub donor_kind: String,
    pub birth: String,
    pub business_number: String,
    /// (what, value) per row.
    pub items: Vec<(String, String)>,
}

/// A name or a line of text: trimmed, no control characters, `min..=max` characters.
pub(super) fn text(s: &str, min: usize, max: usize, error: SocialError) -> Result<String, SocialError> {
    let s = s.trim();
    let n = s.chars().count();
    if n < min || n > max || s.chars().any(char::is_control) {
        return Err(error);
    }
    Ok(s.to_string())
}

/// An amount of won as typed ("30,000", "30000원"), at most `max`.
pub(super) fn amount(s: &str, max: u64, error: SocialError) -> Result<u64, SocialError> {
    let s = s.trim().trim_end_matches('원').trim();
    if s.is_empty() || s.len() > 16 {
        return Err(error);
    }
    let digits: String = s.chars().filter(|c| !matches!(c, ',' | ' ')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(error);
    }
    digits.parse::<u64>().ok().filter(|n| (1..=max).contains(n)).ok_or(error)
}

impl ReceiptRequest {
    /// Reads the form on `today` (a birth date must be in the past and within 120 years).
    pub fn from_form(form: &ReceiptForm, today: IsoDate) -> Result<ReceiptRequest, SocialError> {
        let rules = dropoff_rules(today);
        let name = text(&form.name, 1, 40, SocialError::BadDonorName)?;
        let donor = match form.donor_kind.trim() {
            "person" => {
                let birth = IsoDate::parse(form.birth.trim()).filter(|b| *b < today && b.year() > today.year() - 120).ok_or(SocialError::BadBirth)?;
                Donor::Person { birth }
            }
            "business" => Donor::Business { number: parse_business_number(&form.business_number).map_err(|_| SocialError::BadBusinessNumber)? },
            _ => return Err(SocialError::BadDonorKind),
        };
        if form.items.len() > rules.max_items {
            return Err(SocialError::TooManyItems { max: rules.max_items as u32 });
        }
        let mut items = Vec::new();
        for (row, (what, value)) in form.items.iter().enumerate() {
            if what.trim().is_empty() && value.trim().is_empty() {
                continue;
            }
            let row = row as u32 + 1;
            let what = text(what, 1, 60, SocialError::BadItem { row })?;
            let value_krw = amount(value, rules.max_item_krw, SocialError::BadItemValue { row, max: rules.max_item_krw })?;
            items.push(DonatedItem { what, value_krw });
        }
        if items.is_empty() {
            return Err(SocialError::NoItems);
        }
        Ok(ReceiptRequest { name, donor, items })
    }
}

/// A receipt's number: `YH-2026-000123` (the store, the year issued, the year's sequence).
pub fn receipt_number(year: i32, sequence: u32) -> String {
    format!("YH-{year}-{sequence:06}")
}

/// The sequence of a number written by `receipt_number`, when it is of `year`.
pub fn receipt_sequence(number: &str, year: i32) -> Option<u32> {
    let rest = number.strip_prefix(&format!("YH-{year}-"))?;
    (rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_digit())).then(|| rest.parse::<u32>().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> IsoDate {
        IsoDate::parse(s).unwrap()
    }

    fn form(items: &[(&str, &str)]) -> ReceiptForm {
        ReceiptForm {
            name: " 김영희 ".into(),
            donor_kind: "person".into(),
            birth: "1980-03-04".into(),
            business_number: String::new(),
            items: items.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
        }
    }

    #[test]
    fn an_open_day_has_eighteen_half_hour_slots_and_a_closed_day_none() {
        let monday = dropoff_slots_on(d("2026-11-23"));
        assert_eq!(monday.len(), 18);
        assert_eq!((monday[0].0.clock_text(), monday[17].1.clock_text()), ("10:00".into(), "19:00".into()));
        assert!(dropoff_slots_on(d("2026-11-29")).is_empty(), "Sunday");
        assert!(dropoff_slots_on(d("2026-12-25")).is_empty(), "Christmas");
        assert_eq!(dropoff_rules(d("2026-11-23")).per_slot, 3);
    }

    #[test]
    fn a_receipt_request_reads_a_person_or_a_business_and_skips_empty_rows() {
        let r = ReceiptRequest::from_form(&form(&[("겨울 외투 2벌", "60,000"), ("", ""), ("냄비", "15000원")]), d("2026-11-23")).unwrap();
        assert_eq!(r.name, "김영희");
        assert_eq!(r.donor, Donor::Person { birth: d("1980-03-04") });
        assert_eq!(r.total_krw(), 75_000);
        let mut business = form(&[("학용품 한 상자", "120000")]);
        business.donor_kind = "business".into();
        business.business_number = "2208162517".into();
        let r = ReceiptRequest::from_form(&business, d("2026-11-23")).unwrap();
        assert_eq!(r.donor.identifier(), "220-81-62517");
    }

    #[test]
    fn a_receipt_request_refuses_what_would_make_a_bad_receipt() {
        let today = d("2026-11-23");
        assert_eq!(ReceiptRequest::from_form(&form(&[("", "")]), today), Err(SocialError::NoItems));
        assert_eq!(ReceiptRequest::from_form(&form(&[("외투", "0")]), today), Err(SocialError::BadItemValue { row: 1, max: 5_000_000 }));
        assert_eq!(ReceiptRequest::from_form(&form(&[("외투", "9999999")]), today), Err(SocialError::BadItemValue { row: 1, max: 5_000_000 }));
        assert_eq!(ReceiptRequest::from_form(&form(&[("a", "1"), ("", "1000")]), today), Err(SocialError::BadItem { row: 2 }));
        assert_eq!(ReceiptRequest::from_form(&form(&[("x", "1"); 6]), today), Err(SocialError::TooManyItems { max: 5 }));
        let mut f = form(&[("외투", "1000")]);
        f.birth = "2026-11-24".into();
        assert_eq!(ReceiptRequest::from_form(&f, today), Err(SocialError::BadBirth), "born tomorrow");
        f.donor_kind = "robot".into();
        assert_eq!(ReceiptRequest::from_form(&f, today), Err(SocialError::BadDonorKind));
        f.donor_kind = "business".into();
        f.business_number = "220-81-62518".into();
        assert_eq!(ReceiptRequest::from_form(&f, today), Err(SocialError::BadBusinessNumber));
        let mut f = form(&[("외투", "1000")]);
        f.name = "x".repeat(41);
        assert_eq!(ReceiptRequest::from_form(&f, today), Err(SocialError::BadDonorName));
        f.name = "a\u{0}b".into();
        assert_eq!(ReceiptRequest::from_form(&f, today), Err(SocialError::BadDonorName));
    }

    #[test]
    fn receipt_numbers_are_by_year_and_read_back() {
        assert_eq!(receipt_number(2026, 12), "YH-2026-000012");
        assert_eq!(receipt_sequence("YH-2026-000012", 2026), Some(12));
        assert_eq!(receipt_sequence("YH-2025-000012", 2026), None);
        assert_eq!(receipt_sequence("YH-2026-12", 2026), None);
    }
}
