//! The `facilities` table: writing the demo set on first start and reading them all.

use domain::facilities::{Facility, FacilityKind, FacilitySlug};
use sqlx::{Row, SqlitePool};

/// Writes the facilities that are not there yet (by slug).
pub async fn insert_missing(pool: &SqlitePool, facilities: &[Facility]) -> sqlx::Result<()> {
    let mut tx = crate::db::begin_write(pool).await?;
    for f in facilities {
        sqlx::query(
            "INSERT OR IGNORE INTO facilities (slug, kind, name_ko, name_en, place_ko, place_en, slot_minutes, min_group, \
             max_group, fee_krw, rules_ko, rules_en, opens_hour, closes_hour) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(f.slug.as_str())
        .bind(f.kind.slug())
        .bind(&f.name_ko)
        .bind(&f.name_en)
        .bind(&f.place_ko)
        .bind(&f.place_en)
        .bind(f.slot_minutes as i64)
        .bind(f.min_group as i64)
        .bind(f.max_group as i64)
        .bind(f.fee_krw as i64)
        .bind(&f.rules_ko)
        .bind(&f.rules_en)
        .bind(f.opens_hour as i64)
        .bind(f.closes_hour as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

fn decode(what: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored facility has a bad {what}").into())
}

fn number<T: TryFrom<i64>>(row: &sqlx::sqlite::SqliteRow, column: &str) -> sqlx::Result<T> {
    T::try_from(row.try_get::<i64, _>(column)?).map_err(|_| decode(column))
}

/// Every facility, rooms first, then halls, then courts, by Korean name.
pub async fn all(pool: &SqlitePool) -> sqlx::Result<Vec<Facility>> {
    let rows = sqlx::query(
        "SELECT * FROM facilities ORDER BY CASE kind WHEN 'room' THEN 0 WHEN 'hall' THEN 1 ELSE 2 END, name_ko",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Facility {
                slug: FacilitySlug::parse(&r.try_get::<String, _>("slug")?).ok_or_else(|| decode("slug"))?,
                kind: FacilityKind::parse(&r.try_get::<String, _>("kind")?).ok_or_else(|| decode("kind"))?,
                name_ko: r.try_get("name_ko")?,
                name_en: r.try_get("name_en")?,
                place_ko: r.try_get("place_ko")?,
                place_en: r.try_get("place_en")?,
                opens_hour: number(r, "opens_hour")?,
                closes_hour: number(r, "closes_hour")?,
                slot_minutes: number(r, "slot_minutes")?,
                min_group: number(r, "min_group")?,
                max_group: number(r, "max_group")?,
                fee_krw: number(r, "fee_krw")?,
                rules_ko: r.try_get("rules_ko")?,
                rules_en: r.try_get("rules_en")?,
            })
        })
        .collect()
}
