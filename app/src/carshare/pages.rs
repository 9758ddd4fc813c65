//! `/cars`: the district's electric cars with their next free windows, the rules and prices, and
//! the resident's licence; `/cars/:id`: one car's week as a visual timeline beside a table (the
//! table is the accessible view; nothing needs dragging) and the form that picks a time.
//! Schedules change with every booking: no page here is cached.

use super::api::{car_list, car_week, CarsOverview, WeekPlan, DayPlan, UseRow};
use super::car_title;
use crate::error::AppError;
use crate::facilities::booking::when_label;
use crate::i18n::use_lang;
use crate::kids_cafe::components::won;
use crate::kids_cafe::pages::failed;
use domain::carshare::window::local_text;
use domain::carshare::{price, FreeWindow, ResourceKind, UseKind};
use domain::sessions::day_label;
use domain::{Lang, SeoulTime};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn query(name: &'static str) -> Option<String> {
    use_query_map().with_untracked(|q| q.get(name))
}

#[component]
pub fn CarsPage() -> impl IntoView {
    let lang = use_lang();
    let list = Resource::new_blocking(|| (), |_| car_list());
    let verified = query("licence").is_some_and(|v| v == "verified");
    view! {
        <Title text=lang.pick("전기차 공유", "Electric car share")/>
        <crate::Description ko="구청 전기 관용차를 공무에 쓰지 않는 평일 저녁·밤과 주말에 주민이 빌려 씁니다. 10분 단위 예약, 밤 요금제 12,000원."
            en="Residents book the district's electric official cars on weekday evenings, at night and at weekends, when officials do not use them. 10-minute steps; KRW 12,000 a night."/>
        <section class="wrap cars">
            <h1>{lang.pick("전기차 공유", "Electric car share")}</h1>
            <p class="lead">{idle_hours(lang)}</p>
            {verified.then(|| view! {
                <p class="notice-ok" role="status" data-testid="done">{lang.pick("운전면허를 확인했습니다. 이제 차를 예약할 수 있습니다.", "Your driving licence is verified: you can book a car now.")}</p>
            })}
            <div class="kids-info">
                <CarRules lang/>
                <CarPrices lang/>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <CarCards list lang/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
            <h2>{lang.pick("다른 이동 수단", "Other ways to get around")}</h2>
            <ul class="link-list">
                <li><a href="/bikes">{lang.pick("공유 전기자전거 대여소", "Shared e-bike docks")}</a></li>
                <li><a href="/parking">{lang.pick("공유 주차장 (시간 단위 예약)", "Shared parking, booked by the hour")}</a></li>
            </ul>
        </section>
    }
}

/// When residents may have the cars, from the rules: after office hours until the charging buffer
/// before the next morning's office hours (08:00, not 08:30), all day on days off.
fn idle_hours(lang: Lang) -> String {
    let rules = ResourceKind::Car.rules();
    let clock = |(h, m): (u8, u8)| format!("{h:02}:{m:02}");
    let from = clock(rules.owner_until);
    let back_by = rules.owner_from.0 as i64 * 60 + rules.owner_from.1 as i64 - rules.buffer_after.whole_minutes();
    let until = format!("{:02}:{:02}", back_by / 60, back_by % 60);
    match lang {
        Lang::Ko => format!("구청 업무용 전기차를 공무가 없는 평일 {from}부터 다음 날 {until}까지(공무 시작 전 {}분은 충전), 주말과 공휴일에는 하루 종일 빌릴 수 있습니다.", rules.buffer_after.whole_minutes()),
        Lang::En => format!("The district's electric official cars are yours when officials do not need them: weekdays from {from} until {until} the next morning (they charge for {} minutes before office hours), and all day at weekends and on public holidays.", rules.buffer_after.whole_minutes()),
    }
}

#[component]
fn CarRules(lang: Lang) -> impl IntoView {
    let rules = [
        ("만 21세 이상, 운전면허를 딴 지 1년이 지난 주민이 이용합니다. 처음 한 번 면허를 확인합니다.", "For residents aged 21 or over who have held a driving licence for a year; the licence is checked once."),
        ("10분 단위로 최소 30분부터, 한 번에 최대 72시간, 14일 앞까지 예약합니다.", "Book in 10-minute steps, from 30 minutes up to 72 hours, up to 14 days ahead."),
        ("이용이 끝나면 30분 동안 충전합니다. 공무 시작 30분 전까지 반납해 주세요.", "Every trip is followed by 30 minutes of charging, so return the car 30 minutes before official use begins."),
        ("시작 1시간 전까지는 무료로 취소할 수 있고, 그 뒤에는 요금의 절반을 냅니다.", "Cancel free of charge until an hour before the start; after that, half the price."),
    ];
    view! {
        <div class="info-card">
            <h2>{lang.pick("이용 규칙", "Rules")}</h2>
            <ul>{rules.into_iter().map(|(ko, en)| view! { <li>{lang.pick(ko, en)}</li> }).collect_view()}</ul>
        </div>
    }
}

#[component]
fn CarPrices(lang: Lang) -> impl IntoView {
    let t = price::CARS;
    view! {
        <div class="info-card">
            <h2>{lang.pick("요금", "Prices")}</h2>
            <dl class="facts compact">
                <dt>{lang.pick("10분마다", "Every 10 minutes")}</dt><dd>{won(t.per_step, lang)}</dd>
                <dt>{lang.pick("밤 요금제 (18:30–08:30)", "Night package (18:30–08:30)")}</dt><dd>{lang.pick("최대 ", "at most ")}{won(t.night_package, lang)}</dd>
                <dt>{lang.pick("주말·공휴일 낮 (08:30–18:30)", "Weekend or holiday day (08:30–18:30)")}</dt><dd>{lang.pick("최대 ", "at most ")}{won(t.weekend_day, lang)}</dd>
            </dl>
            <p class="hint">{lang.pick("구간마다 시간 요금과 상한 중 싼 쪽을 받습니다. 요금은 예약 전에 보여 드리고 예약과 함께 저장합니다.",
                "Each period costs the cheaper of the time rate and its cap. You see the price before you confirm, and it is kept with the booking.")}</p>
        </div>
    }
}

#[component]
fn CarCards(list: CarsOverview, lang: Lang) -> impl IntoView {
    let licence = match (&list.licence, list.signed_in) {
        (Some(l), _) => view! {
            <p data-testid="licence-status">{lang.pick("확인된 운전면허: ", "Verified licence: ")}<strong>{l.masked.clone()}</strong>
                {lang.choose(format!(" ({}까지)", l.expires_on), format!(" (valid until {})", l.expires_on))}</p>
        }.into_any(),
        (None, true) => view! {
            <p data-testid="licence-status">{lang.pick("예약하려면 먼저 ", "To book, first ")}<a href="/cars/licence">{lang.pick("운전면허를 확인해 주세요", "verify your driving licence")}</a>"."</p>
        }.into_any(),
        (None, false) => view! {
            <p data-testid="licence-status"><a href=crate::accounts::log_in_href("/cars")>{lang.pick("로그인", "Log in")}</a>
                {lang.pick("하면 예약할 수 있습니다.", " to book.")}</p>
        }.into_any(),
    };
    view! {
        <h2>{lang.pick("차량", "Cars")}</h2>
        {licence}
        <ul class="district-list car-list" data-testid="cars">
            {list.cars.into_iter().map(|card| {
                let href = format!("/cars/{}", card.car.id);
                let range = card.car.range_km.map(|km| lang.choose(format!("주행 거리 {km}km"), format!("range {km} km")));
                view! {
                    <li class="card car-card" data-testid="car">
                        <h3><a href=href.clone()>{car_title(&card.car, lang)}</a></h3>
                        <p class="hint">{card.car.place(lang).to_string()}{range.map(|r| format!(" · {r}"))}</p>
                        <p class="free-label">{lang.pick("다음 빈 시간", "Next free times")}</p>
                        <FreeList free=card.free lang/>
                        <a class="button secondary" href=href>{lang.pick("일주일 일정과 예약", "Week and booking")}
                            <span class="visually-hidden">{format!(": {}", card.car.name(lang))}</span></a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn FreeList(free: Vec<FreeWindow>, lang: Lang) -> impl IntoView {
    if free.is_empty() {
        return view! { <p class="hint">{lang.pick("7일 안에 빈 시간이 없습니다.", "No free time in the next 7 days.")}</p> }.into_any();
    }
    view! {
        <ul class="free-list">
            {free.into_iter().map(|w| view! { <li>{when_label(w.start, w.end, lang)}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// `/cars/:id?from=YYYY-MM-DD`: a car's week and the time picker.
#[component]
pub fn CarPage() -> impl IntoView {
    let lang = use_lang();
    let car = use_params_map().with_untracked(|p| p.get("id")).unwrap_or_default();
    let from = query("from");
    let week = Resource::new_blocking(move || (car.clone(), from.clone()), |(car, from)| car_week(car, from));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match week.await {
                    Ok(week) => view! { <CarWeekView week lang/> }.into_any(),
                    Err(e @ AppError::NotFound) => view! {
                        <Title text=lang.pick("차량을 찾을 수 없습니다", "No such car")/>
                        <section class="wrap narrow notice">
                            <h1>{lang.pick("그런 차량이 없습니다", "There is no such car")}</h1>
                            {failed(&e, lang)}
                            <p><a href="/cars">{lang.pick("차량 목록으로", "Back to the cars")}</a></p>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <section class="wrap narrow">{failed(&e, lang)}</section> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn use_label(row: &UseRow, lang: Lang) -> &'static str {
    match (row.kind, &row.mine) {
        (UseKind::OwnerHours, _) => lang.pick("공무 (업무 시간)", "Official use (office hours)"),
        (UseKind::Official, _) => lang.pick("공무 출장", "Official trip"),
        (UseKind::Resident, Some(_)) => lang.pick("내 예약", "My booking"),
        (UseKind::Resident, None) => lang.pick("예약됨", "Booked"),
    }
}

fn use_class(row: &UseRow) -> &'static str {
    match (row.kind, &row.mine) {
        (UseKind::Resident, Some(_)) => "bar mine",
        (UseKind::Resident, None) => "bar booked",
        _ => "bar official",
    }
}

/// Where a moment falls in its day, in minutes from midnight (the end of a day is 1440).
fn day_minutes(t: SeoulTime, day: domain::IsoDate) -> u32 {
    if t.date() != day {
        return if t.date() < day { 0 } else { 1440 };
    }
    let time = t.instant().time();
    u32::from(time.hour()) * 60 + u32::from(time.minute())
}

fn clock_range(start: SeoulTime, end: SeoulTime, day: domain::IsoDate) -> String {
    let end_text = if end.date() != day { "24:00".to_string() } else { end.clock_text() };
    format!("{}–{end_text}", start.clock_text())
}

#[component]
fn CarWeekView(week: WeekPlan, lang: Lang) -> impl IntoView {
    let car = week.car.clone();
    let title = car_title(&car, lang);
    let rules = ResourceKind::Car.rules();
    let min = local_text(rules.round_up(week.now));
    let max = local_text(week.now.plus_minutes(14 * 24 * 60));
    let (start, end) = match week.suggestion {
        Some((start, end)) => (local_text(start), local_text(end)),
        None => (String::new(), String::new()),
    };
    let previous = (week.first_day > week.today).then(|| week.first_day.plus_days(-7).max(week.today));
    let next = (week.first_day.plus_days(7) <= week.today.plus_days(14)).then(|| week.first_day.plus_days(7));
    let id = car.id;
    view! {
        <Title text=title.clone()/>
        <section class="wrap car-week">
            <p class="crumbs"><a href="/cars">{lang.pick("전기차 공유", "Car share")}</a>" › "{title.clone()}</p>
            <h1>{title.clone()}</h1>
            <p class="lead">{car.place(lang).to_string()}{car.range_km.map(|km| lang.choose(format!(" · 주행 거리 {km}km"), format!(" · range {km} km")))}</p>
            <h2 id="book-heading">{lang.pick("시간 고르기", "Choose a time")}</h2>
            <form method="get" action=format!("/cars/{id}/check") class="stack-form time-form" data-testid="time-form" aria-labelledby="book-heading">
                <input type="hidden" name="car" value=id.to_string()/>
                <label for="start">{lang.pick("출발", "Start")}</label>
                <input id="start" name="start" type="datetime-local" step="600" required min=min.clone() max=max.clone() value=start aria-describedby="time-hint"/>
                <label for="end">{lang.pick("반납", "Return")}</label>
                <input id="end" name="end" type="datetime-local" step="600" required min=min max=max value=end aria-describedby="time-hint"/>
                <p class="hint" id="time-hint">{lang.pick("10분 단위, 최소 30분. 아래 빈 시간 안에서 골라 주세요.", "10-minute steps, at least 30 minutes, inside a free time below.")}</p>
                <button type="submit" class="button primary">{lang.pick("요금 확인", "Check the price")}</button>
            </form>
            <h2>{lang.pick("7일 일정", "The next 7 days")}</h2>
            <nav class="week-nav" aria-label=lang.pick("주 이동", "Weeks")>
                {previous.map(|d| view! { <a href=format!("/cars/{id}?from={d}")>{lang.pick("← 앞 주", "← Earlier")}</a> })}
                {next.map(|d| view! { <a href=format!("/cars/{id}?from={d}")>{lang.pick("다음 주 →", "Later →")}</a> })}
            </nav>
            <div class="timeline" aria-hidden="true">
                {week.days.iter().map(|d| view! { <TimelineDay day=d.clone() lang/> }).collect_view()}
                <p class="timeline-legend"><span class="bar official"></span>{lang.pick("공무", "Official")}
                    <span class="bar booked"></span>{lang.pick("예약됨", "Booked")}
                    <span class="bar mine"></span>{lang.pick("내 예약", "Mine")}
                    <span class="bar free"></span>{lang.pick("예약 가능", "Free")}</p>
            </div>
            <div class="table-scroll" role="region" aria-labelledby="week-table-caption" tabindex="0">
                <table class="data-table week-table" data-testid="week-table">
                    <caption id="week-table-caption">{lang.choose(format!("{title}의 날짜별 일정"), format!("{title}: day by day"))}</caption>
                    <thead><tr>
                        <th scope="col">{lang.pick("날짜", "Day")}</th>
                        <th scope="col">{lang.pick("사용 중", "In use")}</th>
                        <th scope="col">{lang.pick("예약 가능한 시간", "Free to book")}</th>
                    </tr></thead>
                    <tbody>
                        {week.days.into_iter().map(|d| view! { <DayRow day=d lang/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// One day of the timeline: an SVG strip a day wide (1,440 minutes), so no inline style is needed
/// (the Content-Security-Policy allows none); the table beside it says the same in words.
#[component]
fn TimelineDay(day: DayPlan, lang: Lang) -> impl IntoView {
    let date = day.date;
    let bar = move |class: &'static str, start: SeoulTime, end: SeoulTime| {
        let (left, right) = (day_minutes(start, date), day_minutes(end, date));
        view! { <rect class=class x=left.to_string() y="0" width=right.saturating_sub(left).max(4).to_string() height="10"></rect> }
    };
    view! {
        <div class="timeline-day">
            <span class="timeline-date">{day_label(date, lang)}</span>
            <svg class="timeline-track" viewBox="0 0 1440 10" preserveAspectRatio="none" focusable="false">
                {day.free.iter().map(|w| bar("bar free", w.start, w.end)).collect_view()}
                {day.uses.iter().map(|u| bar(use_class(u), u.start, u.end)).collect_view()}
            </svg>
        </div>
    }
}

#[component]
fn DayRow(day: DayPlan, lang: Lang) -> impl IntoView {
    let date = day.date;
    let uses = if day.uses.is_empty() {
        view! { <span class="hint">{lang.pick("없음", "None")}</span> }.into_any()
    } else {
        view! {
            <ul class="plain">
                {day.uses.iter().map(|u| {
                    let label = use_label(u, lang);
                    let link = u.mine.clone().map(|r| view! { " " <a href=format!("/cars/trips/{r}")>{r.clone()}</a> });
                    view! { <li>{format!("{} {label}", clock_range(u.start, u.end, date))}{link}</li> }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    let free = if day.free.is_empty() {
        view! { <span class="hint">{lang.pick("없음", "None")}</span> }.into_any()
    } else {
        view! {
            <ul class="plain">
                {day.free.iter().map(|w| view! { <li>{clock_range(w.start, w.end, date)}</li> }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        <tr data-testid="day-row">
            <th scope="row">{day_label(date, lang)}</th>
            <td>{uses}</td>
            <td>{free}</td>
        </tr>
    }
}
