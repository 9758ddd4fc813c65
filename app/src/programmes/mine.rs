//! The resident's applications: `/me/applications` (each with its state, and the social
//! economy's requests) and `/me/applications/{reference}`: a draft's documents, uploaded one by one
//! with plain multipart forms to their own route, and the button that sends it; afterwards its
//! state and the decision. A draft can be withdrawn from either page (a plain form: it works
//! without JavaScript); an unsent draft expires after `DRAFT_DAYS`. Another account's reference is
//! not found.

use super::api::{my_application, my_applications};
use super::pages::answers_view;
use super::{application_title, state_badge};
use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::facilities::booking::query_param;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use domain::programmes::applications::{required_documents, DRAFT_DAYS};
use domain::programmes::{won, Application, ApplicationState, DocumentKind};
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let list = Resource::new_blocking(|| (), |_| my_applications());
    view! {
        <Title text=lang.pick("내 신청", "My applications")/>
        <section class="wrap my-bookings">
            <h1>{lang.pick("내 신청", "My applications")}</h1>
            <FormError/>
            {(!query_param("withdrawn").is_empty()).then(|| view! {
                <p class="done-note" role="status" data-testid="withdrawn">{lang.pick("작성 중이던 신청을 철회했습니다.", "The unsent application is withdrawn.")}</p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! {
                            <p data-testid="no-applications">{lang.pick("아직 신청한 지원 사업이 없습니다.", "You have not applied for a programme yet.")}" "
                                <a href="/programmes">{lang.pick("지원 사업 보기", "See the programmes")}</a></p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="booking-list" data-testid="applications">
                                {list.into_iter().map(|a| view! {
                                    <li class="booking-card" data-testid="application" data-reference=a.reference.to_string()>
                                        <h2><a href=format!("/me/applications/{}", a.reference)>{application_title(&a, lang)}</a></h2>
                                        <p>{lang.pick("신청 번호", "Reference")}" "<strong>{a.reference.to_string()}</strong>" "{state_badge(a.state, lang)}</p>
                                        {(a.state == ApplicationState::Draft).then(|| withdraw_form(&a, lang))}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
            <h2>{lang.pick("사회적경제 신청", "Social economy requests")}</h2>
            <super::social::MySocialRequests/>
        </section>
    }
    .into_any()
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let reference = use_params_map().with_untracked(|p| p.get("reference").unwrap_or_default());
    let application = Resource::new_blocking(move || reference.clone(), my_application);
    view! {
        <Title text=lang.pick("신청", "Application")/>
        <section class="wrap narrow booking-confirmation">
            <p class="crumbs"><a href="/me/applications">{lang.pick("내 신청", "My applications")}</a></p>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match application.await {
                        Ok(a) => application_view(a, lang),
                        Err(AppError::NotFound) => view! { <crate::layout::NotFound/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// The button that withdraws a draft (a plain form to the server function).
fn withdraw_form(a: &Application, lang: Lang) -> impl IntoView {
    view! {
        <form method="post" action="/api/withdraw_application" class="inline-form" data-testid="withdraw-form">
            <input type="hidden" name="reference" value=a.reference.to_string()/>
            <button type="submit" class="button small">{lang.pick("신청 철회", "Withdraw")}
                <span class="visually-hidden">{format!(" {}", a.reference)}</span></button>
        </form>
    }
}

fn document_row(a: &Application, kind: DocumentKind, lang: Lang) -> impl IntoView {
    let uploaded = a.documents.iter().find(|d| d.kind == kind).cloned();
    let draft = a.state == ApplicationState::Draft;
    let id = format!("file-{}", kind.slug());
    let action = format!("/programmes/applications/{}/documents", a.reference);
    let shown = uploaded.as_ref().map(|d| {
        let href = format!("/programmes/applications/{}/documents/{}", a.reference, d.id);
        let size = format!("{:.1} MB", d.bytes as f64 / 1_048_576.0);
        view! { <p class="muted" data-testid="uploaded"><a href=href>{d.name.clone()}</a>{format!(" ({}, {size})", d.file.slug().to_uppercase())}</p> }
    });
    view! {
        <li class="document" data-testid="document" data-kind=kind.slug() data-uploaded=uploaded.is_some().to_string()>
            <h3>{kind.label(lang)}" "{if uploaded.is_some() { lang.pick("✓ 올림", "✓ uploaded") } else { lang.pick("· 아직 없음", "· not yet") }}</h3>
            {shown}
            {draft.then(|| view! {
                <form method="post" action=action enctype="multipart/form-data" class="upload-form" data-testid="upload-form">
                    <crate::privacy::NoticeLink section="programmes"/>
                    <input type="hidden" name="kind" value=kind.slug()/>
                    <label for=id.clone()>{if uploaded.is_some() { lang.pick("다른 파일로 바꾸기", "Replace with another file") } else { lang.pick("파일 고르기", "Choose a file") }}
                        <span class="visually-hidden">{format!(" ({})", kind.label(lang))}</span></label>
                    <input id=id name="file" type="file" required accept="application/pdf,image/png,image/jpeg"/>
                    <button type="submit" class="button small">{lang.pick("올리기", "Upload")}<span class="visually-hidden">{format!(" {}", kind.label(lang))}</span></button>
                </form>
            })}
        </li>
    }
}

fn application_view(a: Application, lang: Lang) -> AnyView {
    let sent = !query_param("sent").is_empty();
    let missing = a.missing_documents();
    let heading = match (a.state, sent) {
        (ApplicationState::Submitted, true) => lang.pick("신청을 제출했습니다", "Your application is sent"),
        (ApplicationState::Draft, _) => lang.pick("서류를 올리고 제출해 주세요", "Upload the documents, then send"),
        (ApplicationState::Withdrawn, _) => lang.pick("철회된 신청", "A withdrawn application"),
        _ => lang.pick("신청", "Application"),
    };
    let decision = match a.state {
        ApplicationState::Approved => Some(match (a.decided_krw, lang) {
            (Some(n), Lang::Ko) => format!("승인되었습니다. 승인 금액 {}. 협약 은행에서 대출 약정을 진행해 주세요.", won(n, lang)),
            (Some(n), Lang::En) => format!("Approved: {}. Please sign the loan agreement at the partner bank.", won(n, lang)),
            (None, l) => l.pick("승인되었습니다. 다음 달부터 매달 지급합니다.", "Approved. It is paid monthly from next month.").to_string(),
        }),
        ApplicationState::Rejected => Some(format!("{}: {}", lang.pick("반려 사유", "Reason"), a.decision_note.clone().unwrap_or_default())),
        _ => None,
    };
    let docs = required_documents(&a.answers).into_iter().map(|k| document_row(&a, k, lang)).collect_view();
    let submit = (a.state == ApplicationState::Draft).then(|| {
        let note = if missing.is_empty() {
            lang.pick("서류가 모두 준비되었습니다.", "Every document is there.").to_string()
        } else {
            match lang {
                Lang::Ko => format!("아직 {}개 서류가 남았습니다.", missing.len()),
                Lang::En => format!("{} document(s) still to upload.", missing.len()),
            }
        };
        let expiry = match lang {
            Lang::Ko => format!("작성 중인 신청은 제출해야 심사를 받습니다. 시작한 날부터 {DRAFT_DAYS}일 안에 제출하지 않거나 접수 기간이 끝나면 만료됩니다. 그 전에 직접 철회할 수도 있습니다."),
            Lang::En => format!("An application is reviewed only once sent. Unsent, it expires {DRAFT_DAYS} days after it was started or when its round closes; you can also withdraw it yourself."),
        };
        view! {
            <form method="post" action="/api/submit_application" class="stack-form" data-testid="submit-form">
                <crate::privacy::NoticeLink section="programmes"/>
                <input type="hidden" name="reference" value=a.reference.to_string()/>
                <p class="hint">{note}</p>
                <button type="submit" class="button primary">{lang.pick("신청 제출", "Send the application")}</button>
            </form>
            <p class="hint">{expiry}</p>
            {withdraw_form(&a, lang)}
        }
    });
    let round = a.round.as_ref().map(|r| view! { <dt>{lang.pick("차수", "Round")}</dt><dd>{r.name(lang)}</dd> });
    view! {
        <h1>{heading}</h1>
        <p class="lead">{lang.pick("신청 번호", "Reference")}" "<strong data-testid="reference">{a.reference.to_string()}</strong></p>
        <dl class="facts">
            <dt>{lang.pick("사업", "Programme")}</dt><dd>{a.kind.label(lang)}</dd>
            {round}
            <dt>{lang.pick("상태", "State")}</dt><dd>{state_badge(a.state, lang)}</dd>
            {a.submitted_at.map(|t| view! { <dt>{lang.pick("제출", "Sent")}</dt><dd>{format!("{} {}", t.date(), t.clock_text())}</dd> })}
        </dl>
        {decision.map(|d| view! { <p class="notice-warn" data-testid="decision">{d}</p> })}
        {answers_view(&a.answers, lang)}
        <h2>{lang.pick("서류", "Documents")}</h2>
        <p class="hint">{lang.pick("PDF, PNG, JPEG 파일을 각 10MB까지 올릴 수 있습니다. 신청인만 볼 수 있고, 제출한 뒤에는 심사하는 직원도 볼 수 있습니다.",
            "PDF, PNG or JPEG files of up to 10 MB each. Only you can open them; once sent, the staff reviewing it can too.")}</p>
        <ul class="documents">{docs}</ul>
        {submit}
    }
    .into_any()
}
