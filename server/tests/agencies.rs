//! The agency platform through the router: an agency account (granted as `dongne agencies grant`
//! does) registers a service whose dataset joins the catalogue, gets a key shown once, and pushes
//! records that land in that dataset; records that do not fit the schema, wrong and revoked keys,
//! another agency's service and huge batches are all a 4xx with nothing stored; agencies never
//! see or touch each other's services; the rate per key holds; racing pushes lose nothing.

mod helpers;
use axum::body::Body;
use axum::http::Request;
use domain::datasets::Publisher;
use helpers::{enc, post_form, reply_of, test_now, Reply, TestApp};
use serde_json::{json, Value};

const SCHEMA: &str = "crossing | text | 횡단보도\nmeasured_at | text | 측정 시각\nwaiting | integer | 대기 보행자 | 명\nlat | latitude | 위도\nlon | longitude | 경도";

async fn agency_account(app: &TestApp, who: &str, agency: Publisher) -> String {
    let email = format!("{who}@agency.example.kr");
    let cookie = app.sign_up(&email, who).await;
    assert!(server::agencies::store::grant(&app.pool, &email, agency, test_now()).await.unwrap());
    cookie
}

async fn register(app: &TestApp, cookie: &str, name: &str) -> Value {
    let body = format!("name={}&description={}&contact={}&theme=traffic-safety&schema={}", enc(name), enc("보행자 대기"), enc("ops@koroad.example.kr"), enc(SCHEMA));
    let reply = app.call("/api/register_service", &body, cookie).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

async fn issue_key(app: &TestApp, cookie: &str, service: u64) -> Reply {
    app.call("/api/issue_service_key", &format!("service={service}"), cookie).await
}

fn push_request(service: u64, key: &str, body: String) -> Request<Body> {
    Request::post(format!("/api/v1/services/{service}/records"))
        .header("host", "localhost")
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap()
}

fn record(i: usize) -> Value {
    json!({ "crossing": format!("CW-{i:02}"), "measured_at": "2026-11-23T10:00:00+09:00", "waiting": i, "lat": 37.5447, "lon": 127.0558 })
}

fn batch(n: usize) -> String {
    json!({ "records": (0..n).map(record).collect::<Vec<_>>() }).to_string()
}

async fn rows_of(app: &TestApp, dataset: u64) -> u64 {
    app.get(&format!("/api/v1/datasets/{dataset}")).await.json()["row_count"].as_u64().unwrap()
}

#[tokio::test]
async fn an_agency_registers_a_service_gets_a_key_once_and_its_records_land_in_the_catalogue() {
    let app = TestApp::empty().await;
    // the demo's own services make up the 733 with the written catalogue
    assert_eq!(app.get("/api/v1/datasets").await.json()["total"], 733);
    let cookie = agency_account(&app, "koroad", Publisher::Koroad).await;
    let service = register(&app, &cookie, "어린이보호구역 스마트 횡단보도").await;
    let (id, dataset) = (service["id"].as_u64().unwrap(), service["dataset"].as_str().unwrap().parse::<u64>().unwrap());
    assert_eq!(service["agency"], "koroad");
    let found = app.get(&format!("/api/v1/datasets?q={}", enc("어린이보호구역 스마트 횡단보도"))).await.json();
    assert_eq!(found["total"].as_u64().unwrap() >= 1, true);
    assert_eq!(found["items"][0]["id"].to_string().trim_matches('"'), dataset.to_string());
    assert_eq!(app.get("/api/v1/datasets").await.json()["total"], 734);

    let issued = issue_key(&app, &cookie, id).await;
    assert_eq!(issued.status, 200, "{}", issued.body);
    let key = issued.json()["key"].as_str().unwrap().to_string();
    assert!(key.starts_with("dongne_sk_"));
    // stored only as its hash; the desk lists its prefix
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_keys WHERE hash = ? OR prefix = ?").bind(&key).bind(&key).fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, 0);
    let desk = app.call("/api/agency_desk", "", &cookie).await.json();
    assert!(key.starts_with(desk["services"][0]["keys"][0]["prefix"].as_str().unwrap()));

    let pushed = app.send(push_request(id, &key, batch(100))).await;
    assert_eq!(pushed.status, 201, "{}", pushed.body);
    assert_eq!(pushed.json()["accepted"], 100);
    assert_eq!(rows_of(&app, dataset).await, 100);
    let rows = app.get(&format!("/api/v1/datasets/{dataset}/rows?format=json")).await.json();
    assert_eq!(rows["rows"].as_array().unwrap().len(), 100);
    assert_eq!(rows["rows"][7]["waiting"], 7);
    let geo = app.get(&format!("/api/v1/datasets/{dataset}/rows?format=geojson")).await.json();
    assert_eq!(geo["features"].as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn records_that_do_not_fit_and_bad_batches_are_refused_whole_with_nothing_stored() {
    let app = TestApp::empty().await;
    let cookie = agency_account(&app, "smart", Publisher::SmartInformation).await;
    let service = register(&app, &cookie, "시험 횡단보도").await;
    let (id, dataset) = (service["id"].as_u64().unwrap(), service["dataset"].as_str().unwrap().parse::<u64>().unwrap());
    let key = issue_key(&app, &cookie, id).await.json()["key"].as_str().unwrap().to_string();
    let mut unknown = record(1);
    unknown["colour"] = json!("red");
    let mut wrong = record(2);
    wrong["waiting"] = json!("many");
    let mut missing = record(3);
    missing.as_object_mut().unwrap().remove("lon");
    let mut swapped = record(4);
    swapped["lat"] = json!(127.05);
    let mut nested = record(5);
    nested["crossing"] = json!({"id": 1});
    for (bad, code, status) in [
        (json!({ "records": [record(0), unknown] }).to_string(), "bad_record", 400),
        (json!({ "records": [wrong] }).to_string(), "bad_record", 400),
        (json!({ "records": [missing] }).to_string(), "bad_record", 400),
        (json!({ "records": [swapped] }).to_string(), "bad_record", 400),
        (json!({ "records": [nested] }).to_string(), "bad_record", 400),
        (json!({ "records": [] }).to_string(), "empty", 400),
        ("{\"records\": [".to_string(), "malformed", 400),
        ("[1, 2, 3]".to_string(), "malformed", 400),
        (json!({ "records": [record(0)], "extra": true }).to_string(), "malformed", 400),
        (batch(501), "batch_too_large", 413),
        (format!("{{\"records\": [{}]}}", "\"x\",".repeat(400_000)), "too_large", 413),
    ] {
        let reply = app.send(push_request(id, &key, bad.clone())).await;
        assert_eq!(reply.status, status, "{}: {}", &bad[..bad.len().min(80)], reply.body);
        let body = reply.json();
        assert_eq!(body["error"], code, "{}", reply.body);
        assert!(!body["message"].as_str().unwrap().is_empty() && !body["message_en"].as_str().unwrap().is_empty());
    }
    let one = app.send(push_request(id, &key, json!({ "records": [record(0), unknown_free()] }).to_string())).await;
    assert_eq!(one.status, 201, "{}", one.body);
    assert_eq!(rows_of(&app, dataset).await, 2, "only the good batch was stored");
    let message = app.send(push_request(id, &key, json!({ "records": [record(0), { "crossing": "x" }] }).to_string())).await.json();
    assert_eq!(message["message"], "2번째 기록에 ‘measured_at’ 항목이 없습니다(값이 없으면 null로 보내 주세요).");
}

fn unknown_free() -> Value {
    json!({ "crossing": "CW-09", "measured_at": null, "waiting": null, "lat": null, "lon": null })
}

#[tokio::test]
async fn keys_open_their_own_service_only_and_agencies_never_touch_each_others() {
    let app = TestApp::empty().await;
    let a = agency_account(&app, "roads", Publisher::Roads).await;
    let b = agency_account(&app, "seoul", Publisher::Seoul).await;
    let sa = register(&app, &a, "도로 서비스").await["id"].as_u64().unwrap();
    let sb = register(&app, &b, "서울 서비스").await["id"].as_u64().unwrap();
    let key_a = issue_key(&app, &a, sa).await.json()["key"].as_str().unwrap().to_string();
    let key_b = issue_key(&app, &b, sb).await.json()["key"].as_str().unwrap().to_string();

    // a's key on b's service: refused, nothing stored in b's dataset
    let cross = app.send(push_request(sb, &key_a, batch(1))).await;
    assert_eq!((cross.status.as_u16(), cross.json()["error"].as_str()), (403, Some("other_service")));
    // b cannot issue keys for a's service, nor revoke a's key, nor see a's services
    assert_eq!(issue_key(&app, &b, sa).await.status, 404);
    let a_key_id = app.call("/api/agency_desk", "", &a).await.json()["services"][0]["keys"][0]["id"].as_u64().unwrap();
    assert_eq!(app.call("/api/revoke_service_key", &format!("service={sa}&key={a_key_id}"), &b).await.status, 404);
    let desk_b = app.call("/api/agency_desk", "", &b).await.json();
    assert!(desk_b["services"].as_array().unwrap().iter().all(|s| s["id"] != sa));
    let page = app.get_as(&format!("/agency/services/{sa}"), &b).await;
    assert_eq!(page.status, 404);
    assert!(app.send(push_request(sb, &key_b, batch(1))).await.status.is_success());

    // wrong, garbled and revoked keys are one answer: 401
    let wrong = format!("dongne_sk_{}", "A".repeat(43));
    for key in [wrong.as_str(), "not-a-key", ""] {
        let reply = app.send(push_request(sa, key, batch(1))).await;
        assert_eq!(reply.status, 401, "{key}");
    }
    let no_header = app.send(Request::post(format!("/api/v1/services/{sa}/records")).header("host", "localhost").body(Body::from(batch(1))).unwrap()).await;
    assert_eq!(no_header.status, 401);
    // a key named under another of a's own services is not that service's key: nothing revoked
    let sa2 = register(&app, &a, "도로 서비스 2").await["id"].as_u64().unwrap();
    assert_eq!(app.call("/api/revoke_service_key", &format!("service={sa2}&key={a_key_id}"), &a).await.status, 404);
    assert!(app.send(push_request(sa, &key_a, batch(1))).await.status.is_success(), "the key still works");
    assert_eq!(app.call("/api/revoke_service_key", &format!("service={sa}&key={a_key_id}"), &a).await.status, 200);
    let revoked = app.send(push_request(sa, &key_a, batch(1))).await;
    assert_eq!((revoked.status.as_u16(), revoked.json()["error"].as_str()), (401, Some("unauthorized")));
    // one address guessing keys: 20 tries, then refused before any lookup until it slows down
    let guess = |n: usize| {
        let mut request = push_request(sa, &format!("dongne_sk_{:0>43}", n), batch(1));
        request.extensions_mut().insert(server::serve::ClientAddr("203.0.113.7".parse().unwrap()));
        request
    };
    let mut statuses = Vec::new();
    for n in 0..25 {
        statuses.push(app.send(guess(n)).await.status.as_u16());
    }
    assert!(statuses[..20].iter().all(|s| *s == 401), "{statuses:?}");
    // (a token comes back each second: a slow machine may let one more guess through)
    assert!(statuses[20..].iter().filter(|s| **s == 429).count() >= 4, "{statuses:?}");
    let mut right = push_request(sb, &key_b, batch(1));
    right.extensions_mut().insert(server::serve::ClientAddr("203.0.113.8".parse().unwrap()));
    assert_eq!(app.send(right).await.status, 201, "another address is not held up");
    // unknown services and garbage ids
    for path in ["/api/v1/services/0/records", "/api/v1/services/abc/records", "/api/v1/services/99999999999/records"] {
        let reply = app.send(Request::post(path).header("host", "localhost").header("authorization", format!("Bearer {key_b}")).body(Body::from(batch(1))).unwrap()).await;
        assert!(reply.status == 404 || reply.status == 403, "{path}: {}", reply.status);
    }
}

#[tokio::test]
async fn the_server_functions_refuse_garbage_guests_and_accounts_without_an_agency() {
    let app = TestApp::empty().await;
    let resident = app.sign_up("plain@example.kr", "주민").await;
    let body = format!("name=x&description=y&contact={}&theme=traffic-safety&schema={}", enc("a@b.kr"), enc(SCHEMA));
    assert_eq!(app.call("/api/register_service", &body, "").await.status, 401);
    let refused = app.call("/api/register_service", &body, &resident).await;
    assert_eq!(refused.status, 403, "signed in, but not an agency");
    assert!(refused.body.contains("기관 계정만"));
    assert_eq!(app.get_as("/agency", &resident).await.status, 403);

    let cookie = agency_account(&app, "parks", Publisher::Parks).await;
    for (bad, says) in [
        (format!("name=&description=y&contact={}&theme=parks&schema={}", enc("a@b.kr"), enc(SCHEMA)), "1~80자"),
        (format!("name=x&description=y&contact=nobody&theme=park-sites&schema={}", enc(SCHEMA)), "연락처"),
        (format!("name=x&description=y&contact={}&theme=astrology&schema={}", enc("a@b.kr"), enc(SCHEMA)), "분류"),
        (format!("name=x&description=y&contact={}&theme=park-sites&schema={}", enc("a@b.kr"), enc("a | colour | 색")), "형식"),
        (format!("name=x&description=y&contact={}&theme=park-sites&schema={}", enc("a@b.kr"), enc("Bad | text | 이름")), "항목 이름"),
        (format!("name={}&description=y&contact={}&theme=park-sites&schema={}", "가".repeat(81), enc("a@b.kr"), enc(SCHEMA)), "1~80자"),
        (format!("name=x&description=y%00&contact={}&theme=park-sites&schema={}", enc("a@b.kr"), enc(SCHEMA)), "설명"),
        (format!("name=x&description=y&contact=a%00%40b.kr&theme=park-sites&schema={}", enc(SCHEMA)), "연락처"),
        (format!("name=x&description=y&contact={}&theme=park-sites&schema={}", enc("a@b.kr"), enc(&format!("a | text | {}", "가".repeat(61)))), "항목"),
        ("name=x".to_string(), ""),
    ] {
        let reply = app.call("/api/register_service", &bad, &cookie).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.body);
        assert!(reply.body.contains(says), "{says}: {}", reply.body);
    }
    let datasets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM datasets").fetch_one(&app.pool).await.unwrap();
    assert_eq!(datasets, 733, "nothing was registered");
    for bad in ["service=abc", "service=0", "service=", &format!("service={}", "9".repeat(40)), "service=999999"] {
        let reply = app.call("/api/issue_service_key", bad, &cookie).await;
        assert!(reply.status == 400 || reply.status == 404, "{bad}: {}", reply.status);
    }
    let id = register(&app, &cookie, "공원 서비스").await["id"].as_u64().unwrap();
    assert_eq!(register_again(&app, &cookie).await.status, 409, "the same name twice");
    for _ in 0..5 {
        assert_eq!(issue_key(&app, &cookie, id).await.status, 200);
    }
    assert_eq!(issue_key(&app, &cookie, id).await.status, 409, "five live keys at most");
    // issuing and revoking in a loop: 20 keys a day, revoked ones counted
    let desk = app.call("/api/agency_desk", "", &cookie).await.json();
    let mut live: Vec<u64> = desk["services"][0]["keys"].as_array().unwrap().iter().map(|k| k["id"].as_u64().unwrap()).collect();
    let mut issued = live.len();
    loop {
        let key = live.pop().unwrap();
        assert_eq!(app.call("/api/revoke_service_key", &format!("service={id}&key={key}"), &cookie).await.status, 200);
        let reply = issue_key(&app, &cookie, id).await;
        if issued == domain::datasets::services::MAX_KEYS_ISSUED_PER_DAY {
            assert_eq!(reply.status, 409, "{}", reply.body);
            assert!(reply.body.contains("하루"), "{}", reply.body);
            break;
        }
        assert_eq!(reply.status, 200, "key {issued}: {}", reply.body);
        live.push(reply.json()["key_id"].as_u64().unwrap());
        issued += 1;
    }
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_keys").fetch_one(&app.pool).await.unwrap();
    assert_eq!(keys as usize, domain::datasets::services::MAX_KEYS_ISSUED_PER_DAY);
}

async fn register_again(app: &TestApp, cookie: &str) -> Reply {
    let body = format!("name={}&description=y&contact={}&theme=park-sites&schema={}", enc("공원 서비스"), enc("a@b.kr"), enc(SCHEMA));
    app.call("/api/register_service", &body, cookie).await
}

#[tokio::test]
async fn a_browser_is_shown_the_new_key_once_on_the_services_page() {
    let app = TestApp::empty().await;
    let cookie = agency_account(&app, "desk", Publisher::SmartInformation).await;
    let id = register(&app, &cookie, "창구 서비스").await["id"].as_u64().unwrap();
    let reply = app.send(post_form("/api/issue_service_key", &format!("service={id}"), &cookie, "text/html")).await;
    assert!(reply.status.is_redirection(), "{}", reply.status);
    assert_eq!(reply.headers["location"], format!("/agency/services/{id}?done=key"));
    let carried = reply.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|c| c.starts_with("service_key=")).unwrap().to_string();
    assert!(carried.contains("HttpOnly") && carried.contains("SameSite=Strict") && carried.contains(&format!("Path=/agency/services/{id}")));
    let key = carried.split(';').next().unwrap().trim_start_matches("service_key=").to_string();
    let page = app.get_as(&format!("/agency/services/{id}?done=key"), &format!("{cookie}; service_key={key}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&key), "the page shows the key");
    assert!(page.headers.get_all("set-cookie").iter().any(|v| v.to_str().unwrap().starts_with("service_key=;")), "and clears it");
    let again = app.get_as(&format!("/agency/services/{id}"), &cookie).await;
    assert!(!again.body.contains(&key));
    // the desk lists the service and the key by its prefix only
    let desk = app.get_as("/agency", &cookie).await;
    assert!(desk.body.contains("창구 서비스"));
}

#[tokio::test]
async fn the_rate_per_key_holds_and_racing_pushes_lose_no_record() {
    let app = TestApp::empty().await;
    let cookie = agency_account(&app, "race", Publisher::SmartInformation).await;
    let service = register(&app, &cookie, "경주 서비스").await;
    let (id, dataset) = (service["id"].as_u64().unwrap(), service["dataset"].as_str().unwrap().parse::<u64>().unwrap());
    let key = issue_key(&app, &cookie, id).await.json()["key"].as_str().unwrap().to_string();
    // 150 pushes of 2 records at once, within the burst: every one lands, at its own positions
    let pushes = (0..150).map(|_| {
        let (router, request) = (app.router.clone(), push_request(id, &key, batch(2)));
        tokio::spawn(async move { tower::ServiceExt::oneshot(router, request).await.unwrap().status().as_u16() })
    });
    let statuses: Vec<u16> = futures_util::future::join_all(pushes).await.into_iter().map(|s| s.unwrap()).collect();
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(rows_of(&app, dataset).await, 300);
    let positions: Vec<i64> = sqlx::query_scalar("SELECT position FROM dataset_rows WHERE dataset_id = ? ORDER BY position").bind(dataset as i64).fetch_all(&app.pool).await.unwrap();
    assert_eq!(positions, (0..300).collect::<Vec<i64>>());
    // then past the burst: refused with the seconds to wait
    let mut limited = None;
    for _ in 0..100 {
        let reply = app.send(push_request(id, &key, batch(1))).await;
        if reply.status == 429 {
            limited = Some(reply);
            break;
        }
    }
    let limited = limited.expect("a 429 past the burst");
    assert!(limited.headers.contains_key("retry-after"));
    assert_eq!(limited.json()["error"], "rate_limited");
}

#[tokio::test]
async fn the_districts_demo_services_are_registered_and_fed() {
    let app = TestApp::empty().await;
    let services = server::agencies::store::services(&app.pool, Publisher::SmartInformation).await.unwrap();
    assert_eq!(services.len(), 5);
    for s in &services {
        assert!(s.records >= 2, "{}: fed at start-up", s.name);
        let d = app.get(&format!("/api/v1/datasets/{}", s.dataset)).await.json();
        assert_eq!(d["frequency"], "realtime");
        assert_eq!(d["row_count"].as_u64().unwrap(), s.records as u64);
    }
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"스마트 횡단보도") && names.contains(&"한파 쉼터와 온열의자"));
    let platform = app.state.agencies.platform.clone();
    let more = server::agencies::demo::feed_once(&platform, test_now().plus_minutes(5)).await.unwrap();
    assert_eq!(more, 16, "one record per demo device");
}

/// The push's answers as `/api/v1/openapi.json` declares them (`Refusal` for every refusal).
#[tokio::test]
async fn every_answer_of_a_push_has_the_documented_shape() {
    let app = TestApp::empty().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let responses = &doc["paths"]["/api/v1/services/{id}/records"]["post"]["responses"];
    let refusal_fields = doc["components"]["schemas"]["Refusal"]["required"].as_array().unwrap().clone();
    let a = agency_account(&app, "shape", Publisher::Housing).await;
    let b = agency_account(&app, "other", Publisher::Building).await;
    let sa = register(&app, &a, "모양 서비스").await["id"].as_u64().unwrap();
    let sb = register(&app, &b, "다른 서비스").await["id"].as_u64().unwrap();
    let key = issue_key(&app, &a, sa).await.json()["key"].as_str().unwrap().to_string();
    let mut seen = std::collections::BTreeSet::new();
    let mut check = |reply: Reply| {
        let status = reply.status.as_u16();
        assert!(responses.get(status.to_string()).is_some(), "{status} is declared");
        let body = reply.json();
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        if status == 201 {
            assert_eq!(keys, ["accepted", "dataset"]);
            assert!(body["accepted"].as_u64().unwrap() >= 1 && body["dataset"].as_u64().unwrap() >= 1);
        } else {
            assert_eq!(keys.len(), refusal_fields.len(), "{body}");
            for f in &refusal_fields {
                assert!(body[f.as_str().unwrap()].is_string(), "{status}: {body}");
            }
        }
        seen.insert(status);
    };
    check(app.send(push_request(sa, &key, batch(1))).await);
    check(app.send(push_request(sa, &key, "nope".into())).await);
    check(app.send(push_request(sa, "wrong", batch(1))).await);
    check(app.send(push_request(sb, &key, batch(1))).await);
    check(app.send(Request::post("/api/v1/services/x/records").header("host", "localhost").header("authorization", format!("Bearer {key}")).body(Body::from(batch(1))).unwrap()).await);
    check(app.send(push_request(sa, &key, batch(501))).await);
    let quota = domain::datasets::services::MAX_SERVICE_RECORDS as i64;
    sqlx::query("UPDATE services SET next_position = ? WHERE id = ?").bind(quota).bind(sa as i64).execute(&app.pool).await.unwrap();
    check(app.send(push_request(sa, &key, batch(1))).await);
    loop {
        let reply = app.send(push_request(sa, &key, batch(1))).await;
        if reply.status == 429 {
            check(reply);
            break;
        }
    }
    // bodies that stall answer the other two, in `slow_bodies_cannot_hold_more_than_…`
    seen.extend([408, 503]);
    let declared: std::collections::BTreeSet<u16> = responses.as_object().unwrap().keys().map(|s| s.parse().unwrap()).collect();
    assert_eq!(seen, declared);
}

#[tokio::test]
async fn a_service_has_a_quota_a_rate_of_its_own_and_registrations_at_once_both_land() {
    let app = TestApp::empty().await;
    let cookie = agency_account(&app, "quota", Publisher::SmartInformation).await;
    // two registrations at once: both datasets are in the catalogue afterwards
    let (one, two) = tokio::join!(register(&app, &cookie, "동시 등록 하나"), register(&app, &cookie, "동시 등록 둘"));
    assert_eq!(app.get("/api/v1/datasets").await.json()["total"], 735);
    for service in [&one, &two] {
        assert_eq!(app.get(&format!("/api/v1/datasets/{}", service["dataset"].as_str().unwrap())).await.status, 200);
    }
    let (id, dataset) = (one["id"].as_u64().unwrap(), one["dataset"].as_str().unwrap().parse::<u64>().unwrap());
    let key = issue_key(&app, &cookie, id).await.json()["key"].as_str().unwrap().to_string();

    // a service one record short of its quota takes one more, then refuses a batch whole
    let quota = domain::datasets::services::MAX_SERVICE_RECORDS as i64;
    sqlx::query("UPDATE services SET next_position = ? WHERE id = ?").bind(quota - 1).bind(id as i64).execute(&app.pool).await.unwrap();
    let full = app.send(push_request(id, &key, batch(2))).await;
    assert_eq!((full.status.as_u16(), full.json()["error"].as_str()), (409, Some("quota_full")), "{}", full.body);
    assert_eq!(rows_of(&app, dataset).await, 0, "nothing of the refused batch");
    assert_eq!(app.send(push_request(id, &key, batch(1))).await.status, 201);
    assert_eq!(app.send(push_request(id, &key, batch(1))).await.status, 409);
    sqlx::query("UPDATE services SET next_position = 1 WHERE id = ?").bind(id as i64).execute(&app.pool).await.unwrap();
    // and in bytes: a service that has stored almost its bytes takes no batch that would pass them
    let bytes = domain::datasets::services::MAX_SERVICE_BYTES as i64;
    sqlx::query("UPDATE services SET bytes_stored = ? WHERE id = ?").bind(bytes - 100).bind(id as i64).execute(&app.pool).await.unwrap();
    let full = app.send(push_request(id, &key, batch(50))).await;
    assert_eq!((full.status.as_u16(), full.json()["error"].as_str()), (409, Some("quota_full")), "{}", full.body);
    assert_eq!(rows_of(&app, dataset).await, 1);
    sqlx::query("UPDATE services SET bytes_stored = 0 WHERE id = ?").bind(id as i64).execute(&app.pool).await.unwrap();

    // three keys of one service at once, each within its own burst: the service's rate holds
    let mut keys = vec![key];
    for _ in 0..2 {
        keys.push(issue_key(&app, &cookie, id).await.json()["key"].as_str().unwrap().to_string());
    }
    let pushes = keys.iter().flat_map(|key| (0..150).map(move |_| key.clone())).map(|key| {
        let (router, request) = (app.router.clone(), push_request(id, &key, batch(1)));
        tokio::spawn(async move {
            let response = tower::ServiceExt::oneshot(router, request).await.unwrap();
            let status = response.status().as_u16();
            let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
            (status, String::from_utf8_lossy(&body).into_owned())
        })
    });
    let replies: Vec<(u16, String)> = futures_util::future::join_all(pushes).await.into_iter().map(|r| r.unwrap()).collect();
    let accepted = replies.iter().filter(|(s, _)| *s == 201).count();
    assert!(replies.iter().all(|(s, _)| *s == 201 || *s == 429), "never anything else");
    assert!(accepted <= 410 && accepted >= 390, "the service's burst of 400 (and a few refilled): {accepted}");
    assert!(replies.iter().any(|(s, body)| *s == 429 && body.contains("this service")));
    assert_eq!(rows_of(&app, dataset).await, 1 + accepted as u64);
}

#[tokio::test]
async fn a_record_that_would_run_as_a_formula_in_a_spreadsheet_downloads_as_text() {
    let app = TestApp::empty().await;
    let cookie = agency_account(&app, "formula", Publisher::SmartInformation).await;
    let service = register(&app, &cookie, "수식 서비스").await;
    let (id, dataset) = (service["id"].as_u64().unwrap(), service["dataset"].as_str().unwrap());
    let key = issue_key(&app, &cookie, id).await.json()["key"].as_str().unwrap().to_string();
    let mut risky = record(1);
    risky["crossing"] = json!("=HYPERLINK(\"http://evil.example\",\"click\")");
    let mut signed = record(2);
    signed["crossing"] = json!("+1");
    signed["waiting"] = json!(-3);
    signed["lat"] = json!(37.5);
    let pushed = app.send(push_request(id, &key, json!({ "records": [risky, signed] }).to_string())).await;
    assert_eq!(pushed.status, 201, "{}", pushed.body);
    let csv = app.get(&format!("/api/v1/datasets/{dataset}/rows?format=csv")).await;
    assert_eq!(csv.status, 200);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(lines[1].starts_with("\"'=HYPERLINK(\"\"http://evil.example\"\""), "{}", lines[1]);
    assert!(lines[2].starts_with("'+1,"), "{}", lines[2]);
    assert!(lines[2].contains(",-3,"), "a negative number stays a number: {}", lines[2]);
    // JSON keeps the value as sent
    let rows = app.get(&format!("/api/v1/datasets/{dataset}/rows?format=json")).await.json();
    assert_eq!(rows["rows"][0]["crossing"], "=HYPERLINK(\"http://evil.example\",\"click\")");
}

#[tokio::test]
async fn a_download_of_many_chunks_arrives_whole_when_compressed() {
    let app = TestApp::empty().await;
    let cookie = agency_account(&app, "gzip", Publisher::SmartInformation).await;
    let service = register(&app, &cookie, "압축 서비스").await;
    let (id, dataset) = (service["id"].as_u64().unwrap(), service["dataset"].as_str().unwrap());
    let key = issue_key(&app, &cookie, id).await.json()["key"].as_str().unwrap().to_string();
    for _ in 0..4 {
        assert_eq!(app.send(push_request(id, &key, batch(500))).await.status, 201);
    }
    let uri = format!("/api/v1/datasets/{dataset}/rows?format=csv");
    let plain = app.get(&uri).await;
    assert_eq!(plain.body.lines().count(), 2_001, "the head and every row");
    let request = Request::get(&uri).header("host", "localhost").header("accept-encoding", "gzip").body(Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request).await.unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
    // a body cut short (the compression re-polled the ended stream, which panicked) fails here
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.expect("the whole body").to_bytes();
    let mut unpacked = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut unpacked).expect("a complete gzip stream");
    assert_eq!(unpacked, plain.body);
}

/// A push whose body never finishes arriving (it holds its place until the sender is dropped).
fn stalled_push(app: &TestApp, service: u64, key: &str) -> (tokio::task::JoinHandle<Reply>, tokio::sync::mpsc::Sender<Result<axum::body::Bytes, std::io::Error>>) {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<axum::body::Bytes, std::io::Error>>(1);
    let request = Request::post(format!("/api/v1/services/{service}/records"))
        .header("host", "localhost")
        .header("authorization", format!("Bearer {key}"))
        .body(Body::from_stream(tokio_stream_of(rx)))
        .unwrap();
    let router = app.router.clone();
    (tokio::spawn(async move { reply_of(tower::ServiceExt::oneshot(router, request).await.unwrap()).await }), tx)
}

#[tokio::test]
async fn slow_bodies_cannot_hold_more_than_the_machine_routes_share_of_the_server() {
    let app = TestApp::empty().await;
    let cookie = agency_account(&app, "slow", Publisher::SmartInformation).await;
    let service = register(&app, &cookie, "느린 서비스").await;
    let (id, dataset) = (service["id"].as_u64().unwrap(), service["dataset"].as_str().unwrap());
    let key = issue_key(&app, &cookie, id).await.json()["key"].as_str().unwrap().to_string();
    // 64 pushes whose bodies never finish arriving, each holding its place
    let (held, senders): (Vec<_>, Vec<_>) = (0..64).map(|_| stalled_push(&app, id, &key)).unzip();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let busy = app.send(push_request(id, &key, batch(1))).await;
    assert_eq!((busy.status.as_u16(), busy.json()["error"].as_str()), (503, Some("busy")), "{}", busy.body);
    assert_eq!(busy.headers["retry-after"], "1");
    let refusal = |reply: &Reply| reply.json().as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(refusal(&busy), ["error", "message", "message_en"], "the documented Refusal");
    // the pages are not held up
    assert_eq!(app.get("/api/v1/datasets").await.status, 200);
    // past the body time each stalled push is answered 408, and its place comes back
    let first = held.into_iter().next().unwrap().await.unwrap();
    assert_eq!((first.status.as_u16(), first.json()["error"].as_str()), (408, Some("too_slow")), "{}", first.body);
    assert_eq!(refusal(&first), ["error", "message", "message_en"]);
    drop(senders);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(app.send(push_request(id, &key, batch(1))).await.status, 201, "places come back");
    let rows = app.get(&format!("/api/v1/datasets/{dataset}/rows?format=json")).await.json();
    assert_eq!(rows["rows"].as_array().unwrap().len(), 1, "only the last push stored anything");
}

fn tokio_stream_of(mut rx: tokio::sync::mpsc::Receiver<Result<axum::body::Bytes, std::io::Error>>) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}
