//! The public course API against the real index over the full demo catalogue.

mod helpers;
use helpers::{enc, TestApp};
use serde_json::Value;

fn counts(body: &Value, facet: &str) -> Vec<(String, u64)> {
    body["facets"][facet]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["value"].as_str().unwrap().to_string(), v["count"].as_u64().unwrap()))
        .collect()
}

#[tokio::test]
async fn browsing_lists_all_36496_courses_with_facet_counts_that_add_up() {
    let app = TestApp::seeded().await;
    let reply = app.get("/api/v1/courses").await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["total"], 36_496);
    assert_eq!(body["page"], 1);
    assert_eq!(body["per_page"], 20);
    assert_eq!(body["items"].as_array().unwrap().len(), 20);
    for facet in ["subject", "platform", "level", "length", "format", "status", "language"] {
        let sum: u64 = counts(&body, facet).iter().map(|(_, c)| c).sum();
        assert_eq!(sum, 36_496, "{facet} counts add up to the total");
    }
    assert_eq!(counts(&body, "platform").len(), 13);
}

#[tokio::test]
async fn searching_seoul_finds_it_with_particles_attached() {
    let app = TestApp::seeded().await;
    let body = app.get(&format!("/api/v1/courses?q={}&per_page=100", enc("서울"))).await.json();
    let total = body["total"].as_u64().unwrap();
    assert!(total > 0);
    let items = body["items"].as_array().unwrap();
    for item in items {
        let text = format!("{} {} {}", item["title_ko"], item["summary"], item["keywords"]);
        assert!(text.contains("서울"), "{text}");
    }
    let with_particle = |p: &str| items.iter().any(|i| i["title_ko"].as_str().unwrap().contains(&format!("서울{p}")));
    assert!(with_particle("은") || with_particle("의") || with_particle("에서"), "a title with a particle is found");
}

#[tokio::test]
async fn english_words_match_case_and_plural_insensitively() {
    let app = TestApp::seeded().await;
    let lower = app.get("/api/v1/courses?q=python").await.json();
    let upper = app.get("/api/v1/courses?q=PYTHON").await.json();
    assert!(lower["total"].as_u64().unwrap() > 0);
    assert_eq!(lower["total"], upper["total"]);
}

#[tokio::test]
async fn a_filter_narrows_results_and_its_facet_still_counts_the_other_values() {
    let app = TestApp::seeded().await;
    let art = app.get(&format!("/api/v1/courses?q={}", enc("미술"))).await.json();
    let arts_only = app.get(&format!("/api/v1/courses?q={}&subject=arts", enc("미술"))).await.json();
    let arts_count = counts(&art, "subject").into_iter().find(|(v, _)| v == "arts").unwrap().1;
    assert_eq!(arts_only["total"].as_u64().unwrap(), arts_count);
    assert_eq!(counts(&arts_only, "subject"), counts(&art, "subject"), "sideways counts");
    for item in arts_only["items"].as_array().unwrap() {
        assert_eq!(item["subject"], "arts");
    }
}

#[tokio::test]
async fn sorting_by_length_puts_the_shortest_first() {
    let app = TestApp::seeded().await;
    let body = app.get("/api/v1/courses?sort=shortest&per_page=50").await.json();
    let hours: Vec<u64> = body["items"].as_array().unwrap().iter().map(|i| i["hours"].as_u64().unwrap()).collect();
    assert!(hours.windows(2).all(|w| w[0] <= w[1]));
    let newest = app.get("/api/v1/courses?sort=newest&per_page=50").await.json();
    let dates: Vec<&str> = newest["items"].as_array().unwrap().iter().map(|i| i["added_on"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
}

#[tokio::test]
async fn pages_do_not_overlap() {
    let app = TestApp::seeded().await;
    let one = app.get("/api/v1/courses?subject=nature&per_page=10&page=1").await.json();
    let two = app.get("/api/v1/courses?subject=nature&per_page=10&page=2").await.json();
    let ids = |b: &Value| b["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(ids(&one).len(), 10);
    assert!(ids(&one).iter().all(|id| !ids(&two).contains(id)));
}

#[tokio::test]
async fn bad_searches_get_a_clear_400_in_both_languages() {
    let app = TestApp::seeded().await;
    // 10,000 Hangul characters percent-encode to 90 KB, past what a URI may hold: hyper answers 414
    // before we see it. 10,000 Latin characters reach us.
    let long = enc(&"a".repeat(10_000));
    for query in [
        format!("q={long}"),
        "subject=astrology".to_string(),
        "page=0".to_string(),
        "page=-1".to_string(),
        "per_page=100000".to_string(),
        "sort=price".to_string(),
    ] {
        let reply = app.get(&format!("/api/v1/courses?{query}")).await;
        assert_eq!(reply.status, 400, "{query}");
        let body = reply.json();
        assert!(!body["error"].as_str().unwrap().is_empty());
        assert!(!body["message_ko"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn markup_and_sql_in_a_search_are_just_words() {
    let app = TestApp::seeded().await;
    let sql = app.get(&format!("/api/v1/courses?q={}", enc("' OR 1=1; DROP TABLE courses; --"))).await;
    assert_eq!(sql.status, 200);
    assert!(sql.json()["total"].as_u64().unwrap() < 36_496);
    let still = app.get("/api/v1/courses").await.json();
    assert_eq!(still["total"], 36_496);
}

#[tokio::test]
async fn one_course_by_id_and_a_404_for_unknown_ids() {
    let app = TestApp::seeded().await;
    let course = app.get("/api/v1/courses/1").await;
    assert_eq!(course.status, 200);
    assert_eq!(course.json()["id"], 1);
    for id in ["0", "99999999", "abc", "-1"] {
        let reply = app.get(&format!("/api/v1/courses/{id}")).await;
        assert_eq!(reply.status, 404, "{id}");
        assert!(reply.json()["error"].is_string());
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_course_endpoints() {
    let app = TestApp::seeded().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/api/v1/courses"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/courses/{id}"]["get"].is_object());
}
