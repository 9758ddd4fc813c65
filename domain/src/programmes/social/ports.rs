//! What the social economy's pages need from storage beyond the seat engine (which books the
//! drop-off slots), and the values that cross it. Every read of a resident's own thing takes their
//! account: another's drop-off, receipt or catering request is answered as not found. Storage
//! repeats the rules as constraints (one receipt per drop-off, unique receipt numbers, a receipt
//! issued only for a drop-off received, states that agree with their amounts).

use super::coffee::{CateringAnswer, CateringRequest, CateringState};
use super::thrift::ReceiptRequest;
use super::SocialError;
use crate::accounts::AccountId;
use crate::calendar::SeoulTime;
use crate::courses::BoxFuture;
use crate::seats::{BookingRef, BookingStatus};
use serde::{Deserialize, Serialize};

/// A donation receipt asked for a drop-off, and (once staff issue it) its number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub request: ReceiptRequest,
    pub requested_at: SeoulTime,
    pub number: Option<String>,
    pub issued_at: Option<SeoulTime>,
}

/// A drop-off slot booked through the seat engine, with its receipt if one was asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropoff {
    pub reference: BookingRef,
    /// The account holder's name (for staff).
    pub resident: String,
    pub starts_at: SeoulTime,
    pub ends_at: SeoulTime,
    /// `Attended` once staff have received the items.
    pub status: BookingStatus,
    pub receipt: Option<Receipt>,
}

impl Dropoff {
    pub fn received(&self) -> bool {
        self.status == BookingStatus::Attended
    }
}

/// A catering request with its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catering {
    pub reference: BookingRef,
    pub resident: String,
    pub request: CateringRequest,
    pub state: CateringState,
    pub quote_krw: Option<u64>,
    /// The quote's note or the refusal's reason.
    pub answer_note: Option<String>,
    pub created_at: SeoulTime,
    pub answered_at: Option<SeoulTime>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SocialFailure {
    Refused(SocialError),
    Unavailable,
}

impl From<SocialError> for SocialFailure {
    fn from(e: SocialError) -> SocialFailure {
        SocialFailure::Refused(e)
    }
}

pub type SocialResult<T> = Result<T, SocialFailure>;

pub trait SocialStore: Send + Sync {
    /// The account's drop-offs (every status), newest slot first.
    fn dropoffs_of(&self, account: AccountId) -> BoxFuture<'_, SocialResult<Vec<Dropoff>>>;
    /// One drop-off of `account` (`None` reads any, for staff).
    fn dropoff(&self, account: Option<AccountId>, reference: BookingRef) -> BoxFuture<'_, SocialResult<Option<Dropoff>>>;
    /// Asks for the receipt of the account's drop-off (not cancelled; one per drop-off).
    fn request_receipt(&self, account: AccountId, reference: BookingRef, request: ReceiptRequest, now: SeoulTime) -> BoxFuture<'_, SocialResult<Dropoff>>;
    /// Staff: drop-offs whose slot starts between `from` and `to`, plus every one with a receipt
    /// still to issue, by slot.
    fn dropoffs_for_staff(&self, from: SeoulTime, to: SeoulTime) -> BoxFuture<'_, SocialResult<Vec<Dropoff>>>;
    /// Staff: the items were received.
    fn confirm_dropoff(&self, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, SocialResult<Dropoff>>;
    /// Staff issue the asked receipt of a received drop-off with the year's next number; the donor
    /// gets a message.
    fn issue_receipt(&self, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, SocialResult<Dropoff>>;

    fn request_catering(&self, account: AccountId, request: CateringRequest, now: SeoulTime) -> BoxFuture<'_, SocialResult<Catering>>;
    fn caterings_of(&self, account: AccountId) -> BoxFuture<'_, SocialResult<Vec<Catering>>>;
    /// One catering request of `account` (`None` reads any, for staff).
    fn catering(&self, account: Option<AccountId>, reference: BookingRef) -> BoxFuture<'_, SocialResult<Option<Catering>>>;
    /// Staff: every request, those waiting first, then the newest.
    fn caterings_for_staff(&self) -> BoxFuture<'_, SocialResult<Vec<Catering>>>;
    /// Staff answer a waiting request; the resident gets a message.
    fn answer_catering(&self, reference: BookingRef, answer: CateringAnswer, now: SeoulTime) -> BoxFuture<'_, SocialResult<Catering>>;
    fn accept_catering(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, SocialResult<Catering>>;
    fn withdraw_catering(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, SocialResult<Catering>>;
}
