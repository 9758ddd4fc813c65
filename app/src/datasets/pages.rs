//! The open-data pages: the catalogue's search with facets (`/data`) and one dataset (`/data/:id`)
//! with its metadata, columns, a preview of its first rows, a chart where one suits it, its
//! downloads and the API call that returns it. Plain GET forms and links: all of it works with
//! JavaScript off.

use super::api::{dataset_with_rows, search_datasets};
use super::chart::PreviewChart;
use crate::courses::components::{grouped, FILTERS_TOGGLE};
use crate::courses::pages::failed;
use crate::i18n::use_lang;
use crate::status::set_status;
use domain::courses::{url_pairs, QueryError};
use domain::datasets::*;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn DataSearchPage() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let results = Resource::new_blocking(
        move || location.search.get(),
        |search| async move {
            let typed = url_pairs(&search).into_iter().find(|(k, _)| k == "q").map(|(_, v)| v).unwrap_or_default();
            match DatasetQuery::from_url_query(&search) {
                Ok(q) => search_datasets(q.clone()).await.map(|page| (typed, Ok((q, page)))),
                Err(e) => Ok((typed, Err(e))),
            }
        },
    );
    view! {
        <Title text=lang.pick("열린데이터", "Open data")/>
        <crate::Description ko="광진구가 공개하는 데이터셋 733종을 분류, 제공 부서, 출처, 형식, 갱신 주기로 찾고 CSV·JSON으로 내려받으세요."
            en="Find the district's 733 open datasets by theme, publisher, source, format and update frequency, and download them as CSV or JSON."/>
        <section class="wrap search-page data-page">
            <h1>{lang.pick("열린데이터", "Open data")}</h1>
            <p class="lead">{lang.pick("구청 부서와 공공데이터포털, 국가통계포털, 서울 열린데이터광장의 데이터셋 목록입니다. 누구나 내려받아 쓸 수 있습니다.",
                "The catalogue of datasets from the district's departments, the Public Data Portal, national statistics and the Seoul Open Data Plaza, free for anyone to download.")}
                " "<a href="/crowd">{lang.pick("실시간 인구 혼잡도", "Live crowd levels")}</a>
                " · "<a href="/agency" data-testid="agency-link">{lang.pick("기관: 스마트도시 서비스 등록", "Agencies: register a smart-city service")}</a></p>
            <crate::layout::SimulatedNote testid="data-simulated"
                ko="이 시범 포털의 데이터셋 표는 예시로 만든 값입니다(동과 도로 이름은 실제, 수치는 그럴듯하게 생성). 구의 스마트도시 시범 서비스 5종의 기록은 모의 장치가 보냅니다. 동네의 실시간 계층(강좌, 키즈카페 자리, 전기차, 대기질)만 포털의 실제 자료입니다."
                en="On this trial portal the datasets' tables are made-up examples (real dong and road names, plausible generated figures), and the district's five trial smart-city services are fed by simulated devices. Only Dongne's live layers (courses, kids-café seats, cars, air quality) are the portal's own data."/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok((typed, outcome)) => view! { <DataSearchForm typed outcome lang/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DataSearchForm(typed: String, outcome: Result<(DatasetQuery, DatasetPage), QueryError>, lang: Lang) -> impl IntoView {
    let body = match outcome {
        Ok((query, page)) => view! { <DataResults query page lang/> }.into_any(),
        Err(e) => {
            set_status(400);
            view! {
                <div>
                    <p class="error" role="alert" data-testid="search-error">{e.message(lang)}</p>
                    <p><a href="/data">{lang.pick("처음부터 다시 찾기", "Start a new search")}</a></p>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <form method="get" action="/data" role="search">
            <div class="search-bar">
                <label for="q" class="visually-hidden">{lang.pick("검색어", "Search words")}</label>
                <input id="q" type="search" name="q" value=typed maxlength="200" autocomplete="off"
                    placeholder=lang.pick("데이터 이름, 주제, 키워드", "Dataset name, topic, keyword")/>
                <button type="submit">{lang.pick("검색", "Search")}</button>
            </div>
            <input type="checkbox" id=FILTERS_TOGGLE class="filters-toggle"/>
            {body}
        </form>
    }
}

#[component]
fn DataResults(query: DatasetQuery, page: DatasetPage, lang: Lang) -> impl IntoView {
    let last_page = page.last_page();
    let total = match lang {
        Lang::Ko => format!("데이터셋 {}개", grouped(page.total as u64)),
        Lang::En => format!("{} datasets", grouped(page.total as u64)),
    };
    let filters_label = match (query.filter().chosen_count(), lang) {
        (0, l) => l.pick("조건으로 좁히기", "Filters").to_string(),
        (n, Lang::Ko) => format!("조건으로 좁히기 ({n}개 선택)"),
        (n, Lang::En) => format!("Filters ({n} on)"),
    };
    let items = page.items.clone();
    let empty = items.is_empty();
    view! {
        <div class="results-layout">
            <label for=FILTERS_TOGGLE class="filters-button" data-testid="filters-button">{filters_label}</label>
            <DataFacets query=query.clone() page lang/>
            <div class="results">
                <h2 class="visually-hidden">{lang.pick("검색 결과", "Results")}</h2>
                <div class="results-head">
                    <p class="total" data-testid="result-total">{total}</p>
                    <label class="sort">
                        <span>{lang.pick("정렬", "Sort")}</span>
                        <select name="sort">
                            {DataSort::ALL.into_iter().map(|s| view! {
                                <option value=s.slug() selected=query.sort() == s>{s.label(lang)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                </div>
                {empty.then(|| view! {
                    <p class="empty">{lang.pick("조건에 맞는 데이터셋이 없습니다. 검색어를 바꾸거나 조건을 지워 보세요.",
                        "No dataset matches. Try other words or clear some filters.")}</p>
                })}
                <ol class="course-list dataset-list">
                    {items.into_iter().map(|dataset| view! { <DatasetCard dataset lang/> }).collect_view()}
                </ol>
                {crate::layout::pager(query.page(), last_page, move |p| format!("/data{}", query.with_page(p).to_query_string()), lang)}
            </div>
        </div>
    }
}

/// A dataset's title in the page's language; a Korean-only title keeps `lang="ko"`.
fn title_lang(d: &Dataset, lang: Lang) -> &'static str {
    if d.has_title_in(lang) { lang.code() } else { "ko" }
}

#[component]
fn DatasetCard(dataset: Dataset, lang: Lang) -> impl IntoView {
    let formats = dataset.formats.iter().map(|f| f.label(lang)).collect::<Vec<_>>().join(" · ");
    view! {
        <li class="course-card dataset-card" data-testid="dataset-card">
            <h3><a href=format!("/data/{}", dataset.id) lang=title_lang(&dataset, lang)>{dataset.title(lang).to_string()}</a></h3>
            <p class="meta">
                <span>{dataset.publisher.label(lang)}</span>
                <span>{theme_path(dataset.theme, lang)}</span>
                <span>{dataset.frequency.label(lang)}</span>
                <span>{formats}</span>
                <span>{format!("{} {}", lang.pick("갱신", "Updated"), dataset.modified)}</span>
            </p>
            {dataset.live.map(|_| view! { <span class="status status-open">{lang.pick("실시간", "Live")}</span> })}
        </li>
    }
}

/// `환경 › 대기`.
fn theme_path(theme: Theme, lang: Lang) -> String {
    match theme.parent() {
        Some(top) => format!("{} › {}", top.label(lang), theme.label(lang)),
        None => theme.label(lang).to_string(),
    }
}

/// One checkbox of a facet, with how many datasets it holds.
fn facet_option(query: &DatasetQuery, counts: &[u32], facet: DataFacet, ordinal: u8, lang: Lang) -> AnyView {
    let (slug, label) = (facet.slugs()[ordinal as usize], facet.value_label(ordinal, lang));
    crate::courses::components::facet_checkbox(facet.param(), slug, label, counts[ordinal as usize], query.filter().is_chosen(facet, ordinal))
}

#[component]
fn DataFacets(query: DatasetQuery, page: DatasetPage, lang: Lang) -> impl IntoView {
    let groups = DataFacet::ALL
        .into_iter()
        .zip(page.facets)
        .map(|(facet, counts)| {
            let counts = counts.counts;
            let any_chosen = (0..facet.len() as u8).any(|o| query.filter().is_chosen(facet, o));
            let open = any_chosen || matches!(facet, DataFacet::Theme | DataFacet::Source);
            // the theme tree: each top theme, then its sub-themes indented under it
            let options = match facet {
                DataFacet::Theme => Theme::tops()
                    .map(|top| {
                        let children = top.children().map(|c| facet_option(&query, &counts, facet, c.ordinal(), lang)).collect_view();
                        view! {
                            <div class="facet-branch">
                                {facet_option(&query, &counts, facet, top.ordinal(), lang)}
                                <div class="facet-children">{children}</div>
                            </div>
                        }
                        .into_any()
                    })
                    .collect_view()
                    .into_any(),
                _ => (0..facet.len() as u8).map(|o| facet_option(&query, &counts, facet, o, lang)).collect_view().into_any(),
            };
            crate::courses::components::facet_group(facet.param(), facet.title(lang), open, options)
        })
        .collect_view();
    view! {
        <aside class="facets" aria-label=lang.pick("검색 조건", "Filters")>
            <h2 class="facets-title">{lang.pick("조건으로 좁히기", "Narrow down")}</h2>
            {groups}
            <button type="submit" class="button apply" data-testid="apply-filters">{lang.pick("조건 적용", "Apply filters")}</button>
            {(!query.filter().is_empty() || !query.text().is_empty()).then(|| view! {
                <a class="clear" href="/data">{lang.pick("모든 조건 지우기", "Clear all")}</a>
            })}
        </aside>
    }
}

#[component]
pub fn DatasetDetailPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let details = Resource::new_blocking(
        move || params.read().get("id").and_then(|id| DatasetId::parse(&id)),
        |id| async move {
            match id {
                Some(id) => dataset_with_rows(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(Some(details)) => view! { <DatasetDetail details lang/> }.into_any(),
                    Ok(None) => view! { <crate::layout::NotFound/> }.into_any(),
                    Err(e) => failed(&e, lang),
                }
            })}
        </Suspense>
    }
}

/// Where each format downloads from (the server's API names the same paths).
fn downloads(d: &Dataset) -> Vec<(Format, String)> {
    match d.live {
        Some(layer) => vec![(Format::Json, layer.api_path().to_string())],
        None => d.formats.iter().map(|f| (*f, format!("/api/v1/datasets/{}/rows?format={}", d.id, f.slug()))).collect(),
    }
}

/// Where a dataset's rows come from, when no real source wrote them: a table of the demo catalogue
/// is generated, and a smart-city service's records (a real-time dataset the platform keeps, its
/// keyword 스마트도시) come from the trial's simulated devices unless an agency's own devices push them.
fn provenance(d: &domain::datasets::Dataset) -> Option<AnyView> {
    if d.live.is_some() {
        return None;
    }
    let service = d.frequency == domain::datasets::Frequency::Realtime && d.keywords.iter().any(|k| k == "스마트도시");
    Some(if service {
        view! { <crate::layout::SimulatedNote testid="data-simulated"
            ko="구의 스마트도시 시범 서비스는 모의 장치가 5분마다 기록을 보냅니다. 기관이 직접 등록한 서비스는 그 기관 장치의 기록입니다."
            en="The district's trial smart-city services are fed by simulated devices every five minutes; a service an agency registers itself carries its own devices' records."/> }.into_any()
    } else {
        view! { <crate::layout::SimulatedNote testid="data-simulated"
            ko="이 표의 값은 시범 포털을 위해 예시로 만든 것입니다(동과 도로 이름은 실제, 수치는 생성). 실제 통계로 쓰지 마세요."
            en="This table's values were made up for the trial portal (real dong and road names, generated figures): do not use them as real statistics."/> }.into_any()
    })
}

#[component]
fn DatasetDetail(details: DatasetDetails, lang: Lang) -> impl IntoView {
    let DatasetDetails { dataset: d, preview, related } = details;
    let title = d.title(lang).to_string();
    let theme_href = format!("/data?theme={}", d.theme.slug());
    let description: String = d.description(lang).chars().take(150).collect();
    let description_lang = if lang == Lang::En && d.description_en.is_none() { "ko" } else { lang.code() };
    let api_call = match d.live {
        Some(layer) => format!("GET {}", layer.api_path()),
        None => format!("GET /api/v1/datasets/{}/rows?format=json", d.id),
    };
    let rows_note = match (d.live, lang) {
        (Some(_), l) if preview.is_empty() => l.pick("실시간으로 바뀌는 자료입니다. 지금은 보여 줄 항목이 없습니다.", "This data changes live, and has no items just now.").to_string(),
        (Some(_), Lang::Ko) => format!("실시간으로 바뀌는 자료입니다. 지금의 처음 {}건이며, API가 그때그때의 값을 돌려줍니다.", preview.len()),
        (Some(_), Lang::En) => format!("This data changes live: its first {} items now. The API answers with the values of the moment.", preview.len()),
        (None, Lang::Ko) => format!("전체 {}행 가운데 처음 {}행입니다.", d.row_count, preview.len()),
        (None, Lang::En) => format!("The first {} of {} rows.", preview.len(), d.row_count),
    };
    let note = provenance(&d);
    // each part is its own view (`into_any`): one nested type for the whole page is deeper than
    // the compiler's limit
    let facts = view! {
        <div class="detail-grid">
            <dl class="facts">
                <dt>{lang.pick("제공 부서·기관", "Publisher")}</dt><dd>{d.publisher.label(lang)}</dd>
                <dt>{lang.pick("출처", "Source")}</dt><dd>{d.source.label(lang)}</dd>
                <dt>{lang.pick("분류", "Theme")}</dt><dd>{theme_path(d.theme, lang)}</dd>
                <dt>{lang.pick("갱신 주기", "Updated")}</dt><dd>{d.frequency.label(lang)}</dd>
                <dt>{lang.pick("최종 수정일", "Last modified")}</dt><dd>{d.modified.to_string()}</dd>
                <dt>{lang.pick("기간", "Period")}</dt><dd>{format!("{} – {}", d.covers_from, d.covers_to)}</dd>
                <dt>{lang.pick("공간 범위", "Area")}</dt><dd lang="ko">{d.area.clone()}</dd>
                <dt>{lang.pick("이용 허락", "Licence")}</dt>
                <dd><a href=d.licence.url() rel="license external">{d.licence.label(lang)}</a></dd>
            </dl>
            <div class="go-box downloads" data-testid="downloads">
                <h2>{lang.pick("내려받기", "Download")}</h2>
                <ul>
                    {downloads(&d).into_iter().map(|(f, url)| view! {
                        <li><a class="button secondary" href=url data-format=f.slug()>{f.label(lang)}</a></li>
                    }).collect_view()}
                </ul>
                <h3>{lang.pick("API로 받기", "Get it through the API")}</h3>
                <pre><code data-testid="api-call">{api_call}</code></pre>
                {d.live.map(|layer| view! {
                    <p><a href=layer.page_path()>{lang.pick("동네에서 보기", "See it on Dongne")}</a></p>
                })}
            </div>
        </div>
    }
    .into_any();
    let keywords = (!d.keywords.is_empty()).then(|| view! {
        <ul class="keywords" aria-label=lang.pick("키워드", "Keywords")>
            {d.keywords.iter().map(|k| view! {
                <li><a href=format!("/data?q={}", domain::courses::form_encode(k)) lang="ko">{k.clone()}</a></li>
            }).collect_view()}
        </ul>
    }.into_any());
    let columns = view! {
        <section>
            <h2>{lang.pick("열 설명", "Columns")}</h2>
            <div class="table-scroll" role="region" aria-label=lang.pick("열 설명", "Columns") tabindex="0">
                <table class="data-table" data-testid="columns">
                    <thead><tr>
                        <th scope="col">{lang.pick("열 이름", "Name")}</th>
                        <th scope="col">{lang.pick("설명", "Label")}</th>
                        <th scope="col">{lang.pick("형식", "Type")}</th>
                        <th scope="col">{lang.pick("단위", "Unit")}</th>
                    </tr></thead>
                    <tbody>
                        {d.columns.iter().map(|c| view! {
                            <tr><td><code>{c.name.clone()}</code></td><td lang="ko">{c.label.clone()}</td>
                                <td>{c.kind.label(lang)}</td><td>{c.unit.clone().unwrap_or_else(|| "–".into())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any();
    let table = (!preview.is_empty()).then(|| view! {
        <div class="table-scroll" role="region" aria-label=lang.pick("미리 보기", "Preview") tabindex="0">
            <table class="data-table" data-testid="preview">
                <thead><tr>
                    {d.columns.iter().map(|c| view! { <th scope="col" lang="ko">{c.label.clone()}</th> }).collect_view()}
                </tr></thead>
                <tbody lang="ko">
                    {preview.iter().map(|row| view! {
                        <tr>{row.iter().map(|cell| view! { <td>{cell.clone()}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <PreviewChart dataset=d.clone() rows=preview.clone() lang/>
    }.into_any());
    let related = (!related.is_empty()).then(|| view! {
        <section class="related">
            <h2>{lang.pick("관련 데이터", "Related datasets")}</h2>
            <ol class="course-list dataset-list">
                {related.into_iter().map(|dataset| view! { <DatasetCard dataset lang/> }).collect_view()}
            </ol>
        </section>
    }.into_any());
    view! {
        <Title text=title.clone()/>
        <leptos_meta::Meta name="description" content=description/>
        <article class="wrap dataset-detail">
            <p class="crumbs"><a href="/data">{lang.pick("열린데이터", "Open data")}</a>" › "
                <a href=theme_href>{theme_path(d.theme, lang)}</a></p>
            <h1 lang=title_lang(&d, lang) data-testid="dataset-title">{title}</h1>
            <p class="summary" lang=description_lang>{d.description(lang).to_string()}</p>
            {facts}
            {keywords}
            {columns}
            <section>
                <h2>{lang.pick("미리 보기", "Preview")}</h2>
                <p class="muted" data-testid="preview-note">{rows_note}</p>
                {note}
                {table}
            </section>
            {related}
        </article>
    }
}
