-- The open-data catalogue: one row per dataset (the metadata a search filters on as columns, the
-- whole DCAT-style description as JSON) and the rows of each dataset's table.

CREATE TABLE datasets (
    id        INTEGER PRIMARY KEY CHECK (id > 0),
    title     TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    theme     TEXT    NOT NULL,
    publisher TEXT    NOT NULL,
    source    TEXT    NOT NULL CHECK (source IN ('district', 'data-go-kr', 'kosis', 'seoul-open-data')),
    frequency TEXT    NOT NULL,
    modified  TEXT    NOT NULL,
    live      TEXT,
    meta      TEXT    NOT NULL CHECK (json_valid(meta))
);

CREATE TABLE dataset_rows (
    dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 0),
    cells      TEXT    NOT NULL CHECK (json_valid(cells) AND json_type(cells) = 'array'),
    PRIMARY KEY (dataset_id, position)
) WITHOUT ROWID;
