//! Air quality's commands: the sensor registry and keys (`dongne sensors …`) and the demo sensors'
//! simulator (`dongne simulate-sensors`). A key is an Ed25519 pair: its private half is printed
//! once, when issued, and only the public half is kept, so a lost key is replaced (`sensors key
//! ID`), never shown again. `sensors list` shows which devices still sign with a legacy HMAC key
//! (issued before Ed25519): give each a new key, and when none is left the HMAC scheme has no user.

use crate::air::{registry, simulate};
use clap::Subcommand;
use domain::air::{GeoPoint, Sensor, SensorId};
use domain::Clock;
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Subcommand)]
pub enum Sensors {
    /// Register a new sensor; prints its private (Ed25519) key once
    Add {
        /// Two capital letters, a dash, three digits: DB-081
        id: String,
        #[arg(long)]
        name_ko: String,
        #[arg(long)]
        name_en: String,
        /// Latitude in degrees (37.63–37.70)
        #[arg(long, allow_hyphen_values = true)]
        lat: f64,
        /// Longitude in degrees (127.01–127.06)
        #[arg(long, allow_hyphen_values = true)]
        lon: f64,
        #[arg(long)]
        model: String,
        /// Installation date, YYYY-MM-DD (default: today)
        #[arg(long)]
        installed: Option<String>,
    },
    /// Issue a new Ed25519 key for a registered sensor (its old key, HMAC or Ed25519, stops working
    /// at once); prints the private key once
    Key { id: String },
    /// Revoke a sensor's key: its readings are refused until a new key is issued
    Revoke { id: String },
    /// List the registered sensors
    List,
}

fn sensor_id(text: &str) -> anyhow::Result<SensorId> {
    SensorId::parse(text).ok_or_else(|| anyhow::anyhow!("{text:?} is not a sensor id: two capital letters, a dash, three digits (DB-001)"))
}

pub async fn sensors(pool: &SqlitePool, command: Sensors, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    registry::ensure_demo_sensors(pool).await?;
    let now = clock.now();
    match command {
        Sensors::Add { id, name_ko, name_en, lat, lon, model, installed } => {
            let id = sensor_id(&id)?;
            let installed = match installed {
                Some(text) => domain::IsoDate::parse(&text).ok_or_else(|| anyhow::anyhow!("{text:?} is not a date: YYYY-MM-DD"))?,
                None => clock.today(),
            };
            let sensor = Sensor { id: id.clone(), name_ko, name_en, location: GeoPoint { lat, lon }, model, installed };
            let key = registry::add_sensor(pool, &sensor, now).await?;
            print_key(&id, &key);
        }
        Sensors::Key { id } => {
            let id = sensor_id(&id)?;
            let key = registry::issue_key(pool, &id, now).await?;
            print_key(&id, &key);
        }
        Sensors::Revoke { id } => {
            let id = sensor_id(&id)?;
            if registry::revoke(pool, &id, now).await? {
                println!("{id}: key revoked; its readings are refused until `dongne sensors key {id}`");
            } else {
                println!("{id} had no live key");
            }
        }
        Sensors::List => {
            println!("{:<7} {:<9} {:<10} {:<11} {:<8} {:>10}  name", "id", "lat", "lon", "installed", "key", "sequence");
            let listed = registry::list(pool).await?;
            let legacy = listed.iter().filter(|s| s.key_scheme.as_deref() == Some("hmac")).count();
            for s in listed {
                let key = s.key_scheme.as_deref().unwrap_or("none");
                let (id, at) = (&s.sensor.id, s.sensor.location);
                println!("{id:<7} {:<9.5} {:<10.5} {:<11} {key:<8} {:>10}  {} / {}", at.lat, at.lon, s.sensor.installed.to_string(), s.last_sequence, s.sensor.name_ko, s.sensor.name_en);
            }
            if legacy > 0 {
                eprintln!("{legacy} device(s) still sign with a legacy HMAC key: `dongne sensors key ID` gives each an Ed25519 key.");
            }
        }
    }
    Ok(())
}

fn print_key(id: &SensorId, key: &domain::air::signing::DeviceSecret) {
    println!("{id}: key {}", key.to_hex());
    eprintln!("Put this Ed25519 private key on the device now: only its public half is stored, and it will not be shown again.");
}

/// `dongne simulate-sensors`: runs until interrupted.
pub async fn simulate_sensors(pool: SqlitePool, options: simulate::Options, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    registry::ensure_demo_sensors(&pool).await?;
    tokio::select! {
        done = simulate::run(pool, options, clock) => done,
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

/// `dongne serve --simulate-sensors`: the simulator in this process, sending to our own address
/// once serving has begun (the listener is bound, so its first connections wait in the backlog).
pub fn simulate_in_process(state: &crate::AppState, mut addr: std::net::SocketAddr) {
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let options = simulate::Options { url: format!("http://{addr}"), interval_secs: 60, speed: 1.0 };
    let (pool, clock) = (state.pool.clone(), state.clock.clone());
    tokio::spawn(async move {
        if let Err(e) = simulate::run(pool, options, clock).await {
            tracing::error!(error = %e, "the air sensor simulator stopped");
        }
    });
}
