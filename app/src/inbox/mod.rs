//! A resident's inbox and calendar: the seat engine's messages with the waiting-list offers to
//! confirm or leave (`/me/messages`), and the private iCal feed link (`/me/calendar`). The other
//! `/me/...` pages (bookings) live with the booking flow.

pub mod calendar;
pub mod messages;

use domain::courses::DistrictCourse;
use domain::facilities::{Facilities, FacilitySlug};
use domain::kids_cafe::Branch;
use domain::seats::{Kind, SessionSeats};
use domain::Lang;

/// What a resident calls the place of a seat: the branch, the facility or the course (its title
/// is Korean in both languages), or the stored resource when it is no longer listed.
pub fn place_name(kind: Kind, resource: &str, facilities: &Facilities, courses: &[DistrictCourse], lang: Lang) -> String {
    let found = match kind {
        Kind::KidsCafe => Branch::ALL.into_iter().find(|b| b.slug() == resource).map(|b| b.name(lang).to_string()),
        Kind::Facility => FacilitySlug::parse(resource).and_then(|s| facilities.find(&s).map(|f| f.name(lang).to_string())),
        Kind::Course => courses.iter().find(|c| c.id.to_string() == resource).map(|c| c.title.clone()),
        Kind::ThriftDropoff => Some(domain::programmes::social::hours::Place::ThriftStore.name(lang).to_string()),
    };
    found.unwrap_or_else(|| resource.to_string())
}

/// What kind of seat it is, as a word: 키즈카페 / Kids café, 시설 / Facility, 마을 강좌 / District course.
pub fn kind_name(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::KidsCafe => lang.pick("키즈카페", "Kids café"),
        Kind::Facility => lang.pick("공공시설", "Facility"),
        Kind::Course => lang.pick("마을 강좌", "District course"),
        Kind::ThriftDropoff => lang.pick("기부 물품 전달", "Donation drop-off"),
    }
}

/// The names of every place a seat can be in, read once per page.
pub struct PlaceNames {
    pub facilities: Facilities,
    pub courses: Vec<DistrictCourse>,
}

impl PlaceNames {
    /// "공공시설 · 주민 회의실 · 2026-11-28 10:00".
    pub fn what(&self, session: &SessionSeats, lang: Lang) -> String {
        let place = place_name(session.kind, &session.resource, &self.facilities, &self.courses, lang);
        format!("{} · {place} · {} {}", kind_name(session.kind, lang), session.starts_at.date(), session.starts_at.clock_text())
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr_names {
    use crate::error::AppError;
    use domain::courses::DistrictCourses;
    use domain::facilities::Facilities;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub use super::PlaceNames;

    impl PlaceNames {
        /// The facilities and district courses from the request's context.
        pub async fn load() -> Result<PlaceNames, AppError> {
            let facilities = use_context::<Arc<Facilities>>().ok_or(AppError::Unavailable)?;
            let courses = use_context::<Arc<dyn DistrictCourses>>().ok_or(AppError::Unavailable)?.list().await?;
            Ok(PlaceNames { facilities: (*facilities).clone(), courses })
        }
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use domain::accounts::AccountId;
    use domain::courses::{BoxFuture, StorageUnavailable};

    /// The account's private calendar feed link. Only a token's SHA-256 is ever stored, so the
    /// link is shown once, when it is made; making a new one replaces (and so revokes) the old.
    pub trait CalendarLinks: Send + Sync {
        fn has_link(&self, account: AccountId) -> BoxFuture<'_, Result<bool, StorageUnavailable>>;
        /// A new random token for `account`; the caller shows it once.
        fn create(&self, account: AccountId) -> BoxFuture<'_, Result<String, StorageUnavailable>>;
        fn revoke(&self, account: AccountId) -> BoxFuture<'_, Result<(), StorageUnavailable>>;
    }
}
