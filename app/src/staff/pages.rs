//! The staff pages: `/staff` (sessions of today and the week, opening modes) and
//! `/staff/sessions/:id` (roster, attendance, capacity, closing with a confirmation step). Plain
//! forms, so they work with JavaScript off; a refused form comes back with its message.

use super::api::{staff_overview, staff_session};
use super::{Overview, RosterRow, SessionDesk, SessionRow};
use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::i18n::use_lang;
use crate::kids_cafe::lottery::OpeningMode;
use crate::status::set_status;
use domain::kids_cafe::Branch;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Whether this request is staff's; a guest is sent to log in, a resident is told no (403).
pub(crate) fn staff_or_refuse(lang: Lang) -> Result<(), AnyView> {
    match signed_in_or_log_in() {
        None => Err(().into_any()),
        Some(v) if v.is_staff() => Ok(()),
        Some(_) => {
            set_status(403);
            Err(view! {
                <Title text=lang.pick("직원 전용", "Staff only")/>
                <section class="wrap notice" data-testid="staff-only">
                    <h1>{lang.pick("직원 전용 페이지", "Staff only")}</h1>
                    <p class="error" role="alert">{lang.pick("이 페이지는 구청 직원만 볼 수 있습니다.", "Only district staff can see this page.")}</p>
                </section>
            }.into_any())
        }
    }
}

fn done_text(done: &str, lang: Lang) -> Option<&'static str> {
    Some(match done {
        "attendance" => lang.pick("출석을 기록했습니다.", "Attendance recorded."),
        "capacity" => lang.pick("정원을 바꿨습니다.", "Capacity changed."),
        "closed" => lang.pick("회차를 닫고 예약자에게 알렸습니다.", "Session closed; everyone booked has been told."),
        "mode" => lang.pick("운영 방식을 바꿨습니다.", "Opening mode changed."),
        _ => return None,
    })
}

#[component]
fn Done(lang: Lang) -> impl IntoView {
    let done = use_query_map().read_untracked().get("done");
    done.and_then(|d| done_text(&d, lang)).map(|t| view! { <p class="notice-ok" role="status" data-testid="done">{t}</p> })
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let lang = use_lang();
    if let Err(refused) = staff_or_refuse(lang) {
        return refused;
    }
    let overview = Resource::new_blocking(|| (), |_| staff_overview());
    view! {
        <Title text=lang.pick("직원 업무", "Staff desk")/>
        <section class="wrap staff" data-testid="staff-page">
            <h1>{lang.pick("직원 업무", "Staff desk")}</h1>
            <p><a href="/staff/cars" data-testid="staff-cars-link">{lang.pick("관용차 공무 일정 관리", "The official cars' schedule")}</a></p>
            <p><a href="/staff/programmes" data-testid="staff-programmes-link">{lang.pick("지원 사업 신청 심사", "Programme applications to review")}</a></p>
            <p><a href="/staff/social" data-testid="staff-social-link">{lang.pick("사회적경제: 나눔가게 방문·영수증, 커피지기 케이터링", "Social economy: thrift-store drop-offs and receipts, Coffee Jigi catering")}</a></p>
            <Done lang/>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <OverviewView o lang/> }.into_any(),
                        Err(e) => crate::kids_cafe::pages::failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn OverviewView(o: Overview, lang: Lang) -> impl IntoView {
    let today = o.today.to_string();
    let (todays, later): (Vec<SessionRow>, Vec<SessionRow>) = o.sessions.into_iter().partition(|s| s.starts_at.starts_with(&today));
    view! {
        <h2>{lang.pick("지점별 운영 방식", "Opening mode per branch")}</h2>
        <ul class="mode-list">{o.modes.into_iter().map(|(b, m)| view! { <ModeForm branch=b mode=m lang/> }).collect_view()}</ul>
        <h2>{lang.pick("오늘 키즈카페 회차", "Today's kids-café sessions")}</h2>
        <SessionTable rows=todays lang/>
        <h2>{lang.pick("이번 주 키즈카페 회차", "This week's kids-café sessions")}</h2>
        <SessionTable rows=later lang/>
        <details class="others-today">
            <summary>{match lang {
                Lang::Ko => format!("오늘의 시설·강좌 회차 ({})", o.others_today.len()),
                Lang::En => format!("Today's facility and course sessions ({})", o.others_today.len()),
            }}</summary>
            <SessionTable rows=o.others_today lang/>
        </details>
    }
}

#[component]
fn ModeForm(branch: Branch, mode: OpeningMode, lang: Lang) -> impl IntoView {
    let other = match mode {
        OpeningMode::FirstCome => OpeningMode::Lottery,
        OpeningMode::Lottery => OpeningMode::FirstCome,
    };
    let button = match lang {
        Lang::Ko => format!("{}(으)로 바꾸기", other.label(lang)),
        Lang::En => format!("Switch to {}", other.label(lang).to_lowercase()),
    };
    view! {
        <li class="mode-row" data-testid=format!("mode-{}", branch.slug())>
            <span>{branch.name(lang)}": "<strong data-testid="mode">{mode.label(lang)}</strong></span>
            <form method="post" action="/api/set_opening_mode" class="inline-form">
                <input type="hidden" name="branch" value=branch.slug()/>
                <input type="hidden" name="mode" value=other.slug()/>
                <button type="submit" class="button">{button}</button>
            </form>
            <a href=format!("/kids-cafe/lottery/{}", branch.slug())>{lang.pick("추첨 보기", "Lottery page")}</a>
        </li>
    }
}

fn place(row: &SessionRow, lang: Lang) -> String {
    match (Branch::parse(&row.resource), &row.name) {
        (Some(b), _) if row.kind == "kids_cafe" => b.name(lang).to_string(),
        (_, Some((ko, en))) => lang.pick(ko, en).to_string(),
        _ => row.resource.clone(),
    }
}

#[component]
fn SessionTable(rows: Vec<SessionRow>, lang: Lang) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>{lang.pick("회차가 없습니다.", "No sessions.")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("회차 목록", "Sessions")>
            <table class="staff-table" data-testid="session-table">
                <thead><tr>
                    <th scope="col">{lang.pick("시작", "Starts")}</th>
                    <th scope="col">{lang.pick("장소", "Place")}</th>
                    <th scope="col">{lang.pick("예약/정원", "Taken / capacity")}</th>
                </tr></thead>
                <tbody>{rows.into_iter().map(|r| view! { <tr>
                    <td><a href=format!("/staff/sessions/{}", r.id) data-testid="session-link">{r.starts_at.clone()}</a></td>
                    <td>{place(&r, lang)}</td>
                    <td>{format!("{} / {}", r.taken, r.capacity)}{r.closed.then(|| lang.pick(" (닫힘)", " (closed)"))}</td>
                </tr> }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn StaffSessionPage() -> impl IntoView {
    let lang = use_lang();
    if let Err(refused) = staff_or_refuse(lang) {
        return refused;
    }
    let params = use_params_map();
    let confirm_close = use_query_map().read_untracked().get("close").is_some();
    let desk = Resource::new_blocking(move || params.read().get("id").unwrap_or_default(), staff_session);
    view! {
        <Title text=lang.pick("회차 명단", "Session roster")/>
        <section class="wrap staff" data-testid="staff-session-page">
            <p><a href="/staff">{lang.pick("← 직원 업무", "← Staff desk")}</a></p>
            <Done lang/>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match desk.await {
                        Ok(d) => view! { <SessionDeskView d confirm_close lang/> }.into_any(),
                        Err(e) => crate::kids_cafe::pages::failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn SessionDeskView(d: SessionDesk, confirm_close: bool, lang: Lang) -> impl IntoView {
    let s = d.session;
    let id = s.id.to_string();
    view! {
        <h1>{format!("{} · {}", place(&s, lang), s.starts_at)}</h1>
        <p data-testid="seats">{match lang {
            Lang::Ko => format!("예약 {} / 정원 {}{}", s.taken, s.capacity, if s.closed { " · 닫힌 회차" } else { "" }),
            Lang::En => format!("{} taken of {}{}", s.taken, s.capacity, if s.closed { " · closed" } else { "" }),
        }}</p>
        <h2>{lang.pick("명단", "Roster")}</h2>
        <Roster rows=d.roster lang/>
        <h2>{lang.pick("정원 바꾸기", "Change the capacity")}</h2>
        <p class="hint">{lang.pick("이미 예약된 자리보다 적게 할 수 없습니다.", "It cannot go below the seats already taken.")}</p>
        <form method="post" action="/api/set_capacity" class="row-form" data-testid="capacity-form">
            <input type="hidden" name="session" value=id.clone()/>
            <label for="capacity">{lang.pick("정원", "Capacity")}</label>
            <input id="capacity" name="capacity" type="number" min=s.taken.to_string() max="10000" value=s.capacity.to_string() required/>
            <button type="submit" class="button">{lang.pick("저장", "Save")}</button>
        </form>
        {(!s.closed).then(|| view! { <CloseSession id confirm_close lang/> })}
    }
}

#[component]
fn CloseSession(id: String, confirm_close: bool, lang: Lang) -> impl IntoView {
    view! {
        <h2>{lang.pick("회차 닫기", "Close the session")}</h2>
        {if confirm_close {
            view! {
                <div class="confirm-box" role="alert">
                    <p>{lang.pick("정말 닫을까요? 예약한 모든 분께 메시지가 갑니다. 되돌릴 수 없습니다.",
                        "Close it for sure? Everyone booked will get a message. This cannot be undone.")}</p>
                    <form method="post" action="/api/close_session" class="inline-form">
                        <input type="hidden" name="session" value=id.clone()/>
                        <button type="submit" class="button danger" data-testid="confirm-close">{lang.pick("네, 닫습니다", "Yes, close it")}</button>
                    </form>
                    <a href=format!("/staff/sessions/{id}")>{lang.pick("취소", "Cancel")}</a>
                </div>
            }.into_any()
        } else {
            view! { <a class="button" href=format!("/staff/sessions/{id}?close=1") data-testid="close-session">{lang.pick("회차 닫기…", "Close the session…")}</a> }.into_any()
        }}
    }
}

fn status_label(status: &str, lang: Lang) -> &'static str {
    match status {
        "attended" => lang.pick("출석", "Attended"),
        "no_show" => lang.pick("노쇼", "No-show"),
        _ => lang.pick("예약", "Booked"),
    }
}

#[component]
fn Roster(rows: Vec<RosterRow>, lang: Lang) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p data-testid="empty-roster">{lang.pick("예약이 없습니다.", "No bookings.")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("명단", "Roster")>
            <table class="staff-table" data-testid="roster">
                <thead><tr>
                    <th scope="col">{lang.pick("예약 번호", "Reference")}</th>
                    <th scope="col">{lang.pick("보호자", "Guardian")}</th>
                    <th scope="col">{lang.pick("어린이", "Child")}</th>
                    <th scope="col">{lang.pick("상태", "Status")}</th>
                    <th scope="col">{lang.pick("출석 기록", "Record")}</th>
                </tr></thead>
                <tbody>{rows.into_iter().map(|r| view! { <tr data-testid="roster-row">
                    <td><code>{r.reference.clone()}</code></td>
                    <td>{r.guardian}</td>
                    <td>{r.child.unwrap_or_default()}</td>
                    <td data-testid="status">{status_label(&r.status, lang)}</td>
                    <td class="attendance-forms">
                        <AttendanceButton reference=r.reference.clone() attendance="attended" label=lang.pick("출석", "Attended")/>
                        <AttendanceButton reference=r.reference attendance="no_show" label=lang.pick("노쇼", "No-show")/>
                    </td>
                </tr> }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn AttendanceButton(reference: String, attendance: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <form method="post" action="/api/mark_attendance" class="inline-form">
            <input type="hidden" name="reference" value=reference/>
            <input type="hidden" name="attendance" value=attendance/>
            <button type="submit" class="button small" data-testid=format!("mark-{attendance}")>{label}</button>
        </form>
    }
}
