//! Booking a car, one question per page with plain forms that work without JavaScript: the time
//! is picked on the car's page, `/cars/:id/check?start=&end=` shows the price (period by period),
//! the rules and any clash with the resident's other bookings, and `/api/book_car` books it and
//! sends the resident to the trip's page (`/cars/trips/:reference`: cancel, extend, return early).
//! `/cars/licence` verifies the driving licence first.

use super::api::{car_check, car_trip, my_licence, TripCheck, TripView};
use super::{car_title, trip_status_label};
use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::facilities::booking::{query_param, when_label};
use crate::i18n::use_lang;
use crate::kids_cafe::components::won;
use crate::kids_cafe::pages::failed;
use crate::status::set_status;
use domain::carshare::price::{Period, Quote};
use domain::carshare::window::local_text;
use domain::carshare::{ResourceKind, TripStatus};
use domain::sessions::day_label;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn param(name: &'static str) -> String {
    use_params_map().with_untracked(|p| p.get(name)).unwrap_or_default()
}

/// `/cars/:id/check?start=&end=`: the price and everything to check before confirming.
#[component]
pub fn CarCheckPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let car = param("id").chars().filter(char::is_ascii_digit).take(3).collect::<String>();
    let args = (param("id"), query_param("start"), query_param("end"));
    let check = Resource::new_blocking(move || args.clone(), |(car, start, end)| car_check(car, start, end));
    view! {
        <Title text=lang.pick("전기차 예약: 확인", "Book a car: check")/>
        <Suspense fallback=|| ()>
            {move || { let car = car.clone(); Suspend::new(async move {
                match check.await {
                    Ok(check) => check_view(check, lang),
                    Err(e) => {
                        let back = match &e {
                            AppError::NotFound => "/cars".to_string(),
                            _ => format!("/cars/{}#book-heading", car.clone()),
                        };
                        view! { <section class="wrap narrow form-page">
                            <h1>{lang.pick("예약할 수 없는 시간입니다", "That time cannot be booked")}</h1>
                            {failed(&e, lang)}
                            <p><a href=back>{lang.pick("시간 다시 고르기", "Choose the time again")}</a></p>
                        </section> }.into_any()
                    }
                }
            })}}
        </Suspense>
    }
    .into_any()
}

fn period_label(period: Period, lang: Lang) -> String {
    match period {
        Period::Night(d) => lang.choose(format!("{} 밤 (18:30–08:30)", day_label(d, lang)), format!("Night of {} (18:30–08:30)", day_label(d, lang))),
        Period::WeekendDay(d) => lang.choose(format!("{} 주말·공휴일 낮", day_label(d, lang)), format!("{}, weekend or holiday day", day_label(d, lang))),
        Period::WorkingDay(d) => lang.choose(format!("{} 낮", day_label(d, lang)), format!("{}, daytime", day_label(d, lang))),
    }
}

/// How long `steps` of `step_minutes` are: "40분" / "40 min", or "3시간" / "3 h" for whole hours.
fn steps_length(steps: u32, step_minutes: u32, lang: Lang) -> String {
    let minutes = steps * step_minutes;
    match (minutes % 60 == 0 && step_minutes >= 60, lang) {
        (true, Lang::Ko) => format!("{}시간", minutes / 60),
        (true, Lang::En) => format!("{} h", minutes / 60),
        (false, Lang::Ko) => format!("{minutes}분"),
        (false, Lang::En) => format!("{minutes} min"),
    }
}

/// The quote as a table: each period, its time price, the cap applied, what is charged.
/// `step_minutes` is the tariff's step (10 for cars, 60 for parking).
#[component]
pub fn QuoteTable(quote: Quote, lang: Lang, #[prop(default = 10)] step_minutes: u32) -> impl IntoView {
    view! {
        <table class="data-table quote" data-testid="quote">
            <caption>{lang.pick("요금 계산", "How the price is worked out")}</caption>
            <thead><tr>
                <th scope="col">{lang.pick("구간", "Period")}</th>
                <th scope="col">{lang.pick("시간 요금", "By time")}</th>
                <th scope="col">{lang.pick("받는 요금", "Charged")}</th>
            </tr></thead>
            <tbody>
                {quote.lines.iter().map(|l| view! {
                    <tr>
                        <th scope="row">{period_label(l.period, lang)}</th>
                        <td>{format!("{} · {}", steps_length(l.steps, step_minutes, lang), won(l.by_time, lang))}</td>
                        <td>{won(l.charged, lang)}{l.capped().then(|| lang.pick(" (상한 적용)", " (capped)"))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr><th scope="row">{lang.pick("합계", "Total")}</th><td></td><td data-testid="price"><strong>{won(quote.total, lang)}</strong></td></tr></tfoot>
        </table>
    }
}

fn check_view(check: TripCheck, lang: Lang) -> AnyView {
    let car = check.car.clone();
    let title = car_title(&car, lang);
    let back = format!("/cars/{}", car.id);
    let change = format!("{back}#book-heading");
    let body = match (&check.refusal, check.window) {
        (refusal, Some((start, end))) => {
            let blocked = refusal.clone();
            let next = format!("/cars/{}/check?start={}&end={}", car.id, domain::courses::form_encode(&check.start), domain::courses::form_encode(&check.end));
            let needs_licence = check.licence.is_none();
            view! {
                <dl class="facts check-answers" data-testid="check-answers">
                    <dt>{lang.pick("차량", "Car")}</dt><dd>{title.clone()}</dd>
                    <dt>{lang.pick("받는 곳", "Pick-up")}</dt><dd>{car.place(lang).to_string()}</dd>
                    <dt>{lang.pick("시간", "Time")}</dt>
                    <dd>{when_label(start, end, lang)}" "<a href=change.clone()>{lang.pick("바꾸기", "Change")}<span class="visually-hidden">{lang.pick(" 시간", " the time")}</span></a></dd>
                    <dt>{lang.pick("운전면허", "Licence")}</dt>
                    <dd>{match &check.licence {
                        Some(l) => l.masked.clone().into_any(),
                        None => view! { <a href=format!("/cars/licence?next={}", domain::courses::form_encode(&next))>{lang.pick("확인하기", "Verify it")}</a> }.into_any(),
                    }}</dd>
                </dl>
                {check.quote.clone().map(|quote| view! { <QuoteTable quote lang/> })}
                <p class="hint">{lang.pick("시작 1시간 전까지 무료로 취소할 수 있고, 그 뒤에는 요금의 절반을 냅니다.",
                    "Free to cancel until an hour before the start, then half the price.")}" "<span data-testid="settlement">{super::settlement_note(lang)}</span></p>
                {(!check.clashes.is_empty()).then(|| view! {
                    <div class="notice-warn" role="note" data-testid="clash">
                        <p><strong>{lang.pick("같은 시간에 다른 예약이 있습니다.", "You have another booking at the same time.")}</strong></p>
                        <ul>{check.clashes.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
                        <p>{lang.pick("그래도 예약하려면 아래에서 확정하세요.", "Confirm below if you still want the car.")}</p>
                    </div>
                })}
                {match blocked {
                    Some(e) => {
                        set_status(e.status());
                        view! {
                            <p class="error" role="alert" data-testid="page-error">{e.message(lang)}</p>
                            {(!needs_licence).then(|| view! { <p><a href=change.clone()>{lang.pick("다른 시간 고르기", "Choose another time")}</a></p> })}
                        }.into_any()
                    }
                    None if needs_licence => view! {
                        <p class="notice-warn" data-testid="needs-licence">{lang.pick("예약하려면 먼저 운전면허를 확인해 주세요. ", "To book, first verify your driving licence. ")}
                            <a href=format!("/cars/licence?next={}", domain::courses::form_encode(&next))>{lang.pick("운전면허 확인하기", "Verify my licence")}</a></p>
                    }.into_any(),
                    None => view! {
                        <form method="post" action="/api/book_car" class="stack-form" data-testid="confirm-form">
                            <crate::privacy::NoticeLink section="carshare"/>
                            <input type="hidden" name="car" value=car.id.to_string()/>
                            <input type="hidden" name="start" value=local_text(start)/>
                            <input type="hidden" name="end" value=local_text(end)/>
                            <input type="hidden" name="key" value=check.key.clone()/>
                            <button type="submit" class="button primary">{lang.pick("예약 확정", "Confirm the booking")}</button>
                        </form>
                    }.into_any(),
                }}
            }
            .into_any()
        }
        (_, None) => ().into_any(),
    };
    view! {
        <section class="wrap narrow form-page booking-step">
            <p class="crumbs"><a href="/cars">{lang.pick("전기차 공유", "Car share")}</a>" › "<a href=back>{title}</a></p>
            <p class="step">{lang.pick("2단계 / 2단계", "Step 2 of 2")}</p>
            <h1>{lang.pick("요금과 예약 내용을 확인해 주세요", "Check the price and your booking")}</h1>
            <FormError/>
            {body}
        </section>
    }
    .into_any()
}

/// `/cars/licence?next=`: the licence form, or the licence already verified.
#[component]
pub fn LicencePage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let next = use_query_map().with_untracked(|q| q.get("next")).and_then(|n| domain::paths::local_path(&n).map(str::to_string)).unwrap_or_default();
    let current = Resource::new_blocking(|| (), |_| my_licence());
    view! {
        <Title text=lang.pick("운전면허 확인", "Verify your driving licence")/>
        <section class="wrap narrow form-page">
            <p class="crumbs"><a href="/cars">{lang.pick("전기차 공유", "Car share")}</a></p>
            <h1>{lang.pick("운전면허 확인", "Verify your driving licence")}</h1>
            <p class="lead">{lang.pick("만 21세 이상이고 면허를 딴 지 1년이 지났으면 차를 빌릴 수 있습니다. 면허 번호는 뒤 두 자리만 보관합니다.",
                "You can borrow a car if you are 21 or over and have held your licence for a year. Only the last two digits of the number are kept in view.")}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match current.await {
                        Ok(Some(l)) => view! {
                            <p class="notice-ok" data-testid="licence-status">{lang.pick("확인된 면허: ", "Verified: ")}{l.masked}
                                {lang.choose(format!(" ({}까지 유효)", l.expires_on), format!(" (valid until {})", l.expires_on))}</p>
                            <p>{lang.pick("면허를 갱신했다면 아래에서 다시 확인해 주세요.", "If you renewed your licence, verify it again below.")}</p>
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
            <FormError/>
            <form method="post" action="/api/verify_licence" class="stack-form" data-testid="licence-form">
                <crate::privacy::NoticeLink section="carshare"/>
                <input type="hidden" name="next" value=next/>
                <label for="number">{lang.pick("면허 번호", "Licence number")}</label>
                <p class="hint" id="number-hint">{lang.pick("예: 11-15-123456-78", "For example 11-15-123456-78")}</p>
                <input id="number" name="number" type="text" inputmode="numeric" autocomplete="off" required maxlength="20" aria-describedby="number-hint"/>
                <label for="issued_on">{lang.pick("발급일", "Issue date")}</label>
                <input id="issued_on" name="issued_on" type="date" required/>
                <label for="expires_on">{lang.pick("적성검사(갱신) 만료일", "Expiry date")}</label>
                <input id="expires_on" name="expires_on" type="date" required/>
                <label for="birth_date">{lang.pick("생년월일", "Date of birth")}</label>
                <input id="birth_date" name="birth_date" type="date" required autocomplete="bday"/>
                <button type="submit" class="button primary">{lang.pick("면허 확인", "Verify the licence")}</button>
            </form>
        </section>
    }
    .into_any()
}

/// `/cars/trips/:reference`: a trip's confirmation and what can still be done with it.
#[component]
pub fn TripPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let reference = param("reference");
    let done = query_param("done");
    let trip = Resource::new_blocking(move || reference.clone(), car_trip);
    view! {
        <Title text=lang.pick("차량 예약", "Car booking")/>
        <Suspense fallback=|| ()>
            {move || { let done = done.clone(); Suspend::new(async move {
                match trip.await {
                    Ok(view) => trip_view(view, &done, lang),
                    Err(e) => view! {
                        <section class="wrap narrow notice">
                            <h1>{lang.pick("예약을 찾을 수 없습니다", "Booking not found")}</h1>
                            {failed(&e, lang)}
                            <p><a href="/me/bookings">{lang.pick("내 예약으로", "My bookings")}</a></p>
                        </section>
                    }.into_any(),
                }
            })}}
        </Suspense>
    }
    .into_any()
}

fn trip_view(view: TripView, done: &str, lang: Lang) -> AnyView {
    let TripView { trip, car, cancel_fee, under_way, now } = view;
    let reference = trip.reference.to_string();
    let car_name = car_title(&car, lang);
    let is_car = trip.kind == ResourceKind::Car;
    let rules = trip.kind.rules();
    let message = match (done, trip.status) {
        ("extended", _) => Some(lang.pick("반납 시각을 늦췄습니다.", "The return time is now later.")),
        ("returned", _) => Some(lang.pick("반납했습니다. 남은 시간은 다른 주민이 예약할 수 있습니다.", "Returned. The rest of the time is free for others.")),
        (_, TripStatus::Booked) if trip.start > now => Some(lang.pick("예약했습니다. 예약 번호를 확인해 주세요.", "Booked. Keep your reference number.")),
        _ => None,
    };
    let cancel = cancel_fee.map(|fee| {
        let fee_text = if fee == 0 {
            lang.choose("지금 취소하면 수수료가 없습니다.".to_string(), "Cancelling now is free.".to_string())
        } else {
            lang.choose(format!("지금 취소하면 수수료 {}가 있습니다.", won(fee, lang)), format!("Cancelling now costs {}.", won(fee, lang)))
        };
        let action = if is_car { "/api/cancel_car" } else { "/api/cancel_parking" };
        view! {
            <h2>{lang.pick("취소", "Cancel")}</h2>
            <p data-testid="cancel-fee">{fee_text}</p>
            <form method="post" action=action class="inline-form" data-testid="cancel-form">
                <input type="hidden" name="reference" value=reference.clone()/>
                <button type="submit" class="button secondary">{lang.pick("예약 취소", "Cancel the booking")}</button>
            </form>
        }
    });
    let holds = trip.status == TripStatus::Booked && trip.end > now;
    let extend = (holds && is_car).then(|| {
        let suggested = local_text(trip.end.plus_minutes(60));
        view! {
            <h2 id="extend-heading">{lang.pick("반납 시각 늦추기", "Extend")}</h2>
            <form method="post" action="/api/extend_car" class="stack-form" data-testid="extend-form" aria-labelledby="extend-heading">
                <input type="hidden" name="reference" value=reference.clone()/>
                <label for="new-end">{lang.pick("새 반납 시각", "New return time")}</label>
                <input id="new-end" name="end" type="datetime-local" step=rules.step.whole_seconds().to_string() required
                    min=local_text(trip.end.plus_minutes(10)) value=suggested/>
                <button type="submit" class="button secondary">{lang.pick("늦추기", "Extend")}</button>
            </form>
        }
    });
    let give_back = (under_way && is_car).then(|| view! {
        <form method="post" action="/api/return_car" class="inline-form" data-testid="return-form">
            <input type="hidden" name="reference" value=reference.clone()/>
            <button type="submit" class="button secondary">{lang.pick("지금 반납하기", "Return it now")}</button>
        </form>
    });
    view! {
        <section class="wrap narrow booking-done">
            <p class="crumbs"><a href="/me/bookings">{lang.pick("내 예약", "My bookings")}</a></p>
            <h1>{if is_car { lang.pick("전기차 예약", "Car booking") } else { lang.pick("공유 주차 예약", "Parking booking") }}</h1>
            {message.map(|m| view! { <p class="notice-ok" role="status" data-testid="done">{m}</p> })}
            <FormError/>
            <dl class="facts" data-testid="trip">
                <dt>{lang.pick("예약 번호", "Reference")}</dt><dd data-testid="reference">{reference.clone()}</dd>
                <dt>{lang.pick("상태", "Status")}</dt><dd data-testid="status">{trip_status_label(trip.status, lang)}</dd>
                <dt>{if is_car { lang.pick("차량", "Car") } else { lang.pick("주차면", "Space") }}</dt><dd>{car_name}</dd>
                <dt>{lang.pick("장소", "Where")}</dt><dd>{car.place(lang).to_string()}</dd>
                <dt>{lang.pick("시간", "Time")}</dt><dd>{when_label(trip.start, trip.end, lang)}</dd>
                <dt>{lang.pick("요금", "Price")}</dt><dd data-testid="price">{won(trip.price_krw, lang)}</dd>
                {(trip.fee_krw > 0).then(|| view! { <dt>{lang.pick("취소 수수료", "Cancellation fee")}</dt><dd>{won(trip.fee_krw, lang)}</dd> })}
                {(!trip.note.is_empty()).then(|| view! { <dt>{lang.pick("취소 사유", "Why it was cancelled")}</dt><dd>{trip.note.clone()}</dd> })}
            </dl>
            <p class="hint" data-testid="settlement">{super::settlement_note(lang)}</p>
            {give_back}
            {extend}
            {cancel}
            <p><a href="/me/bookings">{lang.pick("내 예약 모두 보기", "All my bookings")}</a></p>
        </section>
    }
    .into_any()
}

/// The account's car and parking trips in "my bookings", each with its reference and a link to
/// its page (where it is cancelled, extended or returned).
#[component]
pub fn TripList(trips: Vec<TripView>, lang: Lang) -> impl IntoView {
    view! {
        <h2>{lang.pick("전기차·공유 주차", "Cars and parking")}</h2>
        {if trips.is_empty() {
            view! { <p data-testid="no-trips">{lang.pick("차량이나 주차 예약이 없습니다. ", "No car or parking bookings. ")}
                <a href="/cars">{lang.pick("전기차 예약하기", "Book a car")}</a></p> }.into_any()
        } else {
            view! {
                <ul class="booking-list" data-testid="trips">
                    {trips.into_iter().map(|v| {
                        let t = &v.trip;
                        let reference = t.reference.to_string();
                        let kind = if t.kind == ResourceKind::Car { lang.pick("전기차", "Electric car") } else { lang.pick("공유 주차", "Shared parking") };
                        view! {
                            <li class="booking-card" data-testid="trip" data-reference=reference.clone() data-status=t.status.slug()>
                                <p class="booking-kind">{kind}</p>
                                <h3><a href=format!("/cars/trips/{reference}")>{car_title(&v.car, lang)}</a></h3>
                                <dl class="facts compact">
                                    <dt>{lang.pick("예약 번호", "Reference")}</dt><dd class="reference">{reference.clone()}</dd>
                                    <dt>{lang.pick("일시", "When")}</dt><dd>{when_label(t.start, t.end, lang)}</dd>
                                    <dt>{lang.pick("요금", "Price")}</dt><dd data-testid="trip-price">{won(t.price_krw, lang)}</dd>
                                    {(t.fee_krw > 0).then(|| view! { <dt>{lang.pick("취소 수수료", "Cancellation fee")}</dt><dd>{won(t.fee_krw, lang)}</dd> })}
                                    <dt>{lang.pick("상태", "Status")}</dt><dd data-testid="trip-status">{trip_status_label(t.status, lang)}</dd>
                                </dl>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="hint">{super::settlement_note(lang)}</p>
            }.into_any()
        }}
    }
}
