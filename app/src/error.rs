//! `AppError`: the one error the portal shows the outside world. Every domain's error becomes one of
//! these at the edge; it carries an HTTP status and a message in Korean and English, never
//! internals (those go to the log where the failure happened). Server functions return it (it is
//! their wire error type), and the server turns it into a page, a JSON `{"error": …}` or a server
//! function reply with the right status.

use domain::courses::QueryError;
use domain::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind")]
pub enum AppError {
    /// The request cannot be read (a bad parameter or server-function argument): 400.
    #[error("bad request: {en}")]
    BadRequest { ko: String, en: String },
    /// No such thing: 404.
    #[error("not found")]
    NotFound,
    /// Not from our own pages: 403.
    #[error("forbidden")]
    Forbidden,
    /// Signed in, but this account may not do this (an account no agency was granted): 403.
    #[error("not allowed: {en}")]
    NotAllowed { ko: String, en: String },
    /// The page or action needs a signed-in resident (or staff): 401.
    #[error("sign in required")]
    SignInRequired,
    /// Refused because of the state of things (no seats left, already booked, too late): 409.
    #[error("conflict: {en}")]
    Conflict { ko: String, en: String },
    /// Too many attempts (logins): 429, with the seconds to wait.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u32 },
    /// Storage or the search index failed, or the server is still starting: 503.
    #[error("service unavailable")]
    Unavailable,
}

impl AppError {
    pub fn bad_request(ko: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::BadRequest { ko: ko.into(), en: en.into() }
    }

    pub fn conflict(ko: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::Conflict { ko: ko.into(), en: en.into() }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::SignInRequired => 401,
            AppError::Conflict { .. } => 409,
            AppError::TooManyRequests { .. } => 429,
            AppError::BadRequest { .. } => 400,
            AppError::NotFound => 404,
            AppError::Forbidden | AppError::NotAllowed { .. } => 403,
            AppError::Unavailable => 503,
        }
    }

    /// What the resident reads, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::BadRequest { ko, en } | AppError::Conflict { ko, en } | AppError::NotAllowed { ko, en } => lang.pick(ko, en).to_string(),
            AppError::SignInRequired => lang.pick("로그인이 필요합니다. 로그인한 뒤 다시 시도해 주세요.", "Please log in first, then try again.").into(),
            AppError::TooManyRequests { retry_after_secs } => match lang {
                Lang::Ko => format!("시도가 너무 많습니다. {retry_after_secs}초 뒤에 다시 시도해 주세요."),
                Lang::En => format!("Too many attempts. Please try again in {retry_after_secs} seconds."),
            },
            AppError::NotFound => {
                lang.pick("찾는 내용이 없습니다. 주소를 확인해 주세요.", "Nothing was found here. Please check the address.").into()
            }
            AppError::Forbidden => lang
                .pick("다른 사이트에서 보낸 요청은 받지 않습니다.", "Requests sent from other sites are not accepted.")
                .into(),
            AppError::Unavailable => lang
                .pick("잠시 후 다시 시도해 주세요. 서비스를 준비하고 있습니다.", "Please try again in a moment: the service is not ready.")
                .into(),
        }
    }
}

impl From<QueryError> for AppError {
    fn from(e: QueryError) -> AppError {
        AppError::bad_request(e.message(Lang::Ko), e.message(Lang::En))
    }
}

impl From<domain::accounts::AccountError> for AppError {
    fn from(e: domain::accounts::AccountError) -> AppError {
        match e {
            domain::accounts::AccountError::TooManyAttempts { retry_after_secs } => AppError::TooManyRequests { retry_after_secs },
            e => AppError::bad_request(e.message(Lang::Ko), e.message(Lang::En)),
        }
    }
}

impl From<domain::accounts::AccountsFailure> for AppError {
    fn from(e: domain::accounts::AccountsFailure) -> AppError {
        match e {
            domain::accounts::AccountsFailure::Refused(e) => e.into(),
            domain::accounts::AccountsFailure::Unavailable => AppError::Unavailable,
        }
    }
}

/// A seat refusal: the state of things (full, already booked, too late) is a 409; a request that
/// names what it may not (another's booking, a child too young) is a 400; storage failing is 503.
impl From<domain::seats::SeatFailure> for AppError {
    fn from(e: domain::seats::SeatFailure) -> AppError {
        use domain::seats::SeatError::*;
        match e {
            domain::seats::SeatFailure::Unavailable => AppError::Unavailable,
            domain::seats::SeatFailure::Refused(e) => {
                let (ko, en) = (e.message(Lang::Ko), e.message(Lang::En));
                match e {
                    Full | AlreadyBooked | SessionClosed | SessionStarted | NotOpenYet { .. } | Blocked { .. } | NotFull
                    | AlreadyWaiting | OfferExpired | NotOffered | TooLateToCancel | Cancelled | BelowTaken { .. } | TooManyAhead { .. } => AppError::conflict(ko, en),
                    _ => AppError::bad_request(ko, en),
                }
            }
        }
    }
}

/// A car-share refusal: the state of the schedule (taken, official use, too late) is a 409, another
/// account's trip is answered as one that does not exist (404), anything else asked wrongly is 400.
impl From<domain::carshare::CarFailure> for AppError {
    fn from(e: domain::carshare::CarFailure) -> AppError {
        use domain::carshare::{CarError, CarFailure};
        match e {
            CarFailure::Unavailable => AppError::Unavailable,
            CarFailure::Refused(CarError::NotYours | CarError::NoSuchResource) => AppError::NotFound,
            CarFailure::Refused(e) if e.is_conflict() => AppError::conflict(e.message(Lang::Ko), e.message(Lang::En)),
            CarFailure::Refused(e) => AppError::bad_request(e.message(Lang::Ko), e.message(Lang::En)),
        }
    }
}

impl From<domain::carshare::CarError> for AppError {
    fn from(e: domain::carshare::CarError) -> AppError {
        domain::carshare::CarFailure::Refused(e).into()
    }
}

/// A programme refusal: the state of things (window closed, already applied, documents missing) is
/// a 409, another's application is one that does not exist (404), the rest is the request's (400).
impl From<domain::programmes::ProgrammeFailure> for AppError {
    fn from(e: domain::programmes::ProgrammeFailure) -> AppError {
        use domain::programmes::{ProgrammeError, ProgrammeFailure};
        match e {
            ProgrammeFailure::Unavailable => AppError::Unavailable,
            ProgrammeFailure::Refused(ProgrammeError::NoSuchApplication) => AppError::NotFound,
            ProgrammeFailure::Refused(e) if e.is_conflict() => AppError::conflict(e.message(Lang::Ko), e.message(Lang::En)),
            ProgrammeFailure::Refused(e) => AppError::bad_request(e.message(Lang::Ko), e.message(Lang::En)),
        }
    }
}

impl From<domain::programmes::ProgrammeError> for AppError {
    fn from(e: domain::programmes::ProgrammeError) -> AppError {
        domain::programmes::ProgrammeFailure::Refused(e).into()
    }
}

impl From<domain::courses::StorageUnavailable> for AppError {
    fn from(_: domain::courses::StorageUnavailable) -> AppError {
        AppError::Unavailable
    }
}

/// How server functions carry it: arguments that do not parse are the caller's fault (400), with
/// a message that names no Rust type; anything else that fails in the machinery is ours (503), and
/// its details are logged, not sent.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> AppError {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Args(_) | E::MissingArg(_) | E::UnsupportedRequestMethod(_) => AppError::bad_request(
                "요청 내용을 읽을 수 없습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.",
                "The request could not be read. Please reload the page and try again.",
            ),
            other => {
                tracing::warn!(error = %other, "server function failed");
                AppError::Unavailable
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

    #[test]
    fn unreadable_arguments_are_the_callers_fault_and_name_no_rust_type() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("invalid type: integer `0`, expected u32".into()));
        assert_eq!(e.status(), 400);
        assert!(!e.message(Lang::En).contains("u32"));
        assert!(e.message(Lang::Ko).contains("요청"));
    }

    #[test]
    fn every_error_speaks_both_languages() {
        for e in [AppError::NotFound, AppError::Forbidden, AppError::Unavailable, AppError::SignInRequired, AppError::TooManyRequests { retry_after_secs: 9 }, QueryError::BadPage.into()] {
            assert_ne!(e.message(Lang::Ko), e.message(Lang::En));
        }
    }
}
