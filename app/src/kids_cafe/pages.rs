//! The kids-café pages: the cafés, their rules and branches (`/kids-cafe`), and one branch's week
//! with seats left (`/kids-cafe/:branch?week=YYYY-MM-DD`). Seats change: no page here is cached.

use super::api::{kids_cafe_today, kids_cafe_week, BranchWeek};
use super::components::*;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::status::set_status;
use domain::kids_cafe::{Branch, BranchStatus, Opening, Week, WeekError, FEE_KRW};
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A failure the resident cannot fix: the status and message of the `AppError`, never details.
pub(crate) fn failed(error: &AppError, lang: Lang) -> AnyView {
    set_status(error.status());
    view! { <p class="error" role="alert" data-testid="page-error">{error.message(lang)}</p> }.into_any()
}

#[component]
pub fn KidsCafePage() -> impl IntoView {
    let lang = use_lang();
    let today = Resource::new_blocking(|| (), |_| kids_cafe_today());
    view! {
        <Title text=lang.pick("꿈이랑팡팡 키즈카페", "Kkumipangpang kids cafés")/>
        <crate::Description ko="생후 24개월부터 취학 전 어린이가 보호자와 함께 2시간 노는 공공 키즈카페. 1회 2,000원, 다음 주 회차는 화요일 9시에 열립니다."
            en="Public kids cafés where children from 24 months to school age play for 2 hours with a guardian. KRW 2,000 a session; next week's sessions open on Tuesday at 09:00."/>
        <section class="wrap kids-cafe">
            <h1>{lang.pick("꿈이랑팡팡 키즈카페", "Kkumipangpang kids cafés")}</h1>
            <p class="lead">{lang.pick(
                "우리 구가 운영하는 실내 놀이터입니다. 생후 24개월부터 초등학교 입학 전 어린이가 보호자와 함께 안전하게 놀 수 있습니다.",
                "Indoor playgrounds run by the district, where children from 24 months until they start school play safely with a guardian.")}</p>
            <div class="kids-info">
                <Rules lang/>
                <Prices lang/>
            </div>
            <h2>{lang.pick("지점", "Branches")}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match today.await {
                        Ok(today) => view! {
                            <ul class="district-list branch-list">
                                {Branch::ALL.into_iter().map(|b| view! { <BranchCard branch=b status=b.status(today) lang/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
            <p><a href="/kids-cafe/stats">{lang.pick("지점별 이용 통계 (예약, 취소, 노쇼, 추첨 경쟁률)", "Figures per branch: bookings, cancellations, no-shows, lottery odds")}</a></p>
        </section>
    }
}

#[component]
fn Rules(lang: Lang) -> impl IntoView {
    let rules = [
        ("생후 24개월부터 초등학교 입학 전 어린이가 이용합니다.", "For children from 24 months old until they start school."),
        ("보호자가 꼭 함께 와서 어린이와 같이 있어야 합니다.", "A guardian comes along and stays with the child."),
        ("한 회차는 2시간이며, 회차 사이 30분 동안 소독과 청소를 합니다.", "A session lasts 2 hours; 30 minutes of cleaning follow each one."),
        ("한 어린이는 하루에 한 회차만 예약할 수 있습니다.", "A child can be booked into one session a day."),
        ("다음 주 회차는 매주 화요일 오전 9시에 열립니다. 선착순 지점은 그때부터 예약하고, 추첨 지점은 그때부터 24시간 동안 신청을 받아 추첨합니다(지점 주간 화면에 적혀 있습니다).",
            "Next week's sessions open every Tuesday at 09:00: at a first-come branch you book from then; at a lottery branch you apply for 24 hours from then and seats are drawn (each branch's week says which)."),
        ("예약 취소는 시작 30분 전까지 할 수 있습니다.", "You can cancel until 30 minutes before the start."),
        ("예약하고 오지 않으면 30일 동안 예약할 수 없습니다.", "A no-show blocks booking for 30 days."),
    ];
    view! {
        <section class="kids-rules" aria-labelledby="kids-rules-title">
            <h2 id="kids-rules-title">{lang.pick("이용 규칙", "Rules")}</h2>
            <ul>{rules.into_iter().map(|(ko, en)| view! { <li>{lang.pick(ko, en)}</li> }).collect_view()}</ul>
        </section>
    }
}

#[component]
fn Prices(lang: Lang) -> impl IntoView {
    // the times come from the opening rule, on any day the cafés are open (a Tuesday)
    let tuesday = domain::IsoDate::parse("2026-11-24").expect("a date");
    let starts: Vec<String> = Opening::default().sessions_on(tuesday).iter().map(|(s, _)| s.clock_text()).collect();
    let times = match lang {
        Lang::Ko => format!("{} (각 2시간)", starts.join(", ")),
        Lang::En => format!("{} (2 hours each)", starts.join(", ")),
    };
    view! {
        <section class="kids-prices" aria-labelledby="kids-prices-title">
            <h2 id="kids-prices-title">{lang.pick("이용료와 시간", "Prices and times")}</h2>
            <dl class="facts">
                <dt>{lang.pick("이용료", "Fee")}</dt>
                <dd>{match lang { Lang::Ko => format!("어린이 1명 1회 {}", won(FEE_KRW, lang)), Lang::En => format!("{} per child per session", won(FEE_KRW, lang)) }}</dd>
                <dt>{lang.pick("감면", "Waived")}</dt>
                <dd>{lang.pick("기초생활수급 가구 무료 (예약할 때 신고, 현장에서 확인)", "Free for basic-livelihood recipients (declared when booking, checked on site)")}</dd>
                <dt>{lang.pick("보호자", "Guardians")}</dt><dd>{lang.pick("무료", "Free")}</dd>
                <dt>{lang.pick("회차", "Sessions")}</dt><dd>{times}</dd>
                <dt>{lang.pick("휴관일", "Closed")}</dt><dd>{closing_day_note(lang)}</dd>
            </dl>
        </section>
    }
}

/// How this week's seats are given: first come from the opening, or by lottery (with the window
/// and the way to apply).
fn opening_note(branch: Branch, week: Week, lottery: Option<(domain::SeoulTime, domain::SeoulTime)>, now: domain::SeoulTime, lang: Lang) -> AnyView {
    let day = |t: domain::SeoulTime| format!("{} {}", domain::sessions::day_label(t.date(), lang), t.clock_text());
    match lottery {
        None => {
            let opens = domain::kids_cafe::booking_opens(week.monday());
            view! { <span data-testid="opening-note">{match lang {
                Lang::Ko => format!("이 주의 회차는 {}에 선착순 예약이 열립니다.", day(opens)),
                Lang::En => format!("This week's sessions open for booking, first come, on {}.", day(opens)),
            }}</span> }.into_any()
        }
        Some((opens, draws)) => view! {
            <span data-testid="opening-note">{match (lang, now < draws) {
                (Lang::Ko, true) => format!("이 주의 자리는 추첨으로 정합니다. 신청 기간은 {}부터 {}까지이고, 그때 추첨합니다. ", day(opens), day(draws)),
                (Lang::En, true) => format!("This week's seats are given by lottery: apply from {} until {}, when the draw is made. ", day(opens), day(draws)),
                (Lang::Ko, false) => format!("이 주의 자리는 {}에 추첨했습니다. 남은 자리는 추첨이 끝난 뒤 선착순으로 예약할 수 있습니다. ", day(draws)),
                (Lang::En, false) => format!("This week's seats were drawn by lottery on {}; seats left after the draw can be booked first come. ", day(draws)),
            }}</span>
            <a href=format!("/kids-cafe/lottery/{}?week={}", branch.slug(), week.monday()) data-testid="lottery-link">
                {lang.pick("추첨 신청과 결과", "Apply and see the results")}</a>
        }.into_any(),
    }
}

/// What the week page was asked: a branch (or none: not found) and a week (or a refused one).
type WeekAsked = Option<(Branch, Result<Option<Week>, WeekError>)>;

#[component]
pub fn BranchWeekPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let asked = move || -> WeekAsked {
        let branch = Branch::parse(&params.read().get("branch").unwrap_or_default())?;
        let week = query.read().get("week").map(|w| Week::parse(&w)).transpose();
        Some((branch, week))
    };
    let week = Resource::new_blocking(asked, |asked| async move {
        match asked {
            Some((branch, Ok(week))) => Some(kids_cafe_week(branch, week).await.map(Ok)),
            Some((_, Err(e))) => Some(Ok(Err(e))),
            None => None,
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match week.await {
                    None => view! { <crate::layout::NotFound/> }.into_any(),
                    Some(Ok(Ok(week))) => view! { <WeekView week lang/> }.into_any(),
                    Some(Ok(Err(e))) => bad_week(e, lang),
                    Some(Err(e)) => view! { <section class="wrap">{failed(&e, lang)}</section> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn bad_week(e: WeekError, lang: Lang) -> AnyView {
    set_status(400);
    view! {
        <Title text=lang.pick("잘못된 주", "Unknown week")/>
        <section class="wrap notice">
            <h1>{lang.pick("주를 읽을 수 없습니다", "That week cannot be read")}</h1>
            <p class="error" role="alert" data-testid="page-error">{e.message(lang)}</p>
            <p><a href="/kids-cafe">{lang.pick("키즈카페 처음으로", "Back to the kids cafés")}</a></p>
        </section>
    }
    .into_any()
}

#[component]
fn WeekView(week: BranchWeek, lang: Lang) -> impl IntoView {
    let BranchWeek { branch, week, today, now, sessions, lottery } = week;
    let by_lottery = lottery.is_some();
    let status = branch.status(today);
    let closed_on = Opening::default().closed_on;
    let range = format!("{} – {}", domain::sessions::day_label(week.monday(), lang), domain::sessions::day_label(week.end().plus_days(-1), lang));
    let days = week.days().filter(|d| d.date().weekday() != closed_on).map(|day| {
        let of_day: Vec<_> = sessions.iter().filter(|s| s.date() == day).cloned().collect();
        view! {
            <li class="week-day" data-testid="week-day" data-date=day.to_string() aria-current=(day == today).then_some("date")>
                <h3>{day_heading(day, lang)}</h3>
                {if of_day.is_empty() {
                    view! { <p class="muted no-sessions">{lang.pick("회차 없음", "No sessions")}</p> }.into_any()
                } else {
                    view! { <ul class="sessions">{of_day.into_iter().map(|session| view! { <SessionCell session now by_lottery lang/> }).collect_view()}</ul> }.into_any()
                }}
            </li>
        }
    }).collect_view();
    view! {
        <Title text=branch.name(lang).to_string()/>
        <leptos_meta::Meta name="description" content=match lang {
            Lang::Ko => format!("{} ({}): {}의 회차별 남은 자리와 예약. 어린이 1명 1회 {}, 2시간.", branch.name(lang), branch.address(lang), range.clone(), won(FEE_KRW, lang)),
            Lang::En => format!("{} ({}): seats left in each session of {}, and booking. {} per child for 2 hours.", branch.name(lang), branch.address(lang), range.clone(), won(FEE_KRW, lang)),
        }/>
        <section class="wrap branch-week">
            <p class="crumbs"><a href="/kids-cafe">{lang.pick("키즈카페", "Kids cafés")}</a>" › "{branch.name(lang)}</p>
            <h1>{branch.name(lang)}</h1>
            <p class="lead">{branch.address(lang)}</p>
            {(status != BranchStatus::Open).then(|| view! { <p class="status-note" data-testid="branch-status">{status.label(lang)}</p> })}
            <nav class="week-nav" aria-label=lang.pick("주 이동", "Weeks")>
                <a class="page" rel="prev" href=week_href(branch, week.previous())>{lang.pick("← 이전 주", "← Previous week")}</a>
                <h2 class="week-range" data-testid="week-range">{range}</h2>
                <a class="page" rel="next" href=week_href(branch, week.next())>{lang.pick("다음 주 →", "Next week →")}</a>
            </nav>
            <p class="muted">{closing_day_note(lang)}" "{opening_note(branch, week, lottery, now, lang)}</p>
            <ol class="week">{days}</ol>
            <super::seats_live::SeatsLive><super::seats_live::RefreshLink lang/></super::seats_live::SeatsLive>
        </section>
    }
}
