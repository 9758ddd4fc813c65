//! The history query of the data API: `?from=&to=&measure=&resolution=raw|hour|day&format=json|csv`.
//! Parsed the same way wherever it comes from; every bound is checked here.

use super::measures::Measure;
use crate::{IsoDate, Lang, SeoulTime};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    Raw,
    Hour,
    Day,
}

impl Resolution {
    pub fn slug(self) -> &'static str {
        match self {
            Resolution::Raw => "raw",
            Resolution::Hour => "hour",
            Resolution::Day => "day",
        }
    }

    /// The longest range one query may cover.
    pub fn max_days(self) -> i64 {
        match self {
            Resolution::Raw => 31,
            Resolution::Hour => 366,
            Resolution::Day => 3660,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HistoryQuery {
    /// Inclusive start, exclusive end.
    pub from: SeoulTime,
    pub to: SeoulTime,
    pub measures: Vec<Measure>,
    pub resolution: Resolution,
    pub format: Format,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unknown parameter")]
    UnknownParameter(String),
    #[error("repeated parameter")]
    Repeated(String),
    #[error("bad time")]
    BadTime(&'static str),
    #[error("unknown measure")]
    UnknownMeasure(String),
    #[error("unknown resolution")]
    UnknownResolution,
    #[error("unknown format")]
    UnknownFormat,
    #[error("from after to")]
    FromAfterTo,
    #[error("range too long")]
    TooLong(Resolution),
}

impl QueryError {
    pub fn message(&self, lang: Lang) -> String {
        let cut = |s: &str| s.chars().take(40).collect::<String>();
        match (self, lang) {
            (QueryError::UnknownParameter(p), Lang::Ko) => format!("알 수 없는 항목입니다: {}", cut(p)),
            (QueryError::UnknownParameter(p), Lang::En) => format!("Unknown parameter: {}", cut(p)),
            (QueryError::Repeated(p), Lang::Ko) => format!("{}을(를) 한 번만 주세요.", cut(p)),
            (QueryError::Repeated(p), Lang::En) => format!("Give {} once.", cut(p)),
            (QueryError::BadTime(p), Lang::Ko) => format!("{p}는 2026-11-23 또는 2026-11-23T10:00:00+09:00 형식으로 주세요."),
            (QueryError::BadTime(p), Lang::En) => format!("Write {p} as 2026-11-23 or 2026-11-23T10:00:00+09:00."),
            (QueryError::UnknownMeasure(m), Lang::Ko) => format!("알 수 없는 측정 항목입니다: {}", cut(m)),
            (QueryError::UnknownMeasure(m), Lang::En) => format!("Unknown measure: {}", cut(m)),
            (QueryError::UnknownResolution, _) => lang.pick("resolution은 raw, hour, day 중 하나입니다.", "resolution is raw, hour or day.").into(),
            (QueryError::UnknownFormat, _) => lang.pick("format은 json 또는 csv입니다.", "format is json or csv.").into(),
            (QueryError::FromAfterTo, _) => lang.pick("from이 to보다 늦습니다.", "from is after to.").into(),
            (QueryError::TooLong(r), Lang::Ko) => format!("{} 자료는 한 번에 {}일까지 조회할 수 있습니다.", r.slug(), r.max_days()),
            (QueryError::TooLong(r), Lang::En) => format!("{} data can be asked for at most {} days at a time.", r.slug(), r.max_days()),
        }
    }
}

/// `2026-11-23` (midnight in Seoul) or RFC 3339.
fn parse_time(text: &str, which: &'static str) -> Result<SeoulTime, QueryError> {
    if let Some(date) = IsoDate::parse(text) {
        return SeoulTime::at(date, 0, 0).ok_or(QueryError::BadTime(which));
    }
    SeoulTime::parse(text).ok_or(QueryError::BadTime(which))
}

impl HistoryQuery {
    /// Defaults: the 24 hours to `now`, every measure, by the hour, JSON.
    pub fn from_url_query(raw: &str, now: SeoulTime) -> Result<HistoryQuery, QueryError> {
        let (mut from, mut to, mut measures, mut resolution, mut format) = (None, None, None, None, None);
        for (name, value) in form_urlencoded::parse(raw.as_bytes()) {
            let slot_taken = match name.as_ref() {
                "from" => from.replace(parse_time(&value, "from")?).is_some(),
                "to" => to.replace(parse_time(&value, "to")?).is_some(),
                "measure" => {
                    let list = value
                        .split(',')
                        .filter(|m| !m.is_empty())
                        .map(|m| Measure::parse(m.trim()).ok_or_else(|| QueryError::UnknownMeasure(m.to_string())))
                        .collect::<Result<Vec<_>, _>>()?;
                    measures.replace(list).is_some()
                }
                "resolution" => {
                    let r = match value.as_ref() {
                        "raw" => Resolution::Raw,
                        "hour" => Resolution::Hour,
                        "day" => Resolution::Day,
                        _ => return Err(QueryError::UnknownResolution),
                    };
                    resolution.replace(r).is_some()
                }
                "format" => {
                    let f = match value.as_ref() {
                        "json" => Format::Json,
                        "csv" => Format::Csv,
                        _ => return Err(QueryError::UnknownFormat),
                    };
                    format.replace(f).is_some()
                }
                other => return Err(QueryError::UnknownParameter(other.to_string())),
            };
            if slot_taken {
                return Err(QueryError::Repeated(name.into_owned()));
            }
        }
        let to = to.unwrap_or(now);
        let from = from.unwrap_or_else(|| SeoulTime::from_instant(to.instant() - time::Duration::hours(24)));
        if from > to {
            return Err(QueryError::FromAfterTo);
        }
        let resolution = resolution.unwrap_or(Resolution::Hour);
        if to.instant() - from.instant() > time::Duration::days(resolution.max_days()) {
            return Err(QueryError::TooLong(resolution));
        }
        let mut measures = measures.filter(|m| !m.is_empty()).unwrap_or_else(|| Measure::ALL.to_vec());
        measures.sort_by_key(|m| m.index());
        measures.dedup();
        Ok(HistoryQuery { from, to, measures, resolution, format: format.unwrap_or(Format::Json) })
    }
}
