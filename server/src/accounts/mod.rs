//! Accounts on the server: the accounts' storage, password hashing, the login throttle, and the
//! session layers (tower-sessions in our SQLite, axum-login) every page request passes.

pub mod password;
pub mod session;
pub mod session_cache;
pub mod store;
pub mod throttle;

use axum_login::tower_sessions::cookie::SameSite;
use axum_login::tower_sessions::{CachingSessionStore, Expiry, SessionManagerLayer};
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder};
use domain::accounts::IDLE_LIMIT_SECS;
use domain::Clock;
use leptos::prelude::provide_context;
use sqlx::SqlitePool;
use std::sync::Arc;
use tower_sessions_sqlx_store::SqliteStore;

/// The accounts' services, built once at start-up.
#[derive(Clone)]
pub struct AccountsService {
    pub store: Arc<store::SqliteAccounts>,
    pub throttle: Arc<throttle::LoginThrottle>,
    pub sessions: SqliteStore,
    /// The sessions in use, in memory in front of `sessions`.
    pub recent_sessions: session_cache::RecentSessions,
    pub clock: Arc<dyn Clock>,
    /// Read the client's address from `X-Forwarded-For` (behind our own proxy only).
    pub trust_forwarded: bool,
}

/// The session cookie: `__Host-` (https only, whole site, no domain) in production; a plain name
/// on http://127.0.0.1, where browsers would refuse a Secure cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    pub fn name(self) -> &'static str {
        if self.secure {
            "__Host-dongne_session"
        } else {
            "dongne_session"
        }
    }
}

pub async fn load(pool: &SqlitePool, clock: Arc<dyn Clock>, trust_forwarded: bool) -> anyhow::Result<AccountsService> {
    let sessions = SqliteStore::new(pool.clone()).with_table_name("sessions").map_err(|e| anyhow::anyhow!(e))?;
    sessions.migrate().await?;
    let store = store::SqliteAccounts::new(pool.clone(), password::Hasher::new(), clock.clone());
    Ok(AccountsService {
        store: Arc::new(store),
        throttle: Arc::new(throttle::LoginThrottle::new()),
        sessions,
        recent_sessions: session_cache::RecentSessions::new(),
        clock,
        trust_forwarded,
    })
}

impl AccountsService {
    pub fn provide(&self) {
        provide_context::<Arc<dyn domain::accounts::Accounts>>(self.store.clone());
    }

    pub fn now_unix(&self) -> i64 {
        self.clock.now().instant().unix_timestamp()
    }

    /// The session and login layers for the pages and server functions.
    pub fn layer(&self, cookie: CookiePolicy) -> AuthManagerLayer<store::SqliteAccounts, CachingSessionStore<session_cache::RecentSessions, SqliteStore>> {
        let store = CachingSessionStore::new(self.recent_sessions.clone(), self.sessions.clone());
        let sessions = SessionManagerLayer::new(store)
            .with_name(cookie.name())
            .with_secure(cookie.secure)
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(time::Duration::seconds(IDLE_LIMIT_SECS)));
        AuthManagerLayerBuilder::new(self.store.as_ref().clone(), sessions).build()
    }

    /// Deletes expired sessions every ten minutes (they are refused anyway; this keeps the table small).
    pub fn sweep_expired_sessions(&self) {
        let sessions = self.sessions.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
            loop {
                every.tick().await;
                if let Err(e) = axum_login::tower_sessions::ExpiredDeletion::delete_expired(&sessions).await {
                    tracing::warn!(error = %e, "deleting expired sessions failed");
                }
            }
        });
    }
}

/// The header's account menu for kept pages: the signed-in resident's, in their language; guests
/// keep the kept page's own.
pub fn personal_parts() -> crate::page_cache::Personalize {
    Arc::new(|parts| match parts.extensions.get::<domain::accounts::Viewer>() {
        Some(viewer) => {
            let lang = crate::preferences::request_lang(&parts.headers);
            vec![(app::accounts::menu::ACCOUNT_SLOT, app::accounts::menu::account_menu_html(Some(viewer.clone()), lang))]
        }
        None => Vec::new(),
    })
}
