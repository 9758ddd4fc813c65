//! The air pages residents see: the district map and table (`/air?sort=…`), one sensor
//! (`/air/sensors/DB-001`) and the water-spraying truck's suggested round (`/air/response`). All
//! complete from the server; `public/air-live.js` updates the numbers in place when the live
//! stream is there. Readings change every minute: no page here is kept by the page cache.

use super::api::{air_overview, air_sensor, parse_sensor_id};
use super::charts::{SeriesChart, Span};
use super::components::*;
use super::map::{AirMap, MapDot, RoundDraw};
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use crate::status::set_status;
use domain::air::{plan_round, AirNow, GeoPoint, Grade, Hotspot, Pollutant, SensorDetail, SensorNow};
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Where the spraying truck starts and ends its round: the Dobong-gu office (도봉구청).
pub const DEPOT: GeoPoint = GeoPoint { lat: 37.6688, lon: 127.0471 };

pub fn map_dots(sensors: &[SensorNow], lang: Lang) -> Vec<MapDot> {
    sensors.iter().map(|s| MapDot {
        id: s.sensor.id.to_string(),
        name: s.sensor.name(lang).to_string(),
        at: s.sensor.location,
        grade: s.cai.as_ref().map(|c| c.grade),
        index: s.cai.as_ref().map(|c| c.index),
        offline: s.offline,
    }).collect()
}

/// The hidden element that tells `air-live.js` which page it is on and the words it writes, then
/// the script itself. Only the air pages load it.
#[component]
fn LiveScript(page: &'static str, lang: Lang, #[prop(optional)] sensor: Option<String>) -> impl IntoView {
    let measures = domain::air::Measure::ALL.iter().map(|m| format!("{}={}", m.slug(), m.name(lang))).collect::<Vec<_>>().join("|");
    let advice = |g: Grade| {
        let (general, sensitive) = g.advice(lang);
        format!("{general}|{sensitive}")
    };
    let decided = match lang {
        Lang::Ko => "({name} 기준)",
        Lang::En => "(set by {name})",
    };
    view! {
        <span id="air-live" hidden data-page=page data-sensor=sensor data-lang=lang.code()
            data-good=Grade::Good.label(lang) data-moderate=Grade::Moderate.label(lang) data-bad=Grade::Bad.label(lang)
            data-very_bad=Grade::VeryBad.label(lang) data-none=grade_or_none_label(None, lang)
            data-offline=lang.pick("연결 끊김", "Offline") data-ok=lang.pick("정상", "OK") data-check=lang.pick("점검 필요: ", "Check: ")
            data-index=lang.pick("지수", "index") data-stuck=lang.pick("값이 멈춤", "stuck") data-invalid=lang.pick("범위를 벗어남", "out of range")
            data-measures=measures data-decided=decided data-advice_good=advice(Grade::Good) data-advice_moderate=advice(Grade::Moderate)
            data-advice_bad=advice(Grade::Bad) data-advice_very_bad=advice(Grade::VeryBad)></span>
        <script src="/air-live.js" defer></script>
    }.into_any()
}

#[component]
pub fn AirPage() -> impl IntoView {
    let lang = use_lang();
    let sort = SensorSort::parse(use_query_map().read_untracked().get("sort").as_deref());
    let now = Resource::new_blocking(|| (), |_| air_overview());
    view! {
        <Title text=lang.pick("우리 동네 대기질", "Air quality")/>
        <crate::Description ko="도봉구 거리 측정기 80여 곳의 실시간 미세먼지와 통합대기환경지수, 건강 행동 요령."
            en="Live fine dust and air quality index from about 80 street sensors in Dobong-gu, with health advice."/>
        <ShapeSprite/>
        <section class="wrap air">
            <h1>{lang.pick("우리 동네 대기질", "Air quality in our district")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match now.await {
                        Ok(now) => view! { <AirNowView now sort lang/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AirNowView(now: AirNow, sort: SensorSort, lang: Lang) -> impl IntoView {
    let dots = map_dots(&now.sensors, lang);
    let mut sensors = now.sensors;
    sort_sensors(&mut sensors, sort, lang);
    let counted = match lang {
        Lang::Ko => format!("측정기 {}곳, {} 기준", sensors.len(), now.at.clock_text()),
        Lang::En => format!("{} sensors, as of {}", sensors.len(), now.at.clock_text()),
    };
    view! {
        <SimulatedNotice simulated=now.simulated lang/>
        <DistrictNow district=now.district lang/>
        <p class="muted" data-testid="air-count">{counted}</p>
        <div class="air-layout">
            <div class="air-map-wrap"><AirMap dots lang/></div>
            <div class="air-side">
                <Legend lang/>
                <p><a href="/air/response">{lang.pick("살수차 운행 제안 보기", "See the spraying truck's suggested round")}</a></p>
                <p class="muted">{lang.pick("지도는 알려진 좌표로 그린 대략적인 모양입니다. 측정기를 누르면 자세한 값과 지난 기록을 볼 수 있습니다.",
                    "The map is an approximate outline drawn from known coordinates. Choose a sensor for its readings and history.")}</p>
            </div>
        </div>
        <h2>{lang.pick("측정기별 상태", "Sensors")}</h2>
        <SensorTable sensors now=now.at sort lang/>
        <p class="muted">
            {lang.pick("PM10과 PM2.5는 최신 측정값이고, 등급은 24시간 이동평균(미세먼지)과 1시간 평균(가스)으로 냅니다. 자료는 ",
                "PM10 and PM2.5 are the latest readings; grades use the 24-hour moving average for dust and 1-hour averages for gases. The data are in the ")}
            <a href="/api/v1/openapi.json">{lang.pick("공개 API", "public API")}</a>
            {lang.pick("로 내려받을 수 있습니다.", ".")}
        </p>
        <LiveScript page="map" lang/>
    }.into_any()
}

/// A sensor id nobody registered, or one that cannot be an id: the site's 404 with a message.
fn sensor_not_found(id: &str, lang: Lang) -> AnyView {
    set_status(404);
    let shown: String = id.chars().take(20).collect();
    view! {
        <Title text=lang.pick("측정기를 찾을 수 없습니다", "Sensor not found")/>
        <section class="wrap notice">
            <h1>{lang.pick("측정기를 찾을 수 없습니다", "Sensor not found")}</h1>
            <p data-testid="page-error">{match lang {
                Lang::Ko => format!("‘{shown}’ 측정기가 없습니다. 측정기 번호는 DB-001처럼 씁니다."),
                Lang::En => format!("There is no sensor ‘{shown}’. Sensor ids look like DB-001."),
            }}</p>
            <p><a class="button" href="/air">{lang.pick("대기질 지도로", "Back to the air quality map")}</a></p>
        </section>
    }.into_any()
}

#[component]
pub fn SensorPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    let asked = parse_sensor_id(&id).ok().map(|id| id.to_string());
    let detail = Resource::new_blocking(move || asked.clone(), |asked| async move {
        match asked {
            Some(id) => Some(air_sensor(id).await),
            None => None,
        }
    });
    view! {
        <ShapeSprite/>
        <Suspense fallback=|| ()>
            {move || {
                let id = id.clone();
                Suspend::new(async move {
                    match detail.await {
                        None | Some(Err(crate::AppError::NotFound)) => sensor_not_found(&id, lang),
                        Some(Ok(detail)) => view! { <SensorView detail lang/> }.into_any(),
                        Some(Err(e)) => view! { <section class="wrap">{failed(&e, lang)}</section> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn SensorView(detail: SensorDetail, lang: Lang) -> impl IntoView {
    let SensorDetail { now: sensor, factors, day, week, grades } = detail;
    let id = sensor.sensor.id.to_string();
    let name = sensor.sensor.name(lang).to_string();
    let at = sensor.last_reading;
    let reference = at.unwrap_or_else(|| factors.first().map(|f| f.at).unwrap_or(domain::SeoulTime::at(domain::IsoDate::parse("2026-01-01").expect("a date"), 0, 0).expect("a time")));
    let chart_now = grades.last().map(|g| g.hour).filter(|h| *h > reference).unwrap_or(reference);
    let csv = format!("/api/v1/air/sensors/{id}/readings?measure=pm10,pm25&resolution=hour&format=csv");
    view! {
        <Title text=format!("{name} ({id})")/>
        <section class="wrap air air-sensor" data-sensor=id.clone() data-grade=grade_slug(sensor.cai.as_ref().map(|c| c.grade), sensor.offline)>
            <p class="breadcrumb"><a href="/air">{lang.pick("우리 동네 대기질", "Air quality")}</a></p>
            <h1>{name.clone()}" "<span class="muted air-id">{id.clone()}</span></h1>
            {sensor.offline.then(|| view! {
                <p class="air-offline" role="status" data-testid="air-offline">
                    <strong>{lang.pick("연결 끊김: ", "Offline: ")}</strong>
                    {lang.pick("이 측정기에서 15분 넘게 측정값이 오지 않았습니다. 아래 값은 마지막으로 받은 것입니다.",
                        "this sensor has sent nothing for over 15 minutes; the values below are the last it sent.")}
                </p>
            })}
            <p class="muted">{lang.pick("마지막 측정: ", "Last reading: ")}<span data-field="at">{when_text(at, chart_now, lang)}</span>
                " · "{lang.pick("모델 ", "Model ")}{sensor.sensor.model.clone()}</p>
            <SensorGrade sensor=sensor.clone() lang/>
            <h2>{lang.pick("측정 항목별 지금 값", "Every factor now")}</h2>
            <FactorTable factors lang/>
            <h2>{lang.pick("지난 24시간", "The last 24 hours")}</h2>
            <div class="air-charts">
                {day.into_iter().map(|series| view! { <SeriesChart series span=Span::Day now=chart_now lang/> }).collect_view()}
            </div>
            <h2>{lang.pick("지난 7일", "The last 7 days")}</h2>
            <div class="air-charts">
                {week.into_iter().map(|series| view! { <SeriesChart series span=Span::Week now=chart_now lang/> }).collect_view()}
            </div>
            <h2>{lang.pick("시간별 등급 (지난 24시간)", "Grade by the hour (last 24 hours)")}</h2>
            <GradeHistory grades lang/>
            <h2>{lang.pick("자료 내려받기", "Download the data")}</h2>
            <p><a class="button secondary" href=csv download="" data-testid="air-csv">
                {lang.pick("PM10·PM2.5 시간별 자료 (CSV)", "Hourly PM10 and PM2.5 (CSV)")}</a></p>
        </section>
        <LiveScript page="sensor" sensor=id lang/>
    }.into_any()
}

/// The sensor's grade with every pollutant's sub-index, and the advice.
#[component]
fn SensorGrade(sensor: SensorNow, lang: Lang) -> impl IntoView {
    let Some(cai) = sensor.cai.clone() else {
        return view! {
            <p class="air-district-grade" data-testid="air-sensor-grade">
                <GradeChip grade=None offline=sensor.offline lang/>" "
                {lang.pick("등급은 미세먼지·초미세먼지·이산화질소·오존 값이 모두 있어야 냅니다.",
                    "A grade needs PM10, PM2.5, nitrogen dioxide and ozone readings.")}
            </p>
        }.into_any();
    };
    let (general, sensitive) = cai.grade.advice(lang);
    let parts = cai.parts.iter().map(|part| view! {
        <tr data-pollutant=format!("{:?}", part.pollutant).to_lowercase()>
            <th scope="row">{part.pollutant.name(lang)}</th>
            <td class="num">{part.pollutant.measure().format(part.concentration)}</td>
            <td class="num">{part.index}</td>
            <td><GradeChip grade=Some(part.grade()) lang/></td>
        </tr>
    }).collect_view();
    view! {
        <div class=format!("air-district grade-{}", cai.grade.slug())>
            <p class="air-district-grade" data-testid="air-sensor-grade">
                <GradeChip grade=Some(cai.grade) offline=sensor.offline lang/>
                " "<span class="air-index">{lang.pick("통합대기환경지수 ", "index ")}<strong data-field="cai">{cai.index}</strong></span>
                " "<span class="muted" data-field="decided-by">{decided_by_words(&cai, lang)}</span>
            </p>
            <dl class="air-advice">
                <dt>{lang.pick("모든 분께", "For everyone")}</dt><dd>{general}</dd>
                <dt>{lang.pick("어린이·어르신·호흡기 질환이 있는 분께", "For children, older people and people with lung or heart conditions")}</dt><dd>{sensitive}</dd>
            </dl>
        </div>
        <ScrollTable class="air-table air-parts"
            caption=lang.pick("오염물질별 지수 (가장 높은 값이 등급을 정합니다)", "Index by pollutant (the highest sets the grade)").to_string()
            columns=[lang.pick("오염물질", "Pollutant"), lang.pick("농도 (미세먼지는 24시간 이동평균)", "Concentration (dust: 24-hour moving average)"),
                lang.pick("지수", "Index"), lang.pick("등급", "Grade")].map(String::from).to_vec()>
            {parts}
        </ScrollTable>
    }.into_any()
}

#[component]
fn FactorTable(factors: Vec<domain::air::FactorNow>, lang: Lang) -> impl IntoView {
    // a row for every measure, reported or not: the live script fills a first reading in place
    let rows = domain::air::Measure::ALL.into_iter().map(|measure| {
        let Some(f) = factors.iter().find(|f| f.measure == measure) else {
            return view! {
                <tr data-factor=measure.slug()>
                    <th scope="row">{measure.name(lang)}</th>
                    <td class="num" data-field="value">"—"</td>
                    <td data-field="at">"—"</td>
                    <td data-field="flags">{lang.pick("받은 값 없음", "no reading yet")}</td>
                </tr>
            }.into_any();
        };
        let mut flags = Vec::new();
        if f.stuck { flags.push(lang.pick("값이 멈춤", "stuck")); }
        if f.invalid { flags.push(lang.pick("범위를 벗어남", "out of range")); }
        let flagged = !flags.is_empty();
        view! {
            <tr data-factor=measure.slug() class:flagged=flagged>
                <th scope="row">{measure.name(lang)}</th>
                <td class="num" data-field="value">{measure.format(f.value)}</td>
                <td data-field="at">{f.at.clock_text()}</td>
                <td data-field="flags">{if flagged { flags.join(", ") } else { lang.pick("정상", "OK").to_string() }}</td>
            </tr>
        }.into_any()
    }).collect_view();
    view! {
        <ScrollTable class="air-table air-factors" testid="air-factors"
            caption=lang.pick("멈추거나 범위를 벗어난 값은 평균과 등급에서 뺍니다", "Stuck or out-of-range values are left out of averages and grades").to_string()
            columns=[lang.pick("항목", "Factor"), lang.pick("값", "Value"), lang.pick("측정 시각", "Taken at"), lang.pick("상태", "Status")].map(String::from).to_vec()>
            {rows}
        </ScrollTable>
    }
}

/// The last 24 hours' grades as a row of labelled cells, each with how complete its hour was.
#[component]
fn GradeHistory(grades: Vec<domain::air::GradeHour>, lang: Lang) -> impl IntoView {
    if grades.is_empty() {
        return view! { <p class="muted">{lang.pick("아직 기록이 없습니다.", "No history yet.")}</p> }.into_any();
    }
    let cells = grades.into_iter().map(|g| {
        let hour = match lang {
            Lang::Ko => format!("{}시", &g.hour.clock_text()[..2]),
            Lang::En => g.hour.clock_text(),
        };
        let percent = (g.completeness.clamp(0.0, 1.0) * 100.0).round() as u32;
        view! {
            <li class=format!("grade-hour grade-{}", grade_slug(g.grade, false)) class:partial=percent < 75>
                <span class="grade-hour-time">{hour}</span>
                <GradeChip grade=g.grade lang/>
                <span class="grade-hour-index">{g.index.map(|i| i.to_string()).unwrap_or_else(|| "–".into())}</span>
                <span class="grade-hour-complete">{match lang {
                    Lang::Ko => format!("자료 {percent}%"),
                    Lang::En => format!("{percent}% data"),
                }}</span>
            </li>
        }
    }).collect_view();
    view! { <ol class="grade-hours" data-testid="air-grade-hours">{cells}</ol> }.into_any()
}

/// Road points where PM10's sub-index is in the "bad" band or worse, worst first.
pub fn hotspots(sensors: &[SensorNow]) -> Vec<(Hotspot, SensorNow)> {
    let bad_from = Grade::Bad.range().0;
    let mut spots: Vec<(Hotspot, SensorNow)> = sensors.iter().filter(|s| !s.offline).filter_map(|s| {
        let from_parts = s.cai.as_ref().and_then(|c| c.parts.iter().find(|p| p.pollutant == Pollutant::Pm10)).map(|p| p.index);
        let index = from_parts.or_else(|| s.pm10.and_then(|v| Pollutant::Pm10.sub_index(v)))?;
        (index >= bad_from).then(|| (Hotspot { sensor: s.sensor.id.clone(), location: s.sensor.location, pm10_index: index }, s.clone()))
    }).collect();
    spots.sort_by(|a, b| b.0.pm10_index.cmp(&a.0.pm10_index).then_with(|| a.0.sensor.cmp(&b.0.sensor)));
    spots
}

#[component]
pub fn ResponsePage() -> impl IntoView {
    let lang = use_lang();
    let now = Resource::new_blocking(|| (), |_| air_overview());
    view! {
        <Title text=lang.pick("살수차 운행 제안", "Spraying truck: suggested round")/>
        <crate::Description ko="미세먼지가 나쁨 이상인 도로 지점과 살수차가 도는 순서 제안."
            en="Road points where fine dust is bad or worse, and a suggested order for the water-spraying truck."/>
        <ShapeSprite/>
        <section class="wrap air">
            <p class="breadcrumb"><a href="/air">{lang.pick("우리 동네 대기질", "Air quality")}</a></p>
            <h1>{lang.pick("살수차 운행 제안", "Spraying truck: suggested round")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match now.await {
                        Ok(now) => view! { <ResponseView now lang/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ResponseView(now: AirNow, lang: Lang) -> impl IntoView {
    let spots = hotspots(&now.sensors);
    let plain: Vec<Hotspot> = spots.iter().map(|(h, _)| h.clone()).collect();
    let round = plan_round(DEPOT, &plain);
    let dots = map_dots(&now.sensors, lang);
    let draw = (!spots.is_empty()).then(|| RoundDraw { depot: DEPOT, stops: round.order.iter().map(|&i| plain[i].location).collect() });
    let as_of = match lang {
        Lang::Ko => format!("{} 측정값 기준", now.at.clock_text()),
        Lang::En => format!("From the readings as of {}", now.at.clock_text()),
    };
    let listing = if spots.is_empty() {
        view! {
            <p class="notice-ok" data-testid="air-no-hotspots">{lang.pick("지금은 미세먼지(PM10)가 나쁨 이상인 도로 지점이 없습니다. 살수차를 보낼 곳이 없습니다.",
                "No road point has fine dust (PM10) at \"bad\" or worse right now: there is nowhere to send the truck.")}</p>
        }.into_any()
    } else {
        let worst = spots.iter().map(|(h, s)| view! {
            <li data-sensor=h.sensor.to_string()>
                <a href=format!("/air/sensors/{}", h.sensor)>{s.sensor.name(lang).to_string()}</a>" "<span class="muted air-id">{h.sensor.to_string()}</span>
                " — "{lang.pick("미세먼지 지수 ", "PM10 index ")}<strong>{h.pm10_index}</strong>" "<GradeChip grade=Some(Grade::of_index(h.pm10_index)) lang/>
            </li>
        }).collect_view();
        let stops = round.order.iter().map(|&i| {
            let (h, s) = &spots[i];
            view! { <li>{s.sensor.name(lang).to_string()}" "<span class="muted air-id">{h.sensor.to_string()}</span></li> }
        }).collect_view();
        let km = format!("{:.1}", round.metres / 1000.0);
        view! {
            <div class="air-response-lists">
                <div>
                    <h2>{lang.pick("나쁨 이상인 지점 (나쁜 순)", "Points at \"bad\" or worse (worst first)")}</h2>
                    <ol class="air-hotspots" data-testid="air-hotspots">{worst}</ol>
                </div>
                <div>
                    <h2>{lang.pick("제안하는 방문 순서", "Suggested order of visits")}</h2>
                    <p class="muted">{match lang {
                        Lang::Ko => format!("구청에서 출발해 돌아오는 직선거리 약 {km} km."),
                        Lang::En => format!("From the district office and back: about {km} km in straight lines."),
                    }}</p>
                    <p class="air-depot-line">{lang.pick("출발: 도봉구청", "Start: Dobong-gu office")}</p>
                    <ol class="air-round-stops" data-testid="air-round">{stops}</ol>
                    <p class="air-depot-line">{lang.pick("도착: 도봉구청", "Back to the Dobong-gu office")}</p>
                </div>
            </div>
        }.into_any()
    };
    view! {
        <SimulatedNotice simulated=now.simulated lang/>
        <p class="lead">
            <strong>{lang.pick("제안일 뿐입니다. ", "This is a suggestion. ")}</strong>
            {lang.pick("가장 가까운 지점부터 차례로 고르고(거리가 비슷하면 더 나쁜 곳 먼저), 순서를 뒤집어 거리가 줄면 바꾸는 방식으로 만든 순서이며, 실제 도로와 교통은 따지지 않습니다.",
                "The order goes to the nearest point next (the worse one when two are about as near), then reverses stretches while that shortens the round; it does not know roads or traffic.")}
        </p>
        <p class="muted">{as_of}</p>
        <p id="air-refresh" class="air-refresh" role="status" hidden>
            {lang.pick("새 측정값이 들어왔습니다. ", "New readings have arrived. ")}
            <a href="/air/response">{lang.pick("다시 불러오기", "Reload")}</a>
        </p>
        <div class="air-layout">
            <div class="air-map-wrap"><AirMap dots lang round=draw.unwrap_or(RoundDraw { depot: DEPOT, stops: Vec::new() })/></div>
            <div class="air-side">
                <Legend lang/>
                <p class="muted">{lang.pick("번호는 방문 순서, ‘차’는 출발점인 구청입니다.", "Numbers are the order of visits; ‘D’ is the depot at the district office.")}</p>
            </div>
        </div>
        {listing}
        <LiveScript page="response" lang/>
    }.into_any()
}
