//! The crowded points the district watches since the Itaewon crush: where they are (an outline of
//! the area the estimate counts), what they are called, and their thresholds. The list is data,
//! not code paths: a new hotspot is a new entry.

use super::level::Thresholds;
use crate::air::GeoPoint;
use crate::Lang;

/// A hotspot's id: its lowercase slug (`seongsu-cafe-street`), 1–40 letters, digits and dashes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HotspotId(String);

impl HotspotId {
    pub fn parse(text: &str) -> Option<HotspotId> {
        let ok = (1..=40).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-');
        ok.then(|| HotspotId(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for HotspotId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for HotspotId {
    type Error = String;
    fn try_from(s: String) -> Result<HotspotId, String> {
        HotspotId::parse(&s).ok_or_else(|| "a hotspot id is a lowercase slug such as wangsimni-station".to_string())
    }
}

impl From<HotspotId> for String {
    fn from(id: HotspotId) -> String {
        id.0
    }
}

/// What kind of place it is: it shapes the day's curve in the simulated feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// Commuters: peaks at 8 and 18 on weekdays.
    Station,
    /// Cafés and shops: afternoons and evenings, weekends most.
    Street,
    /// A park: daylight, weekends most.
    Park,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hotspot {
    pub id: HotspotId,
    pub name_ko: String,
    pub name_en: String,
    /// The administrative dong it lies in.
    pub dong_ko: String,
    pub dong_en: String,
    pub kind: PlaceKind,
    /// The counted area, as a closed ring (first point not repeated).
    pub outline: Vec<GeoPoint>,
    pub thresholds: Thresholds,
    /// The busiest estimate the simulated feed reaches on a weekend afternoon or rush hour.
    pub peak: u32,
}

impl Hotspot {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_ko, &self.name_en)
    }

    pub fn dong(&self, lang: Lang) -> &str {
        lang.pick(&self.dong_ko, &self.dong_en)
    }

    /// The middle of its outline (where the map puts its label).
    pub fn centre(&self) -> GeoPoint {
        let n = self.outline.len().max(1) as f64;
        GeoPoint {
            lat: self.outline.iter().map(|p| p.lat).sum::<f64>() / n,
            lon: self.outline.iter().map(|p| p.lon).sum::<f64>() / n,
        }
    }
}

/// A box of `half_lat` × `half_lon` around a point, with its corners pulled in so the area reads as
/// a place rather than a tile.
fn area(lat: f64, lon: f64, half_lat: f64, half_lon: f64) -> Vec<GeoPoint> {
    let (a, b) = (half_lat, half_lon);
    [(a, -0.6 * b), (a, 0.6 * b), (0.6 * a, b), (-0.6 * a, b), (-a, 0.6 * b), (-a, -0.6 * b), (-0.6 * a, -b), (0.6 * a, -b)]
        .into_iter()
        .map(|(dlat, dlon)| GeoPoint { lat: lat + dlat, lon: lon + dlon })
        .collect()
}

/// The demo district's hotspots (positions from public maps, thresholds set for their size).
pub fn demo_hotspots() -> Vec<Hotspot> {
    let spot = |id: &str, name: (&str, &str), dong: (&str, &str), kind, outline, t: (u32, u32, u32), peak| Hotspot {
        id: HotspotId::parse(id).expect("a demo hotspot id"),
        name_ko: name.0.into(),
        name_en: name.1.into(),
        dong_ko: dong.0.into(),
        dong_en: dong.1.into(),
        kind,
        outline,
        thresholds: Thresholds::new(t.0, t.1, t.2).expect("rising thresholds"),
        peak,
    };
    vec![
        spot("seongsu-cafe-street", ("성수동 카페거리", "Seongsu-dong Cafe Street"), ("성수2가1동", "Seongsu 2(i)-ga 1-dong"),
            PlaceKind::Street, area(37.5446, 127.0562, 0.0016, 0.0030), (3_000, 6_000, 9_000), 10_500),
        spot("wangsimni-station", ("왕십리역", "Wangsimni Station"), ("행당1동", "Haengdang 1-dong"),
            PlaceKind::Station, area(37.5612, 127.0371, 0.0014, 0.0018), (5_000, 10_000, 15_000), 15_800),
        spot("seoul-forest-park", ("서울숲", "Seoul Forest Park"), ("성수1가1동", "Seongsu 1(il)-ga 1-dong"),
            PlaceKind::Park, area(37.5444, 127.0374, 0.0030, 0.0042), (4_000, 9_000, 14_000), 12_500),
        spot("ttukseom-station", ("뚝섬역", "Ttukseom Station"), ("성수1가2동", "Seongsu 1(il)-ga 2-dong"),
            PlaceKind::Station, area(37.5472, 127.0474, 0.0010, 0.0014), (2_000, 4_000, 6_000), 5_200),
        spot("hanyang-univ-station", ("한양대역", "Hanyang Univ. Station"), ("사근동", "Sageun-dong"),
            PlaceKind::Station, area(37.5556, 127.0436, 0.0010, 0.0014), (2_500, 5_000, 7_500), 6_900),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hotspot_ids_are_lowercase_slugs() {
        assert!(HotspotId::parse("wangsimni-station").is_some());
        for bad in ["", "Wangsimni", "a b", "-x", "x-", "x/../y", &"a".repeat(41)] {
            assert!(HotspotId::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn the_demo_hotspots_are_distinct_closed_areas_with_their_centres_inside() {
        let spots = demo_hotspots();
        assert_eq!(spots.len(), 5);
        let mut ids: Vec<_> = spots.iter().map(|s| s.id.clone()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 5);
        for s in &spots {
            assert!(s.outline.len() >= 3);
            let c = s.centre();
            let (lat_min, lat_max) = s.outline.iter().fold((90.0f64, -90.0f64), |(a, b), p| (a.min(p.lat), b.max(p.lat)));
            assert!(lat_min < c.lat && c.lat < lat_max, "{}", s.id);
            // the busiest moment of the simulated day reaches at least slightly crowded
            assert!(s.peak >= s.thresholds.slightly_crowded(), "{}", s.id);
        }
    }
}
