//! A bar chart of a dataset's preview, drawn as SVG on the server, for tables that have a label
//! and a count to compare (a park and its area, a dong and its waste). Tables of places, dates or
//! free text get no chart.

use domain::datasets::{ColumnKind, Dataset};
use domain::Lang;
use leptos::prelude::*;

/// The (label column, value column) a chart compares, if the table suits one: the first text
/// column that is not an identifier (else the first text column), and the first number column that
/// is not a running number, an identifier or a year.
pub fn chart_columns(d: &Dataset) -> Option<(usize, usize)> {
    const NOT_MEASURES: [&str; 3] = ["no", "id", "built"];
    let texts = || d.columns.iter().enumerate().filter(|(_, c)| c.kind == ColumnKind::Text);
    let label = texts().find(|(_, c)| c.name != "id").or_else(|| texts().next())?.0;
    let value = d
        .columns
        .iter()
        .position(|c| matches!(c.kind, ColumnKind::Integer | ColumnKind::Decimal) && !NOT_MEASURES.contains(&c.name.as_str()))?;
    Some((label, value))
}

const WIDTH: f64 = 640.0;
const BAR: f64 = 22.0;
const GAP: f64 = 8.0;
const LABEL_WIDTH: f64 = 220.0;

#[component]
pub fn PreviewChart(dataset: Dataset, rows: Vec<Vec<String>>, lang: Lang) -> impl IntoView {
    let Some((label_col, value_col)) = chart_columns(&dataset) else { return ().into_any() };
    let points: Vec<(String, f64)> = rows
        .iter()
        .filter_map(|r| Some((r.get(label_col)?.clone(), r.get(value_col)?.parse::<f64>().ok()?)))
        .collect();
    let max = points.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    if points.is_empty() || max <= 0.0 {
        return ().into_any();
    }
    let column = &dataset.columns[value_col];
    let unit = column.unit.clone().unwrap_or_default();
    let title = match lang {
        Lang::Ko => format!("{} 비교 (처음 {}행)", column.label, points.len()),
        Lang::En => format!("{} compared (first {} rows)", column.label, points.len()),
    };
    let height = points.len() as f64 * (BAR + GAP) + GAP;
    let bars = points
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let y = GAP + i as f64 * (BAR + GAP);
            let width = ((WIDTH - LABEL_WIDTH - 90.0) * value / max).max(1.0);
            let shown = if value.fract() == 0.0 { format!("{value:.0}{unit}") } else { format!("{value:.1}{unit}") };
            let at = |v: f64| format!("{v:.1}");
            view! {
                <g>
                    <text x=at(LABEL_WIDTH - 8.0) y=at(y + BAR * 0.7) text-anchor="end" class="chart-label">{label}</text>
                    <rect x=at(LABEL_WIDTH) y=at(y) width=at(width) height=at(BAR) rx="3" class="chart-bar"/>
                    <text x=at(LABEL_WIDTH + width + 6.0) y=at(y + BAR * 0.7) class="chart-value">{shown}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        // on a phone the chart keeps a readable size and scrolls sideways, like the tables
        <figure class="dataset-chart" data-testid="dataset-chart">
            <div class="table-scroll" role="region" aria-label=title.clone() tabindex="0">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=title.clone()>
                {bars}
            </svg>
            </div>
            <figcaption>{title}</figcaption>
        </figure>
    }
    .into_any()
}
