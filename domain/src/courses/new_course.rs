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
const MAX_KEYWORDS: usize = 20;
const MAX_KEYWORD: usize = 50;
const MAX_KEYWORDS_FIELD: usize = 1_000;
const MAX_URL: usize = 500;
/// A problem quotes at most this many characters of the value it refuses: enough to find it in the
/// file, not a whole field echoed back into a terminal or a log.
const SHOWN: usize = 40;

/// `value` quoted for a problem message, cut to `SHOWN` characters with an ellipsis.
fn shown(value: &str) -> String {
    match value.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{:?}", format!("{}…", &value[..cut])),
        None => format!("{value:?}"),
    }
}

fn vocab<T>(field: &str, value: &str, parse: fn(&str) -> Option<T>, problems: &mut Vec<String>) -> Option<T> {
    let found = parse(value.trim());
    if found.is_none() {
        problems.push(format!("{field}: unknown value {}", shown(value.trim())));
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

/// The `;`-separated keywords, bounded in number and length: they are indexed and shown on every
/// course card.
fn keywords(value: &str, problems: &mut Vec<String>) -> Vec<String> {
    if value.chars().count() > MAX_KEYWORDS_FIELD {
        problems.push(format!("keywords: longer than {MAX_KEYWORDS_FIELD} characters"));
        return Vec::new();
    }
    let keywords: Vec<String> = value.split(';').map(str::trim).filter(|k| !k.is_empty()).map(String::from).collect();
    if keywords.len() > MAX_KEYWORDS {
        problems.push(format!("keywords: more than {MAX_KEYWORDS} keywords ({})", keywords.len()));
    }
    if let Some(long) = keywords.iter().find(|k| k.chars().count() > MAX_KEYWORD) {
        problems.push(format!("keywords: a keyword is longer than {MAX_KEYWORD} characters: {}", shown(long)));
    }
    keywords
}

/// The link as a browser will read it, when it is an https address on `host` (or on a sub-domain of
/// `host` less its `www.`), with no user name, password or other port; otherwise why not.
///
/// The check runs on the parsed address, never on the text: `https://evil.example\.kmooc.kr` ends
/// with `.kmooc.kr` as text, but a browser opens evil.example (`\` is `/` in an https address).
fn platform_link(value: &str, host: &str) -> Result<String, String> {
    if value.chars().count() > MAX_URL {
        return Err(format!("url: longer than {MAX_URL} characters"));
    }
    let refused = || format!("url: must be an https address on {host}, not {}", shown(value));
    let url = url::Url::parse(value).map_err(|_| refused())?;
    let on_host = matches!(url.host(), Some(url::Host::Domain(d)) if on_platform(d, host));
    let plain = url.username().is_empty() && url.password().is_none() && url.port().is_none();
    if url.scheme() != "https" || !on_host || !plain {
        return Err(refused());
    }
    let link = String::from(url);
    if link.chars().count() > MAX_URL {
        return Err(format!("url: longer than {MAX_URL} characters once written out"));
    }
    Ok(link)
}

/// True when `domain` is `host`, or `host` less its `www.`, or a sub-domain of that.
fn on_platform(domain: &str, host: &str) -> bool {
    let base = host.trim_start_matches("www.");
    let sub_of_base = domain.strip_suffix(base).and_then(|s| s.strip_suffix('.')).is_some_and(|s| !s.is_empty());
    domain == host || domain == base || sub_of_base
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
        let keywords = keywords(&self.keywords, &mut p);
        let subject = vocab("subject", &self.subject, Subject::parse, &mut p);
        let level = vocab("level", &self.level, Level::parse, &mut p);
        let hours = self.hours.trim().parse::<u16>().ok().filter(|h| (1..=1000).contains(h));
        if hours.is_none() {
            p.push(format!("hours: must be a whole number from 1 to 1000, not {}", shown(self.hours.trim())));
        }
        let format = vocab("format", &self.format, Format::parse, &mut p);
        let language = vocab("language", &self.language, Language::parse, &mut p);
        let status = vocab("status", &self.status, Status::parse, &mut p);
        let opens_on = match (status, self.opens_on.trim()) {
            (_, "") => None,
            (_, d) => {
                let date = IsoDate::parse(d);
                if date.is_none() {
                    p.push(format!("opens_on: not a date (YYYY-MM-DD): {}", shown(d)));
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
                p.push(format!("free: must be true or false, not {}", shown(other)));
                None
            }
        };
        let url = match platform.map(|pl| platform_link(self.url.trim(), pl.host())) {
            Some(Ok(link)) => link,
            Some(Err(problem)) => {
                p.push(problem);
                String::new()
            }
            None => String::new(), // no platform to check it against: already a problem
        };
        let added_on = IsoDate::parse(&self.added_on);
        if added_on.is_none() {
            p.push(format!("added_on: not a date (YYYY-MM-DD): {}", shown(self.added_on.trim())));
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
            generated: false,
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

    /// The link a row with `url` would store, or `None` when the row is refused.
    fn link(url: &str) -> Option<String> {
        CourseRow { url: url.into(), ..good() }.parse().ok().map(|c| c.url)
    }

    #[test]
    fn links_must_stay_on_the_platforms_own_site() {
        assert!(link("https://www.kmooc.kr/x").is_some());
        assert!(link("https://kmooc.kr/x").is_some());
        assert!(link("https://x.kmooc.kr/x").is_some());
        assert!(link("https://kmooc.kr.evil.com/x").is_none());
        assert!(link("https://kmooc.kr.evil.example/").is_none());
        assert!(link("https://evilkmooc.kr/").is_none());
        assert!(link("http://www.kmooc.kr/x").is_none());
        assert!(link("javascript:alert(1)").is_none());
        assert!(link("https://127.0.0.1/x").is_none());
        assert!(link("").is_none());
        assert!(link("https://.kmooc.kr/").is_none());
        assert!(link("https://www.kmooc.kr./").is_none());
    }

    #[test]
    fn a_backslash_before_the_platforms_host_does_not_pass_for_it() {
        // browsers read `\` as `/` in an https address: the host here is evil.example
        assert_eq!(link("https://evil.example\\.kmooc.kr"), None);
        assert_eq!(link("https://evil.example\\.kmooc.kr/courses/1"), None);
        assert_eq!(link("https://evil.example\\@www.kmooc.kr/"), None);
    }

    #[test]
    fn a_link_carrying_a_user_name_or_password_is_refused() {
        assert_eq!(link("https://kmooc.kr@evil.example/"), None);
        assert_eq!(link("https://evil.example@www.kmooc.kr/x"), None);
        assert_eq!(link("https://user:secret@www.kmooc.kr/x"), None);
    }

    #[test]
    fn a_link_to_another_port_of_the_platforms_host_is_refused() {
        assert_eq!(link("https://www.kmooc.kr:8443/x"), None);
        assert!(link("https://www.kmooc.kr:443/x").is_some());
    }

    #[test]
    fn a_link_longer_than_500_characters_is_refused() {
        let base = "https://www.kmooc.kr/";
        assert!(link(&format!("{base}{}", "a".repeat(500 - base.len()))).is_some());
        let row = CourseRow { url: format!("{base}{}", "a".repeat(501 - base.len())), ..good() };
        let problems = row.parse().unwrap_err();
        assert!(problems.iter().any(|p| p.starts_with("url: longer than 500")), "{problems:?}");
    }

    #[test]
    fn a_link_is_stored_as_a_browser_reads_it() {
        assert_eq!(link("HTTPS://WWW.KMOOC.KR/courses/A 1").as_deref(), Some("https://www.kmooc.kr/courses/A%201"));
        assert_eq!(link("https://www.kmooc.kr").as_deref(), Some("https://www.kmooc.kr/"));
    }

    fn keywords(field: &str) -> Result<Vec<String>, Vec<String>> {
        CourseRow { keywords: field.into(), ..good() }.parse().map(|c| c.keywords)
    }

    #[test]
    fn at_most_20_keywords_are_accepted() {
        let twenty: Vec<String> = (1..=20).map(|i| format!("열쇠말{i}")).collect();
        assert_eq!(keywords(&twenty.join(";")).unwrap(), twenty);
        let problems = keywords(&format!("{};하나 더", twenty.join(";"))).unwrap_err();
        assert!(problems[0].starts_with("keywords: more than 20"), "{problems:?}");
    }

    #[test]
    fn a_keyword_longer_than_50_characters_is_refused() {
        assert!(keywords(&format!("미술;{}", "가".repeat(50))).is_ok());
        let problems = keywords(&format!("미술;{}", "가".repeat(51))).unwrap_err();
        assert!(problems[0].starts_with("keywords: a keyword is longer than 50"), "{problems:?}");
        assert!(problems[0].chars().count() < 120, "{problems:?}");
    }

    #[test]
    fn a_keywords_field_longer_than_1000_characters_is_refused() {
        let problems = keywords(&format!("미술;{}", " ;".repeat(600))).unwrap_err();
        assert!(problems[0].starts_with("keywords: longer than 1000"), "{problems:?}");
    }

    #[test]
    fn a_problem_shows_at_most_about_40_characters_of_the_value() {
        let huge = "9".repeat(10_000);
        let row =
            CourseRow { hours: huge.clone(), subject: huge.clone(), free: huge.clone(), added_on: huge, ..good() };
        let problems = row.parse().unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        for p in &problems {
            assert!(p.chars().count() < 110, "{p}");
            assert!(p.contains(&format!("{}…", "9".repeat(40))), "{p}");
        }
        let short = CourseRow { hours: "zero".into(), ..good() }.parse().unwrap_err();
        assert_eq!(short, vec![r#"hours: must be a whole number from 1 to 1000, not "zero""#.to_string()]);
    }
}
