//! The veterans' honour allowance (보훈예우수당): what one registered national veteran living in
//! the district receives in a year, itemised by month: the monthly allowance, and the consolation
//! in the months of Lunar New Year, Veterans' Month (June) and Chuseok, each from the amounts in
//! force on the first of that month (`rules`). The condolence goes to the bereaved family and is
//! shown beside the year, not in it.

use super::rules::{allowance_on, lunar_holidays, AllowanceRules};
use super::ProgrammeError;
use crate::calendar::IsoDate;
use crate::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentKind {
    Monthly,
    LunarNewYear,
    VeteransMonth,
    Chuseok,
}

impl PaymentKind {
    pub fn slug(self) -> &'static str {
        match self {
            PaymentKind::Monthly => "monthly",
            PaymentKind::LunarNewYear => "lunar-new-year",
            PaymentKind::VeteransMonth => "veterans-month",
            PaymentKind::Chuseok => "chuseok",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PaymentKind::Monthly => lang.pick("월 수당", "Monthly allowance"),
            PaymentKind::LunarNewYear => lang.pick("설날 위문금", "Lunar New Year consolation"),
            PaymentKind::VeteransMonth => lang.pick("호국보훈의 달 위문금", "Veterans' Month consolation"),
            PaymentKind::Chuseok => lang.pick("추석 위문금", "Chuseok consolation"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowanceItem {
    pub month: u8,
    pub kind: PaymentKind,
    pub amount_krw: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualAllowance {
    pub year: i32,
    /// The first month counted (enrolment), 1 for a whole year.
    pub from_month: u8,
    pub items: Vec<AllowanceItem>,
    pub total_krw: u64,
    /// To the bereaved family on a recipient's death, at the year's last rate.
    pub condolence_krw: u64,
}

/// Years the calculator can compute: those with rules and known lunar holiday dates.
pub fn years(table: &[AllowanceRules]) -> Vec<i32> {
    super::rules::LUNAR_HOLIDAYS
        .iter()
        .map(|(y, _, _)| *y)
        .filter(|y| IsoDate::parse(&format!("{y}-12-01")).is_some_and(|dec| allowance_on(table, dec).is_some()))
        .collect()
}

/// What one recipient receives in `year`, counting from `from_month` (1–12: the month they were
/// enrolled, or January).
pub fn annual(table: &[AllowanceRules], year: i32, from_month: u8) -> Result<AnnualAllowance, ProgrammeError> {
    if !(1..=12).contains(&from_month) {
        return Err(ProgrammeError::BadMonth);
    }
    let (seollal, chuseok) = lunar_holidays(year).ok_or(ProgrammeError::YearNotCovered)?;
    let mut items = Vec::new();
    let mut condolence_krw = 0;
    for month in from_month..=12 {
        let first = IsoDate::parse(&format!("{year:04}-{month:02}-01")).ok_or(ProgrammeError::YearNotCovered)?;
        let Some(rules) = allowance_on(table, first) else { continue };
        condolence_krw = rules.condolence_krw;
        items.push(AllowanceItem { month, kind: PaymentKind::Monthly, amount_krw: rules.monthly_krw });
        let mut consolation = |kind| items.push(AllowanceItem { month, kind, amount_krw: rules.consolation_krw });
        if seollal.month() == month {
            consolation(PaymentKind::LunarNewYear);
        }
        if month == 6 {
            consolation(PaymentKind::VeteransMonth);
        }
        if chuseok.month() == month {
            consolation(PaymentKind::Chuseok);
        }
    }
    if items.is_empty() {
        return Err(ProgrammeError::YearNotCovered);
    }
    let total_krw = items.iter().map(|i| i.amount_krw).sum();
    Ok(AnnualAllowance { year, from_month, items, total_krw, condolence_krw })
}

/// A month as typed: `1`–`12`, or empty for January.
pub fn parse_month(s: &str) -> Result<u8, ProgrammeError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(1);
    }
    s.parse::<u8>().ok().filter(|m| (1..=12).contains(m)).ok_or(ProgrammeError::BadMonth)
}

/// A year as typed in a URL: four digits.
pub fn parse_year(s: &str) -> Result<i32, ProgrammeError> {
    let s = s.trim();
    (s.len() == 4).then(|| s.parse::<i32>().ok()).flatten().ok_or(ProgrammeError::YearNotCovered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programmes::rules::ALLOWANCE_RULES;

    #[test]
    fn a_whole_year_is_twelve_months_and_three_consolations() {
        let y = annual(ALLOWANCE_RULES, 2026, 1).unwrap();
        assert_eq!(y.total_krw, 12 * 50_000 + 3 * 20_000);
        assert_eq!(y.total_krw, 660_000);
        assert_eq!(y.condolence_krw, 200_000);
        let month_of = |k| y.items.iter().find(|i| i.kind == k).unwrap().month;
        assert_eq!(month_of(PaymentKind::LunarNewYear), 2);
        assert_eq!(month_of(PaymentKind::VeteransMonth), 6);
        assert_eq!(month_of(PaymentKind::Chuseok), 9);
    }

    #[test]
    fn a_newcomer_counts_from_their_month() {
        // enrolled in July 2026: six months and Chuseok, not Seollal or June
        let y = annual(ALLOWANCE_RULES, 2026, 7).unwrap();
        assert_eq!(y.total_krw, 6 * 50_000 + 20_000);
        // 2025's Seollal fell in January, its Chuseok in October
        let y = annual(ALLOWANCE_RULES, 2025, 1).unwrap();
        assert_eq!(y.items.iter().find(|i| i.kind == PaymentKind::LunarNewYear).unwrap().month, 1);
        assert_eq!(y.items.iter().find(|i| i.kind == PaymentKind::Chuseok).unwrap().month, 10);
    }

    #[test]
    fn a_new_amount_applies_from_its_month() {
        let table = [
            ALLOWANCE_RULES[0],
            AllowanceRules { from: IsoDate::parse("2027-07-01").unwrap(), monthly_krw: 70_000, consolation_krw: 30_000, condolence_krw: 300_000 },
        ];
        let y = annual(&table, 2027, 1).unwrap();
        assert_eq!(y.total_krw, 6 * 50_000 + 6 * 70_000 + 2 * 20_000 + 30_000);
        assert_eq!(y.condolence_krw, 300_000);
    }

    #[test]
    fn years_without_rules_or_holiday_dates_are_refused() {
        assert_eq!(annual(ALLOWANCE_RULES, 2031, 1), Err(ProgrammeError::YearNotCovered));
        assert_eq!(annual(ALLOWANCE_RULES, 2026, 13), Err(ProgrammeError::BadMonth));
        assert_eq!(years(ALLOWANCE_RULES), vec![2024, 2025, 2026, 2027, 2028]);
        assert_eq!(parse_year("２０２６"), Err(ProgrammeError::YearNotCovered));
        assert_eq!(parse_month(""), Ok(1));
        assert!(parse_month("0").is_err() && parse_month("x").is_err());
    }
}
