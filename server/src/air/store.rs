//! Writing readings: raw rows time-first, the latest value per measure (stuck detection), hourly
//! and daily aggregates and hour completeness, in one durable transaction per batch.
