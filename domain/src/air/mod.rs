//! Air quality: the district's street sensors, what they measure, how a reading is judged
//! (plausible, stuck, offline), the Korean CAI grade, the history queries of the data API, and
//! the water-spraying truck's suggested round. Plain rules; the server stores and streams.

pub mod cai;
pub mod measures;
pub mod ports;
pub mod query;
pub mod readings;
pub mod route;
pub mod sensors;
pub mod signing;

pub use cai::{cai, Cai, CaiInputs, Grade, Pollutant, SubIndex};
pub use measures::Measure;
pub use ports::{AirData, AirNow, AirUnavailable, FactorNow, GradeHour, SensorDetail, SensorNow, Series, SeriesPoint};
pub use query::{HistoryQuery, QueryError, Resolution};
pub use readings::{Batch, BatchError, Reading, BATCH_MAX_READINGS};
pub use route::{plan_round, Hotspot, Round};
pub use sensors::{GeoPoint, Sensor, SensorId};

/// A measure repeating the identical value this many readings in a row is flagged stuck.
pub const STUCK_REPEATS: u32 = 24;
/// A sensor with no reading for this long is shown offline.
pub const OFFLINE_AFTER_SECS: i64 = 15 * 60;
/// Raw readings are kept this many days by default; hourly and daily aggregates for good.
pub const RAW_RETENTION_DAYS: i64 = 400;
/// Sensors report once a minute: an hour is complete with 60 readings.
pub const READINGS_PER_HOUR: u32 = 60;
