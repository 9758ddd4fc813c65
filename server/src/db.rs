//! The SQLite database: connection settings every write relies on, and migrations.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// Opens (creating if needed) and migrates the database at `url`.
pub async fn connect(url: &str) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a confirmed booking survives a power cut (NORMAL in WAL mode may lose the last
        // commits); bookings go through `group_commit` so the flush is paid once per batch
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // writers queue for the lock instead of failing at once
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Starts a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so two writers
/// never both read and then fail to upgrade.
pub async fn begin_write(pool: &SqlitePool) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// How many times a write that met a busy database is tried in all.
const ATTEMPTS: u32 = 5;

/// Runs one write, again if SQLite was busy (`is_busy` says so of its error): the busy timeout
/// already waited 5 s, so this is for the rare lock the timeout does not cover, such as a WAL
/// snapshot that went stale. The last answer is returned as it is.
pub async fn retry_busy<T, E, F, Fut>(what: &'static str, is_busy: fn(&E) -> bool, op: F) -> Result<T, E>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{
    let mut attempt = 1;
    loop {
        match op().await {
            Err(e) if is_busy(&e) && attempt < ATTEMPTS => {
                tracing::warn!(operation = what, attempt, "database busy; trying again");
                tokio::time::sleep(Duration::from_millis(20 * u64::from(attempt))).await;
                attempt += 1;
            }
            done => return done,
        }
    }
}
