-- Crowd levels: the hotspots the district watches and the floating-population estimate of each
-- every five minutes. Levels are read from the thresholds when shown (so a re-drawn threshold
-- applies to the history too); the thresholds must rise, as the domain's `Thresholds` requires.
CREATE TABLE crowd_hotspots (
    id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40 AND id NOT GLOB '*[^a-z0-9-]*'),
    position INTEGER NOT NULL UNIQUE,
    name_ko TEXT NOT NULL CHECK (length(name_ko) BETWEEN 1 AND 80),
    name_en TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
    dong_ko TEXT NOT NULL,
    dong_en TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('station', 'street', 'park')),
    -- [[lat, lon], …]: a closed ring, first point not repeated
    outline TEXT NOT NULL CHECK (json_valid(outline) AND json_array_length(outline) >= 3),
    normal INTEGER NOT NULL CHECK (normal > 0),
    slightly_crowded INTEGER NOT NULL CHECK (slightly_crowded > normal),
    crowded INTEGER NOT NULL CHECK (crowded > slightly_crowded),
    peak INTEGER NOT NULL CHECK (peak > 0)
) STRICT;

CREATE TABLE crowd_estimates (
    hotspot TEXT NOT NULL REFERENCES crowd_hotspots(id),
    -- the start of the five-minute slot, RFC 3339 in +09:00 (sorts in time order)
    at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-5][05]:00+09:00'),
    estimate INTEGER NOT NULL CHECK (estimate BETWEEN 0 AND 10000000),
    PRIMARY KEY (hotspot, at)
) STRICT, WITHOUT ROWID;
