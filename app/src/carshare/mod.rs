//! Car share in the pages: the district's electric official cars in their idle hours (`/cars`, a
//! car's week, the booking flow car → time → price → confirmation, the licence check, a trip's
//! page), the staff page for the official schedule, shared e-bike docks (`bikes`) and shared
//! parking by the hour (`parking`). Server functions are in `api` (residents' cars), `staff`,
//! `bikes` and `parking`; every argument is read through the domain's constructors.

pub mod api;
pub mod bikes;
pub mod booking;
pub mod pages;
pub mod parking;
pub mod staff;

use domain::carshare::{Resource, TripStatus};
use domain::Lang;

/// "아이오닉 5 (12무 3456)" / "Ioniq 5 (12무 3456)".
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

    /// The resource `id` of `kind`, or 404.
    pub async fn resource(kind: ResourceKind, id: u32) -> Result<Resource, AppError> {
        let all = car_share()?.resources(kind).await?;
        all.into_iter().find(|r| r.id == id).ok_or(AppError::NotFound)
    }
}
