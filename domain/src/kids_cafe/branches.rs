//! What a resident needs to know about each branch before booking: where it is, whether it is
//! open, opening on a date or only planned, and how many children a session takes.

use super::Branch;
use crate::calendar::IsoDate;
use crate::Lang;
use serde::{Deserialize, Serialize};

/// Where a branch stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BranchStatus {
    Open,
    /// Built, opening on this date; sessions exist from then on.
    OpensOn(IsoDate),
    /// Planned: no date yet and no sessions.
    Planned,
}

impl BranchStatus {
    /// The JSON API's word for it.
    pub fn slug(self) -> &'static str {
        match self {
            BranchStatus::Open => "open",
            BranchStatus::OpensOn(_) => "opening",
            BranchStatus::Planned => "planned",
        }
    }

    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (BranchStatus::Open, l) => l.pick("운영 중", "Open").into(),
            (BranchStatus::OpensOn(d), Lang::Ko) => format!("{d} 개관 예정"),
            (BranchStatus::OpensOn(d), Lang::En) => format!("Opens on {d}"),
            (BranchStatus::Planned, l) => l.pick("개관 계획 중", "Planned").into(),
        }
    }
}

impl Branch {
    /// Reads a branch from its slug in a URL or query; anything else is no branch.
    pub fn parse(slug: &str) -> Option<Branch> {
        Branch::ALL.into_iter().find(|b| b.slug() == slug)
    }

    /// Children per session (each with a guardian).
    pub fn capacity(self) -> u32 {
        match self {
            Branch::Junggok => 30,
            Branch::Jayang => 32,
            Branch::Gwangjang => 0,
        }
    }

    /// The day the branch opens; `None` while it is only planned. Branch 1 has been open for years.
    pub fn opening_date(self) -> Option<IsoDate> {
        match self {
            Branch::Junggok => IsoDate::parse("2021-05-04"),
            Branch::Jayang => IsoDate::parse("2026-12-08"),
            Branch::Gwangjang => None,
        }
    }

    pub fn status(self, today: IsoDate) -> BranchStatus {
        match self.opening_date() {
            None => BranchStatus::Planned,
            Some(d) if d <= today => BranchStatus::Open,
            Some(d) => BranchStatus::OpensOn(d),
        }
    }

    /// Whether the branch holds sessions on `date` (it has opened by then; the closing day aside).
    pub fn holds_sessions_on(self, date: IsoDate) -> bool {
        self.opening_date().is_some_and(|d| d <= date) && self.capacity() > 0
    }

    pub fn address(self, lang: Lang) -> &'static str {
        match self {
            Branch::Junggok => lang.pick(
                "서울 광진구 중곡3동 육아종합지원센터 3층",
                "Childcare Support Center 3F, Junggok 3-dong, Gwangjin-gu, Seoul",
            ),
            Branch::Jayang => lang.pick(
                "서울 광진구 능동로 87 자이엘라 3층 (자양4동)",
                "3F Zaiela, 87 Neungdong-ro, Jayang 4-dong, Gwangjin-gu, Seoul",
            ),
            Branch::Gwangjang => lang.pick("서울 광진구 광장동 (위치 확정 전)", "Gwangjang-dong, Gwangjin-gu, Seoul (site to be confirmed)"),
        }
    }
}

/// A week of a branch's calendar, named by its Monday (weeks start on Monday, as booking opens
/// them). Any date of the week names it, so `?week=` may be any day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "IsoDate", into = "IsoDate")]
pub struct Week(IsoDate);

impl Week {
    pub fn containing(date: IsoDate) -> Week {
        Week(date.plus_days(-(date.date().weekday().number_days_from_monday() as i64)))
    }

    /// Reads `?week=YYYY-MM-DD` (any day of the week).
    pub fn parse(s: &str) -> Result<Week, WeekError> {
        IsoDate::parse(s).map(Week::containing).ok_or(WeekError)
    }

    pub fn monday(self) -> IsoDate {
        self.0
    }

    /// Monday to Sunday.
    pub fn days(self) -> impl Iterator<Item = IsoDate> {
        (0..7).map(move |i| self.0.plus_days(i))
    }

    /// The Monday after Sunday, where a range query stops.
    pub fn end(self) -> IsoDate {
        self.0.plus_days(7)
    }

    pub fn next(self) -> Week {
        Week(self.0.plus_days(7))
    }

    pub fn previous(self) -> Week {
        Week(self.0.plus_days(-7))
    }
}

impl TryFrom<IsoDate> for Week {
    type Error = WeekError;
    /// Only a Monday names a week on the wire: a server function gets exactly what a page sent.
    fn try_from(d: IsoDate) -> Result<Week, WeekError> {
        (Week::containing(d).0 == d).then_some(Week(d)).ok_or(WeekError)
    }
}

impl From<Week> for IsoDate {
    fn from(w: Week) -> IsoDate {
        w.0
    }
}

/// `?week=` is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("a week is named by a date written YYYY-MM-DD")]
pub struct WeekError;

impl WeekError {
    pub fn message(self, lang: Lang) -> &'static str {
        lang.pick(
            "주(week)는 2026-11-24처럼 실제 있는 날짜로 적어 주세요.",
            "Name the week by a date that exists, written like 2026-11-24.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> IsoDate {
        IsoDate::parse(s).unwrap()
    }

    #[test]
    fn branch_two_is_opening_until_its_date_and_branch_three_is_planned() {
        assert_eq!(Branch::Junggok.status(day("2026-11-23")), BranchStatus::Open);
        assert_eq!(Branch::Jayang.status(day("2026-11-23")), BranchStatus::OpensOn(day("2026-12-08")));
        assert_eq!(Branch::Jayang.status(day("2026-12-08")), BranchStatus::Open);
        assert_eq!(Branch::Gwangjang.status(day("2030-01-01")), BranchStatus::Planned);
        assert!(!Branch::Jayang.holds_sessions_on(day("2026-12-07")));
        assert!(Branch::Jayang.holds_sessions_on(day("2026-12-08")));
        assert!(!Branch::Gwangjang.holds_sessions_on(day("2030-01-01")));
    }

    #[test]
    fn branches_are_read_from_their_slugs_only() {
        assert_eq!(Branch::parse("junggok"), Some(Branch::Junggok));
        assert_eq!(Branch::parse("Junggok"), None);
        assert_eq!(Branch::parse("<script>"), None);
    }

    #[test]
    fn any_day_names_its_week_from_monday_but_only_a_monday_comes_over_the_wire() {
        let week = Week::parse("2026-11-28").unwrap();
        assert_eq!(week.monday(), day("2026-11-23"));
        assert_eq!(week.days().last(), Some(day("2026-11-29")));
        assert_eq!(week.next().monday(), day("2026-11-30"));
        assert_eq!(Week::parse("2026-02-30"), Err(WeekError));
        assert!(serde_json::from_str::<Week>(r#""2026-11-23""#).is_ok());
        assert!(serde_json::from_str::<Week>(r#""2026-11-24""#).is_err());
    }
}
