//! Rendered catalogue pages, kept while the server runs. The catalogue only changes when the server
//! starts (it is indexed then), so a page rendered once for an address and a language is the page
//! every later request for it would render. Residents mostly browse the same facet pages, and the
//! live search re-requests pages as they type. Pages with live data (seats) are not kept.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use domain::Lang;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A rendered page is a few tens of KB; pages past this are not kept.
const LARGEST_PAGE: usize = 512 * 1024;

pub struct PageCache {
    capacity: usize,
    pages: Mutex<HashMap<String, (StatusCode, Bytes)>>,
}

impl PageCache {
    /// Keeps up to `capacity` pages (0: keep none).
    pub fn new(capacity: usize) -> Arc<PageCache> {
        Arc::new(PageCache { capacity, pages: Mutex::new(HashMap::new()) })
    }

    /// Forgets every page: the catalogue they were rendered from was replaced.
    pub fn clear(&self) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.clear();
        }
    }

    fn get(&self, key: &str) -> Option<(StatusCode, Bytes)> {
        self.pages.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: String, status: StatusCode, body: Bytes) {
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= self.capacity {
                pages.clear(); // crude, but bounded and O(1) per request on average
            }
            pages.insert(key, (status, body));
        }
    }
}

/// The catalogue's pages (search and course pages); not the district courses, whose seats change.
fn is_catalogue_page(path: &str) -> bool {
    path == "/courses" || path.starts_with("/courses/")
}

fn html(status: StatusCode, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response
}

pub async fn serve_from_cache(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    if cache.capacity == 0 || request.method() != Method::GET || !is_catalogue_page(request.uri().path()) {
        return next.run(request).await;
    }
    let cookies = request.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok());
    let lang = Lang::from_cookie_headers(cookies);
    let key = format!("{}{}", lang.code(), request.uri());
    if let Some((status, body)) = cache.get(&key) {
        return html(status, body);
    }
    let response = next.run(request).await;
    let keep = matches!(response.status(), StatusCode::OK | StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND)
        && response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if !keep {
        return response;
    }
    let status = response.status();
    match axum::body::to_bytes(response.into_body(), LARGEST_PAGE).await {
        Ok(body) => {
            cache.put(key, status, body.clone());
            html(status, body)
        }
        Err(e) => {
            tracing::error!(error = %e, "a rendered page could not be read");
            html(StatusCode::INTERNAL_SERVER_ERROR, Bytes::from_static(b"Internal error"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_catalogue_page;

    #[test]
    fn only_catalogue_pages_are_kept() {
        assert!(is_catalogue_page("/courses"));
        assert!(is_catalogue_page("/courses/12"));
        assert!(!is_catalogue_page("/learn/district"));
        assert!(!is_catalogue_page("/coursesx"));
        assert!(!is_catalogue_page("/"));
    }
}
