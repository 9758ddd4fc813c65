-- The social economy: donation receipts for thrift-store drop-offs (the drop-offs themselves are
-- seat-engine bookings of kind 'thrift_dropoff', so a slot's capacity is the seat engine's CHECK)
-- and Coffee Jigi catering requests. The rules the code checks are held here too: one receipt per
-- drop-off, receipt numbers unique, a receipt issued only for a drop-off staff marked received and
-- never changed afterwards; a catering request's state agrees with its quote and answer.
--
-- Account deletion: a receipt stands alone (the donor, the items, the drop-off's reference and
-- time are copied into it), so an issued receipt can be kept without its account, as the law on
-- donation receipts requires, by setting `account_id` and `booking_id` to NULL. A catering request
-- is the resident's own and goes with the account.

CREATE TABLE thrift_receipts (
    id            INTEGER PRIMARY KEY,
    booking_id    INTEGER UNIQUE REFERENCES bookings (id),          -- one receipt per drop-off
    account_id    INTEGER REFERENCES accounts (id),
    dropoff_ref   TEXT    NOT NULL UNIQUE CHECK (length(dropoff_ref) = 11),
    dropoff_at    TEXT    NOT NULL CHECK (length(dropoff_at) = 25),  -- the slot's start, +09:00
    donor_name    TEXT    NOT NULL CHECK (length(donor_name) BETWEEN 1 AND 40),
    donor_kind    TEXT    NOT NULL CHECK (donor_kind IN ('person', 'business')),
    donor_id      TEXT    NOT NULL CHECK ((donor_kind = 'person' AND length(donor_id) = 10)
                                       OR (donor_kind = 'business' AND length(donor_id) = 12)),
    items         TEXT    NOT NULL CHECK (length(items) BETWEEN 2 AND 4000),   -- JSON
    total_krw     INTEGER NOT NULL CHECK (total_krw BETWEEN 1 AND 25000000),
    requested_at  TEXT    NOT NULL,
    number        TEXT    UNIQUE CHECK (number IS NULL OR length(number) = 14), -- YH-2026-000123
    issued_at     TEXT,
    CHECK ((number IS NULL) = (issued_at IS NULL))
);

CREATE INDEX thrift_receipts_to_issue ON thrift_receipts (requested_at) WHERE number IS NULL;

CREATE TRIGGER thrift_receipt_issued_for_received_dropoffs_only BEFORE UPDATE OF number ON thrift_receipts
WHEN NEW.number IS NOT NULL AND OLD.number IS NULL
 AND (SELECT status FROM bookings WHERE id = NEW.booking_id) IS NOT 'attended'
BEGIN
    SELECT RAISE(ABORT, 'a receipt is issued for a received drop-off only');
END;

CREATE TRIGGER thrift_receipt_stays_as_issued BEFORE UPDATE ON thrift_receipts
WHEN OLD.number IS NOT NULL
 AND (NEW.number IS NOT OLD.number OR NEW.issued_at IS NOT OLD.issued_at OR NEW.donor_name IS NOT OLD.donor_name
      OR NEW.donor_id IS NOT OLD.donor_id OR NEW.items IS NOT OLD.items OR NEW.total_krw IS NOT OLD.total_krw
      OR NEW.dropoff_at IS NOT OLD.dropoff_at)
BEGIN
    SELECT RAISE(ABORT, 'an issued receipt is not changed');
END;

CREATE TRIGGER thrift_receipt_issued_is_kept BEFORE DELETE ON thrift_receipts
WHEN OLD.number IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an issued receipt is kept');
END;

CREATE TABLE coffee_catering_requests (
    id            INTEGER PRIMARY KEY,
    reference     TEXT    NOT NULL UNIQUE CHECK (length(reference) = 11),   -- J-7Q2M-9XD4
    account_id    INTEGER NOT NULL REFERENCES accounts (id),
    event_date    TEXT    NOT NULL CHECK (length(event_date) = 10),
    event_time    TEXT    NOT NULL CHECK (length(event_time) = 5),
    place         TEXT    NOT NULL CHECK (length(place) BETWEEN 2 AND 100),
    heads         INTEGER NOT NULL CHECK (heads BETWEEN 10 AND 300),
    sets          TEXT    NOT NULL CHECK (length(sets) BETWEEN 2 AND 400),    -- JSON list of set slugs
    budget_krw    INTEGER NOT NULL CHECK (budget_krw BETWEEN 1 AND 30000000),
    contact_name  TEXT    NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 40),
    contact_phone TEXT    NOT NULL CHECK (length(contact_phone) BETWEEN 9 AND 20),
    note          TEXT    NOT NULL CHECK (length(note) <= 300),
    state         TEXT    NOT NULL CHECK (state IN ('requested', 'quoted', 'refused', 'accepted', 'withdrawn')),
    quote_krw     INTEGER CHECK (quote_krw IS NULL OR quote_krw BETWEEN 1 AND 100000000),
    answer_note   TEXT    CHECK (answer_note IS NULL OR length(answer_note) <= 300),
    created_at    TEXT    NOT NULL,
    answered_at   TEXT,
    closed_at     TEXT,
    CHECK (state NOT IN ('quoted', 'accepted') OR (quote_krw IS NOT NULL AND answered_at IS NOT NULL)),
    CHECK (state <> 'refused' OR (quote_krw IS NULL AND answer_note IS NOT NULL AND answered_at IS NOT NULL)),
    CHECK (state <> 'requested' OR (quote_krw IS NULL AND answered_at IS NULL AND closed_at IS NULL)),
    CHECK ((state IN ('accepted', 'withdrawn')) = (closed_at IS NOT NULL))
);

CREATE INDEX coffee_catering_of_account ON coffee_catering_requests (account_id, id);
CREATE INDEX coffee_catering_by_state ON coffee_catering_requests (state, id);
