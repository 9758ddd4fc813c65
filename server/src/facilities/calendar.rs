//! Facility slots kept existing for the same days as kids-café sessions (today to
//! `kids_cafe::calendar::DAYS_AHEAD` ahead), one seat each: a slot is booked whole by one group.

use crate::kids_cafe::calendar::{insert_missing, NewSession, DAYS_AHEAD};
use domain::facilities::{booking_opens, Facility};
use domain::seats::Kind;
use domain::IsoDate;
use sqlx::SqlitePool;

pub fn facility_slots(facilities: &[Facility], today: IsoDate) -> Vec<NewSession> {
    let mut slots = Vec::new();
    for date in (0..=DAYS_AHEAD).map(|d| today.plus_days(d)) {
        for f in facilities {
            for (starts_at, ends_at) in f.slots_on(date) {
                slots.push(NewSession {
                    kind: Kind::Facility,
                    resource: f.slug.as_str().to_string(),
                    starts_at,
                    ends_at,
                    opens_at: booking_opens(date),
                    capacity: 1,
                });
            }
        }
    }
    slots
}

/// Every facility's slots from `today` on; returns how many were new.
pub async fn ensure_slots(pool: &SqlitePool, facilities: &[Facility], today: IsoDate) -> sqlx::Result<u64> {
    insert_missing(pool, &facility_slots(facilities, today)).await
}
