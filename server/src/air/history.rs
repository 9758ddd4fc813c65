//! History for the data API: one sensor's raw readings (with their flags) and its hourly and
//! daily aggregates, by the indexes the schema keeps for them: raw rows by `(sensor, at)`,
//! aggregates by their key `(sensor, measure, bucket)` — a week of hours is one short range per
//! measure.

use domain::air::{Measure, SensorId};
use sqlx::{Row, SqlitePool};
use std::collections::HashMap;

/// The most values (rows × measures) one raw answer carries: 10,000 rows of all 20 measures
/// (about a week at one reading a minute), a whole 31 days of up to four measures. A longer
/// answer stops there and says where to go on from (`next_from`).
pub const RAW_MAX_VALUES: usize = 200_000;

/// Rows one raw answer may hold for `measures` measures.
pub fn raw_row_cap(measures: usize) -> usize {
    (RAW_MAX_VALUES / measures.max(1)).min(RAW_MAX_VALUES)
}

/// One raw reading: the asked measures' values in the order asked, and the row's flag bits.
#[derive(Clone, Debug, PartialEq)]
pub struct RawRow {
    pub at: i64,
    pub values: Vec<Option<f64>>,
    pub invalid: i64,
    pub stuck: i64,
}

impl RawRow {
    pub fn invalid(&self, m: Measure) -> bool {
        self.invalid & (1 << m.index()) != 0
    }

    pub fn stuck(&self, m: Measure) -> bool {
        self.stuck & (1 << m.index()) != 0
    }
}

/// One bucket of the valid values of one measure.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    pub measure: Measure,
    pub bucket: i64,
    pub n: i64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
}

impl Aggregate {
    pub fn avg(&self) -> f64 {
        self.sum / self.n.max(1) as f64
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Hourly,
    Daily,
}

pub async fn sensor_exists(pool: &SqlitePool, id: &SensorId) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM air_sensors WHERE id = ?").bind(id.as_str()).fetch_optional(pool).await?.is_some())
}

/// Raw readings with `from <= at < to`, oldest first, at most `cap`; the second value is the time
/// of the first reading left out, if any.
pub async fn raw(
    pool: &SqlitePool,
    id: &SensorId,
    (from, to): (i64, i64),
    measures: &[Measure],
    cap: usize,
) -> Result<(Vec<RawRow>, Option<i64>), sqlx::Error> {
    // column names come from the measures' own slugs, never from the request's text
    let columns: Vec<String> = measures.iter().map(|m| format!("v_{}", m.slug())).collect();
    let sql = format!(
        "SELECT at, {}invalid, stuck FROM air_readings WHERE sensor = ? AND at >= ? AND at < ? ORDER BY at LIMIT ?",
        columns.iter().map(|c| format!("{c}, ")).collect::<String>()
    );
    let rows = sqlx::query(&sql)
        .bind(id.as_str())
        .bind(from)
        .bind(to)
        .bind(i64::try_from(cap).unwrap_or(i64::MAX).saturating_add(1))
        .fetch_all(pool)
        .await?;
    let mut out: Vec<RawRow> = rows
        .iter()
        .map(|row| RawRow {
            at: row.get("at"),
            values: columns.iter().map(|c| row.get::<Option<f64>, _>(c.as_str())).collect(),
            invalid: row.get("invalid"),
            stuck: row.get("stuck"),
        })
        .collect();
    let next = if out.len() > cap { out.truncate(cap + 1); out.pop().map(|r| r.at) } else { None };
    Ok((out, next))
}

/// Aggregates of `measures` with `from <= bucket < to`, by measure then time.
pub async fn aggregates(
    pool: &SqlitePool,
    table: Table,
    id: &SensorId,
    (from, to): (i64, i64),
    measures: &[Measure],
) -> Result<Vec<Aggregate>, sqlx::Error> {
    let name = match table {
        Table::Hourly => "air_hourly",
        Table::Daily => "air_daily",
    };
    let list = measures.iter().map(|m| m.index().to_string()).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT measure, bucket, n, sum, min, max FROM {name} \
         WHERE sensor = ? AND measure IN ({list}) AND bucket >= ? AND bucket < ? ORDER BY measure, bucket"
    );
    let rows = sqlx::query(&sql).bind(id.as_str()).bind(from).bind(to).fetch_all(pool).await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            // by position: the columns are named in the query above
            Some(Aggregate {
                measure: *Measure::ALL.get(usize::try_from(row.get::<i64, _>(0)).ok()?)?,
                bucket: row.get(1),
                n: row.get(2),
                sum: row.get(3),
                min: row.get(4),
                max: row.get(5),
            })
        })
        .collect())
}

/// Readings received per hour (any validity) with `from <= bucket < to`.
pub async fn hour_counts(pool: &SqlitePool, id: &SensorId, (from, to): (i64, i64)) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let rows = sqlx::query("SELECT bucket, readings FROM air_hour_counts WHERE sensor = ? AND bucket >= ? AND bucket < ?")
        .bind(id.as_str())
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(|r| (r.get("bucket"), r.get("readings"))).collect())
}
