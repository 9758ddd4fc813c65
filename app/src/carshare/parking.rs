//! Shared parking by the hour, with plain forms that work without JavaScript: `/parking` lists the
//! spaces with their next free windows and a small form per space (date, start hour, hours),
//! `/parking/check` shows the price and the rules before anything is booked, `/api/book_parking`
//! books through the car share's one time-window engine and sends the resident to
//! `/parking/booked?ref=P-XXXX-XXXX`, where `/api/cancel_parking` cancels. Guests see the list;
//! booking needs an account.

use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::facilities::booking::{query_param, when_label};
use crate::i18n::use_lang;
use crate::kids_cafe::components::won;
use crate::kids_cafe::pages::failed;
use super::booking::QuoteTable;
use domain::carshare::price::{Quote, PARKING};
use domain::carshare::window::local_text;
use domain::carshare::{FreeWindow, Resource as Space, ResourceKind, Trip, TripStatus};
use domain::{IsoDate, Lang, SeoulTime};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceNow {
    pub space: Space,
    pub next_free: Vec<FreeWindow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParkingNow {
    pub now: SeoulTime,
    pub spaces: Vec<SpaceNow>,
}

/// What the check page shows: the space, the window, its price, and a fresh request key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceCheck {
    pub space: Space,
    pub start: SeoulTime,
    pub end: SeoulTime,
    pub quote: Quote,
    pub key: String,
}

/// Every shared space with its next free windows this week.
#[server(endpoint = "parking_spaces")]
pub async fn parking_spaces() -> Result<ParkingNow, AppError> {
    let share = ssr::share()?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let mut spaces = Vec::new();
    for space in share.resources(ResourceKind::Parking).await? {
        let next_free = share.next_free(ResourceKind::Parking, space.id, now).await?;
        spaces.push(SpaceNow { space, next_free });
    }
    Ok(ParkingNow { now, spaces })
}

/// The price of parking in `space` from `start` to `end` (`2026-11-24T19:00`), after every rule
/// the booking itself would check (the step, the length, the owner's hours, other bookings).
#[server(endpoint = "parking_quote")]
pub async fn parking_quote(space: String, start: String, end: String) -> Result<PriceCheck, AppError> {
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let (space, window) = ssr::space_and_window(&space, &start, &end, now).await?;
    let rules = ResourceKind::Parking.rules();
    let uses = ssr::share()?.uses(ResourceKind::Parking, space.id, window.start(), window.end()).await?;
    domain::carshare::schedule::check_resident(&rules, window, &uses).map_err(domain::carshare::CarFailure::Refused)?;
    Ok(PriceCheck { space, start: window.start(), end: window.end(), quote: PARKING.quote(window), key: crate::facilities::booking::ssr::request_key() })
}

/// Books `space` from `start` to `end` for the signed-in resident; `key` makes a retried form
/// return the same booking. Answers the reference (`P-XXXX-XXXX`).
#[server(endpoint = "book_parking")]
pub async fn book_parking(space: String, start: String, end: String, key: String) -> Result<String, AppError> {
    use domain::carshare::TripRequest;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let key = domain::seats::IdempotencyKey::parse(key.trim()).map_err(|_| domain::carshare::CarFailure::Refused(domain::carshare::CarError::BadKey))?;
    let (space, window) = ssr::space_and_window(&space, &start, &end, now).await?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let request = TripRequest { account: viewer.id, kind: ResourceKind::Parking, resource: space.id, window, key };
    let trip = ssr::share()?.book(request, now).await?;
    leptos_axum::redirect(&format!("/parking/booked?ref={}", trip.reference));
    Ok(trip.reference.to_string())
}

/// Cancels the signed-in resident's parking booking `reference` (free until an hour before).
#[server(endpoint = "cancel_parking")]
pub async fn cancel_parking(reference: String) -> Result<String, AppError> {
    let reference = ssr::reference(&reference)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    ssr::own_parking(viewer.id, &reference).await?.ok_or(AppError::NotFound)?;
    let trip = ssr::share()?.cancel(viewer.id, reference, now).await?;
    leptos_axum::redirect(&format!("/parking/booked?ref={}", trip.reference));
    Ok(trip.reference.to_string())
}

/// The signed-in resident's parking booking `reference`, with its space and the time now.
#[server(endpoint = "parking_booking")]
pub async fn parking_booking(reference: String) -> Result<Option<(Trip, Space, SeoulTime)>, AppError> {
    let reference = ssr::reference(&reference)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    Ok(ssr::own_parking(viewer.id, &reference).await?.map(|(trip, space)| (trip, space, now)))
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use domain::accounts::AccountId;
    use domain::carshare::{CarError, CarFailure, Resource, ResourceKind, Trip, TripWindow};
    use domain::seats::BookingRef;
    use domain::SeoulTime;

    pub use crate::carshare::ssr::car_share as share;

    fn no_space() -> AppError {
        CarFailure::Refused(CarError::NoSuchResource).into()
    }

    /// The space named by a form (a number of at most 4 digits) and the window asked for.
    pub async fn space_and_window(space: &str, start: &str, end: &str, now: SeoulTime) -> Result<(Resource, TripWindow), AppError> {
        let space = space.trim();
        let id: u32 = (!space.is_empty() && space.len() <= 4 && space.bytes().all(|b| b.is_ascii_digit()))
            .then(|| space.parse().ok())
            .flatten()
            .ok_or_else(no_space)?;
        let window = TripWindow::from_form(start, end, &ResourceKind::Parking.rules(), now).map_err(CarFailure::Refused)?;
        let space = crate::carshare::ssr::resource(ResourceKind::Parking, id).await?;
        Ok((space, window))
    }

    pub fn reference(s: &str) -> Result<BookingRef, AppError> {
        BookingRef::parse(s).filter(|r| r.as_str().starts_with(ResourceKind::Parking.letter())).ok_or_else(|| {
            AppError::bad_request("예약 번호는 P-7Q2M-9XD4 처럼 적어 주세요.", "A parking reference looks like P-7Q2M-9XD4.")
        })
    }

    /// The account's parking booking `reference` and its space; `None` for anyone else's.
    pub async fn own_parking(account: AccountId, reference: &BookingRef) -> Result<Option<(Trip, Resource)>, AppError> {
        let share = share()?;
        let Some(trip) = share.trips_of(account).await?.into_iter().find(|t| &t.reference == reference && t.kind == ResourceKind::Parking) else {
            return Ok(None);
        };
        let space = share.resources(ResourceKind::Parking).await?.into_iter().find(|r| r.id == trip.resource);
        Ok(space.map(|s| (trip, s)))
    }
}

fn space_name(space: &Space, lang: Lang) -> String {
    format!("{} {}", space.name(lang), space.label)
}

/// The rules a resident agrees to, in words.
fn rules_list(lang: Lang) -> impl IntoView {
    let rules = ResourceKind::Parking.rules();
    let (from, until) = (rules.owner_from.0, rules.owner_until.0);
    let items = match lang {
        Lang::Ko => vec![
            format!("1시간 단위로, 한 번에 최대 {}시간, {}일 안의 시간만 예약할 수 있습니다.", rules.longest.whole_hours(), rules.ahead.whole_days()),
            format!("평일 {from:02}:00–{until:02}:00에는 관공서가 씁니다(공휴일 제외)."),
            format!("시간당 {}, 하룻밤(18:30–08:30) 최대 {}, 주말·공휴일 낮 최대 {}.", won(PARKING.per_step, lang), won(PARKING.night_package, lang), won(PARKING.weekend_day, lang)),
            "시작 1시간 전까지는 무료로 취소할 수 있고, 그 뒤에는 요금의 절반을 냅니다.".to_string(),
        ],
        Lang::En => vec![
            format!("By the hour, at most {} hours at a time, up to {} days ahead.", rules.longest.whole_hours(), rules.ahead.whole_days()),
            format!("On working days {from:02}:00–{until:02}:00 the offices use the spaces (public holidays excepted)."),
            format!("{} an hour, at most {} a night (18:30–08:30) and {} a weekend or holiday day.", won(PARKING.per_step, lang), won(PARKING.night_package, lang), won(PARKING.weekend_day, lang)),
            "Cancelling is free until an hour before the start; later it costs half the price.".to_string(),
        ],
    };
    view! { <ul class="rules" data-testid="parking-rules">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
}

#[component]
pub fn ParkingPage() -> impl IntoView {
    let lang = use_lang();
    let list = Resource::new_blocking(|| (), |_| parking_spaces());
    view! {
        <Title text=lang.pick("공유 주차장", "Shared parking")/>
        <crate::Description ko="관공서 주차장을 업무 시간이 아닐 때 시간 단위로 예약하세요."
            en="Book a space in the district offices' car parks by the hour, outside office hours."/>
        <section class="wrap parking">
            <h1>{lang.pick("공유 주차장", "Shared parking")}</h1>
            <p class="lead">{lang.pick(
                "구청과 주민센터 주차장을 업무 시간이 아닐 때(평일 저녁·밤, 주말, 공휴일) 시간 단위로 빌려 드립니다.",
                "The district office's and community centres' car parks, by the hour, when the offices do not use them (weekday evenings and nights, weekends, holidays).")}</p>
            {rules_list(lang)}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => spaces_view(list, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn windows_text(windows: &[FreeWindow], lang: Lang) -> Vec<String> {
    windows.iter().map(|w| when_label(w.start, w.end, lang)).collect()
}

fn spaces_view(list: ParkingNow, lang: Lang) -> AnyView {
    let today = list.now.date();
    let last = today.plus_days(ResourceKind::Parking.rules().ahead.whole_days());
    let cards = list.spaces
        .into_iter()
        .map(|s| {
            let id = s.space.id;
            // the form offers the first free window, as many hours of it as it holds (up to two)
            let offer = domain::carshare::schedule::suggestion(&s.next_free, domain::carshare::schedule::SUGGESTED_MINUTES);
            let (date, hour, length) = offer.map_or((today, 19, 2), |w| (w.start().date(), w.start().instant().hour(), w.minutes() / 60));
            let free = windows_text(&s.next_free, lang);
            let free = if free.is_empty() {
                view! { <p class="muted">{lang.pick("이번 주에는 빈 시간이 없습니다.", "No free time this week.")}</p> }.into_any()
            } else {
                view! { <ul class="free-windows">{free.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul> }.into_any()
            };
            let hours = (0u8..24).map(|h| view! { <option value=h.to_string() selected=h == hour>{format!("{h:02}:00")}</option> }).collect_view();
            view! {
                <article class="booking-card space-card" data-testid="space" data-space=id.to_string()>
                    <h2>{space_name(&s.space, lang)}</h2>
                    <p class="muted">{s.space.place(lang).to_string()}</p>
                    <p class="free-label">{lang.pick("다음 빈 시간", "Next free")}</p>
                    {free}
                    <form method="get" action="/parking/check" class="space-form" data-testid="space-form">
                        <input type="hidden" name="space" value=id.to_string()/>
                        <div>
                            <label for=format!("date-{id}")>{lang.pick("날짜", "Date")}</label>
                            <input id=format!("date-{id}") name="date" type="date" required value=date.to_string() min=today.to_string() max=last.to_string()/>
                        </div>
                        <div>
                            <label for=format!("hour-{id}")>{lang.pick("시작", "Start")}</label>
                            <select id=format!("hour-{id}") name="hour">{hours}</select>
                        </div>
                        <div>
                            <label for=format!("hours-{id}")>{lang.pick("시간", "Hours")}</label>
                            <input id=format!("hours-{id}") name="hours" type="number" inputmode="numeric" required min="1" max="24" value=length.to_string()/>
                        </div>
                        <button type="submit" class="button small">{lang.pick("요금 확인", "Check the price")}
                            <span class="visually-hidden">{format!(" {}", space_name(&s.space, lang))}</span></button>
                    </form>
                </article>
            }
        })
        .collect_view();
    view! { <div class="space-grid">{cards}</div> }.into_any()
}

/// The window the list's form asks for, as `datetime-local` texts; `None` when it cannot be read.
fn asked_window() -> Option<(String, String)> {
    let date = IsoDate::parse(query_param("date").trim())?;
    let hour: u8 = query_param("hour").trim().parse().ok().filter(|h| *h < 24)?;
    let hours: u64 = query_param("hours").trim().parse().ok().filter(|h| (1..=24).contains(h))?;
    let start = SeoulTime::at(date, hour, 0)?;
    let end = SeoulTime::from_instant(start.instant() + std::time::Duration::from_secs(hours * 3600));
    Some((local_text(start), local_text(end)))
}

/// `/parking/check?space=&date=&hour=&hours=`: the price, line by line, and the rules.
#[component]
pub fn ParkingCheckPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let space = query_param("space");
    let asked = asked_window();
    let quote = Resource::new_blocking(
        move || (space.clone(), asked.clone()),
        |(space, asked)| async move {
            let (start, end) = asked.ok_or_else(|| {
                AppError::bad_request("날짜, 시작 시각, 이용 시간(1–24)을 골라 주세요.", "Choose a date, a start hour and 1 to 24 hours.")
            })?;
            parking_quote(space, start, end).await
        },
    );
    view! {
        <Title text=lang.pick("주차 예약: 요금 확인", "Book parking: check the price")/>
        <section class="wrap narrow form-page booking-step">
            <p class="crumbs"><a href="/parking">{lang.pick("공유 주차장", "Shared parking")}</a></p>
            <h1>{lang.pick("요금과 내용을 확인해 주세요", "Check the price and details")}</h1>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match quote.await {
                        Ok(q) => check_view(q, lang),
                        Err(e) => view! {
                            {failed(&e, lang)}
                            <p><a href="/parking">{lang.pick("다른 시간 고르기", "Choose another time")}</a></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn check_view(q: PriceCheck, lang: Lang) -> AnyView {
    view! {
        <dl class="facts check-answers" data-testid="check-answers">
            <dt>{lang.pick("주차면", "Space")}</dt><dd>{space_name(&q.space, lang)}</dd>
            <dt>{lang.pick("장소", "Where")}</dt><dd>{q.space.place(lang).to_string()}</dd>
            <dt>{lang.pick("날짜와 시간", "Date and time")}</dt><dd>{when_label(q.start, q.end, lang)}</dd>
        </dl>
        <QuoteTable quote=q.quote.clone() lang step_minutes=PARKING.step_minutes/>
        {rules_list(lang)}
        <p class="hint" data-testid="settlement">{super::settlement_note(lang)}</p>
        <form method="post" action="/api/book_parking" class="stack-form" data-testid="confirm-form">
            <crate::privacy::NoticeLink section="carshare"/>
            <input type="hidden" name="space" value=q.space.id.to_string()/>
            <input type="hidden" name="start" value=local_text(q.start)/>
            <input type="hidden" name="end" value=local_text(q.end)/>
            <input type="hidden" name="key" value=q.key.clone()/>
            <button type="submit" class="button primary">{lang.pick("예약 확정", "Confirm the booking")}</button>
        </form>
    }
    .into_any()
}

fn status_text(trip: &Trip, lang: Lang) -> String {
    match trip.status {
        TripStatus::Booked | TripStatus::ReturnedEarly => lang.pick("예약됨", "Booked").to_string(),
        TripStatus::Cancelled if trip.fee_krw > 0 => match lang {
            Lang::Ko => format!("취소됨 (취소 수수료 {})", won(trip.fee_krw, lang)),
            Lang::En => format!("Cancelled (cancellation fee {})", won(trip.fee_krw, lang)),
        },
        TripStatus::Cancelled => lang.pick("취소됨 (수수료 없음)", "Cancelled (no fee)").to_string(),
        TripStatus::CancelledForOfficialUse => format!("{}: {}", lang.pick("공무로 취소됨", "Cancelled for official use"), trip.note),
    }
}

/// `/parking/booked?ref=P-XXXX-XXXX`: the booking, its reference, and the cancel button.
#[component]
pub fn ParkingBookedPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let reference = query_param("ref");
    let booking = Resource::new_blocking(move || reference.clone(), parking_booking);
    view! {
        <Title text=lang.pick("주차 예약", "Parking booking")/>
        <section class="wrap narrow">
            <p class="crumbs"><a href="/parking">{lang.pick("공유 주차장", "Shared parking")}</a></p>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match booking.await {
                        Ok(Some((trip, space, now))) => booked_view(trip, space, now, lang),
                        Ok(None) => failed(&AppError::NotFound, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn booked_view(trip: Trip, space: Space, now: SeoulTime, lang: Lang) -> AnyView {
    let booked = trip.status == TripStatus::Booked;
    let heading = if booked { lang.pick("주차 예약이 확정되었습니다", "Your parking is booked") } else { lang.pick("주차 예약", "Parking booking") };
    let cancel = (booked && trip.start > now).then(|| {
        let fee = domain::carshare::price::cancel_fee(trip.price_krw, trip.start, now).unwrap_or(0);
        let note = match (fee, lang) {
            (0, l) => l.pick("지금 취소하면 수수료가 없습니다.", "Cancelling now is free.").to_string(),
            (f, Lang::Ko) => format!("지금 취소하면 수수료 {}를 냅니다.", won(f, lang)),
            (f, Lang::En) => format!("Cancelling now costs {}.", won(f, lang)),
        };
        view! {
            <form method="post" action="/api/cancel_parking" class="stack-form" data-testid="cancel-form">
                <input type="hidden" name="reference" value=trip.reference.to_string()/>
                <p class="hint">{note}</p>
                <button type="submit" class="button danger">{lang.pick("예약 취소", "Cancel the booking")}</button>
            </form>
        }
    });
    view! {
        <h1>{heading}</h1>
        <p class="lead">{lang.pick("예약 번호", "Reference")}" "<strong data-testid="reference">{trip.reference.to_string()}</strong></p>
        <dl class="facts" data-testid="booking">
            <dt>{lang.pick("주차면", "Space")}</dt><dd>{space_name(&space, lang)}</dd>
            <dt>{lang.pick("장소", "Where")}</dt><dd>{space.place(lang).to_string()}</dd>
            <dt>{lang.pick("날짜와 시간", "Date and time")}</dt><dd>{when_label(trip.start, trip.end, lang)}</dd>
            <dt>{lang.pick("요금", "Price")}</dt><dd>{won(trip.price_krw, lang)}</dd>
            <dt>{lang.pick("상태", "Status")}</dt><dd data-testid="status">{status_text(&trip, lang)}</dd>
        </dl>
        {cancel}
        <p><a href="/me/bookings">{lang.pick("내 예약 모두 보기", "All my bookings")}</a>" · "<a href="/parking">{lang.pick("다른 주차면 예약", "Book another space")}</a></p>
    }
    .into_any()
}
