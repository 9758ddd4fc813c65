//! The portal's front door: one search box and the areas of the portal.

use crate::i18n::use_lang;
use domain::courses::{FacetKind, Subject};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=""/>
        <crate::Description ko="우리 구 주민 포털 동네: 13개 학습 플랫폼의 무료 온라인 강좌 36,496개와 구에서 여는 마을 강좌를 한곳에서 찾으세요."
            en="Dongne, the district's residents' portal: find 36,496 free online courses from 13 learning platforms and the district's own courses in one place."/>
        <section class="hero">
            <div class="wrap">
                <h1>{lang.pick("우리 동네의 배움과 생활, 한곳에서", "Learning and daily life in our district, in one place")}</h1>
                <form class="hero-search" method="get" action="/courses" role="search">
                    <label for="home-q" class="visually-hidden">{lang.pick("강좌 검색", "Search courses")}</label>
                    <input id="home-q" type="search" name="q" maxlength="200" autocomplete="off"
                        placeholder=lang.pick("배우고 싶은 것을 찾아보세요 (예: 미술, 파이썬)", "What would you like to learn? (e.g. art, Python)")/>
                    <button type="submit">{lang.pick("검색", "Search")}</button>
                </form>
                <p class="quick-subjects">
                    {Subject::ALL.iter().map(|s| view! {
                        <a href=format!("/courses?{}={}", FacetKind::Subject.param(), s.slug())>{s.label(lang)}</a>
                    }).collect_view()}
                </p>
            </div>
        </section>
        <section class="wrap areas" aria-label=lang.pick("포털 서비스", "Portal services")>
            <a class="area" href="/courses" data-testid="area-courses">
                <Icon name="book"/>
                <h2>{lang.pick("평생학습 강좌", "Lifelong learning")}</h2>
                <p>{lang.pick("13개 학습 플랫폼의 무료 온라인 강좌 36,496개를 한 번에 찾고, 마을 강좌를 둘러보세요.",
                    "Search 36,496 free online courses from 13 learning platforms at once, and browse the district's own courses.")}</p>
            </a>
            <a class="area" href="/kids-cafe" data-testid="area-kids-cafe">
                <Icon name="play"/>
                <h2>{lang.pick("키즈카페", "Kids cafés")}</h2>
                <p>{lang.pick("꿈이랑팡팡 키즈카페의 회차와 남은 자리를 보고 예약하세요.", "See Kkumipangpang kids-café sessions and seats left, and book.")}</p>
            </a>
            <a class="area" href="/facilities" data-testid="area-facilities">
                <Icon name="room"/>
                <h2>{lang.pick("공공시설 예약", "Public facilities")}</h2>
                <p>{lang.pick("회의실·강당·체육시설의 빈 시간을 보고 예약하세요.", "Find a free slot in a meeting room, a hall or a court.")}</p>
            </a>
            <a class="area" href="/programmes" data-testid="area-programmes">
                <Icon name="hand"/>
                <h2>{lang.pick("지원 사업", "District programmes")}</h2>
                <p>{lang.pick("중소기업 육성자금, 보훈예우수당, 영희네 나눔가게와 커피지기 자활카페: 받을 수 있는지 확인하고 신청하세요.",
                    "SME loans, the veterans' allowance, Yeonghee's Thrift Store and the Coffee Jigi self-support café: check what you qualify for and apply.")}</p>
            </a>
            <a class="area" href="/cars" data-testid="area-cars">
                <Icon name="car"/>
                <h2>{lang.pick("전기차 공유", "Car share")}</h2>
                <p>{lang.pick("업무 시간 외에 구청 전기 관용차를 빌려 쓰세요. 전기자전거와 공유 주차도 있습니다.",
                    "Book the district's electric official cars outside working hours; shared e-bikes and parking too.")}</p>
            </a>
            <AirArea lang/>
            <CrowdArea lang/>
            <a class="area" href="/data" data-testid="area-data">
                <Icon name="data"/>
                <h2>{lang.pick("열린데이터", "Open data")}</h2>
                <p>{lang.pick("공원, 공공와이파이, 주차장, 어린이 교통사고 지점 등 우리 구 데이터 733종을 찾아 내려받으세요.",
                    "Find and download 733 district datasets: parks, public Wi-Fi, car parks, child-accident spots and more.")}</p>
            </a>
        </section>
        <section class="wrap district-teaser"><div>
            <h2>{lang.pick("우리 구에서 직접 여는 강좌", "Courses run by the district")}</h2>
            <p>{lang.pick("미래평생학습관, 마을대학, 영특한 아카데미, 융합인재교육의 오프라인 강좌와 남은 자리를 확인하세요.",
                "See the offline courses of the Future Lifelong Learning Center, Village University, Yeongteukhan Academy and Convergence Talent Education, with seats left.")}</p>
            <a class="button secondary" href="/learn/district">{lang.pick("마을 강좌 보기", "See district courses")}</a>
        </div></section>
    }
}

/// The air-quality area: the district's grade now, or "no data yet". Read per request (never
/// kept: the home page is not in the page cache), so the grade is never stale.
#[component]
fn AirArea(lang: domain::Lang) -> impl IntoView {
    let now = Resource::new_blocking(|| (), |_| crate::air::api::air_overview());
    view! {
        <a class="area" href="/air" data-testid="area-air">
            <Icon name="leaf"/>
            <h2>{lang.pick("우리 동네 대기질", "Air quality")}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    // an unavailable feed is not the home page's failure: it says "no data yet"
                    match now.await.ok().and_then(|now| now.district) {
                        Some(cai) => view! {
                            <p data-testid="home-air-grade">
                                {lang.pick("지금 도봉구: ", "Dobong-gu now: ")}
                                <strong class=format!("grade-text grade-{}", cai.grade.slug())>{cai.grade.label(lang)}</strong>
                                {match lang {
                                    domain::Lang::Ko => format!(" (통합대기환경지수 {})", cai.index),
                                    domain::Lang::En => format!(" (index {})", cai.index),
                                }}
                            </p>
                        }.into_any(),
                        None => view! {
                            <p data-testid="home-air-grade">{lang.pick("아직 측정값이 없습니다. 측정기 80여 곳의 지도를 보세요.",
                                "No readings yet. See the map of about 80 street sensors.")}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </a>
    }
}

/// The crowd area: which hotspots are crowded now. Read per request, like the air area.
#[component]
fn CrowdArea(lang: domain::Lang) -> impl IntoView {
    let now = Resource::new_blocking(|| (), |_| crate::crowd::api::crowd_levels());
    view! {
        <a class="area" href="/crowd" data-testid="area-crowd">
            <Icon name="people"/>
            <h2>{lang.pick("실시간 인구 혼잡도", "Crowd levels")}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let crowded: Vec<String> = now.await.map(|now| now.crowded().map(|h| h.hotspot.name(lang).to_string()).collect()).unwrap_or_default();
                    let line = if crowded.is_empty() {
                        lang.pick("성수동 카페거리, 왕십리역, 서울숲 등 사람이 몰리는 곳의 지금 혼잡도를 보세요.",
                            "How busy Seongsu-dong Cafe Street, Wangsimni Station, Seoul Forest Park and other crowded points are now.").to_string()
                    } else {
                        match lang {
                            domain::Lang::Ko => format!("지금 붐비는 곳: {}", crowded.join(", ")),
                            domain::Lang::En => format!("Crowded now: {}", crowded.join(", ")),
                        }
                    };
                    view! { <p data-testid="home-crowd">{line}</p> }
                })}
            </Suspense>
        </a>
    }
}

/// Line icons for the portal's areas (inline SVG: no icon font, no emoji font needed).
#[component]
fn Icon(name: &'static str) -> impl IntoView {
    let path = match name {
        "book" => "M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2zM4 21V5M8 7h7",
        "play" => "M12 3a4 4 0 1 1 0 8 4 4 0 0 1 0-8zM5 21c0-4 3-7 7-7s7 3 7 7z",
        "room" => "M4 21V4h11v17M15 9h5v12M2 21h20M8 8h3M8 12h3M8 16h3",
        "car" => "M5 16l1.5-6h11L19 16M3 16h18v3H3zM7 19v2M17 19v2M8 13h.01M16 13h.01",
        "data" => "M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3",
        "people" => "M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20c0-3.3 2.7-6 6-6s6 2.7 6 6M16 5.2a3 3 0 0 1 0 5.6M18 14.5c1.8.9 3 2.9 3 5.5",
        "hand" => "M3 12h4l3 3h4a2 2 0 0 1 0 4H9M7 12v8H3M14 7a3 3 0 1 1 6 0c0 2-3 4-3 4s-3-2-3-4z",
        _ => "M5 19c0-8 6-14 15-14 0 9-6 15-14 15M5 19l7-7",
    };
    view! {
        <svg class="area-icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8"
            stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <path d=path/>
        </svg>
    }
}
