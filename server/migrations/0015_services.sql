-- The agency platform: accounts granted an agency (`dongne agencies grant EMAIL AGENCY`; the agency
-- is a publisher of the catalogue's vocabulary), the services agencies register (each feeds one
-- dataset, whose rows are its records), and the services' keys (stored as SHA-256 only).
CREATE TABLE agency_members (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    agency     TEXT    NOT NULL CHECK (length(agency) BETWEEN 1 AND 40),
    granted_at TEXT    NOT NULL
);

CREATE TABLE services (
    id            INTEGER PRIMARY KEY,
    agency        TEXT    NOT NULL,
    dataset_id    INTEGER NOT NULL UNIQUE REFERENCES datasets (id),
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    description   TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
    contact       TEXT    NOT NULL CHECK (length(contact) BETWEEN 1 AND 120),
    registered_at TEXT    NOT NULL,
    -- the position the next record takes in dataset_rows (records are appended, never rewritten)
    next_position INTEGER NOT NULL DEFAULT 0 CHECK (next_position >= 0),
    UNIQUE (agency, name)
);

CREATE TABLE service_keys (
    id         INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id),
    hash       TEXT    NOT NULL UNIQUE CHECK (length(hash) = 64),
    prefix     TEXT    NOT NULL,
    issued_at  TEXT    NOT NULL,
    revoked_at TEXT
);
CREATE INDEX service_keys_by_service ON service_keys (service_id);
