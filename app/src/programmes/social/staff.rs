//! `/staff/social`: the desk for the thrift store and Coffee Jigi. Drop-offs from today on (and
//! any received one whose receipt waits) with a form to mark the items received and one to issue
//! the asked receipt; catering requests, the waiting ones first, each with a form to quote or
//! refuse. Plain POST forms (JavaScript off works); staff only.

use super::api::{social_desk, DeskView};
use super::coffee::catering_facts;
use super::{catering_badge, dropoff_badge};
use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::facilities::booking::query_param;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use crate::me::when;
use domain::lang::won;
use domain::programmes::social::coffee::CateringState;
use domain::programmes::social::{Catering, Dropoff};
use domain::seats::BookingStatus;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn StaffSocialPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let desk = Resource::new_blocking(|| (), |_| social_desk());
    view! {
        <Title text=lang.pick("사회적경제 업무", "Social economy desk")/>
        <section class="wrap staff social">
            <p class="crumbs"><a href="/staff">{lang.pick("직원 업무", "Staff desk")}</a></p>
            <h1>{lang.pick("사회적경제 업무", "Social economy desk")}</h1>
            <FormError/>
            // only a reference's shape is echoed: an address anyone can send puts no words here
            {domain::seats::BookingRef::parse(&query_param("done")).map(|done| view! {
                <p class="notice-ok" role="status" data-testid="desk-done">{lang.pick("처리했습니다: ", "Done: ")}{done.to_string()}</p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match desk.await {
                        Ok(desk) => desk_view(desk, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn desk_view(desk: DeskView, lang: Lang) -> AnyView {
    let dropoffs = if desk.dropoffs.is_empty() {
        view! { <p data-testid="no-dropoffs">{lang.pick("예약된 방문이 없습니다.", "No drop-offs are booked.")}</p> }.into_any()
    } else {
        view! { <ul class="booking-list" data-testid="desk-dropoffs">{desk.dropoffs.iter().map(|d| dropoff_row(d, lang)).collect_view()}</ul> }.into_any()
    };
    let caterings = if desk.caterings.is_empty() {
        view! { <p data-testid="no-caterings">{lang.pick("케이터링 신청이 없습니다.", "No catering requests.")}</p> }.into_any()
    } else {
        view! { <ul class="booking-list" data-testid="desk-caterings">{desk.caterings.iter().map(|c| catering_row(c, lang)).collect_view()}</ul> }.into_any()
    };
    view! {
        <h2 id="dropoffs">{lang.pick("영희네 나눔가게 방문과 영수증", "Thrift-store drop-offs and receipts")}</h2>
        <p class="hint">{lang.pick("물품을 받으면 ‘받음 확인’을 누르고, 영수증을 신청한 방문은 받은 뒤 발급합니다. 번호는 해마다 1번부터 붙습니다.",
            "Mark a drop-off received when its items arrive; a receipt asked for it can then be issued. Numbers start from 1 each year.")}</p>
        {dropoffs}
        <h2 id="catering">{lang.pick("커피지기 케이터링 신청", "Coffee Jigi catering requests")}</h2>
        {caterings}
    }
    .into_any()
}

fn action_form(reference: String, action: &'static str, label: String) -> impl IntoView {
    view! {
        <form method="post" action="/api/handle_dropoff" class="inline-form">
            <input type="hidden" name="reference" value=reference/>
            <input type="hidden" name="action" value=action/>
            <button type="submit" class="button small">{label}</button>
        </form>
    }
}

fn dropoff_row(d: &Dropoff, lang: Lang) -> impl IntoView {
    let reference = d.reference.to_string();
    let receive = (d.status == BookingStatus::Booked)
        .then(|| action_form(reference.clone(), "receive", format!("{} {}", lang.pick("받음 확인", "Mark received"), reference)));
    let waiting = d.receipt.as_ref().is_some_and(|r| r.number.is_none());
    let issue = (waiting && d.received()).then(|| action_form(reference.clone(), "issue", format!("{} {}", lang.pick("영수증 발급", "Issue receipt"), reference)));
    let receipt = d.receipt.as_ref().map(|r| {
        let number = r.number.clone().map(|n| format!(" · {n}")).unwrap_or_default();
        view! { <p>{lang.pick("영수증", "Receipt")}": "{format!("{} ({}) · {}{number}", r.request.name, r.request.donor.identifier(), won(r.request.total_krw(), lang))}</p> }
    });
    view! {
        <li class="booking-card" data-testid="desk-dropoff" data-reference=reference.clone()>
            <h3>{format!("{} · {}", when(d.starts_at, d.ends_at, lang), d.resident)}</h3>
            <p><strong>{reference.clone()}</strong>" "{dropoff_badge(d, lang)}</p>
            {receipt}
            <div class="actions">{receive}{issue}</div>
        </li>
    }
}

fn catering_row(c: &Catering, lang: Lang) -> impl IntoView {
    let reference = c.reference.to_string();
    let answered = c.quote_krw.map(|n| won(n, lang)).into_iter().chain(c.answer_note.clone()).collect::<Vec<_>>().join(" · ");
    let form = (c.state == CateringState::Requested).then(|| {
        let (quote_id, refuse_id, amount_id, note_id) =
            (format!("quote-{reference}"), format!("refuse-{reference}"), format!("amount-{reference}"), format!("note-{reference}"));
        view! {
            <form method="post" action="/api/answer_catering" class="stack-form" data-testid="answer-form">
                <input type="hidden" name="reference" value=reference.clone()/>
                <fieldset>
                    <legend>{format!("{} {}", lang.pick("답변", "Answer"), reference)}</legend>
                    <ul class="choices">
                        <li class="choice"><input type="radio" name="outcome" id=quote_id.clone() value="quote" required/>
                            <label for=quote_id>{lang.pick("견적 보내기", "Send a quote")}</label></li>
                        <li class="choice"><input type="radio" name="outcome" id=refuse_id.clone() value="refuse"/>
                            <label for=refuse_id>{lang.pick("거절", "Refuse")}</label></li>
                    </ul>
                </fieldset>
                <label for=amount_id.clone()>{lang.pick("견적 금액(원)", "Quote (won)")}</label>
                <input id=amount_id name="amount" type="text" inputmode="numeric" maxlength="16" autocomplete="off" value=c.request.estimate_krw().to_string()/>
                <label for=note_id.clone()>{lang.pick("메모 또는 거절 사유", "Note, or the reason for refusing")}</label>
                <textarea id=note_id name="note" rows="2" maxlength="300"></textarea>
                <button type="submit" class="button primary">{format!("{} {}", lang.pick("답변 보내기", "Send the answer"), reference)}</button>
            </form>
        }
    });
    view! {
        <li class="booking-card" data-testid="desk-catering" data-reference=reference.clone()>
            <h3>{format!("{} · {}", reference, c.resident)}</h3>
            <p>{catering_badge(c.state, lang)}{(!answered.is_empty()).then(|| format!(" {answered}"))}</p>
            {catering_facts(c, lang)}
            {form}
        </li>
    }
}
