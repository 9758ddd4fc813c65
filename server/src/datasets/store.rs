//! The catalogue's SQL over `0013_datasets.sql`: writing the demo catalogue once, reading every
//! dataset at start-up, and reading a dataset's rows a page at a time (a preview, or a download
//! that streams without holding the table in memory).

use super::generate::Generated;
use crate::db::begin_write;
use domain::datasets::{Dataset, DatasetId};
use sqlx::SqlitePool;

pub async fn count(pool: &SqlitePool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM datasets").fetch_one(pool).await
}

/// Writes datasets and their rows in one transaction. Each is checked first: the catalogue only
/// ever holds what `Dataset::check` and `check_row` accept.
pub async fn insert(pool: &SqlitePool, datasets: &[Generated]) -> anyhow::Result<()> {
    let mut tx = begin_write(pool).await?;
    for Generated { dataset: d, rows } in datasets {
        d.check().map_err(|e| anyhow::anyhow!("dataset {}: {e}", d.id))?;
        sqlx::query(
            "INSERT INTO datasets (id, title, theme, publisher, source, frequency, modified, live, meta) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .bind(d.id.0 as i64)
        .bind(&d.title)
        .bind(d.theme.slug())
        .bind(d.publisher.slug())
        .bind(d.source.slug())
        .bind(d.frequency.slug())
        .bind(d.modified.to_string())
        .bind(d.live.map(|l| serde_json::to_value(l).expect("a layer").as_str().unwrap_or_default().to_string()))
        .bind(serde_json::to_string(d)?)
        .execute(&mut *tx)
        .await?;
        for (position, cells) in rows.iter().enumerate() {
            d.check_row(cells).map_err(|e| anyhow::anyhow!("dataset {} row {position}: {e}", d.id))?;
            sqlx::query("INSERT INTO dataset_rows (dataset_id, position, cells) VALUES (?1, ?2, ?3)")
                .bind(d.id.0 as i64)
                .bind(position as i64)
                .bind(serde_json::to_string(cells)?)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Rewrites the live layers' metadata from the code that serves them (their columns are those
/// APIs' fields), so a catalogue written by an older release describes today's APIs.
pub async fn refresh_live(pool: &SqlitePool, layers: &[Dataset]) -> anyhow::Result<()> {
    let mut tx = begin_write(pool).await?;
    for d in layers {
        d.check().map_err(|e| anyhow::anyhow!("dataset {}: {e}", d.id))?;
        sqlx::query("UPDATE datasets SET title = ?2, theme = ?3, publisher = ?4, frequency = ?5, modified = ?6, meta = ?7 WHERE id = ?1 AND live IS NOT NULL")
            .bind(d.id.0 as i64)
            .bind(&d.title)
            .bind(d.theme.slug())
            .bind(d.publisher.slug())
            .bind(d.frequency.slug())
            .bind(d.modified.to_string())
            .bind(serde_json::to_string(d)?)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every dataset, in id order.
pub async fn all(pool: &SqlitePool) -> anyhow::Result<Vec<Dataset>> {
    let metas: Vec<String> = sqlx::query_scalar("SELECT meta FROM datasets ORDER BY id").fetch_all(pool).await?;
    metas.iter().map(|m| Ok(serde_json::from_str(m)?)).collect()
}

/// Up to `limit` rows of a dataset from `after` (a position; `None` for the first), in order, with
/// their positions.
pub async fn rows_after(pool: &SqlitePool, id: DatasetId, after: Option<i64>, limit: usize) -> sqlx::Result<Vec<(i64, Vec<String>)>> {
    let found: Vec<(i64, String)> = sqlx::query_as(
        "SELECT position, cells FROM dataset_rows WHERE dataset_id = ?1 AND position > ?2 ORDER BY position LIMIT ?3",
    )
    .bind(id.0 as i64)
    .bind(after.unwrap_or(-1))
    .bind(limit as i64)
    .fetch_all(pool)
    .await?;
    found
        .into_iter()
        .map(|(position, cells)| {
            serde_json::from_str(&cells).map(|c| (position, c)).map_err(|e| sqlx::Error::Decode(Box::new(e)))
        })
        .collect()
}
