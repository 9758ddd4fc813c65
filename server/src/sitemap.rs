//! What search engines read: `GET /robots.txt` (crawl the public pages, not the API, the account
//! pages or the staff desks) and `GET /sitemap.xml` (the public pages of the portal's one list,
//! `app::nav::SECTIONS`, the site map page and each kids-café branch). Both name the site by the
//! host the request was addressed to (a trusted proxy's `X-Forwarded-Host`/`-Proto` when
//! configured), checked to be a plain host name, and are never kept by a shared cache under
//! another host's name (`Vary: Host`).

use crate::AppState;
use app::nav::SECTIONS;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::kids_cafe::Branch;

pub fn routes() -> Router<AppState> {
    Router::new().route("/robots.txt", get(robots)).route("/sitemap.xml", get(sitemap_xml))
}

/// Paths crawlers are asked to leave alone: machine endpoints, a person's pages, the desks.
const PRIVATE: &[&str] = &["/api/", "/me", "/staff", "/agency", "/log-in", "/sign-up", "/cars/trips/", "/parking/booked", "/bikes/hold"];

/// `https://host` of this request, or `None` when the host is not a plain name (with a port).
fn origin(state: &AppState, request: &Request) -> Option<String> {
    let host = state.edges.public_host(request)?;
    let plain = !host.is_empty() && host.len() <= 253 && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    let scheme = if state.edges.is_https(request) { "https" } else { "http" };
    plain.then(|| format!("{scheme}://{}", host.to_ascii_lowercase()))
}

fn text(body: String, content_type: &'static str) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    headers.insert(header::VARY, HeaderValue::from_static("Host, X-Forwarded-Host, X-Forwarded-Proto"));
    response
}

fn bad_host() -> Response {
    (StatusCode::BAD_REQUEST, "주소의 호스트를 읽을 수 없습니다. / The request's host cannot be read.").into_response()
}

async fn robots(State(state): State<AppState>, request: Request) -> Response {
    let Some(origin) = origin(&state, &request) else { return bad_host() };
    let mut body = String::from("User-agent: *\n");
    for path in PRIVATE {
        body.push_str(&format!("Disallow: {path}\n"));
    }
    body.push_str("Allow: /api/v1/openapi.json\n");
    body.push_str(&format!("\nSitemap: {origin}/sitemap.xml\n"));
    text(body, "text/plain; charset=utf-8")
}

/// The public pages listed in the sitemap, in the menu's order.
pub fn public_paths() -> Vec<String> {
    let mut paths = vec!["/".to_string(), "/sitemap".to_string()];
    for section in SECTIONS {
        for page in section.pages {
            if !PRIVATE.iter().any(|p| page.href.starts_with(p.trim_end_matches('/'))) && !paths.iter().any(|p| p == page.href) {
                paths.push(page.href.to_string());
            }
        }
    }
    for branch in Branch::ALL {
        paths.push(format!("/kids-cafe/{}", branch.slug()));
        paths.push(format!("/kids-cafe/lottery/{}", branch.slug()));
    }
    paths
}

async fn sitemap_xml(State(state): State<AppState>, request: Request) -> Response {
    let Some(origin) = origin(&state, &request) else { return bad_host() };
    let mut body = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in public_paths() {
        // paths are our own constants (ASCII, no markup); the origin was checked above
        body.push_str(&format!("  <url><loc>{origin}{path}</loc></url>\n"));
    }
    body.push_str("</urlset>\n");
    text(body, "application/xml; charset=utf-8")
}
