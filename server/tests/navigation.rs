//! Every resident page within reach: the test walks the router's own list of pages
//! (`server::page_routes()`, so a page added to `app/src/lib.rs` is found without editing this
//! file) and fails on any resident page that no link reaches within two clicks of the home page
//! (whose header, like every page's, carries the menu of every service and the site map). Pages
//! that are steps of a form or belong to one person or desk are listed below with the reason.
//! Also: the site map page in both languages, `/robots.txt` and `/sitemap.xml`.

mod helpers;

use helpers::*;
use std::collections::BTreeSet;

/// Pages no link needs to reach, by route prefix, and why.
const NOT_LINKED: &[(&str, &str)] = &[
    ("/staff/", "the staff desk's pages, reached from /staff (which the site map links)"),
    ("/agency/services/", "an agency's own service, reached from /agency by its account"),
    ("/kids-cafe/book", "a step of booking a session, reached from a session's Book button"),
    ("/facilities/book", "a step of booking a slot, reached from a slot's Book button"),
    ("/learn/district/{id}/apply", "a step of applying for a course, reached from the course's button"),
    ("/cars/{id}/check", "a step of booking a car, reached by the car page's form"),
    ("/parking/check", "a step of booking parking, reached by a space's form"),
    ("/parking/booked", "the answer to a parking booking"),
    ("/bikes/hold", "the answer to holding a bike"),
    ("/bikes/reserve", "a step of holding a bike, reached from a dock's Reserve link"),
    ("/cars/trips/{reference}", "one trip of one resident, reached from my bookings"),
    ("/me/bookings/{reference}", "one booking of one resident, reached from my bookings"),
    ("/me/applications/{reference}", "one application of one resident, reached from my applications"),
    ("/me/applications/dropoff/{reference}", "one thrift-store drop-off of one resident, reached from my applications"),
    ("/me/applications/catering/{reference}", "one catering request of one resident, reached from my applications"),
];

/// A route's segments, a parameter as `None`.
fn pattern(route: &str) -> Vec<Option<String>> {
    route.trim_matches('/').split('/').filter(|s| !s.is_empty())
        .map(|s| (!(s.starts_with(':') || s.starts_with('{') || s.starts_with('*'))).then(|| s.to_string()))
        .collect()
}

/// The route a path is served by, as the router chooses: the match with the most fixed segments.
fn route_of<'a>(path: &str, routes: &'a [String]) -> Option<&'a str> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
    routes
        .iter()
        .filter_map(|r| {
            let p = pattern(r);
            let fits = p.len() == segments.len() && p.iter().zip(&segments).all(|(want, got)| want.as_deref().is_none_or(|w| w == *got));
            fits.then(|| (p.iter().filter(|s| s.is_some()).count(), r.as_str()))
        })
        .max_by_key(|(fixed, _)| *fixed)
        .map(|(_, r)| r)
}

/// The site's own page links of an HTML page: paths without query or fragment.
fn links(body: &str) -> BTreeSet<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| href.split(['?', '#']).next().unwrap_or_default().to_string())
        .filter(|path| !path.starts_with("/pkg/") && !path.starts_with("/api/") && !path.rsplit('/').next().unwrap_or_default().contains('.'))
        .collect()
}

#[tokio::test]
async fn every_resident_page_in_the_router_is_reached_within_two_clicks_of_any_page() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("walker@example.com", "김산책").await;
    let routes = server::page_routes();
    assert!(routes.len() > 40, "the router's pages are listed: {routes:?}");

    let home = app.get_as("/", &cookie).await;
    assert_eq!(home.status, 200);
    let first = links(&home.body);
    let mut reached = first.clone();
    for path in &first {
        let page = app.get_as(path, &cookie).await;
        // a desk may refuse a resident (the agencies' desk answers 403), but no link leads nowhere
        assert!(page.status != 404 && !page.status.is_server_error(), "{path} linked from the home page answers {}", page.status);
        if page.status == 200 {
            // every page carries the menu, so what the menu reaches is one click from any page
            assert!(page.body.contains(r#"data-testid="site-menu""#), "{path} has the menu of every service");
            reached.extend(links(&page.body));
        }
    }
    let reached_routes: BTreeSet<&str> = reached.iter().filter_map(|p| route_of(p, &routes)).collect();
    let unreached: Vec<&String> = routes
        .iter()
        .filter(|r| !NOT_LINKED.iter().any(|(prefix, _)| r.starts_with(prefix) || pattern(r) == pattern(prefix)))
        .filter(|r| !reached_routes.contains(r.as_str()))
        .collect();
    assert!(unreached.is_empty(), "resident pages no link reaches within two clicks: {unreached:?}");
}

#[tokio::test]
async fn the_menu_is_a_disclosure_that_works_without_script_on_every_page() {
    let app = TestApp::seeded().await;
    for path in ["/", "/air", "/cars", "/no-such-page"] {
        let page = app.get(path).await;
        let menu = page.body.split(r#"data-testid="site-menu""#).nth(1).unwrap_or_else(|| panic!("{path}: no menu"));
        assert!(page.body.contains("<details"), "{path}: the menu is a disclosure");
        let menu = menu.split("</details>").next().unwrap();
        assert!(menu.contains("<summary>전체 메뉴</summary>"), "{path}");
        for href in ["/kids-cafe/stats", "/crowd", "/data", "/bikes", "/parking", "/agency", "/sitemap"] {
            assert!(menu.contains(&format!(r#"href="{href}""#)), "{path}: the menu links {href}");
        }
    }
    let en = app.send(get_with("/", &[("cookie", "lang=en")])).await;
    assert!(en.body.contains("<summary>All services</summary>"));
}

#[tokio::test]
async fn the_site_map_lists_every_section_and_branch_in_korean_and_english() {
    let app = TestApp::seeded().await;
    let ko = app.get("/sitemap").await;
    assert_eq!(ko.status, 200);
    assert!(ko.body.contains("<h1>사이트맵</h1>") && ko.body.contains(r#"<meta name="description""#));
    for section in app::nav::SECTIONS {
        assert!(ko.body.contains(section.ko), "{}", section.ko);
        for page in section.pages {
            assert!(ko.body.contains(&format!(r#"href="{}""#, page.href)), "{}", page.href);
        }
    }
    for branch in ["junggok", "jayang", "gwangjang"] {
        assert!(ko.body.contains(&format!(r#"href="/kids-cafe/lottery/{branch}""#)), "where to apply at {branch}");
    }
    let en = app.send(get_with("/sitemap", &[("cookie", "lang=en")])).await;
    assert!(en.body.contains("<h1>Site map</h1>") && en.body.contains("Kids-café branches") && en.body.contains(r#"<html lang="en""#));
    assert!(app.get("/").await.body.contains(r#"href="/sitemap""#), "the footer links the site map");
}

#[tokio::test]
async fn robots_txt_keeps_crawlers_from_private_pages_and_names_the_sitemap() {
    let app = TestApp::seeded().await;
    let addressed = |host: &str| axum::http::Request::get("/robots.txt").header("host", host).body(axum::body::Body::empty()).unwrap();
    let robots = app.send(addressed("dongne.example")).await;
    assert_eq!(robots.status, 200);
    assert!(robots.headers["content-type"].to_str().unwrap().starts_with("text/plain"));
    for line in ["User-agent: *", "Disallow: /api/", "Disallow: /me", "Disallow: /staff", "Sitemap: http://dongne.example/sitemap.xml"] {
        assert!(robots.body.contains(line), "{line} in {}", robots.body);
    }
    let odd = app.send(addressed("evil\"><x")).await;
    assert_eq!(odd.status, 400, "a host that is not a name is not written into the file");
}

#[tokio::test]
async fn sitemap_xml_lists_public_pages_that_each_answer_a_guest() {
    let app = TestApp::seeded().await;
    let xml = app.get("/sitemap.xml").await;
    assert_eq!(xml.status, 200);
    assert!(xml.headers["content-type"].to_str().unwrap().starts_with("application/xml"));
    assert!(xml.body.starts_with("<?xml") && xml.body.contains(r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#));
    let locs: Vec<&str> = xml.body.split("<loc>").skip(1).filter_map(|s| s.split("</loc>").next()).collect();
    assert!(locs.len() >= 20, "{locs:?}");
    for loc in &locs {
        let path = loc.strip_prefix("http://localhost").unwrap_or_else(|| panic!("{loc} is on this host"));
        assert!(!path.starts_with("/me") && !path.starts_with("/staff") && !path.starts_with("/api/"), "{path} is not public");
        assert_eq!(app.get(path).await.status, 200, "{path}");
    }
    assert!(locs.contains(&"http://localhost/kids-cafe/stats") && locs.contains(&"http://localhost/kids-cafe/lottery/jayang"));
}
