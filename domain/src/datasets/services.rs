//! The agency platform's rules: what a service registration must say (`ServiceDraft`, with the
//! schema of its records written one field per line) and how a pushed record is read against that
//! schema (`record_cells`). A service feeds one dataset of the catalogue; its records are that
//! dataset's rows, so they pass the same `check_row` as every other table.

use super::model::{Column, Dataset, DatasetError, DatasetId};
use super::vocab::*;
use crate::{IsoDate, Lang};
use serde::{Deserialize, Serialize};

/// Records one push may carry; more is refused whole (413), nothing stored.
pub const MAX_BATCH: usize = 500;
/// Fields a service's records may have.
pub const MAX_FIELDS: usize = 20;
/// Services one agency may register.
pub const MAX_SERVICES_PER_AGENCY: usize = 50;
/// Live keys one service may hold at once.
pub const MAX_KEYS_PER_SERVICE: usize = 5;
/// Keys a service may be issued in a day, revoked ones counted: a loop of issue and revoke
/// would otherwise grow the key table without end.
pub const MAX_KEYS_ISSUED_PER_DAY: usize = 20;
/// Records one service's dataset may hold: a key that leaks, or a device stuck in a loop, fills
/// its own quota and not the district's disk (and counts stay far inside `u32`).
pub const MAX_SERVICE_RECORDS: u32 = 5_000_000;
/// Bytes of records one service's dataset may hold (its cells as stored): full batches of long
/// text would reach the disk long before the record quota.
pub const MAX_SERVICE_BYTES: u64 = 256 * 1024 * 1024;

/// A service as an agency describes it when registering.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceDraft {
    pub name: String,
    pub description: String,
    pub contact: String,
    /// The sub-theme its dataset is filed under.
    pub theme: Theme,
    pub columns: Vec<Column>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ServiceError {
    #[error("the name must be 1–80 characters")]
    Name,
    #[error("the description must be 1–1,000 characters")]
    Description,
    #[error("the contact must be an email address or a phone number")]
    Contact,
    #[error("unknown theme")]
    Theme,
    #[error("schema line {line} is not `name | kind | label | unit`")]
    SchemaLine { line: usize },
    #[error("schema line {line}: unknown kind")]
    SchemaKind { line: usize },
    #[error("the schema needs 1–20 fields")]
    SchemaSize,
    #[error("{0}")]
    Dataset(DatasetError),
}

impl ServiceError {
    pub fn message(&self, lang: Lang) -> String {
        let kinds = ColumnKind::ALL.iter().map(|k| k.slug()).collect::<Vec<_>>().join(", ");
        match (self, lang) {
            (ServiceError::Name, Lang::Ko) => "서비스 이름은 1~80자로 써 주세요.".into(),
            (ServiceError::Description, Lang::Ko) => "설명은 1~1,000자로 써 주세요.".into(),
            (ServiceError::Contact, Lang::Ko) => "연락처는 이메일 주소나 전화번호로 써 주세요.".into(),
            (ServiceError::Theme, Lang::Ko) => "분류를 목록에서 골라 주세요.".into(),
            (ServiceError::SchemaLine { line }, Lang::Ko) => format!("스키마 {line}번째 줄은 ‘이름 | 형식 | 설명 | 단위’ 꼴이어야 합니다(단위는 없어도 됩니다)."),
            (ServiceError::SchemaKind { line }, Lang::Ko) => format!("스키마 {line}번째 줄의 형식을 알 수 없습니다. 쓸 수 있는 형식: {kinds}"),
            (ServiceError::SchemaSize, Lang::Ko) => format!("스키마에는 항목이 1~{MAX_FIELDS}개 있어야 합니다."),
            (ServiceError::Dataset(DatasetError::ColumnName(name)), Lang::Ko) => {
                format!("항목 이름 ‘{name}’은 영문 소문자로 시작하고 소문자·숫자·_만 쓰며, 한 번씩만 나와야 합니다.")
            }
            (ServiceError::Dataset(e), Lang::Ko) => e.message(Lang::Ko),
            (ServiceError::Name, Lang::En) => "Write the service's name in 1–80 characters.".into(),
            (ServiceError::Description, Lang::En) => "Write the description in 1–1,000 characters.".into(),
            (ServiceError::Contact, Lang::En) => "The contact is an email address or a phone number.".into(),
            (ServiceError::Theme, Lang::En) => "Choose a theme from the list.".into(),
            (ServiceError::SchemaLine { line }, Lang::En) => format!("Schema line {line} must read `name | kind | label | unit` (the unit may be left out)."),
            (ServiceError::SchemaKind { line }, Lang::En) => format!("Schema line {line}: unknown kind. The kinds are: {kinds}"),
            (ServiceError::SchemaSize, Lang::En) => format!("The schema needs 1 to {MAX_FIELDS} fields."),
            (ServiceError::Dataset(DatasetError::ColumnName(name)), Lang::En) => {
                format!("Field name ‘{name}’ must start with a lowercase letter, use only lowercase letters, digits and _, and appear once.")
            }
            (ServiceError::Dataset(e), Lang::En) => e.message(Lang::En),
        }
    }
}

/// Reads a schema written one field per line: `name | kind | label | unit` (unit optional; blank
/// lines and lines starting with `#` are skipped).
pub fn parse_schema(text: &str) -> Result<Vec<Column>, ServiceError> {
    let mut columns = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if columns.len() == MAX_FIELDS {
            return Err(ServiceError::SchemaSize);
        }
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        if !(3..=4).contains(&parts.len()) || parts[..3].iter().any(|p| p.is_empty()) {
            return Err(ServiceError::SchemaLine { line: i + 1 });
        }
        let kind = ColumnKind::parse(parts[1]).ok_or(ServiceError::SchemaKind { line: i + 1 })?;
        let unit = parts.get(3).filter(|u| !u.is_empty()).map(|u| u.to_string());
        columns.push(Column { name: parts[0].to_string(), label: parts[2].to_string(), kind, unit });
    }
    if columns.is_empty() {
        return Err(ServiceError::SchemaSize);
    }
    Ok(columns)
}

/// The schema as `parse_schema` reads it.
pub fn schema_text(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| match &c.unit {
            Some(unit) => format!("{} | {} | {} | {unit}", c.name, c.kind.slug(), c.label),
            None => format!("{} | {} | {}", c.name, c.kind.slug(), c.label),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn looks_like_contact(text: &str) -> bool {
    let email = text.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !text.contains(char::is_whitespace));
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let phone = (7..=15).contains(&digits) && text.chars().all(|c| c.is_ascii_digit() || "-+() ".contains(c));
    email || phone
}

impl ServiceDraft {
    /// Reads a registration as the form and the server function send it.
    pub fn parse(name: &str, description: &str, contact: &str, theme: &str, schema: &str) -> Result<ServiceDraft, ServiceError> {
        let (name, description, contact) = (name.trim(), description.trim(), contact.trim());
        let chars = |s: &str| s.chars().count();
        if name.is_empty() || chars(name) > 80 || name.chars().any(char::is_control) {
            return Err(ServiceError::Name);
        }
        let stray_control = description.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
        if description.is_empty() || chars(description) > 1_000 || stray_control {
            return Err(ServiceError::Description);
        }
        if chars(contact) > 120 || contact.chars().any(char::is_control) || !looks_like_contact(contact) {
            return Err(ServiceError::Contact);
        }
        let theme = Theme::parse(theme.trim()).filter(|t| !t.is_top()).ok_or(ServiceError::Theme)?;
        let columns = parse_schema(schema)?;
        let draft = ServiceDraft { name: name.into(), description: description.into(), contact: contact.into(), theme, columns };
        // the dataset it will feed must be one the catalogue accepts
        draft.dataset(DatasetId(1), Publisher::SmartInformation, IsoDate::parse("2026-01-01").expect("a date")).check().map_err(ServiceError::Dataset)?;
        Ok(draft)
    }

    /// The catalogue entry of the service's dataset: real-time, from the district's platform,
    /// published by the agency, downloadable as CSV and JSON (and GeoJSON when records are places).
    pub fn dataset(&self, id: DatasetId, publisher: Publisher, today: IsoDate) -> Dataset {
        let mut formats = vec![Format::Csv, Format::Json];
        let places = self.columns.iter().any(|c| c.kind == ColumnKind::Latitude) && self.columns.iter().any(|c| c.kind == ColumnKind::Longitude);
        if places {
            formats.push(Format::GeoJson);
        }
        Dataset {
            id,
            title: self.name.clone(),
            title_en: None,
            description: format!("{} (스마트도시 플랫폼으로 수집, 문의: {})", self.description, self.contact),
            description_en: None,
            publisher,
            source: Source::District,
            theme: self.theme,
            keywords: vec!["스마트도시".into(), "실시간".into()],
            frequency: Frequency::Realtime,
            covers_from: today,
            covers_to: today,
            area: "구 전역".into(),
            licence: Licence::Kogl1,
            modified: today,
            formats,
            columns: self.columns.clone(),
            live: None,
            row_count: 0,
        }
    }
}

/// Why a pushed record was refused (the whole batch is: nothing is stored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum RecordError {
    #[error("record {record}: unknown field {field:?}")]
    UnknownField { record: usize, field: String },
    #[error("record {record}: field {field:?} is missing")]
    MissingField { record: usize, field: String },
    #[error("record {record}: field {field:?} does not fit its kind")]
    Value { record: usize, field: String },
}

impl RecordError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RecordError::UnknownField { record, field }, Lang::Ko) => format!("{record}번째 기록에 스키마에 없는 항목 ‘{field}’이 있습니다."),
            (RecordError::MissingField { record, field }, Lang::Ko) => format!("{record}번째 기록에 ‘{field}’ 항목이 없습니다(값이 없으면 null로 보내 주세요)."),
            (RecordError::Value { record, field }, Lang::Ko) => format!("{record}번째 기록의 ‘{field}’ 값이 스키마의 형식에 맞지 않습니다."),
            (RecordError::UnknownField { record, field }, Lang::En) => format!("Record {record} has a field the schema does not: ‘{field}’."),
            (RecordError::MissingField { record, field }, Lang::En) => format!("Record {record} lacks the field ‘{field}’ (send null for no value)."),
            (RecordError::Value { record, field }, Lang::En) => format!("Record {record}: the value of ‘{field}’ does not fit the schema's kind."),
        }
    }
}

/// One field of a pushed record as the wire gave it: text, a number's text, `null` (no value),
/// or something no column holds (`true`, an array, an object).
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(String),
    Null,
    Other,
}

/// Reads record `record` (1-based, for messages) against the dataset's columns: every column must
/// be given (null for no value), no other field, and each value must read as its column's kind.
/// Returns the row's cells in column order.
pub fn record_cells(dataset: &Dataset, record: usize, fields: Vec<(String, FieldValue)>) -> Result<Vec<String>, RecordError> {
    let mut cells: Vec<Option<String>> = vec![None; dataset.columns.len()];
    for (name, value) in fields {
        let shown = || name.chars().take(40).collect::<String>();
        let Some(i) = dataset.columns.iter().position(|c| c.name == name) else {
            return Err(RecordError::UnknownField { record, field: shown() });
        };
        let column = &dataset.columns[i];
        let cell = match value {
            FieldValue::Null => String::new(),
            FieldValue::Text(t) if t.is_empty() => return Err(RecordError::Value { record, field: shown() }),
            FieldValue::Text(t) | FieldValue::Number(t) => t,
            FieldValue::Other => return Err(RecordError::Value { record, field: shown() }),
        };
        if cells[i].is_some() || cell.chars().count() > super::model::MAX_CELL_CHARS || !super::model::cell_fits(column.kind, &cell) {
            return Err(RecordError::Value { record, field: shown() });
        }
        cells[i] = Some(cell);
    }
    cells
        .into_iter()
        .zip(&dataset.columns)
        .map(|(cell, column)| cell.ok_or_else(|| RecordError::MissingField { record, field: column.name.clone() }))
        .collect()
}

/// A registered service, as its agency's desk lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceInfo {
    pub id: u32,
    pub agency: Publisher,
    pub name: String,
    pub description: String,
    pub contact: String,
    /// The catalogue entry its records land in.
    pub dataset: DatasetId,
    pub columns: Vec<Column>,
    pub records: u32,
    pub keys: Vec<KeyInfo>,
}

/// A key as lists show it: never the key itself, which is shown once when issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInfo {
    pub id: u32,
    /// The first characters of the key, to tell keys apart.
    pub prefix: String,
    pub issued_at: crate::SeoulTime,
    pub revoked_at: Option<crate::SeoulTime>,
}

/// A key just issued: the only time its text exists outside the caller's hands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedKey {
    pub service: u32,
    pub key_id: u32,
    pub key: String,
}

/// Why the platform refused (the app turns it into its one outward error).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PlatformError {
    #[error("invalid: {en}")]
    Invalid { ko: String, en: String },
    /// No such service or key for this agency: another agency's look the same as none.
    #[error("not found")]
    NotFound,
    #[error("conflict: {en}")]
    Conflict { ko: String, en: String },
    #[error("unavailable")]
    Unavailable,
}

impl From<ServiceError> for PlatformError {
    fn from(e: ServiceError) -> PlatformError {
        PlatformError::Invalid { ko: e.message(Lang::Ko), en: e.message(Lang::En) }
    }
}

pub type PlatformResult<T> = Result<T, PlatformError>;

/// What the agency desk and its server functions use (the server implements it over SQLite).
/// Every call names the agency acting: a service or key of another agency is `NotFound`.
pub trait AgencyPlatform: Send + Sync {
    /// The agency an account was granted (`dongne agencies grant`), if any.
    fn agency_of(&self, account: crate::accounts::AccountId) -> crate::courses::BoxFuture<'_, PlatformResult<Option<Publisher>>>;
    fn services(&self, agency: Publisher) -> crate::courses::BoxFuture<'_, PlatformResult<Vec<ServiceInfo>>>;
    fn register(&self, agency: Publisher, draft: ServiceDraft, today: IsoDate) -> crate::courses::BoxFuture<'_, PlatformResult<ServiceInfo>>;
    fn issue_key(&self, agency: Publisher, service: u32, now: crate::SeoulTime) -> crate::courses::BoxFuture<'_, PlatformResult<IssuedKey>>;
    /// Revokes `key` of the agency's `service`; a key of another service, even the agency's own,
    /// is `NotFound`.
    fn revoke_key(&self, agency: Publisher, service: u32, key: u32, now: crate::SeoulTime) -> crate::courses::BoxFuture<'_, PlatformResult<()>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = "crossing | text | 횡단보도\n# a comment\n\nat | date | 날짜\nwaiting | integer | 대기 보행자 | 명\nlat | latitude | 위도\nlon | longitude | 경도";

    fn draft() -> ServiceDraft {
        ServiceDraft::parse("스마트 횡단보도", "보행자 대기 인원", "smart@district.go.kr", "traffic-safety", SCHEMA).unwrap()
    }

    #[test]
    fn a_schema_is_one_field_per_line_and_reads_back() {
        let columns = parse_schema(SCHEMA).unwrap();
        assert_eq!(columns.len(), 5);
        assert_eq!(columns[2].unit.as_deref(), Some("명"));
        assert_eq!(parse_schema(&schema_text(&columns)).unwrap(), columns);
        assert_eq!(parse_schema("a | text"), Err(ServiceError::SchemaLine { line: 1 }));
        assert_eq!(parse_schema("a | colour | 색"), Err(ServiceError::SchemaKind { line: 1 }));
        assert_eq!(parse_schema("\n# nothing\n"), Err(ServiceError::SchemaSize));
        let many: String = (0..21).map(|i| format!("f{i} | text | 항목\n")).collect();
        assert_eq!(parse_schema(&many), Err(ServiceError::SchemaSize));
    }

    #[test]
    fn a_registration_is_refused_for_each_thing_it_gets_wrong() {
        let ok = draft();
        assert_eq!(ok.theme, Theme::parse("traffic-safety").unwrap());
        let d = ok.dataset(DatasetId(800), Publisher::SmartInformation, IsoDate::parse("2026-12-06").unwrap());
        assert!(d.formats.contains(&Format::GeoJson), "its records are places");
        assert_eq!(d.frequency, Frequency::Realtime);
        let parse = |name, contact, theme, schema| ServiceDraft::parse(name, "설명", contact, theme, schema).err();
        assert_eq!(parse("", "a@b.kr", "traffic-safety", SCHEMA), Some(ServiceError::Name));
        assert_eq!(parse("x", "nobody", "roads", SCHEMA), Some(ServiceError::Contact));
        assert_eq!(parse("x", "02-450-1234", "traffic-safety", SCHEMA), None);
        assert_eq!(parse("x", "a@b.kr", "transport", SCHEMA), Some(ServiceError::Theme), "a top theme");
        assert_eq!(parse("x", "a@b.kr", "astrology", SCHEMA), Some(ServiceError::Theme));
        assert!(matches!(parse("x", "a@b.kr", "traffic-safety", "Name | text | 이름"), Some(ServiceError::Dataset(DatasetError::ColumnName(_)))));
        assert!(matches!(parse("x", "a@b.kr", "traffic-safety", "a | text | 가\na | text | 나"), Some(ServiceError::Dataset(_))));
        // control characters (U+0000 once reached SQLite and came back a 503) and a label no table could show
        assert_eq!(parse("x", "a\u{0}@b.kr", "traffic-safety", SCHEMA), Some(ServiceError::Contact));
        let described = |description: &str| ServiceDraft::parse("x", description, "a@b.kr", "traffic-safety", SCHEMA).err();
        assert_eq!(described("설명\u{0}"), Some(ServiceError::Description));
        assert_eq!(described("첫 줄\n둘째 줄"), None, "a description may have lines");
        let long_label = format!("a | text | {}", "가".repeat(61));
        assert!(matches!(parse("x", "a@b.kr", "traffic-safety", &long_label), Some(ServiceError::Dataset(DatasetError::ColumnName(_)))));
        assert!(matches!(parse("x", "a@b.kr", "traffic-safety", "a | text | 가\u{7}"), Some(ServiceError::Dataset(_))));
        for lang in [Lang::Ko, Lang::En] {
            assert!(!ServiceError::SchemaKind { line: 3 }.message(lang).is_empty());
        }
    }

    #[test]
    fn a_record_must_give_every_field_of_the_schema_and_nothing_else() {
        let d = draft().dataset(DatasetId(800), Publisher::SmartInformation, IsoDate::parse("2026-12-06").unwrap());
        let text = |s: &str| FieldValue::Text(s.into());
        let number = |s: &str| FieldValue::Number(s.into());
        let good = || {
            vec![
                ("crossing".to_string(), text("CW-01")),
                ("at".to_string(), text("2026-12-06")),
                ("waiting".to_string(), number("12")),
                ("lat".to_string(), number("37.54")),
                ("lon".to_string(), number("127.05")),
            ]
        };
        assert_eq!(record_cells(&d, 1, good()).unwrap(), vec!["CW-01", "2026-12-06", "12", "37.54", "127.05"]);
        let mut null = good();
        null[2].1 = FieldValue::Null;
        assert_eq!(record_cells(&d, 1, null).unwrap()[2], "");
        let with = |i: usize, v: FieldValue| {
            let mut r = good();
            r[i].1 = v;
            record_cells(&d, 7, r)
        };
        assert_eq!(with(2, number("1.5")), Err(RecordError::Value { record: 7, field: "waiting".into() }));
        assert_eq!(with(2, text("twelve")), Err(RecordError::Value { record: 7, field: "waiting".into() }));
        assert_eq!(with(1, text("yesterday")), Err(RecordError::Value { record: 7, field: "at".into() }));
        assert_eq!(with(3, number("127.05")), Err(RecordError::Value { record: 7, field: "lat".into() }), "swapped coordinates");
        assert_eq!(with(0, FieldValue::Other), Err(RecordError::Value { record: 7, field: "crossing".into() }));
        assert_eq!(with(0, text("")), Err(RecordError::Value { record: 7, field: "crossing".into() }));
        let mut extra = good();
        extra.push(("colour".into(), text("red")));
        assert_eq!(record_cells(&d, 2, extra), Err(RecordError::UnknownField { record: 2, field: "colour".into() }));
        let mut short = good();
        short.pop();
        assert_eq!(record_cells(&d, 3, short), Err(RecordError::MissingField { record: 3, field: "lon".into() }));
        let mut twice = good();
        twice.push(("waiting".into(), number("3")));
        assert!(record_cells(&d, 4, twice).is_err());
    }
}
