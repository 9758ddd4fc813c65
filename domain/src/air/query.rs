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

    /// Seconds one value of a series covers: a reading a minute, an hour, a day.
    pub fn bucket_secs(self) -> i64 {
        match self {
            Resolution::Raw => 60,
            Resolution::Hour => 3600,
            Resolution::Day => 86_400,
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
    /// The range's buckets times the measures asked for: more values than one answer carries.
    #[error("too many values")]
    TooManyCells { cells: i64 },
}

/// Values (buckets × measures) one hourly or daily answer may carry: a year of hours of five
/// measures, a month of hours of all twenty. A year of hours of all twenty (175,680 values, ~15 MB
/// of JSON built per request) is refused: ask for fewer measures or a coarser resolution. (Raw
/// answers stop at their own cap and say where to go on.)
pub const MAX_CELLS: i64 = 50_000;

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
            (QueryError::TooManyCells { cells }, Lang::Ko) => format!(
                "한 번에 값 {MAX_CELLS}개까지 받을 수 있는데 {cells}개를 요청했습니다(기간 × 측정 항목). 기간이나 항목을 줄이거나 resolution을 day로 바꿔 주세요."
            ),
            (QueryError::TooManyCells { cells }, Lang::En) => format!(
                "One answer carries at most {MAX_CELLS} values; this asks for {cells} (buckets × measures). Ask for a shorter range, fewer measures or resolution=day."
            ),
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
            // an empty optional value (`from=`, as a form sends a blank field) is the default, as
            // the OpenAPI document allows it
            if value.is_empty() && matches!(name.as_ref(), "from" | "to") {
                continue;
            }
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
        let span = (to.instant() - from.instant()).whole_seconds();
        let buckets = (span + resolution.bucket_secs() - 1) / resolution.bucket_secs() + 1; // a partial bucket at each end
        let cells = buckets * measures.len() as i64;
        // raw answers have their own cap, cut with where to go on (`next_from`)
        if resolution != Resolution::Raw && cells > MAX_CELLS {
            return Err(QueryError::TooManyCells { cells });
        }
        Ok(HistoryQuery { from, to, measures, resolution, format: format.unwrap_or(Format::Json) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> SeoulTime {
        SeoulTime::at(IsoDate::parse("2026-11-23").unwrap(), 10, 0).unwrap()
    }

    fn read(raw: &str) -> Result<HistoryQuery, QueryError> {
        HistoryQuery::from_url_query(raw, now())
    }

    #[test]
    fn no_parameters_mean_the_last_24_hours_of_every_measure_by_the_hour_as_json() {
        let q = read("").unwrap();
        assert_eq!(q.to, now());
        assert_eq!(q.to.instant() - q.from.instant(), time::Duration::hours(24));
        assert_eq!((q.measures.len(), q.resolution, q.format), (20, Resolution::Hour, Format::Json));
    }

    #[test]
    fn dates_rfc_3339_times_and_measure_lists_are_read() {
        let q = read("from=2026-11-20&to=2026-11-21T12:00:00%2B09:00&measure=no2,pm10,pm10&resolution=raw&format=csv").unwrap();
        assert_eq!(q.from, SeoulTime::at(IsoDate::parse("2026-11-20").unwrap(), 0, 0).unwrap());
        assert_eq!(q.to, SeoulTime::at(IsoDate::parse("2026-11-21").unwrap(), 12, 0).unwrap());
        // listed in storage order, once each
        assert_eq!(q.measures, vec![Measure::Pm10, Measure::No2]);
        assert_eq!((q.resolution, q.format), (Resolution::Raw, Format::Csv));
        // any offset, seen from Seoul
        let q = read("to=2026-11-21T03:00:00Z").unwrap();
        assert_eq!(q.to, SeoulTime::at(IsoDate::parse("2026-11-21").unwrap(), 12, 0).unwrap());
    }

    #[test]
    fn a_bad_time_names_the_parameter() {
        assert_eq!(read("from=yesterday"), Err(QueryError::BadTime("from")));
        assert_eq!(read("to=2026-02-30"), Err(QueryError::BadTime("to")));
        assert_eq!(read("from=2026-11-21T25:00:00%2B09:00"), Err(QueryError::BadTime("from")));
        assert_eq!(read("from= "), Err(QueryError::BadTime("from")));
        // a blank field is the default, not a refusal
        assert_eq!(read("from=&to="), read(""));
    }

    #[test]
    fn a_year_of_hours_of_every_measure_is_too_many_values_but_of_one_measure_is_not() {
        let year = "from=2025-11-23&to=2026-11-23&resolution=hour";
        assert!(matches!(read(year), Err(QueryError::TooManyCells { cells }) if cells > MAX_CELLS));
        assert!(read(&format!("{year}&measure=pm10")).is_ok());
        assert!(read("from=2026-10-23&to=2026-11-23&resolution=hour").is_ok(), "a month of hours of all twenty");
        assert!(read("from=2026-10-23&to=2026-11-23&resolution=raw").is_ok(), "raw answers are cut at their own cap");
        let message = QueryError::TooManyCells { cells: 175_700 }.message(Lang::En);
        assert!(message.contains("50000") && message.contains("175700"), "{message}");
    }

    #[test]
    fn from_after_to_is_refused() {
        assert_eq!(read("from=2026-11-22&to=2026-11-21"), Err(QueryError::FromAfterTo));
        assert!(read("from=2026-11-21&to=2026-11-21").is_ok());
    }

    #[test]
    fn ranges_longer_than_the_resolution_allows_are_refused() {
        assert_eq!(read("from=2026-10-01&to=2026-11-02&resolution=raw"), Err(QueryError::TooLong(Resolution::Raw)));
        assert!(read("from=2026-10-01&to=2026-11-01&resolution=raw").is_ok());
        assert_eq!(read("from=2025-01-01&to=2026-11-01"), Err(QueryError::TooLong(Resolution::Hour)));
        assert!(read("from=2025-01-01&to=2026-11-01&resolution=day").is_ok());
    }

    #[test]
    fn unknown_measures_resolutions_formats_and_parameters_are_refused() {
        assert_eq!(read("measure=pm10,pm2.5"), Err(QueryError::UnknownMeasure("pm2.5".into())));
        assert_eq!(read("resolution=minute"), Err(QueryError::UnknownResolution));
        assert_eq!(read("format=xml"), Err(QueryError::UnknownFormat));
        assert_eq!(read("sensor=DB-001"), Err(QueryError::UnknownParameter("sensor".into())));
    }

    #[test]
    fn a_repeated_parameter_is_refused() {
        assert_eq!(read("measure=pm10&measure=no2"), Err(QueryError::Repeated("measure".into())));
        assert_eq!(read("from=2026-11-20&from=2026-11-21"), Err(QueryError::Repeated("from".into())));
        assert_eq!(read("format=csv&format=csv"), Err(QueryError::Repeated("format".into())));
    }

    #[test]
    fn every_refusal_has_a_korean_and_an_english_message() {
        let long = "x".repeat(500);
        let errors = [
            QueryError::UnknownParameter(long.clone()),
            QueryError::Repeated("from".into()),
            QueryError::BadTime("to"),
            QueryError::UnknownMeasure(long),
            QueryError::UnknownResolution,
            QueryError::UnknownFormat,
            QueryError::FromAfterTo,
            QueryError::TooLong(Resolution::Raw),
        ];
        for e in errors {
            let (ko, en) = (e.message(Lang::Ko), e.message(Lang::En));
            assert!(!ko.is_empty() && !en.is_empty() && ko != en, "{e:?}");
            // what the caller sent is quoted only in part
            assert!(ko.chars().count() < 120 && en.chars().count() < 120, "{e:?}");
        }
    }
}
