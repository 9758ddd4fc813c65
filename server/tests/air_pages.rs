//! The air pages as a browser without JavaScript receives them: the map and table of every
//! sensor in Korean and English, sorting by links, a sensor's page, the spraying truck's round, the
//! home page's grade, and addresses that lead nowhere. Readings go straight into the real tables
//! (`migrations/0009_air.sql`), as ingestion leaves them, so these tests drive the real read side.

mod helpers;

use helpers::{air_graded as graded, get_with, TestApp};

async fn sensor_ids(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT id FROM air_sensors ORDER BY id").fetch_all(&app.pool).await.unwrap()
}

fn count(body: &str, needle: &str) -> usize {
    body.matches(needle).count()
}

#[tokio::test]
async fn the_map_page_shows_every_sensor_as_a_dot_and_a_row_without_javascript() {
    let app = TestApp::empty().await;
    graded(&app, "DB-001", 37.655, 40.0).await;
    graded(&app, "DB-002", 37.665, 120.0).await;
    let ids = sensor_ids(&app).await;
    let page = app.get("/air").await;
    assert_eq!(page.status, 200, "{}", &page.body[..page.body.len().min(500)]);
    assert!(page.body.contains(r#"<html lang="ko""#));
    assert!(page.body.contains("우리 동네 대기질"));
    assert_eq!(count(&page.body, r#"class="air-dot "#), ids.len(), "one dot per sensor");
    for id in &ids {
        assert!(page.body.contains(&format!(r#"<a href="/air/sensors/{id}" data-sensor="{id}""#)), "the dot of {id} links to its page");
        assert!(page.body.contains(&format!(r#"<tr data-sensor="{id}""#)), "the row of {id}");
    }
    // the map is drawn on the server, with its legend and a shape per grade
    assert!(page.body.contains(r#"data-testid="air-map" class="air-map">"#));
    assert!(page.body.contains(r#"id="air-shape-very_bad""#));
    assert!(page.body.contains("지수 101부터 250까지"));
    // the live script comes from our own origin, not inline
    assert!(page.body.contains(r#"<script src="/air-live.js" defer"#));
}

#[tokio::test]
async fn the_map_page_speaks_english_when_asked() {
    let app = TestApp::empty().await;
    graded(&app, "DB-001", 37.655, 40.0).await;
    let page = app.send(get_with("/air", &[("cookie", "lang=en")])).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<html lang="en""#));
    assert!(page.body.contains("Air quality in our district"));
    assert!(page.body.contains("index 101 to 250"));
    assert!(!page.body.contains("측정기별 상태"));
}

#[tokio::test]
async fn column_headers_sort_the_table_on_the_server_and_say_so() {
    let app = TestApp::empty().await;
    graded(&app, "DB-001", 37.655, 20.0).await;
    graded(&app, "DB-002", 37.665, 140.0).await;
    let page = app.get("/air?sort=pm10").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"href="/air?sort=grade#air-table""#));
    assert!(page.body.contains(r#"aria-sort="descending""#));
    let (worse, better) = (page.body.find(r#"<tr data-sensor="DB-002""#).unwrap(), page.body.find(r#"<tr data-sensor="DB-001""#).unwrap());
    assert!(worse < better, "the dustier sensor first");
    // an unknown sort is ignored (by name), never an error
    for junk in ["?sort=%3Cscript%3E", "?sort=", "?sort=pm10&sort=grade", "?sort=x&y=%FF"] {
        let page = app.get(&format!("/air{junk}")).await;
        assert_eq!(page.status, 200, "{junk}");
        assert!(page.body.contains(r#"aria-sort="ascending""#) || junk.contains("pm10"), "{junk}");
        assert!(!page.body.contains("<script>"));
    }
}

#[tokio::test]
async fn a_sensor_page_shows_its_factors_grade_charts_and_download() {
    let app = TestApp::empty().await;
    graded(&app, "DB-001", 37.655, 42.0).await;
    for lang in ["ko", "en"] {
        let page = app.send(get_with("/air/sensors/DB-001", &[("cookie", &format!("lang={lang}"))])).await;
        assert_eq!(page.status, 200, "{lang}");
        assert!(page.body.contains("42 µg/m³"), "{lang}: PM10 through Measure::format");
        assert!(page.body.contains(r#"data-factor="pm10""#));
        assert!(page.body.contains(r#"role="img""#), "{lang}: the charts are images with a title");
        assert!(page.body.contains("/api/v1/air/sensors/DB-001/readings?measure=pm10,pm25&amp;resolution=hour&amp;format=csv"));
        assert!(page.body.contains(r#"data-testid="air-grade-hours""#));
    }
}

#[tokio::test]
async fn unknown_or_malformed_sensors_are_404_pages_never_5xx() {
    let app = TestApp::empty().await;
    for path in ["/air/sensors/DB-999", "/air/sensors/db-001", "/air/sensors/%3Cb%3E", "/air/sensors/DB-0011", "/air/sensors/%FF%FE"] {
        let page = app.get(path).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(page.body.contains("측정기를 찾을 수 없습니다"), "{path}");
        assert!(!page.body.contains("<b>"), "{path}: the address is never echoed as HTML");
    }
}

#[tokio::test]
async fn the_sensor_server_function_refuses_what_is_not_an_id_and_404s_an_unknown_one() {
    let app = TestApp::empty().await;
    for body in ["id=nonsense", "id=", "", "id=%00%01", &format!("id={}", "9".repeat(5000))] {
        let reply = app.call("/api/air_sensor", body, "lang=en").await;
        assert_eq!(reply.status, 400, "{body:.40}: {}", reply.body);
        assert!(reply.json()["message"].is_string());
    }
    let reply = app.call("/api/air_sensor", "id=DB-999", "").await;
    assert_eq!(reply.status, 404, "{}", reply.body);
}

#[tokio::test]
async fn the_response_page_lists_bad_points_worst_first_and_a_round_from_the_office() {
    let app = TestApp::empty().await;
    graded(&app, "DB-001", 37.655, 20.0).await;
    graded(&app, "DB-002", 37.665, 130.0).await;
    graded(&app, "DB-003", 37.675, 200.0).await;
    let page = app.get("/air/response").await;
    assert_eq!(page.status, 200);
    let list = &page.body[page.body.find(r#"data-testid="air-hotspots""#).expect("a list of bad points")..];
    let (first, second) = (list.find("DB-003").unwrap(), list.find("DB-002").unwrap());
    assert!(first < second, "worst first");
    assert!(!list[..list.find("</ol>").unwrap()].contains("DB-001"), "a good point is not listed");
    assert!(page.body.contains(r#"data-testid="air-round""#));
    assert!(page.body.contains("제안일 뿐입니다"));
    assert!(page.body.contains(r#"class="air-round-line""#));
}

#[tokio::test]
async fn the_response_page_says_so_when_no_point_is_bad() {
    let app = TestApp::empty().await;
    graded(&app, "DB-001", 37.655, 20.0).await;
    let page = app.get("/air/response").await;
    assert_eq!(page.status, 200);
    if page.body.contains(r#"data-testid="air-hotspots""#) {
        // the demo registry's own sensors may have readings; ours is never among the bad
        assert!(!page.body.contains(r#"<li data-sensor="DB-001""#));
    } else {
        assert!(page.body.contains(r#"data-testid="air-no-hotspots""#));
    }
}

#[tokio::test]
async fn the_home_page_shows_the_district_grade_or_no_data_yet() {
    let app = TestApp::empty().await;
    let empty = app.get("/").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains(r#"data-testid="home-air-grade""#));
    assert!(empty.body.contains(r#"href="/air""#));
    graded(&app, "DB-001", 37.655, 40.0).await;
    let home = app.get("/").await;
    assert!(home.body.contains("지금 도봉구"), "the grade after a reading: {}", home.body.split("home-air-grade").nth(1).unwrap_or_default().chars().take(120).collect::<String>());
}
