//! The SME development-fund loan: who may borrow (`eligibility`), how much, and what they repay
//! (`schedule`). Interest is computed on the outstanding principal by the day (actual days / 365)
//! and rounded to the won for each payment; after the grace period the principal is repaid in
//! equal instalments, the last one taking the won left by the division, so the instalments
//! always sum to the principal.

use super::rules::LoanRules;
use super::ProgrammeError;
use crate::calendar::IsoDate;
use crate::Lang;
use serde::{Deserialize, Serialize};

/// What secures the loan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Collateral {
    /// Real estate, lent against up to the partner bank's evaluation.
    RealEstate,
    /// A credit-guarantee certificate (Seoul Credit Guarantee Foundation): a lower cap.
    Guarantee,
}

impl Collateral {
    pub const ALL: [Collateral; 2] = [Collateral::RealEstate, Collateral::Guarantee];

    pub fn parse(s: &str) -> Result<Collateral, ProgrammeError> {
        match s.trim() {
            "real-estate" => Ok(Collateral::RealEstate),
            "guarantee" => Ok(Collateral::Guarantee),
            _ => Err(ProgrammeError::BadCollateral),
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Collateral::RealEstate => "real-estate",
            Collateral::Guarantee => "guarantee",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Collateral::RealEstate => lang.pick("부동산 담보", "Real-estate collateral"),
            Collateral::Guarantee => lang.pick("신용보증서", "Credit-guarantee certificate"),
        }
    }

    /// The most a company may borrow against this collateral this programme year.
    pub fn cap(self, rules: &LoanRules) -> u64 {
        match self {
            Collateral::RealEstate => rules.cap_krw,
            Collateral::Guarantee => rules.guarantee_cap_krw,
        }
    }
}

/// The business's industry, as the application asks it. The last six may not borrow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Industry {
    Manufacturing,
    Retail,
    Restaurant,
    It,
    Construction,
    Transport,
    Education,
    Health,
    Culture,
    PersonalServices,
    OtherServices,
    Tobacco,
    Alcohol,
    PreciousMetals,
    Bars,
    Finance,
    RealEstate,
}

impl Industry {
    pub const ALL: [Industry; 17] = [
        Industry::Manufacturing,
        Industry::Retail,
        Industry::Restaurant,
        Industry::It,
        Industry::Construction,
        Industry::Transport,
        Industry::Education,
        Industry::Health,
        Industry::Culture,
        Industry::PersonalServices,
        Industry::OtherServices,
        Industry::Tobacco,
        Industry::Alcohol,
        Industry::PreciousMetals,
        Industry::Bars,
        Industry::Finance,
        Industry::RealEstate,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Industry::Manufacturing => "manufacturing",
            Industry::Retail => "retail",
            Industry::Restaurant => "restaurant",
            Industry::It => "it",
            Industry::Construction => "construction",
            Industry::Transport => "transport",
            Industry::Education => "education",
            Industry::Health => "health",
            Industry::Culture => "culture",
            Industry::PersonalServices => "personal-services",
            Industry::OtherServices => "other-services",
            Industry::Tobacco => "tobacco",
            Industry::Alcohol => "alcohol",
            Industry::PreciousMetals => "precious-metals",
            Industry::Bars => "bars",
            Industry::Finance => "finance",
            Industry::RealEstate => "real-estate",
        }
    }

    pub fn parse(s: &str) -> Result<Industry, ProgrammeError> {
        let s = s.trim();
        Industry::ALL.into_iter().find(|i| i.slug() == s).ok_or(ProgrammeError::BadIndustry)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Industry::Manufacturing => lang.pick("제조업", "Manufacturing"),
            Industry::Retail => lang.pick("도소매업", "Wholesale and retail"),
            Industry::Restaurant => lang.pick("음식점업", "Restaurants"),
            Industry::It => lang.pick("정보통신업", "Information and communications"),
            Industry::Construction => lang.pick("건설업", "Construction"),
            Industry::Transport => lang.pick("운수업", "Transport"),
            Industry::Education => lang.pick("교육서비스업", "Education services"),
            Industry::Health => lang.pick("보건업", "Health"),
            Industry::Culture => lang.pick("예술·스포츠·여가", "Arts, sports and leisure"),
            Industry::PersonalServices => lang.pick("개인서비스업(미용·세탁 등)", "Personal services (hairdressing, laundry, …)"),
            Industry::OtherServices => lang.pick("그 밖의 서비스업", "Other services"),
            Industry::Tobacco => lang.pick("담배 제조·판매", "Tobacco"),
            Industry::Alcohol => lang.pick("주류 제조·판매", "Alcoholic beverages"),
            Industry::PreciousMetals => lang.pick("귀금속 판매", "Precious metals"),
            Industry::Bars => lang.pick("유흥주점", "Bars and nightlife"),
            Industry::Finance => lang.pick("금융·보험업", "Finance and insurance"),
            Industry::RealEstate => lang.pick("부동산업", "Real estate"),
        }
    }

    /// The fund does not lend to these industries.
    pub fn excluded(self) -> bool {
        matches!(
            self,
            Industry::Tobacco | Industry::Alcohol | Industry::PreciousMetals | Industry::Bars | Industry::Finance | Industry::RealEstate
        )
    }
}

/// What the loan pays for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Purpose {
    /// Equipment, premises.
    Facility,
    /// Stock, wages, running costs.
    Operating,
}

impl Purpose {
    pub fn parse(s: &str) -> Result<Purpose, ProgrammeError> {
        match s.trim() {
            "facility" => Ok(Purpose::Facility),
            "operating" => Ok(Purpose::Operating),
            _ => Err(ProgrammeError::BadPurpose),
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Purpose::Facility => "facility",
            Purpose::Operating => "operating",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Purpose::Facility => lang.pick("시설자금", "Facility funds"),
            Purpose::Operating => lang.pick("운영자금", "Operating funds"),
        }
    }
}

/// A sum of won typed into a form: digits with optional commas or spaces ("50,000,000"), at most
/// ten billion.
pub fn parse_won(s: &str) -> Result<u64, ProgrammeError> {
    let s = s.trim().trim_end_matches('원').trim();
    if s.is_empty() || s.len() > 20 {
        return Err(ProgrammeError::BadAmount);
    }
    let digits: String = s.chars().filter(|c| !matches!(c, ',' | ' ')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ProgrammeError::BadAmount);
    }
    digits.parse::<u64>().ok().filter(|n| *n <= 10_000_000_000).ok_or(ProgrammeError::BadAmount)
}

/// The amount asked for, checked against the year's minimum, step and the collateral's cap (and,
/// for real estate, the bank's evaluation when it is known).
pub fn check_amount(rules: &LoanRules, amount: u64, collateral: Collateral, evaluated: Option<u64>) -> Result<(), ProgrammeError> {
    if amount < rules.min_krw || amount % rules.step_krw != 0 {
        return Err(ProgrammeError::AmountStep { min: rules.min_krw, step: rules.step_krw });
    }
    let cap = collateral.cap(rules);
    if amount > cap {
        return Err(ProgrammeError::OverCap { cap, collateral });
    }
    if let (Collateral::RealEstate, Some(value)) = (collateral, evaluated) {
        if amount > value {
            return Err(ProgrammeError::OverEvaluation { value });
        }
    }
    Ok(())
}

/// The answer to "may we borrow this?": yes, or every reason why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    pub eligible: bool,
    /// The most this collateral allows this year.
    pub cap_krw: u64,
    pub reasons: Vec<ProgrammeError>,
}

pub fn eligibility(rules: &LoanRules, industry: Industry, amount: u64, collateral: Collateral, evaluated: Option<u64>) -> Eligibility {
    let mut reasons = Vec::new();
    if industry.excluded() {
        reasons.push(ProgrammeError::ExcludedIndustry { industry });
    }
    if let Err(e) = check_amount(rules, amount, collateral, evaluated) {
        reasons.push(e);
    }
    Eligibility { eligible: reasons.is_empty(), cap_krw: collateral.cap(rules), reasons }
}

/// One payment of the schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub number: u32,
    pub date: IsoDate,
    /// Days of interest this payment covers.
    pub days: u32,
    pub principal_krw: u64,
    pub interest_krw: u64,
    pub total_krw: u64,
    /// Principal still owed after this payment.
    pub remaining_krw: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub amount_krw: u64,
    pub rate_bp: u32,
    pub drawdown: IsoDate,
    pub payments: Vec<Payment>,
    pub total_principal_krw: u64,
    pub total_interest_krw: u64,
}

/// Interest on `principal` for `days` at `rate_bp`, by the day over a 365-day year, rounded to
/// the nearest won (half up).
pub fn interest(principal: u64, rate_bp: u32, days: u32) -> u64 {
    let scaled = principal as u128 * rate_bp as u128 * days as u128;
    let divisor = 10_000u128 * 365;
    ((scaled + divisor / 2) / divisor) as u64
}

/// Every payment of `amount` lent on `drawdown` under `rules`: interest only every
/// `every_months` through the grace period, then equal principal instalments with interest.
pub fn schedule(rules: &LoanRules, amount: u64, drawdown: IsoDate) -> Schedule {
    let every = rules.every_months.max(1);
    let grace = rules.grace_months / every;
    let instalments = rules.instalments().max(1);
    let each = amount / instalments as u64;
    let mut remaining = amount;
    let mut previous = drawdown;
    let mut payments = Vec::new();
    for number in 1..=grace + instalments {
        let date = drawdown.plus_months(number * every);
        let days = previous.days_until(date).max(0) as u32;
        let interest_krw = interest(remaining, rules.rate_bp, days);
        let principal_krw = if number <= grace {
            0
        } else if number == grace + instalments {
            remaining
        } else {
            each
        };
        remaining -= principal_krw;
        payments.push(Payment { number, date, days, principal_krw, interest_krw, total_krw: principal_krw + interest_krw, remaining_krw: remaining });
        previous = date;
    }
    Schedule {
        amount_krw: amount,
        rate_bp: rules.rate_bp,
        drawdown,
        total_principal_krw: payments.iter().map(|p| p.principal_krw).sum(),
        total_interest_krw: payments.iter().map(|p| p.interest_krw).sum(),
        payments,
    }
}

impl Schedule {
    /// The schedule as CSV (UTF-8 with a header row; amounts in won), for a spreadsheet.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("number,date,days,principal_krw,interest_krw,total_krw,remaining_krw\n");
        for p in &self.payments {
            out.push_str(&format!("{},{},{},{},{},{},{}\n", p.number, p.date, p.days, p.principal_krw, p.interest_krw, p.total_krw, p.remaining_krw));
        }
        out.push_str(&format!("total,,,{},{},{},\n", self.total_principal_krw, self.total_interest_krw, self.total_principal_krw + self.total_interest_krw));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programmes::rules::loan_rules;

    fn d(s: &str) -> IsoDate {
        IsoDate::parse(s).unwrap()
    }

    #[test]
    fn the_instalments_always_sum_to_the_principal() {
        let rules = loan_rules(2026).unwrap();
        for amount in [10_000_000, 33_000_000, 50_000_000, 149_000_000, 150_000_000] {
            let s = schedule(rules, amount, d("2026-03-31"));
            assert_eq!(s.total_principal_krw, amount);
            assert_eq!(s.payments.last().unwrap().remaining_krw, 0);
            assert_eq!(s.payments.len(), 4 + 16);
        }
        // 33,000,000 divides evenly; 149,000,000 / 16 = 9,312,500 too: the last takes any remainder
        let s = schedule(rules, 33_000_000, d("2026-03-31"));
        assert_eq!(s.payments[4].principal_krw, 2_062_500);
        assert_eq!(s.payments.last().unwrap().principal_krw, 33_000_000 - 15 * 2_062_500);
        let s = schedule(rules, 149_000_000, d("2026-03-31"));
        assert_eq!(s.payments[4].principal_krw, 9_312_500);
        // 10,000,007 does not divide by 16: 625,000 fifteen times, 625,007 last
        let s = schedule(rules, 10_000_007, d("2026-03-31"));
        assert_eq!((s.payments[4].principal_krw, s.payments[19].principal_krw, s.total_principal_krw), (625_000, 625_007, 10_000_007));
    }

    #[test]
    fn the_grace_year_pays_interest_only_by_the_day() {
        let rules = loan_rules(2026).unwrap();
        let s = schedule(rules, 100_000_000, d("2026-03-31"));
        // 31 March → 30 June: 91 days at 1.5 % on 100,000,000 = 373,972.6 → 373,973
        assert_eq!(s.payments[0].date, d("2026-06-30"));
        assert_eq!(s.payments[0].days, 91);
        assert_eq!(s.payments[0].interest_krw, 373_973);
        assert_eq!(s.payments[0].principal_krw, 0);
        assert!(s.payments[..4].iter().all(|p| p.principal_krw == 0 && p.remaining_krw == 100_000_000));
        // first instalment a year after the grace payments began: 6,250,000 of principal
        assert_eq!(s.payments[4].date, d("2027-06-30"));
        assert_eq!(s.payments[4].principal_krw, 6_250_000);
        // the last, five years after the drawdown, pays interest on the last instalment only
        let last = s.payments.last().unwrap();
        assert_eq!(last.date, d("2031-03-31"));
        assert_eq!(last.days, 90);
        assert_eq!(last.interest_krw, interest(6_250_000, 150, last.days));
    }

    #[test]
    fn interest_is_rounded_to_the_won_half_up() {
        assert_eq!(interest(100_000_000, 150, 1), 4_110); // 4,109.589…
        assert_eq!(interest(1_000, 150, 1), 0); // 0.041…
        assert_eq!(interest(100_000_000, 80, 365), 800_000);
        assert_eq!(interest(0, 150, 90), 0);
    }

    #[test]
    fn the_2023_rate_makes_a_smaller_schedule() {
        let low = schedule(loan_rules(2023).unwrap(), 50_000_000, d("2023-03-31"));
        let usual = schedule(loan_rules(2026).unwrap(), 50_000_000, d("2026-03-31"));
        assert!(low.total_interest_krw < usual.total_interest_krw);
        // 31 March in a year's steps: the day clamps to the month's end
        assert_eq!(low.payments[0].date, d("2023-06-30"));
        assert_eq!(low.payments[3].date, d("2024-03-31"));
    }

    #[test]
    fn each_payment_is_its_principal_and_interest() {
        let s = schedule(loan_rules(2026).unwrap(), 77_000_000, d("2026-01-31"));
        for p in &s.payments {
            assert_eq!(p.total_krw, p.principal_krw + p.interest_krw);
        }
        assert_eq!(s.payments[0].date, d("2026-04-30"));
        let csv = s.to_csv();
        assert_eq!(csv.lines().count(), 1 + 20 + 1);
        assert!(csv.starts_with("number,date,days,principal_krw"));
        assert!(csv.lines().last().unwrap().starts_with("total,,,77000000,"));
    }

    #[test]
    fn excluded_industries_and_amounts_over_the_cap_are_not_eligible() {
        let rules = loan_rules(2026).unwrap();
        let ok = eligibility(rules, Industry::Manufacturing, 150_000_000, Collateral::RealEstate, None);
        assert!(ok.eligible && ok.reasons.is_empty());
        let bar = eligibility(rules, Industry::Bars, 10_000_000, Collateral::Guarantee, None);
        assert_eq!(bar.reasons, vec![ProgrammeError::ExcludedIndustry { industry: Industry::Bars }]);
        let over = eligibility(rules, Industry::Retail, 60_000_000, Collateral::Guarantee, None);
        assert_eq!(over.reasons, vec![ProgrammeError::OverCap { cap: 50_000_000, collateral: Collateral::Guarantee }]);
        assert!(!eligibility(rules, Industry::Retail, 160_000_000, Collateral::RealEstate, None).eligible);
        assert!(!eligibility(rules, Industry::Retail, 80_000_000, Collateral::RealEstate, Some(70_000_000)).eligible);
        assert!(!eligibility(rules, Industry::Retail, 10_500_000, Collateral::RealEstate, None).eligible);
        for i in Industry::ALL {
            assert_eq!(Industry::parse(i.slug()), Ok(i));
            assert_ne!(i.label(Lang::Ko), i.label(Lang::En));
        }
        assert_eq!(Industry::ALL.iter().filter(|i| i.excluded()).count(), 6);
    }

    #[test]
    fn amounts_are_read_as_people_type_them() {
        assert_eq!(parse_won("50,000,000"), Ok(50_000_000));
        assert_eq!(parse_won(" 50 000 000원 "), Ok(50_000_000));
        for bad in ["", "-5", "5e7", "１２", "99999999999999999999", "10000000001", ",", "50.000"] {
            assert!(parse_won(bad).is_err(), "{bad}");
        }
    }
}
