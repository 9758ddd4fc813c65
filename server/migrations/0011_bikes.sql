-- Shared e-bikes: the demo district's docks by Dobong-gu's subway stations and among its homes,
-- the bikes standing in each (moved every 30 s by the simulated feed, `carshare::bikes`), and the
-- 15-minute holds residents place. A count can never leave 0..capacity, whoever writes it.
CREATE TABLE bike_docks (
    id         INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 9999),
    name_ko    TEXT    NOT NULL CHECK (length(name_ko) BETWEEN 1 AND 100),
    name_en    TEXT    NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
    lat        REAL    NOT NULL,
    lon        REAL    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('station', 'residential')),
    capacity   INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 60),
    available  INTEGER NOT NULL CHECK (available BETWEEN 0 AND capacity),
    updated_at INTEGER NOT NULL
);

CREATE TABLE bike_holds (
    id      INTEGER PRIMARY KEY,
    dock    INTEGER NOT NULL REFERENCES bike_docks (id),
    account INTEGER NOT NULL REFERENCES accounts (id),
    since   INTEGER NOT NULL,
    until   INTEGER NOT NULL CHECK (until > since)
);
CREATE INDEX bike_holds_account ON bike_holds (account, until);
CREATE INDEX bike_holds_dock ON bike_holds (dock, until);

-- Positions are approximate (±100 m), within the box the air map uses (lat 37.63–37.70, lon 127.01–127.06).
INSERT INTO bike_docks (id, name_ko, name_en, lat, lon, kind, capacity, available, updated_at) VALUES
    (1,  '창동역 1번 출구',       'Changdong Station exit 1',        37.6531, 127.0477, 'station',     25, 12, 0),
    (2,  '도봉산역',              'Dobongsan Station',               37.6896, 127.0448, 'station',     20, 10, 0),
    (3,  '쌍문역 4번 출구',       'Ssangmun Station exit 4',         37.6486, 127.0347, 'station',     20, 10, 0),
    (4,  '방학역 1번 출구',       'Banghak Station exit 1',          37.6675, 127.0442, 'station',     18,  9, 0),
    (5,  '도봉역',                'Dobong Station',                  37.6795, 127.0455, 'station',     15,  7, 0),
    (6,  '녹천역',                'Nokcheon Station',                37.6445, 127.0513, 'station',     15,  7, 0),
    (7,  '도봉구청',              'Dobong-gu Office',                37.6688, 127.0471, 'residential', 15,  7, 0),
    (8,  '쌍문1동 주민센터',      'Ssangmun 1-dong Community Centre', 37.6580, 127.0300, 'residential', 12,  6, 0),
    (9,  '방학3동 주민센터',      'Banghak 3-dong Community Centre', 37.6630, 127.0310, 'residential', 12,  6, 0),
    (10, '창동 주공아파트 19단지', 'Changdong Jugong Apartments 19', 37.6490, 127.0530, 'residential', 20, 10, 0),
    (11, '도봉1동 주민센터',      'Dobong 1-dong Community Centre',  37.6840, 127.0400, 'residential', 12,  6, 0),
    (12, '초안산 근린공원',       'Choansan Park',                   37.6450, 127.0440, 'residential', 10,  5, 0),
    (13, '서울창포원',            'Seoul Changpowon Garden',         37.6895, 127.0470, 'residential', 15,  7, 0),
    (14, '둘리뮤지엄',            'Dooly Museum',                    37.6525, 127.0275, 'residential', 10,  5, 0),
    (15, '신창시장',              'Sinchang Market',                 37.6650, 127.0380, 'residential', 12,  6, 0);
