//! A hotspot's last 24 hours as an SVG chart drawn on the server: one bar per five-minute estimate,
//! filled by its level, under dashed lines at the hotspot's thresholds, with hour labels. The chart
//! is `role="img"` with a summary, and its figures are in a table under it (by the hour).

use crate::courses::components::grouped;
use domain::crowd::{CrowdLevel, CrowdPoint, Thresholds};
use domain::Lang;
use leptos::prelude::*;

const W: f64 = 600.0;
const H: f64 = 220.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 26.0;
/// The chart spans a day of five-minute slots.
const SLOTS: f64 = 288.0;

/// One hour of the table: its busiest estimate and level, and its average.
struct HourRow {
    hour: String,
    average: u32,
    busiest: u32,
    level: CrowdLevel,
}

fn by_hour(day: &[CrowdPoint]) -> Vec<HourRow> {
    let mut rows: Vec<HourRow> = Vec::new();
    let mut group: Vec<&CrowdPoint> = Vec::new();
    let flush = |group: &mut Vec<&CrowdPoint>, rows: &mut Vec<HourRow>| {
        if let Some(first) = group.first() {
            let busiest = group.iter().max_by_key(|p| p.estimate).expect("a non-empty hour");
            let sum: u64 = group.iter().map(|p| p.estimate as u64).sum();
            rows.push(HourRow {
                hour: format!("{}:00", &first.at.clock_text()[..2]),
                average: (sum / group.len() as u64) as u32,
                busiest: busiest.estimate,
                level: busiest.level,
            });
        }
        group.clear();
    };
    for p in day {
        if group.first().is_some_and(|f| f.at.clock_text()[..2] != p.at.clock_text()[..2] || f.at.date() != p.at.date()) {
            flush(&mut group, &mut rows);
        }
        group.push(p);
    }
    flush(&mut group, &mut rows);
    rows
}

#[component]
pub fn DayChart(day: Vec<CrowdPoint>, thresholds: Thresholds, name: String, lang: Lang) -> impl IntoView {
    let Some(last) = day.last().copied() else {
        return view! { <p class="muted">{lang.pick("지난 24시간의 추정치가 아직 없습니다.", "No estimates in the last 24 hours yet.")}</p> }.into_any();
    };
    let start = last.at.plus_minutes(-24 * 60);
    let top = day.iter().map(|p| p.estimate).max().unwrap_or(0).max(thresholds.crowded()) as f64 * 1.1;
    let x_of = |at: domain::SeoulTime| LEFT + ((at.instant() - start.instant()).whole_minutes() as f64 / 5.0 - 1.0).max(0.0) * (W - LEFT - RIGHT) / SLOTS;
    let y_of = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v / top);
    let bar_w = (W - LEFT - RIGHT) / SLOTS;
    let bars = day
        .iter()
        .map(|p| {
            let (x, y) = (x_of(p.at), y_of(p.estimate as f64));
            view! {
                <rect class=format!("crowd-bar crowd-{}", p.level.slug()) x=format!("{x:.1}") y=format!("{y:.1}")
                    width=format!("{:.2}", bar_w + 0.05) height=format!("{:.1}", (H - BOTTOM - y).max(0.0))/>
            }
        })
        .collect_view();
    let lines = [CrowdLevel::Normal, CrowdLevel::SlightlyCrowded, CrowdLevel::Crowded]
        .into_iter()
        .map(|level| {
            let y = y_of(thresholds.from(level) as f64);
            view! {
                <line class="crowd-threshold" x1=format!("{LEFT}") x2=format!("{}", W - RIGHT) y1=format!("{y:.1}") y2=format!("{y:.1}")/>
                <text class="crowd-axis" x=format!("{}", LEFT - 4.0) y=format!("{:.1}", y + 4.0) text-anchor="end">{grouped(thresholds.from(level))}</text>
            }
        })
        .collect_view();
    // a label every 4 hours, on the hour
    let hours = (0..=24)
        .filter_map(|h| {
            let at = start.plus_minutes(h * 60);
            let on_the_hour = at.plus_minutes(-(at.instant().minute() as i64));
            let x = x_of(on_the_hour.plus_minutes(5));
            (on_the_hour.instant().hour() % 4 == 0 && x > LEFT + 10.0 && x < W - RIGHT - 10.0).then(|| {
                view! { <text class="crowd-axis" x=format!("{x:.1}") y=format!("{}", H - 8.0) text-anchor="middle">{on_the_hour.clock_text()}</text> }
            })
        })
        .collect_view();
    let busiest = day.iter().max_by_key(|p| p.estimate).copied().unwrap_or(last);
    let summary = match lang {
        Lang::Ko => format!(
            "{name}의 지난 24시간 추정 인구. 가장 붐빈 때는 {} 약 {}명({}), 지금은 약 {}명({}).",
            busiest.at.clock_text(), grouped(busiest.estimate), busiest.level.label(lang), grouped(last.estimate), last.level.label(lang)
        ),
        Lang::En => format!(
            "Estimated people at {name} over the last 24 hours. Busiest at {}: about {} ({}); now about {} ({}).",
            busiest.at.clock_text(), grouped(busiest.estimate), busiest.level.label(lang), grouped(last.estimate), last.level.label(lang)
        ),
    };
    let rows = by_hour(&day)
        .into_iter()
        .map(|r| view! {
            <tr><td>{r.hour}</td><td class="num">{grouped(r.average)}</td><td class="num">{grouped(r.busiest)}</td><td>{r.level.label(lang)}</td></tr>
        })
        .collect_view();
    view! {
        <figure class="air-chart crowd-chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=summary.clone()>
                <line class="crowd-baseline" x1=format!("{LEFT}") x2=format!("{}", W - RIGHT) y1=format!("{}", H - BOTTOM) y2=format!("{}", H - BOTTOM)/>
                {bars}
                {lines}
                {hours}
            </svg>
            <figcaption>{summary}</figcaption>
        </figure>
        <details class="crowd-hours">
            <summary>{lang.pick("시간대별 수치 보기", "Figures by the hour")}</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("시간대별 추정 인구", "Estimated people by the hour")>
                <table>
                    <thead><tr>
                        <th scope="col">{lang.pick("시각", "Hour")}</th>
                        <th scope="col" class="num">{lang.pick("평균(명)", "Average (people)")}</th>
                        <th scope="col" class="num">{lang.pick("최대(명)", "Busiest (people)")}</th>
                        <th scope="col">{lang.pick("가장 붐빈 단계", "Busiest level")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}
