//! `/me/messages`: the seat engine's messages to the resident, newest first with the unread ones
//! marked, and above them the waiting lists they are on: a seat held for them ("confirm this
//! seat", `/api/confirm_offer`), or a place in the queue they can give up (`/api/leave_waitlist`).
//! Reading a message is said with a button (`/api/mark_read`), so nothing changes on a mere GET.

use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use domain::{Lang, SeoulTime};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub created_at: SeoulTime,
    pub subject: (String, String),
    pub body: (String, String),
    pub link: Option<String>,
    pub read: bool,
}

/// A waiting-list entry: the session it waits for (by name, both languages) and any held seat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitView {
    pub id: i64,
    pub what: (String, String),
    pub starts_at: SeoulTime,
    /// Until when a freed seat is held, when one was offered.
    pub offer_expires_at: Option<SeoulTime>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub now: SeoulTime,
    pub waits: Vec<WaitView>,
    pub messages: Vec<MessageView>,
}

/// The signed-in resident's waiting lists and messages.
#[server(endpoint = "my_inbox")]
pub async fn my_inbox() -> Result<Inbox, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let book = crate::facilities::booking::ssr::seat_book()?;
    let names = super::ssr_names::PlaceNames::load().await?;
    let waits = book.waits_of(viewer.id).await?.into_iter().map(|w| WaitView {
        id: w.id.get(),
        what: (names.what(&w.session, Lang::Ko), names.what(&w.session, Lang::En)),
        starts_at: w.session.starts_at,
        offer_expires_at: w.offer_expires_at(),
    });
    let messages = book.messages_of(viewer.id).await?.into_iter().map(|m| MessageView {
        id: m.id.get(),
        created_at: m.created_at,
        subject: (m.subject_ko, m.subject_en),
        body: (m.body_ko, m.body_en),
        link: m.link,
        read: m.read,
    });
    Ok(Inbox { now: crate::kids_cafe::api::ssr::clock()?.now(), waits: waits.collect(), messages: messages.collect() })
}

#[cfg(feature = "ssr")]
fn parse_id<T>(s: &str, parse: fn(&str) -> Option<T>) -> Result<T, AppError> {
    parse(s).ok_or_else(|| AppError::bad_request("번호를 읽을 수 없습니다.", "That number cannot be read."))
}

/// Marks the resident's message `message` read.
#[server(endpoint = "mark_read")]
pub async fn mark_read(message: String) -> Result<(), AppError> {
    let id = parse_id(&message, domain::seats::MessageId::parse)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    crate::facilities::booking::ssr::seat_book()?.mark_read(viewer.id, id, now).await?;
    leptos_axum::redirect(&format!("/me/messages#message-{id}"));
    Ok(())
}

/// Books the seat held for the resident's waiting-list entry `entry`; answers the reference.
#[server(endpoint = "confirm_offer")]
pub async fn confirm_offer(entry: String) -> Result<String, AppError> {
    let id = parse_id(&entry, domain::seats::WaitId::parse)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let booking = crate::facilities::booking::ssr::seat_book()?.confirm_offer(viewer.id, id, now).await?;
    leptos_axum::redirect(&format!("/me/bookings/{}", booking.reference));
    Ok(booking.reference.to_string())
}

/// Takes the resident's waiting-list entry `entry` off its list (a held seat passes on).
#[server(endpoint = "leave_waitlist")]
pub async fn leave_waitlist(entry: String) -> Result<(), AppError> {
    let id = parse_id(&entry, domain::seats::WaitId::parse)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    crate::facilities::booking::ssr::seat_book()?.leave_waitlist(viewer.id, id, now).await?;
    leptos_axum::redirect("/me/messages?done=left");
    Ok(())
}

/// "2026-11-23 10:00" (Seoul time).
fn stamp(t: SeoulTime) -> String {
    format!("{} {}", t.date(), t.clock_text())
}

#[component]
pub fn MessagesPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let inbox = Resource::new_blocking(|| (), |_| my_inbox());
    view! {
        <Title text=lang.pick("메시지", "Messages")/>
        <section class="wrap narrow inbox">
            <p class="crumbs"><a href="/me">{lang.pick("내 정보", "My account")}</a>" › "{lang.pick("메시지", "Messages")}</p>
            <h1>{lang.pick("메시지", "Messages")}</h1>
            {done.map(|d| view! { <p class="done-note" role="status" data-testid="done">{done_message(&d, lang)}</p> })}
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match inbox.await {
                        Ok(inbox) => view! { <Waits waits=inbox.waits.clone() now=inbox.now lang/><Messages list=inbox.messages lang/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn done_message(done: &str, lang: Lang) -> &'static str {
    match done {
        "left" => lang.pick("대기 신청을 취소했습니다.", "You have left the waiting list."),
        _ => lang.pick("대기 신청을 했습니다. 자리가 나면 이곳으로 알려 드립니다.", "You are on the waiting list. We will tell you here when a seat frees up."),
    }
}

#[component]
fn Waits(waits: Vec<WaitView>, now: SeoulTime, lang: Lang) -> impl IntoView {
    (!waits.is_empty()).then(|| view! {
        <h2>{lang.pick("대기 중인 예약", "Waiting lists you are on")}</h2>
        <ul class="inbox-list waits" data-testid="waits">
            {waits.into_iter().map(|w| view! { <WaitItem wait=w now lang/> }).collect_view()}
        </ul>
    })
}

#[component]
fn WaitItem(wait: WaitView, now: SeoulTime, lang: Lang) -> impl IntoView {
    let what = lang.pick(&wait.what.0, &wait.what.1).to_string();
    let id = wait.id.to_string();
    let (state, confirm) = match wait.offer_expires_at {
        Some(until) if now < until => (
            match lang {
                Lang::Ko => format!("자리가 났습니다. {}까지 확정해 주세요.", stamp(until)),
                Lang::En => format!("A seat is held for you until {}.", stamp(until)),
            },
            true,
        ),
        Some(_) => (lang.pick("확정 시간 2시간이 지나 자리가 다음 대기자에게 넘어갔습니다.",
            "The 2 hours to confirm have passed; the seat went to the next person waiting.").to_string(), false),
        None => (lang.pick("대기 중입니다. 자리가 나면 메시지로 알려 드립니다.", "Waiting: we will tell you when a seat frees up.").to_string(), false),
    };
    view! {
        <li class=if confirm { "inbox-item offer" } else { "inbox-item" } data-testid="wait">
            <p class="inbox-subject">{what}</p>
            <p data-testid="wait-state">{state}</p>
            <div class="button-row">
                {confirm.then(|| view! {
                    <form method="post" action="/api/confirm_offer">
                        <input type="hidden" name="entry" value=id.clone()/>
                        <button type="submit" class="button primary">{lang.pick("이 자리 확정", "Confirm this seat")}</button>
                    </form>
                })}
                <form method="post" action="/api/leave_waitlist">
                    <input type="hidden" name="entry" value=id/>
                    <button type="submit" class="button secondary">{lang.pick("대기 취소", "Leave the waiting list")}</button>
                </form>
            </div>
        </li>
    }
}

#[component]
fn Messages(list: Vec<MessageView>, lang: Lang) -> impl IntoView {
    let unread = list.iter().filter(|m| !m.read).count();
    let heading = match lang {
        Lang::Ko => format!("받은 메시지 (읽지 않음 {unread})"),
        Lang::En => format!("Messages ({unread} unread)"),
    };
    view! {
        <h2 data-testid="messages-heading">{heading}</h2>
        {if list.is_empty() {
            view! { <p class="muted" data-testid="no-messages">{lang.pick("받은 메시지가 없습니다.", "No messages yet.")}</p> }.into_any()
        } else {
            view! { <ul class="inbox-list" data-testid="messages">{list.into_iter().map(|m| message_item(m, lang)).collect_view()}</ul> }.into_any()
        }}
    }
}

fn message_item(m: MessageView, lang: Lang) -> impl IntoView {
    let class = if m.read { "inbox-item" } else { "inbox-item unread" };
    view! {
        <li class=class id=format!("message-{}", m.id) data-testid="message">
            <p class="inbox-subject">
                {(!m.read).then(|| view! { <span class="unread-badge">{lang.pick("새 메시지", "New")}</span>" " })}
                {lang.pick(&m.subject.0, &m.subject.1).to_string()}
            </p>
            <p class="muted">{stamp(m.created_at)}</p>
            <p>{lang.pick(&m.body.0, &m.body.1).to_string()}</p>
            <div class="button-row">
                {m.link.clone().map(|href| view! { <a href=href>{lang.pick("내 예약 보기", "See my bookings")}</a> })}
                {(!m.read).then(|| view! {
                    <form method="post" action="/api/mark_read">
                        <input type="hidden" name="message" value=m.id.to_string()/>
                        <button type="submit" class="button secondary">{lang.pick("읽음으로 표시", "Mark as read")}</button>
                    </form>
                })}
            </div>
        </li>
    }
}
