//! The open-data catalogue through the router: the JSON API (search with facets, a dataset, its rows
//! as CSV/JSON/GeoJSON, the DCAT-AP catalogue), the pages in Korean and English, and garbage
//! everywhere answered with a 4xx in the asker's language, never a 5xx.

mod helpers;
use axum::body::Body;
use axum::http::Request;
use helpers::{enc, get_with, TestApp};
use serde_json::Value;

const ENGLISH: &[(&str, &str)] = &[("cookie", "lang=en")];

fn facet_sum(body: &Value, facet: &str) -> u64 {
    body["facets"][facet].as_array().unwrap().iter().map(|v| v["count"].as_u64().unwrap()).sum()
}

fn facet_count(body: &Value, facet: &str, value: &str) -> u64 {
    body["facets"][facet].as_array().unwrap().iter().find(|v| v["value"] == value).unwrap()["count"].as_u64().unwrap()
}

#[tokio::test]
async fn the_catalogue_lists_733_datasets_with_facets_that_add_up() {
    let app = TestApp::empty().await;
    let body = app.get("/api/v1/datasets").await.json();
    assert_eq!(body["total"], 733);
    assert_eq!(body["items"].as_array().unwrap().len(), 20);
    for facet in ["publisher", "source", "frequency"] {
        assert_eq!(facet_sum(&body, facet), 733, "{facet}");
    }
    // every dataset sits under one sub-theme and that sub-theme's top theme
    assert_eq!(facet_sum(&body, "theme"), 2 * 733);
    assert_eq!(facet_count(&body, "format", "csv"), 729, "every stored table downloads as CSV");
    assert!(facet_count(&body, "format", "geojson") > 100);
    let first = &body["items"][0];
    assert!(first["distributions"].as_array().is_some_and(|d| !d.is_empty()));
}

#[tokio::test]
async fn a_search_finds_a_word_inside_a_compound_and_filters_by_facet() {
    let app = TestApp::empty().await;
    let wifi = app.get(&format!("/api/v1/datasets?q={}", enc("와이파이"))).await.json();
    assert!(wifi["total"].as_u64().unwrap() >= 10, "{}", wifi["total"]);
    assert!(wifi["items"][0]["title"].as_str().unwrap().contains("와이파이"));

    let environment = app.get("/api/v1/datasets?theme=environment").await.json();
    let air = app.get("/api/v1/datasets?theme=air").await.json();
    assert!(environment["total"].as_u64() > air["total"].as_u64());
    for item in air["items"].as_array().unwrap() {
        assert_eq!(item["theme"], "air");
    }
    let both = app.get("/api/v1/datasets?theme=air&source=data-go-kr&format=csv").await.json();
    for item in both["items"].as_array().unwrap() {
        assert_eq!((item["theme"].as_str(), item["source"].as_str()), (Some("air"), Some("data-go-kr")));
    }
    // sideways: with a source chosen, the other sources still say what they would add
    assert!(facet_count(&both, "source", "district") > 0 || facet_count(&both, "source", "kosis") == 0);
}

#[tokio::test]
async fn garbage_in_the_search_is_a_400_that_says_why() {
    let app = TestApp::empty().await;
    for bad in ["theme=astrology", "format=xlsx", "page=0", "page=99999", "per_page=1000", &format!("q={}", "가".repeat(201)), "sort=price"] {
        let reply = app.get(&format!("/api/v1/datasets?{bad}")).await;
        assert_eq!(reply.status, 400, "{bad}");
        assert!(reply.json()["message_ko"].as_str().is_some_and(|m| !m.is_empty()), "{bad}");
    }
}

#[tokio::test]
async fn a_dataset_gives_its_metadata_columns_and_downloads() {
    let app = TestApp::empty().await;
    let d = app.get("/api/v1/datasets/5").await.json();
    assert_eq!(d["title"], "서울특별시 광진구 공공와이파이 설치 현황 (2025년)");
    assert_eq!(d["theme_path"], serde_json::json!(["smart-city", "wifi"]));
    assert_eq!(d["licence"], "kogl-1");
    let columns: Vec<&str> = d["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(columns, ["no", "place", "dong", "access_points", "lat", "lon"]);
    let formats: Vec<&str> = d["distributions"].as_array().unwrap().iter().map(|x| x["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["csv", "json", "geojson"]);
    for missing in ["/api/v1/datasets/0", "/api/v1/datasets/734", "/api/v1/datasets/abc", "/api/v1/datasets/-1", "/api/v1/datasets/99999999999"] {
        assert_eq!(app.get(missing).await.status, 404, "{missing}");
    }
}

#[tokio::test]
async fn rows_download_as_csv_json_and_geojson_with_every_row() {
    let app = TestApp::empty().await;
    let meta = app.get("/api/v1/datasets/5").await.json();
    let rows = meta["row_count"].as_u64().unwrap() as usize;

    let csv = app.get("/api/v1/datasets/5/rows?format=csv").await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert!(csv.headers["content-disposition"].to_str().unwrap().contains("dongne-dataset-5.csv"));
    assert!(csv.body.starts_with("\u{feff}no,place,dong,access_points,lat,lon\r\n"));
    assert_eq!(csv.body.trim_end().lines().count(), rows + 1);
    assert_eq!(app.get("/api/v1/datasets/5/rows").await.body, csv.body, "CSV is the default");

    let json = app.get("/api/v1/datasets/5/rows?format=json").await.json();
    assert_eq!(json["rows"].as_array().unwrap().len(), rows);
    assert!(json["rows"][0]["access_points"].is_i64(), "numbers are numbers");
    assert!(json["rows"][0]["lat"].is_f64());

    let geo = app.get("/api/v1/datasets/5/rows?format=geojson").await.json();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), rows);
    let lon = features[0]["geometry"]["coordinates"][0].as_f64().unwrap();
    assert!((127.0..128.0).contains(&lon), "GeoJSON is longitude first");
}

#[tokio::test]
async fn a_bad_format_or_geojson_without_places_is_refused_and_a_live_layer_points_to_its_api() {
    let app = TestApp::empty().await;
    let bad = app.get("/api/v1/datasets/5/rows?format=xlsx").await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["message_ko"].as_str().unwrap().contains("csv"));
    // the district budget has no positions
    let budget = app.get(&format!("/api/v1/datasets?q={}&per_page=1", enc("세출 예산"))).await.json();
    let id = budget["items"][0]["id"].as_str().unwrap().to_string();
    let no_geojson = app.get(&format!("/api/v1/datasets/{id}/rows?format=geojson")).await;
    assert_eq!(no_geojson.status, 404, "a distribution that is not published");
    assert!(no_geojson.json()["error"].as_str().unwrap().contains("not published as GeoJSON"));
    assert_eq!(app.get("/api/v1/datasets/999/rows").await.status, 404);

    for path in ["/api/v1/datasets/4/rows", "/api/v1/datasets/4/rows?format=json"] {
        let live = app.get(path).await;
        assert_eq!(live.status, 307, "{path}");
        assert_eq!(live.headers["location"], "/api/v1/air/sensors");
    }
    // the live API answers JSON only: a CSV is not there rather than sent to an API that has none
    for format in ["csv", "geojson"] {
        let refused = app.get(&format!("/api/v1/datasets/4/rows?format={format}")).await;
        assert_eq!(refused.status, 404, "{format}");
        assert!(refused.json()["error"].as_str().unwrap().contains("JSON only"));
    }
}

#[tokio::test]
async fn every_live_layer_of_the_portal_is_a_dataset_whose_api_answers() {
    let app = TestApp::empty().await;
    let live = app.get("/api/v1/datasets?frequency=realtime").await.json();
    // the four live layers and the five smart-city services fed by their devices
    assert_eq!(live["total"], 9);
    assert_eq!(live["items"].as_array().unwrap().iter().filter(|d| !d["live"].is_null()).count(), 4);
    let mut described = 0;
    for item in live["items"].as_array().unwrap() {
        let url = item["distributions"][0]["url"].as_str().unwrap();
        let reply = app.get(url).await;
        assert_eq!(reply.status, 200, "{url}: {}", &reply.body[..reply.body.len().min(200)]);
        if item["live"].is_null() {
            continue;
        }
        // the columns the catalogue declares are the fields of the API's items, of their kind
        let answer = reply.json();
        let field = serde_json::from_value::<domain::datasets::LiveLayer>(item["live"].clone()).unwrap().items_field();
        let Some(first) = answer[field].as_array().unwrap().first() else { continue };
        for column in item["columns"].as_array().unwrap() {
            let name = column["name"].as_str().unwrap();
            let value = &first[name];
            let fits = match column["kind"].as_str().unwrap() {
                "integer" => value.is_i64(),
                "decimal" | "latitude" | "longitude" => value.is_number() || value.is_null(),
                _ => value.is_string(),
            };
            assert!(fits, "{url}: column {name} ({}) is {value}", column["kind"]);
        }
        described += 1;
    }
    assert!(described >= 2, "the cars and the sensors have items to compare");
}

#[tokio::test]
async fn the_catalogue_is_published_as_dcat_ap_json_ld() {
    let app = TestApp::empty().await;
    let reply = app.get("/api/v1/catalog.jsonld").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], "application/ld+json");
    let body = reply.json();
    assert_eq!(body["@type"], "dcat:Catalog");
    assert_eq!(body["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    let datasets = body["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), 733);
    let wifi = &datasets[4];
    assert_eq!(wifi["dct:license"]["@id"], "https://www.kogl.or.kr/info/licenseType1.do");
    assert!(wifi["dct:accrualPeriodicity"]["@id"].as_str().unwrap().ends_with("/QUARTERLY"));
    assert_eq!(wifi["dcat:distribution"].as_array().unwrap().len(), 3);
    // DCAT-AP's mandatory catalogue description, and themes as concepts of the catalogue's tree
    assert_eq!(body["dct:description"][1]["@language"], "en");
    assert_eq!(body["dcat:themeTaxonomy"]["@type"], "skos:ConceptScheme");
    let tops = body["dcat:themeTaxonomy"]["skos:hasTopConcept"].as_array().unwrap();
    assert_eq!(tops.len(), 12);
    let themes = wifi["dcat:theme"].as_array().unwrap();
    assert_eq!(themes[1]["@id"], "/data?theme=wifi");
    assert_eq!(themes[1]["skos:broader"]["@id"], themes[0]["@id"]);
    assert!(tops.contains(&serde_json::json!({ "@id": themes[0]["@id"] })));
}

#[tokio::test]
async fn the_search_page_reads_the_url_and_refuses_garbage_in_the_residents_language() {
    let app = TestApp::empty().await;
    let page = app.get("/data").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("데이터셋 733개"));
    assert_eq!(page.body.matches(r#"data-testid="dataset-card""#).count(), 20);
    let parks = app.get(&format!("/data?q={}&theme=parks", enc("공원"))).await;
    assert!(parks.body.contains("도시공원 현황"));
    let bad = app.get("/data?theme=astrology").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("astrology"));
    let en = app.send(get_with("/data?page=0", ENGLISH)).await;
    assert_eq!(en.status, 400);
    assert!(en.body.contains("The page must be a whole number"));
}

#[tokio::test]
async fn a_dataset_page_shows_metadata_columns_a_preview_a_chart_and_downloads() {
    let app = TestApp::empty().await;
    let page = app.get("/data/5").await;
    assert_eq!(page.status, 200);
    for words in ["스마트정보과", "공공누리 제1유형", "공유기 수", "미리 보기", "/api/v1/datasets/5/rows?format=csv", "GET /api/v1/datasets/5/rows?format=json"] {
        assert!(page.body.contains(words), "{words}");
    }
    assert!(page.body.contains(r#"data-testid="dataset-chart""#));
    let en = app.send(get_with("/data/5", ENGLISH)).await;
    assert!(en.body.contains("Public Wi-Fi sites, Gwangjin-gu (2025)"));
    assert!(en.body.contains("Smart Information Division"));
    for missing in ["/data/0", "/data/734", "/data/abc", "/data/%3Cscript%3E"] {
        assert_eq!(app.get(missing).await.status, 404, "{missing}");
    }
    let live = app.get("/data/2").await;
    assert!(live.body.contains("/api/v1/kids-cafe/sessions"));
    // a live layer previews its API's items of now: the cars with their plates, the sensors
    let cars = app.get("/data/3").await;
    assert!(cars.body.contains("12무 3456") && cars.body.contains(r#"data-testid="preview""#), "the first car previewed");
    assert!(cars.body.contains("지금의 처음 "));
    assert!(cars.body.contains("주행 가능 거리 비교"), "the chart compares the cars' range, not their numbers");
    let air = app.get("/data/4").await;
    let preview = air.body.split(r#"data-testid="preview""#).nth(1).expect("a preview table");
    let rows = preview.split("<tbody").nth(1).unwrap().split("</tbody>").next().unwrap();
    assert_eq!(rows.matches("<tr").count(), 10, "ten sensors");
}

#[tokio::test]
async fn the_server_functions_take_only_a_query_and_a_dataset_number() {
    let app = TestApp::empty().await;
    let ok = app.call("/api/search_datasets", &format!("query={}", enc("?theme=air")), "").await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    for (path, body) in [
        ("/api/search_datasets", "query=page%3D0"),
        ("/api/search_datasets", "query=theme%3Dnothing"),
        ("/api/search_datasets", ""),
        ("/api/dataset_details", "id=abc"),
        ("/api/dataset_details", "id=0"),
        ("/api/dataset_details", &format!("id={}", "9".repeat(500))),
    ] {
        let reply = app.call(path, body, "").await;
        assert_eq!(reply.status, 400, "{path} {body}: {}", reply.body);
    }
    let none = app.call("/api/dataset_details", "id=700", "").await;
    assert_eq!(none.status, 200);
    let raw = app.send(Request::post("/api/dataset_details").header("content-type", "application/json").body(Body::from("{\"id\":5}")).unwrap()).await;
    assert!(raw.status.is_client_error() || raw.status == 200, "{}", raw.status);
}
