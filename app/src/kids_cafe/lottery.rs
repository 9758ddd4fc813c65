//! The fair opening by lottery, as residents and outsiders see it: a branch's opening mode, a week's
//! round (window, commitment, the applications by id, and after the draw the seed and winners),
//! applying instead of booking (`/api/apply_lottery`), and the public page
//! `/kids-cafe/lottery/:branch?week=` that explains how to re-run the draw by hand.

use crate::error::AppError;
use crate::i18n::use_lang;
use domain::kids_cafe::{Branch, Week, WeekError};
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// How a branch opens next week's sessions; staff choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpeningMode {
    FirstCome,
    Lottery,
}

impl OpeningMode {
    pub fn slug(self) -> &'static str {
        match self {
            OpeningMode::FirstCome => "first_come",
            OpeningMode::Lottery => "lottery",
        }
    }

    pub fn parse(s: &str) -> Option<OpeningMode> {
        [OpeningMode::FirstCome, OpeningMode::Lottery].into_iter().find(|m| m.slug() == s.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            OpeningMode::FirstCome => lang.pick("선착순", "First come"),
            OpeningMode::Lottery => lang.pick("추첨", "Lottery"),
        }
    }
}

/// One application as published: its id, a household number local to the round (no names, no
/// account ids) and that household's wins earlier the same week in other branches' rounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedApplication {
    pub id: i64,
    pub household: i64,
    pub prior_wins: u32,
}

/// One session of a round: its applications, and after the draw the seats drawn for, the
/// winners and the waitlist in draw order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDraw {
    pub session: i64,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub starts_at: String,
    pub applications: Vec<PublishedApplication>,
    pub seats: Option<u32>,
    pub winners: Vec<i64>,
    pub waitlist: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub opens_at: String,
    pub draws_at: String,
    pub commitment: String,
    /// Published once drawn.
    pub seed: Option<String>,
    pub drawn_at: Option<String>,
    /// In the order they are drawn.
    pub sessions: Vec<SessionDraw>,
}

/// A branch's week as the lottery page shows it; `round` is none in first-come weeks and before
/// the window opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundView {
    pub branch: Branch,
    pub week: Week,
    pub mode: OpeningMode,
    pub round: Option<Round>,
    /// While applications are taken: the week's sessions one may apply for (id, `YYYY-MM-DD HH:MM`).
    pub open_for_applications: Vec<(i64, String)>,
}

/// A week's lottery figures for the statistics page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotteryOdds {
    pub branch: String,
    pub week_start: domain::IsoDate,
    pub applications: u32,
    pub seats: u32,
    pub winners: u32,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use domain::accounts::{AccountId, ChildId};
    use domain::courses::BoxFuture;
    use domain::seats::SessionId;
    use domain::SeoulTime;
    use std::sync::Arc;

    /// The lottery's storage, as the server functions need it.
    pub trait LotteryDesk: Send + Sync {
        /// Applies `child` of `account` for `session`, on the same rules as booking it; the
        /// application id and the round's branch and week. `fee_waived` is kept for the booking.
        fn apply(&self, account: AccountId, child: ChildId, session: SessionId, fee_waived: bool, now: SeoulTime)
            -> BoxFuture<'_, Result<(i64, Branch, Week), AppError>>;
        fn round(&self, branch: Branch, week: Week, now: SeoulTime) -> BoxFuture<'_, Result<RoundView, AppError>>;
        /// Every drawn round's figures, oldest week first.
        fn odds(&self) -> BoxFuture<'_, Result<Vec<LotteryOdds>, AppError>>;
    }

    pub fn desk() -> Result<Arc<dyn LotteryDesk>, AppError> {
        use_context::<Arc<dyn LotteryDesk>>().ok_or(AppError::Unavailable)
    }

    pub fn unreadable(what_ko: &str, what_en: &str) -> AppError {
        AppError::bad_request(format!("{what_ko}을(를) 읽을 수 없습니다."), format!("The {what_en} cannot be read."))
    }
}


/// Applies for a session of a branch in lottery mode, between the opening and the draw. `session`
/// and `child` are positive ids; the child must be the signed-in guardian's. `fee_waived` (a
/// checkbox, as when booking) declares basic livelihood: a seat won is then booked free.
#[server(endpoint = "apply_lottery")]
pub async fn apply_lottery(session: String, child: String, fee_waived: Option<String>) -> Result<i64, AppError> {
    use domain::accounts::ChildId;
    use domain::seats::SessionId;
    use ssr::unreadable;
    let session = SessionId::parse(&session).ok_or_else(|| unreadable("회차", "session"))?;
    let child = child.trim().parse::<i64>().ok().and_then(ChildId::new).ok_or_else(|| unreadable("자녀", "child"))?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = super::api::ssr::clock()?.now();
    let (id, branch, week) = ssr::desk()?.apply(viewer.id, child, session, fee_waived.is_some(), now).await?;
    leptos_axum::redirect(&format!("/kids-cafe/lottery/{}?week={}&applied={id}", branch.slug(), week.monday()));
    Ok(id)
}

/// A branch's round for `week` (next week's when none is given), public.
#[server(endpoint = "lottery_round")]
pub async fn lottery_round(branch: Branch, week: Option<Week>) -> Result<RoundView, AppError> {
    let now = super::api::ssr::clock()?.now();
    let week = week.unwrap_or_else(|| Week::containing(now.date()).next());
    ssr::desk()?.round(branch, week, now).await
}

type RoundAsked = Option<(Branch, Result<Option<Week>, WeekError>)>;

#[component]
pub fn LotteryPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let asked = move || -> RoundAsked {
        let branch = Branch::parse(&params.read().get("branch").unwrap_or_default())?;
        Some((branch, query.read().get("week").map(|w| Week::parse(&w)).transpose()))
    };
    let applied = query.read_untracked().get("applied");
    let round = Resource::new_blocking(asked, |asked| async move {
        match asked {
            Some((branch, Ok(week))) => Some(lottery_round(branch, week).await),
            Some((_, Err(_))) => Some(Err(AppError::bad_request(WeekError.message(Lang::Ko), WeekError.message(Lang::En)))),
            None => None,
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let applied = applied.clone();
                Suspend::new(async move {
                    match round.await {
                        None => view! { <crate::layout::NotFound/> }.into_any(),
                        Some(Ok(view)) => view! { <RoundPage view applied lang/> }.into_any(),
                        Some(Err(e)) => view! { <section class="wrap">{super::pages::failed(&e, lang)}</section> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn RoundPage(view: RoundView, applied: Option<String>, lang: Lang) -> impl IntoView {
    let title = format!("{} · {}", view.branch.name(lang), lang.pick("추첨", "Lottery"));
    let week = view.week;
    let slug = view.branch.slug();
    view! {
        <Title text=title.clone()/>
        <crate::Description ko="키즈카페 추첨 주의 신청 기간, 미리 공개한 약속값, 신청 번호와 당첨 결과. 누구나 추첨을 손으로 다시 해 볼 수 있습니다."
            en="A kids-café lottery week: the application window, the commitment published in advance, applications by number and the winners. Anyone can re-run the draw."/>
        <section class="wrap lottery" data-testid="lottery-page">
            <h1>{title}</h1>
            {applied.map(|id| view! {
                <p class="notice-ok" role="status" data-testid="applied">{match lang {
                    Lang::Ko => format!("신청했습니다. 신청 번호는 {id}입니다. 추첨 결과는 메시지로 알려 드립니다."),
                    Lang::En => format!("You have applied. Your application number is {id}; the result will come in your messages."),
                }}</p>
            })}
            <p>{lang.pick("운영 방식: ", "Opening: ")}<strong data-testid="mode">{view.mode.label(lang)}</strong>
                {match lang {
                    Lang::Ko => format!(" · {} 주", week.monday()),
                    Lang::En => format!(" · week of {}", week.monday()),
                }}</p>
            <nav class="week-nav" aria-label=lang.pick("주 이동", "Weeks")>
                <a class="page" href=format!("/kids-cafe/lottery/{slug}?week={}", week.previous().monday())>{lang.pick("← 지난 주", "← Previous week")}</a>
                <a class="page" href=format!("/kids-cafe/lottery/{slug}?week={}", week.next().monday())>{lang.pick("다음 주 →", "Next week →")}</a>
            </nav>
            {match view.round {
                None => view! { <p data-testid="no-round">{lang.pick(
                    "이 주에는 추첨이 없습니다. 선착순 주이거나 아직 신청 기간이 열리지 않았습니다.",
                    "There is no lottery this week: it opens first come, or the window has not opened yet.")}</p> }.into_any(),
                Some(round) => view! { <RoundDetails round lang/> }.into_any(),
            }}
            {(!view.open_for_applications.is_empty()).then(|| view! { <ApplyForm sessions=view.open_for_applications.clone() lang/> })}
            <CheckItYourself lang/>
        </section>
    }
}

/// Applying: a session and one of the guardian's children. A guest is asked to log in first.
#[component]
fn ApplyForm(sessions: Vec<(i64, String)>, lang: Lang) -> impl IntoView {
    if crate::accounts::current_viewer().is_none() {
        let here = crate::accounts::log_in_href(&leptos_router::hooks::use_location().pathname.get_untracked());
        return view! { <p><a class="button" href=here>{lang.pick("로그인하고 추첨 신청하기", "Log in to apply")}</a></p> }.into_any();
    }
    let children = Resource::new_blocking(|| (), |_| crate::accounts::api::my_children());
    view! {
        <h2>{lang.pick("추첨 신청", "Apply")}</h2>
        <crate::accounts::flash::FormError/>
        <Suspense fallback=|| ()>
            {move || {
                let sessions = sessions.clone();
                Suspend::new(async move {
                    let kids = children.await.unwrap_or_default();
                    if kids.is_empty() {
                        return view! { <p><a href="/me">{lang.pick("먼저 자녀를 등록해 주세요.", "First add your child.")}</a></p> }.into_any();
                    }
                    view! {
                        <form method="post" action="/api/apply_lottery" class="stack-form" data-testid="apply-form">
                            <crate::privacy::NoticeLink section="bookings"/>
                            <label for="apply-session">{lang.pick("회차", "Session")}</label>
                            <select id="apply-session" name="session">
                                {sessions.into_iter().map(|(id, at)| view! { <option value=id.to_string()>{at}</option> }).collect_view()}
                            </select>
                            <label for="apply-child">{lang.pick("자녀", "Child")}</label>
                            <select id="apply-child" name="child">
                                {kids.into_iter().map(|c| view! { <option value=c.id.get().to_string()>{c.name}</option> }).collect_view()}
                            </select>
                            <div class="check-row">
                                <input id="apply-fee-waived" name="fee_waived" type="checkbox" value="yes"/>
                                <label for="apply-fee-waived">{lang.pick("기초생활수급 가구입니다 (현장에서 확인합니다, 무료)", "We receive basic livelihood support (checked on site; free)")}</label>
                            </div>
                            <button type="submit" class="button primary">{lang.pick("신청하기", "Apply")}</button>
                        </form>
                    }.into_any()
                })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn RoundDetails(round: Round, lang: Lang) -> impl IntoView {
    view! {
        <dl class="lottery-facts">
            <dt>{lang.pick("신청 기간", "Applications")}</dt>
            <dd>{format!("{} – {}", round.opens_at, round.draws_at)}</dd>
            <dt>{lang.pick("약속값 (시드의 SHA-256)", "Commitment (SHA-256 of the seed)")}</dt>
            <dd><code class="hash" data-testid="commitment">{round.commitment}</code></dd>
            <dt>{lang.pick("시드", "Seed")}</dt>
            <dd>{match round.seed {
                Some(seed) => view! { <code class="hash" data-testid="seed">{seed}</code> }.into_any(),
                None => view! { <span>{lang.pick("추첨 뒤에 공개합니다.", "Published after the draw.")}</span> }.into_any(),
            }}</dd>
        </dl>
        {round.sessions.into_iter().map(|s| view! { <SessionDrawView s lang/> }).collect_view()}
    }
}

#[component]
fn SessionDrawView(s: SessionDraw, lang: Lang) -> impl IntoView {
    let ids = |list: &[i64]| list.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let applications = s.applications.iter().map(|a| format!("{} (H{}{})", a.id, a.household,
        if a.prior_wins > 0 { format!(", +{}", a.prior_wins) } else { String::new() })).collect::<Vec<_>>().join(", ");
    view! {
        <section class="lottery-session" data-testid="lottery-session">
            <h2>{format!("{} · #{}", s.starts_at, s.session)}</h2>
            <p>{lang.pick("신청 (번호, 가구): ", "Applications (id, household): ")}<span class="ids">{applications}</span></p>
            {s.seats.map(|seats| view! {
                <p>{match lang { Lang::Ko => format!("추첨한 자리: {seats}"), Lang::En => format!("Seats drawn: {seats}") }}</p>
                <p>{lang.pick("당첨: ", "Winners: ")}<span class="ids" data-testid="winners">{ids(&s.winners)}</span></p>
                <p>{lang.pick("대기 순서: ", "Waitlist in order: ")}<span class="ids">{ids(&s.waitlist)}</span></p>
            })}
        </section>
    }
}

#[component]
fn CheckItYourself(lang: Lang) -> impl IntoView {
    let steps = [
        ("시드(64자리 16진수)를 바이트로 바꾼 값의 SHA-256이 신청 기간 시작부터 공개한 약속값과 같은지 확인합니다.",
         "Check that the SHA-256 of the seed (64 hex digits, read as 32 bytes) equals the commitment shown since the window opened."),
        ("각 신청의 추첨표는 SHA-256(\"시드16진수:신청번호\") 입니다. 예: SHA-256(\"ab12…:17\").",
         "Each application's ticket is SHA-256(\"seedhex:applicationid\"), e.g. SHA-256(\"ab12…:17\")."),
        ("회차를 위에 적힌 순서대로, 회차마다 추첨표를 오름차순(같으면 신청 번호 순)으로 정렬합니다.",
         "Take the sessions in the order listed; in each, sort the applications by ticket, ascending (ties by id)."),
        ("차례대로, 자리가 남아 있고 그 가구가 이번 주에 2번 미만 당첨되었으면 당첨, 아니면 대기 순서에 넣습니다. 이전 회차의 당첨과 '+n'(다른 지점 당첨)도 셉니다.",
         "In that order, an application wins while seats are left and its household has won fewer than 2 this week (count earlier sessions' wins and the '+n' from other branches); otherwise it joins the waitlist in order."),
    ];
    view! {
        <section class="check-yourself" aria-labelledby="check-title">
            <h2 id="check-title">{lang.pick("직접 확인하기", "Check it yourself")}</h2>
            <ol>{steps.into_iter().map(|(ko, en)| view! { <li>{lang.pick(ko, en)}</li> }).collect_view()}</ol>
            <p><code>"printf '%s' SEEDHEX | xxd -r -p | sha256sum"</code></p>
        </section>
    }
}
