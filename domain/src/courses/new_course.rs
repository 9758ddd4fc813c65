//! Checking one course record from outside (a platform's catalogue feed, CSV) before it may enter the
//! catalogue. Every problem of a row is reported at once, so an operator fixes a file in one pass.

use super::{Course, CourseId, Format, IsoDate, Language, Level, Platform, Status, Subject};
use serde::{Deserialize, Serialize};

/// One row of a catalogue feed, as text (the CSV columns; see the README).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseRow {
    pub platform: String,
    pub external_id: String,
    pub title_ko: String,
    #[serde(default)]
    pub title_en: String,
    pub summary: String,
    /// Separated by `;`.
    #[serde(default)]
    pub keywords: String,
    pub subject: String,
    pub level: String,
    pub hours: String,
    pub format: String,
    pub language: String,
    pub status: String,
    #[serde(default)]
    pub opens_on: String,
    pub free: String,
    pub url: String,
    pub added_on: String,
}

const MAX_TITLE: usize = 200;
const MAX_SUMMARY: usize = 2_000;

fn vocab<T>(field: &str, value: &str, parse: fn(&str) -> Option<T>, problems: &mut Vec<String>) -> Option<T> {
    let found = parse(value.trim());
    if found.is_none() {
        problems.push(format!("{field}: unknown value {:?}", value.trim()));
    }
    found
}

fn text(field: &str, value: &str, max: usize, problems: &mut Vec<String>) -> String {
    let v = value.trim();
    if v.is_empty() {
        problems.push(format!("{field}: must not be empty"));
    } else if v.chars().count() > max {
        problems.push(format!("{field}: longer than {max} characters"));
    }
    v.to_string()
}

/// True when `url` is an https address on `host` (or a sub-domain of its registrable part).
fn url_on_host(url: &str, host: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else { return false };
    let url_host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let base = host.trim_start_matches("www.");
    url_host == host || url_host == base || url_host.ends_with(&format!(".{base}"))
}

impl CourseRow {
    /// The course this row describes (with id 0: storage gives the id), or every problem found.
    pub fn parse(&self) -> Result<Course, Vec<String>> {
        let mut p = Vec::new();
        let platform = vocab("platform", &self.platform, Platform::parse, &mut p);
        let external_id = text("external_id", &self.external_id, 100, &mut p);
        let title_ko = text("title_ko", &self.title_ko, MAX_TITLE, &mut p);
        let title_en = Some(self.title_en.trim()).filter(|t| !t.is_empty()).map(|t| text("title_en", t, MAX_TITLE, &mut p));
        let summary = text("summary", &self.summary, MAX_SUMMARY, &mut p);
        let keywords: Vec<String> =
            self.keywords.split(';').map(str::trim).filter(|k| !k.is_empty()).map(String::from).collect();
        let subject = vocab("subject", &self.subject, Subject::parse, &mut p);
        let level = vocab("level", &self.level, Level::parse, &mut p);
        let hours = self.hours.trim().parse::<u16>().ok().filter(|h| (1..=1000).contains(h));
        if hours.is_none() {
            p.push(format!("hours: must be a whole number from 1 to 1000, not {:?}", self.hours.trim()));
        }
        let format = vocab("format", &self.format, Format::parse, &mut p);
        let language = vocab("language", &self.language, Language::parse, &mut p);
        let status = vocab("status", &self.status, Status::parse, &mut p);
        let opens_on = match (status, self.opens_on.trim()) {
            (_, "") => None,
            (_, d) => {
                let date = IsoDate::parse(d);
                if date.is_none() {
                    p.push(format!("opens_on: not a date (YYYY-MM-DD): {d:?}"));
                }
                date
            }
        };
        if status == Some(Status::OpensSoon) && opens_on.is_none() && self.opens_on.trim().is_empty() {
            p.push("opens_on: required when status is soon".into());
        }
        let free = match self.free.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            other => {
                p.push(format!("free: must be true or false, not {other:?}"));
                None
            }
        };
        let url = self.url.trim().to_string();
        if let Some(pl) = platform {
            if !url_on_host(&url, pl.host()) {
                p.push(format!("url: must be an https address on {}", pl.host()));
            }
        }
        let added_on = IsoDate::parse(&self.added_on);
        if added_on.is_none() {
            p.push(format!("added_on: not a date (YYYY-MM-DD): {:?}", self.added_on.trim()));
        }
        if !p.is_empty() {
            return Err(p);
        }
        // every Option below is Some: a None pushed a problem above
        Ok(Course {
            id: CourseId(0),
            platform: platform.unwrap(),
            external_id,
            title_ko,
            title_en,
            summary,
            keywords,
            subject: subject.unwrap(),
            level: level.unwrap(),
            hours: hours.unwrap(),
            format: format.unwrap(),
            language: language.unwrap(),
            status: status.unwrap(),
            opens_on,
            free: free.unwrap(),
            url,
            added_on: added_on.unwrap(),
        })
    }

    /// The row that describes `course`: what an export writes and an import reads back.
    pub fn from_course(c: &Course) -> CourseRow {
        CourseRow {
            platform: c.platform.slug().into(),
            external_id: c.external_id.clone(),
            title_ko: c.title_ko.clone(),
            title_en: c.title_en.clone().unwrap_or_default(),
            summary: c.summary.clone(),
            keywords: c.keywords.join(";"),
            subject: c.subject.slug().into(),
            level: c.level.slug().into(),
            hours: c.hours.to_string(),
            format: c.format.slug().into(),
            language: c.language.slug().into(),
            status: c.status.slug().into(),
            opens_on: c.opens_on.as_ref().map(|d| d.to_string()).unwrap_or_default(),
            free: c.free.to_string(),
            url: c.url.clone(),
            added_on: c.added_on.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> CourseRow {
        CourseRow {
            platform: "kmooc".into(),
            external_id: "K-001".into(),
            title_ko: "생활 속 미술 감상".into(),
            title_en: "Art Appreciation in Daily Life".into(),
            summary: "일상에서 만나는 미술 작품을 감상합니다.".into(),
            keywords: "미술; 감상".into(),
            subject: "arts".into(),
            level: "beginner".into(),
            hours: "12".into(),
            format: "video".into(),
            language: "ko".into(),
            status: "open".into(),
            opens_on: "".into(),
            free: "true".into(),
            url: "https://www.kmooc.kr/courses/K-001".into(),
            added_on: "2026-03-02".into(),
        }
    }

    #[test]
    fn a_complete_row_becomes_a_course() {
        let c = good().parse().unwrap();
        assert_eq!(c.keywords, vec!["미술", "감상"]);
        assert_eq!(CourseRow::from_course(&c).parse().unwrap(), c);
    }

    #[test]
    fn every_problem_of_a_row_is_reported() {
        let row = CourseRow { subject: "astrology".into(), hours: "0".into(), url: "http://evil.example/x".into(), ..good() };
        let problems = row.parse().unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn a_course_opening_soon_needs_its_date() {
        let row = CourseRow { status: "soon".into(), ..good() };
        assert!(row.parse().is_err());
        let row = CourseRow { status: "soon".into(), opens_on: "2026-12-01".into(), ..good() };
        assert!(row.parse().is_ok());
    }

    #[test]
    fn links_must_stay_on_the_platforms_own_site() {
        assert!(url_on_host("https://www.kmooc.kr/x", "www.kmooc.kr"));
        assert!(url_on_host("https://kmooc.kr/x", "www.kmooc.kr"));
        assert!(!url_on_host("https://kmooc.kr.evil.com/x", "www.kmooc.kr"));
        assert!(!url_on_host("javascript:alert(1)", "www.kmooc.kr"));
    }
}
