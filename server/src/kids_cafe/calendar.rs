//! Makes sure sessions exist before anyone looks for them: every open branch's sessions from the
//! Monday of this week (so a week's page shows the sessions already held, as past) to `DAYS_AHEAD`
//! days ahead, each opening for booking at the domain's `booking_opens`. Inserting
//! is idempotent (`INSERT OR IGNORE` on the unique (kind, resource, starts_at)), so running it at
//! start-up and every hour never duplicates a session nor resets the seats already taken.

use crate::db::begin_write;
use domain::kids_cafe::{booking_opens, Branch, Opening, Week};
use domain::seats::Kind;
use domain::{IsoDate, SeoulTime};
use sqlx::SqlitePool;

/// How far ahead sessions exist: beyond next week's, which open on Tuesday for the whole week.
pub const DAYS_AHEAD: i64 = 14;

/// One session to exist.
pub struct NewSession {
    pub kind: Kind,
    pub resource: String,
    pub starts_at: SeoulTime,
    pub ends_at: SeoulTime,
    pub opens_at: SeoulTime,
    pub capacity: u32,
}

/// The kids-café sessions from this week's Monday to `today + DAYS_AHEAD`, for branches open on
/// each day.
pub fn kids_cafe_sessions(today: IsoDate) -> Vec<NewSession> {
    let mut sessions = Vec::new();
    let monday = Week::containing(today).monday();
    let days = DAYS_AHEAD + monday.days_until(today);
    for date in (0..=days).map(|d| monday.plus_days(d)) {
        for branch in Branch::ALL.into_iter().filter(|b| b.holds_sessions_on(date)) {
            for (starts_at, ends_at) in Opening::default().sessions_on(date) {
                sessions.push(NewSession {
                    kind: Kind::KidsCafe,
                    resource: branch.slug().to_string(),
                    starts_at,
                    ends_at,
                    opens_at: booking_opens(date),
                    capacity: branch.capacity(),
                });
            }
        }
    }
    sessions
}

/// Inserts the sessions that do not exist yet; returns how many were new.
pub async fn insert_missing(pool: &SqlitePool, sessions: &[NewSession]) -> sqlx::Result<u64> {
    let mut tx = begin_write(pool).await?;
    let mut added = 0;
    for s in sessions {
        added += sqlx::query(
            "INSERT OR IGNORE INTO seat_sessions (kind, resource, starts_at, ends_at, opens_at, capacity) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(s.kind.slug())
        .bind(&s.resource)
        .bind(s.starts_at.to_string())
        .bind(s.ends_at.to_string())
        .bind(s.opens_at.to_string())
        .bind(s.capacity as i64)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    tx.commit().await?;
    Ok(added)
}

/// Kids cafés' sessions from `today` on; returns how many were new.
pub async fn ensure_sessions(pool: &SqlitePool, today: IsoDate) -> sqlx::Result<u64> {
    insert_missing(pool, &kids_cafe_sessions(today)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_open_branches_get_sessions_and_none_on_mondays() {
        let today = IsoDate::parse("2026-11-23").unwrap(); // a Monday; Jayang opens 2026-12-08
        let sessions = kids_cafe_sessions(today);
        assert!(sessions.iter().all(|s| s.resource == "junggok"));
        // 15 days from Monday to the Monday after next: 3 Mondays closed, 12 days × 3 sessions
        assert_eq!(sessions.len(), 36);
        assert!(sessions.iter().all(|s| s.starts_at.date().date().weekday() != time::Weekday::Monday));
        assert!(sessions.iter().all(|s| s.capacity == 30 && s.opens_at < s.starts_at));
    }

    #[test]
    fn a_sunday_still_has_the_whole_week_behind_it() {
        let sunday = IsoDate::parse("2026-11-29").unwrap();
        let sessions = kids_cafe_sessions(sunday);
        let first = sessions.iter().map(|s| s.starts_at).min().unwrap();
        assert_eq!(first.date(), IsoDate::parse("2026-11-24").unwrap()); // that week's Tuesday
        let last = sessions.iter().map(|s| s.starts_at).max().unwrap();
        assert_eq!(last.date(), sunday.plus_days(DAYS_AHEAD));
    }
}
