//! The catalogue's SQL: reading and writing courses and district courses.

use crate::db::begin_write;
use domain::courses::*;
use sqlx::{Row, SqlitePool};

const COURSE_COLUMNS: &str = "id, platform, external_id, title_ko, title_en, summary, keywords, subject, level, \
     hours, format, language, status, opens_on, free, url, added_on, generated";

/// A stored value that no longer parses means the table was edited by hand: refuse loudly.
fn vocab<T>(value: String, parse: fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    parse(&value).ok_or_else(|| sqlx::Error::Decode(format!("unknown stored value {value:?}").into()))
}

fn date(value: String) -> Result<IsoDate, sqlx::Error> {
    vocab(value, IsoDate::parse)
}

/// Reads a row selected with `COURSE_COLUMNS`, by position (by name costs a lookup per field, and
/// start-up reads 36,496 rows).
fn course_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Course, sqlx::Error> {
    let keywords: String = row.try_get(6)?;
    Ok(Course {
        id: CourseId(row.try_get(0)?),
        platform: vocab(row.try_get(1)?, Platform::parse)?,
        external_id: row.try_get(2)?,
        title_ko: row.try_get(3)?,
        title_en: row.try_get(4)?,
        summary: row.try_get(5)?,
        keywords: keywords.split(';').filter(|k| !k.is_empty()).map(String::from).collect(),
        subject: vocab(row.try_get(7)?, Subject::parse)?,
        level: vocab(row.try_get(8)?, Level::parse)?,
        hours: row.try_get::<i64, _>(9)? as u16,
        format: vocab(row.try_get(10)?, Format::parse)?,
        language: vocab(row.try_get(11)?, Language::parse)?,
        status: vocab(row.try_get(12)?, Status::parse)?,
        opens_on: row.try_get::<Option<String>, _>(13)?.map(date).transpose()?,
        free: row.try_get(14)?,
        url: row.try_get(15)?,
        added_on: date(row.try_get(16)?)?,
        generated: row.try_get(17)?,
    })
}

/// Every course, in id order, handed to `each` as it is read: start-up indexes while it reads.
pub async fn each_course(pool: &SqlitePool, mut each: impl FnMut(Course) -> anyhow::Result<()>) -> anyhow::Result<()> {
    use futures_util::TryStreamExt;
    let sql = format!("SELECT {COURSE_COLUMNS} FROM courses ORDER BY id");
    let mut rows = sqlx::query(&sql).fetch(pool);
    while let Some(row) = rows.try_next().await? {
        each(course_from_row(&row)?)?;
    }
    Ok(())
}

pub async fn count_courses(pool: &SqlitePool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM courses").fetch_one(pool).await
}

/// What an upsert did to the stored course.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upsert {
    Inserted,
    Updated,
    Unchanged,
}

const INSERT_COURSE: &str = "INSERT INTO courses (platform, external_id, title_ko, title_en, summary, keywords, \
     subject, level, hours, format, language, status, opens_on, free, url, added_on, generated) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

const UPDATE_COURSE: &str = "UPDATE courses SET title_ko = ?3, title_en = ?4, summary = ?5, keywords = ?6, \
     subject = ?7, level = ?8, hours = ?9, format = ?10, language = ?11, status = ?12, opens_on = ?13, free = ?14, \
     url = ?15, added_on = ?16, generated = ?17 WHERE platform = ?1 AND external_id = ?2";

/// Runs `INSERT_COURSE` or `UPDATE_COURSE` (same parameters) for `c`.
async fn write_course(tx: &mut sqlx::SqliteConnection, sql: &str, c: &Course) -> sqlx::Result<()> {
    sqlx::query(sql)
        .bind(c.platform.slug())
        .bind(&c.external_id)
        .bind(&c.title_ko)
        .bind(&c.title_en)
        .bind(&c.summary)
        .bind(c.keywords.join(";"))
        .bind(c.subject.slug())
        .bind(c.level.slug())
        .bind(c.hours as i64)
        .bind(c.format.slug())
        .bind(c.language.slug())
        .bind(c.status.slug())
        .bind(c.opens_on.as_ref().map(|d| d.to_string()))
        .bind(c.free)
        .bind(&c.url)
        .bind(c.added_on.to_string())
        .bind(c.generated)
        .execute(&mut *tx)
        .await
        .map(|_| ())
}

/// Inserts the course, or updates the stored one with the same (platform, external id) when any
/// field differs. Runs inside the caller's transaction.
pub async fn upsert_course(tx: &mut sqlx::SqliteConnection, c: &Course) -> sqlx::Result<Upsert> {
    let existing = sqlx::query(&format!("SELECT {COURSE_COLUMNS} FROM courses WHERE platform = ? AND external_id = ?"))
        .bind(c.platform.slug())
        .bind(&c.external_id)
        .fetch_optional(&mut *tx)
        .await?;
    match existing.as_ref().map(course_from_row).transpose()? {
        Some(stored) if Course { id: stored.id, ..c.clone() } == stored => Ok(Upsert::Unchanged),
        Some(_) => write_course(tx, UPDATE_COURSE, c).await.map(|_| Upsert::Updated),
        None => write_course(tx, INSERT_COURSE, c).await.map(|_| Upsert::Inserted),
    }
}

/// Replaces the whole catalogue and the district courses with the given demo data, atomically.
pub async fn replace_with(pool: &SqlitePool, courses: &[Course], district: &[DistrictCourse]) -> sqlx::Result<()> {
    let mut tx = begin_write(pool).await?;
    sqlx::query("DELETE FROM courses").execute(&mut *tx).await?;
    sqlx::query("DELETE FROM district_courses").execute(&mut *tx).await?;
    for c in courses {
        write_course(&mut tx, INSERT_COURSE, c).await?;
    }
    for d in district {
        sqlx::query(
            "INSERT INTO district_courses (id, institution, title, summary, subject, venue, schedule, starts_on, \
             ends_on, capacity, enrolled, fee_krw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(d.id)
        .bind(d.institution.slug())
        .bind(&d.title)
        .bind(&d.summary)
        .bind(d.subject.slug())
        .bind(&d.venue)
        .bind(&d.schedule)
        .bind(d.starts_on.to_string())
        .bind(d.ends_on.to_string())
        .bind(d.capacity as i64)
        .bind(d.enrolled as i64)
        .bind(d.fee_krw as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

pub async fn district_courses(pool: &SqlitePool) -> sqlx::Result<Vec<DistrictCourse>> {
    let rows = sqlx::query("SELECT * FROM district_courses ORDER BY starts_on, id").fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            Ok(DistrictCourse {
                id: r.try_get("id")?,
                institution: vocab(r.try_get("institution")?, Institution::parse)?,
                title: r.try_get("title")?,
                summary: r.try_get("summary")?,
                subject: vocab(r.try_get("subject")?, Subject::parse)?,
                venue: r.try_get("venue")?,
                schedule: r.try_get("schedule")?,
                starts_on: date(r.try_get("starts_on")?)?,
                ends_on: date(r.try_get("ends_on")?)?,
                capacity: r.try_get::<i64, _>("capacity")? as u32,
                enrolled: r.try_get::<i64, _>("enrolled")? as u32,
                fee_krw: r.try_get::<i64, _>("fee_krw")? as u32,
            })
        })
        .collect()
}

/// The district courses as the pages see them.
pub struct SqliteDistrictCourses(pub SqlitePool);

impl DistrictCourses for SqliteDistrictCourses {
    fn list(&self) -> BoxFuture<'_, Result<Vec<DistrictCourse>, StorageUnavailable>> {
        Box::pin(async move {
            district_courses(&self.0).await.map_err(|e| {
                tracing::error!(error = %e, "reading district courses failed");
                StorageUnavailable
            })
        })
    }
}
