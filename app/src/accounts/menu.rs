//! The header's account menu: "log in / sign up" for a guest; the name, bookings, messages and
//! "log out" for a signed-in resident. Kept pages are rendered as for a guest and the server swaps
//! this menu in per request (`account_menu_html`), so one resident's name never enters a page
//! another is served.

use domain::accounts::Viewer;
use domain::Lang;
use leptos::prelude::*;

/// The slot's name in `<div data-personal="account">`.
pub const ACCOUNT_SLOT: &str = "account";

#[component]
pub fn AccountMenu(viewer: Option<Viewer>, lang: Lang) -> impl IntoView {
    match viewer {
        None => view! {
            <a class="account-link" href="/log-in" data-testid="log-in-link">{lang.pick("로그인", "Log in")}</a>
            <a class="account-link" href="/sign-up">{lang.pick("회원가입", "Sign up")}</a>
        }
        .into_any(),
        Some(viewer) => view! {
            <a class="account-link account-name" href="/me" data-testid="account-name">
                {viewer.name}{lang.pick(" 님", "")}
            </a>
            <a class="account-link" href="/me/bookings">{lang.pick("내 예약", "My bookings")}</a>
            <a class="account-link" href="/me/messages">{lang.pick("메시지", "Messages")}</a>
            {viewer.role.eq(&domain::accounts::Role::Staff).then(|| view! {
                <a class="account-link" href="/staff">{lang.pick("직원", "Staff")}</a>
            })}
            <form class="inline-form" method="post" action="/api/log_out">
                <button type="submit" class="link-button" data-testid="log-out">{lang.pick("로그아웃", "Log out")}</button>
            </form>
            // the idle-timeout warning: a few lines of plain script, loaded only for signed-in pages
            <span id="session-timer" hidden data-idle-seconds=IDLE_SECONDS.to_string()
                data-warn-ko="로그인이 곧 끝납니다. 계속 이용하시겠어요?" data-warn-en="You will be logged out soon. Stay logged in?"
                data-extend-ko="로그인 연장" data-extend-en="Stay logged in" data-lang=lang.code()></span>
            <script src="/session-timer.js" defer></script>
        }
        .into_any(),
    }
}

/// A session ends after this long without a request (the server's setting; the warning shows 5
/// minutes before).
pub const IDLE_SECONDS: u32 = 30 * 60;

/// The menu as HTML, for the server to put into kept pages.
#[cfg(feature = "ssr")]
pub fn account_menu_html(viewer: Option<Viewer>, lang: Lang) -> String {
    view! { <AccountMenu viewer lang/> }.to_html()
}
