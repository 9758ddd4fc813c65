//! A resident's course search, read from URL parameters (the page's GET form and the public API
//! share this one reading, so both refuse the same bad input with the same words).

use super::{FacetKind, FACET_COUNT};
use crate::Lang;
use serde::{Deserialize, Serialize};

pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Deep pages are refused rather than computed: nobody reads page 5,001, crawlers do.
pub const MAX_PAGE: u32 = 5_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Best text match first; newest first when there is no text.
    #[default]
    Relevance,
    Newest,
    Shortest,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Newest, Sort::Shortest];

    pub fn slug(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Shortest => "shortest",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Sort::Relevance => lang.pick("관련도순", "Best match"),
            Sort::Newest => lang.pick("최신순", "Newest"),
            Sort::Shortest => lang.pick("짧은 순", "Shortest"),
        }
    }
}

/// Chosen values per facet, as a bit per value ordinal; an empty mask means "any".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetFilter(pub [u16; FACET_COUNT]);

impl FacetFilter {
    pub fn is_chosen(&self, kind: FacetKind, ordinal: u8) -> bool {
        self.0[kind.index()] & (1 << ordinal) != 0
    }

    pub fn toggle(&mut self, kind: FacetKind, ordinal: u8) {
        self.0[kind.index()] ^= 1 << ordinal;
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|m| *m == 0)
    }

    /// How many facet values are chosen, over all facets (the phone's filters button shows it).
    pub fn chosen_count(&self) -> u32 {
        self.0.iter().map(|mask| mask.count_ones()).sum()
    }

    /// Whether facet number `facet` lets a course with this value through.
    pub fn admits_value(&self, facet: usize, ordinal: u8) -> bool {
        self.0[facet] == 0 || self.0[facet] & (1 << ordinal) != 0
    }
}

/// A search that was read and checked: its fields are private, so the only ways to make one are
/// reading URL parameters (`from_pairs`, `from_url_query`) and the bounded builders below. It
/// crosses the wire (server functions) as its URL query string and is read back through the same
/// parser, so a hand-made request body cannot smuggle in `page=0` or `per_page=1000000`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CourseQuery {
    text: String,
    filter: FacetFilter,
    sort: Sort,
    page: u32,
    per_page: u32,
}

impl TryFrom<String> for CourseQuery {
    type Error = QueryError;
    fn try_from(raw: String) -> Result<CourseQuery, QueryError> {
        CourseQuery::from_url_query(&raw)
    }
}

impl From<CourseQuery> for String {
    fn from(query: CourseQuery) -> String {
        query.to_query_string()
    }
}

impl Default for CourseQuery {
    fn default() -> Self {
        CourseQuery {
            text: String::new(),
            filter: FacetFilter::default(),
            sort: Sort::Relevance,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

/// Why a search could not be read. Shown to the resident, so it says what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum QueryError {
    #[error("query longer than {MAX_QUERY_CHARS} characters")]
    TooLong,
    #[error("unknown {param} value {value:?}")]
    UnknownValue { param: String, value: String },
    #[error("page must be a whole number from 1 to {MAX_PAGE}")]
    BadPage,
    #[error("per_page must be a whole number from 1 to {MAX_PER_PAGE}")]
    BadPerPage,
}

impl QueryError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (QueryError::TooLong, Lang::Ko) => format!("검색어는 {MAX_QUERY_CHARS}자까지 입력할 수 있습니다. 검색어를 줄여 주세요."),
            (QueryError::TooLong, Lang::En) => format!("A search can be at most {MAX_QUERY_CHARS} characters. Please shorten it."),
            (QueryError::UnknownValue { param, value }, Lang::Ko) => {
                format!("'{param}' 조건에 '{value}' 값은 없습니다. 목록에서 골라 주세요.")
            }
            (QueryError::UnknownValue { param, value }, Lang::En) => {
                format!("There is no '{value}' in '{param}'. Please choose from the list.")
            }
            (QueryError::BadPage, Lang::Ko) => format!("쪽 번호는 1부터 {MAX_PAGE}까지의 정수여야 합니다."),
            (QueryError::BadPage, Lang::En) => format!("The page must be a whole number from 1 to {MAX_PAGE}."),
            (QueryError::BadPerPage, Lang::Ko) => format!("한 쪽에 보이는 수는 1부터 {MAX_PER_PAGE}까지입니다."),
            (QueryError::BadPerPage, Lang::En) => format!("Results per page must be from 1 to {MAX_PER_PAGE}."),
        }
    }
}

fn parse_bounded(value: &str, max: u32) -> Option<u32> {
    value.trim().parse::<u32>().ok().filter(|n| (1..=max).contains(n))
}

impl CourseQuery {
    /// Reads URL parameters. Unknown parameters are ignored (trackers add them); empty values mean
    /// "not given" (an empty form field); a facet may be repeated or comma-separated.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<CourseQuery, QueryError> {
        let mut q = CourseQuery::default();
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key {
                "q" => {
                    if value.chars().count() > MAX_QUERY_CHARS {
                        return Err(QueryError::TooLong);
                    }
                    q.text = value.to_string();
                }
                "sort" => {
                    q.sort = Sort::ALL.into_iter().find(|s| s.slug() == value).ok_or_else(|| {
                        QueryError::UnknownValue { param: "sort".into(), value: shorten(value) }
                    })?
                }
                "page" => q.page = parse_bounded(value, MAX_PAGE).ok_or(QueryError::BadPage)?,
                "per_page" => q.per_page = parse_bounded(value, MAX_PER_PAGE).ok_or(QueryError::BadPerPage)?,
                other => {
                    let Some(kind) = FacetKind::from_param(other) else { continue };
                    for slug in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        let ordinal = kind.ordinal_of(slug).ok_or_else(|| QueryError::UnknownValue {
                            param: kind.param().into(),
                            value: shorten(slug),
                        })?;
                        q.filter.0[kind.index()] |= 1 << ordinal;
                    }
                }
            }
        }
        Ok(q)
    }

    /// Reads a raw URL query string (`q=%EB%AF%B8%EC%88%A0&subject=arts`, with or without `?`).
    pub fn from_url_query(raw: &str) -> Result<CourseQuery, QueryError> {
        let pairs = url_pairs(raw);
        CourseQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The URL parameters of this search, without defaults, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.text.is_empty() {
            out.push(("q", self.text.clone()));
        }
        for kind in FacetKind::ALL {
            for (i, slug) in kind.slugs().into_iter().enumerate() {
                if self.filter.is_chosen(kind, i as u8) {
                    out.push((kind.param(), slug.to_string()));
                }
            }
        }
        if self.sort != Sort::Relevance {
            out.push(("sort", self.sort.slug().to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            out.push(("per_page", self.per_page.to_string()));
        }
        if self.page != 1 {
            out.push(("page", self.page.to_string()));
        }
        out
    }

    /// `?q=…&subject=…` for links (pagination, facet toggles), or "" for the plain list.
    pub fn to_query_string(&self) -> String {
        query_string(&self.to_pairs())
    }

    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn filter(&self) -> &FacetFilter {
        &self.filter
    }
    pub fn sort(&self) -> Sort {
        self.sort
    }
    pub fn page(&self) -> u32 {
        self.page
    }
    pub fn per_page(&self) -> u32 {
        self.per_page
    }

    /// The same search on another page (kept within 1..=`MAX_PAGE`).
    pub fn with_page(&self, page: u32) -> CourseQuery {
        CourseQuery { page: page.clamp(1, MAX_PAGE), ..self.clone() }
    }

    /// The same search with other words (cut to `MAX_QUERY_CHARS`), back on page 1.
    pub fn with_text(&self, text: &str) -> CourseQuery {
        CourseQuery { text: text.trim().chars().take(MAX_QUERY_CHARS).collect(), page: 1, ..self.clone() }
    }

    /// The same search with another number of results per page (kept within 1..=`MAX_PER_PAGE`).
    pub fn with_per_page(&self, per_page: u32) -> CourseQuery {
        CourseQuery { per_page: per_page.clamp(1, MAX_PER_PAGE), ..self.clone() }
    }

    /// The same search in another order.
    pub fn with_sort(&self, sort: Sort) -> CourseQuery {
        CourseQuery { sort, ..self.clone() }
    }

    /// The same search with one facet value switched on or off, back on page 1.
    pub fn toggled(&self, kind: FacetKind, ordinal: u8) -> CourseQuery {
        let mut q = CourseQuery { page: 1, ..self.clone() };
        q.filter.toggle(kind, ordinal);
        q
    }
}

/// The decoded parameters of a raw URL query string.
/// `?k=v&…` of URL parameters, values percent-encoded; "" for none.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", form_encode(v))).collect();
    format!("?{}", body.join("&"))
}

pub fn url_pairs(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.trim_start_matches('?').as_bytes()).into_owned().collect()
}

/// Echoing a 10,000-character value back in an error helps nobody.
fn shorten(value: &str) -> String {
    let mut s: String = value.chars().take(40).collect();
    if value.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// `application/x-www-form-urlencoded` encoding of one value.
pub fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<CourseQuery, QueryError> {
        CourseQuery::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn an_empty_search_browses_everything_on_page_one() {
        assert_eq!(parse(&[]).unwrap(), CourseQuery::default());
        assert_eq!(parse(&[("q", "  "), ("subject", "")]).unwrap(), CourseQuery::default());
    }

    #[test]
    fn facets_may_repeat_or_be_comma_separated() {
        let q = parse(&[("subject", "arts,humanities"), ("level", "beginner"), ("level", "advanced")]).unwrap();
        assert!(q.filter.is_chosen(FacetKind::Subject, 6));
        assert!(q.filter.is_chosen(FacetKind::Subject, 0));
        assert!(q.filter.is_chosen(FacetKind::Level, 0));
        assert!(q.filter.is_chosen(FacetKind::Level, 2));
        assert!(!q.filter.is_chosen(FacetKind::Level, 1));
        assert_eq!(q.filter.chosen_count(), 4);
    }

    #[test]
    fn bad_values_are_refused_with_a_reason() {
        assert_eq!(parse(&[("q", &"가".repeat(10_000))]), Err(QueryError::TooLong));
        assert!(matches!(parse(&[("subject", "astrology")]), Err(QueryError::UnknownValue { .. })));
        assert_eq!(parse(&[("page", "0")]), Err(QueryError::BadPage));
        assert_eq!(parse(&[("page", "-1")]), Err(QueryError::BadPage));
        assert_eq!(parse(&[("page", "two")]), Err(QueryError::BadPage));
        assert_eq!(parse(&[("per_page", "100000")]), Err(QueryError::BadPerPage));
        assert!(matches!(parse(&[("sort", "price")]), Err(QueryError::UnknownValue { .. })));
    }

    #[test]
    fn unknown_parameters_are_ignored() {
        assert_eq!(parse(&[("utm_source", "x")]).unwrap(), CourseQuery::default());
    }

    #[test]
    fn a_query_survives_a_round_trip_through_its_url() {
        let q = parse(&[("q", "미술 & 서울"), ("subject", "arts"), ("sort", "newest"), ("page", "3")]).unwrap();
        let qs = q.to_query_string();
        assert!(qs.starts_with("?q=%EB%AF%B8%EC%88%A0+%26+"));
        let decoded: Vec<(String, String)> = qs[1..]
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect();
        assert_eq!(decoded.len(), 4);
    }

    #[test]
    fn toggling_a_facet_returns_to_the_first_page() {
        let q = parse(&[("page", "4")]).unwrap().toggled(FacetKind::Subject, 6);
        assert_eq!(q.page, 1);
        assert!(q.filter.is_chosen(FacetKind::Subject, 6));
        assert!(!q.toggled(FacetKind::Subject, 6).filter.is_chosen(FacetKind::Subject, 6));
    }

    #[test]
    fn a_query_crosses_the_wire_as_its_url_and_is_read_back_through_the_parser() {
        let q = parse(&[("q", "미술"), ("subject", "arts"), ("page", "2")]).unwrap();
        let wire = serde_json::to_string(&q).unwrap();
        assert_eq!(wire, format!("\"{}\"", q.to_query_string()));
        assert_eq!(serde_json::from_str::<CourseQuery>(&wire).unwrap(), q);
        for hostile in [r#""page=0""#, r#""per_page=0""#, r#""per_page=1000000""#, r#"{"text":"","page":0}"#, "17"] {
            assert!(serde_json::from_str::<CourseQuery>(hostile).is_err(), "{hostile} is refused");
        }
    }

    #[test]
    fn the_builders_stay_within_the_bounds() {
        let q = CourseQuery::default().with_page(0).with_per_page(1_000_000).with_text(&"가".repeat(500));
        assert_eq!((q.page(), q.per_page(), q.text().chars().count()), (1, MAX_PER_PAGE, MAX_QUERY_CHARS));
    }

    #[test]
    fn error_messages_speak_both_languages() {
        let e = QueryError::BadPage;
        assert!(e.message(Lang::Ko).contains("쪽"));
        assert!(e.message(Lang::En).contains("page"));
    }
}
