//! The programmes' amounts and rates as data with the date or programme year they take effect:
//! next year's loan rate or a new allowance amount is a new row here, not a change to the code
//! that computes with them. Every figure the pages show is read from these rows.

use crate::calendar::IsoDate;
use time::macros::date;

/// One programme year's SME development-fund loan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoanRules {
    pub year: i32,
    /// Yearly interest in basis points (150 = 1.5 %).
    pub rate_bp: u32,
    /// At most this much per company.
    pub cap_krw: u64,
    /// At most this much when the collateral is a credit-guarantee certificate.
    pub guarantee_cap_krw: u64,
    /// At least this much, and in whole steps of `step_krw`.
    pub min_krw: u64,
    pub step_krw: u64,
    /// Interest only during the grace period ...
    pub grace_months: u32,
    /// ... then equal principal instalments over this many months ...
    pub repay_months: u32,
    /// ... one every this many months (interest is paid on the same days).
    pub every_months: u32,
}

impl LoanRules {
    /// The rate as people read it: "1.5%", "0.8%".
    pub fn rate_text(&self) -> String {
        let (whole, frac) = (self.rate_bp / 100, self.rate_bp % 100);
        if frac == 0 {
            format!("{whole}%")
        } else if frac % 10 == 0 {
            format!("{whole}.{}%", frac / 10)
        } else {
            format!("{whole}.{frac:02}%")
        }
    }

    /// How many principal instalments follow the grace period.
    pub fn instalments(&self) -> u32 {
        self.repay_months / self.every_months.max(1)
    }
}

const fn loan_year(year: i32, rate_bp: u32) -> LoanRules {
    LoanRules {
        year,
        rate_bp,
        cap_krw: 150_000_000,
        guarantee_cap_krw: 50_000_000,
        min_krw: 10_000_000,
        step_krw: 1_000_000,
        grace_months: 12,
        repay_months: 48,
        every_months: 3,
    }
}

/// The loan by programme year: 0.8 % in 2023, the usual 1.5 % otherwise.
pub const LOAN_RULES: &[LoanRules] =
    &[loan_year(2023, 80), loan_year(2024, 150), loan_year(2025, 150), loan_year(2026, 150), loan_year(2027, 150)];

/// The rules of programme year `year`, if the district has set them.
pub fn loan_rules(year: i32) -> Option<&'static LoanRules> {
    LOAN_RULES.iter().find(|r| r.year == year)
}

/// The veterans' honour allowance from `from` on (until a later row takes over).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AllowanceRules {
    pub from: IsoDate,
    pub monthly_krw: u64,
    /// At Lunar New Year, Chuseok and in Veterans' Month (June).
    pub consolation_krw: u64,
    /// To the bereaved family, once.
    pub condolence_krw: u64,
}

pub const ALLOWANCE_RULES: &[AllowanceRules] =
    &[AllowanceRules { from: IsoDate::from_date(date!(2024 - 01 - 01)), monthly_krw: 50_000, consolation_krw: 20_000, condolence_krw: 200_000 }];

/// The row in force on `day` in `table` (the latest that had started).
pub fn allowance_on(table: &[AllowanceRules], day: IsoDate) -> Option<&AllowanceRules> {
    table.iter().filter(|r| r.from <= day).max_by_key(|r| r.from)
}

/// Lunar New Year's Day (설날) and Chuseok (추석) by solar year: the consolation is paid in their
/// months. Years not listed cannot be computed (the page says so).
pub const LUNAR_HOLIDAYS: &[(i32, IsoDate, IsoDate)] = &[
    (2024, IsoDate::from_date(date!(2024 - 02 - 10)), IsoDate::from_date(date!(2024 - 09 - 17))),
    (2025, IsoDate::from_date(date!(2025 - 01 - 29)), IsoDate::from_date(date!(2025 - 10 - 06))),
    (2026, IsoDate::from_date(date!(2026 - 02 - 17)), IsoDate::from_date(date!(2026 - 09 - 25))),
    (2027, IsoDate::from_date(date!(2027 - 02 - 07)), IsoDate::from_date(date!(2027 - 09 - 15))),
    (2028, IsoDate::from_date(date!(2028 - 01 - 27)), IsoDate::from_date(date!(2028 - 10 - 03))),
];

pub fn lunar_holidays(year: i32) -> Option<(IsoDate, IsoDate)> {
    LUNAR_HOLIDAYS.iter().find(|(y, _, _)| *y == year).map(|(_, seollal, chuseok)| (*seollal, *chuseok))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2023_loan_was_at_0_8_percent_and_later_years_at_1_5() {
        assert_eq!(loan_rules(2023).unwrap().rate_text(), "0.8%");
        assert_eq!(loan_rules(2026).unwrap().rate_text(), "1.5%");
        assert!(loan_rules(1999).is_none());
    }

    #[test]
    fn every_loan_year_repays_in_whole_instalments() {
        for r in LOAN_RULES {
            assert_eq!(r.repay_months % r.every_months, 0, "{}", r.year);
            assert_eq!(r.grace_months % r.every_months, 0, "{}", r.year);
            assert!(r.guarantee_cap_krw <= r.cap_krw && r.min_krw <= r.guarantee_cap_krw);
            assert_eq!(r.instalments(), 16);
        }
    }

    #[test]
    fn a_later_allowance_row_takes_over_from_its_date() {
        let table = [
            ALLOWANCE_RULES[0],
            AllowanceRules { from: IsoDate::parse("2027-01-01").unwrap(), monthly_krw: 60_000, consolation_krw: 20_000, condolence_krw: 200_000 },
        ];
        assert_eq!(allowance_on(&table, IsoDate::parse("2026-12-31").unwrap()).unwrap().monthly_krw, 50_000);
        assert_eq!(allowance_on(&table, IsoDate::parse("2027-01-01").unwrap()).unwrap().monthly_krw, 60_000);
        assert!(allowance_on(&table, IsoDate::parse("2023-12-31").unwrap()).is_none());
    }

    #[test]
    fn lunar_holidays_are_in_their_seasons() {
        for (year, seollal, chuseok) in LUNAR_HOLIDAYS {
            assert_eq!(seollal.year(), *year);
            assert!((1..=2).contains(&seollal.month()) && (9..=10).contains(&chuseok.month()));
        }
    }
}
