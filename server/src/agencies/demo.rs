//! The district's own smart-city services, registered on the platform the way any agency does
//! (by the Smart Information Division), each with a simulated feed: every five minutes one
//! record per device, read against the service's schema like a pushed batch.

use super::{store, SqlitePlatform};
use crate::AppState;
use domain::datasets::services::{record_cells, AgencyPlatform, FieldValue, ServiceDraft};
use domain::datasets::{DatasetId, Publisher};
use domain::SeoulTime;
use std::time::Duration;

/// The demo devices' noise: the crowd feed's, salted per field.
fn unit(device: &str, at: &str, salt: u8) -> f64 {
    domain::crowd::feed::unit(device, &format!("{salt}{at}"))
}

const AGENCY: Publisher = Publisher::SmartInformation;
const CONTACT: &str = "smartcity@district.go.kr";

/// (name, description, theme, schema, devices at (id, lat, lon))
type DemoService = (&'static str, &'static str, &'static str, &'static str, &'static [(&'static str, f64, f64)]);

const SERVICES: [DemoService; crate::datasets::generate::DEMO_SERVICES] = [
    ("스마트 횡단보도", "보행자 대기 인원을 감지해 보행 신호를 늘리고 바닥 신호등을 켜는 횡단보도의 5분 기록", "traffic-safety",
        "crossing | text | 횡단보도\nmeasured_at | text | 측정 시각\nwaiting | integer | 대기 보행자 | 명\nextensions | integer | 보행신호 연장 | 회\nlat | latitude | 위도\nlon | longitude | 경도",
        &[("CW-01", 37.5447, 127.0558), ("CW-02", 37.5610, 127.0376), ("CW-03", 37.5474, 127.0471), ("CW-04", 37.5553, 127.0440)]),
    ("장애인 전용 주차구역 불법주차 단속", "장애인 전용 주차구역의 감지기가 기록한 무자격 차량 감지와 경고 방송", "parking",
        "bay | text | 주차구역\nmeasured_at | text | 측정 시각\ndetections | integer | 무자격 차량 감지 | 건\nwarnings | integer | 경고 방송 | 회\nlat | latitude | 위도\nlon | longitude | 경도",
        &[("DP-01", 37.5431, 127.0520), ("DP-02", 37.5630, 127.0360), ("DP-03", 37.5480, 127.0450)]),
    ("전기차 충전구역 점유 현황", "공공 충전구역의 충전기별 상태와 충전 없이 세워 둔 시간", "parking",
        "charger | text | 충전기\nmeasured_at | text | 측정 시각\ncharging | integer | 충전 중 | 대\nidle_minutes | integer | 충전 없이 주차 | 분\nlat | latitude | 위도\nlon | longitude | 경도",
        &[("EV-01", 37.5460, 127.0430), ("EV-02", 37.5590, 127.0410), ("EV-03", 37.5420, 127.0600)]),
    ("공공시설 살균기 가동 기록", "주민센터와 도서관 출입구 살균기의 가동 횟수와 램프 사용 시간", "disease-control",
        "facility | text | 시설\nmeasured_at | text | 측정 시각\ncycles | integer | 살균 횟수 | 회\nlamp_hours | decimal | 램프 사용 | 시간",
        &[("ST-01", 37.5450, 127.0500), ("ST-02", 37.5600, 127.0380)]),
    ("한파 쉼터와 온열의자", "버스정류장 온열의자와 한파 쉼터의 의자 온도, 바깥 기온, 이용자 수", "disaster",
        "stop | text | 정류장\nmeasured_at | text | 측정 시각\nseat_temp | decimal | 의자 온도 | ℃\noutside_temp | decimal | 바깥 기온 | ℃\nusers | integer | 이용자 | 명\nlat | latitude | 위도\nlon | longitude | 경도",
        &[("HS-01", 37.5442, 127.0380), ("HS-02", 37.5615, 127.0365), ("HS-03", 37.5558, 127.0432), ("HS-04", 37.5470, 127.0478)]),
];

/// Registers the demo services that are missing (by name), through the platform like any agency.
pub async fn ensure_services(platform: &SqlitePlatform) -> anyhow::Result<()> {
    let existing = platform.services(AGENCY).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut added = false;
    for (name, description, theme, schema, _) in SERVICES {
        if existing.iter().any(|s| s.name == name) {
            continue;
        }
        let draft = ServiceDraft::parse(name, description, CONTACT, theme, schema).map_err(|e| anyhow::anyhow!("demo service {name}: {e}"))?;
        store::register(&platform.pool, AGENCY, &draft, platform.clock.today(), platform.clock.now()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        added = true;
    }
    if added {
        platform.catalogue.reload().await?;
        feed_once(platform, platform.clock.now()).await?;
    }
    Ok(())
}

/// One record of `device` at `at` for service `index`, as the device would send it.
fn record(index: usize, device: (&str, f64, f64), at: SeoulTime) -> Vec<(String, FieldValue)> {
    let (id, lat, lon) = device;
    let t = at.to_string();
    let hour = at.instant().hour() as f64;
    let busy = (-((hour - 13.0) / 5.0).powi(2)).exp();
    let n = |salt: u8, top: f64| FieldValue::Number(((unit(id, &t, salt) * top * (0.3 + busy)).round() as i64).to_string());
    let d = |v: f64| FieldValue::Number(format!("{v:.1}"));
    let text = |s: &str| FieldValue::Text(s.to_string());
    let place = |fields: &mut Vec<(String, FieldValue)>| {
        fields.push(("lat".into(), d4(lat)));
        fields.push(("lon".into(), d4(lon)));
    };
    let mut fields: Vec<(String, FieldValue)> = match index {
        0 => vec![("crossing".into(), text(id)), ("waiting".into(), n(1, 25.0)), ("extensions".into(), n(2, 6.0))],
        1 => vec![("bay".into(), text(id)), ("detections".into(), n(1, 3.0)), ("warnings".into(), n(2, 4.0))],
        2 => vec![("charger".into(), text(id)), ("charging".into(), n(1, 2.0)), ("idle_minutes".into(), n(2, 90.0))],
        3 => vec![("facility".into(), text(id)), ("cycles".into(), n(1, 40.0)), ("lamp_hours".into(), d(1200.0 + unit(id, &t, 3) * 50.0))],
        _ => {
            let outside = -6.0 + 5.0 * busy + unit(id, &t, 4) * 2.0;
            vec![("stop".into(), text(id)), ("seat_temp".into(), d(36.0 + unit(id, &t, 5) * 4.0)), ("outside_temp".into(), d(outside)), ("users".into(), n(1, 12.0))]
        }
    };
    fields.push(("measured_at".into(), text(&t)));
    if index != 3 {
        place(&mut fields);
    }
    fields
}

fn d4(v: f64) -> FieldValue {
    FieldValue::Number(format!("{v:.4}"))
}

/// One record per device of every demo service, read against its schema and appended.
pub async fn feed_once(platform: &SqlitePlatform, now: SeoulTime) -> anyhow::Result<u32> {
    let services = platform.services(AGENCY).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let index = platform.catalogue.now();
    let mut written = 0;
    for (i, (name, _, _, _, devices)) in SERVICES.iter().enumerate() {
        let Some(service) = services.iter().find(|s| s.name == *name) else { continue };
        let Some(dataset) = domain::datasets::DatasetCatalog::dataset(index.as_ref(), service.dataset) else { continue };
        let rows = devices
            .iter()
            .enumerate()
            .map(|(r, device)| record_cells(&dataset, r + 1, record(i, *device, now)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| anyhow::anyhow!("demo feed {name}: {e}"))?;
        written += append(platform, service.id, service.dataset, &rows, now).await?;
    }
    Ok(written)
}

async fn append(platform: &SqlitePlatform, service: u32, dataset: DatasetId, rows: &[Vec<String>], now: SeoulTime) -> anyhow::Result<u32> {
    let mut tx = crate::db::begin_write(&platform.pool).await?;
    // a service at its quota (after years of demo feeding) takes nothing more, as a real one would
    let n = store::append(&mut tx, service, dataset, rows, now.date()).await?.unwrap_or(0);
    tx.commit().await?;
    platform.catalogue.now().add_rows(dataset, n, now.date());
    Ok(n)
}

/// Every five minutes, a record from every demo device.
pub fn start_chore(state: &AppState) {
    let platform = state.agencies.platform.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        tick.tick().await; // the first records were written at start-up
        loop {
            tick.tick().await;
            if let Err(e) = feed_once(&platform, platform.clock.now()).await {
                tracing::warn!(error = %e, "the demo services' feed failed");
            }
        }
    });
}
