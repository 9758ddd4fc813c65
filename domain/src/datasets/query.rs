//! A search of the dataset catalogue, read from URL parameters: `/data?q=…&theme=…`, the public
//! API and the server function share this one reading (and the courses' `QueryError`), so they
//! refuse the same bad input with the same words.

use super::vocab::*;
use crate::courses::{query_string, url_pairs, QueryError, MAX_QUERY_CHARS};
use crate::Lang;
use serde::{Deserialize, Serialize};

pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;
/// The catalogue has hundreds of datasets: a deeper page is a crawler.
pub const MAX_PAGE: u32 = 1_000;
pub const FACET_COUNT: usize = 5;

/// What the catalogue is filtered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DataFacet {
    Theme,
    Publisher,
    Source,
    Format,
    Frequency,
}

impl DataFacet {
    pub const ALL: [DataFacet; FACET_COUNT] =
        [DataFacet::Theme, DataFacet::Publisher, DataFacet::Source, DataFacet::Format, DataFacet::Frequency];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The URL/API parameter and the key in the API's `facets` object.
    pub fn param(self) -> &'static str {
        match self {
            DataFacet::Theme => "theme",
            DataFacet::Publisher => "publisher",
            DataFacet::Source => "source",
            DataFacet::Format => "format",
            DataFacet::Frequency => "frequency",
        }
    }

    pub fn from_param(param: &str) -> Option<DataFacet> {
        Self::ALL.into_iter().find(|k| k.param() == param)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            DataFacet::Theme => lang.pick("분류", "Theme"),
            DataFacet::Publisher => lang.pick("제공 부서·기관", "Publisher"),
            DataFacet::Source => lang.pick("출처", "Source"),
            DataFacet::Format => lang.pick("파일 형식", "Format"),
            DataFacet::Frequency => lang.pick("갱신 주기", "Updated"),
        }
    }

    pub fn slugs(self) -> Vec<&'static str> {
        fn slugs<T: Copy>(all: &[T], slug: fn(T) -> &'static str) -> Vec<&'static str> {
            all.iter().map(|v| slug(*v)).collect()
        }
        match self {
            DataFacet::Theme => slugs(Theme::ALL, Theme::slug),
            DataFacet::Publisher => slugs(Publisher::ALL, Publisher::slug),
            DataFacet::Source => slugs(Source::ALL, Source::slug),
            DataFacet::Format => slugs(Format::ALL, Format::slug),
            DataFacet::Frequency => slugs(Frequency::ALL, Frequency::slug),
        }
    }

    pub fn len(self) -> usize {
        self.slugs().len()
    }

    pub fn value_label(self, ordinal: u8, lang: Lang) -> &'static str {
        let i = ordinal as usize;
        match self {
            DataFacet::Theme => Theme::ALL[i].label(lang),
            DataFacet::Publisher => Publisher::ALL[i].label(lang),
            DataFacet::Source => Source::ALL[i].label(lang),
            DataFacet::Format => Format::ALL[i].label(lang),
            DataFacet::Frequency => Frequency::ALL[i].label(lang),
        }
    }
}

/// Chosen values per facet, a bit per value ordinal; an empty mask means "any".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataFilter(pub [u64; FACET_COUNT]);

impl DataFilter {
    pub fn is_chosen(&self, facet: DataFacet, ordinal: u8) -> bool {
        self.0[facet.index()] & (1 << ordinal) != 0
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|m| *m == 0)
    }

    pub fn chosen_count(&self) -> u32 {
        self.0.iter().map(|m| m.count_ones()).sum()
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataSort {
    /// Best text match first; most recently updated when there is no text.
    #[default]
    Relevance,
    Updated,
}

impl DataSort {
    pub const ALL: [DataSort; 2] = [DataSort::Relevance, DataSort::Updated];

    pub fn slug(self) -> &'static str {
        match self {
            DataSort::Relevance => "relevance",
            DataSort::Updated => "updated",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DataSort::Relevance => lang.pick("관련도순", "Best match"),
            DataSort::Updated => lang.pick("최근 갱신순", "Recently updated"),
        }
    }
}

/// A search that was read and checked. It crosses the wire as its URL query string and is read
/// back through the same parser, so a hand-made body cannot smuggle in `page=0`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DatasetQuery {
    text: String,
    filter: DataFilter,
    sort: DataSort,
    page: u32,
    per_page: u32,
}

impl Default for DatasetQuery {
    fn default() -> Self {
        DatasetQuery { text: String::new(), filter: DataFilter::default(), sort: DataSort::Relevance, page: 1, per_page: DEFAULT_PER_PAGE }
    }
}

impl TryFrom<String> for DatasetQuery {
    type Error = QueryError;
    fn try_from(raw: String) -> Result<DatasetQuery, QueryError> {
        DatasetQuery::from_url_query(&raw)
    }
}

impl From<DatasetQuery> for String {
    fn from(query: DatasetQuery) -> String {
        query.to_query_string()
    }
}

fn bounded(value: &str, max: u32) -> Option<u32> {
    value.trim().parse::<u32>().ok().filter(|n| (1..=max).contains(n))
}

fn unknown(param: &str, value: &str) -> QueryError {
    let mut shown: String = value.chars().take(40).collect();
    if value.chars().count() > 40 {
        shown.push('…');
    }
    QueryError::UnknownValue { param: param.to_string(), value: shown }
}

impl DatasetQuery {
    /// Reads URL parameters: unknown ones are ignored, empty values mean "not given", a facet may
    /// repeat or be comma-separated (without empty items).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<DatasetQuery, QueryError> {
        let mut q = DatasetQuery::default();
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key {
                "q" if value.chars().count() > MAX_QUERY_CHARS => return Err(QueryError::TooLong),
                "q" => q.text = value.to_string(),
                "sort" => q.sort = DataSort::ALL.into_iter().find(|s| s.slug() == value).ok_or_else(|| unknown("sort", value))?,
                "page" => q.page = bounded(value, MAX_PAGE).ok_or(QueryError::BadPage)?,
                "per_page" => q.per_page = bounded(value, MAX_PER_PAGE).ok_or(QueryError::BadPerPage)?,
                other => {
                    let Some(facet) = DataFacet::from_param(other) else { continue };
                    let slugs = facet.slugs();
                    // `theme=` is no choice (the empty list the API document allows); an empty
                    // item in a list that has some (`theme=,,`) is a word of no vocabulary
                    for slug in value.split(',').map(str::trim) {
                        let ordinal = slugs.iter().position(|s| *s == slug).ok_or_else(|| unknown(facet.param(), slug))?;
                        q.filter.0[facet.index()] |= 1 << ordinal;
                    }
                }
            }
        }
        Ok(q)
    }

    pub fn from_url_query(raw: &str) -> Result<DatasetQuery, QueryError> {
        let pairs = url_pairs(raw);
        DatasetQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// `?q=…&theme=…` without defaults in a stable order, or "" for the whole catalogue.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        for facet in DataFacet::ALL {
            for (i, slug) in facet.slugs().into_iter().enumerate() {
                if self.filter.is_chosen(facet, i as u8) {
                    pairs.push((facet.param(), slug.to_string()));
                }
            }
        }
        if self.sort != DataSort::Relevance {
            pairs.push(("sort", self.sort.slug().to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        query_string(&pairs)
    }

    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn filter(&self) -> &DataFilter {
        &self.filter
    }
    pub fn sort(&self) -> DataSort {
        self.sort
    }
    pub fn page(&self) -> u32 {
        self.page
    }
    pub fn per_page(&self) -> u32 {
        self.per_page
    }

    pub fn with_page(&self, page: u32) -> DatasetQuery {
        DatasetQuery { page: page.clamp(1, MAX_PAGE), ..self.clone() }
    }

    pub fn with_text(&self, text: &str) -> DatasetQuery {
        DatasetQuery { text: text.trim().chars().take(MAX_QUERY_CHARS).collect(), page: 1, ..self.clone() }
    }

    pub fn with_per_page(&self, per_page: u32) -> DatasetQuery {
        DatasetQuery { per_page: per_page.clamp(1, MAX_PER_PAGE), ..self.clone() }
    }

    /// The same search with one facet value switched on or off, back on page 1.
    pub fn toggled(&self, facet: DataFacet, ordinal: u8) -> DatasetQuery {
        let mut q = DatasetQuery { page: 1, ..self.clone() };
        q.filter.0[facet.index()] ^= 1 << ordinal;
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<DatasetQuery, QueryError> {
        DatasetQuery::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn an_empty_facet_is_no_choice_but_an_empty_item_in_a_list_is_refused() {
        assert_eq!(parse(&[("publisher", ""), ("theme", " ")]).unwrap(), DatasetQuery::default());
        for list in [",,,", "environment,", ",wifi", "environment,,wifi"] {
            assert!(matches!(parse(&[("theme", list)]), Err(QueryError::UnknownValue { .. })), "{list}");
        }
    }

    #[test]
    fn facets_are_read_by_slug_and_unknown_values_refused() {
        let q = parse(&[("theme", "environment,wifi"), ("source", "kosis"), ("format", "geojson")]).unwrap();
        assert!(q.filter().is_chosen(DataFacet::Theme, Theme::Environment.ordinal()));
        assert!(q.filter().is_chosen(DataFacet::Theme, Theme::Wifi.ordinal()));
        assert!(q.filter().is_chosen(DataFacet::Source, Source::Kosis.ordinal()));
        assert_eq!(q.filter().chosen_count(), 4);
        assert!(matches!(parse(&[("theme", "astrology")]), Err(QueryError::UnknownValue { .. })));
        assert!(matches!(parse(&[("format", "xlsx")]), Err(QueryError::UnknownValue { .. })));
        assert_eq!(parse(&[("page", "0")]), Err(QueryError::BadPage));
        assert_eq!(parse(&[("page", "1001")]), Err(QueryError::BadPage));
        assert_eq!(parse(&[("per_page", "101")]), Err(QueryError::BadPerPage));
        assert_eq!(parse(&[("q", &"가".repeat(201))]), Err(QueryError::TooLong));
    }

    #[test]
    fn a_search_crosses_the_wire_as_its_url() {
        let q = parse(&[("q", "와이파이"), ("theme", "wifi"), ("sort", "updated"), ("page", "2")]).unwrap();
        let wire = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<DatasetQuery>(&wire).unwrap(), q);
        assert_eq!(DatasetQuery::from_url_query(&q.to_query_string()).unwrap(), q);
        for hostile in [r#""page=0""#, r#""per_page=1000000""#, r#"{"text":"","page":0}"#, "17"] {
            assert!(serde_json::from_str::<DatasetQuery>(hostile).is_err(), "{hostile}");
        }
    }
}
