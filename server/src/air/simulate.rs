//! The sensor simulator (`dongne simulate-sensors`, `dongne serve --simulate-sensors`): the demo
//! district's 80 sensors sending signed readings over HTTP, exactly as real devices would.
//!
//! `values(at, index)` is a pure function of the moment and the sensor, so the same demo data comes
//! out on every machine and tests can check it: daily cycles of temperature, humidity and light,
//! rush-hour NO₂/CO/noise peaks (07–09 and 18–20), and a fine-dust plume drifting west to east
//! across the south of the district every 12 hours (PM10 up to ~150 µg/m³, "bad", near its centre).
//! Two sensors misbehave on purpose: `STUCK_SENSOR` reports the same PM2.5 forever (flagged stuck
//! after 24 readings) and `BROKEN_SENSOR` reports 130 % humidity (flagged invalid).
//!
//! `run` shares the server's database: it issues a fresh Ed25519 key to every demo sensor (the old
//! ones stop working; the server keeps only the public half, the simulator holds the private one), picks up each sensor's last sequence number, backfills the last 24 hours in
//! batches of at most 1,000 readings, then sends one reading per sensor per interval.

use super::ingest::PATH;
use super::registry;
use axum::body::Body;
use domain::air::signing::{self, DeviceSecret};
use domain::air::{GeoPoint, Measure, SensorId, BATCH_MAX_READINGS};
use domain::{Clock, SeoulTime};
use sqlx::SqlitePool;
use std::f64::consts::PI;
use std::sync::Arc;
use std::time::Duration;

/// Fixes the simulator's noise: the same readings on every machine.
pub const SEED: u64 = 0x0D0B_0A1E;
/// `DB-042` (index 41): its PM2.5 is stuck at one value.
pub const STUCK_SENSOR: usize = 41;
pub const STUCK_PM25: f64 = 23.0;
/// `DB-067` (index 66): its humidity reads 130 %.
pub const BROKEN_SENSOR: usize = 66;
pub const BROKEN_HUMIDITY: f64 = 130.0;

/// splitmix64: a well-mixed 64-bit hash of the inputs.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Deterministic noise in [−1, 1) for a sensor, a moment and a measure.
fn noise(index: usize, at: i64, salt: u64) -> f64 {
    let h = mix(SEED ^ mix(index as u64) ^ mix(at as u64).rotate_left(17) ^ mix(salt).rotate_left(34));
    (h >> 11) as f64 / (1u64 << 52) as f64 - 1.0
}

fn bell(x: f64, centre: f64, width: f64) -> f64 {
    (-((x - centre) / width).powi(2) / 2.0).exp()
}

/// `v` to a decimal `step` (0.1, 0.01, …) as a device would report it: divided by the number of
/// steps per unit, so 42.9 is the double nearest 42.9 (multiplying by 0.1 wrote 42.900000000000006).
fn round_to(v: f64, step: f64) -> f64 {
    let per_unit = (1.0 / step).round();
    (v * per_unit).round() / per_unit
}

/// Where demo sensor `index` stands (the district's middle for an index past the demo ones).
fn position(index: usize) -> GeoPoint {
    static POSITIONS: std::sync::OnceLock<Vec<GeoPoint>> = std::sync::OnceLock::new();
    let positions = POSITIONS.get_or_init(|| registry::demo_sensors().into_iter().map(|s| s.location).collect());
    positions.get(index).copied().unwrap_or(GeoPoint { lat: 37.665, lon: 127.035 })
}

/// The centre of the fine-dust plume at `at`: it enters from the west and leaves to the east every
/// 12 hours, swaying north and south.
pub fn plume_centre(at: i64) -> GeoPoint {
    let phase = at.rem_euclid(12 * 3600) as f64 / (12.0 * 3600.0);
    GeoPoint { lat: 37.652 + 0.006 * (2.0 * PI * phase).sin(), lon: 127.005 + 0.06 * phase }
}

/// What demo sensor `index` measures at `at` (Unix seconds): all 20 measures, rounded as a
/// device would report them.
pub fn values(at: i64, index: usize) -> Vec<(Measure, f64)> {
    let here = position(index);
    let hour = (at + 32_400).rem_euclid(86_400) as f64 / 3600.0; // Seoul time of day
    let rush = bell(hour, 8.0, 0.8) + bell(hour, 19.0, 0.8);
    let daylight = ((hour - 6.8) / 10.6 * PI).sin().max(0.0); // sunrise ~07:00, sunset ~17:20 in November
    let inversion = bell(hour, 6.0, 2.5) + bell(hour, 23.0, 2.0); // still night air holds dust
    // roads with more traffic (Dobong-ro, Dongil-ro: the first 26 sensors) get more exhaust
    let traffic = if index < 26 { 1.3 } else { 0.9 };
    let plume = 95.0 * (-(here.metres_to(plume_centre(at)) / 1_100.0).powi(2)).exp();
    let n = |salt: u64| noise(index, at, salt);
    let sensor_bias = noise(index, 0, 99); // a sensor's own small, lasting offset

    let pm10 = (30.0 + 12.0 * rush * traffic + 10.0 * inversion + plume + 4.0 * sensor_bias + 3.0 * n(1)).max(2.0);
    let mut pm25 = (pm10 * 0.52 + 1.5 * n(2)).max(1.0);
    let pm1 = (pm25 * 0.68 + 0.8 * n(3)).max(0.5);
    let no2 = (0.016 + 0.032 * rush * traffic + 0.004 * inversion + 0.002 * n(4)).max(0.001);
    let no = (no2 * 0.45 + 0.001 * n(5)).max(0.0005);
    let co = (0.35 + 0.35 * rush * traffic + 0.03 * n(6)).max(0.05);
    // traffic's NO eats ozone at rush hour, but never down to a flat zero (the stuck rule would flag it)
    let o3 = 0.012 + 0.022 * bell(hour, 15.0, 2.5) - 0.15 * (no2 - 0.016).max(0.0) + 0.002 * n(7);
    let so2 = 0.0028 + 0.0004 * n(8);
    let nh3 = 0.011 + 0.002 * n(9);
    let h2s = 0.0012 + 0.0003 * n(10);
    let tvoc = 140.0 + 60.0 * rush + 15.0 * n(11);
    let co2 = 425.0 + 35.0 * rush * traffic + 6.0 * n(12);
    let temperature = 6.5 + 5.5 * ((hour - 9.0) / 24.0 * 2.0 * PI).sin() + 0.6 * sensor_bias + 0.2 * n(13);
    let mut humidity = (62.0 - 18.0 * ((hour - 9.0) / 24.0 * 2.0 * PI).sin() + 2.0 * n(14)).clamp(15.0, 98.0);
    let pressure = 1019.0 + 2.5 * ((at as f64) / 86_400.0 * 2.0 * PI / 3.0).sin() + 0.3 * n(15);
    let noise_db = 52.0 + 12.0 * rush * traffic + 8.0 * daylight + 2.0 * n(16);
    let wind_speed = (1.8 + 1.4 * daylight + 0.5 * n(17)).max(0.1);
    let wind_direction = (300.0 + 25.0 * n(18)).rem_euclid(360.0);
    // street lights keep a few lux at night
    let illuminance = 12.0 + 40_000.0 * daylight + 4.0 * n(19).abs() * (1.0 + 1_000.0 * daylight);
    // a UV sensor's dark reading is noise around a small offset, not an exact zero
    let uv = 2.6 * daylight + 0.02 + 0.015 * n(20);

    if index == STUCK_SENSOR {
        pm25 = STUCK_PM25;
    }
    if index == BROKEN_SENSOR {
        humidity = BROKEN_HUMIDITY;
    }
    vec![
        (Measure::Pm10, round_to(pm10, 0.1)),
        (Measure::Pm25, round_to(pm25, 0.1)),
        (Measure::Pm1, round_to(pm1, 0.1)),
        (Measure::No2, round_to(no2, 0.0001)),
        (Measure::O3, round_to(o3, 0.0001)),
        (Measure::Co, round_to(co, 0.001)),
        (Measure::So2, round_to(so2, 0.00001)),
        (Measure::No, round_to(no, 0.0001)),
        (Measure::Nh3, round_to(nh3, 0.0001)),
        (Measure::H2s, round_to(h2s, 0.00001)),
        (Measure::Tvoc, round_to(tvoc, 0.1)),
        (Measure::Co2, round_to(co2, 0.1)),
        (Measure::Temperature, round_to(temperature, 0.01)),
        (Measure::Humidity, round_to(humidity, 0.1)),
        (Measure::Pressure, round_to(pressure, 0.01)),
        (Measure::Noise, round_to(noise_db, 0.1)),
        (Measure::WindSpeed, round_to(wind_speed, 0.01)),
        (Measure::WindDirection, round_to(wind_direction, 0.1)),
        (Measure::Illuminance, round_to(illuminance, 0.1)),
        (Measure::Uv, round_to(uv, 0.001)),
    ]
}

/// The JSON body of a batch of readings at `times` for demo sensor `index`.
pub fn batch_body(index: usize, times: &[i64]) -> Vec<u8> {
    let readings: Vec<serde_json::Value> = times
        .iter()
        .filter_map(|&at| {
            let when = time::OffsetDateTime::from_unix_timestamp(at).ok()?;
            let values: serde_json::Map<String, serde_json::Value> = values(at, index).into_iter().map(|(m, v)| (m.slug().to_string(), v.into())).collect();
            Some(serde_json::json!({ "at": SeoulTime::from_instant(when).to_string(), "values": values }))
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "readings": readings })).unwrap_or_default()
}

/// How the simulator runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// The server, `http://host:port`.
    pub url: String,
    /// Seconds between one sensor's readings (and the backfill's step).
    pub interval_secs: u64,
    /// Send this many times as often (readings still carry the real time).
    pub speed: f64,
}

/// Runs the demo sensors until the process ends (see the module's notes).
pub async fn run(pool: SqlitePool, options: Options, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    let address = address_of(&options.url)?;
    let interval = options.interval_secs.max(1);
    let speed = if options.speed.is_finite() && options.speed > 0.0 { options.speed } else { 1.0 };
    let demo: Vec<SensorId> = registry::demo_sensors().into_iter().map(|s| s.id).collect();
    let registered = registry::list(&pool).await?;
    let mut tasks = tokio::task::JoinSet::new();
    let mut count = 0;
    for listed in registered {
        let Some(index) = demo.iter().position(|id| *id == listed.sensor.id) else { continue }; // a real device: not ours to drive
        let key = registry::issue_key(&pool, &listed.sensor.id, clock.now()).await?;
        let device = Device { id: listed.sensor.id, index, key, sequence: listed.last_sequence.max(0) as u64 };
        let (address, clock) = (address.clone(), clock.clone());
        tasks.spawn(device.run(address, interval, speed, clock));
        count += 1;
    }
    tracing::info!(sensors = count, url = %options.url, interval, speed, "simulating air sensors");
    while tasks.join_next().await.is_some() {}
    Ok(())
}

/// `host:port` of an `http://` address.
fn address_of(url: &str) -> anyhow::Result<String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| anyhow::anyhow!("the simulator sends to an http:// address, not {url}"))?;
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() {
        anyhow::bail!("no host in {url}");
    }
    Ok(if authority.contains(':') { authority.to_string() } else { format!("{authority}:80") })
}

struct Device {
    id: SensorId,
    index: usize,
    /// The Ed25519 private key issued for this run (the server keeps only its public half).
    key: DeviceSecret,
    sequence: u64,
}

impl Device {
    async fn run(mut self, address: String, interval: u64, speed: f64, clock: Arc<dyn Clock>) {
        let mut client = Client { address, sender: None };
        let now = clock.now().instant().unix_timestamp();
        let start = now - 86_400;
        let past: Vec<i64> = (0..).map(|i| start - start.rem_euclid(interval as i64) + i * interval as i64).take_while(|at| *at < now).filter(|at| *at > start).collect();
        for chunk in past.chunks(BATCH_MAX_READINGS) {
            self.send(&mut client, chunk, &clock).await;
        }
        // then spread the sensors over the interval, as real ones would be
        let period_ms = ((interval as f64 / speed) * 1000.0).max(1.0) as u64;
        tokio::time::sleep(Duration::from_millis((self.index as u64 * 997) % period_ms)).await;
        let mut ticks = tokio::time::interval(Duration::from_secs_f64(interval as f64 / speed));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let at = clock.now().instant().unix_timestamp();
            self.send(&mut client, &[at], &clock).await;
        }
    }

    /// Sends one batch; a refusal is logged, not retried (the next interval brings new readings).
    async fn send(&mut self, client: &mut Client, times: &[i64], clock: &Arc<dyn Clock>) {
        let body = batch_body(self.index, times);
        for _attempt in 0..3 {
            self.sequence += 1;
            let timestamp = clock.now().instant().unix_timestamp();
            match client.post(&self.id, &self.key, timestamp, self.sequence, body.clone()).await {
                Ok((status, _)) if status < 300 => return,
                Ok((429, _)) => tokio::time::sleep(Duration::from_secs(1)).await,
                Ok((status, answer)) => {
                    tracing::warn!(device = %self.id, status, answer = %answer.chars().take(200).collect::<String>(), "simulated readings refused");
                    return;
                }
                Err(e) => {
                    tracing::warn!(device = %self.id, error = %e, "simulated readings not sent; retrying");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
        }
    }
}

/// A minimal HTTP/1.1 client over one kept-alive connection (reconnects when it drops).
struct Client {
    address: String,
    sender: Option<hyper::client::conn::http1::SendRequest<Body>>,
}

impl Client {
    async fn post(&mut self, device: &SensorId, key: &DeviceSecret, timestamp: i64, sequence: u64, body: Vec<u8>) -> anyhow::Result<(u16, String)> {
        let mut sender = match self.sender.take() {
            Some(sender) if !sender.is_closed() => sender,
            _ => {
                let stream = tokio::net::TcpStream::connect(&self.address).await?;
                stream.set_nodelay(true)?;
                let (sender, connection) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
                tokio::spawn(async move {
                    let _ = connection.await;
                });
                sender
            }
        };
        sender.ready().await?;
        let request = signed_request(&self.address, device, key, timestamp, sequence, body)?;
        let response = sender.send_request(request).await?;
        self.sender = Some(sender);
        let status = response.status().as_u16();
        let answer = axum::body::to_bytes(Body::new(response.into_body()), 64 * 1024).await?;
        Ok((status, String::from_utf8_lossy(&answer).into_owned()))
    }
}

/// A signed `POST /api/v1/air/readings` as a device sends it (also what tests send).
pub fn signed_request(host: &str, device: &SensorId, key: &DeviceSecret, timestamp: i64, sequence: u64, body: Vec<u8>) -> anyhow::Result<axum::http::Request<Body>> {
    let signature = key.sign("POST", PATH, timestamp, sequence, &body);
    Ok(axum::http::Request::post(PATH)
        .header(axum::http::header::HOST, host)
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .header(axum::http::header::CONTENT_LENGTH, body.len())
        .header(signing::DEVICE_HEADER, device.as_str())
        .header(signing::TIMESTAMP_HEADER, timestamp.to_string())
        .header(signing::SEQUENCE_HEADER, sequence.to_string())
        .header(signing::SIGNATURE_HEADER, signature)
        .body(Body::from(body))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_are_written_with_the_digits_of_their_step() {
        assert_eq!(round_to(42.91, 0.1).to_string(), "42.9");
        assert_eq!(round_to(18.4, 0.1).to_string(), "18.4");
        assert_eq!(round_to(0.023_46, 0.0001).to_string(), "0.0235");
    }

    fn at(hour: u8, minute: u8) -> i64 {
        SeoulTime::at(domain::IsoDate::parse("2026-11-23").unwrap(), hour, minute).unwrap().instant().unix_timestamp()
    }

    fn value(values: &[(Measure, f64)], m: Measure) -> f64 {
        values.iter().find(|(x, _)| *x == m).map(|(_, v)| *v).unwrap()
    }

    #[test]
    fn the_same_moment_and_sensor_give_the_same_values_all_plausible_for_a_working_sensor() {
        assert_eq!(values(at(10, 0), 3), values(at(10, 0), 3));
        assert_ne!(values(at(10, 0), 3), values(at(10, 1), 3));
        for index in (0..80).filter(|i| *i != BROKEN_SENSOR) {
            for (m, v) in values(at(14, 30), index) {
                assert!(m.plausible(v), "sensor {index}: {m:?} = {v}");
            }
        }
        assert_eq!(values(at(3, 0), 0).len(), 20);
    }

    #[test]
    fn rush_hour_raises_no2_and_afternoons_are_warmer_than_dawn() {
        let mean = |h, m: Measure| (0..80).map(|i| value(&values(at(h, 0), i), m)).sum::<f64>() / 80.0;
        assert!(mean(8, Measure::No2) > 1.8 * mean(3, Measure::No2));
        assert!(mean(19, Measure::No2) > 1.8 * mean(13, Measure::No2));
        assert!(mean(15, Measure::Temperature) > mean(6, Measure::Temperature) + 5.0);
    }

    #[test]
    fn the_dust_plume_makes_some_pm10_bad_but_not_everywhere() {
        let day: Vec<f64> = (0..24 * 6).flat_map(|step| (0..80).map(move |i| value(&values(at(0, 0) + step * 600, i), Measure::Pm10))).collect();
        assert!(day.iter().any(|v| (81.0..=150.0).contains(v)), "some readings are 'bad'");
        assert!(day.iter().all(|v| *v < 151.0), "none 'very bad'");
        let bad = day.iter().filter(|v| **v > 80.0).count();
        assert!(bad < day.len() / 4, "the plume covers part of the district: {bad} of {}", day.len());
    }

    #[test]
    fn the_stuck_sensor_repeats_its_pm25_and_the_broken_one_reads_impossible_humidity() {
        let stuck: Vec<f64> = (0..30).map(|i| value(&values(at(9, 0) + i * 60, STUCK_SENSOR), Measure::Pm25)).collect();
        assert!(stuck.iter().all(|v| v.to_bits() == STUCK_PM25.to_bits()));
        assert!(!Measure::Humidity.plausible(value(&values(at(9, 0), BROKEN_SENSOR), Measure::Humidity)));
        // a working sensor never repeats a value 24 times in a whole day of minutes (the stuck rule
        // would flag it), nor reports an impossible one
        for index in (0..80).filter(|i| ![STUCK_SENSOR, BROKEN_SENSOR].contains(i)) {
            let mut runs = [(0u64, 0u32); 20];
            for minute in 0..24 * 60 {
                for (k, (m, v)) in values(at(0, 0) + minute * 60, index).into_iter().enumerate() {
                    assert!(m.plausible(v), "sensor {index} {m:?} = {v} at minute {minute}");
                    runs[k] = if runs[k].0 == v.to_bits() { (v.to_bits(), runs[k].1 + 1) } else { (v.to_bits(), 1) };
                    assert!(runs[k].1 < domain::air::STUCK_REPEATS, "sensor {index} {m:?} stuck at {v} at minute {minute}");
                }
            }
        }
    }

    #[test]
    fn the_address_is_read_from_an_http_url() {
        assert_eq!(address_of("http://127.0.0.1:3000").unwrap(), "127.0.0.1:3000");
        assert_eq!(address_of("http://localhost/").unwrap(), "localhost:80");
        assert!(address_of("https://example.org").is_err());
    }
}
