//! The district map drawn as SVG on the server: Dobong-gu's outline and main roads from the bundled
//! GeoJSON (`public/air/dobong.geojson`, an approximation, see its metadata), the sensors as dots,
//! and, on the response page, the spraying truck's suggested round. No tiles, no map library, no
//! JavaScript: the page is complete as sent.
//!
//! Projection: equirectangular with the longitude scaled by cos(latitude) at the district's middle,
//! which at this size (7 km) is within a fraction of a pixel of any proper projection.

use super::components::{grade_or_none_label, grade_slug};
use domain::air::{GeoPoint, Grade};
use domain::Lang;
use leptos::prelude::*;

/// The outline and roads, read once from the bundled GeoJSON.
#[derive(Debug, Default)]
pub struct Basemap {
    pub outline: Vec<GeoPoint>,
    pub roads: Vec<Road>,
}

#[derive(Debug)]
pub struct Road {
    pub name_ko: String,
    pub name_en: String,
    pub points: Vec<GeoPoint>,
}

/// The map's drawing width in SVG units; the height follows the district's shape.
const WIDTH: f64 = 600.0;
const PAD: f64 = 18.0;

/// Latitude/longitude → SVG coordinates.
#[derive(Clone, Copy, Debug)]
pub struct Projection {
    lon_min: f64,
    lat_max: f64,
    cos_lat: f64,
    scale: f64,
    pub width: f64,
    pub height: f64,
}

impl Projection {
    /// Fits `points` (the district outline) into the drawing width.
    pub fn fitting(points: &[GeoPoint]) -> Projection {
        let (mut lat_min, mut lat_max, mut lon_min, mut lon_max) = (90.0f64, -90.0f64, 180.0f64, -180.0f64);
        for p in points {
            lat_min = lat_min.min(p.lat);
            lat_max = lat_max.max(p.lat);
            lon_min = lon_min.min(p.lon);
            lon_max = lon_max.max(p.lon);
        }
        if points.is_empty() {
            // no basemap (the browser build): Dobong-gu's box, so dots still land sensibly
            (lat_min, lat_max, lon_min, lon_max) = (37.635, 37.700, 127.010, 127.065);
        }
        let cos_lat = ((lat_min + lat_max) / 2.0).to_radians().cos();
        let scale = (WIDTH - 2.0 * PAD) / ((lon_max - lon_min) * cos_lat).max(1e-9);
        let height = (lat_max - lat_min) * scale + 2.0 * PAD;
        Projection { lon_min, lat_max, cos_lat, scale, width: WIDTH, height }
    }

    pub fn xy(&self, p: GeoPoint) -> (f64, f64) {
        let x = PAD + (p.lon - self.lon_min) * self.cos_lat * self.scale;
        let y = PAD + (self.lat_max - p.lat) * self.scale;
        ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
    }

    /// SVG `points` for a polyline or polygon.
    pub fn points(&self, line: &[GeoPoint]) -> String {
        line.iter().map(|p| {
            let (x, y) = self.xy(*p);
            format!("{x},{y}")
        }).collect::<Vec<_>>().join(" ")
    }
}

/// One sensor on the map.
#[derive(Clone, Debug)]
pub struct MapDot {
    pub id: String,
    pub name: String,
    pub at: GeoPoint,
    pub grade: Option<Grade>,
    pub index: Option<u16>,
    pub offline: bool,
}

/// The truck's round to draw over the map: the depot and the stops in visiting order.
#[derive(Clone, Debug)]
pub struct RoundDraw {
    pub depot: GeoPoint,
    pub stops: Vec<GeoPoint>,
}

/// The `<use>` target of a dot's shape: every grade has its own shape (circle, square, triangle,
/// diamond) so the map reads without telling colours apart.
pub fn shape_ref(grade: Option<Grade>, offline: bool) -> String {
    format!("#air-shape-{}", grade_slug(grade, offline))
}

/// What a dot's tooltip and accessible name say.
pub fn dot_title(dot: &MapDot, lang: Lang) -> String {
    let state = if dot.offline {
        lang.pick("연결 끊김", "offline").to_string()
    } else {
        match dot.index {
            Some(index) => format!("{} ({} {index})", grade_or_none_label(dot.grade, lang), lang.pick("지수", "index")),
            None => grade_or_none_label(None, lang).to_string(),
        }
    };
    format!("{} {}: {state}", dot.id, dot.name)
}

/// The shapes the dots and the legend use, centred on (0, 0).
#[component]
pub fn ShapeDefs() -> impl IntoView {
    view! {
        <defs>
            <circle id="air-shape-good" r="6.5"/>
            <rect id="air-shape-moderate" x="-6" y="-6" width="12" height="12"/>
            <polygon id="air-shape-bad" points="0,-8 7.5,5.5 -7.5,5.5"/>
            <polygon id="air-shape-very_bad" points="0,-8.5 8.5,0 0,8.5 -8.5,0"/>
            <circle id="air-shape-none" r="5"/>
            <circle id="air-shape-offline" r="5.5"/>
        </defs>
    }
}

#[component]
pub fn AirMap(dots: Vec<MapDot>, lang: Lang, #[prop(optional)] round: Option<RoundDraw>) -> impl IntoView {
    let base = basemap();
    let projection = Projection::fitting(&base.outline);
    let view_box = format!("0 0 {} {}", projection.width, projection.height.round());
    let outline = projection.points(&base.outline);
    let roads = base.roads.iter().map(|road| {
        let name = lang.pick(&road.name_ko, &road.name_en).to_string();
        let label_at = road.points.get(road.points.len() / 2).map(|p| projection.xy(*p));
        view! {
            <polyline class="air-road" points=projection.points(&road.points)/>
            {label_at.map(|(x, y)| view! { <text class="air-road-name" x=x + 4.0 y=y - 4.0>{name}</text> })}
        }
    }).collect_view();
    let title = lang.pick("도봉구 측정기 지도", "Map of Dobong-gu's sensors");
    let desc = lang.pick(
        "도봉구 경계와 주요 도로 위에 측정기를 등급별 모양으로 표시했습니다. 같은 내용이 아래 표에 있습니다.",
        "Dobong-gu's outline and main roads with each sensor drawn in its grade's shape. The table below has the same information.",
    );
    let round_view = round.map(|round| round_layer(&projection, &round, lang));
    let dots_view = dots.into_iter().map(|dot| {
        let (x, y) = projection.xy(dot.at);
        let title = dot_title(&dot, lang);
        view! {
            <a href=format!("/air/sensors/{}", dot.id) class=format!("air-dot grade-{}", grade_slug(dot.grade, dot.offline))
                data-sensor=dot.id.clone() data-grade=grade_slug(dot.grade, dot.offline)>
                <title>{title}</title>
                <use href=shape_ref(dot.grade, dot.offline) x=x y=y/>
            </a>
        }
    }).collect_view();
    view! {
        <svg class="air-map" viewBox=view_box role="group" aria-labelledby="air-map-title air-map-desc" data-testid="air-map">
            <title id="air-map-title">{title}</title>
            <desc id="air-map-desc">{desc}</desc>
            <ShapeDefs/>
            <g aria-hidden="true">
                <polygon class="air-outline" points=outline/>
                {roads}
            </g>
            {round_view}
            <g class="air-dots">{dots_view}</g>
        </svg>
    }.into_any()
}

/// The truck's round: a polyline depot → stops → depot and a numbered marker per stop.
fn round_layer(projection: &Projection, round: &RoundDraw, lang: Lang) -> impl IntoView {
    let mut path = vec![round.depot];
    path.extend(round.stops.iter().copied());
    path.push(round.depot);
    let (dx, dy) = projection.xy(round.depot);
    let stops = round.stops.iter().enumerate().map(|(i, p)| {
        let (x, y) = projection.xy(*p);
        // the number sits beside the dot, so the dot's shape (its grade) stays visible
        view! {
            <g class="air-stop">
                <circle cx=x + 11.0 cy=y - 11.0 r="8.5"/>
                <text x=x + 11.0 y=y - 7.5 text-anchor="middle">{(i + 1).to_string()}</text>
            </g>
        }
    }).collect_view();
    view! {
        <g class="air-round" aria-hidden="true">
            <polyline class="air-round-line" points=projection.points(&path)/>
            {stops}
            <g class="air-depot">
                <rect x=dx - 9.0 y=dy - 9.0 width="18" height="18" rx="3"/>
                <text x=dx y=dy + 4.0 text-anchor="middle">{lang.pick("차", "D")}</text>
            </g>
        </g>
    }
}

/// The district outline and roads (empty in the browser build: the map is drawn on the server).
pub fn basemap() -> &'static Basemap {
    imp::basemap()
}

#[cfg(feature = "ssr")]
mod imp {
    use super::{Basemap, Road};
    use domain::air::GeoPoint;
    use std::sync::OnceLock;

    /// Bundled into the server binary only (the wasm never draws the map).
    const GEOJSON: &str = include_str!("../../../public/air/dobong.geojson");

    pub fn basemap() -> &'static Basemap {
        static MAP: OnceLock<Basemap> = OnceLock::new();
        MAP.get_or_init(|| parse(GEOJSON))
    }

    fn points(value: &serde_json::Value) -> Vec<GeoPoint> {
        value.as_array().into_iter().flatten().filter_map(|pair| {
            let pair = pair.as_array()?;
            Some(GeoPoint { lon: pair.first()?.as_f64()?, lat: pair.get(1)?.as_f64()? })
        }).collect()
    }

    /// Reads the district polygon's outer ring and the roads' lines; anything else is ignored.
    pub fn parse(text: &str) -> Basemap {
        let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
            tracing::error!("the bundled district map is not JSON");
            return Basemap::default();
        };
        let mut map = Basemap::default();
        for feature in json["features"].as_array().into_iter().flatten() {
            let props = &feature["properties"];
            let geometry = &feature["geometry"];
            match (props["kind"].as_str(), geometry["type"].as_str()) {
                (Some("district"), Some("Polygon")) => map.outline = points(&geometry["coordinates"][0]),
                (Some("road"), Some("LineString")) => map.roads.push(Road {
                    name_ko: props["name_ko"].as_str().unwrap_or_default().to_string(),
                    name_en: props["name_en"].as_str().unwrap_or_default().to_string(),
                    points: points(&geometry["coordinates"]),
                }),
                _ => {}
            }
        }
        map
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_bundled_map_has_an_outline_and_named_roads_inside_dobong_gu() {
            let map = basemap();
            assert!(map.outline.len() > 10);
            assert!(map.roads.len() >= 8);
            for road in &map.roads {
                assert!(!road.name_ko.is_empty() && !road.name_en.is_empty());
                for p in &road.points {
                    assert!((37.63..=37.70).contains(&p.lat) && (127.0..=127.07).contains(&p.lon), "{} {p:?}", road.name_en);
                }
            }
        }

        #[test]
        fn north_is_up_and_the_map_keeps_its_proportions() {
            let projection = super::super::Projection::fitting(&basemap().outline);
            let (_, y_north) = projection.xy(GeoPoint { lat: 37.69, lon: 127.04 });
            let (_, y_south) = projection.xy(GeoPoint { lat: 37.64, lon: 127.04 });
            assert!(y_north < y_south);
            // 0.01° of latitude is 1.11 km; 0.01° of longitude here is 0.88 km
            let (x0, _) = projection.xy(GeoPoint { lat: 37.66, lon: 127.03 });
            let (x1, _) = projection.xy(GeoPoint { lat: 37.66, lon: 127.04 });
            let dy = y_south - y_north;
            assert!(((x1 - x0) / (dy / 5.0) - 0.79).abs() < 0.02, "{} {}", x1 - x0, dy);
        }
    }
}

#[cfg(not(feature = "ssr"))]
mod imp {
    use super::Basemap;

    pub fn basemap() -> &'static Basemap {
        static EMPTY: Basemap = Basemap { outline: Vec::new(), roads: Vec::new() };
        &EMPTY
    }
}
