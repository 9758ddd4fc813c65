//! `/programmes/thrift-store`: Yeonghee's Thrift Store — whether it is open now (Seoul time, public
//! holidays from the car share's list), what it takes and refuses, how to get there, and the
//! drop-off slots of a day with a plain form per slot (JavaScript off works) that books one
//! through the seat engine. `?date=` picks the day (a GET form); the receipt is asked for on the
//! drop-off's own page afterwards.

use super::api::{thrift_day, SlotView, DropoffDay};
use super::demo_note;
use crate::accounts::flash::FormError;
use crate::accounts::{current_viewer, log_in_href};
use crate::facilities::booking::query_param;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use domain::programmes::social::hours::{hours_on, open_now, open_text, Place};
use domain::programmes::social::thrift::{dropoff_rules, ACCEPTS, NAME_EN, NAME_KO, REFUSES, RUN_BY_EN, RUN_BY_KO};
use domain::sessions::day_label;
use domain::{IsoDate, Lang};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ThriftStorePage() -> impl IntoView {
    let lang = use_lang();
    let date = IsoDate::parse(&query_param("date"));
    let day = Resource::new_blocking(move || date, thrift_day);
    view! {
        <Title text=lang.pick(NAME_KO, NAME_EN)/>
        <crate::Description ko="영희네 나눔가게: 지금 열었는지, 받는 물품과 받지 않는 물품, 찾아가는 길. 기부 물품 방문을 예약하고 기부금 영수증을 신청하세요."
            en="Yeonghee's Thrift Store: whether it is open now, what it takes and refuses, how to get there. Book a drop-off and ask for a donation receipt."/>
        <section class="wrap programme social">
            <p class="crumbs"><a href="/programmes">{lang.pick("지원 사업", "District programmes")}</a></p>
            <h1>{lang.pick(NAME_KO, NAME_EN)}</h1>
            <p class="lead">{lang.pick(
                "기부받은 옷, 주방용품, 학용품을 싸게 파는 가게입니다. 수익금은 저소득 주민의 자립을 돕는 데 쓰입니다. 누구나 쓰지 않는 물건을 기부할 수 있고, 기부금 영수증을 발급해 드립니다.",
                "A shop selling donated clothes, kitchenware and school supplies cheaply; what it earns supports low-income residents' independence. Anyone may donate things they no longer use, and donation receipts are issued.")}</p>
            {demo_note(lang)}
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match day.await {
                        Ok(day) => store_view(day, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn store_view(day: DropoffDay, lang: Lang) -> AnyView {
    let now = day.now;
    let state = open_now(Place::ThriftStore, now);
    let hours = hours_on(Place::ThriftStore, now.date()).map(|h| h.text(lang)).unwrap_or_default();
    let class = if state.is_open() { "open-now open" } else { "open-now closed" };
    view! {
        <p class=class data-testid="open-now"><strong>{open_text(state, now, lang)}</strong>
            <span class="muted">{match lang { Lang::Ko => format!(" (서울 시각 {} 기준)", now.clock_text()), Lang::En => format!(" (Seoul time {})", now.clock_text()) }}</span></p>
        <dl class="facts" data-testid="store-facts">
            <dt>{lang.pick("운영 시간", "Hours")}</dt><dd>{hours}</dd>
            <dt>{lang.pick("주소", "Address")}</dt><dd>{Place::ThriftStore.whereabouts(lang)}</dd>
            <dt>{lang.pick("운영", "Run by")}</dt><dd>{lang.pick(RUN_BY_KO, RUN_BY_EN)}</dd>
        </dl>
        <div class="two-lists">
            <section aria-labelledby="accepts-title">
                <h2 id="accepts-title">{lang.pick("받는 물품", "What we take")}</h2>
                <ul data-testid="accepts">{ACCEPTS.iter().map(|(ko, en)| view! { <li>{lang.pick(ko, en)}</li> }).collect_view()}</ul>
            </section>
            <section aria-labelledby="refuses-title">
                <h2 id="refuses-title">{lang.pick("받지 않는 물품", "What we cannot take")}</h2>
                <ul data-testid="refuses">{REFUSES.iter().map(|(ko, en)| view! { <li>{lang.pick(ko, en)}</li> }).collect_view()}</ul>
            </section>
        </div>
        <h2>{lang.pick("찾아가는 길", "How to get there")}</h2>
        <p>{lang.pick(
            "서울 영등포구 디지털로 435, 대림1동 주민센터 근처입니다. 주민센터를 찾아오시면 가깝습니다. 물품은 상자나 봉투에 담아 가게 계산대에 맡겨 주세요.",
            "435 Digital-ro, Yeongdeungpo-gu, near the Daerim 1-dong community service centre: look for the centre and the shop is close by. Bring the items in a box or bag to the counter.")}" "
            <a href="https://map.kakao.com/?q=%EC%84%9C%EC%9A%B8%20%EC%98%81%EB%93%B1%ED%8F%AC%EA%B5%AC%20%EB%94%94%EC%A7%80%ED%84%B8%EB%A1%9C%20435" rel="noopener">
                {lang.pick("카카오맵에서 주소 찾기", "Find the address on Kakao Map")}</a></p>
        {dropoff_section(day, lang)}
        <h2>{lang.pick("기부금 영수증", "Donation receipts")}</h2>
        <ol class="steps">
            <li>{lang.pick("방문을 예약하고, 예약 화면에서 기부자 이름, 생년월일(또는 사업자등록번호), 물품과 신고 금액을 적어 영수증을 신청합니다.",
                "Book a drop-off, then on its page ask for the receipt: the donor's name, date of birth (or business number), the items and the value you declare.")}</li>
            <li>{lang.pick("가게에서 물품을 받으면 직원이 받음을 확인하고 번호가 있는 영수증을 발급합니다.",
                "When the shop receives the items, staff mark them received and issue a numbered receipt.")}</li>
            <li>{lang.pick("발급되면 메시지로 알려 드리고, 내 신청에서 보고 인쇄할 수 있습니다.",
                "You get a message, and you can see and print the receipt from My applications.")}</li>
        </ol>
    }
    .into_any()
}

fn dropoff_section(day: DropoffDay, lang: Lang) -> impl IntoView {
    let rules = dropoff_rules(day.now.date());
    let signed_in = current_viewer().is_some();
    let here = "/programmes/thrift-store#dropoff";
    let options = day.days.iter().map(|d| view! { <option value=d.to_string() selected=*d == day.day>{day_label(*d, lang)}</option> }).collect_view();
    let key = day.key.clone();
    let slots = day.slots.into_iter().map(|s| slot_row(s, &key, lang)).collect_view();
    let has_days = !day.days.is_empty();
    view! {
        <h2 id="dropoff">{lang.pick("기부 물품 방문 예약", "Book a drop-off")}</h2>
        <p>{match lang {
            Lang::Ko => format!("{}분 단위로, 한 시간대에 {}명까지 받습니다. {}일 앞까지 예약할 수 있고, 시작 30분 전까지 내 예약에서 취소할 수 있습니다. 한 계정이 다가오는 방문을 {}건까지 예약할 수 있습니다.",
                rules.slot_minutes, rules.per_slot, rules.days_ahead, rules.max_coming),
            Lang::En => format!("Slots of {} minutes, {} donors each, up to {} days ahead; cancel in My bookings until 30 minutes before. One account may hold {} coming drop-offs.",
                rules.slot_minutes, rules.per_slot, rules.days_ahead, rules.max_coming),
        }}</p>
        {(!signed_in).then(|| view! {
            <p class="notice-warn" data-testid="log-in-to-book">{lang.pick("예약하려면 먼저 로그인해 주세요. ", "Log in first to book. ")}
                <a href=log_in_href(here)>{lang.pick("로그인", "Log in")}</a></p>
        })}
        {has_days.then(|| view! {
            <form method="get" action="/programmes/thrift-store#dropoff" class="inline-form" data-testid="day-form">
                <label for="dropoff-day">{lang.pick("날짜", "Day")}</label>
                <select id="dropoff-day" name="date">{options}</select>
                <button type="submit" class="button small">{lang.pick("시간 보기", "Show times")}</button>
            </form>
        })}
        <h3>{day_label(day.day, lang)}</h3>
        {if has_days {
            view! { <ul class="slot-list" data-testid="dropoff-slots">{slots}</ul> }.into_any()
        } else {
            view! { <p data-testid="no-slots">{lang.pick("예약할 수 있는 시간이 없습니다.", "No slots can be booked now.")}</p> }.into_any()
        }}
    }
}

fn slot_row(s: SlotView, key: &str, lang: Lang) -> impl IntoView {
    let time = format!("{}–{}", s.starts_at.clock_text(), s.ends_at.clock_text());
    let left = match lang {
        Lang::Ko => format!("{}자리 남음", s.left),
        Lang::En => format!("{} left", s.left),
    };
    let action = if s.bookable && s.left > 0 {
        view! {
            <form method="post" action="/api/book_dropoff" class="slot-form">
                <input type="hidden" name="session" value=s.session.to_string()/>
                <input type="hidden" name="key" value=format!("{key}-{}", s.session)/>
                <button type="submit" class="button small">{lang.pick("예약", "Book")}<span class="visually-hidden">{format!(" {time}")}</span></button>
            </form>
        }
        .into_any()
    } else {
        let why = if s.bookable { lang.pick("마감", "Full") } else { lang.pick("지남", "Past") };
        view! { <span class="muted">{why}</span> }.into_any()
    };
    view! {
        <li class="slot" data-testid="dropoff-slot" data-session=s.session.to_string()>
            <span class="slot-time">{time.clone()}</span>
            <span class="muted">{left}</span>
            {action}
        </li>
    }
}
