//! The programmes' own pages: `/programmes` (every programme, who it is for, what it gives, the
//! loan's window), `/programmes/sme-loan` (the facts, the rounds, the documents to bring and a
//! repayment calculator with every payment and a CSV download) and
//! `/programmes/veterans-allowance` (the facts and what one recipient receives in a year).
//! The calculators are plain GET forms computed on the server from the rule rows.

use super::api::{loan_rounds, RoundsNow};
use crate::facilities::booking::query_param;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use domain::programmes::allowance::{annual, parse_month, parse_year, years};
use domain::programmes::applications::{required_documents, usual_drawdown, Answers, LoanAnswers, VeteranAnswers};
use domain::programmes::catalogue::catalogue;
use domain::programmes::loan::{check_amount, parse_won, schedule, Collateral, Industry, Purpose};
use domain::programmes::rules::{loan_rules, LOAN_RULES, ALLOWANCE_RULES};
use domain::programmes::{won, DocumentKind, ProgrammeError};
use domain::{IsoDate, Lang};
use leptos::prelude::*;
use leptos_meta::Title;

/// The loan's window as a sentence: open until …, or the next round, or none announced.
pub fn window_text(rounds: &RoundsNow, lang: Lang) -> String {
    match (rounds.open(), rounds.next(), lang) {
        (Some(r), _, Lang::Ko) => format!("{} 접수 중: {}–{} (담보평가 마감 {})", r.name(lang), r.opens, r.closes, r.collateral_deadline),
        (Some(r), _, Lang::En) => format!("{} open: {} to {} (collateral evaluation by {})", r.name(lang), r.opens, r.closes, r.collateral_deadline),
        (None, Some(r), Lang::Ko) => format!("지금은 접수 기간이 아닙니다. 다음 접수: {} ({}–{})", r.name(lang), r.opens, r.closes),
        (None, Some(r), Lang::En) => format!("Closed now. Next: {} ({} to {})", r.name(lang), r.opens, r.closes),
        (None, None, l) => l.pick("지금은 접수 기간이 아닙니다. 다음 일정은 공고로 알려 드립니다.", "Closed now; the next round will be announced.").to_string(),
    }
}

#[component]
pub fn ProgrammesPage() -> impl IntoView {
    let lang = use_lang();
    let rounds = Resource::new_blocking(|| (), |_| loan_rounds());
    view! {
        <Title text=lang.pick("지원 사업", "District programmes")/>
        <crate::Description ko="중소기업 육성자금, 보훈예우수당, 사회적경제: 받을 수 있는지, 얼마인지 확인하고 신청하세요."
            en="SME loans, the veterans' allowance and the social economy: check whether you qualify, what you would get, and apply."/>
        <section class="wrap programmes">
            <h1>{lang.pick("지원 사업", "District programmes")}</h1>
            <p class="lead">{lang.pick("받을 수 있는지, 얼마를 받는지, 어떤 서류가 필요한지 보도자료를 찾지 않고 바로 확인하세요.",
                "See whether you qualify, what you would get and which documents to bring, without hunting for a press release.")}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match rounds.await {
                        Ok(rounds) => programme_cards(&rounds, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn programme_cards(rounds: &RoundsNow, lang: Lang) -> AnyView {
    let cards = catalogue(rounds.today)
        .into_iter()
        .map(|p| {
            let window = (p.slug == "sme-loan").then(|| view! { <p class="window" data-testid="loan-window">{window_text(rounds, lang)}</p> });
            view! {
                <a class="area programme-card" href=p.page() data-testid="programme" data-programme=p.slug>
                    <h2>{p.name(lang)}</h2>
                    <p class="muted">{p.for_whom(lang)}</p>
                    <p>{p.gives(lang).to_string()}</p>
                    {window}
                </a>
            }
        })
        .collect_view();
    view! {
        <div class="areas programme-grid">{cards}</div>
        <p><a href="/me/applications">{lang.pick("내 신청 보기", "My applications")}</a></p>
    }
    .into_any()
}

fn document_list(docs: Vec<DocumentKind>, lang: Lang) -> impl IntoView {
    view! { <ul data-testid="documents-to-bring">{docs.into_iter().map(|d| view! { <li>{d.label(lang)}</li> }).collect_view()}</ul> }
}

/// The loan's documents, as a list for a sole proprietor with the corporation's extra one marked.
fn loan_documents(lang: Lang) -> impl IntoView {
    use DocumentKind::*;
    let docs = [ApplicationForm, BusinessPlan, BusinessRegistration, CorporateRegistration, NationalTax, LocalTax, VatBase];
    view! {
        <ul data-testid="documents-to-bring">
            {docs.into_iter().map(|d| {
                let note = (d == CorporateRegistration).then(|| view! { <span class="muted">{lang.pick(" (법인만)", " (companies only)")}</span> });
                view! { <li>{d.label(lang)}{note}</li> }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn SmeLoanPage() -> impl IntoView {
    let lang = use_lang();
    let rounds = Resource::new_blocking(|| (), |_| loan_rounds());
    view! {
        <Title text=lang.pick("중소기업 육성자금 융자", "SME development-fund loan")/>
        <crate::Description ko="구 중소기업 육성자금: 대상, 한도, 금리, 상환 일정과 필요 서류를 확인하고 신청하세요."
            en="The district's SME development fund: who may borrow, how much, the rate, the repayment schedule and the documents, and apply."/>
        <section class="wrap programme">
            <p class="crumbs"><a href="/programmes">{lang.pick("지원 사업", "District programmes")}</a></p>
            <h1>{lang.pick("중소기업 육성자금 융자", "SME development-fund loan")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match rounds.await {
                        Ok(rounds) => loan_page(rounds, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn loan_page(rounds: RoundsNow, lang: Lang) -> AnyView {
    let year = rounds.open().map_or(rounds.today.year(), |r| r.year);
    let Some(rules) = loan_rules(year).or_else(|| LOAN_RULES.last()) else { return ().into_any() };
    let excluded: Vec<&str> = Industry::ALL.into_iter().filter(|i| i.excluded()).map(|i| i.label(lang)).collect();
    let apply = rounds.open().map(|_| view! { <p><a class="button primary" href="/programmes/sme-loan/apply" data-testid="apply-link">{lang.pick("자격 확인하고 신청하기", "Check eligibility and apply")}</a></p> });
    let check_only = rounds.open().is_none().then(|| view! { <p><a class="button secondary" href="/programmes/sme-loan/apply">{lang.pick("자격 확인하기", "Check eligibility")}</a></p> });
    let round_rows = rounds.rounds.iter().rev().take(4).map(|r| view! {
        <tr><th scope="row">{r.name(lang)}</th><td>{format!("{} – {}", r.opens, r.closes)}</td><td>{r.collateral_deadline.to_string()}</td><td>{r.drawdown.to_string()}</td></tr>
    }).collect_view();
    view! {
        <p class="lead">{lang.pick("구 안에서 영업하는 중소기업과 소상공인에게 시설자금과 운영자금을 낮은 금리로 빌려 드립니다.",
            "Facility and operating funds at a low rate for small and medium enterprises and small business owners operating in the district.")}</p>
        <p class="window" data-testid="loan-window"><strong>{window_text(&rounds, lang)}</strong></p>
        {apply}{check_only}
        <dl class="facts" data-testid="loan-facts">
            <dt>{lang.pick("한도", "Up to")}</dt>
            <dd>{match lang {
                Lang::Ko => format!("업체당 {} (신용보증서 담보는 {}, 부동산 담보는 은행 담보평가액 안에서)", won(rules.cap_krw, lang), won(rules.guarantee_cap_krw, lang)),
                Lang::En => format!("{} per company ({} against a credit-guarantee certificate; against real estate, within the bank's evaluation)", won(rules.cap_krw, lang), won(rules.guarantee_cap_krw, lang)),
            }}</dd>
            <dt>{lang.pick("금리", "Rate")}</dt>
            <dd>{match lang {
                Lang::Ko => format!("{}년 연 {} (사업 연도마다 정합니다. 2023년은 0.8%)", rules.year, rules.rate_text()),
                Lang::En => format!("{} a year in {} (set each programme year; 0.8% in 2023)", rules.rate_text(), rules.year),
            }}</dd>
            <dt>{lang.pick("상환", "Repayment")}</dt>
            <dd>{match lang {
                Lang::Ko => format!("{}개월 거치 후 {}년 동안 {}개월마다 원금 균등분할상환", rules.grace_months, rules.repay_months / 12, rules.every_months),
                Lang::En => format!("{} months' grace, then equal principal instalments every {} months for {} years", rules.grace_months, rules.every_months, rules.repay_months / 12),
            }}</dd>
            <dt>{lang.pick("제외 업종", "Not for")}</dt><dd>{excluded.join(", ")}</dd>
            <dt>{lang.pick("신청 전", "Before applying")}</dt>
            <dd>{lang.pick("협약 은행에서 담보평가(또는 신용보증서 발급)를 차수별 마감일까지 받아 두세요.",
                "Have the partner bank evaluate your collateral (or issue the guarantee certificate) by the round's deadline.")}</dd>
        </dl>
        <h2>{lang.pick("접수 차수", "Application rounds")}</h2>
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("접수 차수", "Application rounds")>
            <table class="data-table">
                <thead><tr><th scope="col">{lang.pick("차수", "Round")}</th><th scope="col">{lang.pick("접수 기간", "Applications")}</th>
                    <th scope="col">{lang.pick("담보평가 마감", "Collateral by")}</th><th scope="col">{lang.pick("융자 실행", "Paid out")}</th></tr></thead>
                <tbody>{round_rows}</tbody>
            </table>
        </div>
        <h2>{lang.pick("필요 서류", "Documents to bring")}</h2>
        {loan_documents(lang)}
        <p class="hint">{lang.pick("서류는 PDF, PNG, JPEG 파일(각 10MB까지)로 올립니다.", "Upload each as a PDF, PNG or JPEG file of up to 10 MB.")}</p>
        <LoanCalculator rounds lang/>
    }
    .into_any()
}

/// The repayment calculator: amount, collateral, programme year → every payment.
#[component]
fn LoanCalculator(rounds: RoundsNow, lang: Lang) -> impl IntoView {
    let (amount, collateral, year) = (query_param("amount"), query_param("collateral"), query_param("year"));
    let chosen_year = parse_year(&year).ok().filter(|y| loan_rules(*y).is_some()).unwrap_or(rounds.open().map_or(rounds.today.year(), |r| r.year));
    let chosen_collateral = Collateral::parse(&collateral).unwrap_or(Collateral::RealEstate);
    let result = (!amount.is_empty()).then(|| {
        let asked = if year.is_empty() { Ok(chosen_year) } else { parse_year(&year) };
        let rules = asked.and_then(|y| loan_rules(y).ok_or(ProgrammeError::YearNotCovered));
        let checked = rules.and_then(|rules| {
            let amount = parse_won(&amount)?;
            let collateral = Collateral::parse(&collateral)?;
            check_amount(rules, amount, collateral, None)?;
            Ok((rules, amount, collateral))
        });
        match checked {
            Ok((rules, amount, collateral)) => schedule_view(rules, amount, collateral, usual_drawdown(&rounds.rounds, rules.year), lang).into_any(),
            Err(e) => {
                crate::status::set_status(400);
                view! { <p class="error" role="alert" data-testid="page-error">{e.message(lang)}</p> }.into_any()
            }
        }
    });
    let years = LOAN_RULES.iter().map(|r| view! { <option value=r.year.to_string() selected=r.year == chosen_year>{format!("{} ({})", r.year, r.rate_text())}</option> }).collect_view();
    view! {
        <h2 id="calculator">{lang.pick("상환 계획 계산", "Repayment calculator")}</h2>
        <form method="get" action="/programmes/sme-loan#calculator" class="stack-form" data-testid="schedule-form">
            <label for="calc-amount">{lang.pick("융자 금액(원)", "Amount (won)")}</label>
            <input id="calc-amount" name="amount" type="text" inputmode="numeric" required value=amount.clone() autocomplete="off"
                aria-describedby="calc-amount-hint"/>
            <p class="hint" id="calc-amount-hint">{lang.pick("1,000,000원 단위, 예: 50,000,000", "In steps of 1,000,000, e.g. 50,000,000")}</p>
            <label for="calc-collateral">{lang.pick("담보", "Collateral")}</label>
            <select id="calc-collateral" name="collateral">
                {Collateral::ALL.into_iter().map(|c| view! { <option value=c.slug() selected=c == chosen_collateral>{c.label(lang)}</option> }).collect_view()}
            </select>
            <label for="calc-year">{lang.pick("사업 연도(금리)", "Programme year (rate)")}</label>
            <select id="calc-year" name="year">{years}</select>
            <button type="submit" class="button">{lang.pick("계산하기", "Calculate")}</button>
        </form>
        {result}
    }
}

/// Every payment of the schedule, the totals, and the CSV of the same.
pub fn schedule_view(rules: &domain::programmes::rules::LoanRules, amount: u64, collateral: Collateral, drawdown: IsoDate, lang: Lang) -> impl IntoView {
    let plan = schedule(rules, amount, drawdown);
    let csv = format!("/api/v1/programmes/sme-loan/schedule?amount={amount}&collateral={}&year={}&start={drawdown}&format=csv", collateral.slug(), rules.year);
    let rows = plan.payments.iter().map(|p| view! {
        <tr>
            <th scope="row">{p.number}</th><td>{p.date.to_string()}</td>
            <td class="num">{won(p.principal_krw, lang)}</td><td class="num">{won(p.interest_krw, lang)}</td>
            <td class="num">{won(p.total_krw, lang)}</td><td class="num">{won(p.remaining_krw, lang)}</td>
        </tr>
    }).collect_view();
    let caption = match lang {
        Lang::Ko => format!("{} 융자, 연 {}, {} 실행 기준", won(amount, lang), rules.rate_text(), drawdown),
        Lang::En => format!("{} at {} a year, paid out on {}", won(amount, lang), rules.rate_text(), drawdown),
    };
    view! {
        <div class="schedule" data-testid="schedule">
            <p class="hint">{lang.pick("이자는 남은 원금에 날짜 수만큼(연 365일 기준) 계산해 회차마다 원 단위로 반올림합니다. 마지막 회차가 나누고 남은 원금을 함께 갚습니다.",
                "Interest is computed on the outstanding principal by the day (a 365-day year) and rounded to the won for each payment; the last instalment takes any won left by the division.")}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("상환 계획", "Repayment schedule")>
                <table class="data-table schedule-table">
                    <caption>{caption}</caption>
                    <thead><tr>
                        <th scope="col">{lang.pick("회차", "No.")}</th><th scope="col">{lang.pick("납입일", "Date")}</th>
                        <th scope="col">{lang.pick("원금", "Principal")}</th><th scope="col">{lang.pick("이자", "Interest")}</th>
                        <th scope="col">{lang.pick("납입액", "Payment")}</th><th scope="col">{lang.pick("남은 원금", "Remaining")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr>
                        <th scope="row" colspan="2">{lang.pick("합계", "Total")}</th>
                        <td class="num" data-testid="total-principal">{won(plan.total_principal_krw, lang)}</td>
                        <td class="num" data-testid="total-interest">{won(plan.total_interest_krw, lang)}</td>
                        <td class="num">{won(plan.total_principal_krw + plan.total_interest_krw, lang)}</td><td></td>
                    </tr></tfoot>
                </table>
            </div>
            <p><a href=csv download="" data-testid="schedule-csv">{lang.pick("상환 계획 CSV 내려받기", "Download the schedule (CSV)")}</a></p>
        </div>
    }
}

#[component]
pub fn VeteransPage() -> impl IntoView {
    let lang = use_lang();
    let rounds = Resource::new_blocking(|| (), |_| loan_rounds());
    view! {
        <Title text=lang.pick("보훈예우수당", "Veterans' honour allowance")/>
        <crate::Description ko="구에 사는 국가유공자의 보훈예우수당: 받는 금액을 계산하고 신청하세요."
            en="The veterans' honour allowance for national veterans living in the district: see what you receive and apply."/>
        <section class="wrap programme">
            <p class="crumbs"><a href="/programmes">{lang.pick("지원 사업", "District programmes")}</a></p>
            <h1>{lang.pick("보훈예우수당", "Veterans' honour allowance")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match rounds.await {
                        Ok(rounds) => veterans_page(rounds.today, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn veterans_page(today: IsoDate, lang: Lang) -> AnyView {
    let Some(rules) = domain::programmes::rules::allowance_on(ALLOWANCE_RULES, today) else { return ().into_any() };
    let (year, from) = (query_param("year"), query_param("from_month"));
    let chosen_year = parse_year(&year).unwrap_or(today.year());
    let chosen_from = parse_month(&from).unwrap_or(1);
    let computed = (if year.is_empty() { Ok(today.year()) } else { parse_year(&year) }).and_then(|y| annual(ALLOWANCE_RULES, y, parse_month(&from)?));
    let result = match computed {
        Ok(a) => {
            let rows = a.items.iter().map(|i| view! {
                <tr><th scope="row">{match lang { Lang::Ko => format!("{}월", i.month), Lang::En => month_name(i.month).to_string() }}</th>
                    <td>{i.kind.label(lang)}</td><td class="num">{won(i.amount_krw, lang)}</td></tr>
            }).collect_view();
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("연간 지급액", "A year's payments")>
                    <table class="data-table" data-testid="allowance-year">
                        <caption>{match lang { Lang::Ko => format!("{}년, {}월부터", a.year, a.from_month), Lang::En => format!("{} from {}", a.year, month_name(a.from_month)) }}</caption>
                        <thead><tr><th scope="col">{lang.pick("월", "Month")}</th><th scope="col">{lang.pick("내용", "What")}</th><th scope="col">{lang.pick("금액", "Amount")}</th></tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr><th scope="row" colspan="2">{lang.pick("한 해 합계", "The year's total")}</th><td class="num" data-testid="allowance-total">{won(a.total_krw, lang)}</td></tr></tfoot>
                    </table>
                </div>
                <p class="hint">{match lang {
                    Lang::Ko => format!("받는 분이 돌아가시면 유족에게 조위금 {}을 한 번 드립니다.", won(a.condolence_krw, lang)),
                    Lang::En => format!("When a recipient dies, the bereaved family receives a condolence payment of {} once.", won(a.condolence_krw, lang)),
                }}</p>
            }.into_any()
        }
        Err(e) => {
            crate::status::set_status(400);
            view! { <p class="error" role="alert" data-testid="page-error">{e.message(lang)}</p> }.into_any()
        }
    };
    let year_options = years(ALLOWANCE_RULES).into_iter().map(|y| view! { <option value=y.to_string() selected=y == chosen_year>{y.to_string()}</option> }).collect_view();
    let month_options = (1u8..=12).map(|m| view! { <option value=m.to_string() selected=m == chosen_from>{match lang { Lang::Ko => format!("{m}월"), Lang::En => month_name(m).to_string() }}</option> }).collect_view();
    view! {
        <p class="lead">{lang.pick("구에 사는 등록 국가유공자에게 매달 보훈예우수당을 드립니다.", "Registered national veterans living in the district receive a monthly honour allowance.")}</p>
        <dl class="facts" data-testid="allowance-facts">
            <dt>{lang.pick("매월", "Monthly")}</dt><dd>{won(rules.monthly_krw, lang)}</dd>
            <dt>{lang.pick("위문금", "Consolation")}</dt>
            <dd>{match lang {
                Lang::Ko => format!("설날, 추석, 6월 호국보훈의 달에 각 {}", won(rules.consolation_krw, lang)),
                Lang::En => format!("{} each at Lunar New Year, Chuseok and in Veterans' Month (June)", won(rules.consolation_krw, lang)),
            }}</dd>
            <dt>{lang.pick("조위금", "Condolence")}</dt>
            <dd>{match lang { Lang::Ko => format!("유족에게 {}", won(rules.condolence_krw, lang)), Lang::En => format!("{} to the bereaved family", won(rules.condolence_krw, lang)) }}</dd>
            <dt>{lang.pick("신청", "Applying")}</dt>
            <dd>{lang.pick("서울시 보훈예우수당을 받는 분은 신청하지 않아도 됩니다. 새로 전입한 분은 국가유공자증과 통장 사본으로 신청합니다.",
                "Recipients of Seoul's allowance are enrolled without applying. Newcomers apply with their national-merit certificate and a copy of their bankbook.")}</dd>
        </dl>
        <p><a class="button primary" href="/programmes/veterans-allowance/apply" data-testid="apply-link">{lang.pick("신청하기", "Apply")}</a></p>
        <h2 id="calculator">{lang.pick("한 해에 받는 금액", "What you receive in a year")}</h2>
        <form method="get" action="/programmes/veterans-allowance#calculator" class="stack-form" data-testid="allowance-form">
            <label for="allowance-year">{lang.pick("연도", "Year")}</label>
            <select id="allowance-year" name="year">{year_options}</select>
            <label for="allowance-from">{lang.pick("받기 시작한 달", "First month received")}</label>
            <select id="allowance-from" name="from_month">{month_options}</select>
            <button type="submit" class="button">{lang.pick("계산하기", "Calculate")}</button>
        </form>
        {result}
    }
    .into_any()
}

pub fn month_name(m: u8) -> &'static str {
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"].get(usize::from(m).saturating_sub(1)).copied().unwrap_or("")
}

/// The answers as a list, for the check page and the application's page.
pub fn answers_view(answers: &Answers, lang: Lang) -> impl IntoView {
    match answers {
        Answers::SmeLoan(a) => loan_answers(a, lang).into_any(),
        Answers::VeteransAllowance(a) => veteran_answers(a, lang).into_any(),
    }
}

fn loan_answers(a: &LoanAnswers, lang: Lang) -> impl IntoView {
    let yes_no = |b: bool| if b { lang.pick("예", "Yes") } else { lang.pick("아니요", "No") };
    view! {
        <dl class="facts" data-testid="answers">
            <dt>{lang.pick("상호", "Business")}</dt><dd>{a.business_name.clone()}</dd>
            <dt>{lang.pick("사업자등록번호", "Registration no.")}</dt><dd>{a.business_number.clone()}</dd>
            <dt>{lang.pick("법인", "Company")}</dt><dd>{yes_no(a.corporation)}</dd>
            <dt>{lang.pick("업종", "Industry")}</dt><dd>{a.industry.label(lang)}</dd>
            <dt>{lang.pick("담보", "Collateral")}</dt><dd>{a.collateral.label(lang)}{a.evaluated_krw.map(|v| format!(" ({})", won(v, lang)))}</dd>
            <dt>{lang.pick("담보평가일", "Evaluated on")}</dt><dd>{a.evaluated_on.to_string()}</dd>
            <dt>{lang.pick("신청 금액", "Amount")}</dt><dd>{won(a.amount_krw, lang)}</dd>
            <dt>{lang.pick("용도", "For")}</dt><dd>{a.purpose.label(lang)}</dd>
        </dl>
    }
}

fn veteran_answers(a: &VeteranAnswers, lang: Lang) -> impl IntoView {
    view! {
        <dl class="facts" data-testid="answers">
            <dt>{lang.pick("국가유공자증 번호", "Certificate number")}</dt><dd>{a.certificate_number.clone()}</dd>
        </dl>
    }
}

/// The documents an application needs, as a list.
pub fn needed_documents(answers: &Answers, lang: Lang) -> impl IntoView {
    document_list(required_documents(answers), lang)
}

pub fn purpose_options(chosen: &str, lang: Lang) -> impl IntoView {
    [Purpose::Facility, Purpose::Operating].into_iter().map(|p| {
        let id = format!("purpose-{}", p.slug());
        view! {
            <li class="choice">
                <input type="radio" name="purpose" id=id.clone() value=p.slug() checked=chosen == p.slug() required/>
                <label for=id>{p.label(lang)}</label>
            </li>
        }
    }).collect_view()
}
