//! The secret licence numbers are fingerprinted with (`domain::carshare::LicenceKey`), and the
//! re-keying of fingerprints stored before it existed.
//!
//! Where the key comes from: `DONGNE_LICENCE_KEY` (64 hex digits) if set — several servers sharing
//! one database must all be given the same one — else the file next to the database
//! (`dongne.db` → `dongne.db.licence-key`), created with mode 0600 on first start. The key is kept
//! out of the database on purpose: a copy of the database alone cannot tell which licence number a
//! fingerprint is. Lose the key and the one-licence-one-account check no longer recognises numbers
//! registered before (residents register again); back it up with the database, but not beside it.
//!
//! Rows stored before the key (a plain SHA-256 of the 12 digits, `keyed = 0`) are re-keyed once at
//! start-up: their new fingerprint is HMAC(key, old hash), the same value a fresh registration of
//! the number gives, so nothing needs the digits or the holder.

use domain::carshare::LicenceKey;
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};

pub const ENV: &str = "DONGNE_LICENCE_KEY";

/// The key file beside a database file.
pub fn key_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".licence-key");
    PathBuf::from(name)
}

/// The key from `DONGNE_LICENCE_KEY`, or the file beside the database (made on first start).
pub fn load(pool: &SqlitePool) -> anyhow::Result<LicenceKey> {
    if let Ok(text) = std::env::var(ENV) {
        return LicenceKey::parse_hex(&text).ok_or_else(|| anyhow::anyhow!("{ENV} must be 64 hex digits"));
    }
    load_file(&key_path(pool.connect_options().get_filename()))
}

/// Reads the key file, or writes a new random key to it (readable by its owner only).
pub fn load_file(path: &Path) -> anyhow::Result<LicenceKey> {
    match std::fs::read_to_string(path) {
        Ok(text) => LicenceKey::parse_hex(&text).ok_or_else(|| anyhow::anyhow!("{} does not hold 64 hex digits", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use rand::RngCore;
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let key = LicenceKey::from_bytes(bytes);
            if !write_new(path, &key)? {
                // another process made it first: its key is the one
                return load_file(path);
            }
            tracing::info!(path = %path.display(), "made the licence fingerprint key");
            Ok(key)
        }
        Err(e) => Err(anyhow::anyhow!("reading {}: {e}", path.display())),
    }
}

/// Writes a new key file; false when one already exists.
fn write_new(path: &Path, key: &LicenceKey) -> anyhow::Result<bool> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    // create_new: two servers starting at once never overwrite each other's key
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut file) => {
            writeln!(file, "{}", key.to_hex())?;
            file.sync_all()?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(anyhow::anyhow!("writing {}: {e}", path.display())),
    }
}

/// Re-keys the fingerprints stored before keys; how many rows were changed.
pub async fn rekey_legacy(pool: &SqlitePool, key: &LicenceKey) -> sqlx::Result<u64> {
    let mut tx = crate::db::begin_write(pool).await?;
    let legacy: Vec<(i64, String)> = sqlx::query_as("SELECT account_id, digits_hmac FROM car_licences WHERE keyed = 0").fetch_all(&mut *tx).await?;
    for (account, old) in &legacy {
        sqlx::query("UPDATE car_licences SET digits_hmac = ?, keyed = 1 WHERE account_id = ? AND keyed = 0")
            .bind(key.rekey(old))
            .bind(account)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(legacy.len() as u64)
}
