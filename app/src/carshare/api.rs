//! The residents' car-share server functions, public endpoints at `/api/<name>` like every other:
//! the cars and a car's week (read), the price check, the licence check, booking, cancelling,
//! extending and returning early. Every argument goes through the domain's constructors (a car
//! number, a `TripWindow`, a `BookingRef`, an `IdempotencyKey`), so garbage is a 400 in the
//! resident's language and changes nothing.

use crate::error::AppError;
use domain::carshare::price::Quote;
use domain::carshare::{FreeWindow, Licence, Resource, Trip, UseKind};
use domain::{IsoDate, SeoulTime};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Days a car's week shows, and how far ahead a week may begin.
pub const WEEK_DAYS: i64 = 7;
pub const WEEKS_AHEAD_DAYS: i64 = 14;

/// A car with its next free windows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarCard {
    pub car: Resource,
    pub free: Vec<FreeWindow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarsOverview {
    pub cars: Vec<CarCard>,
    /// The signed-in resident's verified licence, if any.
    pub licence: Option<Licence>,
    pub signed_in: bool,
    pub now: SeoulTime,
}

/// One use on a car's day: another resident's trip shows only as booked; the viewer's own carries
/// its reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UseRow {
    pub kind: UseKind,
    pub start: SeoulTime,
    pub end: SeoulTime,
    pub mine: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPlan {
    pub date: IsoDate,
    pub uses: Vec<UseRow>,
    pub free: Vec<FreeWindow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekPlan {
    pub car: Resource,
    pub first_day: IsoDate,
    pub today: IsoDate,
    pub days: Vec<DayPlan>,
    pub now: SeoulTime,
    /// The time the form offers: the first free window of the week, whole (not cut at midnight as
    /// the days show it), up to two hours of it.
    pub suggestion: Option<(SeoulTime, SeoulTime)>,
}

/// Everything the check page shows before the resident confirms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TripCheck {
    pub car: Resource,
    pub start: String,
    pub end: String,
    /// The window's start and end when they could be read.
    pub window: Option<(SeoulTime, SeoulTime)>,
    pub quote: Option<Quote>,
    /// Why this window cannot be booked (bad time, taken, no licence …).
    pub refusal: Option<AppError>,
    pub licence: Option<Licence>,
    /// The resident's other bookings at the same time (a warning, not a refusal).
    pub clashes: Vec<String>,
    pub key: String,
}

/// One trip as its page and "my bookings" show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TripView {
    pub trip: Trip,
    pub car: Resource,
    /// What cancelling costs now; `None` when it can no longer be cancelled.
    pub cancel_fee: Option<u32>,
    /// The trip is under way and may be returned early.
    pub under_way: bool,
    pub now: SeoulTime,
}

/// The cars with their next free windows (within a week), and the viewer's licence.
#[server(endpoint = "car_list")]
pub async fn car_list() -> Result<CarsOverview, AppError> {
    use super::ssr::*;
    use domain::carshare::ResourceKind;
    let (share, now) = (car_share()?, now()?);
    let mut cars = Vec::new();
    for car in share.resources(ResourceKind::Car).await? {
        let free = share.next_free(ResourceKind::Car, car.id, now).await?;
        cars.push(CarCard { car, free });
    }
    let viewer = crate::accounts::ssr::viewer();
    let licence = match &viewer {
        Some(v) => share.licence_of(v.id).await?,
        None => None,
    };
    Ok(CarsOverview { cars, licence, signed_in: viewer.is_some(), now })
}

/// One car's uses and free windows, day by day, for 7 days from `from` (today when absent).
#[server(endpoint = "car_week")]
pub async fn car_week(car: String, from: Option<String>) -> Result<WeekPlan, AppError> {
    use super::ssr::*;
    use domain::carshare::{schedule, ResourceKind};
    let id = car_id(&car)?;
    let now = now()?;
    let today = now.date();
    let first_day = match from.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => today,
        Some(s) => IsoDate::parse(s)
            .filter(|d| *d >= today && *d <= today.plus_days(WEEKS_AHEAD_DAYS))
            .ok_or_else(|| AppError::bad_request("날짜는 오늘부터 14일 안에서 2026-11-24 처럼 적어 주세요.", "Give a date within the next 14 days, like 2026-11-24."))?,
    };
    let car = resource(ResourceKind::Car, id).await?;
    let share = car_share()?;
    let rules = ResourceKind::Car.rules();
    let day_start = |d: IsoDate| SeoulTime::at(d, 0, 0).expect("midnight exists");
    let (from, to) = (day_start(first_day), day_start(first_day.plus_days(WEEK_DAYS)));
    // a day past the week, so the last night's window is not cut short where the week ends
    let beyond = day_start(first_day.plus_days(WEEK_DAYS + 1));
    let stored = share.uses(ResourceKind::Car, id, from, beyond).await?;
    let mine: Vec<String> = match crate::accounts::ssr::viewer() {
        Some(v) => share.trips_of(v.id).await?.into_iter().filter(|t| t.status.holds()).map(|t| t.reference.to_string()).collect(),
        None => Vec::new(),
    };
    let all = schedule::all_uses(&rules, &stored, from, to);
    let free = schedule::free_windows(&rules, &stored, from, beyond, now);
    let suggestion = schedule::suggestion(&free, schedule::SUGGESTED_MINUTES).map(|w| (w.start(), w.end()));
    let days = (0..WEEK_DAYS)
        .map(|i| {
            let date = first_day.plus_days(i);
            let (start, end) = (day_start(date), day_start(date.plus_days(1)));
            let uses = all.iter().filter(|u| u.start < end && u.end > start).map(|u| UseRow {
                kind: u.kind,
                start: u.start.max(start),
                end: u.end.min(end),
                mine: mine.iter().find(|r| **r == u.reference).cloned(),
            }).collect();
            let free = free.iter().filter(|w| w.start < end && w.end > start)
                .map(|w| FreeWindow { start: w.start.max(start), end: w.end.min(end) }).collect();
            DayPlan { date, uses, free }
        })
        .collect();
    Ok(WeekPlan { car, first_day, today, days, now, suggestion })
}

/// The price and everything to check for `car` from `start` to `end` (as the form sends them).
/// A time that cannot be read or never could be booked (past, off the step, too long) is a 400; a
/// window the schedule or the licence refuses is answered with its reason in `refusal`, so the
/// page shows the price and says why next to it.
#[server(endpoint = "car_check")]
pub async fn car_check(car: String, start: String, end: String) -> Result<TripCheck, AppError> {
    use super::ssr::*;
    use domain::carshare::{price, schedule, ResourceKind, TripWindow};
    let viewer = crate::accounts::ssr::require_viewer()?;
    let id = car_id(&car)?;
    let (start, end) = (super::ssr::clip(&start), super::ssr::clip(&end));
    let car = resource(ResourceKind::Car, id).await?;
    let (share, now) = (car_share()?, now()?);
    let rules = ResourceKind::Car.rules();
    let licence = share.licence_of(viewer.id).await?;
    let key = crate::facilities::booking::ssr::request_key();
    let mut check = TripCheck { car, start: start.clone(), end: end.clone(), window: None, quote: None, refusal: None, licence, clashes: Vec::new(), key };
    // a time that cannot be read or is not bookable at all is the request's fault: 400
    let window = TripWindow::from_form(&start, &end, &rules, now)?;
    check.window = Some((window.start(), window.end()));
    check.quote = Some(price::CARS.quote(window));
    let stored = share.uses(ResourceKind::Car, id, window.start(), window.end()).await?;
    // no licence yet is the next step of the flow (the page offers the form), not a refusal
    let licence_ok = match &check.licence {
        None => Ok(()),
        Some(l) => l.covers(window.end().date()),
    };
    if let Err(e) = schedule::check_resident(&rules, window, &stored).and(licence_ok) {
        check.refusal = Some(e.into());
    }
    check.clashes = super::ssr::clashes(viewer.id, window.start(), window.end()).await?;
    Ok(check)
}

/// The signed-in resident's verified licence.
#[server(endpoint = "my_licence")]
pub async fn my_licence() -> Result<Option<Licence>, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    Ok(super::ssr::car_share()?.licence_of(viewer.id).await?)
}

/// Checks and keeps the resident's driving licence (number, issue and expiry dates, birth date).
/// A plain form goes on to `next` (our own path) or back to the cars.
#[server(endpoint = "verify_licence")]
pub async fn verify_licence(number: String, issued_on: String, expires_on: String, birth_date: String, next: Option<String>) -> Result<String, AppError> {
    use domain::carshare::{Licence, LicenceForm};
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = super::ssr::now()?;
    let form = LicenceForm { number, issued_on, expires_on, birth_date };
    let (licence, digits) = Licence::verify(&form, now.date())?;
    let kept = super::ssr::car_share()?.save_licence(viewer.id, licence, digits, now).await?;
    leptos_axum::redirect(&crate::accounts::next_or(next.as_deref(), "/cars?licence=verified"));
    Ok(kept.masked)
}

/// Books `car` from `start` to `end` (`2026-11-24T19:00`, Seoul time); `key` makes a retried form
/// return the same trip. Answers the trip's reference and goes on to its page.
#[server(endpoint = "book_car")]
pub async fn book_car(car: String, start: String, end: String, key: String) -> Result<String, AppError> {
    use super::ssr::*;
    use domain::carshare::{CarError, ResourceKind, TripRequest, TripWindow};
    let viewer = crate::accounts::ssr::require_viewer()?;
    let id = car_id(&car)?;
    let key = domain::seats::IdempotencyKey::parse(&key).map_err(|_| AppError::from(CarError::BadKey))?;
    let now = now()?;
    let window = TripWindow::from_form(&start, &end, &ResourceKind::Car.rules(), now)?;
    let trip = car_share()?.book(TripRequest { account: viewer.id, kind: ResourceKind::Car, resource: id, window, key }, now).await?;
    leptos_axum::redirect(&format!("/cars/trips/{}", trip.reference));
    Ok(trip.reference.to_string())
}

/// Cancels one of the account's trips before it starts (free until an hour before, then half the
/// price). A plain form goes on to `next` (our own path) or the trip.
#[server(endpoint = "cancel_car")]
pub async fn cancel_car(reference: String, next: Option<String>) -> Result<u32, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let reference = super::ssr::trip_reference(&reference)?;
    let trip = super::ssr::car_share()?.cancel(viewer.id, reference, super::ssr::now()?).await?;
    leptos_axum::redirect(&crate::accounts::next_or(next.as_deref(), &format!("/cars/trips/{}", trip.reference)));
    Ok(trip.fee_krw)
}

/// Moves a trip's return later, if the car is free until then and its charging time.
#[server(endpoint = "extend_car")]
pub async fn extend_car(reference: String, end: String) -> Result<u32, AppError> {
    use domain::carshare::{window::parse_local, CarError};
    let viewer = crate::accounts::ssr::require_viewer()?;
    let reference = super::ssr::trip_reference(&reference)?;
    let end = parse_local(&end).ok_or(AppError::from(CarError::BadTime))?;
    let trip = super::ssr::car_share()?.extend(viewer.id, reference, end, super::ssr::now()?).await?;
    leptos_axum::redirect(&format!("/cars/trips/{}?done=extended", trip.reference));
    Ok(trip.price_krw)
}

/// Ends a trip under way now; the rest of its window is free again.
#[server(endpoint = "return_car")]
pub async fn return_car(reference: String) -> Result<u32, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let reference = super::ssr::trip_reference(&reference)?;
    let trip = super::ssr::car_share()?.return_early(viewer.id, reference, super::ssr::now()?).await?;
    leptos_axum::redirect(&format!("/cars/trips/{}?done=returned", trip.reference));
    Ok(trip.price_krw)
}

/// One of the account's trips (cars or parking); 404 for a reference that is not theirs.
#[server(endpoint = "car_trip")]
pub async fn car_trip(reference: String) -> Result<TripView, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let reference = super::ssr::trip_reference(&reference)?;
    let now = super::ssr::now()?;
    let trips = super::ssr::car_share()?.trips_of(viewer.id).await?;
    let trip = trips.into_iter().find(|t| t.reference == reference).ok_or(AppError::NotFound)?;
    super::ssr::view_of(trip, now).await
}

/// Every trip of the account (cars and parking), newest first.
#[server(endpoint = "my_trips")]
pub async fn my_trips() -> Result<Vec<TripView>, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = super::ssr::now()?;
    let mut out = Vec::new();
    for trip in super::ssr::car_share()?.trips_of(viewer.id).await? {
        out.push(super::ssr::view_of(trip, now).await?);
    }
    Ok(out)
}
