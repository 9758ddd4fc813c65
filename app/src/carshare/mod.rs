//! Car share in the pages: the district's electric official cars in their idle hours (`/cars`, a
//! car's week, the booking flow car → time → price → confirmation, the licence check, a trip's
//! page), the staff page for the official schedule, shared e-bike docks (`bikes`) and shared
//! parking by the hour (`parking`). Server functions are in `api` (residents' cars), `staff`,
//! `bikes` and `parking`; every argument is read through the domain's constructors.

pub mod api;
pub mod bikes;
pub mod booking;
pub mod disputes;
pub mod pages;
pub mod parking;
pub mod staff;

use domain::carshare::{Resource, TripStatus};
use domain::Lang;

/// "아이오닉 5 (12무 3456)" / "Ioniq 5 (12무 3456)".
/// How a car's or a parking space's price is settled. No payment method is kept and nothing is
/// paid on the portal: the price (or a late cancellation's fee) is stored with the booking, and the
/// district's transport office bills it by the booking's reference after the trip.
pub fn settlement_note(lang: Lang) -> &'static str {
    lang.pick(
        "포털에서는 결제하지 않습니다. 예약에 저장된 요금(늦게 취소하면 수수료)은 이용이 끝난 뒤 구청 교통행정과가 예약 번호로 고지서를 보내 청구하며, 고지서의 가상계좌나 카드로 냅니다.",
        "Nothing is paid on this portal. The price kept with your booking (or a late cancellation's fee) is billed after the trip by the district's transport office, with your reference on the bill; you pay by the bill's virtual account or by card.",
    )
}

pub fn car_title(car: &Resource, lang: Lang) -> String {
    format!("{} ({})", car.name(lang), car.label)
}

pub fn trip_status_label(status: TripStatus, lang: Lang) -> &'static str {
    match status {
        TripStatus::Booked => lang.pick("예약됨", "Booked"),
        TripStatus::Cancelled => lang.pick("취소됨", "Cancelled"),
        TripStatus::CancelledForOfficialUse => lang.pick("공무로 취소됨", "Cancelled for official use"),
        TripStatus::ReturnedEarly => lang.pick("일찍 반납함", "Returned early"),
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::error::AppError;
    use domain::carshare::{CarError, CarFailure, CarShare, Resource, ResourceKind};
    use domain::{Clock, SeoulTime};
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn car_share() -> Result<Arc<dyn CarShare>, AppError> {
        use_context::<Arc<dyn CarShare>>().ok_or(AppError::Unavailable)
    }

    pub fn now() -> Result<SeoulTime, AppError> {
        Ok(use_context::<Arc<dyn Clock>>().ok_or(AppError::Unavailable)?.now())
    }

    /// A car's number as sent (`1`–`999`), or the 404 of a car that does not exist.
    pub fn car_id(s: &str) -> Result<u32, AppError> {
        s.trim().parse::<u32>().ok().filter(|n| (1..1000).contains(n)).ok_or_else(|| CarFailure::Refused(CarError::NoSuchResource).into())
    }

    /// At most 40 characters of a field, for echoing back into the form.
    pub fn clip(s: &str) -> String {
        s.trim().chars().take(40).collect()
    }

    /// The account's other bookings (kids café, facility, course, cars, parking) overlapping
    /// `start..end`, described for the warning.
    pub async fn clashes(account: domain::accounts::AccountId, start: SeoulTime, end: SeoulTime) -> Result<Vec<String>, AppError> {
        use domain::seats::BookingStatus;
        let lang = crate::i18n::use_lang();
        let mut out = Vec::new();
        let seats = crate::facilities::booking::ssr::seat_book()?;
        for b in seats.bookings_of(account).await? {
            let s = &b.session;
            if b.status == BookingStatus::Booked && s.starts_at < end && s.ends_at > start {
                out.push(format!("{} {} ({})", crate::me::kind_label(s.kind.slug(), lang),
                    crate::facilities::booking::when_label(s.starts_at, s.ends_at, lang), b.reference));
            }
        }
        for t in car_share()?.trips_of(account).await? {
            if t.status.holds() && t.start < end && t.end > start {
                let what = match t.kind {
                    domain::carshare::ResourceKind::Car => lang.pick("전기차", "Electric car"),
                    domain::carshare::ResourceKind::Parking => lang.pick("공유 주차", "Shared parking"),
                };
                out.push(format!("{what} {} ({})", crate::facilities::booking::when_label(t.start, t.end, lang), t.reference));
            }
        }
        Ok(out)
    }

    /// A trip reference as typed, or a 400 that says what one looks like.
    pub fn trip_reference(reference: &str) -> Result<domain::seats::BookingRef, AppError> {
        domain::seats::BookingRef::parse(reference).filter(|r| r.as_str().starts_with(['V', 'P'])).ok_or_else(|| {
            AppError::bad_request("예약 번호가 올바르지 않습니다. 예: V-7Q2M-9XD4", "That is not a trip reference. It looks like V-7Q2M-9XD4.")
        })
    }

    pub async fn view_of(trip: domain::carshare::Trip, now: SeoulTime) -> Result<super::api::TripView, AppError> {
        use domain::carshare::{price, TripStatus};
        let car = resource(trip.kind, trip.resource).await?;
        let booked = trip.status == TripStatus::Booked;
        let cancel_fee = if booked { price::cancel_fee(trip.price_krw, trip.start, now) } else { None };
        let under_way = booked && trip.start <= now && now < trip.end;
        Ok(super::api::TripView { trip, car, cancel_fee, under_way, now })
    }

    /// The resource `id` of `kind`, or 404.
    pub async fn resource(kind: ResourceKind, id: u32) -> Result<Resource, AppError> {
        let all = car_share()?.resources(kind).await?;
        all.into_iter().find(|r| r.id == id).ok_or(AppError::NotFound)
    }
}
