//! The crowd tables: the hotspots (written once from the domain's demo list) and the five-minute
//! estimates.

use domain::air::GeoPoint;
use domain::crowd::hotspots::PlaceKind;
use domain::crowd::{Hotspot, HotspotId, Thresholds};
use domain::SeoulTime;
use sqlx::{Row, SqlitePool};

fn kind_slug(kind: PlaceKind) -> &'static str {
    match kind {
        PlaceKind::Station => "station",
        PlaceKind::Street => "street",
        PlaceKind::Park => "park",
    }
}

fn kind_of(slug: &str) -> Option<PlaceKind> {
    match slug {
        "station" => Some(PlaceKind::Station),
        "street" => Some(PlaceKind::Street),
        "park" => Some(PlaceKind::Park),
        _ => None,
    }
}

/// Writes the hotspots nobody has written yet (an operator's changes to existing ones stay).
pub async fn ensure_hotspots(pool: &SqlitePool, hotspots: &[Hotspot]) -> anyhow::Result<()> {
    for (position, h) in hotspots.iter().enumerate() {
        let outline: Vec<[f64; 2]> = h.outline.iter().map(|p| [p.lat, p.lon]).collect();
        sqlx::query(
            "INSERT OR IGNORE INTO crowd_hotspots (id, position, name_ko, name_en, dong_ko, dong_en, kind, outline, normal, \
             slightly_crowded, crowded, peak) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(h.id.as_str())
        .bind(position as i64)
        .bind(&h.name_ko)
        .bind(&h.name_en)
        .bind(&h.dong_ko)
        .bind(&h.dong_en)
        .bind(kind_slug(h.kind))
        .bind(serde_json::to_string(&outline)?)
        .bind(h.thresholds.normal() as i64)
        .bind(h.thresholds.slightly_crowded() as i64)
        .bind(h.thresholds.crowded() as i64)
        .bind(h.peak as i64)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Every hotspot, in the order the pages list them.
pub async fn hotspots(pool: &SqlitePool) -> anyhow::Result<Vec<Hotspot>> {
    let rows = sqlx::query("SELECT * FROM crowd_hotspots ORDER BY position").fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            let id: String = r.get("id");
            let outline: Vec<[f64; 2]> = serde_json::from_str(r.get::<&str, _>("outline"))?;
            let t = |c: &str| r.get::<i64, _>(c) as u32;
            Ok(Hotspot {
                id: HotspotId::parse(&id).ok_or_else(|| anyhow::anyhow!("hotspot id {id:?}"))?,
                name_ko: r.get("name_ko"),
                name_en: r.get("name_en"),
                dong_ko: r.get("dong_ko"),
                dong_en: r.get("dong_en"),
                kind: kind_of(r.get("kind")).ok_or_else(|| anyhow::anyhow!("hotspot {id}: kind"))?,
                outline: outline.into_iter().map(|[lat, lon]| GeoPoint { lat, lon }).collect(),
                thresholds: Thresholds::new(t("normal"), t("slightly_crowded"), t("crowded"))
                    .ok_or_else(|| anyhow::anyhow!("hotspot {id}: thresholds"))?,
                peak: t("peak"),
            })
        })
        .collect()
}

/// Stores estimates; a slot already stored keeps its first estimate (the feed may be re-run).
pub async fn write(pool: &SqlitePool, estimates: &[(HotspotId, SeoulTime, u32)]) -> anyhow::Result<u64> {
    let mut tx = pool.begin().await?;
    let mut written = 0;
    for (id, at, estimate) in estimates {
        written += sqlx::query("INSERT OR IGNORE INTO crowd_estimates (hotspot, at, estimate) VALUES (?, ?, ?)")
            .bind(id.as_str())
            .bind(at.to_string())
            .bind(*estimate as i64)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    tx.commit().await?;
    Ok(written)
}

/// The newest estimate stored for any hotspot (where the feed picks up after a restart).
pub async fn newest(pool: &SqlitePool) -> anyhow::Result<Option<SeoulTime>> {
    let at: Option<String> = sqlx::query_scalar("SELECT max(at) FROM crowd_estimates").fetch_one(pool).await?;
    Ok(at.and_then(|t| SeoulTime::parse(&t)))
}

/// Each hotspot's latest estimate at or before `now`.
pub async fn latest(pool: &SqlitePool, now: SeoulTime) -> anyhow::Result<Vec<(String, SeoulTime, u32)>> {
    let rows = sqlx::query(
        "SELECT hotspot, max(at) AS at, estimate FROM crowd_estimates WHERE at <= ? GROUP BY hotspot",
    )
    .bind(now.to_string())
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().filter_map(|r| Some((r.get("hotspot"), SeoulTime::parse(r.get::<&str, _>("at"))?, r.get::<i64, _>("estimate") as u32))).collect())
}

/// One hotspot's estimates after `after` up to `upto`, oldest first.
pub async fn between(pool: &SqlitePool, id: &HotspotId, after: SeoulTime, upto: SeoulTime) -> anyhow::Result<Vec<(SeoulTime, u32)>> {
    let rows = sqlx::query("SELECT at, estimate FROM crowd_estimates WHERE hotspot = ? AND at > ? AND at <= ? ORDER BY at")
        .bind(id.as_str())
        .bind(after.to_string())
        .bind(upto.to_string())
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().filter_map(|r| Some((SeoulTime::parse(r.get::<&str, _>("at"))?, r.get::<i64, _>("estimate") as u32))).collect())
}

/// Forgets estimates before `before` (the pages show a day; the API a week).
pub async fn prune(pool: &SqlitePool, before: SeoulTime) -> anyhow::Result<u64> {
    Ok(sqlx::query("DELETE FROM crowd_estimates WHERE at < ?").bind(before.to_string()).execute(pool).await?.rows_affected())
}
