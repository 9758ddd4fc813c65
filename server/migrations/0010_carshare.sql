-- Car share: the district's electric official cars and shared office parking spaces, booked by
-- residents in the hours officials do not use them (`domain::carshare`).
--
-- Times are kept twice: Unix seconds (INTEGER, what overlaps are compared on, through the
-- `(kind, resource, starts)` indexes) and the RFC 3339 text in +09:00 (what is read back and shown).
-- The domain checks every window inside the write transaction; the triggers below are the
-- database's own guard, so even a buggy code path cannot give one car to two trips at once.

CREATE TABLE car_resources (
    kind     TEXT    NOT NULL CHECK (kind IN ('car', 'parking')),
    id       INTEGER NOT NULL CHECK (id > 0),
    name_ko  TEXT    NOT NULL,
    name_en  TEXT    NOT NULL,
    label    TEXT    NOT NULL,   -- a car's plate, a space's label
    place_ko TEXT    NOT NULL,
    place_en TEXT    NOT NULL,
    range_km INTEGER CHECK (range_km IS NULL OR range_km > 0),
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- Trips staff add for official work outside office hours (an emergency may cancel residents').
CREATE TABLE car_official_trips (
    id        INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL,
    resource  INTEGER NOT NULL,
    starts    INTEGER NOT NULL,
    ends      INTEGER NOT NULL,
    starts_at TEXT    NOT NULL,
    ends_at   TEXT    NOT NULL,
    purpose   TEXT    NOT NULL CHECK (length(purpose) BETWEEN 1 AND 500),
    emergency INTEGER NOT NULL CHECK (emergency IN (0, 1)),
    created_at TEXT   NOT NULL,
    FOREIGN KEY (kind, resource) REFERENCES car_resources (kind, id),
    CHECK (ends > starts)
);
CREATE INDEX car_official_by_resource ON car_official_trips (kind, resource, starts);

-- Residents' trips. A trip holds its window while 'booked' or 'returned_early' (its end then moved
-- back to the return); every car trip is followed by a 30-minute charging buffer.
CREATE TABLE car_trips (
    id              INTEGER PRIMARY KEY,
    reference       TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL,
    resource        INTEGER NOT NULL,
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    starts          INTEGER NOT NULL,
    ends            INTEGER NOT NULL,
    starts_at       TEXT    NOT NULL,
    ends_at         TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'booked'
                    CHECK (status IN ('booked', 'cancelled', 'cancelled_official', 'returned_early')),
    price_krw       INTEGER NOT NULL CHECK (price_krw >= 0),
    fee_krw         INTEGER NOT NULL DEFAULT 0 CHECK (fee_krw >= 0),
    note            TEXT    NOT NULL DEFAULT '',
    idempotency_key TEXT,
    request_digest  TEXT,
    created_at      TEXT    NOT NULL,
    FOREIGN KEY (kind, resource) REFERENCES car_resources (kind, id),
    UNIQUE (account_id, idempotency_key),
    CHECK (ends > starts),
    -- the longest booking is 72 hours: the overlap triggers rely on it to bound their index scan
    CHECK (ends - starts <= 72 * 3600)
);
CREATE INDEX car_trips_by_resource ON car_trips (kind, resource, starts);
CREATE INDEX car_trips_of_account ON car_trips (account_id, id);

-- One verified licence per account, and one account per licence: only the SHA-256 of its 12
-- digits is kept (UNIQUE), with the masked number and the dates the checks need.
CREATE TABLE car_licences (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts (id),
    digits_sha256 TEXT    NOT NULL UNIQUE CHECK (length(digits_sha256) = 64),
    masked        TEXT    NOT NULL,
    issued_on     TEXT    NOT NULL,
    expires_on    TEXT    NOT NULL,
    birth_date    TEXT    NOT NULL,
    verified_at   TEXT    NOT NULL
);

-- The guard. A held resident trip may not overlap another held trip of the same resource, each
-- followed by its buffer (cars 30 minutes, parking none), nor an official trip (its own buffer
-- must end before the official trip starts). Trips last at most 72 hours, so only trips starting
-- in the 73 hours before the new one's start need reading.
CREATE TRIGGER car_trips_no_overlap_insert BEFORE INSERT ON car_trips
WHEN NEW.status IN ('booked', 'returned_early')
BEGIN
    SELECT RAISE(ABORT, 'car share overlap: the resource is already in use then')
    WHERE EXISTS (
        SELECT 1 FROM car_trips t
        WHERE t.kind = NEW.kind AND t.resource = NEW.resource AND t.status IN ('booked', 'returned_early')
          AND t.starts > NEW.starts - 73 * 3600
          AND t.starts < NEW.ends + (CASE NEW.kind WHEN 'car' THEN 1800 ELSE 0 END)
          AND NEW.starts < t.ends + (CASE NEW.kind WHEN 'car' THEN 1800 ELSE 0 END)
    ) OR EXISTS (
        SELECT 1 FROM car_official_trips o
        WHERE o.kind = NEW.kind AND o.resource = NEW.resource
          AND o.starts < NEW.ends + (CASE NEW.kind WHEN 'car' THEN 1800 ELSE 0 END)
          AND NEW.starts < o.ends
    );
END;

CREATE TRIGGER car_trips_no_overlap_update BEFORE UPDATE OF starts, ends, status, kind, resource ON car_trips
WHEN NEW.status IN ('booked', 'returned_early')
BEGIN
    SELECT RAISE(ABORT, 'car share overlap: the resource is already in use then')
    WHERE EXISTS (
        SELECT 1 FROM car_trips t
        WHERE t.kind = NEW.kind AND t.resource = NEW.resource AND t.status IN ('booked', 'returned_early')
          AND t.id <> NEW.id
          AND t.starts > NEW.starts - 73 * 3600
          AND t.starts < NEW.ends + (CASE NEW.kind WHEN 'car' THEN 1800 ELSE 0 END)
          AND NEW.starts < t.ends + (CASE NEW.kind WHEN 'car' THEN 1800 ELSE 0 END)
    ) OR EXISTS (
        SELECT 1 FROM car_official_trips o
        WHERE o.kind = NEW.kind AND o.resource = NEW.resource
          AND o.starts < NEW.ends + (CASE NEW.kind WHEN 'car' THEN 1800 ELSE 0 END)
          AND NEW.starts < o.ends
    );
END;

-- An official trip may not overlap another official trip, nor a held resident trip with its
-- buffer (an emergency cancels those first, in the same transaction).
CREATE TRIGGER car_official_no_overlap BEFORE INSERT ON car_official_trips
BEGIN
    SELECT RAISE(ABORT, 'car share overlap: the resource is already in use then')
    WHERE EXISTS (
        SELECT 1 FROM car_official_trips o
        WHERE o.kind = NEW.kind AND o.resource = NEW.resource AND o.starts < NEW.ends AND NEW.starts < o.ends
    ) OR EXISTS (
        SELECT 1 FROM car_trips t
        WHERE t.kind = NEW.kind AND t.resource = NEW.resource AND t.status IN ('booked', 'returned_early')
          AND t.starts > NEW.starts - 73 * 3600
          AND t.starts < NEW.ends
          AND NEW.starts < t.ends + (CASE NEW.kind WHEN 'car' THEN 1800 ELSE 0 END)
    );
END;
