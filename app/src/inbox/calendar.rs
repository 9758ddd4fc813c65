//! `/me/calendar`: the resident's private calendar feed (`/calendar/{token}.ics`, served by the
//! server). Only the token's SHA-256 is stored, so the link is shown once, right after it is made:
//! the server function hands it to the page in a short-lived cookie scoped to this page (never in
//! the address, where history and logs would keep it). A new link or "revoke" ends the old one.

use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The cookie that carries a new link to the page once.
#[cfg(feature = "ssr")]
const NEW_LINK_COOKIE: &str = "calendar_link";

/// Whether the signed-in resident has a calendar link.
#[server(endpoint = "calendar_link_status")]
pub async fn calendar_link_status() -> Result<bool, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    Ok(ssr::links()?.has_link(viewer.id).await?)
}

/// Makes a new private feed link (the old one stops working); answers its address.
#[server(endpoint = "create_calendar_link")]
pub async fn create_calendar_link() -> Result<String, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let token = ssr::links()?.create(viewer.id).await?;
    let secure = crate::accounts::ssr::secure_attribute();
    ssr::set_cookie(&format!("{NEW_LINK_COOKIE}={token}; Path=/me/calendar; Max-Age=300; HttpOnly; SameSite=Strict{secure}"));
    leptos_axum::redirect("/me/calendar?done=created");
    Ok(ssr::feed_url(&token))
}

/// Ends the private feed link: its address answers 404 from now on.
#[server(endpoint = "revoke_calendar_link")]
pub async fn revoke_calendar_link() -> Result<(), AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    ssr::links()?.revoke(viewer.id).await?;
    leptos_axum::redirect("/me/calendar?done=revoked");
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::ssr::CalendarLinks;
    use crate::error::AppError;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn links() -> Result<Arc<dyn CalendarLinks>, AppError> {
        use_context::<Arc<dyn CalendarLinks>>().ok_or(AppError::Unavailable)
    }

    pub fn set_cookie(cookie: &str) {
        if let (Some(res), Ok(v)) = (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(cookie)) {
            res.append_header(http::header::SET_COOKIE, v);
        }
    }

    /// The feed's full address (a calendar app needs the host too), on the site's configured public
    /// address: the request's `Host` is the client's to choose, and a link built from it could
    /// send the secret to another host.
    pub fn feed_url(token: &str) -> String {
        let origin = use_context::<crate::accounts::ssr::PublicOrigin>().map_or_else(|| "http://localhost".to_string(), |o| o.0);
        format!("{origin}/calendar/{token}.ics")
    }

    /// The link just made, if this request carries it; the cookie is cleared so it shows once.
    pub fn take_new_link() -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        let cookies = parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok());
        let token = domain::lang::cookie_value(cookies, super::NEW_LINK_COOKIE)?;
        let secure = crate::accounts::ssr::secure_attribute();
        set_cookie(&format!("{}=; Path=/me/calendar; Max-Age=0; HttpOnly; SameSite=Strict{secure}", super::NEW_LINK_COOKIE));
        token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_').then(|| feed_url(&token))
    }
}

fn new_link() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        ssr::take_new_link()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let fresh = new_link();
    let status = Resource::new_blocking(|| (), |_| calendar_link_status());
    view! {
        <Title text=lang.pick("내 캘린더 구독", "My calendar feed")/>
        <section class="wrap narrow form-page calendar-link">
            <p class="crumbs"><a href="/me">{lang.pick("내 정보", "My account")}</a>" › "{lang.pick("캘린더 구독", "Calendar feed")}</p>
            <h1>{lang.pick("내 예약을 캘린더 앱에서 보기", "See your bookings in your calendar app")}</h1>
            <p class="lead">{lang.pick(
                "개인 구독 주소를 캘린더 앱(구글 캘린더, 애플 캘린더, 아웃룩 등)에 추가하면 예약한 키즈카페, 시설, 마을 강좌가 자동으로 나타납니다.",
                "Add your private feed address to a calendar app (Google Calendar, Apple Calendar, Outlook…) and your kids-café, facility and course bookings appear there by themselves.")}</p>
            <FormError/>
            {done.filter(|d| d == "revoked").map(|_| view! {
                <p class="done-note" role="status" data-testid="done">{lang.pick("구독 주소를 없앴습니다. 예전 주소로는 더 이상 볼 수 없습니다.", "The link is revoked: the old address no longer works.")}</p>
            })}
            {fresh.map(|url| view! { <NewLink url lang/> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(has) => link_forms(has, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn NewLink(url: String, lang: Lang) -> impl IntoView {
    view! {
        <div class="done-note new-link" role="status">
            <p>{lang.pick("새 구독 주소를 만들었습니다. 이 주소는 지금 한 번만 보여 드립니다. 복사해서 캘린더 앱에 붙여 넣으세요.",
                "Your new feed address is ready. It is shown only this once: copy it into your calendar app now.")}</p>
            <label for="feed-url">{lang.pick("구독 주소", "Feed address")}</label>
            <input id="feed-url" type="text" readonly value=url.clone() data-testid="feed-url"/>
            <p class="hint">{lang.pick("이 주소를 아는 사람은 누구나 내 예약 일정을 볼 수 있습니다. 다른 사람과 나누지 마세요.",
                "Anyone who has this address can see your bookings: do not share it.")}</p>
        </div>
    }
}

fn link_forms(has: bool, lang: Lang) -> AnyView {
    let (state, create) = if has {
        (lang.pick("구독 주소가 있습니다. 주소를 잃어버렸다면 새로 만드세요. 예전 주소는 그때부터 쓸 수 없습니다.",
            "You have a feed address. If you lost it, make a new one: the old address stops working then."),
         lang.pick("새 구독 주소 만들기", "Make a new calendar link"))
    } else {
        (lang.pick("아직 구독 주소가 없습니다.", "You have no feed address yet."), lang.pick("내 캘린더 주소 만들기", "Create my calendar link"))
    };
    view! {
        <p data-testid="link-state">{state}</p>
        <div class="button-row">
            <form method="post" action="/api/create_calendar_link">
                <button type="submit" class="button primary">{create}</button>
            </form>
            {has.then(|| view! {
                <form method="post" action="/api/revoke_calendar_link">
                    <button type="submit" class="button secondary">{lang.pick("구독 주소 없애기", "Revoke the link")}</button>
                </form>
            })}
        </div>
    }
    .into_any()
}
