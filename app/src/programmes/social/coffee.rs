//! Coffee Jigi's pages: `/programmes/coffee-jigi` (who runs it, where each of its places is open
//! now, the menu with prices), `/programmes/coffee-jigi/catering` (the catering request, a plain
//! POST form) and `/me/applications/catering/{reference}` (one request with staff's answer and the
//! resident's accept / withdraw forms). Another account's request is not found.

use super::api::{my_catering, social_now};
use super::{catering_badge, demo_note};
use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::facilities::booking::query_param;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use domain::lang::won;
use domain::programmes::social::coffee::{catering_rules, earliest_catering_day, menu_on, CateringState, MenuKind, NAME_EN, NAME_KO, RUN_BY_EN, RUN_BY_KO};
use domain::programmes::social::hours::{hours_on, open_now, open_text, Place};
use domain::programmes::social::Catering;
use domain::sessions::day_label;
use domain::{Lang, SeoulTime};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CoffeeJigiPage() -> impl IntoView {
    let lang = use_lang();
    let now = Resource::new_blocking(|| (), |_| social_now());
    view! {
        <Title text=lang.pick("커피지기 자활카페", "Coffee Jigi self-support café")/>
        <crate::Description ko="커피지기: 서대문지역자활센터 카페 사업단. 푸드트럭과 카페가 지금 열었는지, 메뉴와 가격, 회의·교육·워크숍 케이터링 신청."
            en="Coffee Jigi, the Seodaemun Self-Support Center's café group: where the food truck and cafés are open now, the menu and prices, catering for meetings and workshops."/>
        <section class="wrap programme social">
            <p class="crumbs"><a href="/programmes">{lang.pick("지원 사업", "District programmes")}</a></p>
            <h1>{lang.pick("커피지기 자활카페", "Coffee Jigi self-support café")}</h1>
            <p class="lead">{lang.pick(
                "커피지기는 서대문지역자활센터의 카페 사업단으로, 저소득 주민 10여 명이 함께 일합니다. 샌드위치와 음료, 커피를 매일 새로 만듭니다.",
                "Coffee Jigi is the Seodaemun Regional Self-Support Center's café business group: about ten low-income residents working together. Sandwiches, drinks and coffee are made fresh every day.")}</p>
            {demo_note(lang)}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match now.await {
                        Ok(now) => coffee_view(now, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn coffee_view(now: SeoulTime, lang: Lang) -> AnyView {
    let places = Place::COFFEE_JIGI.into_iter().map(|place| {
        let state = open_now(place, now);
        let hours = hours_on(place, now.date()).map(|h| h.text(lang)).unwrap_or_default();
        let class = if state.is_open() { "place-card open" } else { "place-card closed" };
        view! {
            <li class=class data-testid="coffee-place" data-place=place.slug() data-open=state.is_open().to_string()>
                <h3>{place.name(lang)}</h3>
                <p class="open-now"><strong>{open_text(state, now, lang)}</strong></p>
                <p class="muted">{place.whereabouts(lang)}</p>
                <p>{hours}</p>
            </li>
        }
    }).collect_view();
    let menu = menu_on(now.date());
    let sections = MenuKind::ALL.into_iter().map(|kind| {
        let rows = menu.iter().filter(|i| i.kind == kind).map(|i| view! {
            <tr><th scope="row">{i.name(lang)}</th><td class="num">{won(i.price_krw, lang)}</td></tr>
        }).collect_view();
        view! {
            <table class="data-table menu-table">
                <caption>{kind.label(lang)}</caption>
                <thead><tr><th scope="col">{lang.pick("메뉴", "Item")}</th><th scope="col">{lang.pick("가격", "Price")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    }).collect_view();
    view! {
        <dl class="facts">
            <dt>{lang.pick("운영", "Run by")}</dt><dd>{lang.pick(RUN_BY_KO, RUN_BY_EN)}</dd>
        </dl>
        <h2>{lang.pick("지금 어디서 열었나요", "Where it is open now")}</h2>
        <p class="muted">{match lang { Lang::Ko => format!("서울 시각 {} 기준", now.clock_text()), Lang::En => format!("As of {} Seoul time", now.clock_text()) }}</p>
        <ul class="place-cards" data-testid="coffee-places">{places}</ul>
        <h2>{lang.pick("메뉴와 가격", "Menu and prices")}</h2>
        <div class="menu-tables" data-testid="menu">{sections}</div>
        <h2>{lang.pick("단체 케이터링", "Catering for groups")}</h2>
        <p>{match lang {
            Lang::Ko => format!("회의, 교육, 워크숍에 커피와 샌드위치를 준비해 드립니다. {}–{}명, 근무일 기준 {}일 전까지 신청해 주세요. 지금 신청하면 가장 빠른 날짜는 {}입니다.",
                catering_rules(now.date()).min_heads, catering_rules(now.date()).max_heads, catering_rules(now.date()).working_days_ahead, day_label(earliest_catering_day(now.date()), lang)),
            Lang::En => format!("Coffee and sandwiches for meetings, trainings and workshops: {} to {} people, asked at least {} working days ahead. Asked now, the earliest date is {}.",
                catering_rules(now.date()).min_heads, catering_rules(now.date()).max_heads, catering_rules(now.date()).working_days_ahead, day_label(earliest_catering_day(now.date()), lang)),
        }}</p>
        <p><a class="button primary" href="/programmes/coffee-jigi/catering" data-testid="catering-link">{lang.pick("케이터링 신청하기", "Ask for catering")}</a></p>
    }
    .into_any()
}

#[component]
pub fn CateringPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let now = Resource::new_blocking(|| (), |_| social_now());
    view! {
        <Title text=lang.pick("커피지기 케이터링 신청", "Ask Coffee Jigi for catering")/>
        <section class="wrap narrow form-page social">
            <p class="crumbs"><a href="/programmes">{lang.pick("지원 사업", "District programmes")}</a>" › "
                <a href="/programmes/coffee-jigi">{lang.pick(NAME_KO, NAME_EN)}</a></p>
            <h1>{lang.pick("케이터링 신청", "Ask for catering")}</h1>
            {demo_note(lang)}
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match now.await {
                        Ok(now) => catering_form(now, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn catering_form(now: SeoulTime, lang: Lang) -> AnyView {
    let rules = catering_rules(now.date());
    let earliest = earliest_catering_day(now.date());
    let (hm, lm) = (format!("{:02}:{:02}", rules.earliest.0, rules.earliest.1), format!("{:02}:{:02}", rules.latest.0, rules.latest.1));
    let sets = rules.sets.iter().enumerate().map(|(i, set)| {
        let (name, id) = (format!("set{}", i + 1), format!("set-{}", set.slug));
        view! {
            <li class="choice">
                <input type="checkbox" id=id.clone() name=name value=set.slug/>
                <label for=id>{set.name(lang)}" "<span class="muted">{match lang {
                    Lang::Ko => format!("(1인 {})", won(set.per_person_krw, lang)),
                    Lang::En => format!("({} a person)", won(set.per_person_krw, lang)),
                }}</span></label>
            </li>
        }
    }).collect_view();
    view! {
        <form method="post" action="/api/request_catering" class="stack-form" data-testid="catering-form">
            <label for="catering-date">{lang.pick("날짜", "Date")}</label>
            <input id="catering-date" name="date" type="date" required min=earliest.to_string() value=earliest.to_string() aria-describedby="catering-date-hint"/>
            <p class="hint" id="catering-date-hint">{match lang {
                Lang::Ko => format!("근무일 기준 {}일 뒤부터(주말·공휴일 제외): {} 이후", rules.working_days_ahead, day_label(earliest, lang)),
                Lang::En => format!("At least {} working days ahead (weekends and holidays not counted): {} or later", rules.working_days_ahead, day_label(earliest, lang)),
            }}</p>
            <label for="catering-time">{lang.pick("시간", "Time")}</label>
            <input id="catering-time" name="time" type="time" required min=hm.clone() max=lm.clone() step="1800" value="12:00" aria-describedby="catering-time-hint"/>
            <p class="hint" id="catering-time-hint">{match lang { Lang::Ko => format!("{hm}–{lm}, 30분 단위"), Lang::En => format!("{hm}–{lm}, on the hour or half hour") }}</p>
            <label for="catering-place">{lang.pick("장소", "Place")}</label>
            <input id="catering-place" name="place" type="text" required maxlength="100" autocomplete="off" placeholder=lang.pick("예: 서대문구청 3층 회의실", "e.g. Seodaemun-gu Office, 3rd-floor meeting room")/>
            <label for="catering-heads">{lang.pick("인원", "Head count")}</label>
            <input id="catering-heads" name="heads" type="number" required min=rules.min_heads.to_string() max=rules.max_heads.to_string() value="20" inputmode="numeric"/>
            <fieldset>
                <legend>{lang.pick("메뉴 (하나 이상)", "Menu (one or more)")}</legend>
                <ul class="choices">{sets}</ul>
            </fieldset>
            <label for="catering-budget">{lang.pick("예산(원)", "Budget (won)")}</label>
            <input id="catering-budget" name="budget" type="text" inputmode="numeric" required maxlength="16" autocomplete="off" placeholder="300,000"/>
            <label for="catering-contact">{lang.pick("담당자 이름", "Contact name")}</label>
            <input id="catering-contact" name="contact_name" type="text" required maxlength="40" autocomplete="name"/>
            <label for="catering-phone">{lang.pick("연락처", "Phone")}</label>
            <input id="catering-phone" name="contact_phone" type="tel" required maxlength="20" autocomplete="tel" placeholder="010-1234-5678"/>
            <label for="catering-note">{lang.pick("요청 사항 (선택)", "Anything else (optional)")}</label>
            <textarea id="catering-note" name="note" rows="3" maxlength="300"></textarea>
            <button type="submit" class="button primary">{lang.pick("케이터링 신청", "Send the request")}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn CateringRequestPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let reference = use_params_map().with_untracked(|p| p.get("reference").unwrap_or_default());
    let catering = Resource::new_blocking(move || reference.clone(), my_catering);
    view! {
        <Title text=lang.pick("케이터링 신청", "Catering request")/>
        <section class="wrap narrow booking-confirmation social">
            <p class="crumbs"><a href="/me/applications">{lang.pick("내 신청", "My applications")}</a></p>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match catering.await {
                        Ok(c) => catering_view(c, lang),
                        Err(AppError::NotFound) => view! { <crate::layout::NotFound/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// The request as staff and the resident read it.
pub fn catering_facts(c: &Catering, lang: Lang) -> impl IntoView {
    let r = &c.request;
    view! {
        <dl class="facts">
            <dt>{lang.pick("일시", "When")}</dt><dd>{format!("{} {}", day_label(r.date, lang), r.time)}</dd>
            <dt>{lang.pick("장소", "Place")}</dt><dd>{r.place.clone()}</dd>
            <dt>{lang.pick("인원", "Head count")}</dt><dd>{match lang { Lang::Ko => format!("{}명", r.heads), Lang::En => r.heads.to_string() }}</dd>
            <dt>{lang.pick("메뉴", "Menu")}</dt><dd>{r.set_names(lang).join(", ")}</dd>
            <dt>{lang.pick("예산", "Budget")}</dt><dd>{won(r.budget_krw, lang)}</dd>
            <dt>{lang.pick("정가 기준 예상", "At list prices")}</dt><dd>{won(r.estimate_krw(), lang)}</dd>
            <dt>{lang.pick("담당자", "Contact")}</dt><dd>{format!("{} · {}", r.contact_name, r.contact_phone)}</dd>
            {(!r.note.is_empty()).then(|| view! { <dt>{lang.pick("요청 사항", "Note")}</dt><dd>{r.note.clone()}</dd> })}
        </dl>
    }
}

fn catering_view(c: Catering, lang: Lang) -> AnyView {
    let heading = if query_param("sent").is_empty() { lang.pick("케이터링 신청", "Catering request") } else { lang.pick("케이터링을 신청했습니다", "Your catering request is sent") };
    let answer = match (c.state, c.quote_krw) {
        (CateringState::Quoted | CateringState::Accepted, Some(n)) => Some(match lang {
            Lang::Ko => format!("견적: {}. {}", won(n, lang), c.answer_note.clone().unwrap_or_default()),
            Lang::En => format!("Quote: {}. {}", won(n, lang), c.answer_note.clone().unwrap_or_default()),
        }),
        (CateringState::Refused, _) => Some(format!("{}: {}", lang.pick("맡기 어려운 사유", "Why not"), c.answer_note.clone().unwrap_or_default())),
        _ => None,
    };
    let form = |action: &'static str, label: &'static str, class: &'static str| {
        view! {
            <form method="post" action="/api/close_catering" class="inline-form">
                <input type="hidden" name="reference" value=c.reference.to_string()/>
                <input type="hidden" name="action" value=action/>
                <button type="submit" class=class>{label}</button>
            </form>
        }
    };
    let accept = (c.state == CateringState::Quoted).then(|| form("accept", lang.pick("견적 수락", "Accept the quote"), "button primary"));
    let withdraw = c.state.may_withdraw().is_ok().then(|| form("withdraw", lang.pick("신청 철회", "Withdraw the request"), "button secondary"));
    view! {
        <h1>{heading}</h1>
        <p class="lead">{lang.pick("신청 번호", "Reference")}" "<strong data-testid="reference">{c.reference.to_string()}</strong>" "{catering_badge(c.state, lang)}</p>
        {catering_facts(&c, lang)}
        {answer.map(|a| view! { <p class="notice-warn" data-testid="catering-answer">{a}</p> })}
        {(c.state == CateringState::Requested).then(|| view! {
            <p class="hint">{lang.pick("커피지기가 확인하고 견적이나 답변을 메시지로 보내 드립니다.", "Coffee Jigi will answer with a quote or a reply in your messages.")}</p>
        })}
        <div class="actions">{accept}{withdraw}</div>
    }
    .into_any()
}
