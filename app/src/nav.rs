//! Finding every page: one list of the portal's resident pages (`SECTIONS`), shown three ways — the
//! header's "all services" menu on every page, the `/sitemap` page, and (through the server)
//! `/sitemap.xml`. The menu is a `<details>` disclosure: it opens with a tap, a click, Enter or
//! Space without any script, so every page is one step from the menu and two from any page, on a
//! phone too. A page added to the router and meant for residents gets a line here; the server's
//! `tests/navigation.rs` walks the router and fails on a resident page no link reaches.

use crate::i18n::use_lang;
use domain::kids_cafe::Branch;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// One page in the menu and the sitemap.
pub struct Page {
    pub href: &'static str,
    pub ko: &'static str,
    pub en: &'static str,
    /// A line for the sitemap page: what the resident does there.
    pub about_ko: &'static str,
    pub about_en: &'static str,
}

/// A group of pages under one name.
pub struct Section {
    pub ko: &'static str,
    pub en: &'static str,
    pub pages: &'static [Page],
}

const fn page(href: &'static str, ko: &'static str, en: &'static str, about_ko: &'static str, about_en: &'static str) -> Page {
    Page { href, ko, en, about_ko, about_en }
}

/// Every resident page that stands on its own (pages of one course, car or dataset are reached
/// from their lists; booking steps from the page before them).
pub const SECTIONS: &[Section] = &[
    Section { ko: "배우기", en: "Learn", pages: &[
        page("/courses", "온라인 강좌", "Online courses", "13개 플랫폼의 무료 강좌 검색", "Search free courses from 13 platforms"),
        page("/learn/district", "마을 강좌", "District courses", "구에서 여는 강좌와 남은 자리, 신청", "The district's own courses, seats left, applying"),
    ] },
    Section { ko: "예약", en: "Book", pages: &[
        page("/kids-cafe", "키즈카페", "Kids cafés", "지점, 회차와 남은 자리, 예약", "Branches, sessions, seats left, booking"),
        page("/kids-cafe/stats", "키즈카페 이용 통계", "Kids-café figures", "지점별 예약·취소·노쇼, 추첨 경쟁률", "Bookings, cancellations, no-shows, lottery odds"),
        page("/facilities", "공공시설", "Public facilities", "회의실·강당·체육시설 예약", "Book a meeting room, a hall or a court"),
        page("/cars", "전기차 공유", "Car share", "업무 시간 밖의 구청 전기차 예약", "The district's electric cars outside office hours"),
        page("/bikes", "공유 전기자전거", "Shared e-bikes", "대여소의 자전거와 15분 예약", "Bikes at each dock, a 15-minute hold"),
        page("/parking", "공유 주차장", "Shared parking", "관공서 주차장 시간 단위 예약", "Office car parks by the hour"),
    ] },
    Section { ko: "지원 사업", en: "Programmes", pages: &[
        page("/programmes", "지원 사업 전체", "All programmes", "받을 수 있는 지원 확인", "What you may qualify for"),
        page("/programmes/sme-loan", "중소기업 육성자금", "SME development loans", "융자 조건, 상환 계획, 신청", "Terms, repayment schedule, applying"),
        page("/programmes/veterans-allowance", "보훈예우수당", "Veterans' allowance", "대상, 금액, 신청", "Who, how much, applying"),
        page("/programmes/thrift-store", "영희네 나눔가게", "Yeonghee's Thrift Store", "기증, 운영 시간, 찾아가는 길", "Donating, opening hours, getting there"),
        page("/programmes/coffee-jigi", "커피지기", "Coffee Jigi", "자활 카페와 푸드트럭, 단체 주문", "The self-support café and food truck, catering"),
    ] },
    Section { ko: "우리 동네 지금", en: "Live and open data", pages: &[
        page("/air", "대기질", "Air quality", "측정기 지도, 등급, 건강 수칙", "Sensor map, grades, health advice"),
        page("/air/response", "살수차 운행 제안", "Spraying truck round", "미세먼지가 나쁜 도로와 살수 순서 제안", "Roads with bad dust and a suggested spraying round"),
        page("/crowd", "인구 혼잡도", "Crowd levels", "붐비는 곳의 지금 혼잡도", "How busy the hotspots are now"),
        page("/data", "열린데이터", "Open data", "데이터셋 찾기와 내려받기", "Find and download datasets"),
        page("/agency", "기관 서비스 플랫폼", "Agencies' platform", "스마트도시 서비스를 올리는 기관용", "For agencies publishing smart-city services"),
    ] },
    Section { ko: "내 정보", en: "My pages", pages: &[
        page("/me", "내 정보와 자녀", "My account and children", "이름, 비밀번호, 자녀 등록", "Name, password, children"),
        page("/me/bookings", "내 예약", "My bookings", "키즈카페·시설·강좌·차량 예약", "Kids café, facility, course and car bookings"),
        page("/me/applications", "내 신청", "My applications", "지원 사업 신청과 결과, 기부 영수증, 케이터링", "Programme applications and decisions, donation receipts, catering"),
        page("/me/messages", "메시지", "Messages", "예약과 신청 알림", "Notices about bookings and applications"),
        page("/me/calendar", "캘린더 구독", "Calendar feed", "내 예약을 캘린더 앱에서 보기", "Your bookings in your calendar app"),
        page("/privacy", "개인정보 처리방침", "Privacy notice", "무엇을 왜 얼마나 보관하는지, 내 정보 내려받기와 계정 삭제",
            "What is kept, why and how long; downloading your data and deleting your account"),
        page("/log-in", "로그인", "Log in", "", ""),
        page("/sign-up", "회원가입", "Sign up", "", ""),
    ] },
];

/// The header's disclosure with every section; the same for everyone (kept pages share it). Its
/// inside is the same on every page, so it is written once per language and copied into each
/// page (the 60 links cost a render otherwise: the uncached search page's figure in the README).
#[component]
pub fn SiteMenu(lang: Lang) -> impl IntoView {
    view! { <details class="site-menu" data-testid="site-menu" inner_html=menu_inside(lang)></details> }
}

/// The menu's summary and panel as HTML, built from `SECTIONS` on first use.
fn menu_inside(lang: Lang) -> &'static str {
    static INSIDE: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let [ko, en] = INSIDE.get_or_init(|| [Lang::Ko, Lang::En].map(write_menu));
    if lang == Lang::En { en } else { ko }
}

fn write_menu(lang: Lang) -> String {
    // the texts are the constants above; escaped all the same, so a future `&` stays text
    let text = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut html = format!(r#"<summary>{}</summary><div class="site-menu-panel"><div class="wrap site-menu-groups">"#, text(lang.pick("전체 메뉴", "All services")));
    for (i, section) in SECTIONS.iter().enumerate() {
        html += &format!(
            r#"<div class="menu-group"><p class="menu-group-title" id="menu-group-{i}">{}</p><ul aria-labelledby="menu-group-{i}">"#,
            text(lang.pick(section.ko, section.en))
        );
        for page in section.pages {
            html += &format!(r#"<li><a href="{}">{}</a></li>"#, text(page.href), text(lang.pick(page.ko, page.en)));
        }
        html += "</ul></div>";
    }
    html += &format!(r#"<p class="menu-all"><a href="/sitemap">{}</a></p></div></div>"#, text(lang.pick("사이트맵: 모든 페이지", "Site map: every page")));
    html
}

/// `/sitemap`: every section's pages with a line each, and the pages of each kids-café branch.
#[component]
pub fn SitemapPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.pick("사이트맵", "Site map")/>
        <crate::Description ko="동네 포털의 모든 페이지: 강좌, 예약, 지원 사업, 대기질과 열린데이터, 내 정보."
            en="Every page of the Dongne portal: courses, bookings, programmes, air quality and open data, your account."/>
        <section class="wrap sitemap" data-testid="sitemap">
            <h1>{lang.pick("사이트맵", "Site map")}</h1>
            <p class="lead">{lang.pick("동네 포털의 모든 페이지입니다. 강좌, 차량, 데이터셋 하나하나의 페이지는 각 목록에서 찾을 수 있습니다.",
                "Every page of the portal. The page of each course, car or dataset is found from its list.")}</p>
            <div class="sitemap-groups">
                {SECTIONS.iter().map(|s| view! {
                    <section class="sitemap-group">
                        <h2>{lang.pick(s.ko, s.en)}</h2>
                        <ul class="sitemap-list">
                            {s.pages.iter().map(|p| {
                                let about = lang.pick(p.about_ko, p.about_en);
                                view! {
                                    <li><a href=p.href>{lang.pick(p.ko, p.en)}</a>
                                        {(!about.is_empty()).then(|| view! { <span class="hint">{format!(" — {about}")}</span> })}</li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }).collect_view()}
                <section class="sitemap-group">
                    <h2>{lang.pick("키즈카페 지점", "Kids-café branches")}</h2>
                    <ul class="sitemap-list">
                        {Branch::ALL.into_iter().map(|b| view! {
                            <li>{b.name(lang)}": "
                                <a href=format!("/kids-cafe/{}", b.slug())>{lang.pick("회차와 예약", "sessions and booking")}</a>" · "
                                <a href=format!("/kids-cafe/lottery/{}", b.slug())>{lang.pick("추첨 신청과 결과", "lottery: apply, results")}</a></li>
                        }).collect_view()}
                    </ul>
                </section>
                <section class="sitemap-group">
                    <h2>{lang.pick("직원과 기관", "Staff and agencies")}</h2>
                    <ul class="sitemap-list">
                        <li><a href="/staff">{lang.pick("직원 업무", "Staff desk")}</a><span class="hint">{lang.pick(" — 구청 직원 계정으로 로그인", " — log in with a staff account")}</span></li>
                        <li><a href="/api/v1/openapi.json">{lang.pick("공개 API (OpenAPI 문서)", "Public API (OpenAPI document)")}</a></li>
                        <li><a href="/sitemap.xml">{lang.pick("검색 엔진용 사이트맵 (XML)", "Site map for search engines (XML)")}</a></li>
                    </ul>
                </section>
            </div>
        </section>
    }
}
