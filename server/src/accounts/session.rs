//! Sessions for each request: axum-login has loaded the session's account; `attach_viewer` ends
//! sessions past their idle or absolute limit, notes when it last saw the others, and hands the
//! pages the `Viewer` and a `SessionControl` for this request (log in, log out, extend).

use super::store::SqliteAccounts;
use super::AccountsService;
use app::accounts::ssr::SessionControl;
use app::error::AppError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use domain::accounts::{check_session, AccountId, AccountsFailure, Email, SessionCheck, TypedPassword, Viewer, IDLE_LIMIT_SECS};
use domain::courses::BoxFuture;
use std::net::IpAddr;
use std::sync::Arc;
use tokio::sync::Mutex;

pub type AuthSession = axum_login::AuthSession<SqliteAccounts>;

const SIGNED_IN_AT: &str = "signed_in_at";
const SEEN_AT: &str = "seen_at";

/// The middleware (inside axum-login's layer).
pub async fn attach_viewer(State(accounts): State<AccountsService>, mut request: Request, next: Next) -> Response {
    let Some(mut auth) = request.extensions().get::<AuthSession>().cloned() else {
        return next.run(request).await;
    };
    let now = accounts.now_unix();
    if let Some(user) = auth.user.clone() {
        let signed_in: Option<i64> = auth.session.get(SIGNED_IN_AT).await.ok().flatten();
        let seen: Option<i64> = auth.session.get(SEEN_AT).await.ok().flatten();
        match check_session(signed_in, seen, now) {
            SessionCheck::Ended => {
                if let Err(e) = auth.logout().await {
                    tracing::warn!(error = %e, "ending a stale session failed");
                }
            }
            check => {
                // a page left open that polls the public API is not the resident being active
                if check == SessionCheck::Touch && !request.uri().path().starts_with("/api/v1/") {
                    let _ = auth.session.insert(SEEN_AT, now).await;
                }
                request.extensions_mut().insert(user.viewer.clone());
            }
        }
    }
    let client = crate::edges::EdgeConfig { trust_forwarded: accounts.trust_forwarded }.client_ip(&request);
    let signed_in = request.extensions().get::<Viewer>().is_some();
    let control: Arc<dyn SessionControl> = Arc::new(RequestSession { auth: Mutex::new(auth), accounts, client });
    request.extensions_mut().insert(control);
    let mut response = next.run(request).await;
    // a signed-in answer names the person: a shared computer's Back button or cache must not
    // show it to the next one (kept catalogue pages say `private, no-cache` themselves)
    if signed_in && !response.headers().contains_key(axum::http::header::CACHE_CONTROL) {
        response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    }
    response
}

struct RequestSession {
    auth: Mutex<AuthSession>,
    accounts: AccountsService,
    client: Option<IpAddr>,
}

fn session_failed(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "session storage failed");
    AppError::Unavailable
}

impl RequestSession {
    async fn begin(&self, account: AccountId) -> Result<(), AppError> {
        // read afresh and drop the kept copy: a login sees a role or password changed elsewhere
        self.accounts.store.forget(account.0);
        let user = self.accounts.store.user(account.0).await.map_err(session_failed)?.ok_or(AppError::Unavailable)?;
        let mut auth = self.auth.lock().await;
        // a new session id at every login, even over a live one (no fixation; axum-login only
        // cycles a session that had no user), then the clocks of this session
        auth.session.cycle_id().await.map_err(session_failed)?;
        auth.login(&user).await.map_err(session_failed)?;
        let now = self.accounts.now_unix();
        auth.session.insert(SIGNED_IN_AT, now).await.map_err(session_failed)?;
        auth.session.insert(SEEN_AT, now).await.map_err(session_failed)?;
        Ok(())
    }
}

impl SessionControl for RequestSession {
    fn log_in<'a>(&'a self, email: &'a Email, password: &'a TypedPassword) -> BoxFuture<'a, Result<Viewer, AppError>> {
        Box::pin(async move {
            let throttle = &self.accounts.throttle;
            let attempt = throttle.begin_attempt(email.as_str(), self.client).map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
            let checked = domain::accounts::Accounts::check_password(self.accounts.store.as_ref(), email, password).await;
            attempt.end(matches!(checked, Err(AccountsFailure::Refused(_))));
            let viewer = checked?;
            self.begin(viewer.id).await?;
            Ok(viewer)
        })
    }

    fn change_password<'a>(
        &'a self,
        account: AccountId,
        old: &'a TypedPassword,
        new: &'a domain::accounts::NewPassword,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async move {
            let throttle = &self.accounts.throttle;
            let key = format!("account:{}", account.0);
            let attempt = throttle.begin_attempt(&key, self.client).map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
            let changed = domain::accounts::Accounts::change_password(self.accounts.store.as_ref(), account, old, new).await;
            attempt.end(matches!(changed, Err(AccountsFailure::Refused(_))));
            changed?;
            self.begin(account).await
        })
    }

    fn admit_sign_up(&self) -> Result<(), AppError> {
        self.accounts.throttle.admit_sign_up(self.client).map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })
    }

    fn start(&self, account: AccountId) -> BoxFuture<'_, Result<(), AppError>> {
        Box::pin(self.begin(account))
    }

    fn log_out(&self) -> BoxFuture<'_, Result<(), AppError>> {
        Box::pin(async move {
            self.auth.lock().await.logout().await.map_err(session_failed)?;
            Ok(())
        })
    }

    fn extend(&self) -> BoxFuture<'_, Result<u32, AppError>> {
        Box::pin(async move {
            let auth = self.auth.lock().await;
            auth.session.insert(SEEN_AT, self.accounts.now_unix()).await.map_err(session_failed)?;
            Ok(IDLE_LIMIT_SECS as u32)
        })
    }
}
