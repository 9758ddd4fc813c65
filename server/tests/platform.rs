//! What every domain stands on: server functions as hostile public endpoints, the page cache that
//! never mixes people, revalidation, HEAD, the preference switches, and the security headers.

mod helpers;
use axum::body::Body;
use axum::http::Request;
use helpers::{enc, get_with, TestApp};
use server::page_cache::{PageCache, Personalize};
use sha2::Digest;
use std::sync::Arc;

fn server_fn(path: &str, body: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::post(path).header("host", "localhost").header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    r.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn a_server_function_reads_its_arguments_like_a_url_and_answers_good_ones() {
    let app = TestApp::seeded().await;
    let ok = app.send(server_fn("/api/search_courses", &format!("query={}", enc("q=미술&subject=arts&per_page=5")), None)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let page = ok.json();
    assert_eq!(page["per_page"], 5);
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn hostile_server_function_arguments_get_a_400_in_the_residents_language_and_never_a_500() {
    let app = TestApp::seeded().await;
    let hostile = [
        ("/api/search_courses", format!("query={}", enc("per_page=0"))),
        ("/api/search_courses", format!("query={}", enc("page=0"))),
        ("/api/search_courses", format!("query={}", enc("per_page=100000000"))),
        ("/api/search_courses", format!("query={}", enc(&format!("q={}", "가".repeat(5_000))))),
        ("/api/search_courses", "query[text]=x&query[page]=0".to_string()),
        ("/api/search_courses", "nonsense".to_string()),
        ("/api/search_courses", String::new()),
        ("/api/course_details", "id=-1".to_string()),
        ("/api/course_details", "id=0".to_string()),
        ("/api/course_details", "id=abc".to_string()),
        ("/api/course_details", "id=99999999999999999999999".to_string()),
        ("/api/course_details", "%ff%fe=%00".to_string()),
    ];
    for (path, body) in &hostile {
        let korean = app.send(server_fn(path, body, None)).await;
        assert_eq!(korean.status, 400, "{path} {}: {}", &body[..body.len().min(60)], korean.body);
        let error = korean.json();
        assert!(error["message"].as_str().unwrap().chars().any(|c| ('가'..='힣').contains(&c)), "{}", korean.body);
        assert!(!korean.body.contains("u32") && !korean.body.contains("invalid type"), "no internals: {}", korean.body);
        let english = app.send(server_fn(path, body, Some("lang=en"))).await;
        assert_eq!(english.status, 400);
        assert!(english.json()["message"].as_str().unwrap().is_ascii());
    }
}

#[tokio::test]
async fn an_unknown_course_is_none_and_a_known_one_comes_with_its_related_courses() {
    let app = TestApp::seeded().await;
    let none = app.send(server_fn("/api/course_details", "id=99999999", None)).await;
    assert_eq!(none.status, 200);
    assert_eq!(none.body, "null");
    let seven = app.send(server_fn("/api/course_details", "id=7", None)).await.json();
    assert_eq!(seven["course"]["id"], 7);
    assert_eq!(seven["related"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn the_same_search_written_differently_is_rendered_once_and_kept_once() {
    let app = TestApp::seeded().await;
    let first = app.get(&format!("/courses?q={}&subject=arts", enc("미술"))).await;
    let kept = app.state.page_cache.kept_bytes();
    assert!(kept > 0);
    for other in [
        format!("/courses?subject=arts&q={}&sort=relevance", enc("미술")),
        format!("/courses?q={}&subject=arts&utm_source=newsletter&page=1", enc(" 미술 ")),
    ] {
        let again = app.get(&other).await;
        assert_eq!(again.status, 200);
        assert_eq!(again.body, first.body, "{other}");
    }
    assert_eq!(app.state.page_cache.kept_bytes(), kept, "one entry for all three addresses");
}

#[tokio::test]
async fn kept_pages_revalidate_with_an_etag_and_head_is_answered_like_get() {
    let app = TestApp::seeded().await;
    let page = app.get("/courses?q=python").await;
    let etag = page.headers["etag"].to_str().unwrap().to_string();
    assert_eq!(page.headers["cache-control"], "private, no-cache");
    let revalidated = app.send(get_with("/courses?q=python", &[("if-none-match", &etag)])).await;
    assert_eq!(revalidated.status, 304);
    assert!(revalidated.body.is_empty());

    let head = app.send(Request::head("/courses?q=python").header("host", "localhost").body(Body::empty()).unwrap()).await;
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.headers["etag"], page.headers["etag"]);
    assert_eq!(head.headers["content-length"].to_str().unwrap(), page.body.len().to_string());
}

#[tokio::test]
async fn a_reload_forgets_kept_pages_and_changes_the_etags() {
    let app = TestApp::seeded().await;
    let api = app.get("/api/v1/courses?q=python").await;
    app.get("/courses?q=python").await;
    assert!(app.state.page_cache.kept_bytes() > 0);
    app.state.reload_catalogue().await.unwrap();
    assert_eq!(app.state.page_cache.kept_bytes(), 0);
    let old = api.headers["etag"].to_str().unwrap();
    let after = app.send(get_with("/api/v1/courses?q=python", &[("if-none-match", old)])).await;
    assert_eq!(after.status, 200, "the old ETag no longer matches");
    let fresh = after.headers["etag"].to_str().unwrap();
    assert_eq!(app.send(get_with("/api/v1/courses?q=python", &[("if-none-match", fresh)])).await.status, 304);
}

/// Two residents, told apart by a cookie, through a personalizer like the one accounts will plug in.
fn greeter() -> Personalize {
    Arc::new(|parts| {
        let cookies: Vec<&str> = parts.headers.get_all("cookie").iter().filter_map(|v| v.to_str().ok()).collect();
        match domain::lang::cookie_value(cookies, "who") {
            Some(name) => vec![("account", format!("<span data-testid=\"who\">{name}</span>"))],
            None => Vec::new(),
        }
    })
}

#[tokio::test]
async fn two_residents_never_see_each_others_name_on_a_kept_page() {
    let app = TestApp::seeded().await;
    let mut state = app.state.clone();
    state.page_cache = PageCache::new(32 << 20, vec![server::courses::page_key], greeter());
    let router = server::app(state.clone());
    let send = |cookie: &'static str| {
        let router = router.clone();
        async move {
            let r = tower::ServiceExt::oneshot(router, get_with("/courses?q=python", &[("cookie", cookie)])).await.unwrap();
            let bytes = http_body_util::BodyExt::collect(r.into_body()).await.unwrap().to_bytes();
            String::from_utf8(bytes.to_vec()).unwrap()
        }
    };
    let kim = send("who=KimDongne; session=a").await;
    let lee = send("who=LeeSeoyeon; session=b").await;
    let guest = send("lang=ko").await;
    assert!(kim.contains(">KimDongne<") && !kim.contains("LeeSeoyeon"));
    assert!(lee.contains(">LeeSeoyeon<") && !lee.contains("KimDongne"));
    assert!(!guest.contains("KimDongne") && !guest.contains("LeeSeoyeon"));
    assert!(state.page_cache.kept_bytes() > 0, "the three were served from one kept page");
}

#[tokio::test]
async fn the_language_switch_never_sends_a_resident_to_another_site() {
    let app = TestApp::seeded().await;
    for evil in ["/%09/evil.example", "/%0a/evil.example", "/%5Cevil.example", "//evil.example", "https://evil.example", "/%20/evil.example"] {
        let switch = app.get(&format!("/lang/en?back={evil}")).await;
        assert_eq!(switch.status, 303);
        assert_eq!(switch.headers["location"], "/", "{evil}");
    }
}

#[tokio::test]
async fn the_text_size_is_chosen_with_a_link_and_kept_in_a_cookie() {
    let app = TestApp::seeded().await;
    let switch = app.get(&format!("/text-size/largest?back={}", enc("/courses?q=python"))).await;
    assert_eq!(switch.status, 303);
    assert_eq!(switch.headers["location"], "/courses?q=python");
    let cookie = switch.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("size=largest;"));
    let page = app.send(get_with("/courses?q=python", &[("cookie", "size=largest")])).await;
    assert!(page.body.contains(r#"data-text-size="largest""#));
    let standard = app.get("/courses?q=python").await;
    assert!(standard.body.contains(r#"data-text-size="standard""#), "kept pages are kept per size");
    assert_eq!(app.get("/text-size/enormous").await.headers["set-cookie"].to_str().unwrap().split(';').next(), Some("size=standard"));
}

#[tokio::test]
async fn every_page_describes_itself_and_loads_the_islands_by_name() {
    let app = TestApp::seeded().await;
    for path in ["/", "/courses", "/courses?q=python", "/courses/7", "/learn/district", "/no-such-page"] {
        let page = app.get(path).await;
        assert!(page.body.contains(r#"<meta name="description" content=""#), "{path}");
        assert!(page.body.contains(r#"src="/islands.js" data-js="/pkg/dongne.js" data-wasm="/pkg/dongne.wasm""#), "{path}");
        assert!(!page.body.contains("dongne_bg.wasm"), "{path}");
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        for script in inline_scripts(&page.body) {
            let hash = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, sha2::Sha256::digest(script.as_bytes()));
            assert!(csp.contains(&format!("'sha256-{hash}'")), "{path}: the CSP allows the inline script {script:?}");
        }
    }
}

/// The text of every `<script>` without a `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, after) = rest.split_once('>')?;
        let (text, _) = after.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(text)
    }).collect()
}

#[tokio::test]
async fn pages_and_built_files_carry_the_security_headers() {
    let app = TestApp::seeded().await;
    for path in ["/", "/courses?q=python", "/api/v1/courses", "/pkg/dongne.css", "/no-such-page"] {
        let r = app.get(path).await;
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"), "{path}");
        assert!(!csp.contains("nonce-"), "kept pages cannot use a nonce: {path}");
        assert_eq!(r.headers["cross-origin-opener-policy"], "same-origin", "{path}");
        assert_eq!(r.headers["x-content-type-options"], "nosniff", "{path}");
        assert!(r.headers.get("strict-transport-security").is_none(), "no HSTS over http: {path}");
    }
}

#[tokio::test]
async fn a_missing_built_file_is_not_remembered_by_browsers() {
    let app = TestApp::seeded().await;
    let missing = app.get("/pkg/dongne_bg.wasm").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn behind_a_trusted_proxy_https_gets_hsts_and_the_forwarded_host_is_the_origin_to_match() {
    let app = TestApp::seeded_with(server::Settings { edges: server::EdgeConfig { trust_forwarded: true }, ..server::Settings::for_tests() }).await;
    let proxied = [("x-forwarded-proto", "https"), ("x-forwarded-host", "dongne.example")];
    let page = app.send(get_with("/", &proxied)).await;
    assert!(page.headers["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
    let write = |origin: &str| {
        Request::post("/api/district_courses")
            .header("host", "127.0.0.1:3000")
            .header("x-forwarded-host", "dongne.example")
            .header("x-forwarded-proto", "https")
            .header("origin", origin)
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(app.send(write("https://dongne.example")).await.status, 200);
    assert_eq!(app.send(write("https://evil.example")).await.status, 403);

    // not configured: the forwarded headers are a client's claim and change nothing
    let direct = TestApp::seeded().await;
    assert!(direct.send(get_with("/", &proxied)).await.headers.get("strict-transport-security").is_none());
    assert_eq!(direct.send(write("https://dongne.example")).await.status, 403);
}
