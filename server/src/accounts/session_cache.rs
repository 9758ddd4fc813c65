//! Recently used sessions kept in memory in front of the SQLite session table, so a signed-in
//! resident's page costs no database read for the session. Writes go to both (tower-sessions'
//! `CachingSessionStore`), and this server is the database's only writer, so the copy is never
//! stale. Bounded: the least recently used sessions are forgotten first (they are still in SQLite).

use axum_login::tower_sessions::session::{Id, Record};
use axum_login::tower_sessions::session_store::{Result, SessionStore};
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug)]
pub struct RecentSessions {
    records: Arc<Mutex<LruCache<Id, Record>>>,
}

/// Sessions kept in memory at most (a few hundred bytes each).
const KEPT: usize = 50_000;

impl RecentSessions {
    pub fn new() -> RecentSessions {
        RecentSessions { records: Arc::new(Mutex::new(LruCache::new(NonZeroUsize::new(KEPT).expect("non-zero")))) }
    }

    fn records(&self) -> std::sync::MutexGuard<'_, LruCache<Id, Record>> {
        self.records.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Default for RecentSessions {
    fn default() -> RecentSessions {
        RecentSessions::new()
    }
}

#[async_trait::async_trait]
impl SessionStore for RecentSessions {
    /// The SQLite store has already given the record its unique id.
    async fn create(&self, record: &mut Record) -> Result<()> {
        self.records().put(record.id, record.clone());
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        self.records().put(record.id, record.clone());
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let mut records = self.records();
        match records.get(id) {
            Some(record) if record.expiry_date > time::OffsetDateTime::now_utc() => Ok(Some(record.clone())),
            Some(_) => {
                records.pop(id);
                Ok(None)
            }
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.records().pop(id);
        Ok(())
    }
}
