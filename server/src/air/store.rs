//! Writing readings: raw rows time-first, the latest value per measure (stuck detection), hourly
//! and daily aggregates and hour completeness, in one durable transaction per batch.
//!
//! `write_batch` runs inside a write transaction it is given (ingestion runs it through
//! `group_commit`, one savepoint per batch, many batches per flush). It first claims the batch's
//! sequence number (`UPDATE … WHERE last_sequence < ?`, one row or the batch is a replay), so
//! two requests carrying one sequence number can never both be stored: the second waits for the
//! write lock and then finds the number taken.
//!
//! What is judged here, per value: *invalid* when outside its measure's physical range, *stuck*
//! when it repeats the sensor's previous value of that measure bit for bit `STUCK_REPEATS` times
//! in a row or more. Both are stored as bits of the raw row and left out of the aggregates. Only a
//! reading newer than a measure's latest value moves the latest value (and the repeat count): a
//! late reading is stored and aggregated, but neither judged stuck nor shown as the newest.

use domain::air::{Batch, Measure, SensorId, STUCK_REPEATS};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::{BTreeMap, HashSet};

const MEASURES: usize = Measure::ALL.len();
/// Rows per multi-row INSERT (24 bound values each, far below SQLite's 32,766).
const ROWS_PER_INSERT: usize = 100;

/// What a stored batch came to (the answer's counts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stored {
    /// Readings stored now.
    pub accepted: u64,
    /// Readings already stored (same sensor, same moment): ignored.
    pub duplicates: u64,
    /// Values of the stored readings flagged invalid (out of range).
    pub invalid: u64,
    /// Values of the stored readings flagged stuck.
    pub stuck: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The sequence number is not above the last accepted one (or the sensor is gone).
    #[error("replayed sequence number")]
    Replayed,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The start of the hour holding `at` (Unix seconds).
pub fn hour_bucket(at: i64) -> i64 {
    at - at.rem_euclid(3600)
}

/// The start of the Seoul day (UTC+9, no summer time) holding `at`.
pub fn day_bucket(at: i64) -> i64 {
    (at + 32_400).div_euclid(86_400) * 86_400 - 32_400
}

#[derive(Clone, Copy)]
struct Latest {
    at: i64,
    value: f64,
    repeats: i64,
    invalid: bool,
    changed: bool,
}

/// Running aggregate of one (bucket, measure).
#[derive(Clone, Copy)]
struct Agg {
    n: i64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Agg {
    fn add(entry: Option<&mut Agg>, v: f64) -> Option<Agg> {
        match entry {
            Some(a) => {
                a.n += 1;
                a.sum += v;
                a.min = a.min.min(v);
                a.max = a.max.max(v);
                None
            }
            None => Some(Agg { n: 1, sum: v, min: v, max: v }),
        }
    }
}

fn add_to(map: &mut BTreeMap<(i64, usize), Agg>, key: (i64, usize), v: f64) {
    if let Some(new) = Agg::add(map.get_mut(&key), v) {
        map.insert(key, new);
    }
}

/// A raw row to insert.
struct Row24 {
    at: i64,
    values: [Option<f64>; MEASURES],
    invalid: i64,
    stuck: i64,
}

/// Stores one checked batch for `sensor` under `sequence`, inside the caller's write transaction.
pub async fn write_batch(conn: &mut SqliteConnection, sensor: &SensorId, sequence: i64, batch: &Batch) -> Result<Stored, StoreError> {
    let claimed = sqlx::query("UPDATE air_sensors SET last_sequence = ? WHERE id = ? AND last_sequence < ?")
        .bind(sequence)
        .bind(sensor.as_str())
        .bind(sequence)
        .execute(&mut *conn)
        .await?;
    if claimed.rows_affected() != 1 {
        return Err(StoreError::Replayed);
    }
    let times: Vec<i64> = batch.readings.iter().map(|r| r.at.instant().unix_timestamp()).collect();
    let (Some(&first), Some(&last)) = (times.iter().min(), times.iter().max()) else { return Ok(Stored::default()) };
    let mut existing: HashSet<i64> = sqlx::query_scalar("SELECT at FROM air_readings WHERE sensor = ? AND at BETWEEN ? AND ?")
        .bind(sensor.as_str())
        .bind(first)
        .bind(last)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();

    let mut latest: [Option<Latest>; MEASURES] = [None; MEASURES];
    for row in sqlx::query("SELECT measure, at, value, repeats, invalid FROM air_latest WHERE sensor = ?").bind(sensor.as_str()).fetch_all(&mut *conn).await? {
        let measure: i64 = row.get("measure");
        if let Some(slot) = usize::try_from(measure).ok().and_then(|i| latest.get_mut(i)) {
            *slot = Some(Latest { at: row.get("at"), value: row.get("value"), repeats: row.get("repeats"), invalid: row.get::<i64, _>("invalid") != 0, changed: false });
        }
    }

    let mut stored = Stored::default();
    let mut rows = Vec::with_capacity(batch.readings.len());
    let mut hourly: BTreeMap<(i64, usize), Agg> = BTreeMap::new();
    let mut daily: BTreeMap<(i64, usize), Agg> = BTreeMap::new();
    let mut hour_counts: BTreeMap<i64, i64> = BTreeMap::new();
    // readings come oldest first (`Batch::parse` sorts them), so repeats count in time order
    for (reading, &at) in batch.readings.iter().zip(&times) {
        if existing.contains(&at) {
            stored.duplicates += 1;
            continue;
        }
        let mut row = Row24 { at, values: [None; MEASURES], invalid: 0, stuck: 0 };
        for &(measure, value) in &reading.values {
            let i = measure.index();
            let plausible = measure.plausible(value);
            row.values[i] = Some(value);
            let mut stuck = false;
            match &mut latest[i] {
                Some(l) if at <= l.at => {} // a late reading: judged by range only
                slot => {
                    let repeats = match slot {
                        Some(l) if l.value.to_bits() == value.to_bits() => l.repeats.saturating_add(1),
                        _ => 1,
                    };
                    stuck = repeats >= i64::from(STUCK_REPEATS);
                    *slot = Some(Latest { at, value, repeats, invalid: !plausible, changed: true });
                }
            }
            if !plausible {
                row.invalid |= 1 << i;
                stored.invalid += 1;
            }
            if stuck {
                row.stuck |= 1 << i;
                stored.stuck += 1;
            }
            if plausible && !stuck {
                add_to(&mut hourly, (hour_bucket(at), i), value);
                add_to(&mut daily, (day_bucket(at), i), value);
            }
        }
        // a second reading at the same second (the domain refuses them; be sure) is a duplicate
        existing.insert(at);
        *hour_counts.entry(hour_bucket(at)).or_insert(0) += 1;
        stored.accepted += 1;
        rows.push(row);
    }
    if rows.is_empty() {
        return Ok(stored);
    }

    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut q = QueryBuilder::<Sqlite>::new(insert_head());
        q.push_values(chunk, |mut b, row| {
            b.push_bind(row.at).push_bind(sensor.as_str());
            for v in row.values {
                b.push_bind(v);
            }
            b.push_bind(row.invalid).push_bind(row.stuck);
        });
        q.build().execute(&mut *conn).await?;
    }

    let changed: Vec<(usize, Latest)> = latest.iter().enumerate().filter_map(|(i, l)| l.filter(|l| l.changed).map(|l| (i, l))).collect();
    if !changed.is_empty() {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO air_latest (sensor, measure, at, value, repeats, invalid) ");
        q.push_values(&changed, |mut b, (i, l)| {
            b.push_bind(sensor.as_str()).push_bind(*i as i64).push_bind(l.at).push_bind(l.value).push_bind(l.repeats).push_bind(i64::from(l.invalid));
        });
        q.push(
            " ON CONFLICT (sensor, measure) DO UPDATE SET at = excluded.at, value = excluded.value, repeats = excluded.repeats, \
             invalid = excluded.invalid WHERE excluded.at > air_latest.at",
        );
        q.build().execute(&mut *conn).await?;
    }

    for (table, aggs) in [("air_hourly", &hourly), ("air_daily", &daily)] {
        let groups: Vec<(&(i64, usize), &Agg)> = aggs.iter().collect();
        for chunk in groups.chunks(ROWS_PER_INSERT) {
            let mut q = QueryBuilder::<Sqlite>::new(format!("INSERT INTO {table} (sensor, measure, bucket, n, sum, min, max) "));
            q.push_values(chunk, |mut b, ((bucket, i), a)| {
                b.push_bind(sensor.as_str()).push_bind(*i as i64).push_bind(*bucket).push_bind(a.n).push_bind(a.sum).push_bind(a.min).push_bind(a.max);
            });
            q.push(format!(
                " ON CONFLICT (sensor, measure, bucket) DO UPDATE SET n = {table}.n + excluded.n, sum = {table}.sum + excluded.sum, \
                 min = MIN({table}.min, excluded.min), max = MAX({table}.max, excluded.max)"
            ));
            q.build().execute(&mut *conn).await?;
        }
    }

    let counts: Vec<(i64, i64)> = hour_counts.into_iter().collect();
    for chunk in counts.chunks(ROWS_PER_INSERT) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO air_hour_counts (sensor, bucket, readings) ");
        q.push_values(chunk, |mut b, (bucket, n)| {
            b.push_bind(sensor.as_str()).push_bind(*bucket).push_bind(*n);
        });
        q.push(" ON CONFLICT (sensor, bucket) DO UPDATE SET readings = air_hour_counts.readings + excluded.readings");
        q.build().execute(&mut *conn).await?;
    }

    let newest = rows.iter().map(|r| r.at).max().unwrap_or(last);
    sqlx::query("UPDATE air_sensors SET last_reading_at = MAX(COALESCE(last_reading_at, ?1), ?1) WHERE id = ?2")
        .bind(newest)
        .bind(sensor.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(stored)
}

/// `INSERT OR IGNORE INTO air_readings (at, sensor, v_pm10, …, invalid, stuck) ` in `Measure::ALL` order.
fn insert_head() -> &'static str {
    static HEAD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HEAD.get_or_init(|| {
        let columns: Vec<String> = Measure::ALL.iter().map(|m| format!("v_{}", m.slug())).collect();
        format!("INSERT OR IGNORE INTO air_readings (at, sensor, {}, invalid, stuck) ", columns.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_start_at_the_hour_and_at_seoul_midnight() {
        let day = domain::IsoDate::parse("2026-11-23").unwrap();
        let unix = |h, m| domain::SeoulTime::at(day, h, m).unwrap().instant().unix_timestamp();
        assert_eq!(hour_bucket(unix(10, 30)), unix(10, 0));
        assert_eq!(day_bucket(unix(10, 30)), unix(0, 0));
        assert_eq!(day_bucket(unix(0, 0)), unix(0, 0));
        assert_eq!(day_bucket(unix(0, 0) - 1), unix(0, 0) - 86_400);
        assert_eq!(day_bucket(unix(23, 59)), unix(0, 0));
    }
}
