//! Privacy in the pages: the notice at `/privacy` (what each service collects, why, how long it is
//! kept and who sees it), the link every form that collects personal data carries to it, and the
//! resident's rights over their data: download it (`/me/my-data.json`, served by the server's
//! `privacy` module) and delete the account (`/me/delete-account`).

pub mod api;
pub mod delete;
pub mod notice;

use crate::i18n::use_lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where the signed-in resident's data downloads from (a plain link: works with JavaScript off).
pub const DOWNLOAD_PATH: &str = "/me/my-data.json";

/// What deleting an account did, as the server function answers a script.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closed {
    /// Future seats (kids café, facilities, courses) cancelled and offered on.
    pub seats_cancelled: u32,
    /// Waiting-list places left.
    pub waits_left: u32,
    /// Future car and parking trips cancelled.
    pub trips_cancelled: u32,
    /// Bookings too close to their start to cancel: they stay, without a name.
    pub kept_started: u32,
}

/// The line above a form that collects personal data: what happens to it, in the notice.
/// `section` is the notice's anchor for that service (`account`, `children`, `bookings`,
/// `carshare`, `programmes`).
#[component]
pub fn NoticeLink(section: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="privacy-note hint" data-testid="privacy-note">
            {lang.pick("이 양식에 적는 개인정보를 무엇에 쓰고 얼마나 두는지는 ", "What we do with the personal data on this form, and how long we keep it: ")}
            <a href=format!("/privacy#{section}")>{lang.pick("개인정보 처리방침", "privacy notice")}</a>
            {lang.pick("에 있습니다.", ".")}
        </p>
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use domain::accounts::{AccountId, TypedPassword};
    use domain::courses::BoxFuture;
    use leptos::prelude::*;
    use std::sync::Arc;

    /// Deleting an account (the server's `privacy` module implements it).
    pub trait AccountClosing: Send + Sync {
        /// Checks `password` (at most a few tries per account, charged before the hash is
        /// computed), then cancels what is still ahead through the services' own cancel paths,
        /// deletes what the notice says goes and empties the account's row.
        fn close<'a>(&'a self, account: AccountId, password: &'a TypedPassword) -> BoxFuture<'a, Result<super::Closed, AppError>>;
    }

    pub fn closing() -> Result<Arc<dyn AccountClosing>, AppError> {
        use_context::<Arc<dyn AccountClosing>>().ok_or(AppError::Unavailable)
    }
}
