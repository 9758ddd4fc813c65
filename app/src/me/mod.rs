//! A resident's own things: their bookings and waiting-list places (`/me/bookings`, one booking at
//! `/me/bookings/:reference`). Everything here is personal: never kept by the page cache (it has no
//! key for these addresses) and answered with `Cache-Control: private, no-store`.

pub mod bookings;

use domain::seats::{Booking, Kind, WaitEntry};
use domain::Lang;
use serde::{Deserialize, Serialize};

/// A booking as pages and JSON callers see it: plain, serialisable, already labelled (the seat
/// engine's `Booking` stays a domain value; this is its face at the edge).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookedSeat {
    pub reference: String,
    pub session: i64,
    /// `kids_cafe`, `facility` or `course`.
    pub kind: String,
    pub resource: String,
    pub label_ko: String,
    pub label_en: String,
    pub starts_at: domain::SeoulTime,
    pub ends_at: domain::SeoulTime,
    pub child_name: Option<String>,
    /// `booked`, `cancelled`, `attended`, `no_show` or `closed`.
    pub status: String,
    pub fee_krw: u32,
    pub fee_waived: bool,
    /// Whether it may still be cancelled now (booked, and more than 30 minutes before the start).
    pub cancellable: bool,
}

/// A place on a waiting list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitPlace {
    pub id: i64,
    pub session: i64,
    pub kind: String,
    pub label_ko: String,
    pub label_en: String,
    pub starts_at: domain::SeoulTime,
    pub ends_at: domain::SeoulTime,
    /// `waiting` or `offered` (others are not shown).
    pub status: String,
    /// Until when an offered seat is held.
    pub offer_until: Option<domain::SeoulTime>,
}

impl BookedSeat {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.label_ko, &self.label_en)
    }

    pub fn kind_label(&self, lang: Lang) -> &'static str {
        kind_label(&self.kind, lang)
    }
}

impl WaitPlace {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.label_ko, &self.label_en)
    }
}

pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    match Kind::parse(kind) {
        Some(Kind::KidsCafe) => lang.pick("키즈카페", "Kids café"),
        Some(Kind::Facility) => lang.pick("시설", "Facility"),
        Some(Kind::Course) => lang.pick("마을 강좌", "District course"),
        Some(Kind::ThriftDropoff) => lang.pick("기부 물품 전달", "Donation drop-off"),
        None => lang.pick("예약", "Booking"),
    }
}

pub fn status_label(status: &str, lang: Lang) -> &'static str {
    match status {
        "booked" => lang.pick("예약됨", "Booked"),
        "cancelled" => lang.pick("취소됨", "Cancelled"),
        "attended" => lang.pick("이용함", "Attended"),
        "no_show" => lang.pick("오지 않음", "Did not come"),
        "closed" => lang.pick("운영 취소", "Session closed"),
        "waiting" => lang.pick("대기 중", "Waiting"),
        "offered" => lang.pick("자리 제안됨", "Seat offered"),
        _ => lang.pick("알 수 없음", "Unknown"),
    }
}

/// "11월 28일 (토) 10:00–12:00" / "Sat 28 Nov 10:00–12:00".
pub fn when(starts_at: domain::SeoulTime, ends_at: domain::SeoulTime, lang: Lang) -> String {
    format!("{} {}–{}", crate::kids_cafe::components::day_heading(starts_at.date(), lang), starts_at.clock_text(), ends_at.clock_text())
}

/// Names a resource for people: a kids-café branch, a facility, a district course, or its own text.
pub struct Labels {
    pub facilities: Option<std::sync::Arc<domain::facilities::Facilities>>,
    pub courses: Vec<domain::courses::DistrictCourse>,
}

impl Labels {
    pub fn of(&self, kind: Kind, resource: &str) -> (String, String) {
        let found = match kind {
            Kind::KidsCafe => domain::kids_cafe::Branch::parse(resource).map(|b| (b.name(Lang::Ko).to_string(), b.name(Lang::En).to_string())),
            Kind::Facility => domain::facilities::FacilitySlug::parse(resource)
                .and_then(|slug| self.facilities.as_ref()?.find(&slug).map(|f| (f.name_ko.clone(), f.name_en.clone()))),
            Kind::Course => resource.parse::<i64>().ok().and_then(|id| self.courses.iter().find(|c| c.id == id)).map(|c| (c.title.clone(), c.title.clone())),
            Kind::ThriftDropoff => {
                use domain::programmes::social::thrift::{NAME_EN, NAME_KO};
                Some((NAME_KO.to_string(), NAME_EN.to_string()))
            }
        };
        found.unwrap_or_else(|| (resource.to_string(), resource.to_string()))
    }

    pub fn booking(&self, b: &Booking, now: domain::SeoulTime) -> BookedSeat {
        let (label_ko, label_en) = self.of(b.session.kind, &b.session.resource);
        let booked = b.status == domain::seats::BookingStatus::Booked;
        BookedSeat {
            reference: b.reference.to_string(),
            session: b.session.id.get(),
            kind: b.session.kind.slug().into(),
            resource: b.session.resource.clone(),
            label_ko,
            label_en,
            starts_at: b.session.starts_at,
            ends_at: b.session.ends_at,
            child_name: b.child_name.clone(),
            status: b.status.slug().into(),
            fee_krw: b.fee_krw,
            fee_waived: b.fee_waived,
            cancellable: booked && domain::seats::can_cancel(b.session.starts_at, now).is_ok(),
        }
    }

    pub fn wait(&self, w: &WaitEntry) -> WaitPlace {
        let (label_ko, label_en) = self.of(w.session.kind, &w.session.resource);
        WaitPlace {
            id: w.id.get(),
            session: w.session.id.get(),
            kind: w.session.kind.slug().into(),
            label_ko,
            label_en,
            starts_at: w.session.starts_at,
            ends_at: w.session.ends_at,
            status: w.status.slug().into(),
            offer_until: w.offer_expires_at(),
        }
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn seat_book() -> Result<Arc<dyn domain::seats::SeatBook>, AppError> {
        use_context::<Arc<dyn domain::seats::SeatBook>>().ok_or(AppError::Unavailable)
    }

    pub fn now() -> Result<domain::SeoulTime, AppError> {
        Ok(use_context::<Arc<dyn domain::Clock>>().ok_or(AppError::Unavailable)?.now())
    }

    /// What names the resources, from the lists the server put in context.
    pub async fn labels() -> super::Labels {
        let facilities = use_context::<Arc<domain::facilities::Facilities>>();
        let courses = match use_context::<Arc<dyn domain::courses::DistrictCourses>>() {
            Some(d) => d.list().await.unwrap_or_default(),
            None => Vec::new(),
        };
        super::Labels { facilities, courses }
    }

    /// A personal page: no browser, proxy or page cache may keep it.
    pub fn private_page() {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.insert_header(http::header::CACHE_CONTROL, http::HeaderValue::from_static("private, no-store"));
        }
    }
}

/// Marks the page being rendered as personal (`Cache-Control: private, no-store`).
pub fn private_page() {
    #[cfg(feature = "ssr")]
    ssr::private_page();
}
