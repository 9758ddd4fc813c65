//! What a dataset is (DCAT-style metadata: titles, publisher, source, theme, keywords, coverage,
//! licence, distributions, columns) and the checks every dataset passes before it is stored:
//! `Dataset::check` for the metadata, `check_row` for each row against the columns.

use super::vocab::*;
use crate::{IsoDate, Lang};
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
/// A column's label is a table header on a phone: a few words.
pub const MAX_LABEL_CHARS: usize = 60;
pub const MAX_KEYWORDS: usize = 12;
pub const MAX_COLUMNS: usize = 40;
pub const MAX_CELL_CHARS: usize = 500;

/// A dataset's number in the catalogue (`/data/17`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DatasetId(pub u32);

impl DatasetId {
    /// Reads the number from a URL: digits only, 1 to 9,999,999 (leading zeros allowed).
    pub fn parse(raw: &str) -> Option<DatasetId> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 12 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        raw.parse::<u32>().ok().filter(|n| (1..=9_999_999).contains(n)).map(DatasetId)
    }
}

impl std::fmt::Display for DatasetId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl TryFrom<String> for DatasetId {
    type Error = String;
    fn try_from(raw: String) -> Result<DatasetId, String> {
        DatasetId::parse(&raw).ok_or_else(|| "not a dataset number".to_string())
    }
}

impl From<DatasetId> for String {
    fn from(id: DatasetId) -> String {
        id.0.to_string()
    }
}

/// One column of a dataset's table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The machine name (CSV header, JSON key): lowercase ASCII words joined by `_`.
    pub name: String,
    /// What a person reads in the column table, in Korean.
    pub label: String,
    pub kind: ColumnKind,
    /// The unit of a number (`명`, `m²`, `㎍/㎥`), if it has one.
    pub unit: Option<String>,
}

/// A part of the portal that is itself a dataset: its distribution is the live API, not stored rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LiveLayer {
    Courses,
    KidsCafeSeats,
    Cars,
    AirQuality,
}

impl LiveLayer {
    pub const ALL: [LiveLayer; 4] = [LiveLayer::Courses, LiveLayer::KidsCafeSeats, LiveLayer::Cars, LiveLayer::AirQuality];

    /// The public API that answers with the layer's current data.
    pub fn api_path(self) -> &'static str {
        match self {
            LiveLayer::Courses => "/api/v1/courses",
            LiveLayer::KidsCafeSeats => "/api/v1/kids-cafe/sessions?branch=junggok",
            LiveLayer::Cars => "/api/v1/cars",
            LiveLayer::AirQuality => "/api/v1/air/sensors",
        }
    }

    /// The field of the API's answer that holds the items (one row each).
    pub fn items_field(self) -> &'static str {
        match self {
            LiveLayer::Courses => "items",
            LiveLayer::KidsCafeSeats => "sessions",
            LiveLayer::Cars => "cars",
            LiveLayer::AirQuality => "sensors",
        }
    }

    /// The page a resident sees the same data on.
    pub fn page_path(self) -> &'static str {
        match self {
            LiveLayer::Courses => "/courses",
            LiveLayer::KidsCafeSeats => "/kids-cafe",
            LiveLayer::Cars => "/cars",
            LiveLayer::AirQuality => "/air",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dataset {
    pub id: DatasetId,
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    pub publisher: Publisher,
    pub source: Source,
    /// A sub-theme of the classification (the top theme follows from it).
    pub theme: Theme,
    pub keywords: Vec<String>,
    pub frequency: Frequency,
    /// The period the data covers.
    pub covers_from: IsoDate,
    pub covers_to: IsoDate,
    /// The area it covers (`광진구 전역`, `자양4동`).
    pub area: String,
    pub licence: Licence,
    pub modified: IsoDate,
    pub formats: Vec<Format>,
    pub columns: Vec<Column>,
    pub live: Option<LiveLayer>,
    /// How many rows the stored table holds (0 for a live layer).
    pub row_count: u32,
}

impl Dataset {
    pub fn title(&self, lang: Lang) -> &str {
        match (lang, &self.title_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.title,
        }
    }

    pub fn description(&self, lang: Lang) -> &str {
        match (lang, &self.description_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.description,
        }
    }

    /// Whether the page's language has its own title (otherwise the Korean one is shown).
    pub fn has_title_in(&self, lang: Lang) -> bool {
        lang == Lang::Ko || self.title_en.is_some()
    }

    /// The text the search matches as a title.
    pub fn title_text(&self) -> String {
        match &self.title_en {
            Some(en) => format!("{} {en}", self.title),
            None => self.title.clone(),
        }
    }

    /// The rest of the text the search matches: description, keywords, publisher, theme, columns.
    pub fn body_text(&self) -> String {
        let mut out = vec![self.description.clone(), self.keywords.join(" "), self.area.clone()];
        out.extend(self.description_en.clone());
        for lang in [Lang::Ko, Lang::En] {
            out.push(self.publisher.label(lang).to_string());
            out.push(self.theme.label(lang).to_string());
        }
        out.extend(self.columns.iter().map(|c| c.label.clone()));
        out.join(" ")
    }

    /// The (latitude, longitude) columns, when the rows are places.
    pub fn position_columns(&self) -> Option<(usize, usize)> {
        let find = |kind| self.columns.iter().position(|c| c.kind == kind);
        Some((find(ColumnKind::Latitude)?, find(ColumnKind::Longitude)?))
    }

    /// Checks the metadata: what the catalogue may hold.
    pub fn check(&self) -> Result<(), DatasetError> {
        let chars = |s: &str| s.chars().count();
        // a line break is allowed in a description only: anything else a control character would
        // put in a page, a CSV head or SQLite's text (U+0000) is refused here
        let controls = |s: &str| s.chars().any(char::is_control);
        let description_controls = |s: &str| s.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
        if self.title.trim().is_empty() || chars(&self.title) > MAX_TITLE_CHARS || controls(&self.title) {
            return Err(DatasetError::Title);
        }
        if self.title_en.as_deref().is_some_and(|t| t.trim().is_empty() || chars(t) > MAX_TITLE_CHARS || controls(t)) {
            return Err(DatasetError::Title);
        }
        let description_ok = |d: &str| !d.trim().is_empty() && chars(d) <= MAX_DESCRIPTION_CHARS && !description_controls(d);
        if !description_ok(&self.description) || self.description_en.as_deref().is_some_and(|d| !description_ok(d)) {
            return Err(DatasetError::Description);
        }
        if self.keywords.len() > MAX_KEYWORDS || self.keywords.iter().any(|k| k.trim().is_empty() || chars(k) > 30 || controls(k)) {
            return Err(DatasetError::Keywords);
        }
        if self.theme.is_top() {
            return Err(DatasetError::TopTheme);
        }
        if self.covers_to < self.covers_from {
            return Err(DatasetError::Coverage);
        }
        if self.area.trim().is_empty() || chars(&self.area) > 60 || controls(&self.area) {
            return Err(DatasetError::Area);
        }
        if self.formats.is_empty() || (1..self.formats.len()).any(|i| self.formats[..i].contains(&self.formats[i])) {
            return Err(DatasetError::Formats);
        }
        if self.formats.contains(&Format::GeoJson) && self.position_columns().is_none() {
            return Err(DatasetError::GeoJsonWithoutPlaces);
        }
        if self.live.is_none() && self.columns.is_empty() || self.columns.len() > MAX_COLUMNS {
            return Err(DatasetError::Columns);
        }
        for (i, column) in self.columns.iter().enumerate() {
            let machine = !column.name.is_empty()
                && column.name.len() <= 40
                && column.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && column.name.as_bytes()[0].is_ascii_lowercase();
            if !machine || self.columns[..i].iter().any(|c| c.name == column.name) {
                return Err(DatasetError::ColumnName(column.name.chars().take(40).collect()));
            }
            let label = !column.label.trim().is_empty() && chars(&column.label) <= MAX_LABEL_CHARS && !column.label.chars().any(char::is_control);
            if !label || column.unit.as_deref().is_some_and(|u| u.is_empty() || chars(u) > 12 || u.chars().any(char::is_control)) {
                return Err(DatasetError::ColumnName(column.name.clone()));
            }
        }
        Ok(())
    }

    /// Checks one row against the columns: one cell each, and each cell reads as its column's kind.
    /// An empty cell is a missing value, allowed in any column.
    pub fn check_row(&self, cells: &[String]) -> Result<(), DatasetError> {
        if cells.len() != self.columns.len() {
            return Err(DatasetError::RowWidth { expected: self.columns.len(), got: cells.len() });
        }
        for (column, cell) in self.columns.iter().zip(cells) {
            if cell.chars().count() > MAX_CELL_CHARS || !cell_fits(column.kind, cell) {
                return Err(DatasetError::Cell { column: column.name.clone() });
            }
        }
        Ok(())
    }
}

/// Whether `cell` reads as a value of `kind` (empty: missing, always fits).
pub fn cell_fits(kind: ColumnKind, cell: &str) -> bool {
    if cell.is_empty() {
        return true;
    }
    let number = || cell.parse::<f64>().ok().filter(|n| n.is_finite());
    match kind {
        ColumnKind::Text => !cell.chars().any(|c| c.is_control()),
        ColumnKind::Integer => cell.parse::<i64>().is_ok(),
        ColumnKind::Decimal => number().is_some(),
        ColumnKind::Date => IsoDate::parse(cell).is_some(),
        // the district and its surroundings: anything else is a swapped or garbled coordinate
        ColumnKind::Latitude => number().is_some_and(|n| (33.0..=39.0).contains(&n)),
        ColumnKind::Longitude => number().is_some_and(|n| (124.0..=132.0).contains(&n)),
    }
}

/// Why a dataset or a row was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum DatasetError {
    #[error("the title is empty or too long")]
    Title,
    #[error("the description is empty or too long")]
    Description,
    #[error("too many keywords, or an empty or long one")]
    Keywords,
    #[error("a dataset is filed under a sub-theme, not a top theme")]
    TopTheme,
    #[error("the coverage ends before it starts")]
    Coverage,
    #[error("the area is empty or too long")]
    Area,
    #[error("no format, or one twice")]
    Formats,
    #[error("GeoJSON needs a latitude and a longitude column")]
    GeoJsonWithoutPlaces,
    #[error("no columns, or too many")]
    Columns,
    #[error("column {0:?} has a bad name, label or unit")]
    ColumnName(String),
    #[error("a row has {got} cells for {expected} columns")]
    RowWidth { expected: usize, got: usize },
    #[error("a cell of column {column:?} does not read as its kind")]
    Cell { column: String },
}

impl DatasetError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DatasetError::RowWidth { expected, got }, Lang::Ko) => format!("열이 {expected}개인데 값이 {got}개입니다."),
            (DatasetError::RowWidth { expected, got }, Lang::En) => format!("The record has {got} values for {expected} columns."),
            (DatasetError::Cell { column }, Lang::Ko) => format!("'{column}' 열의 값이 열의 형식에 맞지 않습니다."),
            (DatasetError::Cell { column }, Lang::En) => format!("A value of column '{column}' does not fit the column's type."),
            (other, Lang::Ko) => format!("데이터셋 정보가 올바르지 않습니다: {other}"),
            (other, Lang::En) => format!("The dataset's description is not valid: {other}"),
        }
    }
}

/// A dataset with the first rows of its table and a few datasets like it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatasetDetails {
    pub dataset: Dataset,
    pub preview: Vec<Vec<String>>,
    pub related: Vec<Dataset>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> Dataset {
        let column = |name: &str, kind| Column { name: name.into(), label: name.into(), kind, unit: None };
        Dataset {
            id: DatasetId(1),
            title: "광진구 공공와이파이 설치 현황".into(),
            title_en: Some("Public Wi-Fi sites in Gwangjin-gu".into()),
            description: "구가 설치한 공공와이파이 위치".into(),
            description_en: None,
            publisher: Publisher::SmartInformation,
            source: Source::District,
            theme: Theme::Wifi,
            keywords: vec!["와이파이".into()],
            frequency: Frequency::Monthly,
            covers_from: IsoDate::parse("2024-01-01").unwrap(),
            covers_to: IsoDate::parse("2024-12-31").unwrap(),
            area: "광진구 전역".into(),
            licence: Licence::Kogl1,
            modified: IsoDate::parse("2025-01-05").unwrap(),
            formats: vec![Format::Csv, Format::Json, Format::GeoJson],
            columns: vec![column("place", ColumnKind::Text), column("lat", ColumnKind::Latitude), column("lon", ColumnKind::Longitude)],
            live: None,
            row_count: 1,
        }
    }

    #[test]
    fn a_well_described_dataset_passes() {
        assert_eq!(sample().check(), Ok(()));
    }

    #[test]
    fn metadata_that_a_catalogue_cannot_hold_is_refused() {
        let refused = |change: fn(&mut Dataset), why: DatasetError| {
            let mut d = sample();
            change(&mut d);
            assert_eq!(d.check(), Err(why));
        };
        refused(|d| d.title = " ".into(), DatasetError::Title);
        refused(|d| d.title = "가".repeat(121), DatasetError::Title);
        refused(|d| d.theme = Theme::SmartCity, DatasetError::TopTheme);
        refused(|d| d.covers_to = IsoDate::parse("2023-12-31").unwrap(), DatasetError::Coverage);
        refused(|d| d.formats = vec![Format::Csv, Format::Csv], DatasetError::Formats);
        refused(|d| d.formats.clear(), DatasetError::Formats);
        refused(|d| d.columns.remove(1).name.clear(), DatasetError::GeoJsonWithoutPlaces);
        refused(|d| d.columns[0].name = "Place Name".into(), DatasetError::ColumnName("Place Name".into()));
        refused(|d| d.columns[1].name = "place".into(), DatasetError::ColumnName("place".into()));
        refused(|d| d.keywords = vec!["".into()], DatasetError::Keywords);
    }

    #[test]
    fn a_row_must_have_a_cell_per_column_each_of_its_kind() {
        let d = sample();
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(d.check_row(&row(&["구의역 1번 출구", "37.5485", "127.0857"])), Ok(()));
        assert_eq!(d.check_row(&row(&["구의역", "", ""])), Ok(()), "missing values are allowed");
        assert_eq!(d.check_row(&row(&["구의역", "37.5"])), Err(DatasetError::RowWidth { expected: 3, got: 2 }));
        assert_eq!(d.check_row(&row(&["구의역", "127.08", "37.54"])), Err(DatasetError::Cell { column: "lat".into() }));
        assert_eq!(d.check_row(&row(&["구의역", "NaN", "127"])), Err(DatasetError::Cell { column: "lat".into() }));
        assert_eq!(d.check_row(&row(&["a\u{0}b", "37.5", "127"])), Err(DatasetError::Cell { column: "place".into() }));
    }

    #[test]
    fn cells_read_as_their_kind() {
        assert!(cell_fits(ColumnKind::Integer, "-12"));
        assert!(!cell_fits(ColumnKind::Integer, "1.5"));
        assert!(cell_fits(ColumnKind::Decimal, "1.5"));
        assert!(!cell_fits(ColumnKind::Decimal, "inf"));
        assert!(cell_fits(ColumnKind::Date, "2024-02-29"));
        assert!(!cell_fits(ColumnKind::Date, "2023-02-29"));
    }

    #[test]
    fn dataset_numbers_are_read_like_a_url() {
        assert_eq!(DatasetId::parse("0017"), Some(DatasetId(17)));
        for bad in ["", "0", "-1", "1e3", "12345678", "99999999999999", "１"] {
            assert_eq!(DatasetId::parse(bad), None, "{bad}");
        }
    }
}
