//! The staff review: `/staff/programmes` lists the applications sent (newest first) and
//! `/staff/programmes/{reference}` shows one with its answers and documents and records the
//! committee's decision (an approved loan's amount, or the reason it was not approved). Staff
//! only: anyone else gets the sign-in page or a 403.

use super::api::{application_for_review, applications_for_review};
use super::pages::answers_view;
use super::{application_title, state_badge};
use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use domain::programmes::{won, Answers, Application, ApplicationState};
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StaffProgrammesPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let list = Resource::new_blocking(|| (), |_| applications_for_review());
    view! {
        <Title text=lang.pick("지원 사업 심사", "Programme applications")/>
        <section class="wrap staff">
            <p class="crumbs"><a href="/staff">{lang.pick("직원 업무", "Staff desk")}</a></p>
            <h1>{lang.pick("지원 사업 심사", "Programme applications")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => review_table(list, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn review_table(list: Vec<Application>, lang: Lang) -> AnyView {
    if list.is_empty() {
        return view! { <p data-testid="no-applications">{lang.pick("제출된 신청이 없습니다.", "No applications have been sent.")}</p> }.into_any();
    }
    let rows = list.into_iter().map(|a| {
        let amount = match &a.answers { Answers::SmeLoan(l) => won(l.amount_krw, lang), Answers::VeteransAllowance(_) => String::from("–") };
        view! {
            <tr data-testid="review-row" data-reference=a.reference.to_string()>
                <th scope="row"><a href=format!("/staff/programmes/{}", a.reference)>{a.reference.to_string()}</a></th>
                <td>{application_title(&a, lang)}</td>
                <td>{a.applicant.clone()}</td>
                <td class="num">{amount}</td>
                <td>{a.submitted_at.map(|t| t.date().to_string()).unwrap_or_default()}</td>
                <td>{state_badge(a.state, lang)}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("제출된 신청", "Applications sent")>
            <table class="staff-table">
                <thead><tr>
                    <th scope="col">{lang.pick("신청 번호", "Reference")}</th><th scope="col">{lang.pick("사업", "Programme")}</th>
                    <th scope="col">{lang.pick("신청인", "Applicant")}</th><th scope="col">{lang.pick("금액", "Amount")}</th>
                    <th scope="col">{lang.pick("제출일", "Sent")}</th><th scope="col">{lang.pick("상태", "State")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn StaffApplicationPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let reference = use_params_map().with_untracked(|p| p.get("reference").unwrap_or_default());
    let application = Resource::new_blocking(move || reference.clone(), application_for_review);
    view! {
        <Title text=lang.pick("신청 심사", "Review an application")/>
        <section class="wrap narrow staff">
            <p class="crumbs"><a href="/staff">{lang.pick("직원 업무", "Staff desk")}</a>" › "
                <a href="/staff/programmes">{lang.pick("지원 사업 심사", "Programme applications")}</a></p>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match application.await {
                        Ok(a) => review_view(a, lang),
                        Err(AppError::NotFound) => view! { <crate::layout::NotFound/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn review_view(a: Application, lang: Lang) -> AnyView {
    let docs = a.documents.iter().map(|d| {
        let href = format!("/programmes/applications/{}/documents/{}", a.reference, d.id);
        view! { <li><a href=href>{d.kind.label(lang)}</a>{format!(" · {} ({}, {:.1} MB)", d.name, d.file.slug().to_uppercase(), d.bytes as f64 / 1_048_576.0)}</li> }
    }).collect_view();
    let asked = match &a.answers { Answers::SmeLoan(l) => Some(l.amount_krw), Answers::VeteransAllowance(_) => None };
    let decide = (a.state == ApplicationState::Submitted).then(|| view! {
        <h2>{lang.pick("심사 결과 기록", "Record the decision")}</h2>
        <form method="post" action="/api/decide_application" class="stack-form" data-testid="decide-form">
            <input type="hidden" name="reference" value=a.reference.to_string()/>
            <fieldset>
                <legend>{lang.pick("결과", "Outcome")}</legend>
                <ul class="choices">
                    <li class="choice"><input type="radio" name="outcome" id="outcome-approve" value="approve" required/>
                        <label for="outcome-approve">{lang.pick("승인", "Approve")}</label></li>
                    <li class="choice"><input type="radio" name="outcome" id="outcome-reject" value="reject"/>
                        <label for="outcome-reject">{lang.pick("반려", "Do not approve")}</label></li>
                </ul>
            </fieldset>
            {match asked {
                Some(n) => view! {
                    <label for="decide-amount">{lang.pick("승인 금액(원, 위원회 결정)", "Amount approved (won, the committee's)")}</label>
                    <input id="decide-amount" name="amount" type="text" inputmode="numeric" value=n.to_string() autocomplete="off"/>
                }.into_any(),
                None => view! { <input type="hidden" name="amount" value=""/> }.into_any(),
            }}
            <label for="decide-reason">{lang.pick("반려 사유(반려할 때)", "Reason (when not approved)")}</label>
            <textarea id="decide-reason" name="reason" rows="3" maxlength="300"></textarea>
            <button type="submit" class="button primary">{lang.pick("결과 기록", "Record")}</button>
        </form>
    });
    view! {
        <h1>{application_title(&a, lang)}</h1>
        <p class="lead">{a.reference.to_string()}" · "{a.applicant.clone()}" "{state_badge(a.state, lang)}</p>
        {answers_view(&a.answers, lang)}
        {a.decided_krw.map(|n| view! { <p data-testid="decided-amount">{lang.pick("승인 금액", "Approved")}": "{won(n, lang)}</p> })}
        {a.decision_note.clone().map(|n| view! { <p>{lang.pick("반려 사유", "Reason")}": "{n}</p> })}
        <h2>{lang.pick("서류", "Documents")}</h2>
        <ul data-testid="review-documents">{docs}</ul>
        {decide}
    }
    .into_any()
}
