-- One account must not hoard what many residents share (issue 23, 4.6).
--
-- Caps as data, one row per kind of resource: how many bookings of that kind still to come one
-- account may hold. Booking checks the row inside the same write transaction as the insert (the
-- single writer: two bookings of one account cannot both pass), and the refusal names the number.
-- A kind without a row has no cap.
CREATE TABLE booking_caps (
    kind       TEXT    PRIMARY KEY CHECK (kind IN ('facility', 'car', 'parking')),
    max_ahead  INTEGER NOT NULL CHECK (max_ahead BETWEEN 1 AND 100),
    why        TEXT    NOT NULL
);
INSERT INTO booking_caps (kind, max_ahead, why) VALUES
    ('facility', 4, 'rooms, halls and courts: four slots ahead is a weekly group for a month'),
    ('car',      3, 'six electric cars for a district: three trips ahead each'),
    ('parking',  3, 'shared office spaces: three bookings ahead each');

-- A licence registered to another account (the first to type its number holds it) can be claimed:
-- the claim keeps the licence as the claimant typed it, for staff to check in person and, if it
-- is theirs, move to the claimant's account. One open claim per claimant.
CREATE TABLE licence_disputes (
    id            INTEGER PRIMARY KEY,
    claimant_id   INTEGER NOT NULL REFERENCES accounts (id),
    holder_id     INTEGER NOT NULL REFERENCES accounts (id),
    digits_sha256 TEXT    NOT NULL CHECK (length(digits_sha256) = 64),
    masked        TEXT    NOT NULL,
    issued_on     TEXT    NOT NULL,
    expires_on    TEXT    NOT NULL,
    birth_date    TEXT    NOT NULL,
    filed_at      TEXT    NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'moved', 'refused')),
    resolved_at   TEXT,
    CHECK ((state = 'open') = (resolved_at IS NULL)),
    CHECK (claimant_id <> holder_id)
);
CREATE UNIQUE INDEX one_open_dispute_per_claimant ON licence_disputes (claimant_id) WHERE state = 'open';
CREATE INDEX open_disputes ON licence_disputes (state, filed_at);
