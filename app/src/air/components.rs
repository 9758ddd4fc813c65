//! Pieces the air pages share: grade chips (shape + word, never colour alone), the district's
//! grade with advice, the legend, the simulated-feed notice, the sensor table and its sorting.

use domain::air::{Cai, Grade, SensorNow};
use domain::{Lang, SeoulTime};
use leptos::prelude::*;

/// The CSS class / shape suffix of a sensor's state: its grade, `none` before it has one,
/// `offline` when it stopped reporting (an offline sensor's last grade is not today's air).
pub fn grade_slug(grade: Option<Grade>, offline: bool) -> &'static str {
    match (offline, grade) {
        (true, _) => "offline",
        (false, Some(g)) => g.slug(),
        (false, None) => "none",
    }
}

pub fn grade_or_none_label(grade: Option<Grade>, lang: Lang) -> &'static str {
    match grade {
        Some(g) => g.label(lang),
        None => lang.pick("자료 부족", "Not enough data"),
    }
}

/// The shapes every chip and dot draws with (`<use href="#air-shape-good">`). Once per page: ids
/// are document-wide.
#[component]
pub fn ShapeSprite() -> impl IntoView {
    view! {
        <svg class="air-sprite" width="0" height="0" aria-hidden="true" focusable="false">
            <super::map::ShapeDefs/>
        </svg>
    }
}

/// A small shape in the grade's colour followed by the grade's name.
#[component]
pub fn GradeChip(grade: Option<Grade>, #[prop(optional)] offline: bool, lang: Lang) -> impl IntoView {
    let slug = grade_slug(grade, offline);
    let label = if offline { lang.pick("연결 끊김", "Offline") } else { grade_or_none_label(grade, lang) };
    view! {
        <span class=format!("grade-chip grade-{slug}") data-field="grade">
            <svg class="grade-shape" viewBox="-10 -10 20 20" aria-hidden="true" focusable="false">
                <use href=format!("#air-shape-{slug}")/>
            </svg>
            <span data-field="grade-label">{label}</span>
        </span>
    }
}

/// A table in a box that scrolls sideways on a phone: caption, column headings, then the rows.
#[component]
pub fn ScrollTable(class: &'static str, #[prop(optional)] testid: Option<&'static str>, caption: String, columns: Vec<String>, children: Children) -> impl IntoView {
    // a box that scrolls must be reachable by keyboard, and named for the screen reader that lands on it
    let region = caption.clone();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=region>
            <table class=class data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// The index ranges in words, for the legend and the grade explanation.
pub fn range_words(grade: Grade, lang: Lang) -> String {
    let (low, high) = grade.range();
    match lang {
        Lang::Ko => format!("지수 {low}부터 {high}까지"),
        Lang::En => format!("index {low} to {high}"),
    }
}

#[component]
pub fn Legend(lang: Lang) -> impl IntoView {
    let chips = Grade::ALL.into_iter().map(|g| view! {
        <li><GradeChip grade=Some(g) lang/>" "<span class="muted">{range_words(g, lang)}</span></li>
    }).collect_view();
    view! {
        <div class="air-legend">
            <h2 id="air-legend-title">{lang.pick("범례: 통합대기환경지수 등급", "Legend: air quality index grades")}</h2>
            <ul aria-labelledby="air-legend-title">
                {chips}
                <li><GradeChip grade=None lang/>" "<span class="muted">{lang.pick("등급을 낼 자료가 아직 부족함", "not enough readings to grade yet")}</span></li>
                <li><GradeChip grade=None offline=true lang/>" "<span class="muted">{lang.pick("15분 넘게 측정값이 오지 않음", "no reading for over 15 minutes")}</span></li>
            </ul>
        </div>
    }.into_any()
}

/// Shown whenever the readings come from the built-in simulator, not real devices.
#[component]
pub fn SimulatedNotice(simulated: bool, lang: Lang) -> impl IntoView {
    simulated.then(|| view! {
        <p class="air-simulated" data-testid="air-simulated">
            <strong>{lang.pick("모의 자료: ", "Simulated feed: ")}</strong>
            {lang.pick("지금 보이는 값은 시험용 모의 측정기에서 나온 것으로, 실제 대기 상태가 아닙니다.",
                "these readings come from the test simulator, not real devices; they do not describe the real air.")}
        </p>
    })
}

/// The district's grade now with the advice for everyone and for sensitive groups. The grade line
/// is the page's one polite live region: the live script rewrites it when the district changes.
#[component]
pub fn DistrictNow(district: Option<Cai>, lang: Lang) -> impl IntoView {
    let Some(cai) = district else {
        return view! {
            <div class="air-district" id="air-district" data-grade="none">
                <p class="air-district-grade" aria-live="polite" data-testid="air-district">
                    {lang.pick("아직 구 전체 등급을 낼 측정값이 없습니다.", "There are no readings to grade the district yet.")}
                </p>
            </div>
        }.into_any();
    };
    let (general, sensitive) = cai.grade.advice(lang);
    view! {
        <div class=format!("air-district grade-{}", cai.grade.slug()) id="air-district" data-grade=cai.grade.slug()>
            <p class="air-district-grade" aria-live="polite" data-testid="air-district">
                <span class="muted">{lang.pick("지금 도봉구 대기질 ", "Dobong-gu's air now: ")}</span>
                <GradeChip grade=Some(cai.grade) lang/>
                " "<span class="air-index">{lang.pick("통합대기환경지수 ", "index ")}<strong data-field="cai">{cai.index}</strong></span>
                " "<span class="muted" data-field="decided-by">{decided_by_words(&cai, lang)}</span>
            </p>
            <dl class="air-advice">
                <dt>{lang.pick("모든 분께", "For everyone")}</dt>
                <dd data-field="advice-general">{general}</dd>
                <dt>{lang.pick("어린이·어르신·호흡기 질환이 있는 분께", "For children, older people and people with lung or heart conditions")}</dt>
                <dd data-field="advice-sensitive">{sensitive}</dd>
            </dl>
        </div>
    }.into_any()
}

/// "decided by fine dust (PM10)": the pollutant with the highest sub-index.
pub fn decided_by_words(cai: &Cai, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("({} 기준)", cai.decided_by.name(lang)),
        Lang::En => format!("(set by {})", cai.decided_by.name(lang)),
    }
}

/// When a reading was taken, as short as the page allows: `10:42` today, `11-22 10:42` before.
pub fn when_text(at: Option<SeoulTime>, now: SeoulTime, lang: Lang) -> String {
    match at {
        None => lang.pick("측정값 없음", "no reading yet").to_string(),
        Some(at) if at.date() == now.date() => at.clock_text(),
        Some(at) => format!("{} {}", &at.date().to_string()[5..], at.clock_text()),
    }
}

/// Which column the table is sorted by (`?sort=`); anything else is the default (by name), so a
/// hand-made address never fails the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SensorSort {
    #[default]
    Name,
    Grade,
    Pm10,
    Pm25,
}

impl SensorSort {
    pub const ALL: [SensorSort; 4] = [SensorSort::Name, SensorSort::Grade, SensorSort::Pm10, SensorSort::Pm25];

    pub fn parse(text: Option<&str>) -> SensorSort {
        SensorSort::ALL.into_iter().find(|s| Some(s.slug()) == text).unwrap_or_default()
    }

    pub fn slug(self) -> &'static str {
        match self {
            SensorSort::Name => "name",
            SensorSort::Grade => "grade",
            SensorSort::Pm10 => "pm10",
            SensorSort::Pm25 => "pm25",
        }
    }

    /// Names ascend; grades and dust descend (worst first: that is what a resident looks for).
    pub fn aria(self) -> &'static str {
        match self {
            SensorSort::Name => "ascending",
            _ => "descending",
        }
    }
}

/// Orders the sensors for the table. Sensors without the value sorted by (offline, no data yet)
/// go last; ties keep the name order.
pub fn sort_sensors(sensors: &mut [SensorNow], sort: SensorSort, lang: Lang) {
    sensors.sort_by(|a, b| natural_cmp(a.sensor.name(lang), b.sensor.name(lang)).then_with(|| a.sensor.id.cmp(&b.sensor.id)));
    let worst_first = |key: fn(&SensorNow) -> Option<f64>| {
        move |a: &SensorNow, b: &SensorNow| {
            let (ka, kb) = (key(a).filter(|_| !a.offline), key(b).filter(|_| !b.offline));
            kb.partial_cmp(&ka).unwrap_or(std::cmp::Ordering::Equal).then_with(|| ka.is_none().cmp(&kb.is_none()))
        }
    };
    match sort {
        SensorSort::Name => {}
        SensorSort::Grade => sensors.sort_by(worst_first(|s| s.cai.as_ref().map(|c| c.index as f64))),
        SensorSort::Pm10 => sensors.sort_by(worst_first(|s| s.pm10)),
        SensorSort::Pm25 => sensors.sort_by(worst_first(|s| s.pm25)),
    }
}

/// Text order with numbers compared as numbers, so "2번" comes before "10번".
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digits = None;
        for (i, c) in s.char_indices() {
            let d = c.is_ascii_digit();
            if digits.is_some_and(|was| was != d) {
                out.push((digits.unwrap_or(false), &s[start..i]));
                start = i;
            }
            digits = Some(d);
        }
        if start < s.len() {
            out.push((digits.unwrap_or(false), &s[start..]));
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(cb.iter()) {
        let order = match (x, y) {
            ((true, x), (true, y)) => x.trim_start_matches('0').len().cmp(&y.trim_start_matches('0').len())
                .then_with(|| x.trim_start_matches('0').cmp(y.trim_start_matches('0'))),
            ((_, x), (_, y)) => x.cmp(y),
        };
        if order != std::cmp::Ordering::Equal {
            return order;
        }
    }
    ca.len().cmp(&cb.len())
}

/// What the status column says: offline, the flagged measures, or all well.
pub fn status_text(sensor: &SensorNow, lang: Lang) -> String {
    if sensor.offline {
        return lang.pick("연결 끊김", "Offline").to_string();
    }
    if sensor.flagged.is_empty() {
        return lang.pick("정상", "OK").to_string();
    }
    let names: Vec<&str> = sensor.flagged.iter().map(|m| m.name(lang)).collect();
    format!("{}{}", lang.pick("점검 필요: ", "Check: "), names.join(", "))
}

fn dust(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.0}")).unwrap_or_else(|| "–".to_string())
}

/// The table of every sensor, sorted by the server; the column headers are plain links.
#[component]
pub fn SensorTable(sensors: Vec<SensorNow>, now: SeoulTime, sort: SensorSort, lang: Lang) -> impl IntoView {
    let header = move |column: Option<SensorSort>, label: &'static str| {
        let sorted = column == Some(sort);
        view! {
            <th scope="col" aria-sort=sorted.then_some(sort.aria())>
                {match column {
                    Some(c) => view! {
                        <a href=format!("/air?sort={}#air-table", c.slug()) data-testid=format!("sort-{}", c.slug())>
                            {label}{sorted.then(|| view! { <span aria-hidden="true">{if c == SensorSort::Name { " ▲" } else { " ▼" }}</span> })}
                        </a>
                    }.into_any(),
                    None => label.into_any(),
                }}
            </th>
        }
    };
    let rows = sensors.into_iter().map(|s| {
        let id = s.sensor.id.to_string();
        let status = status_text(&s, lang);
        let grade = s.cai.as_ref().map(|c| c.grade);
        view! {
            <tr data-sensor=id.clone() data-grade=grade_slug(grade, s.offline) class:offline=s.offline>
                <th scope="row"><a href=format!("/air/sensors/{id}")>{s.sensor.name(lang).to_string()}</a>" "<span class="muted air-id">{id.clone()}</span></th>
                <td><GradeChip grade offline=s.offline lang/></td>
                <td class="num" data-field="cai">{s.cai.as_ref().map(|c| c.index.to_string()).unwrap_or_else(|| "–".into())}</td>
                <td class="num" data-field="pm10">{dust(s.pm10)}</td>
                <td class="num" data-field="pm25">{dust(s.pm25)}</td>
                <td data-field="at">{when_text(s.last_reading, now, lang)}</td>
                <td data-field="status" class:flagged=!s.flagged.is_empty()>{status}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="air-table-caption">
            <table class="air-table" id="air-table" data-testid="air-table">
                <caption id="air-table-caption">{lang.pick("측정기별 지금 상태 (열 제목을 누르면 정렬합니다)", "Every sensor now (choose a column heading to sort)")}</caption>
                <thead><tr>
                    {header(Some(SensorSort::Name), lang.pick("측정기", "Sensor"))}
                    {header(Some(SensorSort::Grade), lang.pick("등급", "Grade"))}
                    {header(None, lang.pick("지수", "Index"))}
                    {header(Some(SensorSort::Pm10), "PM10 (µg/m³)")}
                    {header(Some(SensorSort::Pm25), "PM2.5 (µg/m³)")}
                    {header(None, lang.pick("마지막 측정", "Last reading"))}
                    {header(None, lang.pick("상태", "Status"))}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_sort_falls_back_to_names() {
        assert_eq!(SensorSort::parse(Some("pm25")), SensorSort::Pm25);
        assert_eq!(SensorSort::parse(Some("<script>")), SensorSort::Name);
        assert_eq!(SensorSort::parse(None), SensorSort::Name);
    }

    #[test]
    fn names_sort_with_numbers_as_numbers() {
        let mut names = vec!["도봉 10번", "도봉 2번", "도봉 1번", "Banghak-ro 3", "도봉 02번"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, vec!["Banghak-ro 3", "도봉 1번", "도봉 2번", "도봉 02번", "도봉 10번"]);
    }

    #[test]
    fn every_grade_has_its_own_shape_and_offline_wins_over_a_stale_grade() {
        let slugs: std::collections::HashSet<_> = Grade::ALL.into_iter().map(|g| grade_slug(Some(g), false)).collect();
        assert_eq!(slugs.len(), 4);
        assert_eq!(grade_slug(Some(Grade::Bad), true), "offline");
        assert_eq!(grade_slug(None, false), "none");
    }
}
