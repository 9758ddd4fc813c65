//! What every page shares: the header with the portal's main sections, the menu of every service
//! (`nav::SiteMenu`) and the language switch, the footer, the pager of a search's results, and the
//! page for addresses that lead nowhere.

use crate::i18n::{switch_href, text_size_href, use_lang};
use crate::status::set_status;
use domain::{Lang, TextSize};
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
    let size = use_context::<TextSize>().unwrap_or_default();
    view! {
        <a class="skip" href="#main">{lang.pick("본문 바로가기", "Skip to content")}</a>
        <header class="site-header">
            <div class="wrap header-row">
                // named by its visible words (plus a hidden "home"), not an aria-label: speech users
                // say what they see (WCAG 2.5.3 Label in Name)
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"동"</span>
                    <span class="brand-name">{lang.pick("동네", "Dongne")}</span>
                    <span class="visually-hidden">{lang.pick(" 처음으로", " home")}</span>
                </a>
                <nav class="site-nav" aria-label=lang.pick("주요 메뉴", "Main menu")>
                    <a href="/courses">{lang.pick("온라인 강좌", "Online courses")}</a>
                    <a href="/learn/district">{lang.pick("마을 강좌", "District courses")}</a>
                    <a href="/kids-cafe">{lang.pick("키즈카페", "Kids cafés")}</a>
                    <a href="/facilities">{lang.pick("시설", "Facilities")}</a>
                    <a href="/cars">{lang.pick("전기차", "Cars")}</a>
                    <a href="/air">{lang.pick("대기질", "Air quality")}</a>
                    <a href="/programmes">{lang.pick("지원 사업", "Programmes")}</a>
                    <crate::nav::SiteMenu lang/>
                </nav>
                <div class="header-tools">
                    // kept pages hold the guest's menu here; the server swaps in the resident's
                    <div data-personal="account" class="account-menu">
                        <crate::accounts::menu::AccountMenu viewer=crate::accounts::current_viewer() lang/>
                    </div>
                    <TextSizeControl current=size lang back/>
                    <a class="lang-switch" href=move || switch_href(other, &back()) hreflang=other.code() lang=other.code() data-testid="lang-switch">
                        {match other { Lang::En => "English", Lang::Ko => "한국어" }}
                    </a>
                </div>
            </div>
        </header>
    }
}

/// 글자 크기: three links, each a bigger 가, that set the `size` cookie and come back here. Plain
/// links, so they work with JavaScript off; the page scales from the root font size.
#[component]
fn TextSizeControl(current: TextSize, lang: Lang, back: impl Fn() -> String + Copy + Send + Sync + 'static) -> impl IntoView {
    view! {
        <nav class="text-size" aria-label=lang.pick("글자 크기", "Text size") data-testid="text-size">
            {TextSize::ALL.into_iter().map(|size| view! {
                <a class=format!("size-{}", size.code()) href=move || text_size_href(size, &back())
                    data-testid=format!("text-size-{}", size.code())
                    aria-current=(size == current).then_some("true") rel="nofollow">
                    "가"<span class="visually-hidden">{format!(" {}", size.label(lang))}</span>
                </a>
            }).collect_view()}
        </nav>
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
                    " · "<a href="/sitemap">{lang.pick("사이트맵", "Site map")}</a>
                    " · "<a href="/data">{lang.pick("열린데이터", "Open data")}</a>
                    " · "<a href="/api/v1/openapi.json">{lang.pick("공개 API", "Public API")}</a>
                    " · "<a href="/privacy" data-testid="footer-privacy">{lang.pick("개인정보 처리방침", "Privacy notice")}</a>
                </p>
            </div>
        </footer>
    }
}

/// "Simulated data: …" where a resident sees data that no real source produced (the e-bike counts,
/// the smart-city services' demo feeds, the generated catalogue), the way the air and crowd pages
/// mark a simulated feed.
#[component]
pub fn SimulatedNote(ko: &'static str, en: &'static str, #[prop(optional)] testid: Option<&'static str>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="air-simulated" data-testid=testid.unwrap_or("simulated")>
            <strong>{lang.pick("모의 자료: ", "Simulated data: ")}</strong>{lang.pick(ko, en)}
        </p>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let lang = use_lang();
    view! {
        <Title text=lang.pick("페이지를 찾을 수 없습니다", "Page not found")/>
        <crate::Description ko="찾는 페이지가 없습니다. 동네 처음 화면에서 다시 찾아보세요." en="This page does not exist. Start again from Dongne's home page."/>
        <section class="wrap notice">
            <h1>{lang.pick("페이지를 찾을 수 없습니다", "Page not found")}</h1>
            <p>{lang.pick("주소가 바뀌었거나 없는 페이지입니다.", "The address has changed or the page does not exist.")}</p>
            <p><a class="button" href="/">{lang.pick("처음으로", "Go to the home page")}</a></p>
        </section>
    }
}

/// Previous/next and a window of page numbers around `current`, as plain links (`link` gives a
/// page's address): the course and dataset searches page the same way.
pub fn pager(current: u32, last_page: u32, link: impl Fn(u32) -> String, lang: Lang) -> impl IntoView {
    let mut pages: Vec<u32> = vec![1, last_page];
    pages.extend(current.saturating_sub(2).max(1)..=(current + 2).min(last_page));
    pages.sort_unstable();
    pages.dedup();
    let mut items = Vec::new();
    let mut previous = 0;
    for p in pages {
        if p > previous + 1 {
            items.push(view! { <li class="gap" aria-hidden="true">"…"</li> }.into_any());
        }
        items.push(if p == current {
            view! { <li><span class="page current" aria-current="page">{p}</span></li> }.into_any()
        } else {
            view! { <li><a class="page" href=link(p)>{p}</a></li> }.into_any()
        });
        previous = p;
    }
    (last_page > 1).then(|| view! {
        <nav class="pager" aria-label=lang.pick("쪽 이동", "Pages")>
            <ul>
                {(current > 1).then(|| view! { <li><a class="page" rel="prev" href=link(current - 1)>{lang.pick("이전", "Previous")}</a></li> })}
                {items}
                {(current < last_page).then(|| view! { <li><a class="page" rel="next" href=link(current + 1)>{lang.pick("다음", "Next")}</a></li> })}
            </ul>
        </nav>
    })
}
