-- 0020 rebuilt `seat_sessions` to allow drop-off slots, and a rebuilt table loses the indexes made
-- on the old one after it was written: the statistics' window index of 0017 comes back here (the
-- statistics read it by name, `INDEXED BY`, so without it /kids-cafe/stats was a 503).
CREATE INDEX IF NOT EXISTS seat_sessions_by_kind_start ON seat_sessions (kind, starts_at);
