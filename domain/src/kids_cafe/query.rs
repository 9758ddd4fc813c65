//! One reader of `?branch=&date=` (the sessions JSON API) with errors in Korean and English.

use super::Branch;
use crate::calendar::IsoDate;
use crate::courses::url_pairs;
use crate::Lang;

/// `GET /api/v1/kids-cafe/sessions?branch=junggok&date=2026-11-28`; `date` defaults to today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionsQuery {
    pub branch: Branch,
    pub date: IsoDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionsQueryError {
    #[error("branch is required")]
    MissingBranch,
    #[error("unknown branch")]
    UnknownBranch,
    #[error("bad date")]
    BadDate,
}

impl SessionsQueryError {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            SessionsQueryError::MissingBranch => {
                lang.pick("branch(지점)를 적어 주세요: junggok, jayang, gwangjang.", "Give a branch: junggok, jayang or gwangjang.")
            }
            SessionsQueryError::UnknownBranch => {
                lang.pick("그런 지점은 없습니다. junggok, jayang, gwangjang 중 하나입니다.", "No such branch: it is junggok, jayang or gwangjang.")
            }
            SessionsQueryError::BadDate => {
                lang.pick("date(날짜)는 2026-11-28처럼 실제 있는 날짜로 적어 주세요.", "Write the date as a day that exists, like 2026-11-28.")
            }
        }
    }
}

impl SessionsQuery {
    /// Reads the query string; the last value of a repeated parameter wins, unknown ones are ignored.
    pub fn from_url_query(raw: &str, today: IsoDate) -> Result<SessionsQuery, SessionsQueryError> {
        let (mut branch, mut date) = (None, None);
        for (key, value) in url_pairs(raw) {
            match key.as_str() {
                "branch" => branch = Some(value),
                "date" => date = Some(value),
                _ => {}
            }
        }
        let branch = branch.filter(|b| !b.trim().is_empty()).ok_or(SessionsQueryError::MissingBranch)?;
        let branch = Branch::parse(branch.trim()).ok_or(SessionsQueryError::UnknownBranch)?;
        let date = match date.filter(|d| !d.trim().is_empty()) {
            None => today,
            Some(d) => IsoDate::parse(&d).ok_or(SessionsQueryError::BadDate)?,
        };
        Ok(SessionsQuery { branch, date })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Result<SessionsQuery, SessionsQueryError> {
        SessionsQuery::from_url_query(raw, IsoDate::parse("2026-11-23").unwrap())
    }

    #[test]
    fn a_sessions_query_needs_a_known_branch_and_a_real_date() {
        assert_eq!(read("branch=junggok&date=2026-11-28").unwrap().date.to_string(), "2026-11-28");
        assert_eq!(read("branch=junggok").unwrap().date.to_string(), "2026-11-23");
        assert_eq!(read(""), Err(SessionsQueryError::MissingBranch));
        assert_eq!(read("branch=%3Cscript%3E"), Err(SessionsQueryError::UnknownBranch));
        assert_eq!(read("branch=junggok&date=2026-02-30"), Err(SessionsQueryError::BadDate));
        assert_eq!(read(&format!("branch=junggok&date={}", "9".repeat(10_000))), Err(SessionsQueryError::BadDate));
    }
}
