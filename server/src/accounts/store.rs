//! Accounts and children in SQLite, behind the domain's `Accounts` port, and the signed-in user
//! that axum-login loads for each request (`SessionUser`).

use super::password::Hasher;
use domain::accounts::*;
use domain::courses::BoxFuture;
use domain::Clock;
use sqlx::{Row, SqlitePool};
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone)]
pub struct SqliteAccounts {
    pub pool: SqlitePool,
    pub hasher: Hasher,
    pub clock: Arc<dyn Clock>,
    /// Accounts signed-in requests asked for lately, so a page costs no read for them. A password
    /// change here forgets the account at once; a role changed by `dongne staff add` (another
    /// process) shows within `USER_FRESH`.
    pub recent: Arc<Mutex<LruCache<i64, (SessionUser, Instant)>>>,
    /// Moves at every `forget`: a read of an account that began before a forget is not kept (it
    /// may hold the password hash the forget was for, and would keep a stale session alive).
    forgets: Arc<std::sync::atomic::AtomicU64>,
}

const USER_FRESH: Duration = Duration::from_secs(30);

impl SqliteAccounts {
    pub fn new(pool: SqlitePool, hasher: Hasher, clock: Arc<dyn Clock>) -> SqliteAccounts {
        let recent = LruCache::new(NonZeroUsize::new(50_000).expect("non-zero"));
        SqliteAccounts { pool, hasher, clock, recent: Arc::new(Mutex::new(recent)), forgets: Arc::default() }
    }

    fn recent(&self) -> std::sync::MutexGuard<'_, LruCache<i64, (SessionUser, Instant)>> {
        self.recent.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Drops the kept copy of an account (its next request reads it again).
    pub fn forget(&self, id: i64) {
        let mut recent = self.recent();
        self.forgets.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        recent.pop(&id);
    }

    /// The account of a session: from memory when seen within `USER_FRESH`.
    pub async fn session_user(&self, id: i64) -> sqlx::Result<Option<SessionUser>> {
        if let Some((user, at)) = self.recent().get(&id) {
            if at.elapsed() < USER_FRESH {
                return Ok(Some(user.clone()));
            }
        }
        let forgets = self.forgets.load(std::sync::atomic::Ordering::SeqCst);
        let user = self.user(id).await?;
        match &user {
            Some(u) => {
                let mut recent = self.recent();
                // a password changed while we read: what we read may be from before it
                if self.forgets.load(std::sync::atomic::Ordering::SeqCst) == forgets {
                    recent.put(id, (u.clone(), Instant::now()));
                }
            }
            None => {
                self.recent().pop(&id);
            }
        }
        Ok(user)
    }
}

/// Who a session belongs to. Its auth hash is the password hash: a password change makes every
/// other session's stored hash stale, and axum-login then ends those sessions.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub viewer: Viewer,
    password_hash: String,
}

impl axum_login::AuthUser for SessionUser {
    type Id = i64;
    fn id(&self) -> i64 {
        self.viewer.id.0
    }
    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

fn unavailable(e: impl std::fmt::Display) -> AccountsFailure {
    tracing::error!(error = %e, "accounts storage failed");
    AccountsFailure::Unavailable
}

fn user_from_row(row: &sqlx::sqlite::SqliteRow) -> SessionUser {
    let role: String = row.get("role");
    SessionUser {
        viewer: Viewer {
            id: AccountId(row.get("id")),
            name: row.get("name"),
            resident: row.get::<i64, _>("resident") == 1,
            role: if role == "staff" { Role::Staff } else { Role::Resident },
        },
        password_hash: row.get("password_hash"),
    }
}

const USER_COLUMNS: &str = "id, name, resident, role, password_hash";

impl SqliteAccounts {
    pub async fn user(&self, id: i64) -> sqlx::Result<Option<SessionUser>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM accounts WHERE id = ?")).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(user_from_row))
    }

    async fn user_by_email(&self, email: &Email) -> Result<Option<SessionUser>, AccountsFailure> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM accounts WHERE email = ?"))
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(row.as_ref().map(user_from_row))
    }

    fn now_text(&self) -> String {
        self.clock.now().to_string()
    }
}

impl Accounts for SqliteAccounts {
    fn sign_up(&self, new: NewAccount) -> BoxFuture<'_, Result<AccountId, AccountsFailure>> {
        Box::pin(async move {
            let hash = self.hasher.hash_for_sign_up(new.password.expose().to_string()).await.map_err(unavailable)?;
            let inserted = sqlx::query("INSERT INTO accounts (email, name, password_hash, resident, created_at) VALUES (?, ?, ?, ?, ?)")
                .bind(new.email.as_str())
                .bind(&new.name)
                .bind(hash)
                .bind(new.resident as i64)
                .bind(self.now_text())
                .execute(&self.pool)
                .await;
            match inserted {
                Ok(done) => Ok(AccountId(done.last_insert_rowid())),
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AccountError::EmailTaken.into()),
                Err(e) => Err(unavailable(e)),
            }
        })
    }

    fn check_password<'a>(&'a self, email: &'a Email, password: &'a TypedPassword) -> BoxFuture<'a, Result<Viewer, AccountsFailure>> {
        Box::pin(async move {
            let user = self.user_by_email(email).await?;
            let stored = user.as_ref().map(|u| u.password_hash.clone());
            let ok = self.hasher.verify(password.expose().to_string(), stored).await.map_err(unavailable)?;
            match user {
                Some(user) if ok => Ok(user.viewer),
                _ => Err(AccountError::WrongCredentials.into()),
            }
        })
    }

    fn change_password<'a>(&'a self, id: AccountId, old: &'a TypedPassword, new: &'a NewPassword) -> BoxFuture<'a, Result<(), AccountsFailure>> {
        Box::pin(async move {
            let user = self.user(id.0).await.map_err(unavailable)?.ok_or(AccountError::WrongCredentials)?;
            let ok = self.hasher.verify(old.expose().to_string(), Some(user.password_hash)).await.map_err(unavailable)?;
            if !ok {
                return Err(AccountError::WrongCredentials.into());
            }
            let hash = self.hasher.hash(new.expose().to_string()).await.map_err(unavailable)?;
            sqlx::query("UPDATE accounts SET password_hash = ? WHERE id = ?").bind(hash).bind(id.0).execute(&self.pool).await.map_err(unavailable)?;
            // other sessions must meet the new hash on their next request
            self.forget(id.0);
            Ok(())
        })
    }

    fn add_child(&self, id: AccountId, child: NewChild) -> BoxFuture<'_, Result<ChildId, AccountsFailure>> {
        Box::pin(async move {
            // the count and the insert are one statement, so two adds at once cannot pass the cap
            let done = sqlx::query(
                "INSERT INTO children (guardian_id, name, birth_date, created_at) SELECT ?1, ?2, ?3, ?4 \
                 WHERE (SELECT COUNT(*) FROM children WHERE guardian_id = ?1) < ?5",
            )
                .bind(id.0)
                .bind(&child.name)
                .bind(child.birth_date.to_string())
                .bind(self.now_text())
                .bind(CHILDREN_MAX as i64)
                .execute(&self.pool)
                .await
                .map_err(unavailable)?;
            if done.rows_affected() == 0 {
                return Err(AccountError::TooManyChildren { max: CHILDREN_MAX }.into());
            }
            ChildId::new(done.last_insert_rowid()).ok_or(AccountsFailure::Unavailable)
        })
    }

    fn children(&self, id: AccountId) -> BoxFuture<'_, Result<Vec<Child>, AccountsFailure>> {
        Box::pin(async move {
            let rows = sqlx::query("SELECT id, name, birth_date FROM children WHERE guardian_id = ? ORDER BY id")
                .bind(id.0)
                .fetch_all(&self.pool)
                .await
                .map_err(unavailable)?;
            Ok(rows
                .iter()
                .filter_map(|r| {
                    Some(Child {
                        id: ChildId::new(r.get("id"))?,
                        name: r.get("name"),
                        birth_date: domain::IsoDate::parse(&r.get::<String, _>("birth_date"))?,
                    })
                })
                .collect())
        })
    }
}

/// axum-login's side: loading the session's user on each request. Logging in goes through
/// `check_password` (behind the throttle), so `authenticate` is not used.
impl axum_login::AuthnBackend for SqliteAccounts {
    type User = SessionUser;
    type Credentials = ();
    type Error = sqlx::Error;

    async fn authenticate(&self, _: ()) -> Result<Option<SessionUser>, sqlx::Error> {
        Ok(None)
    }

    async fn get_user(&self, id: &i64) -> Result<Option<SessionUser>, sqlx::Error> {
        self.session_user(*id).await
    }
}
