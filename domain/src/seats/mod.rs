//! The seat engine's rules, shared by kids-café sessions, facility slots and district courses:
//! seats that can never be taken past capacity, when a booking may still be cancelled, how long a
//! waitlist offer stands, idempotency keys, and the published lottery draw. Storage enforces the
//! same limits again (a `CHECK` and unique keys); these rules say why, in the resident's words.

mod lottery;
mod ports;

pub use lottery::*;
pub use ports::*;

use crate::calendar::{IsoDate, SeoulTime};
use crate::kids_cafe::KidsCafeError;
use crate::Lang;
use serde::{Deserialize, Serialize};
use time::Duration;

/// A booking may be cancelled until this long before its start.
pub const CANCEL_BEFORE: Duration = Duration::minutes(30);
/// A seat offered to the first on the waitlist waits this long for them to confirm.
pub const OFFER_STANDS: Duration = Duration::hours(2);

/// Seats of one session: how many there are and how many are taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seats {
    capacity: u32,
    taken: u32,
}

impl Seats {
    pub fn new(capacity: u32, taken: u32) -> Result<Seats, SeatError> {
        if taken > capacity {
            return Err(SeatError::BelowTaken { taken });
        }
        Ok(Seats { capacity, taken })
    }

    pub fn capacity(self) -> u32 {
        self.capacity
    }

    pub fn taken(self) -> u32 {
        self.taken
    }

    pub fn left(self) -> u32 {
        self.capacity - self.taken
    }

    /// `n` more seats taken, or `Full` when fewer than `n` are left.
    pub fn take(self, n: u32) -> Result<Seats, SeatError> {
        if n == 0 || n > self.left() {
            return Err(SeatError::Full);
        }
        Ok(Seats { taken: self.taken + n, ..self })
    }

    /// `n` seats given back (a cancellation).
    pub fn release(self, n: u32) -> Seats {
        Seats { taken: self.taken.saturating_sub(n), ..self }
    }

    /// Staff change the capacity; never below the seats already taken.
    pub fn resized(self, capacity: u32) -> Result<Seats, SeatError> {
        Seats::new(capacity, self.taken)
    }
}

/// Whether a booking that starts at `start` may still be cancelled at `now`.
pub fn can_cancel(start: SeoulTime, now: SeoulTime) -> Result<(), SeatError> {
    if now.instant() + CANCEL_BEFORE <= start.instant() {
        Ok(())
    } else {
        Err(SeatError::TooLateToCancel)
    }
}

/// A freed seat offered to the first on the waitlist at `made_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    pub made_at: SeoulTime,
}

impl Offer {
    pub fn expires_at(self) -> SeoulTime {
        SeoulTime::from_instant(self.made_at.instant() + OFFER_STANDS)
    }

    /// Whether the resident may still confirm it at `now`; afterwards it passes to the next one.
    pub fn stands_at(self, now: SeoulTime) -> bool {
        now < self.expires_at()
    }
}

/// A client's name for one booking attempt: a retried request with the same key gets the same
/// booking, never a second one. 8–64 letters, digits, `-` or `_` (a UUID fits).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(s: &str) -> Result<IdempotencyKey, SeatError> {
        let ok = (8..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| IdempotencyKey(s.to_string())).ok_or(SeatError::BadIdempotencyKey)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = SeatError;
    fn try_from(s: String) -> Result<IdempotencyKey, SeatError> {
        IdempotencyKey::parse(&s)
    }
}

impl From<IdempotencyKey> for String {
    fn from(key: IdempotencyKey) -> String {
        key.0
    }
}

/// Why a seat could not be taken, given back or changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SeatError {
    #[error("no seats left")]
    Full,
    #[error("capacity below the {taken} seats taken")]
    BelowTaken { taken: u32 },
    #[error("too late to cancel")]
    TooLateToCancel,
    #[error("bad idempotency key")]
    BadIdempotencyKey,
    #[error("already booked")]
    AlreadyBooked,
    #[error("no such session")]
    NoSuchSession,
    #[error("session closed")]
    SessionClosed,
    #[error("session started")]
    SessionStarted,
    /// `opens_at` as `YYYY-MM-DD HH:MM`, Seoul time.
    #[error("not open yet")]
    NotOpenYet { opens_at: String },
    /// Another account's booking, child or waitlist entry: answered as if it did not exist.
    #[error("not found")]
    NotYours,
    #[error("idempotency key reused")]
    KeyReused,
    #[error("not offered")]
    NotOffered,
    #[error("offer expired")]
    OfferExpired,
    #[error("seats left")]
    NotFull,
    #[error("booking cancelled")]
    Cancelled,
    #[error("already waiting")]
    AlreadyWaiting,
    #[error("kids-café seats are for a child")]
    ChildNeeded,
    /// A no-show blocks new kids-café bookings until this day.
    #[error("blocked")]
    Blocked { until: IsoDate },
    /// The account already holds `max` bookings of this kind still to come (`booking_caps`).
    #[error("too many bookings ahead")]
    TooManyAhead { max: u32 },
    #[error(transparent)]
    KidsCafe(#[from] KidsCafeError),
}

impl SeatError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SeatError::Full, Lang::Ko) => "남은 자리가 없습니다. 대기 신청을 하시면 자리가 나는 대로 알려 드립니다.".into(),
            (SeatError::Full, Lang::En) => "No seats are left. Join the waiting list and we will tell you when one frees up.".into(),
            (SeatError::BelowTaken { taken }, Lang::Ko) => format!("이미 {taken}자리가 예약되어 정원을 그보다 줄일 수 없습니다."),
            (SeatError::BelowTaken { taken }, Lang::En) => format!("{taken} seats are already booked: the capacity cannot go below that."),
            (SeatError::TooLateToCancel, Lang::Ko) => "시작 30분 전부터는 취소할 수 없습니다.".into(),
            (SeatError::TooLateToCancel, Lang::En) => "Bookings cannot be cancelled in the 30 minutes before they start.".into(),
            (SeatError::BadIdempotencyKey, Lang::Ko) => "요청 번호가 올바르지 않습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.".into(),
            (SeatError::BadIdempotencyKey, Lang::En) => "The request number is not valid. Please reload the page and try again.".into(),
            (SeatError::KidsCafe(e), lang) => e.message(lang),
            (SeatError::NotOpenYet { opens_at }, Lang::Ko) => format!("{opens_at}에 예약이 열립니다."),
            (SeatError::NotOpenYet { opens_at }, Lang::En) => format!("Booking opens at {opens_at}."),
            (SeatError::Blocked { until }, Lang::Ko) => format!("예약하고 오지 않은 기록이 있어 {until}까지 키즈카페를 예약할 수 없습니다."),
            (SeatError::Blocked { until }, Lang::En) => format!("After a missed session, kids-cafe booking is blocked until {until}."),
            (SeatError::TooManyAhead { max }, Lang::Ko) => format!(
                "한 계정은 아직 다가오지 않은 이 종류의 예약(시설 예약, 기부 물품 접수 등)을 {max}건까지 가질 수 있습니다(더 많은 주민이 쓸 수 있도록). 예약 하나를 취소하거나 이용이 끝난 뒤 다시 예약해 주세요."
            ),
            (SeatError::TooManyAhead { max }, Lang::En) => format!(
                "One account may hold at most {max} bookings of this kind (facility slots, thrift-store drop-offs) still to come, so that more residents get a turn. Cancel one, or book again once one has passed."
            ),
            (e, lang) => lang.pick(e.plain_ko(), e.plain_en()).into(),
        }
    }

    fn plain_ko(&self) -> &'static str {
        match self {
            SeatError::AlreadyBooked => "이미 이 회차에 예약되어 있습니다. 내 예약에서 확인해 주세요.",
            SeatError::NoSuchSession => "찾는 회차가 없습니다.",
            SeatError::SessionClosed => "이 회차는 운영하지 않습니다.",
            SeatError::SessionStarted => "이미 시작했거나 지난 회차입니다.",
            SeatError::NotYours => "내 계정에서 찾을 수 없습니다.",
            SeatError::KeyReused => "같은 요청 번호로 다른 예약을 할 수 없습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.",
            SeatError::NotOffered => "제안받은 자리가 없습니다.",
            SeatError::OfferExpired => "확정 시간 2시간이 지나 자리가 다음 대기자에게 넘어갔습니다.",
            SeatError::NotFull => "아직 자리가 남아 있습니다. 바로 예약해 주세요.",
            SeatError::Cancelled => "취소된 예약입니다.",
            SeatError::AlreadyWaiting => "이미 이 회차를 대기하고 있습니다.",
            SeatError::ChildNeeded => "키즈카페는 어린이를 선택해 예약합니다.",
            _ => "요청을 처리할 수 없습니다.",
        }
    }

    fn plain_en(&self) -> &'static str {
        match self {
            SeatError::AlreadyBooked => "This seat is already booked. See it in My bookings.",
            SeatError::NoSuchSession => "There is no such session.",
            SeatError::SessionClosed => "This session has been closed.",
            SeatError::SessionStarted => "This session has already started or is over.",
            SeatError::NotYours => "We could not find that on your account.",
            SeatError::KeyReused => "This request number was used for another booking. Please reload the page and try again.",
            SeatError::NotOffered => "No seat is being offered to you for this.",
            SeatError::OfferExpired => "The 2 hours to confirm have passed; the seat went to the next person waiting.",
            SeatError::NotFull => "Seats are still left: please book one directly.",
            SeatError::Cancelled => "This booking was cancelled.",
            SeatError::AlreadyWaiting => "You are already on this session's waiting list.",
            SeatError::ChildNeeded => "Kids-cafe seats are booked for a child.",
            _ => "The request could not be done.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IsoDate;

    fn at(date: &str, hour: u8, minute: u8) -> SeoulTime {
        SeoulTime::at(IsoDate::parse(date).unwrap(), hour, minute).unwrap()
    }

    #[test]
    fn seats_are_never_taken_past_capacity() {
        let seats = Seats::new(10, 9).unwrap();
        let last = seats.take(1).unwrap();
        assert_eq!(last.left(), 0);
        assert_eq!(last.take(1), Err(SeatError::Full));
        assert_eq!(seats.take(2), Err(SeatError::Full), "two children for the last seat");
        assert_eq!(seats.take(0), Err(SeatError::Full));
        assert_eq!(Seats::new(3, 4), Err(SeatError::BelowTaken { taken: 4 }));
    }

    #[test]
    fn capacity_never_goes_below_the_seats_taken() {
        let seats = Seats::new(20, 12).unwrap();
        assert_eq!(seats.resized(11), Err(SeatError::BelowTaken { taken: 12 }));
        assert_eq!(seats.resized(12).unwrap().left(), 0);
        assert_eq!(seats.release(2).left(), 10);
    }

    #[test]
    fn a_booking_can_be_cancelled_until_30_minutes_before_it_starts() {
        let start = at("2026-11-28", 10, 0);
        assert_eq!(can_cancel(start, at("2026-11-28", 9, 30)), Ok(()));
        assert_eq!(can_cancel(start, at("2026-11-28", 9, 31)), Err(SeatError::TooLateToCancel));
        assert_eq!(can_cancel(start, at("2026-11-28", 11, 0)), Err(SeatError::TooLateToCancel));
    }

    #[test]
    fn a_waitlist_offer_stands_for_two_hours() {
        let offer = Offer { made_at: at("2026-11-27", 22, 30) };
        assert_eq!(offer.expires_at(), at("2026-11-28", 0, 30));
        assert!(offer.stands_at(at("2026-11-28", 0, 29)));
        assert!(!offer.stands_at(at("2026-11-28", 0, 30)));
    }

    #[test]
    fn idempotency_keys_are_bounded_plain_tokens() {
        assert!(IdempotencyKey::parse("3f2b8c1e-9d4a-4e21-b1c7-0a5d6e7f8a9b").is_ok());
        for bad in ["short", &"x".repeat(65), "has space here", "키-12345678", "a;DROP--x"] {
            assert_eq!(IdempotencyKey::parse(bad), Err(SeatError::BadIdempotencyKey), "{bad}");
        }
        assert!(serde_json::from_str::<IdempotencyKey>("\"nope\"").is_err());
    }

    #[test]
    fn every_seat_error_speaks_both_languages() {
        use SeatError::*;
        let day = IsoDate::parse("2026-12-24").unwrap();
        for e in [Full, TooManyAhead { max: 4 }, BelowTaken { taken: 3 }, TooLateToCancel, BadIdempotencyKey, AlreadyBooked, NoSuchSession, SessionClosed,
            SessionStarted, NotOpenYet { opens_at: "2026-11-24 09:00".into() }, NotYours, KeyReused, NotOffered, OfferExpired,
            NotFull, Cancelled, AlreadyWaiting, ChildNeeded, Blocked { until: day }, KidsCafe(KidsCafeError::AlreadyThatDay)] {
            assert!(e.message(Lang::Ko).chars().any(|c| ('가'..='힣').contains(&c)));
            assert!(e.message(Lang::En).is_ascii());
        }
    }
}
