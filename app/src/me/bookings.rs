//! "My bookings": every booking and waiting-list place of the signed-in account (`/me/bookings`),
//! one booking with its reference number (`/me/bookings/:reference`, also the booking's
//! confirmation), and cancelling (`/api/cancel_booking`). Another account's reference is answered
//! exactly like one that does not exist: 404.

use super::{kind_label, private_page, status_label, when, BookedSeat, WaitPlace};
use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::kids_cafe::components::won;
use crate::status::set_status;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingsAndWaits {
    pub bookings: Vec<BookedSeat>,
    pub waits: Vec<WaitPlace>,
}

/// The account's bookings (newest first) and its waiting and offered places.
#[server(endpoint = "my_bookings")]
pub async fn my_bookings() -> Result<BookingsAndWaits, AppError> {
    use super::ssr::*;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let (book, now, labels) = (seat_book()?, now()?, labels().await);
    let bookings = book.bookings_of(viewer.id).await?.iter().map(|b| labels.booking(b, now)).collect();
    let waits = book.waits_of(viewer.id).await?.iter().map(|w| labels.wait(w)).collect();
    Ok(BookingsAndWaits { bookings, waits })
}

/// One booking of the account; 404 for a reference that is not theirs.
#[server(endpoint = "my_booking")]
pub async fn my_booking(reference: String) -> Result<BookedSeat, AppError> {
    use super::ssr::*;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let reference = ssr::parse_reference(&reference)?;
    let (book, now, labels) = (seat_book()?, now()?, labels().await);
    let all = book.bookings_of(viewer.id).await?;
    all.iter().find(|b| b.reference == reference).map(|b| labels.booking(b, now)).ok_or(AppError::NotFound)
}

/// Cancels one of the account's bookings until 30 minutes before it starts; the freed seat goes to
/// the first on the waiting list. A plain form goes on to `next` (our own path) or the booking.
#[server(endpoint = "cancel_booking")]
pub async fn cancel_booking(reference: String, next: Option<String>) -> Result<BookedSeat, AppError> {
    use super::ssr::*;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let reference = ssr::parse_reference(&reference)?;
    let now = now()?;
    let cancelled = seat_book()?.cancel(viewer.id, &reference, now).await?;
    let seat = labels().await.booking(&cancelled, now);
    leptos_axum::redirect(&crate::accounts::next_or(next.as_deref(), &format!("/me/bookings/{}", seat.reference)));
    Ok(seat)
}

#[component]
pub fn MyBookingsPage() -> impl IntoView {
    let lang = use_lang();
    private_page();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let mine = Resource::new_blocking(|| (), |_| my_bookings());
    let trips = Resource::new_blocking(|| (), |_| crate::carshare::api::my_trips());
    view! {
        <Title text=lang.pick("내 예약", "My bookings")/>
        <section class="wrap my-bookings">
            <h1>{lang.pick("내 예약", "My bookings")}</h1>
            {done.filter(|d| d == "waiting").map(|_| view! {
                <p class="notice-ok" role="status" data-testid="done">{lang.pick(
                    "대기 신청을 했습니다. 자리가 나면 메시지로 알려 드립니다.",
                    "You are on the waiting list. We will send you a message when a seat frees up.")}</p>
            })}
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match mine.await {
                        Ok(mine) => view! { <BookingList mine lang/> }.into_any(),
                        Err(e) => crate::kids_cafe::pages::failed(&e, lang),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match trips.await {
                        Ok(trips) => view! { <crate::carshare::booking::TripList trips lang/> }.into_any(),
                        Err(e) => crate::kids_cafe::pages::failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn BookingList(mine: BookingsAndWaits, lang: Lang) -> impl IntoView {
    let BookingsAndWaits { bookings, waits } = mine;
    let empty = bookings.is_empty().then(|| view! {
        <p data-testid="no-bookings">{lang.pick("아직 예약이 없습니다. ", "No bookings yet. ")}
            <a href="/kids-cafe">{lang.pick("키즈카페 예약하기", "Book a kids café")}</a></p>
    });
    view! {
        {empty}
        <ul class="booking-list" data-testid="bookings">
            {bookings.into_iter().map(|b| view! { <BookingRow b lang/> }).collect_view()}
        </ul>
        {(!waits.is_empty()).then(|| view! {
            <h2>{lang.pick("대기 신청", "Waiting lists")}</h2>
            <ul class="booking-list" data-testid="waits">
                {waits.into_iter().map(|w| view! { <WaitRow w lang/> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn BookingRow(b: BookedSeat, lang: Lang) -> impl IntoView {
    let href = format!("/me/bookings/{}", b.reference);
    let status = b.status.clone();
    view! {
        <li class="booking-card" data-testid="booking" data-reference=b.reference.clone() data-status=status.clone()>
            <p class="booking-kind">{b.kind_label(lang)}</p>
            <h3><a href=href>{b.label(lang).to_string()}</a></h3>
            <dl class="facts compact">
                <dt>{lang.pick("예약 번호", "Reference")}</dt><dd class="reference">{b.reference.clone()}</dd>
                <dt>{lang.pick("일시", "When")}</dt><dd>{when(b.starts_at, b.ends_at, lang)}</dd>
                {b.child_name.clone().map(|name| view! { <dt>{lang.pick("어린이", "Child")}</dt><dd>{name}</dd> })}
                <dt>{lang.pick("상태", "Status")}</dt><dd data-testid="booking-status">{status_label(&status, lang)}</dd>
            </dl>
            {b.cancellable.then(|| view! { <CancelForm reference=b.reference.clone() next="/me/bookings".into() lang/> })}
        </li>
    }
}

#[component]
fn WaitRow(w: WaitPlace, lang: Lang) -> impl IntoView {
    let until = w.offer_until.map(|t| match lang {
        Lang::Ko => format!("{} {}까지 메시지에서 확정해 주세요.", crate::kids_cafe::components::day_heading(t.date(), lang), t.clock_text()),
        Lang::En => format!("Please confirm it in Messages by {} {}.", crate::kids_cafe::components::day_heading(t.date(), lang), t.clock_text()),
    });
    view! {
        <li class="booking-card" data-testid="wait" data-status=w.status.clone()>
            <p class="booking-kind">{kind_label(&w.kind, lang)}</p>
            <h3>{w.label(lang).to_string()}</h3>
            <dl class="facts compact">
                <dt>{lang.pick("일시", "When")}</dt><dd>{when(w.starts_at, w.ends_at, lang)}</dd>
                <dt>{lang.pick("상태", "Status")}</dt><dd data-testid="wait-status">{status_label(&w.status, lang)}</dd>
            </dl>
            {until.map(|u| view! { <p class="notice-ok" data-testid="offer-until">{u}</p> })}
        </li>
    }
}

/// The cancel button: a plain form, so it works without JavaScript.
#[component]
fn CancelForm(reference: String, next: String, lang: Lang) -> impl IntoView {
    view! {
        <form method="post" action="/api/cancel_booking" class="inline-form">
            <input type="hidden" name="reference" value=reference.clone()/>
            <input type="hidden" name="next" value=next/>
            <button type="submit" class="button secondary" data-testid="cancel">
                {lang.pick("예약 취소", "Cancel booking")}<span class="visually-hidden">{format!(" {reference}")}</span>
            </button>
        </form>
    }
}

/// One booking: the confirmation after booking, and where it is cancelled.
#[component]
pub fn BookingPage() -> impl IntoView {
    let lang = use_lang();
    private_page();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let reference = use_params_map().with_untracked(|p| p.get("reference")).unwrap_or_default();
    let seat = Resource::new_blocking(move || reference.clone(), my_booking);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match seat.await {
                    Ok(seat) => view! { <BookingDetail seat lang/> }.into_any(),
                    Err(AppError::NotFound | AppError::BadRequest { .. }) => view! { <crate::layout::NotFound/> }.into_any(),
                    Err(e) => view! { <section class="wrap">{crate::kids_cafe::pages::failed(&e, lang)}</section> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn BookingDetail(seat: BookedSeat, lang: Lang) -> impl IntoView {
    let booked = seat.status == "booked";
    let fee = if seat.fee_waived { lang.pick("무료 (기초생활수급, 현장에서 확인)", "Free (basic livelihood, checked on site)").to_string() } else { won(seat.fee_krw, lang) };
    let heading = if booked { lang.pick("예약되었습니다", "You are booked") } else { status_label(&seat.status, lang) };
    set_status(200);
    view! {
        <Title text=format!("{} {}", lang.pick("예약", "Booking"), seat.reference)/>
        <section class="wrap narrow booking-confirmation">
            <p class="crumbs"><a href="/me/bookings">{lang.pick("내 예약", "My bookings")}</a>" › "{seat.reference.clone()}</p>
            <h1 data-testid="booking-heading">{heading}</h1>
            <FormError/>
            <p class="reference-box">
                <span class="reference-label">{lang.pick("예약 번호", "Booking reference")}</span>
                <strong class="reference-big" data-testid="reference">{seat.reference.clone()}</strong>
            </p>
            <dl class="facts">
                <dt>{seat.kind_label(lang)}</dt><dd>{seat.label(lang).to_string()}</dd>
                <dt>{lang.pick("일시", "When")}</dt><dd>{when(seat.starts_at, seat.ends_at, lang)}</dd>
                {seat.child_name.clone().map(|name| view! { <dt>{lang.pick("어린이", "Child")}</dt><dd>{name}</dd> })}
                <dt>{lang.pick("이용료", "Fee")}</dt><dd>{fee}</dd>
                <dt>{lang.pick("상태", "Status")}</dt><dd data-testid="booking-status">{status_label(&seat.status, lang)}</dd>
            </dl>
            {(booked && seat.kind == "kids_cafe").then(|| view! { <WhatToBring lang/> })}
            {if seat.cancellable {
                view! {
                    <p class="hint">{lang.pick("시작 30분 전까지 취소할 수 있습니다.", "You can cancel until 30 minutes before the start.")}</p>
                    <CancelForm reference=seat.reference.clone() next=String::new() lang/>
                }.into_any()
            } else if booked {
                view! { <p class="hint">{lang.pick("시작 30분 전이 지나 취소할 수 없습니다.", "It is less than 30 minutes to the start: it can no longer be cancelled.")}</p> }.into_any()
            } else {
                ().into_any()
            }}
            <p><a href="/me/bookings">{lang.pick("내 예약 모두 보기", "See all my bookings")}</a></p>
        </section>
    }
}

#[component]
fn WhatToBring(lang: Lang) -> impl IntoView {
    let items = [
        ("예약 번호 (이 화면이나 메시지)", "This booking reference (this page or the message)"),
        ("보호자 신분증과 어린이 나이를 확인할 수 있는 서류", "The guardian's ID and something showing the child's age"),
        ("어린이와 보호자 모두 양말", "Socks, for the child and the guardian"),
        ("감면을 신청했다면 기초생활수급 증명서", "If you declared basic livelihood: the certificate"),
    ];
    view! {
        <section class="what-to-bring" aria-labelledby="bring-title">
            <h2 id="bring-title">{lang.pick("가져올 것", "What to bring")}</h2>
            <ul>{items.into_iter().map(|(ko, en)| view! { <li>{lang.pick(ko, en)}</li> }).collect_view()}</ul>
            <p class="hint">{lang.pick("시작 10분 전까지 와 주세요. 보호자가 어린이와 함께 있어야 합니다.",
                "Please come 10 minutes before the start; a guardian stays with the child.")}</p>
        </section>
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;

    /// A reference as typed, or a 400 that says what one looks like.
    pub fn parse_reference(reference: &str) -> Result<domain::seats::BookingRef, AppError> {
        domain::seats::BookingRef::parse(reference).ok_or_else(|| {
            AppError::bad_request("예약 번호가 올바르지 않습니다. 예: K-7Q2M-9XD4", "That is not a booking reference. It looks like K-7Q2M-9XD4.")
        })
    }
}
