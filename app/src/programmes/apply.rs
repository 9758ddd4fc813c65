//! The application flows, one question per page, as plain GET forms that carry the answers so far
//! (they work with JavaScript off, and the back link is the same address one step earlier). Each
//! page checks every earlier answer again through the domain (`check_steps`): a wrong one sends
//! the resident back to its question with the reason; one that rules them out says so and stops.
//! The last page shows the answers, what they would get and the documents to bring, and starts
//! the application (`start_loan_application`, `start_veterans_application`).

use super::api::{loan_rounds, RoundsNow};
use super::pages::{answers_view, needed_documents, purpose_options, schedule_view, window_text};
use crate::accounts::flash::FormError;
use crate::facilities::booking::query_param;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use domain::programmes::applications::{open_round, usual_drawdown, Answers, LoanAnswers, LoanForm, VeteranAnswers, VeteranForm, LOAN_STEPS, VETERAN_STEPS};
use domain::programmes::loan::{Collateral, Industry};
use domain::programmes::rules::{loan_rules, LOAN_RULES};
use domain::programmes::ProgrammeError;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;

fn loan_form() -> LoanForm {
    LoanForm {
        in_district: query_param("in_district"),
        industry: query_param("industry"),
        collateral: query_param("collateral"),
        evaluated: query_param("evaluated"),
        evaluated_on: query_param("evaluated_on"),
        amount: query_param("amount"),
        purpose: query_param("purpose"),
        business_name: query_param("business_name"),
        business_number: query_param("business_number"),
        corporation: query_param("corporation"),
    }
}

fn veteran_form() -> VeteranForm {
    VeteranForm {
        registered: query_param("registered"),
        resident: query_param("resident"),
        seoul_allowance: query_param("seoul_allowance"),
        certificate_number: query_param("certificate_number"),
    }
}

/// The step asked for in the address (1 when missing or odd).
fn asked_step(last: u8) -> u8 {
    query_param("step").trim().parse::<u8>().ok().filter(|s| (1..=last).contains(s)).unwrap_or(1)
}

/// Hidden inputs for every answer except those this page asks.
fn carried(pairs: &[(&'static str, &str)], asked: &[&str]) -> impl IntoView {
    pairs
        .iter()
        .filter(|(name, value)| !asked.contains(name) && !value.is_empty())
        .map(|(name, value)| view! { <input type="hidden" name=*name value=value.to_string()/> })
        .collect_view()
}

/// The same answers one step earlier (the back link).
fn back_href(base: &str, pairs: &[(&'static str, &str)], step: u8) -> String {
    let mut query: Vec<String> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", domain::courses::form_encode(v))).collect();
    query.push(format!("step={}", step.saturating_sub(1).max(1)));
    format!("{base}?{}", query.join("&"))
}

fn yes_no(name: &'static str, chosen: &str, lang: Lang) -> impl IntoView {
    [("yes", lang.pick("예", "Yes")), ("no", lang.pick("아니요", "No"))]
        .into_iter()
        .map(|(value, label)| {
            let id = format!("{name}-{value}");
            view! {
                <li class="choice">
                    <input type="radio" name=name id=id.clone() value=value checked=chosen == value required/>
                    <label for=id>{label}</label>
                </li>
            }
        })
        .collect_view()
}

fn step_error(error: Option<ProgrammeError>, lang: Lang) -> impl IntoView {
    error.map(|e| {
        crate::status::set_status(400);
        view! { <p class="error" role="alert" data-testid="step-error">{e.message(lang)}</p> }
    })
}

/// A result that ends the flow: not eligible (with why), or enrolled without applying.
fn stop_view(e: &ProgrammeError, back: String, programme: &'static str, lang: Lang) -> AnyView {
    let (heading, class) = match e {
        ProgrammeError::AlreadyEnrolled => (lang.pick("신청하지 않아도 됩니다", "You need not apply"), "notice-ok"),
        _ => (lang.pick("이 사업의 대상이 아닙니다", "You do not qualify for this programme"), "notice-warn"),
    };
    view! {
        <h1>{heading}</h1>
        <div class=class data-testid="not-eligible"><p>{e.message(lang)}</p></div>
        <p><a href=back>{lang.pick("답을 바꾸기", "Change the answer")}</a>" · "<a href=programme>{lang.pick("사업 안내로", "Back to the programme")}</a>
            " · "<a href="/programmes">{lang.pick("다른 지원 사업", "Other programmes")}</a></p>
    }
    .into_any()
}

#[component]
pub fn LoanApplyPage() -> impl IntoView {
    let lang = use_lang();
    let rounds = Resource::new_blocking(|| (), |_| loan_rounds());
    view! {
        <Title text=lang.pick("중소기업 육성자금 신청", "Apply for an SME loan")/>
        <section class="wrap narrow form-page booking-step">
            <p class="crumbs"><a href="/programmes">{lang.pick("지원 사업", "District programmes")}</a>" › "
                <a href="/programmes/sme-loan">{lang.pick("중소기업 육성자금", "SME loan")}</a></p>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match rounds.await {
                        Ok(rounds) => loan_step(rounds, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

const LOAN_BASE: &str = "/programmes/sme-loan/apply";

fn loan_step(rounds: RoundsNow, lang: Lang) -> AnyView {
    let form = loan_form();
    let open = rounds.open().cloned();
    let year = open.as_ref().map_or(rounds.today.year(), |r| r.year);
    let Some(rules) = loan_rules(year).or_else(|| LOAN_RULES.last()) else { return ().into_any() };
    let asked = asked_step(LOAN_STEPS + 1);
    let pairs = form.pairs();
    let (step, error) = match form.check_steps(asked - 1, rules, open.as_ref().map(|r| r.collateral_deadline), rounds.today) {
        Ok(()) => (asked, None),
        Err((_, e @ (ProgrammeError::NotInDistrict | ProgrammeError::ExcludedIndustry { .. }))) => {
            return stop_view(&e, back_href(LOAN_BASE, &pairs, asked), "/programmes/sme-loan", lang);
        }
        Err((step, e)) => (step, Some(e)),
    };
    if step > LOAN_STEPS {
        return loan_check(&form, &rounds, lang);
    }
    let (legend, asked_names, fields): (&str, &[&str], AnyView) = match step {
        1 => (
            lang.pick("사업장이 구 안에 있나요?", "Is your place of business in the district?"),
            &["in_district"],
            view! { <ul class="choices">{yes_no("in_district", &form.in_district, lang)}</ul> }.into_any(),
        ),
        2 => (
            lang.pick("어떤 업종인가요?", "What is your industry?"),
            &["industry"],
            view! {
                <ul class="choices">
                    {Industry::ALL.into_iter().map(|i| {
                        let id = format!("industry-{}", i.slug());
                        view! {
                            <li class="choice">
                                <input type="radio" name="industry" id=id.clone() value=i.slug() checked=form.industry == i.slug() required/>
                                <label for=id>{i.label(lang)}</label>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        ),
        3 => (
            lang.pick("무엇을 담보로 하나요?", "What secures the loan?"),
            &["collateral"],
            view! {
                <ul class="choices">
                    {Collateral::ALL.into_iter().map(|c| {
                        let id = format!("collateral-{}", c.slug());
                        let cap = domain::programmes::won(c.cap(rules), lang);
                        view! {
                            <li class="choice">
                                <input type="radio" name="collateral" id=id.clone() value=c.slug() checked=form.collateral == c.slug() required/>
                                <label for=id>{c.label(lang)}" "<span class="muted">{match lang { Lang::Ko => format!("(최대 {cap})"), Lang::En => format!("(up to {cap})") }}</span></label>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        ),
        4 => {
            let real_estate = form.collateral == Collateral::RealEstate.slug();
            let deadline = open.as_ref().map(|r| match lang {
                Lang::Ko => format!("이번 차수는 {}까지 평가를 받아야 합니다.", r.collateral_deadline),
                Lang::En => format!("This round needs it done by {}.", r.collateral_deadline),
            });
            (
                lang.pick("협약 은행의 담보평가를 언제 받았나요?", "When did the partner bank evaluate your collateral?"),
                &["evaluated", "evaluated_on"],
                view! {
                    <label for="evaluated_on">{lang.pick("평가일(또는 보증서 발급일)", "Date of the evaluation (or of the guarantee)")}</label>
                    <input id="evaluated_on" name="evaluated_on" type="date" required value=form.evaluated_on.clone() max=rounds.today.to_string() aria-describedby="evaluated-hint"/>
                    <p class="hint" id="evaluated-hint">{deadline}</p>
                    {real_estate.then(|| view! {
                        <label for="evaluated">{lang.pick("은행 담보평가액(원)", "The bank's evaluation (won)")}</label>
                        <input id="evaluated" name="evaluated" type="text" inputmode="numeric" required value=form.evaluated.clone() autocomplete="off"/>
                    })}
                }.into_any(),
            )
        }
        5 => (
            lang.pick("얼마를, 어디에 쓰려고 빌리나요?", "How much do you need, and for what?"),
            &["amount", "purpose"],
            view! {
                <label for="amount">{lang.pick("융자 금액(원)", "Amount (won)")}</label>
                <input id="amount" name="amount" type="text" inputmode="numeric" required value=form.amount.clone() autocomplete="off" aria-describedby="amount-hint"/>
                <p class="hint" id="amount-hint">{match lang {
                    Lang::Ko => format!("{} 이상, {} 단위", domain::programmes::won(rules.min_krw, lang), domain::programmes::won(rules.step_krw, lang)),
                    Lang::En => format!("At least {}, in steps of {}", domain::programmes::won(rules.min_krw, lang), domain::programmes::won(rules.step_krw, lang)),
                }}</p>
                <fieldset>
                    <legend>{lang.pick("용도", "Use")}</legend>
                    <ul class="choices">{purpose_options(&form.purpose, lang)}</ul>
                </fieldset>
            }.into_any(),
        ),
        _ => (
            lang.pick("사업체를 알려 주세요", "Tell us about the business"),
            &["business_name", "business_number", "corporation"],
            view! {
                <label for="business_name">{lang.pick("상호", "Business name")}</label>
                <input id="business_name" name="business_name" type="text" required maxlength="60" value=form.business_name.clone() autocomplete="organization"/>
                <label for="business_number">{lang.pick("사업자등록번호", "Business registration number")}</label>
                <input id="business_number" name="business_number" type="text" inputmode="numeric" required maxlength="16" value=form.business_number.clone()
                    placeholder="123-45-67890" aria-describedby="business-number-hint" autocomplete="off"/>
                <p class="hint" id="business-number-hint">{lang.pick("10자리, 예: 123-45-67890", "10 digits, e.g. 123-45-67890")}</p>
                <fieldset>
                    <legend>{lang.pick("법인 사업자인가요?", "Is it a company (법인)?")}</legend>
                    <ul class="choices">{yes_no("corporation", &form.corporation, lang)}</ul>
                </fieldset>
            }.into_any(),
        ),
    };
    let single_choice = matches!(step, 1..=3);
    view! {
        <p class="step">{match lang { Lang::Ko => format!("{step}단계 / {}단계", LOAN_STEPS + 1), Lang::En => format!("Step {step} of {}", LOAN_STEPS + 1) }}</p>
        <h1>{legend}</h1>
        {step_error(error, lang)}
        <form method="get" action=LOAN_BASE class="stack-form" data-testid="step-form">
            <crate::privacy::NoticeLink section="programmes"/>
            {carried(&pairs, asked_names)}
            <input type="hidden" name="step" value=(step + 1).to_string()/>
            {if single_choice {
                view! { <fieldset><legend class="visually-hidden">{legend}</legend>{fields}</fieldset> }.into_any()
            } else {
                fields
            }}
            <button type="submit" class="button primary">{lang.pick("다음", "Continue")}</button>
        </form>
        {(step > 1).then(|| view! { <p><a href=back_href(LOAN_BASE, &pairs, step)>{lang.pick("이전 질문", "Previous question")}</a></p> })}
    }
    .into_any()
}

fn loan_check(form: &LoanForm, rounds: &RoundsNow, lang: Lang) -> AnyView {
    let pairs = form.pairs();
    let Ok(round) = open_round(&rounds.rounds, rounds.today) else {
        return view! {
            <h1>{lang.pick("신청 대상입니다", "You qualify")}</h1>
            <div class="notice-warn" data-testid="window-closed"><p>{window_text(rounds, lang)}</p></div>
            <p><a href="/programmes/sme-loan">{lang.pick("사업 안내로", "Back to the programme")}</a></p>
        }
        .into_any();
    };
    let answers = match LoanAnswers::from_form(form, round, rounds.today) {
        Ok(a) => a,
        Err(e) => return view! { {step_error(Some(e), lang)} <p><a href=back_href(LOAN_BASE, &pairs, 2)>{lang.pick("처음부터 다시", "Start again")}</a></p> }.into_any(),
    };
    let Some(rules) = loan_rules(round.year) else { return ().into_any() };
    let drawdown = usual_drawdown(std::slice::from_ref(round), round.year);
    let (amount, collateral) = (answers.amount_krw, answers.collateral);
    let answers = Answers::SmeLoan(answers);
    view! {
        <p class="step">{match lang { Lang::Ko => format!("{0}단계 / {0}단계", LOAN_STEPS + 1), Lang::En => format!("Step {0} of {0}", LOAN_STEPS + 1) }}</p>
        <h1>{lang.pick("신청 내용을 확인해 주세요", "Check your answers")}</h1>
        <p class="notice-ok" data-testid="eligible">{match lang {
            Lang::Ko => format!("신청 대상입니다. {}에 신청합니다.", round.name(lang)),
            Lang::En => format!("You qualify. This applies to {}.", round.name(lang)),
        }}</p>
        {answers_view(&answers, lang)}
        <p><a href=back_href(LOAN_BASE, &pairs, 2)>{lang.pick("답 바꾸기", "Change the answers")}</a></p>
        <h2>{lang.pick("갚을 금액", "What you would repay")}</h2>
        {schedule_view(rules, amount, collateral, drawdown, lang)}
        <h2>{lang.pick("올릴 서류", "Documents to upload")}</h2>
        {needed_documents(&answers, lang)}
        <p class="hint">{lang.pick("신청을 시작하면 신청 번호가 생기고, 서류를 올린 뒤 제출합니다.", "Starting gives you a reference number; you then upload the documents and send the application.")}</p>
        <form method="post" action="/api/start_loan_application" class="stack-form" data-testid="start-form">
            <crate::privacy::NoticeLink section="programmes"/>
            {pairs.iter().map(|(name, value)| view! { <input type="hidden" name=*name value=value.to_string()/> }).collect_view()}
            <button type="submit" class="button primary">{lang.pick("신청 시작하기", "Start the application")}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn VeteransApplyPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.pick("보훈예우수당 신청", "Apply for the veterans' allowance")/>
        <section class="wrap narrow form-page booking-step">
            <p class="crumbs"><a href="/programmes">{lang.pick("지원 사업", "District programmes")}</a>" › "
                <a href="/programmes/veterans-allowance">{lang.pick("보훈예우수당", "Veterans' allowance")}</a></p>
            <FormError/>
            {veteran_step(lang)}
        </section>
    }
}

const VETERAN_BASE: &str = "/programmes/veterans-allowance/apply";

fn veteran_step(lang: Lang) -> AnyView {
    let form = veteran_form();
    let pairs = [
        ("registered", form.registered.as_str()),
        ("resident", form.resident.as_str()),
        ("seoul_allowance", form.seoul_allowance.as_str()),
        ("certificate_number", form.certificate_number.as_str()),
    ];
    let asked = asked_step(VETERAN_STEPS + 1);
    let (step, error) = match form.check_steps(asked - 1) {
        Ok(()) => (asked, None),
        Err((_, e @ (ProgrammeError::NotRegisteredVeteran | ProgrammeError::NotInDistrict | ProgrammeError::AlreadyEnrolled))) => {
            return stop_view(&e, back_href(VETERAN_BASE, &pairs, asked), "/programmes/veterans-allowance", lang);
        }
        Err((step, e)) => (step, Some(e)),
    };
    if step > VETERAN_STEPS {
        let Ok(answers) = VeteranAnswers::from_form(&form) else { return ().into_any() };
        let answers = Answers::VeteransAllowance(answers);
        return view! {
            <p class="step">{match lang { Lang::Ko => format!("{0}단계 / {0}단계", VETERAN_STEPS + 1), Lang::En => format!("Step {0} of {0}", VETERAN_STEPS + 1) }}</p>
            <h1>{lang.pick("신청 내용을 확인해 주세요", "Check your answers")}</h1>
            <p class="notice-ok" data-testid="eligible">{lang.pick("신청 대상입니다. 승인되면 다음 달부터 매달 지급합니다.", "You qualify. Once approved, it is paid monthly from the next month.")}</p>
            {answers_view(&answers, lang)}
            <h2>{lang.pick("올릴 서류", "Documents to upload")}</h2>
            {needed_documents(&answers, lang)}
            <form method="post" action="/api/start_veterans_application" class="stack-form" data-testid="start-form">
                <crate::privacy::NoticeLink section="programmes"/>
                {pairs.iter().map(|(name, value)| view! { <input type="hidden" name=*name value=value.to_string()/> }).collect_view()}
                <button type="submit" class="button primary">{lang.pick("신청 시작하기", "Start the application")}</button>
            </form>
        }
        .into_any();
    }
    let (legend, name): (&str, &'static str) = match step {
        1 => (lang.pick("국가보훈부에 등록된 국가유공자인가요?", "Are you a national veteran registered with the Ministry of Patriots and Veterans Affairs?"), "registered"),
        2 => (lang.pick("구에 주민등록이 되어 있나요?", "Are you registered as living in the district?"), "resident"),
        3 => (lang.pick("서울시 보훈예우수당을 이미 받고 있나요?", "Do you already receive Seoul's veterans' allowance?"), "seoul_allowance"),
        _ => (lang.pick("국가유공자증 번호를 알려 주세요", "Your national-merit certificate number"), "certificate_number"),
    };
    let chosen = pairs.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| *v).to_string();
    let fields = if step <= 3 {
        view! { <fieldset><legend class="visually-hidden">{legend}</legend><ul class="choices">{yes_no(name, &chosen, lang)}</ul></fieldset> }.into_any()
    } else {
        view! {
            <label for="certificate_number">{lang.pick("국가유공자증 번호", "Certificate number")}</label>
            <input id="certificate_number" name="certificate_number" type="text" required maxlength="20" value=chosen autocomplete="off" aria-describedby="certificate-hint"/>
            <p class="hint" id="certificate-hint">{lang.pick("증서에 적힌 번호(숫자와 -), 예: 11-23456", "As printed on the certificate (digits and -), e.g. 11-23456")}</p>
        }.into_any()
    };
    view! {
        <p class="step">{match lang { Lang::Ko => format!("{step}단계 / {}단계", VETERAN_STEPS + 1), Lang::En => format!("Step {step} of {}", VETERAN_STEPS + 1) }}</p>
        <h1>{legend}</h1>
        {step_error(error, lang)}
        <form method="get" action=VETERAN_BASE class="stack-form" data-testid="step-form">
            <crate::privacy::NoticeLink section="programmes"/>
            {carried(&pairs, &[name])}
            <input type="hidden" name="step" value=(step + 1).to_string()/>
            {fields}
            <button type="submit" class="button primary">{lang.pick("다음", "Continue")}</button>
        </form>
        {(step > 1).then(|| view! { <p><a href=back_href(VETERAN_BASE, &pairs, step)>{lang.pick("이전 질문", "Previous question")}</a></p> })}
    }
    .into_any()
}
