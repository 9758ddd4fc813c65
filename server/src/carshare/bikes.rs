//! E-bikes on the server: the docks and holds over SQLite (`SqliteBikes`, the domain's
//! `BikeDocks` port), the simulated feed that moves the counts every 30 s (`feed`, a chore started
//! from `AppState::start_chores`), and the public `GET /api/v1/bikes`. Reserving a bike is one
//! write transaction whose single `UPDATE … WHERE available > 0` takes the bike; the table's CHECK
//! keeps every count within 0..capacity too.

use crate::air::read::{seoul, unix};
use crate::db::begin_write;
use crate::error::ApiError;
use crate::AppState;
use app::AppError;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use domain::accounts::AccountId;
use domain::air::GeoPoint;
use domain::carshare::bikes::{self as rules, BikeDocks, BikeError, BikeFailure, BikeHold, Dock, DockId, DockKind};
use domain::courses::BoxFuture;
use domain::SeoulTime;
use serde_json::json;
use sqlx::{Row, SqlitePool};
use std::sync::Arc;

/// The docks and holds in SQLite.
#[derive(Clone)]
pub struct SqliteBikes {
    pool: SqlitePool,
}

fn failed(what: &'static str) -> impl Fn(sqlx::Error) -> BikeFailure {
    move |e| {
        tracing::error!(error = %e, "bikes: {what} failed");
        BikeFailure::Unavailable
    }
}

impl SqliteBikes {
    /// Opens the docks and brings their counts to `now` at once.
    pub async fn load(pool: &SqlitePool, now: SeoulTime) -> anyhow::Result<Arc<SqliteBikes>> {
        let bikes = Arc::new(SqliteBikes { pool: pool.clone() });
        bikes.feed(now).await.map_err(|e| anyhow::anyhow!("bike feed: {e}"))?;
        Ok(bikes)
    }

    /// The simulated feed: every dock's count set to the commute model's at `now`, less the bikes
    /// held there (one short write transaction for the ~15 docks).
    pub async fn feed(&self, now: SeoulTime) -> Result<(), BikeFailure> {
        let at = unix(now);
        let mut tx = begin_write(&self.pool).await.map_err(failed("feed"))?;
        let rows = sqlx::query(
            "SELECT d.id, d.kind, d.capacity, \
             (SELECT COUNT(*) FROM bike_holds h WHERE h.dock = d.id AND h.until > ?) AS held FROM bike_docks d",
        )
        .bind(at)
        .fetch_all(&mut *tx)
        .await
        .map_err(failed("feed read"))?;
        for row in rows {
            let (id, capacity, held): (i64, i64, i64) = (row.get("id"), row.get("capacity"), row.get("held"));
            let Some(kind) = DockKind::parse(row.get::<&str, _>("kind")) else { continue };
            let capacity = capacity.clamp(1, i64::from(rules::MAX_CAPACITY)) as u32;
            let simulated = rules::simulated_count(DockId(id as u32), kind, capacity, now);
            let available = rules::available_after_holds(simulated, held.clamp(0, i64::from(u32::MAX)) as u32, capacity);
            sqlx::query("UPDATE bike_docks SET available = ?, updated_at = ? WHERE id = ?")
                .bind(i64::from(available))
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(failed("feed write"))?;
        }
        tx.commit().await.map_err(failed("feed commit"))
    }

    async fn all_docks(&self) -> Result<Vec<Dock>, BikeFailure> {
        let rows = sqlx::query("SELECT id, name_ko, name_en, lat, lon, kind, capacity, available, updated_at FROM bike_docks ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(failed("docks"))?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(Dock {
                    id: DockId(u32::try_from(r.get::<i64, _>("id")).ok()?),
                    name_ko: r.get("name_ko"),
                    name_en: r.get("name_en"),
                    location: GeoPoint { lat: r.get("lat"), lon: r.get("lon") },
                    kind: DockKind::parse(r.get::<&str, _>("kind"))?,
                    capacity: u32::try_from(r.get::<i64, _>("capacity")).ok()?,
                    available: u32::try_from(r.get::<i64, _>("available")).ok()?,
                    updated_at: seoul(r.get("updated_at"))?,
                })
            })
            .collect())
    }

    async fn take(&self, account: AccountId, dock: DockId, now: SeoulTime) -> Result<BikeHold, BikeFailure> {
        let at = unix(now);
        let until = SeoulTime::from_instant(now.instant() + rules::HOLD);
        let mut tx = begin_write(&self.pool).await.map_err(failed("reserve"))?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM bike_docks WHERE id = ?")
            .bind(i64::from(dock.0))
            .fetch_optional(&mut *tx)
            .await
            .map_err(failed("reserve dock"))?;
        if exists.is_none() {
            return Err(BikeError::NoSuchDock.into());
        }
        let held: Option<i64> = sqlx::query_scalar("SELECT until FROM bike_holds WHERE account = ? AND until > ? ORDER BY until DESC LIMIT 1")
            .bind(account.0)
            .bind(at)
            .fetch_optional(&mut *tx)
            .await
            .map_err(failed("reserve hold"))?;
        if let Some(until) = held.and_then(seoul) {
            return Err(BikeError::AlreadyHolding { until }.into());
        }
        let taken = sqlx::query("UPDATE bike_docks SET available = available - 1 WHERE id = ? AND available > 0")
            .bind(i64::from(dock.0))
            .execute(&mut *tx)
            .await
            .map_err(failed("reserve take"))?;
        if taken.rows_affected() != 1 {
            return Err(BikeError::NoBikes.into());
        }
        let id: i64 = sqlx::query_scalar("INSERT INTO bike_holds (dock, account, since, until) VALUES (?, ?, ?, ?) RETURNING id")
            .bind(i64::from(dock.0))
            .bind(account.0)
            .bind(at)
            .bind(unix(until))
            .fetch_one(&mut *tx)
            .await
            .map_err(failed("reserve insert"))?;
        tx.commit().await.map_err(failed("reserve commit"))?;
        Ok(BikeHold { id, dock, account, since: now, until })
    }

    async fn running_hold(&self, account: AccountId, now: SeoulTime) -> Result<Option<BikeHold>, BikeFailure> {
        let row = sqlx::query("SELECT id, dock, since, until FROM bike_holds WHERE account = ? AND until > ? ORDER BY until DESC LIMIT 1")
            .bind(account.0)
            .bind(unix(now))
            .fetch_optional(&self.pool)
            .await
            .map_err(failed("hold"))?;
        Ok(row.and_then(|r| {
            Some(BikeHold {
                id: r.get("id"),
                dock: DockId(u32::try_from(r.get::<i64, _>("dock")).ok()?),
                account,
                since: seoul(r.get("since"))?,
                until: seoul(r.get("until"))?,
            })
        }))
    }
}

impl BikeDocks for SqliteBikes {
    fn docks(&self) -> BoxFuture<'_, Result<Vec<Dock>, BikeFailure>> {
        Box::pin(self.all_docks())
    }

    fn reserve(&self, account: AccountId, dock: DockId, now: SeoulTime) -> BoxFuture<'_, Result<BikeHold, BikeFailure>> {
        Box::pin(self.take(account, dock, now))
    }

    fn hold_of(&self, account: AccountId, now: SeoulTime) -> BoxFuture<'_, Result<Option<BikeHold>, BikeFailure>> {
        Box::pin(self.running_hold(account, now))
    }
}

/// Moves the counts every `FEED_EVERY_SECS` (one line in `AppState::start_chores`).
pub fn start_chore(state: &AppState) {
    let (bikes, clock) = (state.bikes.clone(), state.clock.clone());
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(rules::FEED_EVERY_SECS));
        loop {
            every.tick().await;
            if let Err(e) = bikes.feed(clock.now()).await {
                tracing::warn!(error = %e, "moving the bike counts failed");
            }
        }
    });
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/bikes", get(docks_json))
}

/// `GET /api/v1/bikes`: every dock with its bikes now (no parameters; the counts move every 30 s).
async fn docks_json(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    if let Err(e) = crate::air::api::no_parameters(raw.as_deref()) {
        return ApiError(e).into_response();
    }
    let docks = match state.bikes.all_docks().await {
        Ok(d) => d,
        Err(_) => return ApiError(AppError::Unavailable).into_response(),
    };
    let items: Vec<_> = docks
        .iter()
        .map(|d| {
            json!({
                "id": d.id.0,
                "name_ko": d.name_ko,
                "name_en": d.name_en,
                "lat": d.location.lat,
                "lon": d.location.lon,
                "kind": d.kind.slug(),
                "capacity": d.capacity,
                "available": d.available,
                "level": d.level().slug(),
                "updated_at": d.updated_at.to_string(),
            })
        })
        .collect();
    let body = json!({ "at": state.clock.now().to_string(), "docks": items });
    let mut response = Json(body).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
