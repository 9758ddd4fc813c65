//! The catalogue's public JSON API: `/api/v1/datasets` (search with facets, read with the pages'
//! rules), `/api/v1/datasets/{id}` (metadata and distributions), `/api/v1/datasets/{id}/rows`
//! (the table as CSV, JSON or GeoJSON, streamed a page of rows at a time so a big table never sits
//! in memory) and `/api/v1/catalog.jsonld` (the whole catalogue as DCAT-AP).

use super::store;
use crate::error::ApiError;
use crate::AppState;
use app::AppError;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use domain::courses::url_pairs;
use domain::datasets::*;
use domain::Lang;
use serde_json::{json, Map, Value};

/// The catalogue changes only with a new start: caches may keep answers five minutes.
const CACHE_CONTROL: &str = "public, max-age=300";
/// Rows read from the database per chunk of a download.
const CHUNK_ROWS: usize = 1_000;

pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    // a blank facet (`theme=`) is an empty comma-separated list, which the document allows
    if let Err(e) = crate::error::no_blank(raw.as_deref(), &["sort", "page", "per_page"]) {
        return ApiError(e).into_response();
    }
    let query = match DatasetQuery::from_url_query(&raw.unwrap_or_default()) {
        Ok(q) => q,
        Err(e) => return ApiError(e.into()).into_response(),
    };
    let page = match state.datasets.index.now().search(&query) {
        Ok(page) => page,
        Err(e) => return ApiError(e.into()).into_response(),
    };
    let facets: Map<String, Value> = DataFacet::ALL
        .into_iter()
        .zip(&page.facets)
        .map(|(facet, counts)| {
            let values =
                facet.slugs().into_iter().zip(&counts.counts).map(|(value, count)| json!({ "value": value, "count": count })).collect();
            (facet.param().to_string(), Value::Array(values))
        })
        .collect();
    let body = json!({
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "facets": facets,
        "items": page.items.iter().map(dataset_json).collect::<Vec<_>>(),
    });
    ([(header::CACHE_CONTROL, CACHE_CONTROL)], Json(body)).into_response()
}

pub async fn dataset(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match DatasetId::parse(&id).and_then(|id| state.datasets.index.now().dataset(id)) {
        Some(d) => ([(header::CACHE_CONTROL, CACHE_CONTROL)], Json(dataset_json(&d))).into_response(),
        None => ApiError(AppError::NotFound).into_response(),
    }
}

/// Where each format of a dataset is downloaded; a live layer's only distribution is its API.
pub fn distributions(d: &Dataset) -> Vec<(Format, String)> {
    match d.live {
        Some(layer) => vec![(Format::Json, layer.api_path().to_string())],
        None => d.formats.iter().map(|f| (*f, format!("/api/v1/datasets/{}/rows?format={}", d.id, f.slug()))).collect(),
    }
}

/// A dataset as the API shows it: its metadata, its theme's place in the tree, its downloads.
pub fn dataset_json(d: &Dataset) -> Value {
    let mut v = serde_json::to_value(d).expect("a dataset serialises");
    v["theme_path"] = json!(d.theme.parent().into_iter().chain([d.theme]).map(|t| t.slug()).collect::<Vec<_>>());
    v["page"] = json!(format!("/data/{}", d.id));
    v["distributions"] = json!(distributions(d)
        .into_iter()
        .map(|(f, url)| json!({ "format": f.slug(), "media_type": f.media_type(), "url": url }))
        .collect::<Vec<_>>());
    v
}

fn refused(ko: &str, en: &str) -> Response {
    ApiError(AppError::bad_request(ko, en)).into_response()
}

pub async fn rows(State(state): State<AppState>, Path(id): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let Some(dataset) = DatasetId::parse(&id).and_then(|id| state.datasets.index.now().dataset(id)) else {
        return ApiError(AppError::NotFound).into_response();
    };
    if let Err(e) = crate::error::no_blank(raw.as_deref(), &["format"]) {
        return ApiError(e).into_response();
    }
    let asked = url_pairs(&raw.unwrap_or_default()).into_iter().find(|(k, _)| k == "format").map(|(_, v)| v);
    let format = match asked.as_deref().map(str::trim) {
        // its first format: CSV, or JSON for a live layer (its API's)
        None => dataset.formats.first().copied().unwrap_or(Format::Csv),
        Some(slug) => match Format::parse(slug) {
            Some(f) => f,
            None => return refused("format은 csv, json, geojson 가운데 하나여야 합니다.", "format must be one of csv, json, geojson."),
        },
    };
    // a format the dataset is not published in is a distribution that does not exist: 404, as
    // for a file that is not there (the document's schema allows every format for every id, so a
    // 400 would call a well-formed request malformed)
    if !dataset.formats.contains(&format) {
        let (ko, en) = match dataset.live {
            Some(_) => ("실시간 데이터셋은 JSON으로만 제공됩니다 (format=json).", "A live dataset is published as JSON only (format=json)."),
            None => ("이 데이터셋은 위치 정보가 없어 GeoJSON으로 제공되지 않습니다.", "This dataset has no positions, so it is not published as GeoJSON."),
        };
        let body = serde_json::json!({ "error": en, "message_ko": ko });
        return (StatusCode::NOT_FOUND, axum::Json(body)).into_response();
    }
    if let Some(layer) = dataset.live {
        // a live layer's rows are the live API's answer
        return Redirect::temporary(layer.api_path()).into_response();
    }
    let filename = format!("dongne-dataset-{}.{}", dataset.id, format.slug());
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Json => "application/json",
        Format::GeoJson => "application/geo+json",
    };
    // fused: the edges' compression polls the body once more after its end (tower-http 0.6.11),
    // and an unfold polled again panics, which cut every compressed download short
    let body = Body::from_stream(futures_util::StreamExt::fuse(row_stream(state.pool.clone(), dataset, format)));
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, CACHE_CONTROL.to_string()),
        ],
        body,
    )
        .into_response()
}

enum Phase {
    Head,
    Rows(Option<i64>),
    Done,
}

/// The download, chunk by chunk: the head, `CHUNK_ROWS` rows at a time, the tail.
fn row_stream(
    pool: sqlx::SqlitePool,
    dataset: Dataset,
    format: Format,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    futures_util::stream::unfold((Phase::Head, false), move |(phase, wrote_row)| {
        let pool = pool.clone();
        let dataset = dataset.clone();
        async move {
            match phase {
                Phase::Head => Some((Ok(Bytes::from(head(&dataset, format))), (Phase::Rows(None), wrote_row))),
                Phase::Rows(after) => match store::rows_after(&pool, dataset.id, after, CHUNK_ROWS).await {
                    Ok(rows) if rows.is_empty() => Some((Ok(Bytes::from(tail(format))), (Phase::Done, wrote_row))),
                    Ok(rows) => {
                        let last = rows.last().map(|(p, _)| *p);
                        let mut out = String::new();
                        let mut first = !wrote_row;
                        for (_, cells) in &rows {
                            encode_row(&mut out, &dataset, format, cells, first);
                            first = false;
                        }
                        Some((Ok(Bytes::from(out)), (Phase::Rows(last), true)))
                    }
                    Err(e) => {
                        // the status is sent already: end the body short so the client sees a broken download
                        tracing::error!(error = %e, dataset = %dataset.id, "reading rows for a download failed");
                        Some((Err(std::io::Error::other("rows unavailable")), (Phase::Done, wrote_row)))
                    }
                },
                Phase::Done => None,
            }
        }
    })
}

fn head(d: &Dataset, format: Format) -> String {
    match format {
        // the byte-order mark makes spreadsheet programs read the Korean as UTF-8
        Format::Csv => format!("\u{feff}{}\r\n", d.columns.iter().map(|c| csv_field(&c.name)).collect::<Vec<_>>().join(",")),
        Format::Json => {
            let columns = serde_json::to_string(&d.columns).expect("columns serialise");
            format!("{{\"id\":{},\"title\":{},\"columns\":{columns},\"rows\":[", d.id, json!(d.title))
        }
        Format::GeoJson => format!("{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[", json!(d.title)),
    }
}

fn tail(format: Format) -> &'static str {
    match format {
        Format::Csv => "",
        Format::Json | Format::GeoJson => "]}\n",
    }
}

/// A cell as JSON: numbers as numbers, a missing value as `null`.
fn cell_json(kind: ColumnKind, cell: &str) -> Value {
    if cell.is_empty() {
        return Value::Null;
    }
    let number = match kind {
        ColumnKind::Integer => cell.parse::<i64>().ok().map(Value::from),
        ColumnKind::Decimal | ColumnKind::Latitude | ColumnKind::Longitude => cell.parse::<f64>().ok().map(Value::from),
        ColumnKind::Text | ColumnKind::Date => None,
    };
    number.unwrap_or_else(|| Value::String(cell.to_string()))
}

fn encode_row(out: &mut String, d: &Dataset, format: Format, cells: &[String], first: bool) {
    let object = || -> Map<String, Value> {
        d.columns.iter().zip(cells).map(|(c, cell)| (c.name.clone(), cell_json(c.kind, cell))).collect()
    };
    match format {
        Format::Csv => {
            let fields = d.columns.iter().zip(cells).map(|(c, cell)| csv_field(&spreadsheet_safe(c.kind, cell)));
            out.push_str(&fields.collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        Format::Json => {
            if !first {
                out.push(',');
            }
            out.push_str(&Value::Object(object()).to_string());
        }
        Format::GeoJson => {
            if !first {
                out.push(',');
            }
            let point = d.position_columns().and_then(|(lat, lon)| {
                Some(json!({ "type": "Point", "coordinates": [cells.get(lon)?.parse::<f64>().ok()?, cells.get(lat)?.parse::<f64>().ok()?] }))
            });
            out.push_str(&json!({ "type": "Feature", "geometry": point, "properties": object() }).to_string());
        }
    }
}

/// A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) gets a leading apostrophe, which spreadsheets show as text: an agency's
/// records reach residents' spreadsheets through this file (OWASP's CSV injection advice). Numbers
/// and dates were checked against their column's kind when stored, so a negative number stays one.
fn spreadsheet_safe(kind: ColumnKind, cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if matches!(kind, ColumnKind::Text) && risky {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// One CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(value: &str) -> String {
    if value.contains(&[',', '"', '\n', '\r'][..]) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// DCAT's frequency vocabulary (the EU's authority table) for ours.
fn dcat_frequency(f: Frequency) -> &'static str {
    match f {
        Frequency::Realtime => "UPDATE_CONT",
        Frequency::Daily => "DAILY",
        Frequency::Weekly => "WEEKLY",
        Frequency::Monthly => "MONTHLY",
        Frequency::Quarterly => "QUARTERLY",
        Frequency::Yearly => "ANNUAL",
        Frequency::Irregular => "IRREG",
    }
}

/// The classification tree's identifier; each theme is a concept in it, named by its search page.
const THEMES: &str = "/api/v1/catalog.jsonld#themes";

fn theme_id(theme: Theme) -> String {
    format!("/data?theme={}", theme.slug())
}

fn theme_concept(theme: Theme) -> Value {
    let mut concept = json!({
        "@id": theme_id(theme),
        "@type": "skos:Concept",
        "skos:prefLabel": in_both(theme.label(Lang::Ko), Some(theme.label(Lang::En))),
        "skos:inScheme": { "@id": THEMES },
    });
    if let Some(parent) = theme.parent() {
        concept["skos:broader"] = json!({ "@id": theme_id(parent) });
    }
    concept
}

fn in_both(ko: &str, en: Option<&str>) -> Value {
    let mut values = vec![json!({ "@value": ko, "@language": "ko" })];
    values.extend(en.map(|en| json!({ "@value": en, "@language": "en" })));
    Value::Array(values)
}

/// The whole catalogue as DCAT-AP JSON-LD (identifiers are relative to this document's address).
pub async fn catalog_jsonld(State(state): State<AppState>) -> Response {
    let datasets: Vec<Value> = state
        .datasets
        .index
        .now()
        .all()
        .iter()
        .map(|d| {
            json!({
                "@id": format!("/data/{}", d.id),
                "@type": "dcat:Dataset",
                "dct:identifier": d.id.to_string(),
                "dct:title": in_both(&d.title, d.title_en.as_deref()),
                "dct:description": in_both(&d.description, d.description_en.as_deref()),
                "dct:publisher": { "@type": "foaf:Agent", "foaf:name": in_both(d.publisher.label(Lang::Ko), Some(d.publisher.label(Lang::En))) },
                "dcat:theme": d.theme.parent().into_iter().chain([d.theme]).map(theme_concept).collect::<Vec<_>>(),
                "dcat:keyword": d.keywords,
                "dct:accrualPeriodicity": { "@id": format!("http://publications.europa.eu/resource/authority/frequency/{}", dcat_frequency(d.frequency)) },
                "dct:temporal": { "@type": "dct:PeriodOfTime", "dcat:startDate": d.covers_from.to_string(), "dcat:endDate": d.covers_to.to_string() },
                "dct:spatial": { "@type": "dct:Location", "skos:prefLabel": d.area },
                "dct:license": { "@id": d.licence.url() },
                "dct:modified": { "@value": d.modified.to_string(), "@type": "xsd:date" },
                "dcat:landingPage": { "@id": format!("/data/{}", d.id) },
                "dcat:distribution": distributions(d).into_iter().map(|(f, url)| json!({
                    "@type": "dcat:Distribution",
                    "dcat:accessURL": { "@id": url },
                    "dcat:mediaType": f.media_type(),
                    "dct:format": f.slug(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let body = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": "/api/v1/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": in_both("광진구 열린데이터", Some("Gwangjin-gu open data")),
        "dct:description": in_both(
            "광진구가 부서와 공공데이터포털·국가통계·서울 열린데이터 광장에서 모아 공개하는 데이터셋과 동네의 실시간 자료, 기관들의 스마트도시 서비스 데이터입니다.",
            Some("The datasets Gwangjin-gu publishes from its departments, the Public Data Portal, national statistics and the Seoul Open Data Plaza, with Dongne's live layers and agencies' smart-city services."),
        ),
        "dcat:themeTaxonomy": {
            "@id": THEMES,
            "@type": "skos:ConceptScheme",
            "skos:prefLabel": in_both("동네 열린데이터 분류", Some("Dongne open-data themes")),
            "skos:hasTopConcept": Theme::ALL.iter().filter(|t| t.parent().is_none()).map(|t| json!({ "@id": theme_id(*t) })).collect::<Vec<_>>(),
        },
        "dct:publisher": { "@type": "foaf:Agent", "foaf:name": in_both("서울특별시 광진구", Some("Gwangjin-gu, Seoul")) },
        "dcat:dataset": datasets,
    });
    ([(header::CONTENT_TYPE, "application/ld+json"), (header::CACHE_CONTROL, CACHE_CONTROL)], body.to_string()).into_response()
}
