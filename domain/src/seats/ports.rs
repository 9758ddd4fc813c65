//! What pages, server functions and staff tools need from the seat engine's storage, whatever keeps
//! it: the session ids, holders and booking references as they travel in URLs and forms, what a
//! booking, a waitlist entry and a message look like when read back, and the `SeatBook` port.

use super::{IdempotencyKey, Offer, SeatError};
use crate::accounts::{AccountId, ChildId};
use crate::calendar::{IsoDate, SeoulTime};
use crate::courses::BoxFuture;
use crate::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Positive ids read from URLs and forms: anything else is not an id at all.
macro_rules! positive_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "i64")]
        pub struct $name(i64);

        impl TryFrom<i64> for $name {
            type Error = &'static str;
            fn try_from(n: i64) -> Result<$name, &'static str> {
                $name::new(n).ok_or("an id is a positive whole number")
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl $name {
            pub fn new(id: i64) -> Option<$name> {
                (id > 0).then_some($name(id))
            }
            pub fn parse(s: &str) -> Option<$name> {
                s.trim().parse::<i64>().ok().and_then($name::new)
            }
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

positive_id!(
    /// One session of a resource: a kids-café session, a facility slot, a course's run.
    SessionId
);
positive_id!(
    /// One entry on a session's waitlist.
    WaitId
);
positive_id!(
    /// One message in a resident's inbox (`/me/messages`).
    MessageId
);

/// What a session's seats are for; its letter starts every booking reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    KidsCafe,
    Facility,
    Course,
    /// A drop-off slot at the thrift store (`programmes::social::thrift`).
    ThriftDropoff,
}

impl Kind {
    pub fn slug(self) -> &'static str {
        match self {
            Kind::KidsCafe => "kids_cafe",
            Kind::Facility => "facility",
            Kind::Course => "course",
            Kind::ThriftDropoff => "thrift_dropoff",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::KidsCafe, Kind::Facility, Kind::Course, Kind::ThriftDropoff].into_iter().find(|k| k.slug() == s)
    }

    pub fn letter(self) -> char {
        match self {
            Kind::KidsCafe => 'K',
            Kind::Facility => 'F',
            Kind::Course => 'C',
            Kind::ThriftDropoff => 'D',
        }
    }
}

/// Who sits in the seat: a child (kids cafés) or the account holder themself. Stored and compared
/// as `child:ID` / `account:ID`, the key of "one seat per holder per session".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Holder {
    Child(ChildId),
    Person(AccountId),
}

impl Holder {
    pub fn parse(s: &str) -> Option<Holder> {
        let (what, id) = s.split_once(':')?;
        let id: i64 = id.parse().ok()?;
        match what {
            "child" => ChildId::new(id).map(Holder::Child),
            "account" if id > 0 => Some(Holder::Person(AccountId(id))),
            _ => None,
        }
    }

    pub fn child(self) -> Option<ChildId> {
        match self {
            Holder::Child(c) => Some(c),
            Holder::Person(_) => None,
        }
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Holder::Child(c) => write!(f, "child:{c}"),
            Holder::Person(a) => write!(f, "account:{}", a.0),
        }
    }
}

/// A session and its seats as storage has them right now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSeats {
    pub id: SessionId,
    pub kind: Kind,
    /// Branch slug, facility slug or district course id.
    pub resource: String,
    pub starts_at: SeoulTime,
    pub ends_at: SeoulTime,
    pub opens_at: SeoulTime,
    pub capacity: u32,
    /// Booked seats plus seats held for a waitlist offer.
    pub taken: u32,
    pub closed: bool,
}

/// Where a session stands for a resident at a given moment, in the order a page checks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// Staff closed it.
    Closed,
    /// It has started (or ended): too late to book.
    Past,
    /// Booking has not opened yet.
    NotOpenYet { opens_at: SeoulTime },
    Full,
    Bookable { left: u32 },
}

impl SessionSeats {
    pub fn seats_left(&self) -> u32 {
        self.capacity.saturating_sub(self.taken)
    }

    pub fn date(&self) -> IsoDate {
        self.starts_at.date()
    }

    pub fn availability(&self, now: SeoulTime) -> Availability {
        if self.closed {
            Availability::Closed
        } else if now >= self.starts_at {
            Availability::Past
        } else if now < self.opens_at {
            Availability::NotOpenYet { opens_at: self.opens_at }
        } else if self.seats_left() == 0 {
            Availability::Full
        } else {
            Availability::Bookable { left: self.seats_left() }
        }
    }

    pub fn bookable_now(&self, now: SeoulTime) -> bool {
        matches!(self.availability(now), Availability::Bookable { .. })
    }

    /// Whether a new booking may be made at `now`: not closed, not started, open for booking
    /// (seats are the atomic statement's business).
    pub fn bookable_at(&self, now: SeoulTime) -> Result<(), SeatError> {
        match self.availability(now) {
            Availability::Closed => Err(SeatError::SessionClosed),
            Availability::Past => Err(SeatError::SessionStarted),
            Availability::NotOpenYet { opens_at } => {
                Err(SeatError::NotOpenYet { opens_at: format!("{} {}", opens_at.date(), opens_at.clock_text()) })
            }
            Availability::Full | Availability::Bookable { .. } => Ok(()),
        }
    }
}

macro_rules! travels_as_text {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<$name, String> {
                $name::parse(&s).ok_or_else(|| format!("not a {}: {s:?}", stringify!($name)))
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.to_string()
            }
        }
    };
}

travels_as_text!(Holder);
travels_as_text!(BookingRef);

/// The alphabet of booking references: no 0/O or 1/I, so one read aloud over the phone is not misheard.
const REF_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// What a resident quotes for a booking, e.g. `K-7Q2M-9XD4`: the kind's letter and 8 random
/// characters (40 bits). Not a secret: every use checks the booking's account too.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BookingRef(String);

impl BookingRef {
    /// A reference for `kind` from 40 random bits (the caller owns the randomness; the domain has none).
    pub fn from_random(kind: Kind, random: u64) -> BookingRef {
        BookingRef::with_letter(kind.letter(), random)
    }

    /// A reference starting with `letter` (the car share's `V` and `P` share the shape and alphabet).
    pub fn with_letter(letter: char, random: u64) -> BookingRef {
        let mut s = String::with_capacity(11);
        s.push(letter);
        for i in 0..8 {
            if i % 4 == 0 {
                s.push('-');
            }
            s.push(REF_ALPHABET[((random >> (5 * i)) & 31) as usize] as char);
        }
        BookingRef(s)
    }

    /// Reads a reference as typed: case and surrounding spaces do not matter, the shape does.
    /// The first letter says what it is: K kids café, F facility, C course, V car, P parking,
    /// L loan application, H veterans' allowance application, D thrift-store drop-off, J catering.
    pub fn parse(s: &str) -> Option<BookingRef> {
        let s = s.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        let shape = b.len() == 11
            && REF_LETTERS.contains(&b[0])
            && b[1] == b'-'
            && b[6] == b'-'
            && b.iter().enumerate().filter(|(i, _)| ![0, 1, 6].contains(i)).all(|(_, c)| REF_ALPHABET.contains(c));
        shape.then_some(BookingRef(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The first letters references may have (see `BookingRef::parse`).
const REF_LETTERS: &[u8] = b"KFCVPLHDJ";

impl fmt::Display for BookingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BookingStatus {
    Booked,
    Cancelled,
    Attended,
    NoShow,
    /// The session was closed by staff.
    Closed,
}

impl BookingStatus {
    pub fn slug(self) -> &'static str {
        match self {
            BookingStatus::Booked => "booked",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Attended => "attended",
            BookingStatus::NoShow => "no_show",
            BookingStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<BookingStatus> {
        use BookingStatus::*;
        [Booked, Cancelled, Attended, NoShow, Closed].into_iter().find(|st| st.slug() == s)
    }
}

/// What staff record after a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attendance {
    Attended,
    NoShow,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub reference: BookingRef,
    pub session: SessionSeats,
    pub account: AccountId,
    pub holder: Holder,
    /// The child's name when the holder is a child.
    pub child_name: Option<String>,
    pub status: BookingStatus,
    pub fee_krw: u32,
    pub fee_waived: bool,
    pub group_size: u32,
    pub created_at: SeoulTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitStatus {
    Waiting,
    /// A seat is held for this entry until `offered_at` + 2 hours.
    Offered,
    Booked,
    Expired,
    Left,
}

impl WaitStatus {
    pub fn slug(self) -> &'static str {
        match self {
            WaitStatus::Waiting => "waiting",
            WaitStatus::Offered => "offered",
            WaitStatus::Booked => "booked",
            WaitStatus::Expired => "expired",
            WaitStatus::Left => "left",
        }
    }

    pub fn parse(s: &str) -> Option<WaitStatus> {
        use WaitStatus::*;
        [Waiting, Offered, Booked, Expired, Left].into_iter().find(|st| st.slug() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitEntry {
    pub id: WaitId,
    pub session: SessionSeats,
    pub account: AccountId,
    pub holder: Holder,
    pub status: WaitStatus,
    pub joined_at: SeoulTime,
    pub offered_at: Option<SeoulTime>,
}

impl WaitEntry {
    /// Until when an offered seat is held for this entry.
    pub fn offer_expires_at(&self) -> Option<SeoulTime> {
        self.offered_at.map(|made_at| Offer { made_at }.expires_at())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    pub created_at: SeoulTime,
    pub subject_ko: String,
    pub subject_en: String,
    pub body_ko: String,
    pub body_en: String,
    /// A path on our site, e.g. `/me/bookings`.
    pub link: Option<String>,
    pub read: bool,
}

impl Message {
    pub fn subject(&self, lang: Lang) -> &str {
        lang.pick(&self.subject_ko, &self.subject_en)
    }
    pub fn body(&self, lang: Lang) -> &str {
        lang.pick(&self.body_ko, &self.body_en)
    }
}

/// One request for a seat. For kids cafés the fee is the rule's (`fee_krw`), whatever is asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeatRequest {
    pub session: SessionId,
    pub account: AccountId,
    pub holder: Holder,
    pub fee_krw: u32,
    pub fee_waived: bool,
    pub group_size: u32,
    pub idempotency_key: Option<IdempotencyKey>,
}

/// A branch's (or resource's) week for the public statistics page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekStats {
    pub kind: Kind,
    pub resource: String,
    /// The Monday of the ISO week.
    pub week_start: IsoDate,
    pub iso_year: i32,
    pub iso_week: u8,
    /// Every booking made for the week's sessions, whatever became of it.
    pub bookings: u32,
    pub cancellations: u32,
    pub no_shows: u32,
}

/// A refusal the resident (or staff member) can act on, or storage failing, which they cannot.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SeatFailure {
    #[error(transparent)]
    Refused(#[from] SeatError),
    #[error("storage unavailable")]
    Unavailable,
}

impl SeatFailure {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SeatFailure::Refused(e) => e.message(lang),
            SeatFailure::Unavailable => lang.pick("잠시 후 다시 시도해 주세요.", "Please try again in a moment.").into(),
        }
    }
}

pub type SeatResult<T> = Result<T, SeatFailure>;

/// The seat engine's storage. Every write is one transaction that re-checks every rule inside it,
/// so two requests can never both pass a check that only one of them may pass. Time is given.
pub trait SeatBook: Send + Sync {
    /// Takes one seat (kids-café rules apply when the session is a kids-café one). A retry with the
    /// same idempotency key gets the same booking.
    fn take_seat(&self, req: SeatRequest, now: SeoulTime) -> BoxFuture<'_, SeatResult<Booking>>;
    /// A kids-café seat for `child` of `account`, at the rule's fee.
    fn book_kids_cafe(&self, account: AccountId, child: ChildId, session: SessionId, fee_waived: bool,
        key: Option<IdempotencyKey>, now: SeoulTime) -> BoxFuture<'_, SeatResult<Booking>>;
    /// Cancels the account's own booking; the seat goes to the waitlist's first or back on sale.
    fn cancel<'a>(&'a self, account: AccountId, reference: &'a BookingRef, now: SeoulTime) -> BoxFuture<'a, SeatResult<Booking>>;
    /// Waits for a seat in a full session, on the same checks as booking it; the request's terms
    /// (fee, waiver, group size) are kept for the booking an offer becomes.
    fn join_waitlist(&self, req: SeatRequest, now: SeoulTime) -> BoxFuture<'_, SeatResult<WaitEntry>>;
    /// Books the seat held for an offer (seats taken do not change).
    fn confirm_offer(&self, account: AccountId, entry: WaitId, now: SeoulTime) -> BoxFuture<'_, SeatResult<Booking>>;
    fn leave_waitlist(&self, account: AccountId, entry: WaitId, now: SeoulTime) -> BoxFuture<'_, SeatResult<()>>;
    /// The account's waiting and offered entries.
    fn waits_of(&self, account: AccountId) -> BoxFuture<'_, SeatResult<Vec<WaitEntry>>>;
    /// Offers older than 2 hours pass on to the next waiting or free their seat; how many expired.
    fn expire_offers(&self, now: SeoulTime) -> BoxFuture<'_, SeatResult<u32>>;

    fn session(&self, id: SessionId) -> BoxFuture<'_, SeatResult<Option<SessionSeats>>>;
    /// Staff: the session's bookings that hold (or held) a seat, oldest first.
    fn roster(&self, session: SessionId) -> BoxFuture<'_, SeatResult<Vec<Booking>>>;
    fn mark_attendance<'a>(&'a self, reference: &'a BookingRef, attendance: Attendance) -> BoxFuture<'a, SeatResult<Booking>>;
    /// Never below the seats taken (`BelowTaken`); new seats go to the waitlist first.
    fn set_capacity(&self, session: SessionId, capacity: u32, now: SeoulTime) -> BoxFuture<'_, SeatResult<SessionSeats>>;
    /// Closes a session; everyone booked is told; returns how many bookings it closed.
    fn close_session(&self, session: SessionId, now: SeoulTime) -> BoxFuture<'_, SeatResult<u32>>;

    /// Every booking of the account, newest first.
    fn bookings_of(&self, account: AccountId) -> BoxFuture<'_, SeatResult<Vec<Booking>>>;
    /// The account's messages, newest first.
    fn messages_of(&self, account: AccountId) -> BoxFuture<'_, SeatResult<Vec<Message>>>;
    fn mark_read(&self, account: AccountId, message: MessageId, now: SeoulTime) -> BoxFuture<'_, SeatResult<()>>;
    fn unread_count(&self, account: AccountId) -> BoxFuture<'_, SeatResult<u32>>;
    /// Bookings, cancellations and no-shows per resource of `kind` per ISO week, for sessions from
    /// `since` on (a bounded window: the figures are asked for on every visit of a public page),
    /// oldest week first.
    fn stats_by_branch_week(&self, kind: Kind, since: IsoDate) -> BoxFuture<'_, SeatResult<Vec<WeekStats>>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booking_references_are_a_kind_letter_and_eight_unambiguous_characters() {
        let r = BookingRef::from_random(Kind::KidsCafe, 123_456_789_012);
        assert_eq!(r.as_str().len(), 11);
        assert!(r.as_str().starts_with("K-"));
        assert_eq!(BookingRef::parse(&format!(" {} ", r.as_str().to_lowercase())), Some(r));
        for bad in ["K-7Q2M-9XD", "X-7Q2M-9XD4", "K-7Q2M-9XO4", "K-1Q2M-9XD4", "K-7Q2M9XD4-", "K-7Q2M-9XD4X"] {
            assert_eq!(BookingRef::parse(bad), None, "{bad}");
        }
        assert!(BookingRef::parse("K-7Q2M-9XD4").is_some());
    }

    #[test]
    fn holders_travel_as_child_or_account_text() {
        let child = Holder::Child(ChildId::new(7).unwrap());
        assert_eq!(child.to_string(), "child:7");
        assert_eq!(Holder::parse("child:7"), Some(child));
        assert_eq!(Holder::parse("account:3"), Some(Holder::Person(AccountId(3))));
        for bad in ["child:0", "account:-1", "kid:3", "child:", "child:x"] {
            assert_eq!(Holder::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_session_is_bookable_once_open_until_it_starts_unless_closed() {
        let at = |d: &str, h: u8, m: u8| SeoulTime::at(IsoDate::parse(d).unwrap(), h, m).unwrap();
        let mut s = SessionSeats { id: SessionId::new(1).unwrap(), kind: Kind::KidsCafe, resource: "junggok".into(),
            starts_at: at("2026-11-28", 10, 0), ends_at: at("2026-11-28", 12, 0), opens_at: at("2026-11-24", 9, 0),
            capacity: 12, taken: 9, closed: false };
        assert_eq!(s.seats_left(), 3);
        assert_eq!(s.bookable_at(at("2026-11-24", 8, 59)), Err(SeatError::NotOpenYet { opens_at: "2026-11-24 09:00".into() }));
        assert_eq!(s.bookable_at(at("2026-11-24", 9, 0)), Ok(()));
        assert_eq!(s.bookable_at(at("2026-11-28", 10, 0)), Err(SeatError::SessionStarted));
        s.closed = true;
        assert_eq!(s.bookable_at(at("2026-11-25", 9, 0)), Err(SeatError::SessionClosed));
    }

    #[test]
    fn session_ids_are_positive_numbers() {
        assert_eq!(SessionId::parse(" 42 ").map(SessionId::get), Some(42));
        assert_eq!(SessionId::parse("0"), None);
        assert_eq!(SessionId::parse("-3"), None);
        assert_eq!(SessionId::parse("1e3"), None);
        assert_eq!(Kind::parse("kids_cafe"), Some(Kind::KidsCafe));
    }
}
