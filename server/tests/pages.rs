//! The server-rendered pages, as a browser without JavaScript receives them.

mod helpers;
use axum::body::Body;
use axum::http::Request;
use helpers::{enc, get_with, TestApp};

#[tokio::test]
async fn the_home_page_is_korean_and_leads_to_every_area() {
    let app = TestApp::seeded().await;
    let home = app.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains(r#"<html lang="ko""#));
    assert!(home.body.contains(r#"action="/courses""#));
    assert!(home.body.contains("키즈카페"));
    assert!(home.body.contains("전기차 공유") && home.body.contains(r#"href="/cars""#));
    assert!(home.body.contains("대기질"));
    assert!(home.body.contains(r#"href="/learn/district""#));
}

#[tokio::test]
async fn the_search_page_renders_results_and_facets_as_a_plain_form() {
    let app = TestApp::seeded().await;
    let page = app.get(&format!("/courses?q={}&subject=arts", enc("미술"))).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"method="get""#));
    assert!(page.body.contains(r#"name="subject""#));
    assert!(page.body.contains(r#"value="arts" checked"#) || page.body.contains(r#"checked="" "#) || page.body.contains("checked"));
    assert!(page.body.contains("course-card"));
    assert!(page.body.contains("조건 적용"), "the no-JavaScript apply button");
}

#[tokio::test]
async fn a_course_page_has_an_outbound_link_to_its_platform() {
    let app = TestApp::seeded().await;
    let course = app.get("/api/v1/courses/7").await.json();
    let page = app.get("/courses/7").await;
    assert_eq!(page.status, 200);
    let url = course["url"].as_str().unwrap();
    assert!(page.body.contains(&format!(r#"href="{url}""#)), "links to {url}");
    assert!(page.body.contains("noopener"));
    assert!(page.body.contains("비슷한 강좌"));
}

#[tokio::test]
async fn unknown_courses_and_pages_are_404_pages() {
    let app = TestApp::seeded().await;
    for path in ["/courses/99999999", "/courses/abc", "/courses/0", "/no-such-page"] {
        let page = app.get(path).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(page.body.contains("페이지를 찾을 수 없습니다"), "{path}");
    }
}

#[tokio::test]
async fn bad_searches_show_the_reason_and_echo_the_words_escaped() {
    let app = TestApp::seeded().await;
    let page = app.get("/courses?page=0").await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("쪽 번호는"));

    let typed = format!("<script>alert(1)</script>{}", "가".repeat(300));
    let page = app.get(&format!("/courses?q={}", enc(&typed))).await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("200자"));
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || page.body.contains("&lt;script>alert(1)&lt;/script>"));

    let page = app.get(&format!("/courses?q={}", enc("<img src=x onerror=alert(1)>"))).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<img src=x"));
}

#[tokio::test]
async fn english_is_chosen_with_the_switch_and_remembered() {
    let app = TestApp::seeded().await;
    let switch = app.get(&format!("/lang/en?back={}", enc("/courses?q=python"))).await;
    assert_eq!(switch.status, 303);
    assert_eq!(switch.headers["location"], "/courses?q=python");
    let cookie = switch.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let page = app
        .send(get_with("/courses?q=python", &[("cookie", &cookie)]))
        .await;
    assert!(page.body.contains(r#"<html lang="en""#));
    assert!(page.body.contains("Find a lifelong-learning course"));
}

#[tokio::test]
async fn the_district_courses_page_shows_seats_left() {
    let app = TestApp::seeded().await;
    let page = app.get("/learn/district").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("남은 자리"));
    assert!(page.body.contains("미래평생학습관"));
    assert!(page.body.matches("district-card").count() >= 50);
}

#[tokio::test]
async fn district_courses_say_where_they_stand_on_the_clocks_day() {
    // the tests' clock says 2026-11-23; the demo courses start from 2026-12-01
    let app = TestApp::seeded().await;
    let page = app.get("/learn/district").await;
    let first = server::courses::generate::district_courses().into_iter().map(|c| c.starts_on).min().unwrap();
    let days = (first.date() - helpers::test_now().date().date()).whole_days();
    assert!(page.body.contains(&format!("개강 {days}일 전")), "the first course starts on {first}");
    assert_eq!(page.body.matches("data-testid=\"course-phase\"").count(), page.body.matches("district-card").count());
    assert!(!page.body.contains("진행 중") && !page.body.contains(">종료<"));
}

#[tokio::test]
async fn a_storage_failure_is_a_503_page_and_a_503_reply_never_an_empty_list() {
    let app = TestApp::seeded().await;
    sqlx::query("DROP TABLE district_courses").execute(&app.pool).await.unwrap();
    let page = app.get("/learn/district").await;
    assert_eq!(page.status, 503);
    assert!(page.body.contains("잠시 후 다시 시도해 주세요"));
    assert!(!page.body.contains("district-card"));
    let reply = app
        .send(Request::post("/api/district_courses").header("host", "localhost").body(Body::empty()).unwrap())
        .await;
    assert_eq!(reply.status, 503);
    assert!(!reply.body.contains("no such table"), "no internals: {}", reply.body);
}

#[tokio::test]
async fn health_answers_ok_once_ready() {
    let app = TestApp::seeded().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status, 200);
    assert_eq!(health.body, "ok");
}

#[tokio::test]
async fn a_kept_page_is_never_served_in_the_other_language() {
    let app = TestApp::seeded().await;
    let korean = app.get("/courses?q=python").await;
    assert!(korean.body.contains(r#"<html lang="ko""#));
    let again = app.get("/courses?q=python").await;
    assert_eq!(again.body, korean.body, "the second request is the same page");
    let english = app
        .send(get_with("/courses?q=python", &[("cookie", "lang=en")]))
        .await;
    assert!(english.body.contains(r#"<html lang="en""#));
}
