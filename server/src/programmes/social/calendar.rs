//! The thrift store's drop-off slots kept existing ahead, like kids-café sessions and facility
//! slots: 30-minute seat-engine sessions through the store's opening hours, a few donors each,
//! from today to the rule's days ahead. Inserting is idempotent (the seat engine's unique
//! (kind, resource, starts_at)), so start-up and the hourly calendar run never duplicate one.

use crate::kids_cafe::calendar::{insert_missing, NewSession};
use domain::programmes::social::thrift::{dropoff_rules, dropoff_slots_on, DROPOFF_RESOURCE};
use domain::seats::Kind;
use domain::{IsoDate, SeoulTime};
use sqlx::SqlitePool;

/// The slots from `today` to the rule's days ahead; each opens for booking when it comes into
/// that window (so all of them are bookable as soon as they exist).
pub fn dropoff_slots(today: IsoDate) -> Vec<NewSession> {
    let rules = dropoff_rules(today);
    (0..=rules.days_ahead)
        .map(|d| today.plus_days(d))
        .flat_map(|date| {
            let opens_at = SeoulTime::at(date.plus_days(-rules.days_ahead), 0, 0);
            dropoff_slots_on(date).into_iter().filter_map(move |(starts_at, ends_at)| {
                Some(NewSession {
                    kind: Kind::ThriftDropoff,
                    resource: DROPOFF_RESOURCE.to_string(),
                    starts_at,
                    ends_at,
                    opens_at: opens_at?,
                    capacity: dropoff_rules(date).per_slot,
                })
            })
        })
        .collect()
}

/// Makes sure the coming drop-off slots exist; returns how many were new.
pub async fn ensure_slots(pool: &SqlitePool, today: IsoDate) -> sqlx::Result<u64> {
    insert_missing(pool, &dropoff_slots(today)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_weeks_of_slots_skip_sundays_and_holidays_and_open_at_once() {
        let today = IsoDate::parse("2026-12-21").unwrap(); // a Monday; Christmas is the Friday
        let slots = dropoff_slots(today);
        // 15 days: two Sundays (27th, 3rd), Christmas and New Year's Day closed → 11 days × 18 slots
        assert_eq!(slots.len(), 11 * 18);
        assert!(slots.iter().all(|s| s.capacity == 3 && s.opens_at <= SeoulTime::at(today, 0, 0).unwrap()));
        assert!(!slots.iter().any(|s| s.starts_at.date() == IsoDate::parse("2026-12-25").unwrap()));
    }
}
