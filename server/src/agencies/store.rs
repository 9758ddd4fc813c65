//! The platform's SQL over `0015_services.sql`: grants, services (each with its dataset), keys,
//! and appending a batch of records to a service's dataset.

use super::keys;
use crate::db::begin_write;
use domain::accounts::AccountId;
use domain::datasets::services::{IssuedKey, KeyInfo, PlatformError, ServiceDraft, ServiceInfo, MAX_KEYS_ISSUED_PER_DAY, MAX_KEYS_PER_SERVICE, MAX_SERVICES_PER_AGENCY, MAX_SERVICE_BYTES, MAX_SERVICE_RECORDS};
use domain::datasets::{Column, Dataset, DatasetId, Publisher};
use domain::{IsoDate, SeoulTime};
use sqlx::{Row, SqliteConnection, SqlitePool};

fn failed(e: impl std::fmt::Display) -> PlatformError {
    tracing::error!(error = %e, "agency platform: storage failed");
    PlatformError::Unavailable
}

/// Grants `email`'s account the agency (replacing any earlier grant). `Ok(false)`: no such account.
pub async fn grant(pool: &SqlitePool, email: &str, agency: Publisher, now: SeoulTime) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO agency_members (account_id, agency, granted_at) SELECT id, ?2, ?3 FROM accounts WHERE email = ?1 \
         ON CONFLICT (account_id) DO UPDATE SET agency = excluded.agency, granted_at = excluded.granted_at",
    )
    .bind(email)
    .bind(agency.slug())
    .bind(now.to_string())
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn agency_of(pool: &SqlitePool, account: AccountId) -> Result<Option<Publisher>, PlatformError> {
    let slug: Option<String> = sqlx::query_scalar("SELECT agency FROM agency_members WHERE account_id = ?")
        .bind(account.0)
        .fetch_optional(pool)
        .await
        .map_err(failed)?;
    Ok(slug.and_then(|s| Publisher::parse(&s)))
}

/// Registers a service and the dataset it feeds, in one transaction; answers the new dataset too
/// (for the catalogue to index).
pub async fn register(pool: &SqlitePool, agency: Publisher, draft: &ServiceDraft, today: IsoDate, now: SeoulTime) -> Result<(u32, Dataset), PlatformError> {
    let mut tx = begin_write(pool).await.map_err(failed)?;
    let (services, same_name): (i64, i64) = sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(name = ?2), 0) FROM services WHERE agency = ?1")
        .bind(agency.slug())
        .bind(&draft.name)
        .fetch_one(&mut *tx)
        .await
        .map_err(failed)?;
    if same_name > 0 {
        return Err(PlatformError::Conflict {
            ko: "같은 이름의 서비스가 이미 있습니다.".into(),
            en: "Your agency already has a service with this name.".into(),
        });
    }
    if services as usize >= MAX_SERVICES_PER_AGENCY {
        return Err(PlatformError::Conflict {
            ko: format!("한 기관은 서비스를 {MAX_SERVICES_PER_AGENCY}개까지 등록할 수 있습니다."),
            en: format!("An agency may register up to {MAX_SERVICES_PER_AGENCY} services."),
        });
    }
    let next: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM datasets").fetch_one(&mut *tx).await.map_err(failed)?;
    let dataset = draft.dataset(DatasetId(next as u32), agency, today);
    dataset.check().map_err(|e| PlatformError::Invalid { ko: e.message(domain::Lang::Ko), en: e.message(domain::Lang::En) })?;
    sqlx::query(
        "INSERT INTO datasets (id, title, theme, publisher, source, frequency, modified, live, meta) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8)",
    )
    .bind(next)
    .bind(&dataset.title)
    .bind(dataset.theme.slug())
    .bind(dataset.publisher.slug())
    .bind(dataset.source.slug())
    .bind(dataset.frequency.slug())
    .bind(dataset.modified.to_string())
    .bind(serde_json::to_string(&dataset).map_err(failed)?)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO services (agency, dataset_id, name, description, contact, registered_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(agency.slug())
    .bind(next)
    .bind(&draft.name)
    .bind(&draft.description)
    .bind(&draft.contact)
    .bind(now.to_string())
    .fetch_one(&mut *tx)
    .await
    .map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    Ok((id as u32, dataset))
}

/// An agency's services with their keys, newest first.
pub async fn services(pool: &SqlitePool, agency: Publisher) -> Result<Vec<ServiceInfo>, PlatformError> {
    let rows = sqlx::query(
        "SELECT s.id, s.name, s.description, s.contact, s.dataset_id, s.next_position, d.meta FROM services s \
         JOIN datasets d ON d.id = s.dataset_id WHERE s.agency = ? ORDER BY s.id DESC",
    )
    .bind(agency.slug())
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.get("id");
        let dataset: Dataset = serde_json::from_str(r.get::<&str, _>("meta")).map_err(failed)?;
        let keys = sqlx::query("SELECT id, prefix, issued_at, revoked_at FROM service_keys WHERE service_id = ? ORDER BY id DESC")
            .bind(id)
            .fetch_all(pool)
            .await
            .map_err(failed)?
            .into_iter()
            .filter_map(|k| {
                Some(KeyInfo {
                    id: k.get::<i64, _>("id") as u32,
                    prefix: k.get("prefix"),
                    issued_at: SeoulTime::parse(k.get::<&str, _>("issued_at"))?,
                    revoked_at: k.get::<Option<String>, _>("revoked_at").and_then(|t| SeoulTime::parse(&t)),
                })
            })
            .collect();
        out.push(ServiceInfo {
            id: id as u32,
            agency,
            name: r.get("name"),
            description: r.get("description"),
            contact: r.get("contact"),
            dataset: DatasetId(r.get::<i64, _>("dataset_id") as u32),
            columns: dataset.columns,
            records: r.get::<i64, _>("next_position") as u32,
            keys,
        });
    }
    Ok(out)
}

/// Issues a key for the agency's own service (another agency's is `NotFound`).
pub async fn issue_key(pool: &SqlitePool, agency: Publisher, service: u32, now: SeoulTime) -> Result<IssuedKey, PlatformError> {
    let mut tx = begin_write(pool).await.map_err(failed)?;
    let owner: Option<String> = sqlx::query_scalar("SELECT agency FROM services WHERE id = ?").bind(service as i64).fetch_optional(&mut *tx).await.map_err(failed)?;
    if owner.as_deref() != Some(agency.slug()) {
        return Err(PlatformError::NotFound);
    }
    // issued_at is a Seoul time written `YYYY-MM-DDTHH:MM…`, so a day ago compares as text
    let day_ago = now.plus_minutes(-24 * 60).to_string();
    let (live, today): (i64, i64) =
        sqlx::query_as("SELECT COALESCE(SUM(revoked_at IS NULL), 0), COALESCE(SUM(issued_at > ?2), 0) FROM service_keys WHERE service_id = ?1")
            .bind(service as i64)
            .bind(day_ago)
            .fetch_one(&mut *tx)
            .await
            .map_err(failed)?;
    if today as usize >= MAX_KEYS_ISSUED_PER_DAY {
        return Err(PlatformError::Conflict {
            ko: format!("서비스 하나에 하루 {MAX_KEYS_ISSUED_PER_DAY}개까지 키를 발급할 수 있습니다. 내일 다시 시도해 주세요."),
            en: format!("A service may be issued up to {MAX_KEYS_ISSUED_PER_DAY} keys a day; try again tomorrow."),
        });
    }
    if live as usize >= MAX_KEYS_PER_SERVICE {
        return Err(PlatformError::Conflict {
            ko: format!("서비스 하나에 쓸 수 있는 키는 {MAX_KEYS_PER_SERVICE}개까지입니다. 쓰지 않는 키를 폐기해 주세요."),
            en: format!("A service may hold up to {MAX_KEYS_PER_SERVICE} live keys; revoke one you no longer use."),
        });
    }
    let key = keys::generate();
    let id: i64 = sqlx::query_scalar("INSERT INTO service_keys (service_id, hash, prefix, issued_at) VALUES (?, ?, ?, ?) RETURNING id")
        .bind(service as i64)
        .bind(&key.hash)
        .bind(&key.prefix)
        .bind(now.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    Ok(IssuedKey { service, key_id: id as u32, key: key.text })
}

/// Revokes a key of one of the agency's services (another agency's, or one of another service,
/// is `NotFound`; revoking twice is fine).
pub async fn revoke_key(pool: &SqlitePool, agency: Publisher, service: u32, key: u32, now: SeoulTime) -> Result<(), PlatformError> {
    let done = sqlx::query(
        "UPDATE service_keys SET revoked_at = COALESCE(revoked_at, ?3) WHERE id = ?1 AND service_id = ?4 \
         AND service_id IN (SELECT id FROM services WHERE agency = ?2)",
    )
    .bind(key as i64)
    .bind(agency.slug())
    .bind(now.to_string())
    .bind(service as i64)
    .execute(pool)
    .await
    .map_err(failed)?;
    if done.rows_affected() == 0 {
        return Err(PlatformError::NotFound);
    }
    Ok(())
}

/// The service a live key belongs to: (service id, its dataset).
pub async fn key_service(pool: &SqlitePool, hash: &str) -> sqlx::Result<Option<(u32, DatasetId)>> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT s.id, s.dataset_id FROM service_keys k JOIN services s ON s.id = k.service_id WHERE k.hash = ? AND k.revoked_at IS NULL",
    )
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(s, d)| (s as u32, DatasetId(d as u32))))
}

/// Appends rows to the service's dataset at its next positions, keeping the dataset's row count
/// and modified date in its metadata. Runs inside the caller's transaction. `None`: the rows
/// would take the service past `MAX_SERVICE_RECORDS` or `MAX_SERVICE_BYTES`, and nothing is written.
pub async fn append(conn: &mut SqliteConnection, service: u32, dataset: DatasetId, rows: &[Vec<String>], today: IsoDate) -> sqlx::Result<Option<u32>> {
    // one statement for the batch: a JSON array of rows, unpacked by SQLite
    let cells = serde_json::to_string(rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let start: Option<i64> = sqlx::query_scalar(
        "UPDATE services SET next_position = next_position + ?2, bytes_stored = bytes_stored + ?4 \
         WHERE id = ?1 AND next_position + ?2 <= ?3 AND bytes_stored + ?4 <= ?5 RETURNING next_position - ?2",
    )
    .bind(service as i64)
    .bind(rows.len() as i64)
    .bind(MAX_SERVICE_RECORDS as i64)
    .bind(cells.len() as i64)
    .bind(MAX_SERVICE_BYTES as i64)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(start) = start else { return Ok(None) };
    sqlx::query("INSERT INTO dataset_rows (dataset_id, position, cells) SELECT ?1, ?2 + key, value FROM json_each(?3)")
        .bind(dataset.0 as i64)
        .bind(start)
        .bind(cells)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE datasets SET modified = ?2, meta = json_set(meta, '$.row_count', ?3, '$.modified', ?2, '$.covers_to', ?2) WHERE id = ?1")
        .bind(dataset.0 as i64)
        .bind(today.to_string())
        .bind(start + rows.len() as i64)
        .execute(&mut *conn)
        .await?;
    Ok(Some(rows.len() as u32))
}

/// The columns of a dataset (what a service's records are read against).
pub async fn columns(pool: &SqlitePool, dataset: DatasetId) -> sqlx::Result<Option<Vec<Column>>> {
    let meta: Option<String> = sqlx::query_scalar("SELECT meta FROM datasets WHERE id = ?").bind(dataset.0 as i64).fetch_optional(pool).await?;
    Ok(meta.and_then(|m| serde_json::from_str::<Dataset>(&m).ok()).map(|d| d.columns))
}
