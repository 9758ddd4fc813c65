-- The kids-café statistics read one kind's sessions of the last year (`seats::reads`), not every
-- booking ever made: sessions by kind and start, so the window is a range of one index.
CREATE INDEX seat_sessions_by_kind_start ON seat_sessions (kind, starts_at);
