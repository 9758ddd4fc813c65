//! Booking a kids-café session, one question per page: which child (`/kids-cafe/book?session=ID`),
//! then check your answers (`/kids-cafe/book/check?session=ID&child=ID`), then the confirmation at
//! `/me/bookings/:reference`. The forms are plain and post to `/api/book_session` (or, for a full
//! session, `/api/join_waitlist`); every field is read through the domain's constructors, so a
//! hand-made request gets the same 400 in the resident's language as a page would.

use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::kids_cafe::components::{day_heading, won};
use crate::me::{private_page, BookedSeat};
use domain::kids_cafe::FEE_KRW;
use domain::seats::SeatError;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// A session as the booking pages show it, with why it cannot be booked now (if so).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: i64,
    pub branch: String,
    pub label_ko: String,
    pub label_en: String,
    pub starts_at: domain::SeoulTime,
    pub ends_at: domain::SeoulTime,
    pub seats_left: u32,
    /// (ko, en) when closed, started or not open yet; a full session has none (it takes a waitlist).
    pub refusal: Option<(String, String)>,
}

/// One of the account's children, and why they may not come to this session (if so).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildChoice {
    pub id: i64,
    pub name: String,
    pub birth_date: String,
    pub why_not: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildChoices {
    pub session: SessionSummary,
    pub children: Vec<ChildChoice>,
}

/// What the check page needs: the session, the child, and a fresh idempotency key for the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckAnswers {
    pub session: SessionSummary,
    pub child: ChildChoice,
    pub key: String,
}

/// A seat refusal raised here, mapped like the engine's own.
struct SeatFailureOf(SeatError);

impl From<SeatFailureOf> for AppError {
    fn from(e: SeatFailureOf) -> AppError {
        domain::seats::SeatFailure::Refused(e.0).into()
    }
}

/// Books `child` into kids-café `session`. `key` (8–64 of `A-Za-z0-9_-`) makes a retry return the
/// same booking; `fee_waived` (a checkbox) declares basic livelihood (free, checked on site).
#[server(endpoint = "book_session")]
pub async fn book_session(session: String, child: String, key: String, fee_waived: Option<String>) -> Result<BookedSeat, AppError> {
    use crate::me::ssr::*;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let (session, child) = (ssr::session_id(&session)?, ssr::child_id(&child)?);
    let key = domain::seats::IdempotencyKey::parse(&key).map_err(SeatFailureOf)?;
    let now = now()?;
    let booking = seat_book()?.book_kids_cafe(viewer.id, child, session, fee_waived.is_some(), Some(key), now).await?;
    let seat = labels().await.booking(&booking, now);
    leptos_axum::redirect(&format!("/me/bookings/{}", seat.reference));
    Ok(seat)
}

/// Puts `child` on the waiting list of a full kids-café `session` (same checks as booking it);
/// `fee_waived` (the same checkbox as booking) is kept, so a seat offered later is booked free.
#[server(endpoint = "join_waitlist")]
pub async fn join_waitlist(session: String, child: String, fee_waived: Option<String>) -> Result<crate::me::WaitPlace, AppError> {
    use crate::me::ssr::*;
    use domain::seats::{Holder, SeatRequest};
    let viewer = crate::accounts::ssr::require_viewer()?;
    let (session, child) = (ssr::session_id(&session)?, ssr::child_id(&child)?);
    let req = SeatRequest { session, account: viewer.id, holder: Holder::Child(child), fee_krw: FEE_KRW,
        fee_waived: fee_waived.is_some(), group_size: 1, idempotency_key: None };
    let entry = seat_book()?.join_waitlist(req, now()?).await?;
    leptos_axum::redirect("/me/bookings?done=waiting");
    Ok(labels().await.wait(&entry))
}

/// The session and the account's children with who may come (step 1).
#[server(endpoint = "booking_choice")]
pub async fn booking_choice(session: String) -> Result<ChildChoices, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let (session, now) = ssr::kids_session(ssr::session_id(&session)?).await?;
    let children = ssr::choices(viewer.id, &session).await?;
    Ok(ChildChoices { session: ssr::summary(&session, now), children })
}

/// The session, the chosen child and a fresh idempotency key (step 2); 404 for another's child.
#[server(endpoint = "booking_check")]
pub async fn booking_check(session: String, child: String) -> Result<CheckAnswers, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let child = ssr::child_id(&child)?;
    let (session, now) = ssr::kids_session(ssr::session_id(&session)?).await?;
    let children = ssr::choices(viewer.id, &session).await?;
    let child = children.into_iter().find(|c| c.id == child.get()).ok_or(AppError::NotFound)?;
    Ok(CheckAnswers { session: ssr::summary(&session, now), child, key: ssr::fresh_key() })
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::me::ssr::{now, seat_book};
    use domain::accounts::ChildId;
    use domain::seats::{BookingStatus, Kind, SessionId, SessionSeats};

    pub fn session_id(session: &str) -> Result<SessionId, AppError> {
        SessionId::parse(session).ok_or_else(|| SeatFailureOf(SeatError::NoSuchSession).into())
    }

    pub fn child_id(child: &str) -> Result<ChildId, AppError> {
        child.trim().parse::<i64>().ok().and_then(ChildId::new).ok_or_else(|| domain::accounts::AccountError::NoSuchChild.into())
    }

    /// A kids-café session (any other id is not found here) and the time now.
    pub async fn kids_session(id: SessionId) -> Result<(SessionSeats, domain::SeoulTime), AppError> {
        let session = seat_book()?.session(id).await?.filter(|s| s.kind == Kind::KidsCafe).ok_or(AppError::NotFound)?;
        Ok((session, now()?))
    }

    pub fn summary(s: &SessionSeats, now: domain::SeoulTime) -> SessionSummary {
        let branch = domain::kids_cafe::Branch::parse(&s.resource);
        let name = |lang| branch.map_or(s.resource.clone(), |b| b.name(lang).to_string());
        SessionSummary {
            id: s.id.get(),
            branch: s.resource.clone(),
            label_ko: name(Lang::Ko),
            label_en: name(Lang::En),
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            seats_left: s.seats_left(),
            refusal: s.bookable_at(now).err().map(|e| (e.message(Lang::Ko), e.message(Lang::En))),
        }
    }

    /// The account's children, each with why not (too young, at school, already booked that day).
    pub async fn choices(account: domain::accounts::AccountId, s: &SessionSeats) -> Result<Vec<ChildChoice>, AppError> {
        let children = crate::accounts::ssr::accounts()?.children(account).await?;
        let booked = seat_book()?.bookings_of(account).await?;
        let day = s.starts_at.date();
        Ok(children
            .into_iter()
            .map(|c| {
                let same_day = booked.iter().any(|b| {
                    b.status == BookingStatus::Booked && b.session.kind == Kind::KidsCafe && b.holder.child() == Some(c.id) && b.session.starts_at.date() == day
                });
                let rule = domain::kids_cafe::child_may_come(c.birth_date, day)
                    .and_then(|_| if same_day { Err(domain::kids_cafe::KidsCafeError::AlreadyThatDay) } else { Ok(()) });
                ChildChoice { id: c.id.get(), name: c.name, birth_date: c.birth_date.to_string(), why_not: rule.err().map(|e| (e.message(Lang::Ko), e.message(Lang::En))) }
            })
            .collect())
    }

    /// 128 random bits as hex: each `RandomState` is seeded from the OS's randomness (std's own
    /// source; the app needs no random-number crate for a key that only has to be unique per account).
    pub fn fresh_key() -> String {
        use std::hash::{BuildHasher, Hasher};
        let part = || {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u8(0);
            h.finish()
        };
        format!("{:016x}{:016x}", part(), part())
    }
}

fn query(name: &str) -> String {
    use_query_map().with_untracked(|q| q.get(name)).unwrap_or_default()
}

/// The session's branch, day and time, as both steps head their page.
#[component]
fn SessionFacts(s: SessionSummary, lang: Lang) -> impl IntoView {
    view! {
        <dt>{lang.pick("지점", "Branch")}</dt><dd>{lang.pick(&s.label_ko, &s.label_en).to_string()}</dd>
        <dt>{lang.pick("날짜", "Date")}</dt><dd>{day_heading(s.starts_at.date(), lang)}</dd>
        <dt>{lang.pick("시간", "Time")}</dt><dd>{format!("{}–{}", s.starts_at.clock_text(), s.ends_at.clock_text())}</dd>
    }
}

/// Step 1: which child?
#[component]
pub fn ChooseChildPage() -> impl IntoView {
    let lang = use_lang();
    private_page();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let session = query("session");
    let choice = Resource::new_blocking(move || session.clone(), booking_choice);
    view! {
        <Title text=lang.pick("어린이 선택 · 키즈카페 예약", "Choose the child · Kids-café booking")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match choice.await {
                    Ok(choice) => view! { <ChooseChild choice lang/> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::layout::NotFound/> }.into_any(),
                    Err(e) => view! { <section class="wrap">{super::pages::failed(&e, lang)}</section> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn ChooseChild(choice: ChildChoices, lang: Lang) -> impl IntoView {
    let ChildChoices { session, children } = choice;
    let here = format!("/kids-cafe/book?session={}", session.id);
    let add_href = format!("/me?next={}", domain::courses::form_encode(&here));
    let first_ok = children.iter().position(|c| c.why_not.is_none());
    let options = children.into_iter().enumerate().map(|(i, c)| {
        let id = format!("child-{}", c.id);
        let why = c.why_not.clone().map(|(ko, en)| lang.pick(&ko, &en).to_string());
        view! {
            <li class="choice">
                <input type="radio" name="child" id=id.clone() value=c.id.to_string() disabled=why.is_some()
                    checked={Some(i) == first_ok} required aria-describedby=why.as_ref().map(|_| format!("{id}-why"))/>
                <label for=id.clone()>{c.name.clone()}" "<span class="muted">{format!("({})", c.birth_date)}</span></label>
                {why.map(|w| view! { <p class="hint why-not" id=format!("{id}-why")>{w}</p> })}
            </li>
        }
    }).collect_view();
    let refusal = session.refusal.clone().map(|(ko, en)| lang.pick(&ko, &en).to_string());
    view! {
        <section class="wrap narrow form-page booking-step">
            <p class="crumbs"><a href="/kids-cafe">{lang.pick("키즈카페", "Kids cafés")}</a>" › "
                <a href=format!("/kids-cafe/{}", session.branch)>{lang.pick(&session.label_ko, &session.label_en).to_string()}</a></p>
            <p class="step">{lang.pick("1단계 / 2단계", "Step 1 of 2")}</p>
            <h1>{lang.pick("어느 어린이를 예약할까요?", "Which child is coming?")}</h1>
            <dl class="facts compact"><SessionFacts s=session.clone() lang/></dl>
            <FormError/>
            {match refusal {
                Some(why) => view! { <p class="error" role="alert" data-testid="page-error">{why}</p> }.into_any(),
                None => view! {
                    <form method="get" action="/kids-cafe/book/check" class="stack-form" data-testid="choose-child">
                        <input type="hidden" name="session" value=session.id.to_string()/>
                        <fieldset>
                            <legend>{lang.pick("어린이", "Child")}</legend>
                            <ul class="choices">{options}</ul>
                        </fieldset>
                        {first_ok.map(|_| view! { <button type="submit" class="button primary">{lang.pick("다음", "Continue")}</button> })}
                    </form>
                }.into_any(),
            }}
            <p><a href=add_href data-testid="add-child-link">{lang.pick("어린이 등록하기", "Add a child")}</a></p>
        </section>
    }
}

/// Step 2: check your answers, then confirm (or join the waiting list of a full session).
#[component]
pub fn CheckPage() -> impl IntoView {
    let lang = use_lang();
    private_page();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let asked = (query("session"), query("child"));
    let check = Resource::new_blocking(move || asked.clone(), |(s, c)| booking_check(s, c));
    view! {
        <Title text=lang.pick("예약 확인 · 키즈카페 예약", "Check your answers · Kids-café booking")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match check.await {
                    Ok(check) => view! { <Check check lang/> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::layout::NotFound/> }.into_any(),
                    Err(e) => view! { <section class="wrap">{super::pages::failed(&e, lang)}</section> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Check(check: CheckAnswers, lang: Lang) -> impl IntoView {
    let CheckAnswers { session, child, key } = check;
    let back = format!("/kids-cafe/book?session={}", session.id);
    let why_not = session.refusal.clone().or(child.why_not.clone()).map(|(ko, en)| lang.pick(&ko, &en).to_string());
    let full = session.seats_left == 0;
    let action = match (why_not, full) {
        (Some(why), _) => view! { <p class="error" role="alert" data-testid="page-error">{why}</p> }.into_any(),
        (None, true) => view! {
            <p>{lang.pick("남은 자리가 없습니다. 대기 신청을 하시면 자리가 날 때 메시지로 알려 드립니다.",
                "No seats are left. Join the waiting list and we will message you when a seat frees up.")}</p>
            <form method="post" action="/api/join_waitlist" class="stack-form" data-testid="waitlist-form">
                <crate::privacy::NoticeLink section="bookings"/>
                <input type="hidden" name="session" value=session.id.to_string()/>
                <input type="hidden" name="child" value=child.id.to_string()/>
                <div class="check-row">
                    <input id="wait-fee-waived" name="fee_waived" type="checkbox" value="yes"/>
                    <label for="wait-fee-waived">{lang.pick("기초생활수급 가구입니다 (현장에서 확인합니다, 무료)", "We receive basic livelihood support (checked on site; free)")}</label>
                </div>
                <button type="submit" class="button primary">{lang.pick("대기 신청", "Join the waiting list")}</button>
            </form>
        }.into_any(),
        (None, false) => view! {
            <form method="post" action="/api/book_session" class="stack-form" data-testid="confirm-form">
                <crate::privacy::NoticeLink section="bookings"/>
                <input type="hidden" name="session" value=session.id.to_string()/>
                <input type="hidden" name="child" value=child.id.to_string()/>
                <input type="hidden" name="key" value=key/>
                <div class="check-row">
                    <input id="fee-waived" name="fee_waived" type="checkbox" value="yes"/>
                    <label for="fee-waived">{lang.pick("기초생활수급 가구입니다 (현장에서 확인합니다, 무료)", "We receive basic livelihood support (checked on site; free)")}</label>
                </div>
                <button type="submit" class="button primary" data-testid="confirm">{lang.pick("예약 확정", "Confirm the booking")}</button>
            </form>
        }.into_any(),
    };
    view! {
        <section class="wrap narrow form-page booking-step">
            <p class="step">{lang.pick("2단계 / 2단계", "Step 2 of 2")}</p>
            <h1>{lang.pick("예약 내용을 확인해 주세요", "Check your answers")}</h1>
            <FormError/>
            <dl class="facts check-answers" data-testid="answers">
                <SessionFacts s=session.clone() lang/>
                <dt>{lang.pick("어린이", "Child")}</dt>
                <dd>{child.name.clone()}" "<a href=back.clone() class="change">{lang.pick("바꾸기", "Change")}<span class="visually-hidden">{lang.pick(" 어린이", " the child")}</span></a></dd>
                <dt>{lang.pick("이용료", "Fee")}</dt>
                <dd>{won(FEE_KRW, lang)}{lang.pick(" (기초생활수급 가구는 무료)", " (free for basic-livelihood recipients)")}</dd>
                <dt>{lang.pick("남은 자리", "Seats left")}</dt><dd>{session.seats_left}</dd>
            </dl>
            <ul class="rules-reminder">
                <li>{lang.pick("보호자가 꼭 함께 와서 어린이와 같이 있어야 합니다.", "A guardian comes along and stays with the child.")}</li>
                <li>{lang.pick("취소는 시작 30분 전까지 할 수 있습니다.", "You can cancel until 30 minutes before the start.")}</li>
                <li>{lang.pick("예약하고 오지 않으면 30일 동안 예약할 수 없습니다.", "A no-show blocks booking for 30 days.")}</li>
            </ul>
            {action}
        </section>
    }
}
