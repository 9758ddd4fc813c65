//! Pieces of the kids-café pages: a branch card, a session in the week view, labels.

use domain::kids_cafe::{Branch, BranchStatus, Week};
use domain::seats::{Availability, SessionSeats};
use domain::sessions::day_label;
use domain::{Lang, SeoulTime};
use leptos::prelude::*;

/// 2000 → "2,000원" / "KRW 2,000"; 0 → free.
pub fn won(n: u32, lang: Lang) -> String {
    match n {
        0 => lang.pick("무료", "Free").to_string(),
        n => domain::lang::won(u64::from(n), lang),
    }
}

/// Where a week of a branch is shown.
pub fn week_href(branch: Branch, week: Week) -> String {
    format!("/kids-cafe/{}?week={}", branch.slug(), week.monday())
}

#[component]
pub fn BranchCard(branch: Branch, status: BranchStatus, lang: Lang) -> impl IntoView {
    let status_class = format!("status status-{}", status.slug());
    view! {
        <li class="district-card branch-card" data-testid="branch" data-branch=branch.slug()>
            <h3>{branch.name(lang)}</h3>
            <dl class="facts compact">
                <dt>{lang.pick("주소", "Address")}</dt><dd>{branch.address(lang)}</dd>
                <dt>{lang.pick("면적", "Area")}</dt><dd>{format!("{} m²", branch.area_m2())}</dd>
                {(branch.capacity() > 0).then(|| view! {
                    <dt>{lang.pick("회차 정원", "Per session")}</dt>
                    <dd>{match lang { Lang::Ko => format!("어린이 {}명", branch.capacity()), Lang::En => format!("{} children", branch.capacity()) }}</dd>
                })}
            </dl>
            <p class="branch-foot">
                <span class=status_class data-testid="branch-status">{status.label(lang)}</span>
                {(status != BranchStatus::Planned).then(|| view! {
                    <a class="button secondary" href=format!("/kids-cafe/{}", branch.slug())>
                        {lang.pick("회차와 남은 자리 보기", "Sessions and seats left")}
                    </a>
                    <a href=format!("/kids-cafe/lottery/{}", branch.slug())>{lang.pick("추첨 신청과 결과", "Lottery: apply, results")}
                        <span class="visually-hidden">{format!(" ({})", branch.name(lang))}</span></a>
                })}
            </p>
        </li>
    }
}

/// "opens Tue 17 Nov 09:00" for a session not bookable yet.
pub fn opens_label(at: SeoulTime, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{} {} 예약 시작", day_label(at.date(), lang), at.clock_text()),
        Lang::En => format!("Opens {} {}", day_label(at.date(), lang), at.clock_text()),
    }
}

/// Seats left, marked with the session id so a live island can update the number in place.
#[component]
pub fn SeatsLeft(session: SessionSeats, lang: Lang) -> impl IntoView {
    let left = session.seats_left();
    view! {
        <span class="seats-left">
            {lang.pick("남은 자리 ", "Seats left ")}
            <b data-session=session.id.get() data-testid="seats-left">{left}</b>
            {format!(" / {}", session.capacity)}
        </span>
    }
}

/// A stable word for tests and styles.
fn state_slug(a: Availability) -> &'static str {
    match a {
        Availability::Bookable { .. } => "bookable",
        Availability::NotOpenYet { .. } => "soon",
        Availability::Full => "full",
        Availability::Closed => "closed",
        Availability::Past => "past",
    }
}

/// One session of the week: its time, seats left and whether and where it can be booked.
#[component]
pub fn SessionCell(session: SessionSeats, now: SeoulTime, by_lottery: bool, lang: Lang) -> impl IntoView {
    let time = format!("{}–{}", session.starts_at.clock_text(), session.ends_at.clock_text());
    let availability = session.availability(now);
    let (class, state) = match availability {
        Availability::Bookable { .. } => ("session bookable", None),
        // a lottery week's sessions are held until the draw seats everyone: nothing "opens" then
        Availability::NotOpenYet { .. } if by_lottery => ("session soon", Some(lang.pick("추첨으로 배정", "By lottery").to_string())),
        Availability::NotOpenYet { opens_at } => ("session soon", Some(opens_label(opens_at, lang))),
        Availability::Full => ("session full", Some(lang.pick("마감", "Full").to_string())),
        Availability::Closed => ("session closed", Some(lang.pick("운영 안 함", "Closed").to_string())),
        Availability::Past => ("session past", Some(lang.pick("지난 회차", "Past").to_string())),
    };
    let bookable = matches!(availability, Availability::Bookable { .. });
    let show_seats = !matches!(availability, Availability::Closed | Availability::Past);
    let href = format!("/kids-cafe/book?session={}", session.id);
    view! {
        <li class=class data-testid="session" data-state=state_slug(availability)>
            <span class="session-time">{time}</span>
            {show_seats.then(|| view! { <SeatsLeft session=session.clone() lang/> })}
            {state.map(|s| view! { <span class="session-state">{s}</span> })}
            {bookable.then(|| view! {
                <a class="button book" href=href>{lang.pick("예약하기", "Book")}
                    <span class="visually-hidden">{format!(" {}", day_label(session.date(), lang))}" "{session.starts_at.clock_text()}</span>
                </a>
            })}
        </li>
    }
}

/// The heading of a day row.
pub fn day_heading(date: domain::IsoDate, lang: Lang) -> String {
    day_label(date, lang)
}

pub fn closing_day_note(lang: Lang) -> &'static str {
    lang.pick("매주 월요일은 쉽니다.", "Closed on Mondays.")
}
