//! The SME loan's published application rounds, written on start when missing. A demo database
//! started outside every published window gets one more round open from the start of that month,
//! so the application flow can be tried (and tested) on any day; the pages show it like any other.

use domain::programmes::LoanRound;
use domain::IsoDate;

/// (year, round, opens, closes, collateral deadline, drawdown)
const PUBLISHED: &[(i32, u32, &str, &str, &str, &str)] = &[
    (2026, 1, "2026-02-02", "2026-02-27", "2026-02-20", "2026-03-31"),
    (2026, 2, "2026-11-02", "2026-12-11", "2026-12-04", "2027-01-29"),
    (2027, 1, "2027-02-01", "2027-02-26", "2027-02-19", "2027-03-31"),
];

pub fn published_rounds() -> Vec<LoanRound> {
    PUBLISHED
        .iter()
        .filter_map(|(year, number, opens, closes, deadline, drawdown)| {
            let d = |s: &str| IsoDate::parse(s);
            LoanRound::new(0, *year, *number, d(opens)?, d(closes)?, d(deadline)?, d(drawdown)?).ok()
        })
        .collect()
}

/// A round open on `today` when no published one is: from the first of this month to the end of
/// the next, the bank's deadline a week before it closes, money a month after.
pub fn demo_round(published: &[LoanRound], today: IsoDate) -> Option<LoanRound> {
    if published.iter().any(|r| r.is_open(today)) {
        return None;
    }
    let opens = today.plus_days(1 - i64::from(today.date().day()));
    let closes = opens.plus_months(2).plus_days(-1);
    let number = published.iter().filter(|r| r.year == today.year()).map(|r| r.number).max().unwrap_or(0) + 1;
    LoanRound::new(0, today.year(), number, opens, closes, closes.plus_days(-7), closes.plus_months(1)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_published_round_reads_and_a_demo_round_opens_only_between_them() {
        let published = published_rounds();
        assert_eq!(published.len(), PUBLISHED.len());
        assert!(demo_round(&published, IsoDate::parse("2026-11-24").unwrap()).is_none());
        let round = demo_round(&published, IsoDate::parse("2026-12-20").unwrap()).unwrap();
        assert!(round.is_open(IsoDate::parse("2026-12-20").unwrap()));
        assert_eq!((round.year, round.number, round.opens.to_string(), round.closes.to_string()), (2026, 3, "2026-12-01".into(), "2027-01-31".into()));
    }
}
