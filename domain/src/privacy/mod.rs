//! Privacy rules in plain Rust: how long the documents of a refused application are kept, and how
//! often a password may be tried to delete an account. The notice at `/privacy` states these same
//! numbers (it reads them from here).

use crate::calendar::SeoulTime;

/// Days the documents of a rejected (or withdrawn) application are kept after the decision: the
/// 90 days in which a decision may be appealed (행정심판법 제27조), then the chore deletes them.
pub const REFUSED_DOCUMENTS_KEPT_DAYS: i64 = 90;

/// Whether documents of an application refused (or withdrawn) at `decided_at` are due for deletion
/// at `now`: from the same minute 90 days later.
pub fn refused_documents_due(decided_at: SeoulTime, now: SeoulTime) -> bool {
    decided_at.plus_minutes(REFUSED_DOCUMENTS_KEPT_DAYS * 24 * 60) <= now
}

/// The moment before which a refusal's documents are due (what the chore's query compares with).
pub fn refused_documents_cutoff(now: SeoulTime) -> SeoulTime {
    now.plus_minutes(-REFUSED_DOCUMENTS_KEPT_DAYS * 24 * 60)
}

/// Failed password checks allowed per account before deletion waits (`DELETE_WINDOW_SECS`).
pub const DELETE_ATTEMPTS: u32 = 5;
pub const DELETE_WINDOW_SECS: i64 = 15 * 60;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::IsoDate;

    fn at(date: &str, hour: u8, minute: u8) -> SeoulTime {
        SeoulTime::at(IsoDate::parse(date).unwrap(), hour, minute).unwrap()
    }

    #[test]
    fn refused_documents_are_due_from_the_minute_ninety_days_after_the_decision() {
        let decided = at("2026-01-31", 23, 45);
        assert!(!refused_documents_due(decided, at("2026-05-01", 23, 44)), "89 days 23:59 later");
        assert!(refused_documents_due(decided, at("2026-05-01", 23, 45)), "exactly 90 days");
        assert!(refused_documents_due(decided, at("2026-05-02", 0, 5)));
        assert_eq!(refused_documents_cutoff(at("2026-05-01", 23, 45)), decided);
    }

    #[test]
    fn across_new_year_and_a_leap_day_the_count_is_in_days_not_months() {
        let decided = at("2027-12-31", 18, 25);
        assert!(!refused_documents_due(decided, at("2028-03-30", 18, 24)));
        // 2028 is a leap year: 31 Dec + 90 days = 30 Mar
        assert!(refused_documents_due(decided, at("2028-03-30", 18, 25)));
    }
}
