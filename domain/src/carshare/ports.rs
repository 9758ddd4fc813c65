//! What the pages need from the car share's storage, and the values that cross it. Every write
//! re-checks the schedule inside one write transaction (SQLite: `BEGIN IMMEDIATE`), so two
//! residents can never both be given overlapping windows; time is given.

use super::{CarResult, Licence, ResourceKind, TripWindow, Use};
use crate::accounts::AccountId;
use crate::calendar::SeoulTime;
use crate::courses::{BoxFuture, StorageUnavailable};
use crate::seats::{BookingRef, IdempotencyKey};
use crate::Lang;
use serde::{Deserialize, Serialize};

/// A car or a parking space.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub kind: ResourceKind,
    pub id: u32,
    /// The car's model, or the car park's name.
    pub name_ko: String,
    pub name_en: String,
    /// The car's plate, or the space's label (`B1-07`).
    pub label: String,
    /// Where it is picked up / where the space is.
    pub place_ko: String,
    pub place_en: String,
    /// A car's range on a full battery.
    pub range_km: Option<u32>,
}

impl Resource {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_ko, &self.name_en)
    }

    pub fn place(&self, lang: Lang) -> &str {
        lang.pick(&self.place_ko, &self.place_en)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TripStatus {
    Booked,
    /// Cancelled by the resident (`fee_krw` says what it cost).
    Cancelled,
    /// Cancelled by staff for an emergency official trip: no fee, and the reason is in `note`.
    CancelledForOfficialUse,
    /// Brought back before its end: the rest of the window was released.
    ReturnedEarly,
}

impl TripStatus {
    pub fn slug(self) -> &'static str {
        match self {
            TripStatus::Booked => "booked",
            TripStatus::Cancelled => "cancelled",
            TripStatus::CancelledForOfficialUse => "cancelled_official",
            TripStatus::ReturnedEarly => "returned_early",
        }
    }

    pub fn parse(s: &str) -> Option<TripStatus> {
        [TripStatus::Booked, TripStatus::Cancelled, TripStatus::CancelledForOfficialUse, TripStatus::ReturnedEarly]
            .into_iter()
            .find(|t| t.slug() == s)
    }

    /// Whether the trip still holds its window.
    pub fn holds(self) -> bool {
        matches!(self, TripStatus::Booked | TripStatus::ReturnedEarly)
    }
}

/// A resident's booking of a car or a parking space.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trip {
    pub reference: BookingRef,
    pub kind: ResourceKind,
    pub resource: u32,
    pub account: AccountId,
    pub start: SeoulTime,
    pub end: SeoulTime,
    /// The price shown before confirming, updated by an extension or an early return.
    pub price_krw: u32,
    /// What cancelling cost (0 when free or waived).
    pub fee_krw: u32,
    pub status: TripStatus,
    /// Staff's reason when they cancelled it for official use.
    pub note: String,
    pub created_at: SeoulTime,
}

impl Trip {
    pub fn as_use(&self) -> Use {
        Use { kind: super::UseKind::Resident, start: self.start, end: self.end, reference: self.reference.to_string() }
    }
}

/// A resident asking for a window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TripRequest {
    pub account: AccountId,
    pub kind: ResourceKind,
    pub resource: u32,
    pub window: TripWindow,
    /// A retry with the same key gets the same trip, never a second.
    pub key: IdempotencyKey,
}

/// A trip staff added for official work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialTrip {
    pub id: i64,
    pub kind: ResourceKind,
    pub resource: u32,
    pub start: SeoulTime,
    pub end: SeoulTime,
    pub purpose: String,
    pub emergency: bool,
}

/// Staff adding an official trip (an emergency may cancel residents' trips in the way).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialRequest {
    pub kind: ResourceKind,
    pub resource: u32,
    pub window: TripWindow,
    pub purpose: String,
    pub emergency: bool,
}

/// An official trip added, and the residents' trips it cancelled (each told why, fee waived).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialAdded {
    pub trip: OfficialTrip,
    pub cancelled: Vec<Trip>,
}

/// How far ahead, and how many, the lists show of a resource's next free windows.
pub const NEXT_FREE_DAYS: i64 = 7;
pub const NEXT_FREE_SHOWN: usize = 3;

pub trait CarShare: Send + Sync {
    /// The first few free windows of one resource from `now` within a week (what every list of
    /// cars or spaces shows): the stored uses, with the owner's hours, through `free_windows`.
    fn next_free(&self, kind: ResourceKind, resource: u32, now: SeoulTime) -> BoxFuture<'_, Result<Vec<super::FreeWindow>, StorageUnavailable>> {
        Box::pin(async move {
            let until = now.plus_minutes(NEXT_FREE_DAYS * 24 * 60);
            let stored = self.uses(kind, resource, now, until).await?;
            let mut free = super::schedule::free_windows(&kind.rules(), &stored, now, until, now);
            free.truncate(NEXT_FREE_SHOWN);
            Ok(free)
        })
    }

    /// Every car (or parking space), by id.
    fn resources(&self, kind: ResourceKind) -> BoxFuture<'_, Result<Vec<Resource>, StorageUnavailable>>;
    /// Official and residents' trips of one resource touching `from..to` (the owner's hours are
    /// the domain's to add: `schedule::all_uses`).
    fn uses(&self, kind: ResourceKind, resource: u32, from: SeoulTime, to: SeoulTime) -> BoxFuture<'_, Result<Vec<Use>, StorageUnavailable>>;
    fn licence_of(&self, account: AccountId) -> BoxFuture<'_, Result<Option<Licence>, StorageUnavailable>>;
    /// Keeps a verified licence for `account` (`digits` identify it: one licence, one account).
    fn save_licence(&self, account: AccountId, licence: Licence, digits: String, now: SeoulTime) -> BoxFuture<'_, CarResult<Licence>>;
    /// Books a window: every rule re-checked inside the write (a car needs a licence valid through
    /// the trip). A retry with the same key returns the same trip.
    fn book(&self, req: TripRequest, now: SeoulTime) -> BoxFuture<'_, CarResult<Trip>>;
    /// Cancels before the start: free until an hour before, then the fee.
    fn cancel(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, CarResult<Trip>>;
    /// Moves the end later, if the resource is free until then (and its buffer).
    fn extend(&self, account: AccountId, reference: BookingRef, end: SeoulTime, now: SeoulTime) -> BoxFuture<'_, CarResult<Trip>>;
    /// Ends a trip under way now (rounded up to the step, at least the shortest length); the
    /// rest of the window is free again and the price is what was used.
    fn return_early(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, CarResult<Trip>>;
    /// The account's trips, newest first.
    fn trips_of(&self, account: AccountId) -> BoxFuture<'_, Result<Vec<Trip>, StorageUnavailable>>;
    /// Official trips touching `from..to`, for the staff page.
    fn official_trips(&self, kind: ResourceKind, from: SeoulTime, to: SeoulTime) -> BoxFuture<'_, Result<Vec<OfficialTrip>, StorageUnavailable>>;
    /// Staff add an official trip; see `schedule::check_official`.
    fn add_official(&self, req: OfficialRequest, now: SeoulTime) -> BoxFuture<'_, CarResult<OfficialAdded>>;
    fn remove_official(&self, id: i64) -> BoxFuture<'_, CarResult<()>>;
    /// Staff: the open claims of a licence registered to another account, oldest first.
    fn licence_disputes(&self) -> BoxFuture<'_, Result<Vec<LicenceDispute>, StorageUnavailable>>;
    /// Staff, after checking the licence in person: `move_it` gives it to the claimant (the other
    /// account loses it), otherwise the claim is refused. Both accounts are told in their messages.
    fn resolve_dispute(&self, id: i64, move_it: bool, now: SeoulTime) -> BoxFuture<'_, CarResult<()>>;
}

/// A resident's claim that a licence registered to another account is theirs (filed when saving
/// it was refused as `LicenceElsewhere`). Staff see names and the masked number, never the digits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceDispute {
    pub id: i64,
    pub claimant: String,
    pub holder: String,
    pub masked: String,
    pub filed_at: SeoulTime,
}
