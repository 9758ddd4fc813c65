//! The sensor registry: ids, names, street positions, models.

use crate::{IsoDate, Lang};

/// A sensor's id: two capital letters, a dash, three digits (`DB-001`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SensorId(String);

impl SensorId {
    pub fn parse(text: &str) -> Option<SensorId> {
        let b = text.as_bytes();
        let ok = b.len() == 6 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase() && b[2] == b'-' && b[3..].iter().all(u8::is_ascii_digit);
        ok.then(|| SensorId(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SensorId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for SensorId {
    type Error = String;
    fn try_from(s: String) -> Result<SensorId, String> {
        SensorId::parse(&s).ok_or_else(|| "a sensor id looks like DB-001".to_string())
    }
}

impl From<SensorId> for String {
    fn from(id: SensorId) -> String {
        id.0
    }
}

/// A point on the map (WGS 84 degrees).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

impl GeoPoint {
    /// Great-circle distance in metres.
    pub fn metres_to(self, other: GeoPoint) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let (dp, dl) = ((other.lat - self.lat).to_radians(), (other.lon - self.lon).to_radians());
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * 6_371_000.0 * a.sqrt().asin()
    }
}

/// A registered device.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sensor {
    pub id: SensorId,
    pub name_ko: String,
    pub name_en: String,
    pub location: GeoPoint,
    pub model: String,
    pub installed: IsoDate,
}

impl Sensor {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.name_ko,
            Lang::En => &self.name_en,
        }
    }
}
