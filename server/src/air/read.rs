//! The read side of air quality: what the pages show (`domain::air::AirData`), from the registry,
//! the latest values and the hourly aggregates.
//!
//! The district's state (`Snapshot`: every sensor's grade, fine dust, flags and latest values) is
//! worked out with three indexed queries for all sensors and kept in memory: the map page, the API
//! and the live hub all read the kept one. It is worked out again when the hub says readings
//! arrived (`invalidate`) or when it is older than `FRESH_FOR` (sensors go offline as time passes,
//! with no reading to say so).

use domain::air::{
    cai, AirData, AirNow, AirUnavailable, CaiInputs, FactorNow, GeoPoint, GradeHour, Measure, Sensor, SensorDetail,
    SensorId, SensorNow, Series, SeriesPoint, OFFLINE_AFTER_SECS, READINGS_PER_HOUR, STUCK_REPEATS,
};
use domain::courses::BoxFuture;
use domain::{Clock, IsoDate, SeoulTime};
use sqlx::{Row, SqlitePool};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest a kept snapshot is used without new readings.
const FRESH_FOR: Duration = Duration::from_secs(1);
const HOUR: i64 = 3600;
/// The pollutants (their places in `Measure::ALL` are 0, 1 and 3–6): what a CAI is worked out from.
const CAI_MEASURES: [Measure; 6] = [Measure::Pm10, Measure::Pm25, Measure::No2, Measure::O3, Measure::Co, Measure::So2];
/// What the sensor page draws over a day and a week.
const CHART_MEASURES: [Measure; 4] = [Measure::Pm10, Measure::Pm25, Measure::No2, Measure::O3];
/// The day chart's bucket.
const DAY_BUCKET: i64 = 600;

/// The district at one moment, with each sensor's latest value of every factor (the live hub
/// sends those; `AirNow` leaves them out).
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub now: AirNow,
    /// Per sensor, its factors in `Measure::ALL` order (only those it has reported).
    pub factors: HashMap<SensorId, Vec<FactorNow>>,
}

struct Kept {
    snapshot: Arc<Snapshot>,
    generation: u64,
    made: Instant,
}

pub struct SqliteAir {
    pub pool: SqlitePool,
    pub clock: Arc<dyn Clock>,
    pub simulated: bool,
    /// Bumped by `invalidate`: a snapshot made before the bump is not used again.
    generation: AtomicU64,
    /// One snapshot is worked out at a time; callers meanwhile wait for it rather than each
    /// querying the database.
    kept: tokio::sync::Mutex<Option<Kept>>,
}

pub fn unix(t: SeoulTime) -> i64 {
    t.instant().unix_timestamp()
}

pub fn seoul(secs: i64) -> Option<SeoulTime> {
    time::OffsetDateTime::from_unix_timestamp(secs).ok().map(SeoulTime::from_instant)
}

/// The start of the hour holding `secs` (Seoul is a whole number of hours from UTC).
pub fn hour_start(secs: i64) -> i64 {
    secs - secs.rem_euclid(HOUR)
}

/// The start of the Seoul day holding `secs` (the daily aggregates' bucket).
pub fn seoul_day_start(secs: i64) -> i64 {
    const OFFSET: i64 = 9 * HOUR;
    let local = secs + OFFSET;
    local - local.rem_euclid(86_400) - OFFSET
}

pub fn db_failed(what: &'static str) -> impl Fn(sqlx::Error) -> AirUnavailable {
    move |e| {
        tracing::error!(error = %e, what, "air: reading failed");
        AirUnavailable
    }
}

/// A registry row as the domain has it; `None` (and a log line) for a row that does not parse.
fn sensor_of(row: &sqlx::sqlite::SqliteRow) -> Option<(Sensor, Option<i64>)> {
    let id: String = row.get("id");
    let installed: String = row.get("installed");
    let (Some(sensor_id), Some(installed)) = (SensorId::parse(&id), IsoDate::parse(&installed)) else {
        tracing::warn!(id, installed, "air: registry row does not parse; left out");
        return None;
    };
    let sensor = Sensor {
        id: sensor_id,
        name_ko: row.get("name_ko"),
        name_en: row.get("name_en"),
        location: GeoPoint { lat: row.get("lat"), lon: row.get("lon") },
        model: row.get("model"),
        installed,
    };
    Some((sensor, row.get("last_reading_at")))
}

/// A sensor's hourly averages of the CAI's pollutants, by (measure number, hour start).
#[derive(Default)]
pub struct Hours(HashMap<(usize, i64), f64>);

impl Hours {
    pub fn insert(&mut self, measure: usize, bucket: i64, avg: f64) {
        self.0.insert((measure, bucket), avg);
    }

    fn get(&self, measure: Measure, bucket: i64) -> Option<f64> {
        self.0.get(&(measure.index(), bucket)).copied()
    }

    /// The CAI's inputs for the hour starting at `hour`: fine dust's 12 hours up to and including
    /// it; each gas's average of that hour, or of the hour before while this one has none yet
    /// (just after the hour turns).
    pub fn inputs_at(&self, hour: i64) -> CaiInputs {
        let pm = |m: Measure| std::array::from_fn(|k| self.get(m, hour - (11 - k as i64) * HOUR));
        let gas = |m: Measure| self.get(m, hour).or_else(|| self.get(m, hour - HOUR));
        CaiInputs {
            pm10_hours: pm(Measure::Pm10),
            pm25_hours: pm(Measure::Pm25),
            no2: gas(Measure::No2),
            o3: gas(Measure::O3),
            co: gas(Measure::Co),
            so2: gas(Measure::So2),
        }
    }
}

fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let (sum, n) = values.flatten().fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// The district's inputs: each input averaged over the sensors that have it.
fn district_inputs(all: &[&CaiInputs]) -> CaiInputs {
    let pm = |pick: fn(&CaiInputs) -> &[Option<f64>; 12]| std::array::from_fn(|k| mean(all.iter().map(|i| pick(i)[k])));
    CaiInputs {
        pm10_hours: pm(|i| &i.pm10_hours),
        pm25_hours: pm(|i| &i.pm25_hours),
        no2: mean(all.iter().map(|i| i.no2)),
        o3: mean(all.iter().map(|i| i.o3)),
        co: mean(all.iter().map(|i| i.co)),
        so2: mean(all.iter().map(|i| i.so2)),
    }
}

/// The measure numbers as an SQL list (`0,1,3`): constants of ours, never input.
fn sql_list(measures: &[Measure]) -> String {
    measures.iter().map(|m| m.index().to_string()).collect::<Vec<_>>().join(",")
}

/// A latest value is trusted when it is plausible and not repeated `STUCK_REPEATS` times.
fn trusted(f: &FactorNow) -> bool {
    !f.invalid && !f.stuck
}

impl SqliteAir {
    pub fn new(pool: SqlitePool, clock: Arc<dyn Clock>, simulated: bool) -> SqliteAir {
        SqliteAir { pool, clock, simulated, generation: AtomicU64::new(0), kept: tokio::sync::Mutex::new(None) }
    }

    /// New readings were stored: the next read works the state out again.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The district now: the kept snapshot while it is fresh, else a new one.
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, AirUnavailable> {
        let mut kept = self.kept.lock().await;
        let generation = self.generation.load(Ordering::Acquire);
        if let Some(k) = kept.as_ref() {
            if k.generation == generation && k.made.elapsed() < FRESH_FOR {
                return Ok(k.snapshot.clone());
            }
        }
        let snapshot = Arc::new(self.work_out().await?);
        *kept = Some(Kept { snapshot: snapshot.clone(), generation, made: Instant::now() });
        Ok(snapshot)
    }

    /// Three queries for every sensor, in one read transaction so they agree.
    async fn work_out(&self) -> Result<Snapshot, AirUnavailable> {
        let at = self.clock.now();
        let now = unix(at);
        let hour = hour_start(now);
        let mut tx = self.pool.begin().await.map_err(db_failed("begin"))?;
        let registry = sqlx::query(
            "SELECT id, name_ko, name_en, lat, lon, model, installed, last_reading_at FROM air_sensors ORDER BY id",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(db_failed("registry"))?;
        let latest = sqlx::query("SELECT sensor, measure, at, value, repeats, invalid FROM air_latest")
            .fetch_all(&mut *tx)
            .await
            .map_err(db_failed("latest values"))?;
        // `sensor IN (registry)` lets SQLite walk the (sensor, measure, bucket) key per sensor and
        // measure instead of scanning every hour ever stored; fine dust needs 12 hours, the gases
        // only this one and the one before
        let hourly = sqlx::query(
            "SELECT sensor, measure, bucket, sum / n FROM air_hourly \
             WHERE sensor IN (SELECT id FROM air_sensors) AND measure IN (0, 1) AND bucket BETWEEN ? AND ? \
             UNION ALL \
             SELECT sensor, measure, bucket, sum / n FROM air_hourly \
             WHERE sensor IN (SELECT id FROM air_sensors) AND measure IN (3, 4, 5, 6) AND bucket BETWEEN ? AND ?",
        )
        .bind(hour - 11 * HOUR)
        .bind(hour)
        .bind(hour - HOUR)
        .bind(hour)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_failed("hourly averages"))?;
        tx.commit().await.map_err(db_failed("commit"))?;

        let mut factors: HashMap<SensorId, Vec<FactorNow>> = HashMap::new();
        for row in &latest {
            let (Some(id), Some(measure), Some(taken)) = (
                SensorId::parse(row.get::<&str, _>("sensor")),
                Measure::ALL.get(row.get::<i64, _>("measure") as usize).copied(),
                seoul(row.get("at")),
            ) else {
                continue;
            };
            factors.entry(id).or_default().push(FactorNow {
                measure,
                value: row.get("value"),
                at: taken,
                invalid: row.get::<i64, _>("invalid") != 0,
                stuck: row.get::<i64, _>("repeats") >= i64::from(STUCK_REPEATS),
            });
        }
        for list in factors.values_mut() {
            list.sort_by_key(|f| f.measure.index());
        }
        let mut hours: HashMap<String, Hours> = HashMap::new();
        for row in &hourly {
            // by position (sensor, measure, bucket, avg): thousands of rows, no name lookups
            let (sensor, measure, bucket, avg): (&str, i64, i64, Option<f64>) = (row.get(0), row.get(1), row.get(2), row.get(3));
            let (Some(avg), Ok(measure)) = (avg, usize::try_from(measure)) else { continue };
            match hours.get_mut(sensor) {
                Some(h) => h.insert(measure, bucket, avg),
                None => hours.entry(sensor.to_string()).or_default().insert(measure, bucket, avg),
            }
        }

        let none = Hours::default();
        let mut sensors = Vec::with_capacity(registry.len());
        let mut online_inputs = Vec::new();
        for row in &registry {
            let Some((sensor, last)) = sensor_of(row) else { continue };
            let offline = last.is_none_or(|t| now - t > OFFLINE_AFTER_SECS);
            let inputs = hours.get(sensor.id.as_str()).unwrap_or(&none).inputs_at(hour);
            let mine = factors.get(&sensor.id).map(Vec::as_slice).unwrap_or_default();
            let latest_valid = |m: Measure| mine.iter().find(|f| f.measure == m && trusted(f)).map(|f| f.value);
            let grade = if offline { None } else { cai(&inputs) };
            if !offline {
                online_inputs.push(inputs);
            }
            sensors.push(SensorNow {
                last_reading: last.and_then(seoul),
                offline,
                cai: grade,
                pm10: latest_valid(Measure::Pm10),
                pm25: latest_valid(Measure::Pm25),
                flagged: mine.iter().filter(|f| !trusted(f)).map(|f| f.measure).collect(),
                sensor,
            });
        }
        let district = cai(&district_inputs(&online_inputs.iter().collect::<Vec<_>>()));
        Ok(Snapshot { now: AirNow { at, sensors, district, simulated: self.simulated }, factors })
    }

    /// A sensor page's charts and grades: one query on raw readings (the day), one on the hourly
    /// aggregates (the week and the grades' inputs), one on hour completeness.
    async fn detail(&self, id: &SensorId) -> Result<Option<SensorDetail>, AirUnavailable> {
        let snapshot = self.snapshot().await?;
        let Some(now_of_sensor) = snapshot.now.sensors.iter().find(|s| &s.sensor.id == id).cloned() else {
            return Ok(None);
        };
        let now = unix(snapshot.now.at);
        let hour = hour_start(now);
        let mut tx = self.pool.begin().await.map_err(db_failed("begin"))?;
        let raw = sqlx::query(
            "SELECT at, v_pm10, v_pm25, v_no2, v_o3, invalid | stuck AS bad FROM air_readings \
             WHERE sensor = ? AND at > ? AND at <= ? ORDER BY at",
        )
        .bind(id.as_str())
        .bind(now - 24 * HOUR)
        .bind(now)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_failed("day readings"))?;
        // the week's 168 hours; the grades need 24 + 11 of them
        let week_from = hour - 167 * HOUR;
        let hourly = sqlx::query(&format!(
            "SELECT measure, bucket, n, sum, min, max FROM air_hourly \
             WHERE sensor = ? AND measure IN ({}) AND bucket BETWEEN ? AND ? ORDER BY measure, bucket",
            sql_list(&CAI_MEASURES)
        ))
        .bind(id.as_str())
        .bind(week_from)
        .bind(hour)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_failed("week aggregates"))?;
        let counts = sqlx::query("SELECT bucket, readings FROM air_hour_counts WHERE sensor = ? AND bucket BETWEEN ? AND ?")
            .bind(id.as_str())
            .bind(hour - 23 * HOUR)
            .bind(hour)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_failed("hour counts"))?;
        tx.commit().await.map_err(db_failed("commit"))?;

        let day = day_series(&raw);
        let mut hours = Hours::default();
        let mut week: Vec<Series> = CHART_MEASURES.iter().map(|&measure| Series { measure, points: Vec::new() }).collect();
        for row in &hourly {
            let index = row.get::<i64, _>("measure") as usize;
            let (bucket, n, sum): (i64, i64, f64) = (row.get("bucket"), row.get("n"), row.get("sum"));
            if n <= 0 {
                continue;
            }
            let avg = sum / n as f64;
            hours.insert(index, bucket, avg);
            let Some(series) = week.iter_mut().find(|s| s.measure.index() == index) else { continue };
            let Some(at) = seoul(bucket) else { continue };
            let count = u32::try_from(n).unwrap_or(u32::MAX);
            series.points.push(SeriesPoint { at, avg, min: row.get("min"), max: row.get("max"), count });
        }
        let counts: HashMap<i64, i64> = counts.iter().map(|r| (r.get("bucket"), r.get("readings"))).collect();
        let grades = (0..24)
            .rev()
            .filter_map(|back| {
                let start = hour - back * HOUR;
                let grade = cai(&hours.inputs_at(start));
                let readings = counts.get(&start).copied().unwrap_or(0) as f64;
                Some(GradeHour {
                    hour: seoul(start)?,
                    index: grade.as_ref().map(|g| g.index),
                    grade: grade.map(|g| g.grade),
                    completeness: (readings / f64::from(READINGS_PER_HOUR)).clamp(0.0, 1.0),
                })
            })
            .collect();
        let factors = snapshot.factors.get(id).cloned().unwrap_or_default();
        Ok(Some(SensorDetail { now: now_of_sensor, factors, day, week, grades }))
    }
}

/// The day chart: PM10, PM2.5, NO2 and O3 in 10-minute buckets of their valid readings (a value
/// whose bit is set in `invalid | stuck` is left out).
fn day_series(rows: &[sqlx::sqlite::SqliteRow]) -> Vec<Series> {
    let columns = ["v_pm10", "v_pm25", "v_no2", "v_o3"];
    let mut series: Vec<Series> = CHART_MEASURES.iter().map(|&measure| Series { measure, points: Vec::new() }).collect();
    for row in rows {
        let at: i64 = row.get("at");
        let bad: i64 = row.get("bad");
        let bucket = at - at.rem_euclid(DAY_BUCKET);
        for (s, column) in series.iter_mut().zip(columns) {
            let value: Option<f64> = row.get(column);
            let Some(value) = value.filter(|v| v.is_finite()) else { continue };
            if bad & (1 << s.measure.index()) != 0 {
                continue;
            }
            add_to_bucket(&mut s.points, bucket, value);
        }
    }
    for s in &mut series {
        for p in &mut s.points {
            // `avg` holds the sum until every reading is in
            p.avg /= f64::from(p.count.max(1));
        }
    }
    series
}

/// Rows come in time order, so a bucket is either the last point or a new one.
fn add_to_bucket(points: &mut Vec<SeriesPoint>, bucket: i64, value: f64) {
    if let Some(last) = points.last_mut() {
        if unix(last.at) == bucket {
            last.avg += value;
            last.min = last.min.min(value);
            last.max = last.max.max(value);
            last.count += 1;
            return;
        }
    }
    if let Some(at) = seoul(bucket) {
        points.push(SeriesPoint { at, avg: value, min: value, max: value, count: 1 });
    }
}

impl AirData for SqliteAir {
    fn now(&self) -> BoxFuture<'_, Result<AirNow, AirUnavailable>> {
        Box::pin(async move { Ok(self.snapshot().await?.now.clone()) })
    }

    fn sensor<'a>(&'a self, id: &'a SensorId) -> BoxFuture<'a, Result<Option<SensorDetail>, AirUnavailable>> {
        Box::pin(self.detail(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seoul_day_starts_at_midnight_in_seoul() {
        let t = SeoulTime::at(IsoDate::parse("2026-11-23").unwrap(), 10, 0).unwrap();
        let midnight = SeoulTime::at(IsoDate::parse("2026-11-23").unwrap(), 0, 0).unwrap();
        assert_eq!(seoul_day_start(unix(t)), unix(midnight));
        assert_eq!(seoul_day_start(unix(midnight)), unix(midnight));
        assert_eq!(hour_start(unix(t) + 59 * 60), unix(t));
    }

    #[test]
    fn the_snapshot_querys_measure_numbers_are_the_pollutants_places() {
        let places: Vec<usize> = CAI_MEASURES.iter().map(|m| m.index()).collect();
        assert_eq!(places, vec![0, 1, 3, 4, 5, 6]);
    }

    #[test]
    fn gases_fall_back_to_the_previous_hour_just_after_it_turns() {
        let mut h = Hours::default();
        h.insert(Measure::No2.index(), 0, 0.02);
        h.insert(Measure::O3.index(), HOUR, 0.03);
        h.insert(Measure::O3.index(), 0, 0.01);
        let inputs = h.inputs_at(HOUR);
        assert_eq!((inputs.no2, inputs.o3), (Some(0.02), Some(0.03)));
        h.insert(Measure::Pm10.index(), HOUR, 40.0);
        assert_eq!(h.inputs_at(HOUR).pm10_hours[11], Some(40.0));
        assert_eq!(h.inputs_at(2 * HOUR).pm10_hours[10], Some(40.0));
    }
}
