//! A measure over time as an SVG chart drawn on the server: the average as a line inside a band
//! from the lowest to the highest reading of each bucket, with hour or day labels. Every chart is
//! `role="img"` with a title and a summary, and its numbers are in a table under it (`<details>`),
//! for screen readers and for anyone who wants the figures.

use domain::air::{Series, SeriesPoint};
use domain::{Lang, SeoulTime};
use leptos::prelude::*;

const W: f64 = 560.0;
const H: f64 = 190.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;

/// How far back a chart looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// 24 hours of 10-minute buckets.
    Day,
    /// 7 days of hourly buckets.
    Week,
}

impl Span {
    fn seconds(self) -> i64 {
        match self {
            Span::Day => 24 * 3600,
            Span::Week => 7 * 24 * 3600,
        }
    }

    fn bucket(self) -> i64 {
        match self {
            Span::Day => 600,
            Span::Week => 3600,
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Span::Day => "day",
            Span::Week => "week",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Span::Day => lang.pick("지난 24시간", "last 24 hours"),
            Span::Week => lang.pick("지난 7일", "last 7 days"),
        }
    }
}

/// The top of the y axis and its step: a round number at or above `max`, in 4–5 steps.
pub fn nice_axis(max: f64) -> (f64, f64) {
    if !(max > 0.0) {
        return (1.0, 0.25);
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|f| f * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    ((max / step).ceil().max(1.0) * step, step)
}

/// Splits the points where buckets are missing, so a gap in the data is a gap in the line.
pub fn runs(points: &[SeriesPoint], bucket: i64) -> Vec<&[SeriesPoint]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=points.len() {
        let gap = i == points.len()
            || points[i].at.instant().unix_timestamp() - points[i - 1].at.instant().unix_timestamp() > bucket * 3 / 2;
        if gap {
            out.push(&points[start..i]);
            start = i;
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Where the axis ticks go and what they say: every 6 hours for a day, every midnight for a week.
fn x_ticks(span: Span, from: i64, to: i64, lang: Lang) -> Vec<(i64, String)> {
    const KST: i64 = 9 * 3600;
    let step = match span {
        Span::Day => 6 * 3600,
        Span::Week => 24 * 3600,
    };
    let mut t = ((from + KST) / step + 1) * step - KST;
    let mut ticks = Vec::new();
    while t <= to {
        let local = t + KST;
        let label = match span {
            Span::Day => {
                let hour = (local % 86_400) / 3600;
                match lang {
                    Lang::Ko => format!("{hour}시"),
                    Lang::En => format!("{hour:02}:00"),
                }
            }
            Span::Week => {
                let days = local.div_euclid(86_400);
                let (_, month, day) = civil_from_days(days);
                format!("{month}/{day}")
            }
        };
        ticks.push((t, label));
        t += step;
    }
    ticks
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm: no date crate needed in
/// the browser build for a label).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn fmt(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}")
}

/// One measure's chart over `span` ending at `now`, with its data table.
#[component]
pub fn SeriesChart(series: Series, span: Span, now: SeoulTime, lang: Lang) -> impl IntoView {
    let measure = series.measure;
    let decimals = measure.decimals();
    let id = format!("chart-{}-{}", span.slug(), measure.slug());
    let to = now.instant().unix_timestamp();
    let from = to - span.seconds();
    let points: Vec<SeriesPoint> = series.points.iter().filter(|p| p.at.instant().unix_timestamp() >= from).cloned().collect();
    let max = points.iter().map(|p| p.max).fold(0.0f64, f64::max);
    let (top, step) = nice_axis(max);
    let x = move |t: i64| LEFT + (t - from) as f64 / (to - from) as f64 * (W - LEFT - RIGHT);
    let y = move |v: f64| TOP + (1.0 - (v / top).clamp(0.0, 1.0)) * (H - TOP - BOTTOM);
    let xy = |p: &SeriesPoint, v: f64| format!("{:.1},{:.1}", x(p.at.instant().unix_timestamp()), y(v));

    let mut bands = Vec::new();
    let mut lines = Vec::new();
    for run in runs(&points, span.bucket()) {
        let upper = run.iter().map(|p| xy(p, p.max));
        let lower = run.iter().rev().map(|p| xy(p, p.min));
        bands.push(upper.chain(lower).collect::<Vec<_>>().join(" "));
        lines.push(run.iter().map(|p| xy(p, p.avg)).collect::<Vec<_>>().join(" "));
    }
    let y_ticks: Vec<f64> = (0..).map(|i| i as f64 * step).take_while(|v| *v <= top + step / 1000.0).collect();
    let unit = measure.unit();
    let title = format!("{}, {}", measure.name(lang), span.label(lang));
    let summary = if points.is_empty() {
        lang.pick("이 기간의 측정값이 없습니다.", "There are no readings in this period.").to_string()
    } else {
        let avg = points.iter().map(|p| p.avg).sum::<f64>() / points.len() as f64;
        let low = points.iter().map(|p| p.min).fold(f64::INFINITY, f64::min);
        match lang {
            Lang::Ko => format!("평균 {} {unit}, 최저 {} {unit}, 최고 {} {unit}. 선은 구간 평균, 띠는 최저에서 최고까지입니다.", fmt(avg, decimals), fmt(low, decimals), fmt(max, decimals)),
            Lang::En => format!("Average {} {unit}, lowest {} {unit}, highest {} {unit}. The line is each interval's average, the band its lowest to highest.", fmt(avg, decimals), fmt(low, decimals), fmt(max, decimals)),
        }
    };
    let axis_y = y_ticks.iter().map(|v| view! {
        <line class="chart-grid" x1=LEFT x2=W - RIGHT y1=y(*v) y2=y(*v)/>
        <text class="chart-label" x=LEFT - 6.0 y=y(*v) + 4.0 text-anchor="end">{fmt(*v, if step < 1.0 { decimals } else { 0 })}</text>
    }).collect_view();
    let axis_x = x_ticks(span, from, to, lang).into_iter().map(|(t, label)| view! {
        <line class="chart-tick" x1=x(t) x2=x(t) y1=H - BOTTOM y2=H - BOTTOM + 4.0/>
        <text class="chart-label" x=x(t) y=H - 8.0 text-anchor="middle">{label}</text>
    }).collect_view();
    let rows = points.iter().map(|p| view! {
        <tr>
            <th scope="row">{p.at.date().to_string()[5..].to_string()}" "{p.at.clock_text()}</th>
            <td>{fmt(p.avg, decimals)}</td><td>{fmt(p.min, decimals)}</td><td>{fmt(p.max, decimals)}</td><td>{p.count}</td>
        </tr>
    }).collect_view();
    view! {
        <figure class="air-chart" data-testid=id.clone()>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=format!("{id}-title {id}-desc")>
                <title id=format!("{id}-title")>{title.clone()}</title>
                <desc id=format!("{id}-desc")>{summary.clone()}</desc>
                {axis_y}
                <line class="chart-axis" x1=LEFT x2=W - RIGHT y1=H - BOTTOM y2=H - BOTTOM/>
                {axis_x}
                {bands.into_iter().map(|b| view! { <polygon class="chart-band" points=b/> }).collect_view()}
                {lines.into_iter().map(|l| view! { <polyline class="chart-line" points=l/> }).collect_view()}
                <text class="chart-label chart-unit" x="4" y="12">{unit}</text>
            </svg>
            <figcaption>
                <strong>{title.clone()}</strong>" "<span class="muted">{summary}</span>
                <details class="chart-data">
                    <summary>{lang.pick("표로 보기", "Show as a table")}</summary>
                    <super::components::ScrollTable class="air-table" caption=title
                        columns=vec![lang.pick("시각", "Time").to_string(), format!("{} ({unit})", lang.pick("평균", "Average")),
                            lang.pick("최저", "Lowest").to_string(), lang.pick("최고", "Highest").to_string(), lang.pick("측정 수", "Readings").to_string()]>
                        {rows}
                    </super::components::ScrollTable>
                </details>
            </figcaption>
        </figure>
    }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_on_a_round_number_at_or_above_the_highest_value() {
        assert_eq!(nice_axis(87.0), (100.0, 25.0));
        assert_eq!(nice_axis(0.034), (0.04, 0.01));
        assert_eq!(nice_axis(0.0), (1.0, 0.25));
        let (top, step) = nice_axis(151.0);
        assert!(top >= 151.0 && top / step <= 5.0);
    }

    #[test]
    fn a_missing_bucket_breaks_the_line() {
        let at = |m: u8| SeoulTime::at(domain::IsoDate::parse("2026-11-23").unwrap(), 10, m).unwrap();
        let p = |m| SeriesPoint { at: at(m), avg: 1.0, min: 0.0, max: 2.0, count: 10 };
        let points = vec![p(0), p(10), p(20), p(50)];
        let runs = runs(&points, 600);
        assert_eq!(runs.iter().map(|r| r.len()).collect::<Vec<_>>(), vec![3, 1]);
    }

    #[test]
    fn day_labels_are_seoul_dates() {
        // 2026-11-23 00:00 KST = 2026-11-22 15:00 UTC
        assert_eq!(civil_from_days((1_795_359_600i64 + 9 * 3600) / 86_400), (2026, 11, 23));
    }
}
