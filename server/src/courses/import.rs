//! `dongne import courses FILE.csv`: loads a platform's catalogue feed. Every row is checked first;
//! a file with any bad row changes nothing (unless told to skip bad rows), and the good rows are
//! upserted by (platform, external id) in one transaction, so re-importing a file changes nothing.

use super::store::{upsert_course, Upsert};
use crate::db::begin_write;
use domain::courses::{Course, CourseRow};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::io::Read;

/// A row that cannot enter the catalogue: its line in the file (the header is line 1) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reasons: Vec<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub errors: Vec<RowError>,
    /// False when bad rows stopped the import before anything was written.
    pub applied: bool,
}

/// Reads and checks every row of a CSV feed.
///
/// A row's line is where the row starts in the file, as the CSV reader counts it: a quoted field may
/// span lines, so counting rows would name the wrong line for every row after it.
pub fn read_rows(input: impl Read) -> (Vec<Course>, Vec<RowError>) {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(input);
    let mut courses = Vec::new();
    let mut errors = Vec::new();
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            errors.push(RowError { line: 1, reasons: vec![format!("unreadable header: {e}")] });
            return (courses, errors);
        }
    };
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut last_line = 1;
    for record in reader.records() {
        let line = match &record {
            Ok(r) => r.position().map(|p| p.line()),
            Err(e) => e.position().map(|p| p.line()),
        }
        .unwrap_or(last_line + 1);
        last_line = line;
        let stop = matches!(&record, Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)));
        let parsed = record
            .and_then(|r| r.deserialize::<CourseRow>(Some(&headers)))
            .map_err(|e| vec![format!("unreadable row: {e}")])
            .and_then(|row| row.parse());
        match parsed {
            Ok(course) => {
                let key = (course.platform.slug().to_string(), course.external_id.clone());
                if let Some(first) = seen.insert(key, line) {
                    errors.push(RowError { line, reasons: vec![format!("same platform and external_id as line {first}")] });
                } else {
                    courses.push(course);
                }
            }
            Err(reasons) => errors.push(RowError { line, reasons }),
        }
        if stop {
            break; // the file itself cannot be read further
        }
    }
    (courses, errors)
}

/// Imports a feed. `progress` is told after each row written.
pub async fn import(
    pool: &SqlitePool,
    input: impl Read,
    skip_invalid: bool,
    progress: impl Fn(u64, u64),
) -> anyhow::Result<ImportReport> {
    let (courses, errors) = read_rows(input);
    let mut report = ImportReport { skipped: errors.len(), errors, ..ImportReport::default() };
    if !report.errors.is_empty() && !skip_invalid {
        report.skipped = 0;
        return Ok(report);
    }
    let mut tx = begin_write(pool).await?;
    for (i, course) in courses.iter().enumerate() {
        match upsert_course(&mut tx, course).await? {
            Upsert::Inserted => report.inserted += 1,
            Upsert::Updated => report.updated += 1,
            Upsert::Unchanged => report.unchanged += 1,
        }
        progress(i as u64 + 1, courses.len() as u64);
    }
    tx.commit().await?;
    report.applied = true;
    Ok(report)
}
