-- Residents' accounts, their children, and the private calendar feed. Sessions live in the
-- `tower_sessions` table that tower-sessions' SQLite store creates for itself.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    password_hash TEXT    NOT NULL,              -- argon2id PHC string
    resident      INTEGER NOT NULL CHECK (resident IN (0, 1)),   -- lives in the district (declared)
    role          TEXT    NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'staff')),
    created_at    TEXT    NOT NULL,              -- RFC 3339, +09:00
    -- SHA-256 (hex) of the private iCal feed token; NULL when none or revoked
    calendar_token_hash TEXT UNIQUE
);

CREATE TABLE children (
    id          INTEGER PRIMARY KEY,
    guardian_id INTEGER NOT NULL REFERENCES accounts(id),
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 30),
    birth_date  TEXT    NOT NULL,                -- YYYY-MM-DD
    created_at  TEXT    NOT NULL
);
CREATE INDEX children_of_guardian ON children (guardian_id);
