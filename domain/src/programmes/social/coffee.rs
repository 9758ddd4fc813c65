//! Coffee Jigi (커피지기), the Seodaemun Regional Self-Support Center's café business group: its
//! menu with prices and its catering sets as dated rows, and the catering request a group sends
//! for a meeting, training or workshop (at least three working days ahead, 10–300 people), with
//! the states staff and the resident move it through.

use super::thrift::{amount, text};
use super::SocialError;
use crate::calendar::IsoDate;
use crate::carshare::holidays::is_working_day;
use crate::Lang;
use serde::{Deserialize, Serialize};
use time::macros::date;

pub const NAME_KO: &str = "커피지기";
pub const NAME_EN: &str = "Coffee Jigi";
pub const RUN_BY_KO: &str = "서대문지역자활센터 카페 사업단 (저소득 주민 10여 명)";
pub const RUN_BY_EN: &str = "The Seodaemun Regional Self-Support Center's café business group (about ten low-income residents)";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MenuKind {
    Coffee,
    Drink,
    Sandwich,
}

impl MenuKind {
    pub const ALL: [MenuKind; 3] = [MenuKind::Coffee, MenuKind::Drink, MenuKind::Sandwich];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MenuKind::Coffee => lang.pick("커피", "Coffee"),
            MenuKind::Drink => lang.pick("음료", "Drinks"),
            MenuKind::Sandwich => lang.pick("샌드위치", "Sandwiches"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MenuItem {
    pub kind: MenuKind,
    pub name_ko: &'static str,
    pub name_en: &'static str,
    pub price_krw: u64,
}

impl MenuItem {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_ko, self.name_en)
    }
}

/// The menu from `from` on (a new price list is a new row).
pub struct Menu {
    pub from: IsoDate,
    pub items: &'static [MenuItem],
}

const fn item(kind: MenuKind, name_ko: &'static str, name_en: &'static str, price_krw: u64) -> MenuItem {
    MenuItem { kind, name_ko, name_en, price_krw }
}

pub const MENUS: &[Menu] = &[Menu {
    from: IsoDate::from_date(date!(2026 - 01 - 01)),
    items: &[
        item(MenuKind::Coffee, "아메리카노", "Americano", 2_000),
        item(MenuKind::Coffee, "카페라테", "Café latte", 2_500),
        item(MenuKind::Coffee, "바닐라라테", "Vanilla latte", 3_000),
        item(MenuKind::Drink, "유자차", "Citron tea", 2_500),
        item(MenuKind::Drink, "아이스티", "Iced tea", 2_000),
        item(MenuKind::Drink, "생과일주스 (계절 과일)", "Fresh fruit juice (in season)", 3_500),
        item(MenuKind::Sandwich, "햄치즈 샌드위치", "Ham and cheese sandwich", 3_500),
        item(MenuKind::Sandwich, "에그 샌드위치", "Egg sandwich", 3_000),
        item(MenuKind::Sandwich, "닭가슴살 샌드위치", "Chicken breast sandwich", 4_000),
    ],
}];

/// The menu in force on `day`.
pub fn menu_on(day: IsoDate) -> &'static [MenuItem] {
    MENUS.iter().filter(|m| m.from <= day).max_by_key(|m| m.from).map_or(&[], |m| m.items)
}

/// A catering set a group can order, priced per person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CateringSet {
    pub slug: &'static str,
    pub name_ko: &'static str,
    pub name_en: &'static str,
    pub per_person_krw: u64,
}

impl CateringSet {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_ko, self.name_en)
    }
}

/// The catering rules from `from` on.
pub struct CateringRules {
    pub from: IsoDate,
    /// The event is at least this many working days after the request.
    pub working_days_ahead: u32,
    /// ... and at most this many days.
    pub max_days_ahead: i64,
    pub min_heads: u32,
    pub max_heads: u32,
    /// Served from, and until (hour, minute).
    pub earliest: (u8, u8),
    pub latest: (u8, u8),
    pub max_budget_krw: u64,
    pub sets: &'static [CateringSet],
}

/// At most this many sets are offered (the form has one checkbox per set).
pub const MAX_SETS: usize = 4;

pub const CATERING_RULES: &[CateringRules] = &[CateringRules {
    from: IsoDate::from_date(date!(2026 - 01 - 01)),
    working_days_ahead: 3,
    max_days_ahead: 180,
    min_heads: 10,
    max_heads: 300,
    earliest: (7, 0),
    latest: (20, 0),
    max_budget_krw: 30_000_000,
    sets: &[
        CateringSet { slug: "coffee-break", name_ko: "커피·차 브레이크 (커피, 차, 쿠키)", name_en: "Coffee break (coffee, tea, cookies)", per_person_krw: 4_000 },
        CateringSet { slug: "sandwich-box", name_ko: "샌드위치 도시락 (샌드위치, 음료)", name_en: "Sandwich box (sandwich, drink)", per_person_krw: 7_000 },
        CateringSet { slug: "juice-bar", name_ko: "생과일주스 (계절 과일)", name_en: "Fresh juice (in season)", per_person_krw: 3_500 },
    ],
}];

pub fn catering_rules(day: IsoDate) -> &'static CateringRules {
    CATERING_RULES.iter().filter(|r| r.from <= day).max_by_key(|r| r.from).unwrap_or(&CATERING_RULES[0])
}

/// The first day an event can be catered when asked on `today`: the `n`th working day after it
/// (weekends and public holidays not counted), so the group has `n` working days to prepare.
pub fn earliest_catering_day(today: IsoDate) -> IsoDate {
    let n = catering_rules(today).working_days_ahead;
    let mut day = today;
    let mut counted = 0;
    while counted < n {
        day = day.plus_days(1);
        if is_working_day(day) {
            counted += 1;
        }
    }
    day
}

/// The catering form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CateringForm {
    pub date: String,
    pub time: String,
    pub place: String,
    pub heads: String,
    /// The sets ticked (their slugs).
    pub sets: Vec<String>,
    pub budget: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub note: String,
}

/// A catering request, valid by construction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CateringRequest {
    pub date: IsoDate,
    /// `HH:MM`.
    pub time: String,
    pub place: String,
    pub heads: u32,
    pub sets: Vec<String>,
    pub budget_krw: u64,
    pub contact_name: String,
    pub contact_phone: String,
    pub note: String,
}

/// A Korean phone number: 9–11 digits, written with or without `-` (`010-1234-5678`, `02-123-4567`).
pub fn parse_phone(s: &str) -> Result<String, SocialError> {
    let s = s.trim();
    if s.len() > 20 || !s.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ') {
        return Err(SocialError::BadPhone);
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if !(9..=11).contains(&digits.len()) || !digits.starts_with('0') {
        return Err(SocialError::BadPhone);
    }
    Ok(s.split_whitespace().collect::<Vec<_>>().join(""))
}

/// `HH:MM` within the serving hours, on the half hour.
fn parse_time(s: &str, rules: &CateringRules) -> Result<String, SocialError> {
    let bad = SocialError::BadTime { earliest: rules.earliest, latest: rules.latest };
    let (h, m) = s.trim().split_once(':').ok_or(bad.clone())?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad);
    }
    let (h, m): (u8, u8) = (h.parse().map_err(|_| bad.clone())?, m.parse().map_err(|_| bad.clone())?);
    if m % 30 != 0 || (h, m) < rules.earliest || (h, m) > rules.latest {
        return Err(bad);
    }
    Ok(format!("{h:02}:{m:02}"))
}

impl CateringRequest {
    pub fn from_form(form: &CateringForm, today: IsoDate) -> Result<CateringRequest, SocialError> {
        let rules = catering_rules(today);
        let earliest = earliest_catering_day(today);
        let date = IsoDate::parse(form.date.trim()).ok_or(SocialError::BadDate)?;
        if date < earliest {
            return Err(SocialError::TooSoon { earliest });
        }
        if today.days_until(date) > rules.max_days_ahead {
            return Err(SocialError::TooFarAhead { days: rules.max_days_ahead as u32 });
        }
        let time = parse_time(&form.time, rules)?;
        let place = text(&form.place, 2, 100, SocialError::BadPlace)?;
        let heads_error = SocialError::BadHeads { min: rules.min_heads, max: rules.max_heads };
        let heads = form.heads.trim().parse::<u32>().ok().filter(|n| (rules.min_heads..=rules.max_heads).contains(n)).ok_or(heads_error)?;
        if form.sets.len() > MAX_SETS {
            return Err(SocialError::BadSet);
        }
        let mut sets = Vec::new();
        for slug in &form.sets {
            let set = rules.sets.iter().find(|s| s.slug == slug.trim()).ok_or(SocialError::BadSet)?;
            if !sets.iter().any(|s: &String| s == set.slug) {
                sets.push(set.slug.to_string());
            }
        }
        if sets.is_empty() {
            return Err(SocialError::NoSet);
        }
        let budget_krw = amount(&form.budget, rules.max_budget_krw, SocialError::BadBudget { max: rules.max_budget_krw })?;
        let contact_name = text(&form.contact_name, 1, 40, SocialError::BadContactName)?;
        let contact_phone = parse_phone(&form.contact_phone)?;
        let note = if form.note.trim().is_empty() { String::new() } else { text(&form.note, 1, 300, SocialError::BadNote)? };
        Ok(CateringRequest { date, time, place, heads, sets, budget_krw, contact_name, contact_phone, note })
    }

    /// The sets' list prices for the head count: a guide, not the quote.
    pub fn estimate_krw(&self) -> u64 {
        let rules = catering_rules(self.date);
        self.sets.iter().filter_map(|s| rules.sets.iter().find(|x| x.slug == s)).map(|s| s.per_person_krw * u64::from(self.heads)).sum()
    }

    pub fn set_names(&self, lang: Lang) -> Vec<&'static str> {
        let rules = catering_rules(self.date);
        self.sets.iter().filter_map(|s| rules.sets.iter().find(|x| x.slug == s)).map(|s| s.name(lang)).collect()
    }
}

/// Where a catering request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CateringState {
    Requested,
    Quoted,
    Refused,
    Accepted,
    Withdrawn,
}

impl CateringState {
    pub const ALL: [CateringState; 5] = [CateringState::Requested, CateringState::Quoted, CateringState::Refused, CateringState::Accepted, CateringState::Withdrawn];

    pub fn slug(self) -> &'static str {
        match self {
            CateringState::Requested => "requested",
            CateringState::Quoted => "quoted",
            CateringState::Refused => "refused",
            CateringState::Accepted => "accepted",
            CateringState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<CateringState> {
        CateringState::ALL.into_iter().find(|st| st.slug() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CateringState::Requested => lang.pick("답변 기다리는 중", "Waiting for an answer"),
            CateringState::Quoted => lang.pick("견적 도착", "Quote received"),
            CateringState::Refused => lang.pick("어렵다는 답변", "Declined"),
            CateringState::Accepted => lang.pick("견적 수락", "Quote accepted"),
            CateringState::Withdrawn => lang.pick("신청 철회", "Withdrawn"),
        }
    }

    /// Staff answer a request only while it waits.
    pub fn may_answer(self) -> Result<(), SocialError> {
        (self == CateringState::Requested).then_some(()).ok_or(SocialError::AlreadyAnswered)
    }

    /// The resident accepts a quote, and only a quote.
    pub fn may_accept(self) -> Result<(), SocialError> {
        (self == CateringState::Quoted).then_some(()).ok_or(SocialError::NothingToAccept)
    }

    /// The resident withdraws a request still waiting or quoted.
    pub fn may_withdraw(self) -> Result<(), SocialError> {
        matches!(self, CateringState::Requested | CateringState::Quoted).then_some(()).ok_or(SocialError::AlreadyClosed)
    }
}

/// Staff's answer: a quote (its amount and what it covers) or a refusal with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CateringAnswer {
    Quote { amount_krw: u64, note: String },
    Refuse { reason: String },
}

impl CateringAnswer {
    pub fn from_form(outcome: &str, amount_text: &str, note: &str) -> Result<CateringAnswer, SocialError> {
        match outcome.trim() {
            "quote" => Ok(CateringAnswer::Quote {
                amount_krw: amount(amount_text, 100_000_000, SocialError::BadQuote)?,
                note: if note.trim().is_empty() { String::new() } else { text(note, 1, 300, SocialError::BadNote)? },
            }),
            "refuse" => Ok(CateringAnswer::Refuse { reason: text(note, 2, 300, SocialError::BadReason)? }),
            _ => Err(SocialError::BadOutcome),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> IsoDate {
        IsoDate::parse(s).unwrap()
    }

    fn form(date: &str) -> CateringForm {
        CateringForm {
            date: date.into(),
            time: "12:00".into(),
            place: "서대문구청 3층 회의실".into(),
            heads: "40".into(),
            sets: vec!["sandwich-box".into(), "coffee-break".into()],
            budget: "400,000".into(),
            contact_name: "박담당".into(),
            contact_phone: "010-1234-5678".into(),
            note: String::new(),
        }
    }

    #[test]
    fn catering_is_at_least_three_working_days_ahead_holidays_not_counted() {
        assert_eq!(earliest_catering_day(d("2026-11-23")), d("2026-11-26"), "Monday → Thursday");
        assert_eq!(earliest_catering_day(d("2026-11-27")), d("2026-12-02"), "Friday → Wednesday");
        assert_eq!(earliest_catering_day(d("2026-11-29")), d("2026-12-02"), "Sunday → Wednesday");
        // Christmas (Friday) is not a working day: Wednesday the 23rd → Thursday, Monday, Tuesday the 29th
        assert_eq!(earliest_catering_day(d("2026-12-23")), d("2026-12-29"));
    }

    #[test]
    fn a_catering_request_reads_the_form_and_estimates_from_the_set_prices() {
        let r = CateringRequest::from_form(&form("2026-11-26"), d("2026-11-23")).unwrap();
        assert_eq!((r.heads, r.budget_krw, r.time.as_str()), (40, 400_000, "12:00"));
        assert_eq!(r.sets, ["sandwich-box", "coffee-break"]);
        assert_eq!(r.estimate_krw(), 40 * (7_000 + 4_000));
        assert_eq!(r.set_names(Lang::En)[0], "Sandwich box (sandwich, drink)");
    }

    #[test]
    fn a_catering_request_refuses_what_cannot_be_served() {
        let today = d("2026-11-23");
        let with = |f: fn(&mut CateringForm)| {
            let mut x = form("2026-11-26");
            f(&mut x);
            CateringRequest::from_form(&x, today)
        };
        assert_eq!(CateringRequest::from_form(&form("2026-11-25"), today), Err(SocialError::TooSoon { earliest: d("2026-11-26") }));
        assert_eq!(CateringRequest::from_form(&form("2027-06-01"), today), Err(SocialError::TooFarAhead { days: 180 }));
        assert_eq!(CateringRequest::from_form(&form("2026-02-30"), today), Err(SocialError::BadDate));
        assert_eq!(with(|f| f.heads = "9".into()), Err(SocialError::BadHeads { min: 10, max: 300 }));
        assert_eq!(with(|f| f.heads = "301".into()), Err(SocialError::BadHeads { min: 10, max: 300 }));
        assert!(with(|f| f.heads = "300".into()).is_ok());
        assert_eq!(with(|f| f.time = "06:30".into()), Err(SocialError::BadTime { earliest: (7, 0), latest: (20, 0) }));
        assert_eq!(with(|f| f.time = "12:15".into()), Err(SocialError::BadTime { earliest: (7, 0), latest: (20, 0) }));
        assert_eq!(with(|f| f.sets = vec![]), Err(SocialError::NoSet));
        assert_eq!(with(|f| f.sets = vec!["caviar".into()]), Err(SocialError::BadSet));
        assert_eq!(with(|f| f.budget = "0".into()), Err(SocialError::BadBudget { max: 30_000_000 }));
        assert_eq!(with(|f| f.contact_phone = "12345".into()), Err(SocialError::BadPhone));
        assert_eq!(with(|f| f.place = "x".into()), Err(SocialError::BadPlace));
        assert_eq!(with(|f| f.note = "y".repeat(301)), Err(SocialError::BadNote));
    }

    #[test]
    fn a_request_moves_from_waiting_to_quoted_to_accepted_or_withdrawn() {
        use CateringState::*;
        assert!(Requested.may_answer().is_ok() && Quoted.may_answer().is_err());
        assert!(Quoted.may_accept().is_ok() && Requested.may_accept().is_err() && Refused.may_accept().is_err());
        assert!(Requested.may_withdraw().is_ok() && Quoted.may_withdraw().is_ok());
        assert_eq!(Accepted.may_withdraw(), Err(SocialError::AlreadyClosed));
        for s in CateringState::ALL {
            assert_eq!(CateringState::parse(s.slug()), Some(s));
        }
    }

    #[test]
    fn an_answer_is_a_quote_with_an_amount_or_a_refusal_with_a_reason() {
        assert_eq!(CateringAnswer::from_form("quote", "380,000", ""), Ok(CateringAnswer::Quote { amount_krw: 380_000, note: String::new() }));
        assert_eq!(CateringAnswer::from_form("refuse", "", " "), Err(SocialError::BadReason));
        assert_eq!(CateringAnswer::from_form("quote", "abc", ""), Err(SocialError::BadQuote));
        assert_eq!(CateringAnswer::from_form("maybe", "1", ""), Err(SocialError::BadOutcome));
    }

    #[test]
    fn the_menu_has_coffee_drinks_and_sandwiches_with_prices() {
        let menu = menu_on(d("2026-11-23"));
        for kind in MenuKind::ALL {
            assert!(menu.iter().any(|i| i.kind == kind && i.price_krw > 0));
        }
        assert!(catering_rules(d("2026-11-23")).sets.len() <= MAX_SETS);
    }
}
