//! What guards every request: cross-site writes, body limits, compression.

mod helpers;
use axum::body::Body;
use axum::http::Request;
use helpers::TestApp;

fn post(uri: &str, origin: Option<&str>, fetch_site: Option<&str>, body: String) -> Request<Body> {
    let mut r = Request::post(uri).header("host", "localhost").header("content-type", "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        r = r.header("origin", o);
    }
    if let Some(s) = fetch_site {
        r = r.header("sec-fetch-site", s);
    }
    r.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn writes_from_another_site_are_refused() {
    let app = TestApp::empty().await;
    let evil = app.send(post("/api/district_courses", Some("https://evil.example"), None, String::new())).await;
    assert_eq!(evil.status, 403);
    let evil = app.send(post("/api/district_courses", None, Some("cross-site"), String::new())).await;
    assert_eq!(evil.status, 403);
    let ours = app.send(post("/api/district_courses", Some("http://localhost"), Some("same-origin"), String::new())).await;
    assert_eq!(ours.status, 200, "{}", ours.body);
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_or_without_a_length() {
    let app = TestApp::empty().await;
    let streamed = app.send(post("/api/district_courses", None, None, "x".repeat(200 * 1024))).await;
    assert_eq!(streamed.status, 413);
    let mut announced = post("/api/district_courses", None, None, "x".repeat(200 * 1024));
    announced.headers_mut().insert("content-length", (200 * 1024).into());
    assert_eq!(app.send(announced).await.status, 413);
}

#[tokio::test]
async fn pages_are_compressed_for_browsers_that_accept_it() {
    let app = TestApp::empty().await;
    let page = app.send(helpers::get_with("/", &[("accept-encoding", "br, gzip")])).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.headers["content-encoding"], "br");
}
