//! The social economy's server functions. Drop-off slots are read and booked through the seat
//! engine (`Kind::ThriftDropoff`); receipts and catering requests through the domain's
//! `SocialStore`. Every argument is read by a domain constructor or parser first (a reference by
//! its letter and shape, a form by `ReceiptRequest::from_form` / `CateringRequest::from_form`), so
//! a hand-made body is a 400 with the refusal in Korean and English, never a 5xx.

use crate::error::AppError;
use domain::programmes::social::{Catering, Dropoff};
use domain::{IsoDate, SeoulTime};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One drop-off slot as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub session: i64,
    pub starts_at: SeoulTime,
    pub ends_at: SeoulTime,
    pub left: u32,
    pub bookable: bool,
}

/// The thrift store's page: the moment it was read, the day shown and its slots, the days that
/// have slots, and a fresh request key for the booking forms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DropoffDay {
    pub now: SeoulTime,
    pub day: IsoDate,
    pub days: Vec<IsoDate>,
    pub slots: Vec<SlotView>,
    pub key: String,
}

/// Drop-off slots of `date` (without one, the first day that still has a slot to book).
#[server(endpoint = "thrift_day")]
pub async fn thrift_day(date: Option<IsoDate>) -> Result<DropoffDay, AppError> {
    use domain::programmes::social::thrift::{dropoff_rules, DROPOFF_RESOURCE};
    use domain::seats::Kind;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let today = now.date();
    let ahead = dropoff_rules(today).days_ahead;
    let sessions = crate::kids_cafe::api::ssr::sessions()?.between(Kind::ThriftDropoff, DROPOFF_RESOURCE, today, today.plus_days(ahead + 1)).await?;
    let slots: Vec<SlotView> = sessions
        .iter()
        .map(|s| SlotView { session: s.id.get(), starts_at: s.starts_at, ends_at: s.ends_at, left: s.seats_left(), bookable: s.bookable_now(now) })
        .collect();
    let mut days: Vec<IsoDate> = slots.iter().filter(|s| s.bookable).map(|s| s.starts_at.date()).collect();
    days.dedup();
    let day = date.filter(|d| days.contains(d)).or_else(|| days.first().copied()).unwrap_or(today);
    let slots = slots.into_iter().filter(|s| s.starts_at.date() == day).collect();
    Ok(DropoffDay { now, day, days, slots, key: crate::facilities::booking::ssr::request_key() })
}

/// Books the drop-off slot `session` for the signed-in resident (one seat of the slot's few);
/// `key` makes a retried form return the same booking. Sends them to the drop-off's page.
#[server(endpoint = "book_dropoff")]
pub async fn book_dropoff(session: String, key: String) -> Result<String, AppError> {
    use domain::programmes::social::thrift::dropoff_rules;
    use domain::programmes::social::SocialError;
    use domain::seats::{Holder, IdempotencyKey, Kind, SeatError, SeatFailure, SeatRequest};
    let id = domain::seats::SessionId::parse(&session).ok_or_else(|| AppError::from(SeatFailure::Refused(SeatError::NoSuchSession)))?;
    let key = IdempotencyKey::parse(&key).map_err(|e| AppError::from(SeatFailure::Refused(e)))?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let seats = crate::facilities::booking::ssr::seat_book()?;
    let slot = seats.session(id).await?.filter(|s| s.kind == Kind::ThriftDropoff);
    let slot = slot.ok_or_else(|| AppError::from(SeatFailure::Refused(SeatError::NoSuchSession)))?;
    let max = dropoff_rules(now.date()).max_coming;
    let coming = super::ssr::store()?.dropoffs_of(viewer.id).await?;
    let coming = coming.iter().filter(|d| d.status == domain::seats::BookingStatus::Booked && d.starts_at > now).count();
    // counted before the seat engine sees the request (its own rules are checked in its transaction)
    if coming >= max as usize {
        return Err(SocialError::TooManyDropoffs { max }.into());
    }
    let request = SeatRequest { session: slot.id, account: viewer.id, holder: Holder::Person(viewer.id), fee_krw: 0, fee_waived: false, group_size: 1, idempotency_key: Some(key) };
    let booking = seats.take_seat(request, now).await?;
    leptos_axum::redirect(&format!("/me/applications/dropoff/{}", booking.reference));
    Ok(booking.reference.to_string())
}

/// The resident's own drop-off `reference` (another's is not found).
#[server(endpoint = "my_dropoff")]
pub async fn my_dropoff(reference: String) -> Result<Dropoff, AppError> {
    let reference = super::ssr::reference(&reference, 'D')?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    super::ssr::store()?.dropoff(Some(viewer.id), reference).await?.ok_or(AppError::NotFound)
}

/// Asks for the donation receipt of the resident's drop-off: the donor's name, a person's birth
/// date or a business's number, and up to five items with their declared values.
#[server(endpoint = "request_receipt")]
#[allow(clippy::too_many_arguments)]
pub async fn request_receipt(
    reference: String,
    name: String,
    donor_kind: String,
    birth: String,
    business_number: String,
    item1: String,
    value1: String,
    item2: String,
    value2: String,
    item3: String,
    value3: String,
    item4: String,
    value4: String,
    item5: String,
    value5: String,
) -> Result<String, AppError> {
    use domain::programmes::social::thrift::{ReceiptForm, ReceiptRequest};
    let reference = super::ssr::reference(&reference, 'D')?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let items = vec![(item1, value1), (item2, value2), (item3, value3), (item4, value4), (item5, value5)];
    let request = ReceiptRequest::from_form(&ReceiptForm { name, donor_kind, birth, business_number, items }, now.date())?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let dropoff = super::ssr::store()?.request_receipt(viewer.id, reference, request, now).await?;
    leptos_axum::redirect(&format!("/me/applications/dropoff/{}?asked=1", dropoff.reference));
    Ok(dropoff.reference.to_string())
}

/// The resident's drop-offs and catering requests, for `/me/applications`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySocial {
    pub dropoffs: Vec<Dropoff>,
    pub caterings: Vec<Catering>,
}

#[server(endpoint = "my_social_requests")]
pub async fn my_social_requests() -> Result<MySocial, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let store = super::ssr::store()?;
    Ok(MySocial { dropoffs: store.dropoffs_of(viewer.id).await?, caterings: store.caterings_of(viewer.id).await? })
}

/// The moment the Coffee Jigi pages are rendered at (open now, the earliest catering day).
#[server(endpoint = "social_now")]
pub async fn social_now() -> Result<SeoulTime, AppError> {
    Ok(crate::kids_cafe::api::ssr::clock()?.now())
}

/// Sends a catering request; `set1`..`set4` are the ticked sets' slugs (an unticked box sends
/// nothing).
#[server(endpoint = "request_catering")]
#[allow(clippy::too_many_arguments)]
pub async fn request_catering(
    date: String,
    time: String,
    place: String,
    heads: String,
    set1: Option<String>,
    set2: Option<String>,
    set3: Option<String>,
    set4: Option<String>,
    budget: String,
    contact_name: String,
    contact_phone: String,
    note: String,
) -> Result<String, AppError> {
    use domain::programmes::social::coffee::{CateringForm, CateringRequest};
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let sets = [set1, set2, set3, set4].into_iter().flatten().filter(|s| !s.trim().is_empty()).collect();
    let form = CateringForm { date, time, place, heads, sets, budget, contact_name, contact_phone, note };
    let request = CateringRequest::from_form(&form, now.date())?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let catering = super::ssr::store()?.request_catering(viewer.id, request, now).await?;
    leptos_axum::redirect(&format!("/me/applications/catering/{}?sent=1", catering.reference));
    Ok(catering.reference.to_string())
}

#[server(endpoint = "my_catering")]
pub async fn my_catering(reference: String) -> Result<Catering, AppError> {
    let reference = super::ssr::reference(&reference, 'J')?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    super::ssr::store()?.catering(Some(viewer.id), reference).await?.ok_or(AppError::NotFound)
}

/// The resident accepts the quote (`accept`) or withdraws the request (`withdraw`).
#[server(endpoint = "close_catering")]
pub async fn close_catering(reference: String, action: String) -> Result<String, AppError> {
    let reference = super::ssr::reference(&reference, 'J')?;
    let accept = match action.as_str() {
        "accept" => true,
        "withdraw" => false,
        _ => return Err(AppError::bad_request("수락 또는 철회를 골라 주세요.", "Choose to accept or to withdraw.")),
    };
    let viewer = crate::accounts::ssr::require_viewer()?;
    let (store, now) = (super::ssr::store()?, crate::kids_cafe::api::ssr::clock()?.now());
    let catering = if accept { store.accept_catering(viewer.id, reference, now).await? } else { store.withdraw_catering(viewer.id, reference, now).await? };
    leptos_axum::redirect(&format!("/me/applications/catering/{}", catering.reference));
    Ok(catering.reference.to_string())
}

/// The staff desk: drop-offs from the start of today for the rule's days ahead (and any received
/// one whose receipt waits), and every catering request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskView {
    pub now: SeoulTime,
    pub dropoffs: Vec<Dropoff>,
    pub caterings: Vec<Catering>,
}

#[server(endpoint = "social_desk")]
pub async fn social_desk() -> Result<DeskView, AppError> {
    use domain::programmes::social::thrift::dropoff_rules;
    crate::accounts::ssr::require_staff()?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let start = SeoulTime::at(now.date(), 0, 0).unwrap_or(now);
    let end = SeoulTime::at(now.date().plus_days(dropoff_rules(now.date()).days_ahead + 1), 0, 0).unwrap_or(now);
    let store = super::ssr::store()?;
    Ok(DeskView { now, dropoffs: store.dropoffs_for_staff(start, end).await?, caterings: store.caterings_for_staff().await? })
}

/// Staff: the drop-off's items were received (`receive`), or its asked receipt is issued (`issue`).
#[server(endpoint = "handle_dropoff")]
pub async fn handle_dropoff(reference: String, action: String) -> Result<String, AppError> {
    crate::accounts::ssr::require_staff()?;
    let reference = super::ssr::reference(&reference, 'D')?;
    let (store, now) = (super::ssr::store()?, crate::kids_cafe::api::ssr::clock()?.now());
    let done = match action.as_str() {
        "receive" => store.confirm_dropoff(reference, now).await?,
        "issue" => store.issue_receipt(reference, now).await?,
        _ => return Err(AppError::bad_request("받음 확인 또는 영수증 발급을 골라 주세요.", "Choose to mark received or to issue the receipt.")),
    };
    leptos_axum::redirect(&format!("/staff/social?done={}#dropoffs", done.reference));
    Ok(done.reference.to_string())
}

/// Staff answer a catering request: `quote` with an `amount` (and an optional note) or `refuse`
/// with the reason in `note`. The resident gets a message.
#[server(endpoint = "answer_catering")]
pub async fn answer_catering(reference: String, outcome: String, amount: String, note: String) -> Result<String, AppError> {
    use domain::programmes::social::coffee::CateringAnswer;
    crate::accounts::ssr::require_staff()?;
    let reference = super::ssr::reference(&reference, 'J')?;
    let answer = CateringAnswer::from_form(&outcome, &amount, &note)?;
    let catering = super::ssr::store()?.answer_catering(reference, answer, crate::kids_cafe::api::ssr::clock()?.now()).await?;
    leptos_axum::redirect(&format!("/staff/social?done={}#catering", catering.reference));
    Ok(catering.reference.to_string())
}
