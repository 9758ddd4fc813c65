-- The online catalogue (gathered from the learning platforms) and the district's own courses.

CREATE TABLE courses (
    id          INTEGER PRIMARY KEY,
    platform    TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    title_ko    TEXT    NOT NULL CHECK (length(title_ko) > 0),
    title_en    TEXT,
    summary     TEXT    NOT NULL,
    keywords    TEXT    NOT NULL DEFAULT '',   -- separated by ';'
    subject     TEXT    NOT NULL,
    level       TEXT    NOT NULL,
    hours       INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 1000),
    format      TEXT    NOT NULL,
    language    TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('open', 'soon', 'closed')),
    opens_on    TEXT,
    free        INTEGER NOT NULL CHECK (free IN (0, 1)),
    url         TEXT    NOT NULL CHECK (url LIKE 'https://%'),
    added_on    TEXT    NOT NULL,
    UNIQUE (platform, external_id)
);

CREATE TABLE district_courses (
    id          INTEGER PRIMARY KEY,
    institution TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    summary     TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    venue       TEXT    NOT NULL,
    schedule    TEXT    NOT NULL,
    starts_on   TEXT    NOT NULL,
    ends_on     TEXT    NOT NULL CHECK (ends_on >= starts_on),
    capacity    INTEGER NOT NULL CHECK (capacity > 0),
    enrolled    INTEGER NOT NULL DEFAULT 0 CHECK (enrolled BETWEEN 0 AND capacity),
    fee_krw     INTEGER NOT NULL DEFAULT 0 CHECK (fee_krw >= 0)
);
