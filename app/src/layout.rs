//! What every page shares: the header with the portal's sections and the language switch, the
//! footer, and the page for addresses that lead nowhere.

use crate::i18n::{switch_href, use_lang};
use crate::status::set_status;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let back = move || {
        let search = location.search.get();
        match search.trim_start_matches('?') {
            "" => location.pathname.get(),
            query => format!("{}?{query}", location.pathname.get()),
        }
    };
    let other = lang.other();
    view! {
        <a class="skip" href="#main">{lang.pick("본문 바로가기", "Skip to content")}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/" aria-label=lang.pick("동네 처음으로", "Dongne home")>
                    <span class="brand-mark" aria-hidden="true">"동"</span>
                    <span class="brand-name">{lang.pick("동네", "Dongne")}</span>
                </a>
                <nav class="site-nav" aria-label=lang.pick("주요 메뉴", "Main menu")>
                    <a href="/courses">{lang.pick("온라인 강좌", "Online courses")}</a>
                    <a href="/learn/district">{lang.pick("마을 강좌", "District courses")}</a>
                </nav>
                <a class="lang-switch" href=move || switch_href(other, &back()) hreflang=other.code() lang=other.code() data-testid="lang-switch">
                    {match other { Lang::En => "English", Lang::Ko => "한국어" }}
                </a>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <div class="wrap">
                <p>{lang.pick("동네 — 우리 구 주민 포털", "Dongne — the district's residents' portal")}</p>
                <p class="muted">
                    {lang.pick("강좌 정보는 각 학습 플랫폼에서 모은 것입니다. 신청은 해당 플랫폼에서 합니다.",
                        "Course information is gathered from each learning platform; you enrol on the platform itself.")}
                    " · "<a href="/api/v1/openapi.json">{lang.pick("공개 API", "Public API")}</a>
                </p>
            </div>
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let lang = use_lang();
    view! {
        <Title text=lang.pick("페이지를 찾을 수 없습니다", "Page not found")/>
        <section class="wrap notice">
            <h1>{lang.pick("페이지를 찾을 수 없습니다", "Page not found")}</h1>
            <p>{lang.pick("주소가 바뀌었거나 없는 페이지입니다.", "The address has changed or the page does not exist.")}</p>
            <p><a class="button" href="/">{lang.pick("처음으로", "Go to the home page")}</a></p>
        </section>
    }
}
