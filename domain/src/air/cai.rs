//! The Korean Comprehensive Air-quality Index (통합대기환경지수, CAI): each pollutant's
//! concentration becomes a sub-index by linear interpolation between breakpoints; the CAI is the
//! highest sub-index. Fine dust is graded on AirKorea's 24-hour predicted moving average, never on
//! a single reading, so a gust past a sensor does not turn a street red.

use super::measures::Measure;
use crate::Lang;

/// The pollutants the CAI grades.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pollutant {
    Pm10,
    Pm25,
    No2,
    O3,
    Co,
    So2,
}

impl Pollutant {
    pub const ALL: [Pollutant; 6] = [Pollutant::Pm10, Pollutant::Pm25, Pollutant::No2, Pollutant::O3, Pollutant::Co, Pollutant::So2];

    pub fn measure(self) -> Measure {
        match self {
            Pollutant::Pm10 => Measure::Pm10,
            Pollutant::Pm25 => Measure::Pm25,
            Pollutant::No2 => Measure::No2,
            Pollutant::O3 => Measure::O3,
            Pollutant::Co => Measure::Co,
            Pollutant::So2 => Measure::So2,
        }
    }

    /// Concentration breakpoints (low, high) of the four bands, in the measure's unit.
    fn breakpoints(self) -> [(f64, f64); 4] {
        match self {
            Pollutant::So2 => [(0.0, 0.020), (0.021, 0.050), (0.051, 0.150), (0.151, 1.0)],
            Pollutant::No2 => [(0.0, 0.030), (0.031, 0.060), (0.061, 0.200), (0.201, 2.0)],
            Pollutant::Co => [(0.0, 2.0), (2.01, 9.0), (9.01, 15.0), (15.01, 50.0)],
            Pollutant::O3 => [(0.0, 0.030), (0.031, 0.090), (0.091, 0.150), (0.151, 0.6)],
            Pollutant::Pm10 => [(0.0, 30.0), (31.0, 80.0), (81.0, 150.0), (151.0, 600.0)],
            Pollutant::Pm25 => [(0.0, 15.0), (16.0, 35.0), (36.0, 75.0), (76.0, 500.0)],
        }
    }

    /// The breakpoints' precision: a concentration is cut to it before it is graded, so no value
    /// falls in the gap between two bands (0.0205 ppm SO2 is 0.020 ppm).
    fn decimals(self) -> i32 {
        match self {
            Pollutant::So2 | Pollutant::No2 | Pollutant::O3 => 3,
            Pollutant::Co => 2,
            Pollutant::Pm10 | Pollutant::Pm25 => 0,
        }
    }

    /// The sub-index (0–500) of a concentration; `None` for a negative or non-finite one.
    pub fn sub_index(self, concentration: f64) -> Option<u16> {
        if !concentration.is_finite() || concentration < 0.0 {
            return None;
        }
        let scale = 10f64.powi(self.decimals());
        // the small epsilon keeps 0.03 (stored as 0.029999…) at 0.030, not 0.029
        let c = ((concentration * scale) + 1e-9).floor() / scale;
        let bands = self.breakpoints();
        let (_, top) = bands[3];
        if c >= top {
            return Some(500);
        }
        for (band, (low, high)) in bands.into_iter().enumerate() {
            if c <= high + 1e-12 {
                let (i_low, i_high) = INDEX_BANDS[band];
                let c = c.max(low);
                let index = (i_high - i_low) / (high - low) * (c - low) + i_low;
                return Some(index.round() as u16);
            }
        }
        Some(500)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        self.measure().name(lang)
    }
}

/// Index ranges of the four bands.
const INDEX_BANDS: [(f64, f64); 4] = [(0.0, 50.0), (51.0, 100.0), (101.0, 250.0), (251.0, 500.0)];

/// The four grades, as residents know them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Good,
    Moderate,
    Bad,
    VeryBad,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Good, Grade::Moderate, Grade::Bad, Grade::VeryBad];

    pub fn of_index(index: u16) -> Grade {
        match index {
            0..=50 => Grade::Good,
            51..=100 => Grade::Moderate,
            101..=250 => Grade::Bad,
            _ => Grade::VeryBad,
        }
    }

    /// `good`, `moderate`, `bad`, `very_bad`: CSS classes and JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Grade::Good => "good",
            Grade::Moderate => "moderate",
            Grade::Bad => "bad",
            Grade::VeryBad => "very_bad",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Grade::Good => lang.pick("좋음", "Good"),
            Grade::Moderate => lang.pick("보통", "Moderate"),
            Grade::Bad => lang.pick("나쁨", "Bad"),
            Grade::VeryBad => lang.pick("매우나쁨", "Very bad"),
        }
    }

    /// The index range of the grade, for legends (`0–50`).
    pub fn range(self) -> (u16, u16) {
        match self {
            Grade::Good => (0, 50),
            Grade::Moderate => (51, 100),
            Grade::Bad => (101, 250),
            Grade::VeryBad => (251, 500),
        }
    }

    /// The grade's colour (AirKorea's blue, green, yellow-orange, red); pages always print the
    /// grade's name beside it, so no one has to tell colours apart.
    pub fn colour(self) -> &'static str {
        match self {
            Grade::Good => "#1c6fd1",
            Grade::Moderate => "#1f8a4c",
            Grade::Bad => "#c76a00",
            Grade::VeryBad => "#c62828",
        }
    }

    /// Advice for everyone, and for sensitive groups (children, older people, people with asthma
    /// or heart and lung disease).
    pub fn advice(self, lang: Lang) -> (&'static str, &'static str) {
        match self {
            Grade::Good => (
                lang.pick("야외 활동하기 좋습니다.", "A good day to be outdoors."),
                lang.pick("평소처럼 활동하셔도 됩니다.", "No special care is needed."),
            ),
            Grade::Moderate => (
                lang.pick("평소처럼 야외 활동을 하셔도 됩니다.", "Outdoor activities are fine as usual."),
                lang.pick(
                    "어린이, 어르신, 천식 등 호흡기 질환이 있는 분은 오랜 시간 무리한 야외 활동을 줄이세요.",
                    "Children, older people and people with asthma should cut down long or strenuous outdoor activity.",
                ),
            ),
            Grade::Bad => (
                lang.pick(
                    "오랜 시간 무리한 야외 활동을 줄이고, 눈이 아프거나 기침이 나면 실내로 들어가세요.",
                    "Cut down long or strenuous outdoor activity; go indoors if your eyes sting or you cough.",
                ),
                lang.pick(
                    "어린이, 어르신, 천식 등 호흡기 질환이 있는 분은 야외 활동을 삼가고, 외출할 때 보건용 마스크(KF80 이상)를 쓰세요.",
                    "Children, older people and people with asthma should avoid outdoor activity and wear a KF80 or better mask when they go out.",
                ),
            ),
            Grade::VeryBad => (
                lang.pick(
                    "야외 활동을 삼가고 창문을 닫으세요. 외출할 때는 보건용 마스크를 쓰세요.",
                    "Avoid outdoor activity and keep windows closed; wear a health mask if you go out.",
                ),
                lang.pick(
                    "어린이, 어르신, 천식 등 호흡기 질환이 있는 분은 실내에 머무르고, 증상이 있으면 의사와 상의하세요.",
                    "Children, older people and people with asthma should stay indoors and see a doctor if they have symptoms.",
                ),
            ),
        }
    }
}

/// Fine-dust thresholds M (µg/m³) above which a rising hour is damped in the 4-hour part.
fn damping_threshold(pollutant: Pollutant) -> f64 {
    match pollutant {
        Pollutant::Pm10 => 70.0,
        Pollutant::Pm25 => 30.0,
        _ => f64::INFINITY,
    }
}

/// Hours of the last 12 with a valid average that C12 needs, and of the last 4 that C4 needs.
pub const C12_MIN_HOURS: usize = 6;
pub const C4_MIN_HOURS: usize = 3;

/// AirKorea's 24-hour predicted moving average of fine dust: C24E = (C12 × 12 + C4 × 12) / 24.
/// `hours` are the hourly averages of the last 12 hours, oldest first, the current hour last
/// (`None`: no valid data that hour). C12 averages the available hours of the 12; C4 averages the
/// last 4 hourly values Ca, where Ca = 0.75 × C when C ≥ M and 0.9 ≤ C / C12 ≤ 1.7, else Ca = C.
/// `None` when fewer than 6 of the 12 hours or 3 of the last 4 have data.
pub fn pm_moving_average(pollutant: Pollutant, hours: &[Option<f64>; 12]) -> Option<f64> {
    let known: Vec<f64> = hours.iter().flatten().copied().collect();
    if known.len() < C12_MIN_HOURS {
        return None;
    }
    let c12 = known.iter().sum::<f64>() / known.len() as f64;
    let m = damping_threshold(pollutant);
    let last4: Vec<f64> = hours[8..]
        .iter()
        .flatten()
        .map(|&c| {
            let ratio = if c12 > 0.0 { c / c12 } else { f64::INFINITY };
            if c >= m && (0.9..=1.7).contains(&ratio) { 0.75 * c } else { c }
        })
        .collect();
    if last4.len() < C4_MIN_HOURS {
        return None;
    }
    let c4 = last4.iter().sum::<f64>() / last4.len() as f64;
    Some((c12 * 12.0 + c4 * 12.0) / 24.0)
}

/// What the CAI is worked out from: fine dust's last 12 hourly averages (oldest first) and the
/// gases' latest 1-hour averages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaiInputs {
    pub pm10_hours: [Option<f64>; 12],
    pub pm25_hours: [Option<f64>; 12],
    pub no2: Option<f64>,
    pub o3: Option<f64>,
    pub co: Option<f64>,
    pub so2: Option<f64>,
}

/// One pollutant's part: the concentration graded (for fine dust, the moving average) and its
/// sub-index.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SubIndex {
    pub pollutant: Pollutant,
    pub concentration: f64,
    pub index: u16,
}

impl SubIndex {
    pub fn grade(&self) -> Grade {
        Grade::of_index(self.index)
    }
}

/// The index of one place and time.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cai {
    pub index: u16,
    pub grade: Grade,
    /// The pollutant with the highest sub-index (the first in `Pollutant::ALL` order on a tie).
    pub decided_by: Pollutant,
    pub parts: Vec<SubIndex>,
}

/// Every sub-index that can be worked out from `inputs`.
pub fn sub_indices(inputs: &CaiInputs) -> Vec<SubIndex> {
    let concentrations = [
        (Pollutant::Pm10, pm_moving_average(Pollutant::Pm10, &inputs.pm10_hours)),
        (Pollutant::Pm25, pm_moving_average(Pollutant::Pm25, &inputs.pm25_hours)),
        (Pollutant::No2, inputs.no2),
        (Pollutant::O3, inputs.o3),
        (Pollutant::Co, inputs.co),
        (Pollutant::So2, inputs.so2),
    ];
    concentrations
        .into_iter()
        .filter_map(|(pollutant, c)| {
            let c = c?;
            Some(SubIndex { pollutant, concentration: c, index: pollutant.sub_index(c)? })
        })
        .collect()
}

/// The CAI: the highest sub-index. Exists only when PM10, PM2.5, NO2 and O3 all have one (CO and
/// SO2 count when present).
pub fn cai(inputs: &CaiInputs) -> Option<Cai> {
    let parts = sub_indices(inputs);
    let required = [Pollutant::Pm10, Pollutant::Pm25, Pollutant::No2, Pollutant::O3];
    if !required.iter().all(|p| parts.iter().any(|s| s.pollutant == *p)) {
        return None;
    }
    let top = parts.iter().copied().reduce(|best, s| if s.index > best.index { s } else { best })?;
    Some(Cai { index: top.index, grade: Grade::of_index(top.index), decided_by: top.pollutant, parts })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(p: Pollutant, c: f64) -> u16 {
        p.sub_index(c).unwrap_or_else(|| panic!("{p:?} {c} has no sub-index"))
    }

    /// (concentration, expected sub-index) at and on both sides of every breakpoint.
    fn table(p: Pollutant) -> Vec<(f64, u16)> {
        match p {
            Pollutant::Pm10 => vec![(0.0, 0), (30.0, 50), (31.0, 51), (55.0, 75), (80.0, 100), (81.0, 101), (150.0, 250), (151.0, 251), (599.0, 499), (600.0, 500), (601.0, 500), (5000.0, 500)],
            Pollutant::Pm25 => vec![(0.0, 0), (15.0, 50), (16.0, 51), (35.0, 100), (36.0, 101), (75.0, 250), (76.0, 251), (500.0, 500), (900.0, 500)],
            Pollutant::So2 => vec![(0.0, 0), (0.020, 50), (0.021, 51), (0.050, 100), (0.051, 101), (0.150, 250), (0.151, 251), (1.0, 500), (3.0, 500)],
            Pollutant::No2 => vec![(0.0, 0), (0.030, 50), (0.031, 51), (0.060, 100), (0.061, 101), (0.200, 250), (0.201, 251), (2.0, 500), (5.0, 500)],
            Pollutant::Co => vec![(0.0, 0), (2.0, 50), (2.01, 51), (9.0, 100), (9.01, 101), (15.0, 250), (15.01, 251), (50.0, 500), (80.0, 500)],
            Pollutant::O3 => vec![(0.0, 0), (0.030, 50), (0.031, 51), (0.090, 100), (0.091, 101), (0.150, 250), (0.151, 251), (0.6, 500), (1.0, 500)],
        }
    }

    #[test]
    fn every_breakpoint_of_every_pollutant_gives_the_index_of_its_band_edge() {
        let mut wrong = Vec::new();
        for p in Pollutant::ALL {
            for (c, expected) in table(p) {
                if index(p, c) != expected {
                    wrong.push(format!("{p:?} {c} → {} (expected {expected})", index(p, c)));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn the_sub_index_never_falls_as_the_concentration_rises() {
        for p in Pollutant::ALL {
            let top = table(p).last().unwrap().0;
            let mut last = 0;
            for step in 0..=4000 {
                let i = index(p, top * step as f64 / 4000.0);
                assert!(i >= last, "{p:?} at step {step}: {i} < {last}");
                last = i;
            }
        }
    }

    #[test]
    fn a_value_between_two_bands_is_cut_to_the_breakpoints_precision_first() {
        assert_eq!(index(Pollutant::So2, 0.0205), 50);
        assert_eq!(index(Pollutant::So2, 0.0209), 50);
        assert_eq!(index(Pollutant::No2, 0.0305), 50);
        assert_eq!(index(Pollutant::O3, 0.0909), 100);
        assert_eq!(index(Pollutant::Co, 2.005), 50);
        assert_eq!(index(Pollutant::Pm10, 30.9), 50);
        assert_eq!(index(Pollutant::Pm25, 15.99), 50);
        // 0.03 is stored as 0.0299999…: still the band's edge, not 0.029
        assert_eq!(index(Pollutant::No2, 0.1 - 0.07), 50);
    }

    #[test]
    fn negative_and_non_finite_concentrations_have_no_sub_index() {
        for p in Pollutant::ALL {
            assert_eq!(p.sub_index(-0.001), None);
            assert_eq!(p.sub_index(f64::NAN), None);
            assert_eq!(p.sub_index(f64::INFINITY), None);
        }
    }

    #[test]
    fn grades_follow_the_index_bands() {
        let cases = [(0, Grade::Good), (50, Grade::Good), (51, Grade::Moderate), (100, Grade::Moderate), (101, Grade::Bad), (250, Grade::Bad), (251, Grade::VeryBad), (500, Grade::VeryBad)];
        for (i, g) in cases {
            assert_eq!(Grade::of_index(i), g, "{i}");
            let (low, high) = g.range();
            assert!(low <= i && i <= high);
        }
    }

    fn hours(values: &[Option<f64>]) -> [Option<f64>; 12] {
        values.try_into().expect("12 hours")
    }

    /// Eight hours at `early`, then the last four at `late`.
    fn eight_then_four(early: f64, late: f64) -> [Option<f64>; 12] {
        std::array::from_fn(|k| Some(if k < 8 { early } else { late }))
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn a_steady_hour_series_averages_to_itself() {
        assert!(close(pm_moving_average(Pollutant::Pm10, &[Some(50.0); 12]), 50.0));
        // 60 is below PM10's M (70): never damped
        assert!(close(pm_moving_average(Pollutant::Pm10, &[Some(60.0); 12]), 60.0));
    }

    #[test]
    fn a_rise_above_m_within_0_9_to_1_7_of_c12_is_damped_by_three_quarters() {
        // eight hours at 60, the last four at 80: C12 = (8·60 + 4·80) / 12 = 66.67; 80 ≥ 70 and
        // 80 / 66.67 = 1.2, so each of the four counts 0.75 · 80 = 60: C4 = 60
        // C24E = (66.67 · 12 + 60 · 12) / 24 = 63.33
        assert!(close(pm_moving_average(Pollutant::Pm10, &eight_then_four(60.0, 80.0)), (800.0 / 12.0 + 60.0) / 2.0));
        // PM2.5's M is 30: eight hours at 25, four at 30 → C12 = 26.67, ratio 1.125, Ca = 22.5
        assert!(close(pm_moving_average(Pollutant::Pm25, &eight_then_four(25.0, 30.0)), (320.0 / 12.0 + 22.5) / 2.0));
    }

    #[test]
    fn a_rise_past_1_7_times_c12_or_a_fall_below_0_9_is_not_damped() {
        // eight at 20, four at 120: C12 = 53.33, 120 / 53.33 = 2.25 > 1.7 → C4 = 120
        assert!(close(pm_moving_average(Pollutant::Pm10, &eight_then_four(20.0, 120.0)), (640.0 / 12.0 + 120.0) / 2.0));
        // eight at 200, four at 150: C12 = 183.33, 150 / 183.33 = 0.82 < 0.9 → C4 = 150
        assert!(close(pm_moving_average(Pollutant::Pm10, &eight_then_four(200.0, 150.0)), (2200.0 / 12.0 + 150.0) / 2.0));
        // the same rise below M (PM10 70) is not damped either: eight at 40, four at 60
        assert!(close(pm_moving_average(Pollutant::Pm10, &eight_then_four(40.0, 60.0)), (560.0 / 12.0 + 60.0) / 2.0));
    }

    #[test]
    fn the_moving_average_needs_six_of_twelve_hours_and_three_of_the_last_four() {
        let n = None;
        let x = Some(40.0);
        // five hours: too few
        assert_eq!(pm_moving_average(Pollutant::Pm10, &hours(&[n, n, n, n, n, n, n, x, x, x, x, x])), None);
        // six, but only two of the last four
        assert_eq!(pm_moving_average(Pollutant::Pm10, &hours(&[x, x, x, x, n, n, n, n, x, n, x, n])), None);
        // six with three of the last four: missing hours are left out of both averages
        // C12 = (10 + 20 + 30 + 30 + 30 + 30) / 6 = 25, C4 = 30, C24E = 27.5
        let h = hours(&[n, n, n, n, n, Some(10.0), Some(20.0), Some(30.0), n, Some(30.0), Some(30.0), Some(30.0)]);
        assert!(close(pm_moving_average(Pollutant::Pm10, &h), 27.5));
    }

    fn inputs(pm10: f64, pm25: f64, no2: f64, o3: f64) -> CaiInputs {
        CaiInputs { pm10_hours: [Some(pm10); 12], pm25_hours: [Some(pm25); 12], no2: Some(no2), o3: Some(o3), co: None, so2: None }
    }

    #[test]
    fn the_cai_is_the_highest_sub_index_and_names_its_pollutant() {
        // PM10 55 → 75, PM2.5 10 → 33, NO2 0.050 → 49 / 0.029 · 0.019 + 51 = 83.1 → 83, O3 0.020 → 33
        let c = cai(&inputs(55.0, 10.0, 0.050, 0.020)).unwrap();
        assert_eq!((c.index, c.grade, c.decided_by), (83, Grade::Moderate, Pollutant::No2));
        assert_eq!(c.parts.len(), 4);
        // CO counts when present
        let mut with_co = inputs(55.0, 10.0, 0.050, 0.020);
        with_co.co = Some(12.0);
        let c = cai(&with_co).unwrap();
        assert_eq!((c.decided_by, c.grade), (Pollutant::Co, Grade::Bad));
        // a tie goes to the first pollutant in ALL order: PM10 30 and PM2.5 15 are both 50
        let c = cai(&inputs(30.0, 15.0, 0.01, 0.01)).unwrap();
        assert_eq!((c.index, c.decided_by), (50, Pollutant::Pm10));
    }

    #[test]
    fn the_cai_is_absent_while_pm10_pm25_no2_or_o3_is_missing() {
        let full = inputs(40.0, 20.0, 0.02, 0.02);
        assert!(cai(&full).is_some());
        let mut missing = full.clone();
        missing.pm10_hours = [None; 12];
        assert_eq!(cai(&missing), None);
        let mut missing = full.clone();
        missing.pm25_hours = [None; 12];
        assert_eq!(cai(&missing), None);
        let mut missing = full.clone();
        missing.no2 = None;
        assert_eq!(cai(&missing), None);
        let mut missing = full.clone();
        missing.o3 = None;
        assert_eq!(cai(&missing), None);
        // CO and SO2 are optional
        assert!(cai(&CaiInputs { co: None, so2: None, ..full }).is_some());
    }
}
