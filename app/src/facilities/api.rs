//! Server functions the facility pages read through. A `FacilitySlug` only holds lowercase words
//! of up to 60 characters and an `IsoDate` only a real day between 1900 and 2200, so a hand-made
//! body is refused with a 400 before the function runs.

use crate::error::AppError;
use domain::facilities::{Facility, FacilitySlug};
use domain::seats::SessionSeats;
use domain::{IsoDate, SeoulTime};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One facility's slots of one day, with the moment they were read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaySlots {
    pub facility: Facility,
    pub date: IsoDate,
    pub today: IsoDate,
    pub now: SeoulTime,
    pub slots: Vec<SessionSeats>,
}

#[server(endpoint = "facility_list")]
pub async fn facility_list() -> Result<Vec<Facility>, AppError> {
    Ok(ssr::facilities()?.0.clone())
}

/// A facility's slots on `date`; `None` when there is no such facility. Without a date, today,
/// unless every slot of today has started (the evening): then tomorrow, so a resident is first
/// shown something to book.
#[server(endpoint = "facility_day")]
pub async fn facility_day(slug: FacilitySlug, date: Option<IsoDate>) -> Result<Option<DaySlots>, AppError> {
    use domain::seats::Kind;
    let Some(facility) = ssr::facilities()?.find(&slug).cloned() else { return Ok(None) };
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let store = crate::kids_cafe::api::ssr::sessions()?;
    let chosen = date.unwrap_or(now.date());
    let slots = store.between(Kind::Facility, slug.as_str(), chosen, chosen.plus_days(1)).await?;
    if date.is_none() && slots.iter().all(|s| s.starts_at <= now) {
        let tomorrow = chosen.plus_days(1);
        let later = store.between(Kind::Facility, slug.as_str(), tomorrow, tomorrow.plus_days(1)).await?;
        if !later.is_empty() {
            return Ok(Some(DaySlots { facility, date: tomorrow, today: now.date(), now, slots: later }));
        }
    }
    Ok(Some(DaySlots { facility, date: chosen, today: now.date(), now, slots }))
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use domain::facilities::Facilities;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn facilities() -> Result<Arc<Facilities>, AppError> {
        use_context::<Arc<Facilities>>().ok_or(AppError::Unavailable)
    }
}
