//! Accounts in the pages: who is signed in (the server puts a `Viewer` into each request it has
//! authenticated), the sign-up, log-in and children pages, and their server functions.

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use domain::accounts::Viewer;
    use leptos::prelude::*;

    /// The signed-in resident of the request being served, if any.
    pub fn viewer() -> Option<Viewer> {
        use_context::<http::request::Parts>()?.extensions.get::<Viewer>().cloned()
    }

    /// The signed-in resident, or 401 (a plain form is sent on to the log-in page).
    pub fn require_viewer() -> Result<Viewer, AppError> {
        viewer().ok_or(AppError::SignInRequired)
    }

    /// A signed-in member of staff, or 401/403.
    pub fn require_staff() -> Result<Viewer, AppError> {
        let viewer = require_viewer()?;
        if viewer.is_staff() {
            Ok(viewer)
        } else {
            Err(AppError::bad_request("직원만 할 수 있는 일입니다.", "Only staff can do this."))
        }
    }
}
