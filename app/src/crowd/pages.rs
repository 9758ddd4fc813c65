//! The crowd pages: `/crowd` (the alert banner, the map, the table) and `/crowd/:id` (a hotspot
//! now, its advice and its last 24 hours). Server-drawn and complete without JavaScript; the live
//! script (`public/crowd-live.js`) rewrites levels, estimates and the banner as the feed moves.

use super::api::{crowd_hotspot, crowd_levels};
use super::chart::DayChart;
use super::map::{level_class, level_word, CrowdMap};
use crate::courses::components::grouped;
use crate::courses::pages::failed;
use crate::i18n::use_lang;
use crate::status::set_status;
use domain::crowd::{CrowdLevel, CrowdNow, HotspotId, HotspotNow};
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// "about 9,870 people", or a dash without a fresh estimate.
fn estimate_text(h: &HotspotNow, lang: Lang) -> String {
    match h.latest {
        Some(p) => match lang {
            Lang::Ko => format!("약 {}명", grouped(p.estimate)),
            Lang::En => format!("about {}", grouped(p.estimate)),
        },
        None => "–".into(),
    }
}

fn at_text(h: &HotspotNow) -> String {
    h.latest.map(|p| p.at.clock_text()).unwrap_or_else(|| "–".into())
}

fn names_text(now: &CrowdNow, lang: Lang) -> String {
    now.crowded().map(|h| h.hotspot.name(lang).to_string()).collect::<Vec<_>>().join(", ")
}

/// The hidden element that tells `crowd-live.js` the words it writes, then the script.
#[component]
fn LiveScript(lang: Lang) -> impl IntoView {
    view! {
        <span id="crowd-live" hidden data-lang=lang.code()
            data-relaxed=CrowdLevel::Relaxed.label(lang) data-normal=CrowdLevel::Normal.label(lang)
            data-slightly_crowded=CrowdLevel::SlightlyCrowded.label(lang) data-crowded=CrowdLevel::Crowded.label(lang)
            data-none=lang.pick("자료 없음", "No data") data-estimate=lang.pick("약 {n}명", "about {n}")
            data-asof=lang.pick("{t} 기준", "as of {t}")></span>
        <script src="/crowd-live.js" defer></script>
    }
}

#[component]
fn SimulatedNotice(simulated: bool, lang: Lang) -> impl IntoView {
    simulated.then(|| view! {
        <p class="air-simulated" data-testid="crowd-simulated">
            <strong>{lang.pick("모의 자료: ", "Simulated feed: ")}</strong>
            {lang.pick("지금 보이는 인구 추정치는 시험용 모의 자료로, 실제 인원이 아닙니다.",
                "these estimates come from the test simulator; they do not count real people.")}
        </p>
    })
}

/// The banner naming the crowded hotspots; present (hidden) when none is, so the live script can
/// show it the moment one becomes crowded.
#[component]
fn AlertBanner(now: CrowdNow, lang: Lang) -> impl IntoView {
    let names = names_text(&now, lang);
    let hidden = names.is_empty();
    view! {
        <div id="crowd-alert" class="crowd-alert" role="alert" data-testid="crowd-alert" hidden=hidden>
            <p>
                <strong>{lang.pick("혼잡 경보: ", "Crowd alert: ")}</strong>
                <span data-field="names">{names}</span>
                {lang.pick("에 사람이 매우 많습니다. ", " is very crowded. ")}
                {CrowdLevel::Crowded.advice(lang)}
            </p>
        </div>
    }
}

#[component]
fn Legend(lang: Lang) -> impl IntoView {
    let items = CrowdLevel::ALL
        .into_iter()
        .map(|level| view! {
            <li><span class=format!("crowd-chip crowd-{}", level.slug())>{level.label(lang)}</span>" "{level.advice(lang)}</li>
        })
        .collect_view();
    view! {
        <h2 class="crowd-legend-title">{lang.pick("혼잡 단계", "Crowd levels")}</h2>
        <ul class="crowd-legend">{items}</ul>
        <p class="muted">{lang.pick("단계를 나누는 인원은 지역마다 다릅니다(넓은 공원과 좁은 골목은 같은 인원에도 다르게 붐빕니다). 추정치는 5분마다 새로 들어옵니다.",
            "Each hotspot has its own thresholds: a wide park and a narrow lane feel the same crowd differently. Estimates arrive every 5 minutes.")}</p>
    }
}

fn thresholds_text(h: &HotspotNow, lang: Lang) -> String {
    let t = h.hotspot.thresholds;
    format!(
        "{} {} · {} {} · {} {}",
        CrowdLevel::Normal.label(lang), grouped(t.normal()),
        CrowdLevel::SlightlyCrowded.label(lang), grouped(t.slightly_crowded()),
        CrowdLevel::Crowded.label(lang), grouped(t.crowded()),
    )
}

#[component]
fn Chip(hotspot: HotspotNow, lang: Lang) -> impl IntoView {
    view! { <span class=format!("crowd-chip {}", level_class(&hotspot)) data-field="level">{level_word(&hotspot, lang)}</span> }
}

#[component]
fn HotspotTable(hotspots: Vec<HotspotNow>, lang: Lang) -> impl IntoView {
    let rows = hotspots
        .into_iter()
        .map(|h| {
            let href = format!("/crowd/{}", h.hotspot.id);
            view! {
                <tr data-hotspot=h.hotspot.id.to_string()>
                    <th scope="row"><a href=href>{h.hotspot.name(lang).to_string()}</a><br/><span class="muted">{h.hotspot.dong(lang).to_string()}</span></th>
                    <td><Chip hotspot=h.clone() lang/></td>
                    <td class="num" data-field="estimate">{estimate_text(&h, lang)}</td>
                    <td data-field="at">{at_text(&h)}</td>
                    <td class="crowd-thresholds">{thresholds_text(&h, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("지역별 혼잡도", "Crowd level by hotspot")>
            <table class="air-table crowd-table" data-testid="crowd-table">
                <thead><tr>
                    <th scope="col">{lang.pick("지역", "Hotspot")}</th>
                    <th scope="col">{lang.pick("혼잡 단계", "Level")}</th>
                    <th scope="col" class="num">{lang.pick("추정 인구", "Estimated people")}</th>
                    <th scope="col">{lang.pick("시각", "At")}</th>
                    <th scope="col" class="crowd-thresholds">{lang.pick("단계 기준(명)", "Thresholds (people)")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn CrowdPage() -> impl IntoView {
    let lang = use_lang();
    let now = Resource::new_blocking(|| (), |_| crowd_levels());
    view! {
        <Title text=lang.pick("실시간 인구 혼잡도", "Crowd levels now")/>
        <crate::Description ko="성수동 카페거리, 왕십리역, 서울숲 등 사람이 몰리는 곳의 실시간 추정 인구와 혼잡 단계, 지난 24시간 기록."
            en="Live estimated people and crowd levels at Seongsu-dong Cafe Street, Wangsimni Station, Seoul Forest Park and other crowded points."/>
        <section class="wrap crowd">
            <h1>{lang.pick("실시간 인구 혼잡도", "Crowd levels now")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match now.await {
                        Ok(now) => view! { <CrowdNowView now lang/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CrowdNowView(now: CrowdNow, lang: Lang) -> impl IntoView {
    let as_of = match lang {
        Lang::Ko => format!("{} 기준", now.at.clock_text()),
        Lang::En => format!("as of {}", now.at.clock_text()),
    };
    view! {
        <SimulatedNotice simulated=now.simulated lang/>
        <AlertBanner now=now.clone() lang/>
        <p class="muted">
            {lang.pick("사람이 몰리는 곳 ", "")}{now.hotspots.len()}{lang.pick("곳, ", " hotspots, ")}
            <span id="crowd-as-of" data-testid="crowd-as-of">{as_of}</span>
        </p>
        <div class="air-layout">
            <div class="air-map-wrap"><CrowdMap hotspots=now.hotspots.clone() lang/></div>
            <div class="air-side"><Legend lang/></div>
        </div>
        <h2>{lang.pick("지역별 혼잡도", "By hotspot")}</h2>
        <HotspotTable hotspots=now.hotspots lang/>
        <p class="muted">
            {lang.pick("추정 인구는 통신 자료로 셈한 지역 안의 사람 수입니다. 자료는 ", "Estimates count the people inside each area from telecom data. Get them from the ")}
            <a href="/api/v1/crowd">{lang.pick("공개 API", "public API")}</a>
            {lang.pick("(GeoJSON은 ?format=geojson)로 내려받을 수 있습니다.", " (GeoJSON with ?format=geojson).")}
        </p>
        <LiveScript lang/>
    }
}

fn hotspot_not_found(id: &str, lang: Lang) -> AnyView {
    set_status(404);
    let shown: String = id.chars().take(40).collect();
    view! {
        <Title text=lang.pick("지역을 찾을 수 없습니다", "Hotspot not found")/>
        <section class="wrap notice">
            <h1>{lang.pick("지역을 찾을 수 없습니다", "Hotspot not found")}</h1>
            <p data-testid="page-error">{match lang {
                Lang::Ko => format!("‘{shown}’ 지역은 혼잡도를 살피는 곳이 아닙니다."),
                Lang::En => format!("‘{shown}’ is not one of the hotspots we watch."),
            }}</p>
            <p><a class="button" href="/crowd">{lang.pick("혼잡도 지도로", "Back to the crowd map")}</a></p>
        </section>
    }
    .into_any()
}

#[component]
pub fn HotspotPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    let asked = HotspotId::parse(&id);
    let history = Resource::new_blocking(move || asked.clone(), |asked| async move {
        match asked {
            Some(id) => crowd_hotspot(id).await,
            None => Ok(None),
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let id = id.clone();
                Suspend::new(async move {
                    match history.await {
                        Ok(Some(h)) => {
                            let name = h.now.hotspot.name(lang).to_string();
                            let advice = h.now.level().map(|l| l.advice(lang));
                            let thresholds = h.now.hotspot.thresholds;
                            let api = format!("/api/v1/crowd/{}", h.now.hotspot.id);
                            view! {
                                <Title text=name.clone()/>
                                <section class="wrap crowd">
                                    <p class="crumbs"><a href="/crowd">{lang.pick("실시간 인구 혼잡도", "Crowd levels now")}</a></p>
                                    <h1>{name.clone()}</h1>
                                    <p class="muted">{h.now.hotspot.dong(lang).to_string()}</p>
                                    <SimulatedNotice simulated=h.simulated lang/>
                                    <div class="crowd-now" data-hotspot=h.now.hotspot.id.to_string() data-testid="hotspot-now">
                                        <p class="crowd-now-line">
                                            <Chip hotspot=h.now.clone() lang/>" "
                                            <span data-field="estimate">{estimate_text(&h.now, lang)}</span>" · "
                                            <span data-field="at">{at_text(&h.now)}</span>
                                        </p>
                                        {advice.map(|a| view! { <p>{a}</p> })}
                                    </div>
                                    <h2>{lang.pick("지난 24시간", "The last 24 hours")}</h2>
                                    <DayChart day=h.day thresholds name lang/>
                                    <h2>{lang.pick("단계 기준", "Thresholds")}</h2>
                                    <p>{thresholds_text(&h.now, lang)}{lang.pick("명부터", " people and up")}</p>
                                    <p class="muted">{lang.pick("이 지역의 자료: ", "This hotspot's data: ")}<a href=api.clone()>{api.clone()}</a></p>
                                    <LiveScript lang/>
                                </section>
                            }.into_any()
                        }
                        Ok(None) => hotspot_not_found(&id, lang),
                        Err(e) => view! { <section class="wrap">{failed(&e, lang)}</section> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
