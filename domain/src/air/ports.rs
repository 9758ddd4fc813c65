//! What the air pages read (the server implements it over SQLite and the live hub).

use super::cai::{Cai, Grade};
use super::measures::Measure;
use super::sensors::Sensor;
use crate::courses::BoxFuture;
use crate::SeoulTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("air data unavailable")]
pub struct AirUnavailable;

/// One sensor as the map and table show it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SensorNow {
    pub sensor: Sensor,
    /// When its last reading was taken; `None` before the first.
    pub last_reading: Option<SeoulTime>,
    /// No reading for `OFFLINE_AFTER_SECS`.
    pub offline: bool,
    /// `None` while PM10, PM2.5, NO2 or O3 is missing (or the sensor is offline).
    pub cai: Option<Cai>,
    /// Latest valid PM10 and PM2.5 (µg/m³).
    pub pm10: Option<f64>,
    pub pm25: Option<f64>,
    /// Measures currently flagged stuck or implausible.
    pub flagged: Vec<Measure>,
}

/// The whole district at one moment.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AirNow {
    pub at: SeoulTime,
    pub sensors: Vec<SensorNow>,
    /// The CAI of the district's averages over online sensors.
    pub district: Option<Cai>,
    /// The readings come from `dongne simulate-sensors`, not real devices (pages say so).
    pub simulated: bool,
}

/// One factor's latest value with its flags.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FactorNow {
    pub measure: Measure,
    pub value: f64,
    pub at: SeoulTime,
    pub invalid: bool,
    pub stuck: bool,
}

/// A measure over time: a point per bucket (average, min and max of its valid readings).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Series {
    pub measure: Measure,
    pub points: Vec<SeriesPoint>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SeriesPoint {
    pub at: SeoulTime,
    pub avg: f64,
    pub min: f64,
    pub max: f64,
    /// Valid readings in the bucket.
    pub count: u32,
}

/// The grade of one hour and how complete its data were (0–1).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GradeHour {
    pub hour: SeoulTime,
    pub index: Option<u16>,
    pub grade: Option<Grade>,
    pub completeness: f64,
}

/// A sensor page.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SensorDetail {
    pub now: SensorNow,
    pub factors: Vec<FactorNow>,
    /// The last 24 hours in 10-minute buckets: PM10, PM2.5, NO2, O3.
    pub day: Vec<Series>,
    /// The last 7 days by the hour: PM10, PM2.5, NO2, O3.
    pub week: Vec<Series>,
    /// The last 24 hours' grades, oldest first.
    pub grades: Vec<GradeHour>,
}

pub trait AirData: Send + Sync {
    fn now(&self) -> BoxFuture<'_, Result<AirNow, AirUnavailable>>;
    fn sensor<'a>(&'a self, id: &'a super::SensorId) -> BoxFuture<'a, Result<Option<SensorDetail>, AirUnavailable>>;
}
