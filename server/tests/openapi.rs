//! The published OpenAPI document (`/api/v1/openapi.json`) against the API's real answers: every
//! answer a client can get validates against the schema the document declares for its path and
//! status, and those schemas are strict enough that a missing, extra or mistyped field fails.

mod helpers;
use axum::body::Body;
use axum::http::Request;
use domain::courses::FacetKind;
use helpers::{enc, TestApp};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The document's paths and the statuses it declares for them, each answered by `requests()`.
const DECLARED: &[(&str, u16)] = &[
    ("/api/v1/courses", 200),
    ("/api/v1/courses", 304),
    ("/api/v1/courses", 400),
    ("/api/v1/courses/{id}", 200),
    ("/api/v1/courses/{id}", 304),
    ("/api/v1/courses/{id}", 404),
    ("/api/v1/kids-cafe/branches", 200),
    ("/api/v1/kids-cafe/sessions", 200),
    ("/api/v1/kids-cafe/sessions", 400),
    ("/api/v1/bikes", 200),
    ("/api/v1/bikes", 400),
    ("/api/v1/air/sensors", 200),
    ("/api/v1/air/sensors", 400),
    ("/api/v1/air/sensors/{id}", 200),
    ("/api/v1/air/sensors/{id}", 400),
    ("/api/v1/air/sensors/{id}", 404),
    ("/api/v1/air/sensors/{id}/readings", 200),
    ("/api/v1/air/sensors/{id}/readings", 400),
    ("/api/v1/air/sensors/{id}/readings", 404),
    ("/api/v1/air/stream", 200),
    ("/api/v1/air/stream", 400),
    ("/api/v1/air/stream", 404),
    ("/api/v1/cars", 200),
    ("/api/v1/cars", 400),
    ("/api/v1/cars/{id}/availability", 200),
    ("/api/v1/cars/{id}/availability", 400),
    ("/api/v1/cars/{id}/availability", 404),
    ("/api/v1/parking", 200),
    ("/api/v1/parking", 400),
    ("/api/v1/programmes", 200),
    ("/api/v1/programmes", 400),
    ("/api/v1/programmes/sme-loan/schedule", 200),
    ("/api/v1/programmes/sme-loan/schedule", 400),
    ("/api/v1/programmes/sme-loan/eligibility", 200),
    ("/api/v1/programmes/sme-loan/eligibility", 400),
    ("/api/v1/programmes/veterans-allowance/annual", 200),
    ("/api/v1/programmes/veterans-allowance/annual", 400),
    ("/api/v1/datasets", 200),
    ("/api/v1/datasets", 400),
    ("/api/v1/datasets/{id}", 200),
    ("/api/v1/datasets/{id}", 404),
    ("/api/v1/datasets/{id}/rows", 200),
    ("/api/v1/datasets/{id}/rows", 307),
    ("/api/v1/datasets/{id}/rows", 400),
    ("/api/v1/datasets/{id}/rows", 404),
    ("/api/v1/catalog.jsonld", 200),
    ("/api/v1/crowd", 200),
    ("/api/v1/crowd", 400),
    ("/api/v1/crowd/{id}", 200),
    ("/api/v1/crowd/{id}", 400),
    ("/api/v1/crowd/{id}", 404),
];

/// Declared answers that are no JSON to collect: the live stream never ends, so its head is
/// checked (`the_streamed_answers_come_with_the_documented_head`); the catalogue is JSON-LD, checked
/// in `datasets.rs`.
const STREAMED: &[(&str, u16)] = &[("/api/v1/air/stream", 200), ("/api/v1/catalog.jsonld", 200)];

/// Declared refusals of a full server, sent where the limit is tested: one address holding its
/// sixteen live streams (429) and every stream place taken (503), both in `abuse_machines.rs`.
const LIMITED: &[(&str, u16)] = &[("/api/v1/air/stream", 429), ("/api/v1/air/stream", 503)];

/// Declared redirects: (address, the document's path for it, status), checked for their
/// `Location` in `the_redirects_say_where_to`.
const REDIRECTS: &[(&str, &str, u16)] = &[("/api/v1/datasets/4/rows", "/api/v1/datasets/{id}/rows", 307)];

/// The one write of the public API, an agency's push (`POST`), and the answers it declares: each is
/// sent and checked in `agencies.rs`.
const PUSH: &str = "/api/v1/services/{id}/records";
const PUSHED: &[u16] = &[201, 400, 401, 403, 404, 408, 409, 413, 429, 503];

/// Real requests: (address, the document's path for it, the status it must get). A 304 is asked
/// by sending back the ETag of the address's first answer.
fn requests() -> Vec<(String, &'static str, u16)> {
    let search = "/api/v1/courses";
    let course = "/api/v1/courses/{id}";
    let air_sensor = "/api/v1/air/sensors/{id}";
    let readings = "/api/v1/air/sensors/{id}/readings";
    let availability = "/api/v1/cars/{id}/availability";
    vec![
        ("/api/v1/courses".into(), search, 200),
        (format!("/api/v1/courses?q={}&subject=arts", enc("미술")), search, 200),
        ("/api/v1/courses?per_page=100&page=3".into(), search, 200),
        (format!("/api/v1/courses?q={}", enc("세밀화")), search, 200),
        ("/api/v1/courses?status=soon&sort=newest&per_page=100".into(), search, 200),
        ("/api/v1/courses?language=ko-en,en&format=live&sort=shortest".into(), search, 200),
        (format!("/api/v1/courses?q={}&subject=arts", enc("미술")), search, 304),
        ("/api/v1/courses/7".into(), course, 200),
        ("/api/v1/courses/7".into(), course, 304),
        ("/api/v1/courses/99999999".into(), course, 404),
        ("/api/v1/courses/abc".into(), course, 404),
        ("/api/v1/courses?page=0".into(), search, 400),
        ("/api/v1/courses?subject=astrology".into(), search, 400),
        ("/api/v1/kids-cafe/branches".into(), "/api/v1/kids-cafe/branches", 200),
        ("/api/v1/kids-cafe/sessions?branch=junggok&date=2026-11-28".into(), "/api/v1/kids-cafe/sessions", 200),
        ("/api/v1/kids-cafe/sessions?branch=jayang".into(), "/api/v1/kids-cafe/sessions", 200),
        ("/api/v1/kids-cafe/sessions?branch=junggok&date=2026-02-30".into(), "/api/v1/kids-cafe/sessions", 400),
        (format!("/api/v1/kids-cafe/sessions?branch={}", enc("<script>")), "/api/v1/kids-cafe/sessions", 400),
        ("/api/v1/bikes".into(), "/api/v1/bikes", 200),
        ("/api/v1/bikes?dock=1".into(), "/api/v1/bikes", 400),
        ("/api/v1/air/sensors".into(), "/api/v1/air/sensors", 200),
        ("/api/v1/air/sensors?page=2".into(), "/api/v1/air/sensors", 400),
        ("/api/v1/air/sensors/TS-001".into(), air_sensor, 200),
        ("/api/v1/air/sensors/TS-002".into(), air_sensor, 200),
        ("/api/v1/air/sensors/TS-001?x=1".into(), air_sensor, 400),
        ("/api/v1/air/sensors/TS-999".into(), air_sensor, 404),
        ("/api/v1/air/sensors/TS-001/readings".into(), readings, 200),
        ("/api/v1/air/sensors/TS-001/readings?resolution=raw&measure=pm10,no2".into(), readings, 200),
        ("/api/v1/air/sensors/TS-001/readings?resolution=day&from=2026-11-01".into(), readings, 200),
        ("/api/v1/air/sensors/TS-001/readings?measure=pm2.5".into(), readings, 400),
        ("/api/v1/air/sensors/TS-001/readings?from=2026-11-22&to=2026-11-21".into(), readings, 400),
        ("/api/v1/air/sensors/TS-999/readings".into(), readings, 404),
        ("/api/v1/air/stream?sensor=DB1".into(), "/api/v1/air/stream", 400),
        ("/api/v1/air/stream?sensor=TS-999".into(), "/api/v1/air/stream", 404),
        ("/api/v1/cars".into(), "/api/v1/cars", 200),
        ("/api/v1/cars?sort=range".into(), "/api/v1/cars", 400),
        ("/api/v1/cars/1/availability".into(), availability, 200),
        ("/api/v1/cars/3/availability?from=2026-11-28&to=2026-11-29".into(), availability, 200),
        (format!("/api/v1/cars/8/availability?from={}", enc("2026-11-24T19:00:00+09:00")), availability, 200),
        ("/api/v1/cars/1/availability?from=2026-11-25&to=2026-11-24".into(), availability, 400),
        ("/api/v1/cars/1/availability?from=2026-11-24&to=2026-12-31".into(), availability, 400),
        ("/api/v1/cars/99/availability".into(), availability, 404),
        ("/api/v1/cars/ioniq/availability".into(), availability, 404),
        ("/api/v1/parking".into(), "/api/v1/parking", 200),
        ("/api/v1/parking?page=1".into(), "/api/v1/parking", 400),
        ("/api/v1/programmes".into(), "/api/v1/programmes", 200),
        ("/api/v1/programmes?all=1".into(), "/api/v1/programmes", 400),
        ("/api/v1/programmes/sme-loan/schedule?amount=100000000&collateral=real-estate&year=2026".into(), "/api/v1/programmes/sme-loan/schedule", 200),
        (format!("/api/v1/programmes/sme-loan/schedule?amount={}&collateral=guarantee&start=2026-12-15", enc("50,000,000")), "/api/v1/programmes/sme-loan/schedule", 200),
        ("/api/v1/programmes/sme-loan/schedule?amount=60000000&collateral=guarantee".into(), "/api/v1/programmes/sme-loan/schedule", 400),
        ("/api/v1/programmes/sme-loan/eligibility?industry=bars&amount=10000000&collateral=guarantee".into(), "/api/v1/programmes/sme-loan/eligibility", 200),
        ("/api/v1/programmes/sme-loan/eligibility?industry=it&amount=90000000&collateral=real-estate&evaluated=100000000&year=2023".into(), "/api/v1/programmes/sme-loan/eligibility", 200),
        ("/api/v1/programmes/sme-loan/eligibility?industry=casino&amount=1&collateral=guarantee".into(), "/api/v1/programmes/sme-loan/eligibility", 400),
        ("/api/v1/programmes/veterans-allowance/annual?year=2026&from_month=3".into(), "/api/v1/programmes/veterans-allowance/annual", 200),
        ("/api/v1/programmes/veterans-allowance/annual?year=1999".into(), "/api/v1/programmes/veterans-allowance/annual", 400),
        ("/api/v1/datasets".into(), "/api/v1/datasets", 200),
        (format!("/api/v1/datasets?q={}&theme=environment&per_page=100", enc("대기")), "/api/v1/datasets", 200),
        ("/api/v1/datasets?frequency=realtime".into(), "/api/v1/datasets", 200),
        ("/api/v1/datasets?theme=astrology".into(), "/api/v1/datasets", 400),
        ("/api/v1/datasets/5".into(), "/api/v1/datasets/{id}", 200),
        ("/api/v1/datasets/1".into(), "/api/v1/datasets/{id}", 200),
        ("/api/v1/datasets/9999".into(), "/api/v1/datasets/{id}", 404),
        ("/api/v1/datasets/5/rows?format=json".into(), "/api/v1/datasets/{id}/rows", 200),
        ("/api/v1/datasets/5/rows?format=xlsx".into(), "/api/v1/datasets/{id}/rows", 400),
        ("/api/v1/datasets/9999/rows".into(), "/api/v1/datasets/{id}/rows", 404),
        ("/api/v1/datasets/4/rows?format=csv".into(), "/api/v1/datasets/{id}/rows", 404),
        ("/api/v1/crowd".into(), "/api/v1/crowd", 200),
        ("/api/v1/crowd?format=csv".into(), "/api/v1/crowd", 400),
        ("/api/v1/crowd/seoul-forest-park".into(), "/api/v1/crowd/{id}", 200),
        ("/api/v1/crowd/seoul-forest-park?hours=3".into(), "/api/v1/crowd/{id}", 400),
        ("/api/v1/crowd/nowhere".into(), "/api/v1/crowd/{id}", 404),
    ]
}

/// Air rows as the write path stores them: TS-001 online with a grade (hourly averages), latest
/// values (one stuck), raw readings (one flagged), hour counts and a day; TS-002 never reported.
async fn air_rows(app: &TestApp) {
    let now = helpers::test_now().instant().unix_timestamp();
    let hour = now - now.rem_euclid(3600);
    let mut sql = String::from(
        "INSERT INTO air_sensors (id, name_ko, name_en, lat, lon, model, installed, last_reading_at) VALUES \
         ('TS-001', '시험 1', 'Test 1', 37.66, 127.04, 'AQ-20', '2026-03-01', {now}), \
         ('TS-002', '시험 2', 'Test 2', 37.67, 127.05, 'AQ-20', '2026-03-01', NULL);",
    )
    .replace("{now}", &(now - 60).to_string());
    for k in 0..12 {
        let bucket = hour - k * 3600;
        sql += &format!(
            "INSERT INTO air_hourly VALUES ('TS-001', 0, {bucket}, 60, 2400, 20, 60), ('TS-001', 1, {bucket}, 60, 900, 5, 25), \
             ('TS-001', 3, {bucket}, 60, 1.8, 0.01, 0.05), ('TS-001', 4, {bucket}, 60, 1.2, 0.01, 0.03); \
             INSERT INTO air_hour_counts VALUES ('TS-001', {bucket}, 60);"
        );
    }
    sql += &format!(
        "INSERT INTO air_latest VALUES ('TS-001', 0, {t}, 41, 1, 0), ('TS-001', 1, {t}, 15, 30, 0), ('TS-001', 12, {t}, 4.5, 1, 0); \
         INSERT INTO air_readings (at, sensor, v_pm10, v_no2, invalid) VALUES ({t}, 'TS-001', 41, 0.03, 0), ({u}, 'TS-001', 3000, NULL, 1); \
         INSERT INTO air_daily VALUES ('TS-001', 0, {d}, 1440, 57600, 10, 70);",
        t = now - 60,
        u = now - 120,
        d = hour - 10 * 3600,
    );
    sqlx::raw_sql(&sql).execute(&app.pool).await.unwrap();
    app.state.air.data.invalidate();
}

/// The document as the router serves it.
async fn document(app: &TestApp) -> Value {
    let reply = app.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, 200);
    reply.json()
}

/// A validator for the JSON answer the document declares to `GET path` with `status`. The schema is
/// put beside the document's `components`, so its `#/components/...` references resolve.
fn declared(doc: &Value, path: &str, status: u16) -> jsonschema::Validator {
    let escaped = path.replace('~', "~0").replace('/', "~1");
    let pointer = format!("/paths/{escaped}/get/responses/{status}/content/application~1json/schema");
    let schema =
        doc.pointer(&pointer).unwrap_or_else(|| panic!("the document declares no JSON answer to GET {path} {status}"));
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema],
    });
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the schema for GET {path} {status} is not a schema: {e}"))
}

/// Why `body` does not validate, one short line per problem (an error quotes the whole value).
fn problems(validator: &jsonschema::Validator, body: &Value) -> Vec<String> {
    validator
        .iter_errors(body)
        .map(|e| {
            let message: String = e.to_string().chars().take(200).collect();
            format!("at {:?}: {message}", e.instance_path().to_string())
        })
        .collect()
}

/// Asks `uri` again with the ETag of its answer: 304 with no body, as the document says.
async fn revalidates_with_no_body(app: &TestApp, doc: &Value, uri: &str, path: &str) {
    let etag = app.get(uri).await.headers["etag"].clone();
    let again = Request::get(uri).header("host", "localhost").header("if-none-match", etag);
    let reply = app.send(again.body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status.as_u16(), 304, "GET {uri} with its ETag");
    assert!(reply.body.is_empty(), "GET {uri} with its ETag: {}", reply.body);
    let escaped = path.replace('/', "~1");
    assert!(doc.pointer(&format!("/paths/{escaped}/get/responses/304/content")).is_none(), "{path} 304 has a body");
}

#[tokio::test]
async fn every_answer_of_the_api_validates_against_the_schema_the_document_declares() {
    let app = TestApp::seeded().await;
    air_rows(&app).await;
    let doc = document(&app).await;
    let mut failures = Vec::new();
    for (uri, path, status) in requests() {
        if status == 304 {
            revalidates_with_no_body(&app, &doc, &uri, path).await;
            continue;
        }
        let reply = app.get(&uri).await;
        assert_eq!(reply.status.as_u16(), status, "GET {uri}: {}", reply.body.chars().take(300).collect::<String>());
        let content_type = reply.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(content_type.starts_with("application/json"), "GET {uri}: {content_type}");
        for problem in problems(&declared(&doc, path, status), &reply.json()) {
            failures.push(format!("GET {uri} ({status}) {problem}"));
        }
    }
    assert!(failures.is_empty(), "answers the document does not describe:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn the_requests_checked_cover_every_answer_the_document_declares() {
    let app = TestApp::empty().await;
    let doc = document(&app).await;
    let mut in_document = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(method == "get" || (method == "post" && path == PUSH), "{path}: the public API only reads, but for agencies' pushes");
            for status in operation["responses"].as_object().unwrap().keys() {
                in_document.insert((path.clone(), status.parse::<u16>().unwrap()));
            }
        }
    }
    let streamed = STREAMED
        .iter()
        .map(|(p, s)| (p.to_string(), *s))
        .chain(REDIRECTS.iter().map(|(_, p, s)| (p.to_string(), *s)))
        .chain(PUSHED.iter().map(|s| (PUSH.to_string(), *s)))
        .chain(LIMITED.iter().map(|(p, s)| (p.to_string(), *s)));
    let checked: BTreeSet<(String, u16)> = requests().into_iter().map(|(_, p, s)| (p.to_string(), s)).chain(streamed).collect();
    let declared: BTreeSet<(String, u16)> = DECLARED
        .iter()
        .chain(LIMITED)
        .map(|(p, s)| (p.to_string(), *s))
        .chain(PUSHED.iter().map(|s| (PUSH.to_string(), *s)))
        .collect();
    assert_eq!(in_document, declared);
    assert_eq!(checked, declared);
}

#[tokio::test]
async fn the_schemas_refuse_missing_extra_and_mistyped_fields() {
    let app = TestApp::seeded().await;
    let doc = document(&app).await;
    let course_schema = declared(&doc, "/api/v1/courses/{id}", 200);
    let page_schema = declared(&doc, "/api/v1/courses", 200);
    let error_schema = declared(&doc, "/api/v1/courses/{id}", 404);
    let course = app.get("/api/v1/courses/7").await.json();
    let page = app.get("/api/v1/courses?per_page=3").await.json();
    let error = app.get("/api/v1/courses/99999999").await.json();
    assert!(course_schema.is_valid(&course) && page_schema.is_valid(&page) && error_schema.is_valid(&error));

    let changed = |value: &Value, change: &dyn Fn(&mut Value)| {
        let mut v = value.clone();
        change(&mut v);
        v
    };
    let refused_courses = [
        changed(&course, &|c| c["colour"] = json!("red")),
        changed(&course, &|c| drop(c.as_object_mut().unwrap().remove("title_ko"))),
        changed(&course, &|c| drop(c.as_object_mut().unwrap().remove("title_en"))),
        changed(&course, &|c| c["hours"] = json!("12")),
        changed(&course, &|c| c["hours"] = json!(0)),
        changed(&course, &|c| c["id"] = json!(0)),
        changed(&course, &|c| c["subject"] = json!("astrology")),
        changed(&course, &|c| c["added_on"] = json!("2026-13-01")),
        changed(&course, &|c| c["url"] = json!("javascript:alert(1)")),
        changed(&course, &|c| c["keywords"] = json!([1, 2])),
    ];
    let passed: Vec<usize> = (0..refused_courses.len()).filter(|&i| course_schema.is_valid(&refused_courses[i])).collect();
    assert!(passed.is_empty(), "changed courses the schema accepts: {passed:?}");
    let refused_pages = [
        changed(&page, &|p| p["next"] = json!(2)),
        changed(&page, &|p| drop(p.as_object_mut().unwrap().remove("facets"))),
        changed(&page, &|p| p["facets"]["colour"] = json!([])),
        changed(&page, &|p| drop(p["facets"].as_object_mut().unwrap().remove("subject"))),
        changed(&page, &|p| p["facets"]["subject"][0]["value"] = json!("astrology")),
        changed(&page, &|p| p["facets"]["subject"][0]["count"] = json!(-1)),
        changed(&page, &|p| p["facets"]["subject"][0]["extra"] = json!(1)),
        changed(&page, &|p| p["items"][0]["colour"] = json!("red")),
        changed(&page, &|p| p["page"] = json!(0)),
        changed(&page, &|p| p["total"] = json!("many")),
    ];
    let passed: Vec<usize> = (0..refused_pages.len()).filter(|&i| page_schema.is_valid(&refused_pages[i])).collect();
    assert!(passed.is_empty(), "changed pages the schema accepts: {passed:?}");
    assert!(!error_schema.is_valid(&changed(&error, &|e| e["stack"] = json!("…"))));
    assert!(!error_schema.is_valid(&changed(&error, &|e| drop(e.as_object_mut().unwrap().remove("message_ko")))));
}

#[tokio::test]
async fn the_redirects_say_where_to() {
    let app = TestApp::empty().await;
    let doc = document(&app).await;
    for (uri, path, status) in REDIRECTS {
        let reply = app.get(uri).await;
        assert_eq!(reply.status.as_u16(), *status, "{uri}");
        assert!(reply.headers["location"].to_str().unwrap().starts_with("/api/v1/"), "{uri}");
        let escaped = path.replace('/', "~1");
        assert!(doc.pointer(&format!("/paths/{escaped}/get/responses/{status}/headers/Location")).is_some(), "{path}: Location declared");
    }
}

#[tokio::test]
async fn the_streamed_answers_come_with_the_documented_head() {
    use tower::ServiceExt;
    let app = TestApp::empty().await;
    air_rows(&app).await;
    let doc = document(&app).await;
    for (path, status) in STREAMED {
        let request = Request::get(*path).header("host", "localhost").body(Body::empty()).unwrap();
        // the head only: the body goes on for as long as the client listens
        let response = app.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status().as_u16(), *status);
        let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
        let escaped = path.replace('/', "~1");
        let declared = doc.pointer(&format!("/paths/{escaped}/get/responses/{status}/content")).unwrap();
        assert!(declared.get(content_type.as_str()).is_some(), "{path}: {content_type} not in {declared}");
        if *path == "/api/v1/air/stream" {
            assert_eq!(response.headers()["cache-control"], "no-store", "a live stream is never kept");
        }
    }
}

/// The events of the live air stream, each `data:` against the schema `x-events` names for it: the
/// current state of a sensor with a grade and a flag (TS-001), one that never reported (TS-002),
/// the demo sensors the server registers on an empty registry, and the district.
#[tokio::test]
async fn the_streams_events_validate_against_the_schemas_the_document_names_for_them() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let app = TestApp::empty().await;
    air_rows(&app).await;
    let doc = document(&app).await;
    let events = doc.pointer("/paths/~1api~1v1~1air~1stream/get/x-events").expect("the stream's events are declared");
    let request = Request::get("/api/v1/air/stream").header("host", "localhost").body(Body::empty()).unwrap();
    let mut body = app.router.clone().oneshot(request).await.unwrap().into_body();
    // the current state ends with the district's event; the stream itself never ends
    let mut text = String::new();
    while !text.contains("event: district\n") || !text.ends_with("\n\n") {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame()).await.expect("the current state in time");
        let frame = frame.expect("the stream goes on").unwrap();
        if let Some(data) = frame.data_ref() {
            text.push_str(std::str::from_utf8(data).unwrap());
        }
    }
    let mut seen = BTreeSet::new();
    for block in text.split("\n\n").filter(|b| b.starts_with("event: ")) {
        let name = block.lines().next().unwrap().trim_start_matches("event: ");
        let data: Value = serde_json::from_str(block.lines().find_map(|l| l.strip_prefix("data: ")).unwrap()).unwrap();
        let schema = events.get(name).unwrap_or_else(|| panic!("an undeclared event: {name}"));
        let root = json!({ "$schema": "https://json-schema.org/draft/2020-12/schema", "components": doc["components"], "allOf": [schema] });
        let validator = jsonschema::draft202012::options().should_validate_formats(true).build(&root).unwrap();
        let wrong = problems(&validator, &data);
        assert!(wrong.is_empty(), "event: {name} {data}: {wrong:#?}");
        seen.insert(data.get("id").and_then(Value::as_str).unwrap_or(name).to_string());
    }
    for id in ["TS-001", "TS-002", "district"] {
        assert!(seen.contains(id), "{id} in the current state: {seen:?}");
    }
}

/// What the outside fuzzer (scripts/fuzz-api.sh) found: a blank value where the document allows any
/// text is the default; a blank where it names a vocabulary is no word of it, and is refused.
#[tokio::test]
async fn blank_values_are_defaults_where_the_document_allows_text_and_refused_where_it_names_words() {
    let app = TestApp::empty().await;
    air_rows(&app).await;
    // and a blank list of the datasets' comma-separated facets is an empty list: no filter
    for uri in ["/api/v1/cars/1/availability?from=&to=", "/api/v1/air/sensors/TS-001/readings?from=&to=", "/api/v1/datasets?frequency=&theme="] {
        assert_eq!(app.get(uri).await.status, 200, "{uri}");
    }
    for uri in [
        "/api/v1/courses?subject=&status=",
        "/api/v1/courses?sort=",
        "/api/v1/datasets?sort=",
        "/api/v1/kids-cafe/sessions?branch=junggok&date=",
        "/api/v1/datasets/5/rows?format=",
        "/api/v1/programmes/veterans-allowance/annual?from_month=",
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, 400, "{uri}");
        assert!(reply.json()["error"].as_str().unwrap().contains("is blank"), "{uri}: {}", reply.body);
        assert!(reply.json()["message_ko"].as_str().unwrap().contains("비어 있습니다"), "{uri}");
    }
}

#[tokio::test]
async fn the_air_schemas_refuse_missing_extra_and_mistyped_fields() {
    let app = TestApp::empty().await;
    air_rows(&app).await;
    let doc = document(&app).await;
    let list_schema = declared(&doc, "/api/v1/air/sensors", 200);
    let readings_schema = declared(&doc, "/api/v1/air/sensors/{id}/readings", 200);
    let list = app.get("/api/v1/air/sensors").await.json();
    let raw = app.get("/api/v1/air/sensors/TS-001/readings?resolution=raw").await.json();
    let hourly = app.get("/api/v1/air/sensors/TS-001/readings").await.json();
    assert!(list_schema.is_valid(&list) && readings_schema.is_valid(&raw) && readings_schema.is_valid(&hourly));
    // our test sensor, among the demo district's 80
    let i = list["sensors"].as_array().unwrap().iter().position(|s| s["id"] == "TS-001").expect("TS-001 listed");
    // the real answers carry the fields the document names, with values: not a vacuous check
    assert_eq!((&list["sensors"][i]["grade"], &list["sensors"][i]["cai"]), (&json!("moderate"), &json!(60)), "{list}");
    assert_eq!(list["sensors"][i]["flagged"], json!(["pm25"]));
    assert_eq!(raw["readings"][0]["invalid"], json!(["pm10"]));
    assert_eq!(hourly["series"][0]["points"][0]["completeness"], 1.0);
    let changed = |value: &Value, change: &dyn Fn(&mut Value)| {
        let mut v = value.clone();
        change(&mut v);
        v
    };
    let refused_lists = [
        changed(&list, &|l| l["sensors"][i]["colour"] = json!("red")),
        changed(&list, &|l| drop(l["sensors"][i].as_object_mut().unwrap().remove("grade"))),
        changed(&list, &|l| l["sensors"][i]["grade"] = json!("great")),
        changed(&list, &|l| l["sensors"][i]["cai"] = json!(501)),
        changed(&list, &|l| l["sensors"][i]["decided_by"] = json!("temperature")),
        changed(&list, &|l| l["sensors"][i]["flagged"] = json!(["pm2.5"])),
        changed(&list, &|l| l["sensors"][i]["id"] = json!("db-1")),
        changed(&list, &|l| l["sensors"][i]["last_reading"] = json!("2026-11-23T01:00:00Z")),
        changed(&list, &|l| drop(l.as_object_mut().unwrap().remove("district"))),
    ];
    let passed: Vec<usize> = (0..refused_lists.len()).filter(|&i| list_schema.is_valid(&refused_lists[i])).collect();
    assert!(passed.is_empty(), "changed sensor lists the schema accepts: {passed:?}");
    let refused_history = [
        changed(&raw, &|r| r["readings"][0]["values"]["pm2.5"] = json!(1)),
        changed(&raw, &|r| drop(r.as_object_mut().unwrap().remove("next_from"))),
        changed(&raw, &|r| r["resolution"] = json!("minute")),
        changed(&hourly, &|h| h["series"][0]["points"][0]["n"] = json!(0)),
        changed(&hourly, &|h| h["series"][0]["points"][0]["completeness"] = json!(1.5)),
        changed(&hourly, &|h| h["series"][0]["extra"] = json!(1)),
    ];
    let passed: Vec<usize> = (0..refused_history.len()).filter(|&i| readings_schema.is_valid(&refused_history[i])).collect();
    assert!(passed.is_empty(), "changed histories the schema accepts: {passed:?}");
}

#[tokio::test]
async fn the_car_share_schemas_refuse_missing_extra_and_mistyped_fields() {
    use domain::carshare::{CarShare, Licence, LicenceForm, ResourceKind, TripRequest, TripWindow};
    let app = TestApp::empty().await;
    let doc = document(&app).await;
    // a resident's trip on car 8 (the demo's official trips are on cars 1–3)
    let cookie = app.sign_up("driver@example.com", "운전자").await;
    assert!(!cookie.is_empty());
    let account: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = 'driver@example.com'").fetch_one(&app.pool).await.unwrap();
    let account = domain::accounts::AccountId(account);
    let store = app.state.carshare.store.clone();
    let form = LicenceForm { number: "11-15-123456-78".into(), issued_on: "2015-03-02".into(), expires_on: "2030-12-31".into(), birth_date: "1990-05-05".into() };
    let (licence, digits) = Licence::verify(&form, helpers::test_now().date()).unwrap();
    store.save_licence(account, licence, digits, helpers::test_now()).await.unwrap();
    let window = TripWindow::from_form("2026-11-24T19:00", "2026-11-24T21:00", &ResourceKind::Car.rules(), helpers::test_now()).unwrap();
    let key = domain::seats::IdempotencyKey::parse("openapi-trip-1").unwrap();
    store.book(TripRequest { account, kind: ResourceKind::Car, resource: 8, window, key }, helpers::test_now()).await.unwrap();

    let cars_schema = declared(&doc, "/api/v1/cars", 200);
    let availability_schema = declared(&doc, "/api/v1/cars/{id}/availability", 200);
    let parking_schema = declared(&doc, "/api/v1/parking", 200);
    let cars = app.get("/api/v1/cars").await.json();
    let availability = app.get("/api/v1/cars/8/availability?from=2026-11-24&to=2026-11-24").await.json();
    let parking = app.get("/api/v1/parking").await.json();
    assert!(cars_schema.is_valid(&cars) && availability_schema.is_valid(&availability) && parking_schema.is_valid(&parking));
    // the real answers carry what the document names: not a vacuous check
    assert_eq!(availability["uses"][1], json!({ "kind": "resident", "start": "2026-11-24T19:00:00+09:00", "end": "2026-11-24T21:00:00+09:00" }));
    assert_eq!(cars["cars"][7]["next_free"].as_array().unwrap().len(), 3);
    let changed = |value: &Value, change: &dyn Fn(&mut Value)| {
        let mut v = value.clone();
        change(&mut v);
        v
    };
    let refused_cars = [
        changed(&cars, &|c| c["cars"][0]["colour"] = json!("white")),
        changed(&cars, &|c| drop(c["cars"][0].as_object_mut().unwrap().remove("plate"))),
        changed(&cars, &|c| c["cars"][0]["range_km"] = json!("458")),
        changed(&cars, &|c| c["cars"][0]["id"] = json!(0)),
        changed(&cars, &|c| c["cars"][0]["next_free"][0]["start"] = json!("2026-11-23T09:30:00Z")),
        changed(&cars, &|c| c["cars"][0]["next_free"] = json!([{ "start": "2026-11-23T18:30:00+09:00" }])),
    ];
    let passed: Vec<usize> = (0..refused_cars.len()).filter(|&i| cars_schema.is_valid(&refused_cars[i])).collect();
    assert!(passed.is_empty(), "changed car lists the schema accepts: {passed:?}");
    let refused_availability = [
        changed(&availability, &|a| a["uses"][1]["reference"] = json!("V-2222-2222")),
        changed(&availability, &|a| a["uses"][1]["account"] = json!(1)),
        changed(&availability, &|a| a["uses"][1]["kind"] = json!("booking")),
        changed(&availability, &|a| drop(a.as_object_mut().unwrap().remove("free"))),
        changed(&availability, &|a| a["car"]["next_free"] = json!([])),
        changed(&availability, &|a| a["from"] = json!("2026-11-24")),
    ];
    let passed: Vec<usize> = (0..refused_availability.len()).filter(|&i| availability_schema.is_valid(&refused_availability[i])).collect();
    assert!(passed.is_empty(), "changed availabilities the schema accepts: {passed:?}");
    let refused_parking = [
        changed(&parking, &|p| p["spaces"][0]["range_km"] = json!(1)),
        changed(&parking, &|p| drop(p["spaces"][0].as_object_mut().unwrap().remove("label"))),
        changed(&parking, &|p| p["cars"] = json!([])),
    ];
    let passed: Vec<usize> = (0..refused_parking.len()).filter(|&i| parking_schema.is_valid(&refused_parking[i])).collect();
    assert!(passed.is_empty(), "changed parking lists the schema accepts: {passed:?}");
}

/// `schema` itself, or what its `$ref` (within the document) points at.
fn resolved<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => resolved(doc, doc.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {pointer}"))),
        None => schema,
    }
}

fn enum_of(doc: &Value, schema: &Value) -> Vec<String> {
    let values = resolved(doc, schema)["enum"].as_array().unwrap_or_else(|| panic!("no enum in {schema}"));
    values.iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn the_documents_vocabularies_are_the_domains() {
    let app = TestApp::empty().await;
    let doc = document(&app).await;
    let parameters = doc["paths"]["/api/v1/courses"]["get"]["parameters"].as_array().unwrap();
    let course = resolved(&doc, &doc["components"]["schemas"]["Course"]);
    for kind in FacetKind::ALL {
        let slugs: Vec<String> = kind.slugs().into_iter().map(String::from).collect();
        let parameter =
            parameters.iter().find(|p| p["name"] == kind.param()).unwrap_or_else(|| panic!("no {}", kind.param()));
        assert_eq!(enum_of(&doc, &parameter["schema"]["items"]), slugs, "parameter {}", kind.param());
        if kind != FacetKind::Length {
            assert_eq!(enum_of(&doc, &course["properties"][kind.param()]), slugs, "course property {}", kind.param());
        }
    }
}
