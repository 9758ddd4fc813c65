//! The social economy's pages: Yeonghee's Thrift Store (`thrift`: open now, what it takes, drop-off
//! slots booked through the seat engine), a drop-off with its donation receipt, asked for and
//! printed (`receipt`), Coffee Jigi (`coffee`: where it is open now, the menu, catering requests),
//! the resident's requests in `/me/applications` (`mine`) and the staff desk `/staff/social`
//! (`staff`). Server functions are in `api`; every argument is read by the domain's constructors.

pub mod api;
pub mod coffee;
pub mod mine;
pub mod receipt;
pub mod staff;
pub mod thrift;

pub use coffee::{CateringPage, CateringRequestPage, CoffeeJigiPage};
pub use mine::MySocialRequests;
pub use receipt::DropoffPage;
pub use staff::StaffSocialPage;
pub use thrift::ThriftStorePage;

use crate::error::AppError;
use domain::programmes::social::coffee::CateringState;
use domain::programmes::social::{Dropoff, SocialFailure};
use domain::seats::BookingStatus;
use domain::Lang;
use leptos::prelude::*;

/// A social-economy refusal: the state of things (already asked, not received yet, answered) is a
/// 409, another's drop-off or request is one that does not exist (404), the rest is the request's.
impl From<SocialFailure> for AppError {
    fn from(e: SocialFailure) -> AppError {
        use domain::programmes::social::SocialError;
        match e {
            SocialFailure::Unavailable => AppError::Unavailable,
            SocialFailure::Refused(SocialError::NotFound) => AppError::NotFound,
            SocialFailure::Refused(e) if e.is_conflict() => AppError::conflict(e.message(Lang::Ko), e.message(Lang::En)),
            SocialFailure::Refused(e) => AppError::bad_request(e.message(Lang::Ko), e.message(Lang::En)),
        }
    }
}

impl From<domain::programmes::social::SocialError> for AppError {
    fn from(e: domain::programmes::social::SocialError) -> AppError {
        SocialFailure::Refused(e).into()
    }
}

/// Where a drop-off and its receipt stand, in a word.
pub fn dropoff_state(d: &Dropoff, lang: Lang) -> (&'static str, &'static str) {
    let issued = d.receipt.as_ref().is_some_and(|r| r.number.is_some());
    match (d.status, &d.receipt, issued) {
        (_, _, true) => (lang.pick("영수증 발급됨", "Receipt issued"), "app-state ok"),
        (BookingStatus::Attended, Some(_), false) => (lang.pick("물품 받음 · 영수증 발급 대기", "Received · receipt to be issued"), "app-state"),
        (BookingStatus::Attended, None, _) => (lang.pick("물품 받음", "Received"), "app-state ok"),
        (BookingStatus::Booked, Some(_), _) => (lang.pick("방문 예약 · 영수증 신청함", "Booked · receipt asked"), "app-state"),
        (BookingStatus::Booked, None, _) => (lang.pick("방문 예약됨", "Booked"), "app-state"),
        _ => (lang.pick("취소됨", "Cancelled"), "app-state warn"),
    }
}

pub fn dropoff_badge(d: &Dropoff, lang: Lang) -> impl IntoView {
    let (label, class) = dropoff_state(d, lang);
    view! { <span class=class data-testid="dropoff-state">{label}</span> }
}

pub fn catering_badge(state: CateringState, lang: Lang) -> impl IntoView {
    let class = match state {
        CateringState::Quoted | CateringState::Accepted => "app-state ok",
        CateringState::Refused | CateringState::Withdrawn => "app-state warn",
        CateringState::Requested => "app-state",
    };
    view! { <span class=class data-testid="catering-state">{state.label(lang)}</span> }
}

/// The line every page with demo data carries.
pub fn demo_note(lang: Lang) -> impl IntoView {
    view! {
        <p class="notice-demo" data-testid="demo-note">{lang.pick(
            "시연용 포털입니다: 운영 시간과 주소는 공개된 안내를 따랐지만, 방문 예약·영수증·케이터링 신청은 실제 가게와 카페에 전달되지 않고, 메뉴와 가격은 예시입니다.",
            "This portal is a demonstration: the hours and addresses follow the published notices, but drop-off bookings, receipts and catering requests do not reach the real store or café, and the menu and prices are examples.")}</p>
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::error::AppError;
    use domain::programmes::social::{SocialError, SocialStore};
    use domain::seats::BookingRef;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn store() -> Result<Arc<dyn SocialStore>, AppError> {
        use_context::<Arc<dyn SocialStore>>().ok_or(AppError::Unavailable)
    }

    /// A reference starting with `letter` (`D` a drop-off, `J` a catering request).
    pub fn reference(s: &str, letter: char) -> Result<BookingRef, AppError> {
        BookingRef::parse(s).filter(|r| r.as_str().starts_with(letter)).ok_or_else(|| SocialError::BadReference.into())
    }
}
