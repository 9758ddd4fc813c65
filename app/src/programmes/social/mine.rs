//! The resident's social-economy requests in `/me/applications`: their thrift-store drop-offs
//! (each with its receipt's state; an issued receipt is opened and printed from its page) and
//! their Coffee Jigi catering requests.

use super::api::{my_social_requests, MySocial};
use super::{catering_badge, dropoff_badge};
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use crate::me::when;
use domain::programmes::social::{coffee, thrift};
use domain::sessions::day_label;
use domain::Lang;
use leptos::prelude::*;

/// The signed-in resident's drop-offs, receipts and catering requests, for `/me/applications`.
#[component]
pub fn MySocialRequests() -> impl IntoView {
    let lang = use_lang();
    let mine = Resource::new_blocking(|| (), |_| my_social_requests());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match mine.await {
                    Ok(mine) => social_list(mine, lang),
                    Err(e) => failed(&e, lang),
                }
            })}
        </Suspense>
    }
}

fn social_list(mine: MySocial, lang: Lang) -> AnyView {
    if mine.dropoffs.is_empty() && mine.caterings.is_empty() {
        return view! {
            <p data-testid="no-social-requests">{lang.pick("아직 방문 예약이나 케이터링 신청이 없습니다. ", "No drop-offs or catering requests yet. ")}
                <a href="/programmes/thrift-store">{lang.pick(thrift::NAME_KO, thrift::NAME_EN)}</a>" · "
                <a href="/programmes/coffee-jigi">{lang.pick(coffee::NAME_KO, coffee::NAME_EN)}</a></p>
        }
        .into_any();
    }
    let dropoffs = mine.dropoffs.iter().map(|d| {
        let issued = d.receipt.as_ref().and_then(|r| r.number.clone());
        view! {
            <li class="booking-card" data-testid="my-dropoff" data-reference=d.reference.to_string()>
                <h3><a href=format!("/me/applications/dropoff/{}", d.reference)>{format!("{} · {}", lang.pick("기부 물품 방문", "Donation drop-off"), when(d.starts_at, d.ends_at, lang))}</a></h3>
                <p>{lang.pick("예약 번호", "Reference")}" "<strong>{d.reference.to_string()}</strong>" "{dropoff_badge(d, lang)}</p>
                {issued.map(|n| view! { <p>{lang.pick("영수증 번호", "Receipt number")}" "<strong>{n}</strong>" · "
                    <a href=format!("/me/applications/dropoff/{}", d.reference)>{lang.pick("영수증 보기·인쇄", "See and print the receipt")}</a></p> })}
            </li>
        }
    }).collect_view();
    let caterings = mine.caterings.iter().map(|c| view! {
        <li class="booking-card" data-testid="my-catering" data-reference=c.reference.to_string()>
            <h3><a href=format!("/me/applications/catering/{}", c.reference)>{format!("{} · {} {}", lang.pick("커피지기 케이터링", "Coffee Jigi catering"), day_label(c.request.date, lang), c.request.time)}</a></h3>
            <p>{lang.pick("신청 번호", "Reference")}" "<strong>{c.reference.to_string()}</strong>" "{catering_badge(c.state, lang)}</p>
        </li>
    }).collect_view();
    view! { <ul class="booking-list" data-testid="social-requests">{dropoffs}{caterings}</ul> }.into_any()
}
