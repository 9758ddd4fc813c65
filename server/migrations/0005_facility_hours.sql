-- Facilities' opening hours: a facility's slots run back to back from `opens_hour` until the last
-- one ends by `closes_hour` (Seoul time, every day).
ALTER TABLE facilities ADD COLUMN opens_hour INTEGER NOT NULL DEFAULT 9 CHECK (opens_hour BETWEEN 0 AND 22);
ALTER TABLE facilities ADD COLUMN closes_hour INTEGER NOT NULL DEFAULT 22 CHECK (closes_hour BETWEEN 1 AND 23);
