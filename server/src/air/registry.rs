//! The sensor registry: the demo district's 80 devices along Dobong-gu's main roads, adding a new
//! device, and the devices' keys (issued and revoked by `dongne sensors …`; checked by `ingest`).
//!
//! A key is an Ed25519 pair: its private half is shown once when issued and never stored; the
//! server keeps the public half (`domain::air::signing`). Devices issued a key before that keep an
//! HMAC key, stored as SHA-256 of it, until they are given a new one. The
//! ingest path reads live keys through a small in-memory cache (`stored_key`): a key issued or
//! revoked in this process is forgotten at once; one changed by another process (the CLI) is seen
//! within `KEY_TTL`, and a signature that fails against a cached key re-reads the key first, so a
//! freshly issued key works at once everywhere.

use crate::db::begin_write;
use domain::air::signing::{DeviceSecret, StoredKey};
use domain::air::{GeoPoint, Sensor, SensorId};
use domain::{IsoDate, SeoulTime};
use sqlx::{Row, SqlitePool};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The box a sensor of the district must stand in (Dobong-gu with a margin).
pub const DISTRICT_LAT: (f64, f64) = (37.63, 37.70);
pub const DISTRICT_LON: (f64, f64) = (127.01, 127.06);

/// Whether a point lies in the district's box.
pub fn within_district(at: GeoPoint) -> bool {
    (DISTRICT_LAT.0..=DISTRICT_LAT.1).contains(&at.lat) && (DISTRICT_LON.0..=DISTRICT_LON.1).contains(&at.lon)
}

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("sensor {0} is already registered")]
    Exists(SensorId),
    #[error("no sensor {0} is registered")]
    Unknown(SensorId),
    #[error("the position {lat}, {lon} is outside the district (lat {}–{}, lon {}–{})", DISTRICT_LAT.0, DISTRICT_LAT.1, DISTRICT_LON.0, DISTRICT_LON.1)]
    OutsideDistrict { lat: f64, lon: f64 },
    #[error("a sensor's names and model must not be empty (at most 100 characters)")]
    BadText,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A road of the demo district: its names, a few points along it (south/west end first), and the
/// landmarks its sensors stand by, in order along the road. The sensors are spread evenly along
/// the polyline. The coordinates are approximations from known coordinates of the roads' ends and
/// crossings (good to ~100 m), not surveyed positions.
struct Road {
    ko: &'static str,
    en: &'static str,
    points: &'static [(f64, f64)],
    landmarks: &'static [(&'static str, &'static str)],
}

const ROADS: &[Road] = &[
    Road {
        ko: "도봉로",
        en: "Dobong-ro",
        points: &[(37.6480, 127.0340), (37.6600, 127.0355), (37.6700, 127.0400), (37.6890, 127.0450)],
        landmarks: &[
            ("쌍문역", "Ssangmun Station"),
            ("쌍문동 주민센터", "Ssangmun-dong Community Centre"),
            ("쌍문시장", "Ssangmun Market"),
            ("쌍문사거리", "Ssangmun Crossroads"),
            ("창동 우체국", "Chang-dong Post Office"),
            ("신창시장", "Sinchang Market"),
            ("방학사거리", "Banghak Crossroads"),
            ("도봉구청", "Dobong-gu Office"),
            ("방학동 은행나무", "Banghak-dong Ginkgo Tree"),
            ("도봉구민회관", "Dobong Citizens' Hall"),
            ("도봉1동 주민센터", "Dobong 1-dong Community Centre"),
            ("도봉역", "Dobong Station"),
            ("도봉산역", "Dobongsan Station"),
            ("도봉산 입구", "Dobongsan Trailhead"),
        ],
    },
    Road {
        ko: "동일로",
        en: "Dongil-ro",
        points: &[(37.6520, 127.0560), (37.6700, 127.0520), (37.6880, 127.0470)],
        landmarks: &[
            ("창동역 동쪽", "Changdong Station East"),
            ("창동 이마트", "Chang-dong E-mart"),
            ("창동 주공아파트", "Chang-dong Jugong Apartments"),
            ("창동 문화체육센터", "Chang-dong Sports Centre"),
            ("녹천역 입구", "Nokcheon Station Entrance"),
            ("중랑천 녹천교", "Nokcheon Bridge"),
            ("방학천 합류부", "Banghakcheon Confluence"),
            ("도봉운전면허시험장", "Dobong Driving Test Centre"),
            ("방학2동 주민센터", "Banghak 2-dong Community Centre"),
            ("도봉2동 주민센터", "Dobong 2-dong Community Centre"),
            ("서울창포원", "Seoul Changpowon Garden"),
            ("도봉산역 환승주차장", "Dobongsan Park-and-Ride"),
        ],
    },
    Road {
        ko: "노해로",
        en: "Nohae-ro",
        points: &[(37.6530, 127.0250), (37.6545, 127.0440), (37.6560, 127.0560)],
        landmarks: &[
            ("쌍문근린공원", "Ssangmun Park"),
            ("쌍문3동 주민센터", "Ssangmun 3-dong Community Centre"),
            ("창4동 주민센터", "Chang 4-dong Community Centre"),
            ("창동 하나로마트", "Chang-dong Hanaro Mart"),
            ("창동역 서쪽", "Changdong Station West"),
            ("창동역 환승센터", "Changdong Station Transfer Centre"),
            ("서울아레나 공사장", "Seoul Arena Site"),
            ("창동교", "Changdong Bridge"),
            ("중랑천 노해로 입구", "Jungnangcheon, Nohae-ro Entrance"),
            ("노원구 경계", "Nowon-gu Border"),
        ],
    },
    Road {
        ko: "마들로",
        en: "Madeul-ro",
        points: &[(37.6610, 127.0300), (37.6630, 127.0450), (37.6650, 127.0560)],
        landmarks: &[
            ("방학3동 주민센터", "Banghak 3-dong Community Centre"),
            ("신방학초등학교", "Sinbanghak Elementary School"),
            ("창5동 주민센터", "Chang 5-dong Community Centre"),
            ("창동 신창초등학교", "Sinchang Elementary School"),
            ("창동 북부역사문화공원", "Northern History Park"),
            ("창동 체육공원", "Chang-dong Sports Park"),
            ("도봉로 교차로", "Dobong-ro Junction"),
            ("창동 신도브래뉴", "Chang-dong Sindo Apartments"),
            ("중랑천 마들교", "Madeul Bridge"),
            ("동일로 교차로", "Dongil-ro Junction"),
        ],
    },
    Road {
        ko: "우이천로",
        en: "Uicheon-ro",
        points: &[(37.6440, 127.0230), (37.6490, 127.0300), (37.6540, 127.0390)],
        landmarks: &[
            ("우이천 쌍한교", "Ssanghan Bridge"),
            ("쌍문2동 주민센터", "Ssangmun 2-dong Community Centre"),
            ("덕성여대 입구", "Duksung Women's University Entrance"),
            ("쌍문1동 주민센터", "Ssangmun 1-dong Community Centre"),
            ("우이천 쌍문교", "Ssangmun Bridge"),
            ("창1동 주민센터", "Chang 1-dong Community Centre"),
            ("창동초등학교", "Changdong Elementary School"),
            ("우이천 창동교", "Uicheon Changdong Bridge"),
        ],
    },
    Road {
        ko: "방학로",
        en: "Banghak-ro",
        points: &[(37.6680, 127.0220), (37.6690, 127.0330), (37.6700, 127.0480)],
        landmarks: &[
            ("방학동 원당샘공원", "Wondangsaem Park"),
            ("연산군묘 입구", "Tomb of Yeonsangun Entrance"),
            ("방학1동 주민센터", "Banghak 1-dong Community Centre"),
            ("방학중학교", "Banghak Middle School"),
            ("방학동 도깨비시장", "Banghak Dokkaebi Market"),
            ("방학역 서쪽", "Banghak Station West"),
            ("방학역", "Banghak Station"),
            ("방학천 산책로", "Banghakcheon Trail"),
        ],
    },
    Road {
        ko: "해등로",
        en: "Haedeung-ro",
        points: &[(37.6470, 127.0290), (37.6510, 127.0380), (37.6560, 127.0470)],
        landmarks: &[
            ("쌍문4동 주민센터", "Ssangmun 4-dong Community Centre"),
            ("한신아파트", "Hanshin Apartments"),
            ("쌍문 한양아파트", "Ssangmun Hanyang Apartments"),
            ("정의여고", "Jeongui Girls' High School"),
            ("창2동 주민센터", "Chang 2-dong Community Centre"),
            ("창동 주민센터", "Chang-dong Community Centre"),
            ("창3동 주민센터", "Chang 3-dong Community Centre"),
            ("창동역 남쪽", "Changdong Station South"),
        ],
    },
    Road {
        ko: "시루봉로",
        en: "Sirubong-ro",
        points: &[(37.6600, 127.0250), (37.6720, 127.0300), (37.6830, 127.0350)],
        landmarks: &[
            ("쌍문 근린공원 북쪽", "Ssangmun Park North"),
            ("방학동 신동아아파트", "Banghak Sindonga Apartments"),
            ("방학동 문화공원", "Banghak Culture Park"),
            ("김수영문학관", "Kim Su-young Literature Museum"),
            ("발바닥공원", "Balbadak Park"),
            ("도봉동 주민센터", "Dobong-dong Community Centre"),
            ("무수골 입구", "Musugol Entrance"),
            ("도봉서원 방향", "Toward Dobong Seowon"),
            ("도봉동 한신아파트", "Dobong Hanshin Apartments"),
            ("도봉산 탐방지원센터", "Dobongsan Visitor Centre"),
        ],
    },
];

/// The made-up models the demo sensors are.
const MODELS: [&str; 3] = ["AirStreet AS-20", "CleanAir S3 Pro", "DongneNode v2"];

/// How many demo sensors there are (the roads' landmarks together).
pub const DEMO_SENSORS: usize = 80;

/// The demo sensors, `DB-001` … `DB-080`, the same on every machine.
pub fn demo_sensors() -> Vec<Sensor> {
    let mut sensors = Vec::with_capacity(DEMO_SENSORS);
    for road in ROADS {
        let count = road.landmarks.len();
        for (i, (ko, en)) in road.landmarks.iter().enumerate() {
            let n = sensors.len();
            let location = along(road.points, (i as f64 + 0.5) / count as f64);
            let installed = IsoDate::parse("2025-03-03").expect("a date").plus_days(n as i64 * 7);
            sensors.push(Sensor {
                id: SensorId::parse(&format!("DB-{:03}", n + 1)).expect("a well-formed id"),
                name_ko: format!("{} {ko} 앞", road.ko),
                name_en: format!("{}, {en}", road.en),
                location,
                model: MODELS[n % MODELS.len()].to_string(),
                installed,
            });
        }
    }
    sensors
}

/// The point a fraction `t` (0–1) of the way along a polyline, by length, rounded to 5 decimals.
fn along(points: &[(f64, f64)], t: f64) -> GeoPoint {
    let point = |(lat, lon): (f64, f64)| GeoPoint { lat, lon };
    let lengths: Vec<f64> = points.windows(2).map(|w| point(w[0]).metres_to(point(w[1]))).collect();
    let mut left = lengths.iter().sum::<f64>() * t.clamp(0.0, 1.0);
    for (w, length) in points.windows(2).zip(&lengths) {
        if left <= *length || std::ptr::eq(length, lengths.last().unwrap_or(length)) {
            let f = if *length > 0.0 { (left / length).min(1.0) } else { 0.0 };
            let round = |v: f64| (v * 100_000.0).round() / 100_000.0;
            return GeoPoint { lat: round(w[0].0 + (w[1].0 - w[0].0) * f), lon: round(w[0].1 + (w[1].1 - w[0].1) * f) };
        }
        left -= length;
    }
    point(points[0])
}

/// Registers the demo sensors when the registry is empty (no keys: `dongne sensors key ID` or the
/// simulator issues them).
pub async fn ensure_demo_sensors(pool: &SqlitePool) -> anyhow::Result<()> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM air_sensors").fetch_one(pool).await?;
    if count > 0 {
        return Ok(());
    }
    let mut tx = begin_write(pool).await?;
    for sensor in demo_sensors() {
        insert_sensor(&mut tx, &sensor).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn insert_sensor(conn: &mut sqlx::SqliteConnection, sensor: &Sensor) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO air_sensors (id, name_ko, name_en, lat, lon, model, installed) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(sensor.id.as_str())
        .bind(&sensor.name_ko)
        .bind(&sensor.name_en)
        .bind(sensor.location.lat)
        .bind(sensor.location.lon)
        .bind(&sensor.model)
        .bind(sensor.installed.to_string())
        .execute(conn)
        .await
        .map(|_| ())
}

/// Registers a new device and issues its key (shown once by the caller).
pub async fn add_sensor(pool: &SqlitePool, sensor: &Sensor, now: SeoulTime) -> Result<DeviceSecret, RegistryError> {
    if !within_district(sensor.location) {
        return Err(RegistryError::OutsideDistrict { lat: sensor.location.lat, lon: sensor.location.lon });
    }
    let text_ok = |t: &str| !t.trim().is_empty() && t.chars().count() <= 100 && !t.chars().any(char::is_control);
    if !(text_ok(&sensor.name_ko) && text_ok(&sensor.name_en) && text_ok(&sensor.model)) {
        return Err(RegistryError::BadText);
    }
    let mut tx = begin_write(pool).await?;
    if registered(&mut tx, &sensor.id).await? {
        return Err(RegistryError::Exists(sensor.id.clone()));
    }
    insert_sensor(&mut tx, sensor).await?;
    let key = new_key(&mut tx, &sensor.id, now).await?;
    tx.commit().await?;
    forget(pool, &sensor.id);
    Ok(key)
}

/// Issues a new key for a registered sensor, revoking its live key (if any) in the same
/// transaction: from the commit on only the new key signs.
pub async fn issue_key(pool: &SqlitePool, sensor: &SensorId, now: SeoulTime) -> Result<DeviceSecret, RegistryError> {
    let mut tx = begin_write(pool).await?;
    if !registered(&mut tx, sensor).await? {
        return Err(RegistryError::Unknown(sensor.clone()));
    }
    revoke_live(&mut tx, sensor, now).await?;
    let key = new_key(&mut tx, sensor, now).await?;
    tx.commit().await?;
    forget(pool, sensor);
    Ok(key)
}

/// Revokes the sensor's live key; whether it had one. Its requests are refused from now on.
pub async fn revoke(pool: &SqlitePool, sensor: &SensorId, now: SeoulTime) -> Result<bool, RegistryError> {
    let mut tx = begin_write(pool).await?;
    if !registered(&mut tx, sensor).await? {
        return Err(RegistryError::Unknown(sensor.clone()));
    }
    let revoked = revoke_live(&mut tx, sensor, now).await?;
    tx.commit().await?;
    forget(pool, sensor);
    Ok(revoked)
}

async fn registered(conn: &mut sqlx::SqliteConnection, sensor: &SensorId) -> sqlx::Result<bool> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM air_sensors WHERE id = ?").bind(sensor.as_str()).fetch_optional(conn).await?;
    Ok(found.is_some())
}

async fn revoke_live(conn: &mut sqlx::SqliteConnection, sensor: &SensorId, now: SeoulTime) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE air_keys SET revoked_at = ? WHERE sensor = ? AND revoked_at IS NULL")
        .bind(now.instant().unix_timestamp())
        .bind(sensor.as_str())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A new Ed25519 key pair: the public half is stored, the private half returned (shown once).
async fn new_key(conn: &mut sqlx::SqliteConnection, sensor: &SensorId, now: SeoulTime) -> sqlx::Result<DeviceSecret> {
    use rand::RngCore;
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let secret = DeviceSecret::from_seed(seed);
    let public = secret.public_key();
    sqlx::query("INSERT INTO air_keys (sensor, signing_key, scheme, issued_at) VALUES (?, ?, ?, ?)")
        .bind(sensor.as_str())
        .bind(public.bytes().to_vec())
        .bind(public.scheme().slug())
        .bind(now.instant().unix_timestamp())
        .execute(conn)
        .await?;
    Ok(secret)
}

/// A registered sensor as `dongne sensors list` shows it.
pub struct Listed {
    pub sensor: Sensor,
    pub has_key: bool,
    /// The live key's scheme (`ed25519`, or `hmac` for a device still on a legacy key).
    pub key_scheme: Option<String>,
    pub last_sequence: i64,
    pub last_reading_at: Option<i64>,
}

pub async fn list(pool: &SqlitePool) -> Result<Vec<Listed>, RegistryError> {
    let rows = sqlx::query(
        "SELECT s.id, s.name_ko, s.name_en, s.lat, s.lon, s.model, s.installed, s.last_sequence, s.last_reading_at, \
         (SELECT k.scheme FROM air_keys k WHERE k.sensor = s.id AND k.revoked_at IS NULL) AS key_scheme \
         FROM air_sensors s ORDER BY s.id",
    )
    .fetch_all(pool)
    .await?;
    let mut listed = Vec::with_capacity(rows.len());
    for row in rows {
        let (Some(id), Some(installed)) = (SensorId::parse(row.get("id")), IsoDate::parse(row.get("installed"))) else { continue };
        listed.push(Listed {
            sensor: Sensor {
                id,
                name_ko: row.get("name_ko"),
                name_en: row.get("name_en"),
                location: GeoPoint { lat: row.get("lat"), lon: row.get("lon") },
                model: row.get("model"),
                installed,
            },
            has_key: row.get::<Option<String>, _>("key_scheme").is_some(),
            key_scheme: row.get("key_scheme"),
            last_sequence: row.get("last_sequence"),
            last_reading_at: row.get("last_reading_at"),
        });
    }
    Ok(listed)
}

/// How long a looked-up key is trusted without asking the database again (bounds how late a
/// revocation made by another process, e.g. the CLI, takes effect here).
const KEY_TTL: Duration = Duration::from_secs(5);
/// Most cached entries; the cache is emptied when full (only registered sensors are cached).
const KEY_CACHE_MAX: usize = 10_000;

type CacheKey = (PathBuf, SensorId);
/// One process may open several databases (tests do): the cache is keyed by the database file.
static KEYS: Mutex<Option<HashMap<CacheKey, (Option<StoredKey>, Instant)>>> = Mutex::new(None);

fn cache_key(pool: &SqlitePool, sensor: &SensorId) -> CacheKey {
    (pool.connect_options().get_filename().to_path_buf(), sensor.clone())
}

fn forget(pool: &SqlitePool, sensor: &SensorId) {
    let key = cache_key(pool, sensor);
    if let Ok(mut cache) = KEYS.lock() {
        if let Some(map) = cache.as_mut() {
            map.remove(&key);
        }
    }
}

/// The sensor's live key as stored (`None`: unknown sensor, or no live key). `fresh` skips the cache.
pub async fn stored_key(pool: &SqlitePool, sensor: &SensorId, fresh: bool) -> sqlx::Result<Option<StoredKey>> {
    let key = cache_key(pool, sensor);
    if !fresh {
        if let Ok(cache) = KEYS.lock() {
            if let Some((found, at)) = cache.as_ref().and_then(|m| m.get(&key)) {
                if at.elapsed() < KEY_TTL {
                    return Ok(found.clone());
                }
            }
        }
    }
    let row: Option<(String, Vec<u8>)> = sqlx::query_as("SELECT scheme, signing_key FROM air_keys WHERE sensor = ? AND revoked_at IS NULL")
        .bind(sensor.as_str())
        .fetch_optional(pool)
        .await?;
    let found = row.and_then(|(scheme, bytes)| StoredKey::from_row(&scheme, &bytes));
    if let Ok(mut cache) = KEYS.lock() {
        let map = cache.get_or_insert_with(HashMap::new);
        if map.len() >= KEY_CACHE_MAX {
            map.clear();
        }
        // an unknown device is not cached: anyone can name any number of them
        if found.is_some() {
            map.insert(key, (found.clone(), Instant::now()));
        } else {
            map.remove(&key);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_district_has_80_sensors_inside_its_box_with_unique_ids() {
        let sensors = demo_sensors();
        assert_eq!(sensors.len(), DEMO_SENSORS);
        assert_eq!(sensors[0].id.as_str(), "DB-001");
        assert_eq!(sensors[79].id.as_str(), "DB-080");
        assert_eq!(sensors[0].name_ko, "도봉로 쌍문역 앞");
        for s in &sensors {
            assert!(within_district(s.location), "{} at {:?}", s.id, s.location);
            assert!(s.installed.to_string().starts_with("2025") || s.installed.to_string().starts_with("2026"));
        }
        let mut ids: Vec<_> = sensors.iter().map(|s| s.id.clone()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 80);
    }
}
