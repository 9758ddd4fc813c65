//! What an air sensor measures: the 20 factors, their units, and the range a real value can take
//! (a value outside it is kept but flagged invalid: a broken sensor, not the air).

use crate::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Pm10,
    Pm25,
    Pm1,
    No2,
    No,
    Co,
    O3,
    So2,
    Nh3,
    H2s,
    Tvoc,
    Co2,
    Temperature,
    Humidity,
    Pressure,
    Noise,
    WindSpeed,
    WindDirection,
    Illuminance,
    Uv,
}

impl Measure {
    /// Every factor, in the order pages list them (the CAI's pollutants first).
    pub const ALL: [Measure; 20] = [
        Measure::Pm10,
        Measure::Pm25,
        Measure::Pm1,
        Measure::No2,
        Measure::O3,
        Measure::Co,
        Measure::So2,
        Measure::No,
        Measure::Nh3,
        Measure::H2s,
        Measure::Tvoc,
        Measure::Co2,
        Measure::Temperature,
        Measure::Humidity,
        Measure::Pressure,
        Measure::Noise,
        Measure::WindSpeed,
        Measure::WindDirection,
        Measure::Illuminance,
        Measure::Uv,
    ];

    /// Its place in `ALL` (a stable column / bit index for storage: never reorder `ALL`).
    pub fn index(self) -> usize {
        Measure::ALL.iter().position(|m| *m == self).expect("every measure is in ALL")
    }

    /// The name in URLs, JSON and CSV: `pm10`, `pm25`, `wind_speed`, …
    pub fn slug(self) -> &'static str {
        match self {
            Measure::Pm10 => "pm10",
            Measure::Pm25 => "pm25",
            Measure::Pm1 => "pm1",
            Measure::No2 => "no2",
            Measure::No => "no",
            Measure::Co => "co",
            Measure::O3 => "o3",
            Measure::So2 => "so2",
            Measure::Nh3 => "nh3",
            Measure::H2s => "h2s",
            Measure::Tvoc => "tvoc",
            Measure::Co2 => "co2",
            Measure::Temperature => "temperature",
            Measure::Humidity => "humidity",
            Measure::Pressure => "pressure",
            Measure::Noise => "noise",
            Measure::WindSpeed => "wind_speed",
            Measure::WindDirection => "wind_direction",
            Measure::Illuminance => "illuminance",
            Measure::Uv => "uv",
        }
    }

    pub fn parse(slug: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.slug() == slug)
    }

    pub fn unit(self) -> &'static str {
        match self {
            Measure::Pm10 | Measure::Pm25 | Measure::Pm1 => "µg/m³",
            Measure::No2 | Measure::No | Measure::Co | Measure::O3 | Measure::So2 | Measure::Nh3 | Measure::H2s => "ppm",
            Measure::Tvoc => "ppb",
            Measure::Co2 => "ppm",
            Measure::Temperature => "°C",
            Measure::Humidity => "%",
            Measure::Pressure => "hPa",
            Measure::Noise => "dB(A)",
            Measure::WindSpeed => "m/s",
            Measure::WindDirection => "°",
            Measure::Illuminance => "lx",
            Measure::Uv => "",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        let (ko, en) = match self {
            Measure::Pm10 => ("미세먼지(PM10)", "Fine dust (PM10)"),
            Measure::Pm25 => ("초미세먼지(PM2.5)", "Ultrafine dust (PM2.5)"),
            Measure::Pm1 => ("극초미세먼지(PM1.0)", "PM1.0"),
            Measure::No2 => ("이산화질소", "Nitrogen dioxide"),
            Measure::No => ("일산화질소", "Nitric oxide"),
            Measure::Co => ("일산화탄소", "Carbon monoxide"),
            Measure::O3 => ("오존", "Ozone"),
            Measure::So2 => ("아황산가스", "Sulphur dioxide"),
            Measure::Nh3 => ("암모니아", "Ammonia"),
            Measure::H2s => ("황화수소", "Hydrogen sulphide"),
            Measure::Tvoc => ("총휘발성유기화합물", "Volatile organic compounds"),
            Measure::Co2 => ("이산화탄소", "Carbon dioxide"),
            Measure::Temperature => ("기온", "Temperature"),
            Measure::Humidity => ("습도", "Humidity"),
            Measure::Pressure => ("기압", "Air pressure"),
            Measure::Noise => ("소음", "Noise"),
            Measure::WindSpeed => ("풍속", "Wind speed"),
            Measure::WindDirection => ("풍향", "Wind direction"),
            Measure::Illuminance => ("조도", "Illuminance"),
            Measure::Uv => ("자외선 지수", "UV index"),
        };
        lang.pick(ko, en)
    }

    /// The values a working sensor can report (inclusive). Outside it a reading is kept but
    /// flagged invalid and left out of averages and grades.
    pub fn physical_range(self) -> (f64, f64) {
        match self {
            Measure::Pm10 => (0.0, 2000.0),
            Measure::Pm25 | Measure::Pm1 => (0.0, 1000.0),
            Measure::No2 | Measure::No | Measure::So2 | Measure::O3 => (0.0, 10.0),
            Measure::Co => (0.0, 100.0),
            Measure::Nh3 | Measure::H2s => (0.0, 50.0),
            Measure::Tvoc => (0.0, 60_000.0),
            Measure::Co2 => (0.0, 10_000.0),
            Measure::Temperature => (-40.0, 60.0),
            Measure::Humidity => (0.0, 100.0),
            Measure::Pressure => (850.0, 1100.0),
            Measure::Noise => (0.0, 140.0),
            Measure::WindSpeed => (0.0, 75.0),
            Measure::WindDirection => (0.0, 360.0),
            Measure::Illuminance => (0.0, 200_000.0),
            Measure::Uv => (0.0, 20.0),
        }
    }

    /// Whether a sensor could really have measured `value` (finite and inside the physical range).
    pub fn plausible(self, value: f64) -> bool {
        let (low, high) = self.physical_range();
        value.is_finite() && value >= low && value <= high
    }

    /// Decimal places worth showing.
    pub fn decimals(self) -> usize {
        match self {
            Measure::No2 | Measure::No | Measure::O3 | Measure::So2 | Measure::Nh3 | Measure::H2s => 3,
            Measure::Co | Measure::Uv => 1,
            Measure::Temperature | Measure::WindSpeed => 1,
            _ => 0,
        }
    }

    /// `value` with its unit, as a page shows it (`35 µg/m³`, `0.024 ppm`).
    pub fn format(self, value: f64) -> String {
        let unit = self.unit();
        let number = format!("{value:.*}", self.decimals());
        if unit.is_empty() { number } else { format!("{number} {unit}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_measure_has_a_unique_slug_that_parses_back() {
        for m in Measure::ALL {
            assert_eq!(Measure::parse(m.slug()), Some(m));
            assert_eq!(Measure::ALL[m.index()], m);
        }
        assert_eq!(Measure::parse("pm2.5"), None);
    }

    #[test]
    fn values_outside_the_physical_range_are_implausible() {
        assert!(Measure::Pm25.plausible(0.0) && Measure::Pm25.plausible(1000.0));
        assert!(!Measure::Pm25.plausible(-0.1) && !Measure::Pm25.plausible(1000.1));
        assert!(!Measure::Humidity.plausible(100.5) && !Measure::Humidity.plausible(-1.0));
        assert!(!Measure::Pm10.plausible(f64::NAN));
    }
}
