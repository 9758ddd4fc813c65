-- The thrift store's drop-off slots are seat-engine sessions of a fourth kind, 'thrift_dropoff'
-- (booking references start with D). SQLite cannot change a CHECK in place, so `seat_sessions` is
-- made again with its rows and ids kept, inside the migration's own transaction and with foreign
-- keys on: deferred to the commit, the bookings, waitlist entries and lottery applications that
-- point at a session are orphaned when the old table goes and found again when its rows come back
-- (SQLite counts the deferred violations down as parent rows are inserted), so the commit checks
-- that every one of them still has its session. Nothing else about the table changes.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE seat_sessions_kept AS SELECT * FROM seat_sessions;
DROP TABLE seat_sessions;

CREATE TABLE seat_sessions (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('kids_cafe', 'facility', 'course', 'thrift_dropoff')),
    resource   TEXT    NOT NULL,                 -- branch slug, facility slug, district course id, 'yeonghee'
    starts_at  TEXT    NOT NULL,                 -- RFC 3339 in +09:00, so text order is time order
    ends_at    TEXT    NOT NULL CHECK (ends_at > starts_at),
    opens_at   TEXT    NOT NULL,                 -- when booking opens
    capacity   INTEGER NOT NULL CHECK (capacity >= 0),
    taken      INTEGER NOT NULL DEFAULT 0,       -- booked seats plus seats held for a waitlist offer
    closed     INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    CHECK (taken BETWEEN 0 AND capacity),
    UNIQUE (kind, resource, starts_at)
);
INSERT INTO seat_sessions (id, kind, resource, starts_at, ends_at, opens_at, capacity, taken, closed)
    SELECT id, kind, resource, starts_at, ends_at, opens_at, capacity, taken, closed FROM seat_sessions_kept ORDER BY id;
DROP TABLE seat_sessions_kept;
CREATE INDEX seat_sessions_by_resource ON seat_sessions (kind, resource, starts_at);
