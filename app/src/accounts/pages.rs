//! Sign-up, log-in and "my account" (children, password). Plain forms posting to the server
//! functions, so they work with JavaScript off; a refused form comes back with its message.

use super::api::my_children;
use super::flash::FormError;
use super::{current_viewer, log_in_href};
use crate::i18n::use_lang;
use domain::accounts::{Child, NewPassword, Viewer};
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

/// The `next` of the address, kept through the form as a hidden field.
fn next_param() -> String {
    use_query_map().with_untracked(|q| q.get("next")).and_then(|n| domain::paths::local_path(&n).map(str::to_string)).unwrap_or_default()
}

/// The signed-in resident; a guest is sent to log in and come back here.
pub fn signed_in_or_log_in() -> Option<Viewer> {
    let viewer = current_viewer();
    if viewer.is_none() {
        let location = use_location();
        let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked().split_once('?').map_or(String::new(), |(_, q)| if q.is_empty() { String::new() } else { format!("?{q}") }));
        #[cfg(feature = "ssr")]
        leptos_axum::redirect(&log_in_href(&here));
        #[cfg(not(feature = "ssr"))]
        let _ = log_in_href(&here);
    }
    viewer
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let lang = use_lang();
    let next = next_param();
    view! {
        <Title text=lang.pick("회원가입", "Sign up")/>
        <section class="wrap narrow form-page">
            <h1>{lang.pick("회원가입", "Create an account")}</h1>
            <p>{lang.pick("키즈카페, 시설, 마을 강좌를 예약하려면 계정이 필요합니다.",
                "You need an account to book kids cafés, facilities and district courses.")}</p>
            <FormError/>
            <crate::privacy::NoticeLink section="account"/>
            <form method="post" action="/api/sign_up" class="stack-form" data-testid="sign-up-form">
                <input type="hidden" name="next" value=next/>
                <label for="email">{lang.pick("이메일", "Email")}</label>
                <input id="email" name="email" type="email" autocomplete="email" required maxlength="254"/>
                <label for="name">{lang.pick("이름", "Name")}</label>
                <input id="name" name="name" type="text" autocomplete="name" required maxlength="50"/>
                <label for="password">{lang.pick("비밀번호", "Password")}</label>
                <p class="hint" id="password-hint">{match lang {
                    Lang::Ko => format!("{}자 이상. 여러 단어로 된 문장도 좋습니다.", NewPassword::MIN_CHARS),
                    Lang::En => format!("At least {} characters; a sentence of several words is good.", NewPassword::MIN_CHARS),
                }}</p>
                <input id="password" name="password" type="password" autocomplete="new-password" required
                    minlength=NewPassword::MIN_CHARS.to_string() maxlength=NewPassword::MAX_CHARS.to_string() aria-describedby="password-hint"/>
                <div class="check-row">
                    <input id="resident" name="resident" type="checkbox" value="yes"/>
                    <label for="resident">{lang.pick("우리 구에 살고 있습니다", "I live in the district")}</label>
                </div>
                <button type="submit" class="button primary">{lang.pick("가입하기", "Sign up")}</button>
            </form>
            <p>{lang.pick("이미 계정이 있으신가요? ", "Already have an account? ")}<a href="/log-in">{lang.pick("로그인", "Log in")}</a></p>
        </section>
    }
}

#[component]
pub fn LogInPage() -> impl IntoView {
    let lang = use_lang();
    let next = next_param();
    view! {
        <Title text=lang.pick("로그인", "Log in")/>
        <section class="wrap narrow form-page">
            <h1>{lang.pick("로그인", "Log in")}</h1>
            <FormError/>
            <form method="post" action="/api/log_in" class="stack-form" data-testid="log-in-form">
                <input type="hidden" name="next" value=next/>
                <label for="email">{lang.pick("이메일", "Email")}</label>
                <input id="email" name="email" type="email" autocomplete="username" required maxlength="254"/>
                <label for="password">{lang.pick("비밀번호", "Password")}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128"/>
                <button type="submit" class="button primary">{lang.pick("로그인", "Log in")}</button>
            </form>
            <p>{lang.pick("계정이 없으신가요? ", "No account yet? ")}<a href="/sign-up">{lang.pick("회원가입", "Sign up")}</a></p>
        </section>
    }
}

/// `/me`: the account, its children (add one), and changing the password.
#[component]
pub fn MePage() -> impl IntoView {
    let lang = use_lang();
    let Some(viewer) = signed_in_or_log_in() else { return ().into_any() };
    let done = use_query_map().with_untracked(|q| q.get("done").or(q.get("welcome").map(|_| "welcome".to_string())));
    let children = Resource::new_blocking(|| (), |_| my_children());
    view! {
        <Title text=lang.pick("내 정보", "My account")/>
        <section class="wrap narrow form-page">
            <h1>{lang.pick("내 정보", "My account")}</h1>
            {done.map(|d| view! { <p class="done-note" role="status" data-testid="done">{done_message(&d, lang)}</p> })}
            <FormError/>
            <p>{viewer.name.clone()}{lang.pick(" 님", "")}
                {if viewer.resident { lang.pick(" · 구민", " · district resident") } else { "" }}</p>
            <ul class="link-list">
                <li><a href="/me/bookings">{lang.pick("내 예약", "My bookings")}</a></li>
                <li><a href="/me/messages">{lang.pick("메시지", "Messages")}</a></li>
                <li><a href="/me/calendar">{lang.pick("캘린더 구독", "Calendar feed")}</a></li>
                <li><a href="/me/applications">{lang.pick("내 신청(지원 사업)", "My applications (programmes)")}</a></li>
            </ul>
            <crate::privacy::delete::MyDataLinks lang/>
            <h2 id="children">{lang.pick("자녀", "Children")}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match children.await {
                        Ok(list) => view! { <ChildList list lang/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <AddChildForm lang next=next_param()/>
            <h2>{lang.pick("비밀번호 바꾸기", "Change the password")}</h2>
            <p class="hint">{lang.pick("바꾸면 다른 기기의 로그인은 모두 끝납니다.", "Changing it logs out every other device.")}</p>
            <form method="post" action="/api/change_password" class="stack-form" data-testid="password-form">
                <label for="old">{lang.pick("지금 비밀번호", "Current password")}</label>
                <input id="old" name="old" type="password" autocomplete="current-password" required maxlength="128"/>
                <label for="new">{lang.pick("새 비밀번호", "New password")}</label>
                <input id="new" name="new" type="password" autocomplete="new-password" required
                    minlength=NewPassword::MIN_CHARS.to_string() maxlength="128"/>
                <label for="confirm">{lang.pick("새 비밀번호 확인", "New password again")}</label>
                <input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="128"/>
                <button type="submit" class="button">{lang.pick("비밀번호 바꾸기", "Change the password")}</button>
            </form>
        </section>
    }
    .into_any()
}

fn done_message(done: &str, lang: Lang) -> &'static str {
    match done {
        "password" => lang.pick("비밀번호를 바꿨습니다. 다른 기기의 로그인은 끝났습니다.", "Your password is changed; other devices are logged out."),
        "child" => lang.pick("자녀를 등록했습니다.", "The child is added."),
        _ => lang.pick("가입을 환영합니다! 키즈카페를 예약하려면 먼저 자녀를 등록해 주세요.", "Welcome! To book a kids café, first add your child."),
    }
}

#[component]
pub fn ChildList(list: Vec<Child>, lang: Lang) -> impl IntoView {
    if list.is_empty() {
        return view! { <p data-testid="no-children">{lang.pick("등록된 자녀가 없습니다.", "No children added yet.")}</p> }.into_any();
    }
    view! {
        <ul class="link-list" data-testid="children">
            {list.into_iter().map(|c| view! { <li>{c.name}" ("{c.birth_date.to_string()}")"</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Adding a child; `next` brings the guardian back to a booking they started.
#[component]
pub fn AddChildForm(lang: Lang, next: String) -> impl IntoView {
    view! {
        <crate::privacy::NoticeLink section="children"/>
        <form method="post" action="/api/add_child" class="stack-form" data-testid="add-child-form">
            <input type="hidden" name="next" value=next/>
            <label for="child-name">{lang.pick("자녀 이름", "Child's name")}</label>
            <input id="child-name" name="name" type="text" required maxlength="30"/>
            <label for="birth-date">{lang.pick("생년월일", "Birth date")}</label>
            <input id="birth-date" name="birth_date" type="date" required/>
            <button type="submit" class="button">{lang.pick("자녀 등록", "Add the child")}</button>
        </form>
    }
}
