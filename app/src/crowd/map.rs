//! The hotspots drawn as SVG on the server: each area's outline filled by its level, with its name
//! and level written beside it, so the map reads without telling colours apart. No tiles, no map
//! library: the page is complete as sent, and the live script only swaps classes and words.

use crate::air::map::Projection;
use domain::air::GeoPoint;
use domain::crowd::HotspotNow;
use domain::Lang;
use leptos::prelude::*;

/// The class of a level (`crowd-crowded`), or `crowd-none` without a fresh estimate.
pub fn level_class(h: &HotspotNow) -> String {
    format!("crowd-{}", h.level().map(|l| l.slug()).unwrap_or("none"))
}

pub fn level_word(h: &HotspotNow, lang: Lang) -> &'static str {
    h.level().map(|l| l.label(lang)).unwrap_or_else(|| lang.pick("자료 없음", "No data"))
}

/// A frame around every outline, with room for the labels.
fn frame(hotspots: &[HotspotNow]) -> Vec<GeoPoint> {
    let points: Vec<GeoPoint> = hotspots.iter().flat_map(|h| h.hotspot.outline.iter().copied()).collect();
    let (mut lat_min, mut lat_max, mut lon_min, mut lon_max) = (90.0f64, -90.0f64, 180.0f64, -180.0f64);
    for p in &points {
        lat_min = lat_min.min(p.lat);
        lat_max = lat_max.max(p.lat);
        lon_min = lon_min.min(p.lon);
        lon_max = lon_max.max(p.lon);
    }
    let (dlat, dlon) = (0.0012, 0.0025);
    vec![GeoPoint { lat: lat_min - dlat, lon: lon_min - dlon }, GeoPoint { lat: lat_max + dlat, lon: lon_max + dlon }]
}

#[component]
pub fn CrowdMap(hotspots: Vec<HotspotNow>, lang: Lang) -> impl IntoView {
    if hotspots.is_empty() {
        return ().into_any();
    }
    let projection = Projection::fitting(&frame(&hotspots));
    let view_box = format!("0 0 {} {}", projection.width, projection.height.round());
    let areas = hotspots
        .iter()
        .map(|h| {
            let (x, y) = projection.xy(h.hotspot.centre());
            let name = h.hotspot.name(lang).to_string();
            let word = level_word(h, lang);
            let title = format!("{name}: {word}");
            let href = format!("/crowd/{}", h.hotspot.id);
            view! {
                <a href=href class=format!("crowd-area {}", level_class(h)) data-hotspot=h.hotspot.id.to_string()>
                    <title data-field="title">{title}</title>
                    <polygon points=projection.points(&h.hotspot.outline)/>
                    <text class="crowd-area-name" x=format!("{x}") y=format!("{:.1}", y - 5.0) text-anchor="middle">{name}</text>
                    <text class="crowd-area-level" data-field="level" x=format!("{x}") y=format!("{:.1}", y + 18.0) text-anchor="middle">{word}</text>
                </a>
            }
        })
        .collect_view();
    let label = lang.pick("혼잡 지역 지도: 지역을 누르면 지난 24시간을 볼 수 있습니다.", "Map of the hotspots: choose one for its last 24 hours.");
    view! {
        <svg class="crowd-map" viewBox=view_box role="group" aria-label=label>
            {areas}
        </svg>
    }
    .into_any()
}
