//! A batch of readings as a device sends it, checked before anything is stored.
//!
//! ```json
//! {"readings": [{"at": "2026-11-23T10:00:00+09:00", "values": {"pm10": 35.2, "pm25": 18.1, "no2": 0.021}}]}
//! ```
//!
//! A value outside its measure's physical range is not an error: it is kept and flagged invalid
//! (`Measure::plausible`). What makes the whole batch refused: no readings or more than
//! `BATCH_MAX_READINGS`, an unknown measure, a reading with no values, two readings at the same
//! moment (the same whole second: storage keeps seconds), or a moment more than `signing::MAX_SKEW_SECS` in the future or older than the raw
//! retention.

use super::measures::Measure;
use super::signing::MAX_SKEW_SECS;
use super::RAW_RETENTION_DAYS;
use crate::{Lang, SeoulTime};
use std::collections::BTreeMap;

pub const BATCH_MAX_READINGS: usize = 1000;

/// The JSON body, as deserialised (measure names still text).
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct BatchInput {
    pub readings: Vec<ReadingInput>,
}

#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReadingInput {
    pub at: SeoulTime,
    pub values: BTreeMap<String, f64>,
}

/// One moment's values from one device.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub at: SeoulTime,
    pub values: Vec<(Measure, f64)>,
}

/// A checked batch, oldest reading first.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub readings: Vec<Reading>,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BatchError {
    #[error("no readings")]
    Empty,
    #[error("too many readings")]
    TooMany,
    #[error("unknown measure {0}")]
    UnknownMeasure(String),
    #[error("a reading without values")]
    NoValues,
    #[error("two readings at one moment")]
    SameMoment,
    #[error("a reading from the future")]
    Future,
    #[error("a reading older than the retention")]
    TooOld,
}

impl BatchError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            BatchError::Empty => lang.pick("측정값이 없습니다.", "The batch has no readings.").into(),
            BatchError::TooMany => match lang {
                Lang::Ko => format!("한 번에 측정값을 {BATCH_MAX_READINGS}개까지 보낼 수 있습니다."),
                Lang::En => format!("A batch holds at most {BATCH_MAX_READINGS} readings."),
            },
            BatchError::UnknownMeasure(name) => match lang {
                Lang::Ko => format!("알 수 없는 측정 항목입니다: {name}"),
                Lang::En => format!("Unknown measure: {name}"),
            },
            BatchError::NoValues => lang.pick("값이 없는 측정값이 있습니다.", "A reading has no values.").into(),
            BatchError::SameMoment => lang.pick("같은 시각의 측정값이 두 번 있습니다.", "Two readings share one moment.").into(),
            BatchError::Future => lang.pick("미래 시각의 측정값이 있습니다.", "A reading is dated in the future.").into(),
            BatchError::TooOld => lang.pick("보관 기간보다 오래된 측정값이 있습니다.", "A reading is older than the retention period.").into(),
        }
    }
}

impl Batch {
    pub fn parse(input: BatchInput, now: SeoulTime) -> Result<Batch, BatchError> {
        if input.readings.is_empty() {
            return Err(BatchError::Empty);
        }
        if input.readings.len() > BATCH_MAX_READINGS {
            return Err(BatchError::TooMany);
        }
        let now_unix = now.instant().unix_timestamp();
        let mut readings = Vec::with_capacity(input.readings.len());
        for r in input.readings {
            if r.values.is_empty() {
                return Err(BatchError::NoValues);
            }
            let at = r.at.instant().unix_timestamp();
            if at > now_unix + MAX_SKEW_SECS {
                return Err(BatchError::Future);
            }
            if at < now_unix - RAW_RETENTION_DAYS * 86_400 {
                return Err(BatchError::TooOld);
            }
            let mut values = Vec::with_capacity(r.values.len());
            for (name, value) in r.values {
                let measure = Measure::parse(&name).ok_or(BatchError::UnknownMeasure(name.chars().take(40).collect()))?;
                values.push((measure, value));
            }
            values.sort_by_key(|(m, _)| m.index());
            readings.push(Reading { at: r.at, values });
        }
        readings.sort_by_key(|r| r.at);
        // readings are stored per whole second: 10:00:00.2 and 10:00:00.7 are one moment
        if readings.windows(2).any(|w| w[0].at.instant().unix_timestamp() == w[1].at.instant().unix_timestamp()) {
            return Err(BatchError::SameMoment);
        }
        Ok(Batch { readings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(times: &[&str]) -> BatchInput {
        let readings = times
            .iter()
            .map(|t| ReadingInput { at: SeoulTime::parse(t).unwrap(), values: BTreeMap::from([("pm10".to_string(), 30.0)]) })
            .collect();
        BatchInput { readings }
    }

    #[test]
    fn two_readings_within_one_second_are_one_moment_and_refused() {
        let now = SeoulTime::parse("2026-11-23T10:00:00+09:00").unwrap();
        let same = input(&["2026-11-23T09:00:00.2+09:00", "2026-11-23T09:00:00.7+09:00"]);
        assert_eq!(Batch::parse(same, now), Err(BatchError::SameMoment));
        let apart = input(&["2026-11-23T09:00:01+09:00", "2026-11-23T09:00:00+09:00"]);
        let batch = Batch::parse(apart, now).unwrap();
        assert!(batch.readings[0].at < batch.readings[1].at, "oldest first");
    }

    #[test]
    fn an_unknown_measure_an_empty_batch_and_the_future_are_refused() {
        let now = SeoulTime::parse("2026-11-23T10:00:00+09:00").unwrap();
        assert_eq!(Batch::parse(BatchInput { readings: vec![] }, now), Err(BatchError::Empty));
        let mut radon = input(&["2026-11-23T09:00:00+09:00"]);
        radon.readings[0].values.insert("radon".into(), 1.0);
        assert_eq!(Batch::parse(radon, now), Err(BatchError::UnknownMeasure("radon".into())));
        assert_eq!(Batch::parse(input(&["2026-11-23T10:05:01+09:00"]), now), Err(BatchError::Future));
        assert!(Batch::parse(input(&["2026-11-23T10:05:00+09:00"]), now).is_ok());
    }
}
