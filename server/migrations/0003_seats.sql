-- The seat engine shared by kids-café sessions, facility slots and district courses: sessions with
-- a capacity that storage itself will not let be exceeded, bookings with one seat per child (or
-- person) per session, idempotent retries, the waitlist with its 2-hour offers, and residents'
-- messages. Kids cafés add branches' opening modes and the published lottery.

CREATE TABLE seat_sessions (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('kids_cafe', 'facility', 'course')),
    resource   TEXT    NOT NULL,                 -- branch slug, facility slug, district course id
    starts_at  TEXT    NOT NULL,                 -- RFC 3339 in +09:00, so text order is time order
    ends_at    TEXT    NOT NULL CHECK (ends_at > starts_at),
    opens_at   TEXT    NOT NULL,                 -- when booking opens
    capacity   INTEGER NOT NULL CHECK (capacity >= 0),
    taken      INTEGER NOT NULL DEFAULT 0,       -- booked seats plus seats held for a waitlist offer
    closed     INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    CHECK (taken BETWEEN 0 AND capacity),
    UNIQUE (kind, resource, starts_at)
);
CREATE INDEX seat_sessions_by_resource ON seat_sessions (kind, resource, starts_at);

CREATE TABLE bookings (
    id              INTEGER PRIMARY KEY,
    reference       TEXT    NOT NULL UNIQUE,     -- what the resident quotes, e.g. K-7Q2M-9XD4
    session_id      INTEGER NOT NULL REFERENCES seat_sessions(id),
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    child_id        INTEGER REFERENCES children(id),
    holder          TEXT    NOT NULL,            -- 'child:ID' or 'account:ID': who sits in the seat
    status          TEXT    NOT NULL CHECK (status IN ('booked', 'cancelled', 'attended', 'no_show', 'closed')),
    fee_krw         INTEGER NOT NULL CHECK (fee_krw >= 0),
    fee_waived      INTEGER NOT NULL DEFAULT 0 CHECK (fee_waived IN (0, 1)),  -- basic livelihood (declared)
    group_size      INTEGER NOT NULL DEFAULT 1 CHECK (group_size >= 1),
    idempotency_key TEXT,
    request_digest  TEXT,                        -- what the key was first used for
    created_at      TEXT    NOT NULL,
    cancelled_at    TEXT,
    UNIQUE (account_id, idempotency_key)
);
-- one seat per child (or person) per session, whatever happened to earlier cancelled ones
CREATE UNIQUE INDEX one_seat_per_holder ON bookings (session_id, holder)
    WHERE status IN ('booked', 'attended', 'no_show');
CREATE INDEX bookings_of_account ON bookings (account_id, created_at);
CREATE INDEX bookings_of_session ON bookings (session_id, status);
CREATE INDEX bookings_of_child ON bookings (child_id) WHERE child_id IS NOT NULL;

CREATE TABLE waitlist (
    id          INTEGER PRIMARY KEY,             -- order of joining: first in, first offered
    session_id  INTEGER NOT NULL REFERENCES seat_sessions(id),
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    child_id    INTEGER REFERENCES children(id),
    holder      TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'expired', 'left')),
    joined_at   TEXT    NOT NULL,
    offered_at  TEXT,
    booking_id  INTEGER REFERENCES bookings(id)
);
CREATE UNIQUE INDEX one_wait_per_holder ON waitlist (session_id, holder) WHERE status IN ('waiting', 'offered');
CREATE INDEX waitlist_of_session ON waitlist (session_id, status, id);

CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at TEXT    NOT NULL,
    subject_ko TEXT    NOT NULL,
    subject_en TEXT    NOT NULL,
    body_ko    TEXT    NOT NULL,
    body_en    TEXT    NOT NULL,
    link       TEXT,                             -- a path on our site, e.g. /me/bookings
    read_at    TEXT
);
CREATE INDEX messages_of_account ON messages (account_id, id);

-- Kids cafés: how each branch opens next week's sessions (staff choose).
CREATE TABLE branch_opening (
    branch TEXT PRIMARY KEY,
    mode   TEXT NOT NULL DEFAULT 'first_come' CHECK (mode IN ('first_come', 'lottery'))
);

-- One lottery per branch per week: the seed's SHA-256 is public from `opens_at`, the seed from
-- `drawn_at`; applications are public by id.
CREATE TABLE lottery_rounds (
    id         INTEGER PRIMARY KEY,
    branch     TEXT    NOT NULL,
    week_start TEXT    NOT NULL,                 -- the Monday of the week drawn, YYYY-MM-DD
    seed_hex   TEXT    NOT NULL,
    commitment TEXT    NOT NULL,
    opens_at   TEXT    NOT NULL,
    draws_at   TEXT    NOT NULL,
    drawn_at   TEXT,
    UNIQUE (branch, week_start)
);

CREATE TABLE lottery_applications (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES lottery_rounds(id),
    session_id INTEGER NOT NULL REFERENCES seat_sessions(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    child_id   INTEGER REFERENCES children(id),
    holder     TEXT    NOT NULL,
    applied_at TEXT    NOT NULL,
    outcome    TEXT CHECK (outcome IN ('won', 'waitlisted')),
    UNIQUE (session_id, holder)
);

-- Public rooms, halls and courts, booked by the slot through the same seat engine (capacity 1).
CREATE TABLE facilities (
    slug         TEXT    PRIMARY KEY,
    kind         TEXT    NOT NULL CHECK (kind IN ('room', 'hall', 'court')),
    name_ko      TEXT    NOT NULL,
    name_en      TEXT    NOT NULL,
    place_ko     TEXT    NOT NULL,
    place_en     TEXT    NOT NULL,
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 30 AND 480),
    min_group    INTEGER NOT NULL CHECK (min_group >= 1),
    max_group    INTEGER NOT NULL CHECK (max_group >= min_group),
    fee_krw      INTEGER NOT NULL CHECK (fee_krw >= 0),   -- per slot
    rules_ko     TEXT    NOT NULL,
    rules_en     TEXT    NOT NULL
);
