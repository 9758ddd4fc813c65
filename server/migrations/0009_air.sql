-- Air quality: the street sensors, their keys, their readings and the aggregates history reads.
--
-- Times are Unix seconds (INTEGER): readings arrive by the tens of thousands a second and are
-- compared and bucketed, never shown as stored. A measure's number is its place in
-- `domain::air::Measure::ALL` (0 = pm10 … 19 = uv), which is never reordered; the raw table has one
-- column per measure, `v_<slug>`, in that order.

CREATE TABLE air_sensors (
    id TEXT PRIMARY KEY CHECK (id GLOB '[A-Z][A-Z]-[0-9][0-9][0-9]'),
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL,
    lat REAL NOT NULL CHECK (lat BETWEEN 33 AND 39),
    lon REAL NOT NULL CHECK (lon BETWEEN 124 AND 132),
    model TEXT NOT NULL,
    installed TEXT NOT NULL,
    -- the highest sequence number accepted from the device: a request must carry a larger one
    last_sequence INTEGER NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
    -- when its newest reading was taken (NULL before the first)
    last_reading_at INTEGER
) WITHOUT ROWID;

-- A device's key is kept only as SHA-256 of it (what signatures are keyed with). At most one live
-- key per sensor; a revoked key stays for the record.
CREATE TABLE air_keys (
    id INTEGER PRIMARY KEY,
    sensor TEXT NOT NULL REFERENCES air_sensors(id),
    signing_key BLOB NOT NULL CHECK (length(signing_key) = 32),
    issued_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE UNIQUE INDEX air_one_live_key ON air_keys(sensor) WHERE revoked_at IS NULL;

-- Raw readings, time first (appends land at the end; pruning is a range delete). `invalid` and
-- `stuck` are bit sets over the measure numbers: bit i set = measure i out of its physical range /
-- repeated the identical value 24 times in a row.
CREATE TABLE air_readings (
    at INTEGER NOT NULL,
    sensor TEXT NOT NULL,
    v_pm10 REAL,
    v_pm25 REAL,
    v_pm1 REAL,
    v_no2 REAL,
    v_o3 REAL,
    v_co REAL,
    v_so2 REAL,
    v_no REAL,
    v_nh3 REAL,
    v_h2s REAL,
    v_tvoc REAL,
    v_co2 REAL,
    v_temperature REAL,
    v_humidity REAL,
    v_pressure REAL,
    v_noise REAL,
    v_wind_speed REAL,
    v_wind_direction REAL,
    v_illuminance REAL,
    v_uv REAL,
    invalid INTEGER NOT NULL DEFAULT 0,
    stuck INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (at, sensor)
) WITHOUT ROWID;
CREATE INDEX air_readings_by_sensor ON air_readings(sensor, at);

-- Each measure's latest value per sensor, and how many readings in a row repeated it exactly.
CREATE TABLE air_latest (
    sensor TEXT NOT NULL,
    measure INTEGER NOT NULL CHECK (measure BETWEEN 0 AND 19),
    at INTEGER NOT NULL,
    value REAL NOT NULL,
    repeats INTEGER NOT NULL CHECK (repeats >= 1),
    invalid INTEGER NOT NULL CHECK (invalid IN (0, 1)),
    PRIMARY KEY (sensor, measure)
) WITHOUT ROWID;

-- Hourly and daily aggregates of the valid (plausible, not stuck) values: kept when raw readings
-- are pruned. `bucket` is the Unix second the hour / the Seoul day starts.
CREATE TABLE air_hourly (
    sensor TEXT NOT NULL,
    measure INTEGER NOT NULL CHECK (measure BETWEEN 0 AND 19),
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL CHECK (n > 0),
    sum REAL NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    PRIMARY KEY (sensor, measure, bucket)
) WITHOUT ROWID;

CREATE TABLE air_daily (
    sensor TEXT NOT NULL,
    measure INTEGER NOT NULL CHECK (measure BETWEEN 0 AND 19),
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL CHECK (n > 0),
    sum REAL NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    PRIMARY KEY (sensor, measure, bucket)
) WITHOUT ROWID;

-- How complete each sensor-hour is: readings received (any validity); 60 is complete.
CREATE TABLE air_hour_counts (
    sensor TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    readings INTEGER NOT NULL CHECK (readings > 0),
    PRIMARY KEY (sensor, bucket)
) WITHOUT ROWID;
