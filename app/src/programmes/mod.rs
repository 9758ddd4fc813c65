//! District programmes in the pages: `/programmes` (every programme), a page per programme with
//! its calculator (`pages`), the application flows one question per page (`apply`), the
//! resident's applications with their documents (`mine`, `/me/applications`), and the staff review
//! (`staff`). Server functions are in `api`; every argument is read through the domain's
//! constructors. The social economy's pages are in `social`.

pub mod api;
pub mod apply;
pub mod mine;
pub mod pages;
pub mod social;
pub mod staff;

use domain::programmes::{Application, ApplicationState};
use domain::Lang;
use leptos::prelude::*;

/// An application's state as a badge.
pub fn state_badge(state: ApplicationState, lang: Lang) -> impl IntoView {
    let class = match state {
        ApplicationState::Draft | ApplicationState::Submitted | ApplicationState::Withdrawn => "app-state",
        ApplicationState::Approved => "app-state ok",
        ApplicationState::Rejected => "app-state warn",
    };
    view! { <span class=class data-testid="application-state">{state.label(lang)}</span> }
}

/// "중소기업 육성자금 융자 (L-7Q2M-9XD4)" as a list shows it.
pub fn application_title(a: &Application, lang: Lang) -> String {
    match &a.round {
        Some(r) => format!("{} · {}", a.kind.label(lang), r.name(lang)),
        None => a.kind.label(lang).to_string(),
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::error::AppError;
    use domain::programmes::{ApplicationKind, Programmes};
    use domain::seats::BookingRef;
    use domain::{Clock, SeoulTime};
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn programmes() -> Result<Arc<dyn Programmes>, AppError> {
        use_context::<Arc<dyn Programmes>>().ok_or(AppError::Unavailable)
    }

    pub fn now() -> Result<SeoulTime, AppError> {
        Ok(use_context::<Arc<dyn Clock>>().ok_or(AppError::Unavailable)?.now())
    }

    /// An application's reference (`L-…` for a loan, `H-…` for the allowance).
    pub fn reference(s: &str) -> Result<BookingRef, AppError> {
        let letters = [ApplicationKind::SmeLoan.letter(), ApplicationKind::VeteransAllowance.letter()];
        BookingRef::parse(s).filter(|r| r.as_str().starts_with(letters)).ok_or_else(|| {
            AppError::bad_request("신청 번호는 L-7Q2M-9XD4 처럼 적어 주세요.", "An application reference looks like L-7Q2M-9XD4.")
        })
    }
}
