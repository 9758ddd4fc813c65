//! `/me/applications/dropoff/{reference}`: one of the resident's thrift-store drop-offs. Before a
//! receipt is asked, the form that asks for it (a plain POST form: up to five item rows); once
//! asked, what was asked and where it stands; once issued, the receipt itself, laid out to print
//! alone (the print stylesheet in `style/main.css` hides the rest of the page). Another account's
//! drop-off is not found.

use super::api::my_dropoff;
use super::{demo_note, dropoff_badge};
use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::facilities::booking::query_param;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use crate::me::when;
use domain::lang::won;
use domain::programmes::social::hours::Place;
use domain::programmes::social::thrift::{dropoff_rules, Donor, NAME_EN, NAME_KO, RUN_BY_EN, RUN_BY_KO};
use domain::programmes::social::{Dropoff, Receipt};
use domain::seats::BookingStatus;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DropoffPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let reference = use_params_map().with_untracked(|p| p.get("reference").unwrap_or_default());
    let dropoff = Resource::new_blocking(move || reference.clone(), my_dropoff);
    view! {
        <Title text=lang.pick("기부 물품 방문", "Donation drop-off")/>
        <section class="wrap narrow booking-confirmation social">
            <p class="crumbs"><a href="/me/applications">{lang.pick("내 신청", "My applications")}</a></p>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match dropoff.await {
                        Ok(d) => dropoff_view(d, lang),
                        Err(AppError::NotFound) => view! { <crate::layout::NotFound/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn dropoff_view(d: Dropoff, lang: Lang) -> AnyView {
    let cancelled = !matches!(d.status, BookingStatus::Booked | BookingStatus::Attended);
    let heading = if query_param("asked").is_empty() {
        lang.pick("기부 물품 방문", "Donation drop-off")
    } else {
        lang.pick("영수증을 신청했습니다", "Your receipt is asked for")
    };
    let body = match (&d.receipt, cancelled) {
        (Some(r), _) if r.number.is_some() => receipt_view(&d, r, lang).into_any(),
        (Some(r), _) => asked_view(&d, r, lang).into_any(),
        (None, true) => view! { <p>{lang.pick("취소된 방문이라 영수증을 신청할 수 없습니다.", "This drop-off was cancelled: no receipt can be asked for it.")}</p> }.into_any(),
        (None, false) => receipt_form(&d, lang).into_any(),
    };
    view! {
        <div class="no-print">
            <h1>{heading}</h1>
            <p class="reference-box">
                <span class="reference-label">{lang.pick("예약 번호", "Booking reference")}</span>
                <strong class="reference-big" data-testid="reference">{d.reference.to_string()}</strong>
            </p>
            <dl class="facts">
                <dt>{lang.pick("장소", "Where")}</dt><dd>{format!("{} · {}", lang.pick(NAME_KO, NAME_EN), Place::ThriftStore.whereabouts(lang))}</dd>
                <dt>{lang.pick("일시", "When")}</dt><dd>{when(d.starts_at, d.ends_at, lang)}</dd>
                <dt>{lang.pick("상태", "State")}</dt><dd>{dropoff_badge(&d, lang)}</dd>
            </dl>
            {(d.status == BookingStatus::Booked).then(|| view! {
                <p class="hint">{lang.pick("시간을 바꾸거나 취소하려면 ", "To change the time or cancel, use ")}
                    <a href=format!("/me/bookings/{}", d.reference)>{lang.pick("내 예약", "My bookings")}</a>
                    {lang.pick("에서 시작 30분 전까지 취소해 주세요.", " until 30 minutes before the start.")}</p>
            })}
        </div>
        {body}
    }
    .into_any()
}

fn receipt_form(d: &Dropoff, lang: Lang) -> impl IntoView {
    let rows = dropoff_rules(d.starts_at.date()).max_items;
    let item_rows = (1..=rows).map(|i| {
        let (item_id, value_id) = (format!("item{i}"), format!("value{i}"));
        view! {
            <div class="item-row">
                <label for=item_id.clone()>{match lang { Lang::Ko => format!("물품 {i}"), Lang::En => format!("Item {i}") }}</label>
                <input id=item_id.clone() name=item_id type="text" maxlength="60" required=i == 1 autocomplete="off"/>
                <label for=value_id.clone()>{match lang { Lang::Ko => format!("물품 {i} 신고 금액(원)"), Lang::En => format!("Item {i} value (won)") }}</label>
                <input id=value_id.clone() name=value_id type="text" inputmode="numeric" maxlength="16" required=i == 1 autocomplete="off"/>
            </div>
        }
    }).collect_view();
    view! {
        <section class="no-print" aria-labelledby="receipt-form-title">
            <h2 id="receipt-form-title">{lang.pick("기부금 영수증 신청", "Ask for a donation receipt")}</h2>
            <p class="hint">{lang.pick(
                "영수증에 적힐 내용입니다. 물품을 받은 뒤 직원이 확인하고 번호를 붙여 발급합니다. 방문 하나에 영수증은 한 장입니다.",
                "This is what the receipt will say. Staff issue it with a number once the items are received. One receipt per drop-off.")}</p>
            <form method="post" action="/api/request_receipt" class="stack-form" data-testid="receipt-form">
                <input type="hidden" name="reference" value=d.reference.to_string()/>
                <label for="donor-name">{lang.pick("기부자 이름 (사업자는 상호)", "Donor's name (a business: its name)")}</label>
                <input id="donor-name" name="name" type="text" required maxlength="40" autocomplete="name"/>
                <fieldset>
                    <legend>{lang.pick("기부자", "The donor is")}</legend>
                    <ul class="choices">
                        <li class="choice"><input type="radio" id="donor-person" name="donor_kind" value="person" checked required/>
                            <label for="donor-person">{lang.pick("개인", "A person")}</label></li>
                        <li class="choice"><input type="radio" id="donor-business" name="donor_kind" value="business"/>
                            <label for="donor-business">{lang.pick("사업자", "A business")}</label></li>
                    </ul>
                </fieldset>
                <label for="donor-birth">{lang.pick("생년월일 (개인)", "Date of birth (a person)")}</label>
                <input id="donor-birth" name="birth" type="date" autocomplete="bday"/>
                <label for="donor-business-number">{lang.pick("사업자등록번호 (사업자)", "Business registration number (a business)")}</label>
                <input id="donor-business-number" name="business_number" type="text" inputmode="numeric" maxlength="16" placeholder="123-45-67890" autocomplete="off"/>
                <fieldset class="items">
                    <legend>{lang.pick("기부 물품과 신고 금액", "Donated items and their declared value")}</legend>
                    <p class="hint">{match lang {
                        Lang::Ko => format!("한 줄에 한 가지(예: 겨울 외투 2벌 · 60,000). 한 줄 {} 이하, 빈 줄은 건너뜁니다.", won(dropoff_rules(d.starts_at.date()).max_item_krw, lang)),
                        Lang::En => format!("One kind per line (e.g. 2 winter coats · 60,000), at most {} a line; empty lines are skipped.", won(dropoff_rules(d.starts_at.date()).max_item_krw, lang)),
                    }}</p>
                    {item_rows}
                </fieldset>
                <button type="submit" class="button primary">{lang.pick("영수증 신청", "Ask for the receipt")}</button>
            </form>
        </section>
    }
}

fn items_table(r: &Receipt, lang: Lang) -> impl IntoView {
    let rows = r.request.items.iter().map(|i| view! { <tr><td>{i.what.clone()}</td><td class="num">{won(i.value_krw, lang)}</td></tr> }).collect_view();
    view! {
        <table class="data-table receipt-items">
            <thead><tr><th scope="col">{lang.pick("물품", "Item")}</th><th scope="col">{lang.pick("신고 금액", "Declared value")}</th></tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr><th scope="row">{lang.pick("합계", "Total")}</th><td class="num" data-testid="receipt-total">{won(r.request.total_krw(), lang)}</td></tr></tfoot>
        </table>
    }
}

fn donor_facts(r: &Receipt, lang: Lang) -> impl IntoView {
    let kind = match r.request.donor {
        Donor::Person { .. } => lang.pick("개인", "Person"),
        Donor::Business { .. } => lang.pick("사업자", "Business"),
    };
    view! {
        <dt>{lang.pick("기부자", "Donor")}</dt><dd data-testid="donor-name">{format!("{} ({kind})", r.request.name)}</dd>
        <dt>{r.request.donor.identifier_label(lang)}</dt><dd>{r.request.donor.identifier()}</dd>
    }
}

fn asked_view(d: &Dropoff, r: &Receipt, lang: Lang) -> impl IntoView {
    let next = if d.received() {
        lang.pick("물품을 받았습니다. 직원이 곧 영수증을 발급합니다.", "The items were received; staff will issue the receipt shortly.")
    } else {
        lang.pick("가게에서 물품을 받으면 직원이 확인하고 영수증을 발급합니다.", "Once the shop receives the items, staff will issue the receipt.")
    };
    view! {
        <section aria-labelledby="asked-title">
            <h2 id="asked-title">{lang.pick("신청한 영수증", "The receipt asked for")}</h2>
            <p class="notice-ok" data-testid="receipt-waiting">{next}</p>
            <dl class="facts">{donor_facts(r, lang)}</dl>
            {items_table(r, lang)}
        </section>
    }
}

fn receipt_view(d: &Dropoff, r: &Receipt, lang: Lang) -> impl IntoView {
    let number = r.number.clone().unwrap_or_default();
    let issued = r.issued_at.map(|t| t.date().to_string()).unwrap_or_default();
    view! {
        <p class="no-print hint">{lang.pick(
            "인쇄하려면 브라우저의 인쇄 기능(Ctrl+P, 맥은 ⌘+P, 휴대전화는 공유 › 인쇄)을 쓰세요. 영수증만 인쇄됩니다.",
            "To print, use your browser's Print (Ctrl+P, ⌘+P on a Mac, Share › Print on a phone): only the receipt is printed.")}</p>
        <article class="receipt" data-testid="receipt" aria-labelledby="receipt-title">
            <h2 id="receipt-title">{lang.pick("기부금 영수증", "Donation receipt")}</h2>
            <p class="receipt-number">{lang.pick("영수증 번호", "Receipt number")}" "<strong data-testid="receipt-number">{number}</strong></p>
            <dl class="facts">
                {donor_facts(r, lang)}
                <dt>{lang.pick("기부일", "Donated on")}</dt><dd>{d.starts_at.date().to_string()}</dd>
                <dt>{lang.pick("기부처", "Received by")}</dt><dd>{format!("{} ({})", lang.pick(NAME_KO, NAME_EN), lang.pick(RUN_BY_KO, RUN_BY_EN))}</dd>
                <dt>{lang.pick("주소", "Address")}</dt><dd>{Place::ThriftStore.whereabouts(lang)}</dd>
                <dt>{lang.pick("발급일", "Issued on")}</dt><dd>{issued}</dd>
                <dt>{lang.pick("방문 예약 번호", "Drop-off reference")}</dt><dd>{d.reference.to_string()}</dd>
            </dl>
            {items_table(r, lang)}
            <p class="hint">{lang.pick("위 물품을 기부받았음을 확인합니다. 금액은 기부자가 신고한 금액입니다.",
                "We confirm receiving the items above as a donation. The values are those the donor declared.")}</p>
            {demo_note(lang)}
        </article>
    }
}
