//! Accounts in the pages: who is signed in (the server puts a `Viewer` into each request it has
//! authenticated), the header's account menu, the sign-up, log-in and "my account" pages, their
//! server functions, and how a refused plain form shows its message.

pub mod api;
pub mod flash;
pub mod menu;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use domain::accounts::{AccountId, Email, TypedPassword, Viewer};
    use domain::courses::BoxFuture;
    use leptos::prelude::*;
    use std::sync::Arc;

    /// Whether the site is served over https, so a cookie a server function sets must be
    /// `Secure` (the session cookie's own policy; the server provides it).
    #[derive(Clone, Copy, Debug, Default)]
    pub struct SecureCookies(pub bool);

    /// The site's public address, `https://dongne.example` (no trailing slash): what links that
    /// leave the site (a calendar app's subscription) are built from, never the request's `Host`,
    /// which a client chooses. The server provides it (`DONGNE_PUBLIC_URL`).
    #[derive(Clone, Debug)]
    pub struct PublicOrigin(pub String);

    /// `; Secure` when the site is served over https, else nothing.
    pub fn secure_attribute() -> &'static str {
        if use_context::<SecureCookies>().is_some_and(|s| s.0) {
            "; Secure"
        } else {
            ""
        }
    }

    /// What a server function may do to the session of the request it serves. The server builds
    /// one per request (it holds that request's session and the address it came from).
    pub trait SessionControl: Send + Sync {
        /// Checks the password (behind the login throttle) and starts a new session for the account.
        fn log_in<'a>(&'a self, email: &'a Email, password: &'a TypedPassword) -> BoxFuture<'a, Result<Viewer, AppError>>;
        /// Counts a sign-up against the address it comes from, before any work: 429 past the
        /// address's share (`domain::accounts::SIGN_UPS_PER_ADDRESS` an hour).
        fn admit_sign_up(&self) -> Result<(), AppError>;
        /// Starts (or renews, after a password change) the session for `account`.
        fn start(&self, account: AccountId) -> BoxFuture<'_, Result<(), AppError>>;
        fn log_out(&self) -> BoxFuture<'_, Result<(), AppError>>;
        /// Changes the password behind the same throttle as logging in (a borrowed session must
        /// not guess the old password at will), then renews this session; others end.
        fn change_password<'a>(
            &'a self,
            account: AccountId,
            old: &'a TypedPassword,
            new: &'a domain::accounts::NewPassword,
        ) -> BoxFuture<'a, Result<(), AppError>>;
        /// Resets the idle timer; the seconds until the session would now end.
        fn extend(&self) -> BoxFuture<'_, Result<u32, AppError>>;
    }

    fn parts() -> Option<http::request::Parts> {
        use_context::<http::request::Parts>()
    }

    /// The signed-in resident of the request being served, if any.
    pub fn viewer() -> Option<Viewer> {
        parts()?.extensions.get::<Viewer>().cloned()
    }

    /// The signed-in resident, or 401 (a plain form is sent on to the log-in page).
    pub fn require_viewer() -> Result<Viewer, AppError> {
        viewer().ok_or(AppError::SignInRequired)
    }

    /// A signed-in member of staff, or 401/400.
    pub fn require_staff() -> Result<Viewer, AppError> {
        let viewer = require_viewer()?;
        if viewer.is_staff() {
            Ok(viewer)
        } else {
            Err(AppError::bad_request("직원만 할 수 있는 일입니다.", "Only staff can do this."))
        }
    }

    pub fn session_control() -> Result<Arc<dyn SessionControl>, AppError> {
        parts().and_then(|p| p.extensions.get::<Arc<dyn SessionControl>>().cloned()).ok_or(AppError::Unavailable)
    }

    pub fn accounts() -> Result<Arc<dyn domain::accounts::Accounts>, AppError> {
        use_context::<Arc<dyn domain::accounts::Accounts>>().ok_or(AppError::Unavailable)
    }

    pub fn today() -> Result<domain::IsoDate, AppError> {
        Ok(use_context::<Arc<dyn domain::Clock>>().ok_or(AppError::Unavailable)?.today())
    }
}

/// The signed-in resident while a page renders on the server; `None` in the browser.
pub fn current_viewer() -> Option<domain::accounts::Viewer> {
    #[cfg(feature = "ssr")]
    {
        ssr::viewer()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Where to go after a form: our own path from `next`, or `fallback`.
pub fn next_or(next: Option<&str>, fallback: &str) -> String {
    next.and_then(domain::paths::local_path).unwrap_or(fallback).to_string()
}

/// The log-in address that comes back to `path` afterwards.
pub fn log_in_href(path: &str) -> String {
    format!("/log-in?next={}", domain::courses::form_encode(path))
}
