//! District courses in the seat engine: each of the district's offline courses has one seat session
//! (kind `course`, resource = the course id) whose capacity and seats taken are the course's. That
//! session is the one source of truth for seats: `/learn/district` reads seats left from it, and
//! applications, cancellations and the waitlist change it through `SeatBook`.

use super::store::district_courses;
use crate::db::begin_write;
use crate::seats::time_text;
use domain::courses::{BoxFuture, DistrictCourse, DistrictCourses, StorageUnavailable};
use domain::seats::{Kind, SessionId};
use domain::SeoulTime;
use sqlx::{Row, SqlitePool};
use std::collections::HashMap;
use std::sync::Arc;

/// Applications open this long before a course starts: in practice as soon as it is listed.
const APPLY_DAYS_AHEAD: i64 = 365;

/// The first two `HH:MM` of a schedule ("매주 화 10:00–12:00"), or 09:00–10:00 when it has none.
fn class_hours(schedule: &str) -> ((u8, u8), (u8, u8)) {
    let b = schedule.as_bytes();
    let mut times = (0..b.len().saturating_sub(4)).filter_map(|i| {
        let t = &b[i..i + 5];
        let digits = [0, 1, 3, 4].iter().all(|&k| t[k].is_ascii_digit());
        let boundary = i == 0 || !b[i - 1].is_ascii_digit();
        (digits && t[2] == b':' && boundary).then(|| ((t[0] - b'0') * 10 + t[1] - b'0', (t[3] - b'0') * 10 + t[4] - b'0'))
    });
    let start = times.next().filter(|&(h, m)| h < 24 && m < 60).unwrap_or((9, 0));
    let end = times.next().filter(|&(h, m)| h < 24 && m < 60 && (h, m) > start).unwrap_or((start.0 + 1, start.1));
    (start, end)
}

/// The seat session of a course: from its first class to the end of its last one.
pub fn session_times(course: &DistrictCourse) -> Option<(SeoulTime, SeoulTime, SeoulTime)> {
    let ((sh, sm), (eh, em)) = class_hours(&course.schedule);
    let starts_at = SeoulTime::at(course.starts_on, sh, sm)?;
    let ends_at = SeoulTime::at(course.ends_on, eh.min(23), em)?;
    let opens_at = SeoulTime::at(course.starts_on.plus_days(-APPLY_DAYS_AHEAD), 9, 0)?;
    (ends_at > starts_at).then_some((starts_at, ends_at, opens_at))
}

/// Gives every district course its seat session if it has none yet (start-up and hourly). The
/// seats already taken are the course's enrolled count the first time, and never touched after.
pub async fn ensure_sessions(pool: &SqlitePool) -> sqlx::Result<u64> {
    let courses = district_courses(pool).await?;
    let mut tx = begin_write(pool).await?;
    let mut added = 0;
    for course in &courses {
        let Some((starts_at, ends_at, opens_at)) = session_times(course) else { continue };
        let exists = sqlx::query("SELECT 1 FROM seat_sessions WHERE kind = ? AND resource = ?")
            .bind(Kind::Course.slug())
            .bind(course.id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            continue;
        }
        added += sqlx::query(
            "INSERT OR IGNORE INTO seat_sessions (kind, resource, starts_at, ends_at, opens_at, capacity, taken) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(Kind::Course.slug())
        .bind(course.id.to_string())
        .bind(time_text(starts_at))
        .bind(time_text(ends_at))
        .bind(time_text(opens_at))
        .bind(course.capacity as i64)
        .bind(course.enrolled.min(course.capacity) as i64)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    tx.commit().await?;
    Ok(added)
}

fn unavailable(what: &'static str) -> impl FnOnce(sqlx::Error) -> StorageUnavailable {
    move |e| {
        tracing::error!(error = %e, what, "district course seats");
        StorageUnavailable
    }
}

/// `/learn/district`'s courses with capacity and seats taken read from their seat sessions.
pub struct SeatedDistrictCourses(pub SqlitePool);

impl SeatedDistrictCourses {
    async fn list_seated(&self) -> sqlx::Result<Vec<DistrictCourse>> {
        let mut courses = district_courses(&self.0).await?;
        let rows = sqlx::query("SELECT resource, capacity, taken FROM seat_sessions WHERE kind = 'course' ORDER BY id DESC")
            .fetch_all(&self.0)
            .await?;
        let mut seats = HashMap::new();
        for row in rows {
            let (resource, capacity, taken): (String, i64, i64) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            seats.insert(resource, (capacity as u32, taken as u32));
        }
        for course in &mut courses {
            if let Some(&(capacity, taken)) = seats.get(&course.id.to_string()) {
                (course.capacity, course.enrolled) = (capacity, taken);
            }
        }
        Ok(courses)
    }
}

impl DistrictCourses for SeatedDistrictCourses {
    fn list(&self) -> BoxFuture<'_, Result<Vec<DistrictCourse>, StorageUnavailable>> {
        Box::pin(async move { self.list_seated().await.map_err(unavailable("list")) })
    }
}

impl app::courses::apply::ssr::CourseSeats for SeatedDistrictCourses {
    fn session_of(&self, course: i64) -> BoxFuture<'_, Result<Option<SessionId>, StorageUnavailable>> {
        Box::pin(async move {
            let id: Option<i64> = sqlx::query_scalar("SELECT id FROM seat_sessions WHERE kind = 'course' AND resource = ? ORDER BY id LIMIT 1")
                .bind(course.to_string())
                .fetch_optional(&self.0)
                .await
                .map_err(unavailable("session_of"))?;
            Ok(id.and_then(SessionId::new))
        })
    }
}

/// Puts the seated course list (replacing the plain one) and the course → session lookup in context.
pub fn provide(pool: &SqlitePool) {
    let seated = Arc::new(SeatedDistrictCourses(pool.clone()));
    leptos::prelude::provide_context::<Arc<dyn DistrictCourses>>(seated.clone());
    leptos::prelude::provide_context::<Arc<dyn app::courses::apply::ssr::CourseSeats>>(seated);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schedules_first_two_times_are_the_class_hours() {
        assert_eq!(class_hours("매주 화·목 10:00–12:00"), ((10, 0), (12, 0)));
        assert_eq!(class_hours("매주 토 15:30–17:00"), ((15, 30), (17, 0)));
        assert_eq!(class_hours("매주 토"), ((9, 0), (10, 0)));
        assert_eq!(class_hours("99:99–10:00"), ((9, 0), (10, 0)));
        assert_eq!(class_hours("14:00"), ((14, 0), (15, 0)));
    }
}
