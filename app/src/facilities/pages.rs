//! The facility pages: every public room, hall and court (`/facilities`), and one facility's rules
//! and slots of a day (`/facilities/:slug?date=`). Slots change: no page here is cached.

use super::api::{facility_day, facility_list, DaySlots};
use crate::i18n::use_lang;
use crate::kids_cafe::components::{opens_label, won};
use crate::kids_cafe::pages::failed;
use crate::status::set_status;
use domain::facilities::{Facility, FacilitySlug};
use domain::seats::{Availability, SessionSeats};
use domain::sessions::day_label;
use domain::{IsoDate, Lang, SeoulTime};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn group_label(f: &Facility, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{}~{}명", f.min_group, f.max_group),
        Lang::En => format!("{}–{} people", f.min_group, f.max_group),
    }
}

fn slot_label(f: &Facility, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{}분 단위 ({:02}:00~{:02}:00)", f.slot_minutes, f.opens_hour, f.closes_hour),
        Lang::En => format!("{}-minute slots ({:02}:00–{:02}:00)", f.slot_minutes, f.opens_hour, f.closes_hour),
    }
}

#[component]
fn FacilityFacts(facility: Facility, lang: Lang) -> impl IntoView {
    view! {
        <dl class="facts compact">
            <dt>{lang.pick("종류", "Kind")}</dt><dd>{facility.kind.label(lang)}</dd>
            <dt>{lang.pick("장소", "Where")}</dt><dd>{facility.place(lang).to_string()}</dd>
            <dt>{lang.pick("인원", "Group")}</dt><dd>{group_label(&facility, lang)}</dd>
            <dt>{lang.pick("이용료", "Fee")}</dt>
            <dd>{match (facility.fee_krw, lang) { (0, l) => won(0, l), (n, Lang::Ko) => format!("1회 {}", won(n, lang)), (n, Lang::En) => format!("{} per slot", won(n, lang)) }}</dd>
            <dt>{lang.pick("이용 시간", "Slots")}</dt><dd>{slot_label(&facility, lang)}</dd>
        </dl>
    }
}

#[component]
pub fn FacilitiesPage() -> impl IntoView {
    let lang = use_lang();
    let list = Resource::new_blocking(|| (), |_| facility_list());
    view! {
        <Title text=lang.pick("공공시설 예약", "Public facilities")/>
        <crate::Description ko="우리 구의 회의실, 강당, 체육시설을 시간 단위로 예약하세요." en="Book the district's meeting rooms, halls and sports courts by the slot."/>
        <section class="wrap facilities">
            <h1>{lang.pick("공공시설 예약", "Public rooms, halls and courts")}</h1>
            <p class="lead">{lang.pick("시설마다 이용 시간 단위, 인원, 이용료가 다릅니다. 예약은 14일 앞까지 받습니다.",
                "Each facility has its own slot length, group size and fee. Slots can be booked up to 14 days ahead.")}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! {
                            <ul class="district-list">
                                {list.into_iter().map(|f| view! {
                                    <li class="district-card" data-testid="facility">
                                        <h2 class="card-title"><a href=format!("/facilities/{}", f.slug.as_str())>{f.name(lang).to_string()}</a></h2>
                                        <FacilityFacts facility=f.clone() lang/>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// What the facility page was asked: a facility (or none: not found) and a day (or a refused one).
type DayAsked = Option<(FacilitySlug, Result<Option<IsoDate>, ()>)>;

#[component]
pub fn FacilityPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let asked = move || -> DayAsked {
        let slug = FacilitySlug::parse(&params.read().get("slug").unwrap_or_default())?;
        let date = query.read().get("date").map(|d| IsoDate::parse(&d).ok_or(())).transpose();
        Some((slug, date))
    };
    let day = Resource::new_blocking(asked, |asked| async move {
        match asked {
            Some((slug, Ok(date))) => facility_day(slug, date).await.map(|d| d.map(Ok)),
            Some((_, Err(()))) => Ok(Some(Err(()))),
            None => Ok(None),
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match day.await {
                    Ok(None) => view! { <crate::layout::NotFound/> }.into_any(),
                    Ok(Some(Ok(day))) => view! { <FacilityDayView day lang/> }.into_any(),
                    Ok(Some(Err(()))) => bad_date(lang),
                    Err(e) => view! { <section class="wrap">{failed(&e, lang)}</section> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn bad_date(lang: Lang) -> AnyView {
    set_status(400);
    view! {
        <Title text=lang.pick("잘못된 날짜", "Unknown date")/>
        <section class="wrap notice">
            <h1>{lang.pick("날짜를 읽을 수 없습니다", "That date cannot be read")}</h1>
            <p class="error" role="alert" data-testid="page-error">
                {lang.pick("날짜는 2026-11-28처럼 실제 있는 날짜로 적어 주세요.", "Write the date as a day that exists, like 2026-11-28.")}
            </p>
            <p><a href="/facilities">{lang.pick("공공시설 목록으로", "Back to the facilities")}</a></p>
        </section>
    }
    .into_any()
}

#[component]
fn FacilityDayView(day: DaySlots, lang: Lang) -> impl IntoView {
    let DaySlots { facility, date, today: _, now, slots } = day;
    let name = facility.name(lang).to_string();
    let day_href = |d: IsoDate| format!("/facilities/{}?date={d}", facility.slug.as_str());
    view! {
        <Title text=name.clone()/>
        <section class="wrap facility">
            <p class="crumbs"><a href="/facilities">{lang.pick("공공시설", "Facilities")}</a>" › "{name.clone()}</p>
            <h1>{name}</h1>
            <div class="kids-info">
                <section class="kids-prices" aria-labelledby="facility-facts-title">
                    <h2 id="facility-facts-title">{lang.pick("이용 안내", "At a glance")}</h2>
                    <FacilityFacts facility=facility.clone() lang/>
                </section>
                <section class="kids-rules" aria-labelledby="facility-rules-title">
                    <h2 id="facility-rules-title">{lang.pick("이용 규칙", "Rules")}</h2>
                    <p>{facility.rules(lang).to_string()}</p>
                </section>
            </div>
            <nav class="week-nav" aria-label=lang.pick("날짜 이동", "Days")>
                <a class="page" rel="prev" href=day_href(date.plus_days(-1))>{lang.pick("← 전날", "← Previous day")}</a>
                <h2 class="week-range" data-testid="facility-date">{day_label(date, lang)}</h2>
                <a class="page" rel="next" href=day_href(date.plus_days(1))>{lang.pick("다음 날 →", "Next day →")}</a>
            </nav>
            {if slots.is_empty() {
                view! { <p class="muted no-sessions">{lang.pick("이 날은 예약할 수 있는 시간이 없습니다.", "No slots on this day.")}</p> }.into_any()
            } else {
                view! { <ul class="sessions slots">{slots.into_iter().map(|slot| view! { <SlotCell session=slot now lang/> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn SlotCell(session: SessionSeats, now: SeoulTime, lang: Lang) -> impl IntoView {
    let time = format!("{}–{}", session.starts_at.clock_text(), session.ends_at.clock_text());
    let (class, state, bookable) = match session.availability(now) {
        Availability::Bookable { .. } => ("session bookable", lang.pick("예약 가능", "Free").to_string(), true),
        Availability::NotOpenYet { opens_at } => ("session soon", opens_label(opens_at, lang), false),
        Availability::Full => ("session full", lang.pick("예약됨", "Booked").to_string(), false),
        Availability::Closed => ("session closed", lang.pick("운영 안 함", "Closed").to_string(), false),
        Availability::Past => ("session past", lang.pick("지난 시간", "Past").to_string(), false),
    };
    let href = format!("/facilities/book?session={}", session.id);
    view! {
        <li class=class data-testid="slot">
            <span class="session-time">{time.clone()}</span>
            <span class="session-state" data-session=session.id.get()>{state}</span>
            {bookable.then(|| view! {
                <a class="button book" href=href>{lang.pick("예약하기", "Book")}<span class="visually-hidden">{format!(" {time}")}</span></a>
            })}
        </li>
    }
}
