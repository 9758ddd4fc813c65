//! Booking a facility slot, one question per page, with plain forms that work without JavaScript:
//! `/facilities/book?session=ID` asks how many people come, `/facilities/book/check?session=&group=`
//! shows everything to check, and `/api/book_facility` takes the slot through the seat engine and
//! sends the resident to the booking's confirmation (`/me/bookings/{reference}`).

use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::kids_cafe::components::won;
use crate::kids_cafe::pages::failed;
use crate::status::set_status;
use domain::facilities::Facility;
use domain::sessions::day_label;
use domain::{Lang, SeoulTime};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// A slot as the booking pages show it, with a fresh request key for the confirm form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotToBook {
    pub facility: Facility,
    pub session: i64,
    pub starts_at: SeoulTime,
    pub ends_at: SeoulTime,
    /// Why the slot cannot be booked now (taken, past, not open yet), if it cannot.
    pub refusal: Option<AppError>,
    pub key: String,
}

/// The facility slot `session` (`None`: no such facility slot).
#[server(endpoint = "facility_slot")]
pub async fn facility_slot(session: String) -> Result<Option<SlotToBook>, AppError> {
    let id = ssr::session_id(&session)?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let Some((facility, seats)) = ssr::slot(id).await? else { return Ok(None) };
    let refusal = match seats.bookable_at(now) {
        Err(e) => Some(e),
        Ok(()) if seats.seats_left() == 0 => Some(domain::seats::SeatError::Full),
        Ok(()) => None,
    };
    let refusal = refusal.map(|e| AppError::from(domain::seats::SeatFailure::Refused(e)));
    Ok(Some(SlotToBook { facility, session: id.get(), starts_at: seats.starts_at, ends_at: seats.ends_at, refusal, key: ssr::request_key() }))
}

/// Books the slot `session` for a group of `group` people; `key` (8–64 letters, digits, `-`, `_`)
/// makes a retried form return the same booking. Answers the booking reference.
#[server(endpoint = "book_facility")]
pub async fn book_facility(session: String, group: String, key: String) -> Result<String, AppError> {
    use domain::seats::{Holder, IdempotencyKey, SeatFailure, SeatRequest};
    let id = ssr::session_id(&session)?;
    let group = ssr::group_size(&group)?;
    let key = IdempotencyKey::parse(&key).map_err(|e| AppError::from(SeatFailure::Refused(e)))?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let (facility, _) = ssr::slot(id).await?.ok_or_else(ssr::no_such_slot)?;
    facility.group_fits(group).map_err(|e| AppError::bad_request(e.message(Lang::Ko), e.message(Lang::En)))?;
    let request = SeatRequest {
        session: id,
        account: viewer.id,
        holder: Holder::Person(viewer.id),
        fee_krw: facility.fee_krw,
        fee_waived: false,
        group_size: group,
        idempotency_key: Some(key),
    };
    let booking = ssr::seat_book()?.take_seat(request, crate::kids_cafe::api::ssr::clock()?.now()).await?;
    leptos_axum::redirect(&format!("/me/bookings/{}", booking.reference));
    Ok(booking.reference.to_string())
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::error::AppError;
    use domain::facilities::{Facilities, Facility, FacilitySlug};
    use domain::seats::{Kind, SeatBook, SeatError, SeatFailure, SessionId, SessionSeats};
    use leptos::prelude::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;

    pub fn seat_book() -> Result<Arc<dyn SeatBook>, AppError> {
        use_context::<Arc<dyn SeatBook>>().ok_or(AppError::Unavailable)
    }

    pub fn no_such_slot() -> AppError {
        SeatFailure::Refused(SeatError::NoSuchSession).into()
    }

    pub fn session_id(s: &str) -> Result<SessionId, AppError> {
        SessionId::parse(s).ok_or_else(no_such_slot)
    }

    pub fn group_size(s: &str) -> Result<u32, AppError> {
        s.trim().parse::<u32>().map_err(|_| AppError::bad_request("인원은 숫자로 적어 주세요.", "Write the group size as a number."))
    }

    /// The facility a slot belongs to, with the slot's seats; `None` for any other session.
    pub async fn slot(id: SessionId) -> Result<Option<(Facility, SessionSeats)>, AppError> {
        let Some(seats) = seat_book()?.session(id).await? else { return Ok(None) };
        if seats.kind != Kind::Facility {
            return Ok(None);
        }
        let list = use_context::<Arc<Facilities>>().ok_or(AppError::Unavailable)?;
        let facility = FacilitySlug::parse(&seats.resource).and_then(|slug| list.find(&slug).cloned());
        Ok(facility.map(|f| (f, seats)))
    }

    /// A fresh name for one booking form. It only has to differ between the forms one account is
    /// shown (the seat engine keys retries per account), so the time and a counter suffice.
    pub fn request_key() -> String {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        format!("r{nanos:x}-{:x}", COUNTER.fetch_add(1, Ordering::Relaxed))
    }
}

/// A query parameter of the page's address.
pub(crate) fn query_param(name: &'static str) -> String {
    use_query_map().with_untracked(|q| q.get(name)).unwrap_or_default()
}

/// "11월 28일 (토) 10:00–12:00" / "Sat 28 Nov 10:00–12:00".
pub(crate) fn when_label(starts_at: SeoulTime, ends_at: SeoulTime, lang: Lang) -> String {
    let end_day = if ends_at.date() == starts_at.date() { String::new() } else { format!("{} ", day_label(ends_at.date(), lang)) };
    format!("{} {}–{end_day}{}", day_label(starts_at.date(), lang), starts_at.clock_text(), ends_at.clock_text())
}

fn people(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{n}명"),
        Lang::En if n == 1 => "1 person".to_string(),
        Lang::En => format!("{n} people"),
    }
}

/// Loads the slot of `?session=` and renders it with `body`, or the page for a slot that is gone.
fn with_slot(lang: Lang, body: fn(SlotToBook, Lang) -> AnyView) -> impl IntoView {
    let session = query_param("session");
    let slot = Resource::new_blocking(move || session.clone(), facility_slot);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match slot.await {
                    Ok(Some(slot)) => body(slot, lang),
                    Ok(None) | Err(AppError::BadRequest { .. }) => no_slot(lang),
                    Err(e) => view! { <section class="wrap narrow">{failed(&e, lang)}</section> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn no_slot(lang: Lang) -> AnyView {
    set_status(404);
    view! {
        <Title text=lang.pick("찾는 시간이 없습니다", "No such slot")/>
        <section class="wrap narrow notice">
            <h1>{lang.pick("찾는 예약 시간이 없습니다", "That slot does not exist")}</h1>
            <p><a href="/facilities">{lang.pick("공공시설 목록에서 다시 고르기", "Choose again from the facilities")}</a></p>
        </section>
    }
    .into_any()
}

/// The slot cannot be booked: why, and the way back to the facility's other slots.
fn refused(slot: &SlotToBook, error: &AppError, lang: Lang) -> AnyView {
    set_status(error.status());
    view! {
        <p class="error" role="alert" data-testid="page-error">{error.message(lang)}</p>
        <p><a href=format!("/facilities/{}?date={}", slot.facility.slug.as_str(), slot.starts_at.date())>
            {lang.pick("이 시설의 다른 시간 보기", "See this facility's other slots")}</a></p>
    }
    .into_any()
}

/// `/facilities/book?session=ID`: how many people come.
#[component]
pub fn BookGroupPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    with_slot(lang, group_step).into_any()
}

fn group_step(slot: SlotToBook, lang: Lang) -> AnyView {
    let f = &slot.facility;
    let name = f.name(lang).to_string();
    let (min, max) = (f.min_group, f.max_group);
    let hint = match lang {
        Lang::Ko => format!("이 시설은 {min}명부터 {max}명까지 이용할 수 있습니다."),
        Lang::En => format!("This facility takes groups of {min} to {max} people."),
    };
    let form = match &slot.refusal {
        Some(e) => refused(&slot, e, lang),
        None => view! {
            <form method="get" action="/facilities/book/check" class="stack-form" data-testid="group-form">
                <input type="hidden" name="session" value=slot.session.to_string()/>
                <label for="group">{lang.pick("이용 인원", "Number of people")}</label>
                <p class="hint" id="group-hint">{hint}</p>
                <input id="group" name="group" type="number" inputmode="numeric" required min=min.to_string() max=max.to_string()
                    value=min.to_string() aria-describedby="group-hint"/>
                <button type="submit" class="button primary">{lang.pick("다음", "Continue")}</button>
            </form>
        }
        .into_any(),
    };
    view! {
        <Title text=lang.pick("시설 예약: 인원", "Book a facility: group size")/>
        <section class="wrap narrow form-page booking-step">
            <p class="crumbs"><a href="/facilities">{lang.pick("공공시설", "Facilities")}</a>" › "
                <a href=format!("/facilities/{}?date={}", f.slug.as_str(), slot.starts_at.date())>{name.clone()}</a></p>
            <p class="step">{lang.pick("1단계 / 2단계", "Step 1 of 2")}</p>
            <h1>{lang.pick("몇 명이 이용하나요?", "How many people are coming?")}</h1>
            <p class="lead" data-testid="slot-summary">{name}" · "{when_label(slot.starts_at, slot.ends_at, lang)}</p>
            <FormError/>
            {form}
        </section>
    }
    .into_any()
}

/// `/facilities/book/check?session=ID&group=N`: everything to check before confirming.
#[component]
pub fn BookCheckPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    with_slot(lang, check_step).into_any()
}

fn check_step(slot: SlotToBook, lang: Lang) -> AnyView {
    let f = slot.facility.clone();
    let back = format!("/facilities/book?session={}", slot.session);
    let group = query_param("group").trim().parse::<u32>().ok();
    let body = match (&slot.refusal, group.map(|g| (g, f.group_fits(g)))) {
        (Some(e), _) => refused(&slot, e, lang),
        (None, Some((group, Ok(())))) => check_form(&slot, group, lang),
        (None, fits) => {
            set_status(400);
            let message = match fits {
                Some((_, Err(e))) => e.message(lang),
                _ => lang.pick("인원을 숫자로 적어 주세요.", "Write the group size as a number.").to_string(),
            };
            view! {
                <p class="error" role="alert" data-testid="page-error">{message}</p>
                <p><a href=back.clone()>{lang.pick("인원 다시 적기", "Enter the group size again")}</a></p>
            }
            .into_any()
        }
    };
    view! {
        <Title text=lang.pick("시설 예약: 확인", "Book a facility: check")/>
        <section class="wrap narrow form-page booking-step">
            <p class="crumbs"><a href="/facilities">{lang.pick("공공시설", "Facilities")}</a>" › "
                <a href=format!("/facilities/{}?date={}", f.slug.as_str(), slot.starts_at.date())>{f.name(lang).to_string()}</a></p>
            <p class="step">{lang.pick("2단계 / 2단계", "Step 2 of 2")}</p>
            <h1>{lang.pick("예약 내용을 확인해 주세요", "Check your booking")}</h1>
            <FormError/>
            {body}
        </section>
    }
    .into_any()
}

fn check_form(slot: &SlotToBook, group: u32, lang: Lang) -> AnyView {
    let f = &slot.facility;
    let fee = match (f.fee_krw, lang) {
        (0, l) => won(0, l),
        (n, Lang::Ko) => format!("{} (현장 결제)", won(n, lang)),
        (n, Lang::En) => format!("{} (paid on site)", won(n, lang)),
    };
    let change = format!("/facilities/book?session={}", slot.session);
    view! {
        <dl class="facts check-answers" data-testid="check-answers">
            <dt>{lang.pick("시설", "Facility")}</dt><dd>{f.name(lang).to_string()}</dd>
            <dt>{lang.pick("장소", "Where")}</dt><dd>{f.place(lang).to_string()}</dd>
            <dt>{lang.pick("날짜와 시간", "Date and time")}</dt><dd>{when_label(slot.starts_at, slot.ends_at, lang)}</dd>
            <dt>{lang.pick("인원", "Group")}</dt>
            <dd>{people(group, lang)}" "<a href=change>{lang.pick("바꾸기", "Change")}<span class="visually-hidden">{lang.pick(" 인원", " the group size")}</span></a></dd>
            <dt>{lang.pick("이용료", "Fee")}</dt><dd>{fee}</dd>
            <dt>{lang.pick("이용 규칙", "Rules")}</dt><dd>{f.rules(lang).to_string()}</dd>
        </dl>
        <form method="post" action="/api/book_facility" class="stack-form" data-testid="confirm-form">
            <crate::privacy::NoticeLink section="bookings"/>
            <input type="hidden" name="session" value=slot.session.to_string()/>
            <input type="hidden" name="group" value=group.to_string()/>
            <input type="hidden" name="key" value=slot.key.clone()/>
            <button type="submit" class="button primary">{lang.pick("예약 확정", "Confirm the booking")}</button>
        </form>
    }
    .into_any()
}
