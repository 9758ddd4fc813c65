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

/// SQLite said "busy" or "locked" (SQLITE_BUSY 5, SQLITE_LOCKED 6 and their extended codes such
/// as 517 BUSY_SNAPSHOT): the same request may simply be tried again.
pub(crate) fn is_busy(e: &sqlx::Error) -> bool {
    let sqlx::Error::Database(e) = e else { return false };
    e.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

/// How many times a write that met a busy database is tried in all.
const ATTEMPTS: u32 = 5;

/// Runs `op` again while it fails with a busy database (`busy` tells), up to 5 tries 20, 40, 60 ms
/// apart. The busy timeout has already waited; this is for the rare lock it does not cover, such as
/// a WAL snapshot that went stale.
pub(crate) async fn retry_while_busy<T, E, Fut>(what: &'static str, busy: impl Fn(&E) -> bool, op: impl Fn() -> Fut) -> Result<T, E>
where
    Fut: std::future::Future<Output = Result<T, E>>,
{
    let mut attempt = 1;
    loop {
        match op().await {
            Err(e) if busy(&e) && attempt < ATTEMPTS => {
                tracing::warn!(operation = what, attempt, "database busy; trying again");
                tokio::time::sleep(Duration::from_millis(20 * u64::from(attempt))).await;
                attempt += 1;
            }
            done => return done,
        }
    }
}
