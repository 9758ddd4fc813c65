//! Rendered pages that are the same for everyone, kept while the server runs, and the promise
//! that one resident never sees another's page.
//!
//! Which pages may be kept is each domain's call (`page_key`: the catalogue keys its searches by
//! the search as the domain reads it). A kept page is rendered from a request that carries only the
//! `lang` and `size` cookies, so nothing personal can enter it; the parts of a page that are per
//! person are empty `<div data-personal="…">` slots that `Personalize` fills per request, after the
//! cache. Pages are kept in least-recently-used order within a byte budget; a render that began
//! before the data changed (a catalogue reload) is never stored after it (the generation number).
//! Every kept page is answered with an ETag, so browsers revalidate with a 304.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use crate::preferences::{request_lang, request_text_size};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A rendered page is a few tens of KB; a page larger than this is served but not kept.
const LARGEST_KEPT_PAGE: usize = 512 * 1024;
/// Nothing we render comes near this; past it the render is cut off rather than held in memory.
const LARGEST_PAGE: usize = 16 * 1024 * 1024;

/// Says whether a page may be kept, and under which key (its normalised address).
pub type PageKey = fn(&Uri) -> Option<String>;

/// Fills the per-person slots of a kept page for one request: returns (slot name, HTML) pairs.
/// Domains with per-person parts (accounts) register one; the default fills nothing.
pub type Personalize = Arc<dyn Fn(&axum::http::request::Parts) -> Vec<(&'static str, String)> + Send + Sync>;

#[derive(Clone)]
struct Page {
    status: StatusCode,
    body: Bytes,
    fingerprint: u64,
}

pub struct PageCache {
    budget: usize,
    pages: Mutex<Pages>,
    generation: AtomicU64,
    keys: Vec<PageKey>,
    personalize: Personalize,
}

struct Pages {
    lru: lru::LruCache<String, Page>,
    bytes: usize,
}

impl PageCache {
    /// Keeps up to `budget` bytes of pages (0: keep none) whose addresses one of `keys` accepts.
    pub fn new(budget: usize, keys: Vec<PageKey>, personalize: Personalize) -> Arc<PageCache> {
        Arc::new(PageCache {
            budget,
            pages: Mutex::new(Pages { lru: lru::LruCache::unbounded(), bytes: 0 }),
            generation: AtomicU64::new(1),
            keys,
            personalize,
        })
    }

    /// Forgets every page: the data they were rendered from changed. Renders already under way
    /// belong to the old generation and will not be stored.
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let mut pages = self.lock();
        pages.lru.clear();
        pages.bytes = 0;
    }

    /// Changes whenever the kept data changes (for ETags).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn kept_bytes(&self) -> usize {
        self.lock().bytes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pages> {
        // a panic while holding the lock leaves a consistent map behind
        self.pages.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, key: &str) -> Option<Page> {
        self.lock().lru.get(key).cloned()
    }

    fn put(&self, key: String, page: Page, rendered_in: u64) {
        if page.body.len() > LARGEST_KEPT_PAGE || page.body.len() > self.budget {
            return;
        }
        let mut pages = self.lock();
        // checked under the lock that `clear` takes too: a stale render never lands after a clear
        if self.generation() != rendered_in {
            return;
        }
        pages.bytes += cost(&key, &page);
        if let Some((old_key, old)) = pages.lru.push(key, page) {
            pages.bytes -= cost(&old_key, &old);
        }
        while pages.bytes > self.budget {
            let Some((evicted_key, evicted)) = pages.lru.pop_lru() else { break };
            pages.bytes -= cost(&evicted_key, &evicted);
        }
    }

    /// Where a request's page is kept, or `None` when it is not kept.
    fn key_of(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Option<CacheKey> {
        if self.budget == 0 || !(method == Method::GET || method == Method::HEAD) {
            return None;
        }
        let address = self.keys.iter().find_map(|key| key(uri))?;
        let (lang, size) = (request_lang(headers), request_text_size(headers));
        Some(CacheKey {
            key: format!("{} {} {address}", lang.code(), size.code()),
            cookies: format!("lang={}; size={}", lang.code(), size.code()),
            address,
        })
    }
}

/// A kept page's place: its key, and what its render is given (the normalised address and the
/// only cookies it may see).
struct CacheKey {
    key: String,
    address: String,
    cookies: String,
}

/// Whether the browser's `If-None-Match` names `etag` (or `*`): it already has this answer.
pub fn browser_has(if_none_match: Option<&HeaderValue>, etag: &str) -> bool {
    if_none_match
        .and_then(|v| v.to_str().ok())
        .is_some_and(|asked| asked.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
}

/// What an entry takes from the budget: its page, its key (a long search's key is a few KB) and
/// the bookkeeping around them.
fn cost(key: &str, page: &Page) -> usize {
    page.body.len() + key.len() + 64
}

/// A stable 64-bit fingerprint (FNV-1a through `Hasher`) for ETags.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    bytes.hash(&mut hasher);
    hasher.finish()
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The middleware: answers kept pages from memory and keeps the pages it may.
pub async fn serve_from_cache(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    let Some(CacheKey { key, address, cookies }) = cache.key_of(request.method(), request.uri(), request.headers()) else {
        return next.run(request).await;
    };
    let (mut parts, body) = request.into_parts();
    let head_only = parts.method == Method::HEAD;
    let personal = (cache.personalize)(&parts);
    let asked = parts.headers.get(header::IF_NONE_MATCH).cloned();
    if let Some(page) = cache.get(&key) {
        return answer(page, &personal, asked.as_ref(), head_only);
    }
    // render the page as it is for everyone: only the language and size cookies, the normalised
    // address, and a GET even for a HEAD
    let rendered_in = cache.generation();
    parts.method = Method::GET;
    parts.uri = address.parse().unwrap_or(parts.uri);
    // nothing that names a person reaches a render that everyone will be served: no signed-in
    // resident (the server's extensions) and none of the request's credentials
    parts.extensions = strip_person(std::mem::take(&mut parts.extensions));
    for personal in [header::COOKIE, header::AUTHORIZATION, header::PROXY_AUTHORIZATION, header::IF_NONE_MATCH] {
        parts.headers.remove(personal);
    }
    parts.headers.insert(header::COOKIE, HeaderValue::from_str(&cookies).expect("ascii cookie"));
    let response = next.run(Request::from_parts(parts, body)).await;
    let keep = matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND)
        && response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if !keep {
        return response;
    }
    let status = response.status();
    match axum::body::to_bytes(response.into_body(), LARGEST_PAGE).await {
        Ok(body) => {
            let page = Page { status, fingerprint: fingerprint(&body), body };
            cache.put(key, page.clone(), rendered_in);
            answer(page, &personal, asked.as_ref(), head_only)
        }
        Err(e) => {
            tracing::error!(error = %e, "a rendered page could not be read");
            (StatusCode::SERVICE_UNAVAILABLE, "잠시 후 다시 시도해 주세요. / Please try again in a moment.").into_response()
        }
    }
}

/// A kept page for one request: its slots filled, its ETag, a 304 when the browser has it.
fn answer(page: Page, personal: &[(&'static str, String)], if_none_match: Option<&HeaderValue>, head_only: bool) -> Response {
    let mut fingerprint = page.fingerprint;
    let body = if personal.is_empty() {
        page.body
    } else {
        let filled = fill_slots(&page.body, personal);
        // the kept page's fingerprint with the fragments' (hashing the whole filled page again
        // would cost a signed-in resident a pass over every byte)
        for (name, fragment) in personal {
            fingerprint ^= self::fingerprint(format!("{name}\u{0}{fragment}").as_bytes()).rotate_left(1);
        }
        Bytes::from(filled)
    };
    let etag = format!("\"{fingerprint:016x}\"");
    let mut response = if browser_has(if_none_match, &etag) {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        let length = body.len();
        let mut r = Response::new(if head_only { Body::empty() } else { Body::from(body) });
        *r.status_mut() = page.status;
        r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        r
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex etag"));
    // the page differs by cookie (language, size, the person's slots): browsers keep their own copy
    // and revalidate it; shared caches keep none
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
    response
}

/// The page with each `<div data-personal="NAME" …>…</div>` slot holding its HTML instead of what
/// it held for everyone (a slot's own content has no `</div>`).
fn fill_slots(page: &[u8], personal: &[(&'static str, String)]) -> Vec<u8> {
    let mut html = String::from_utf8_lossy(page).into_owned();
    for (name, fragment) in personal {
        let open = format!("<div data-personal=\"{name}\"");
        let Some(start) = html.find(&open) else { continue };
        let Some(content) = html[start..].find('>').map(|i| start + i + 1) else { continue };
        let Some(end) = html[content..].find("</div>").map(|i| content + i) else { continue };
        html.replace_range(content..end, fragment);
    }
    html.into_bytes()
}

/// The request's extensions without anything that says who is asking.
fn strip_person(mut extensions: axum::http::Extensions) -> axum::http::Extensions {
    extensions.remove::<domain::accounts::Viewer>();
    extensions.remove::<std::sync::Arc<dyn app::accounts::ssr::SessionControl>>();
    extensions
}

/// Fills nothing: no domain has per-person parts on kept pages yet.
pub fn no_personal_parts() -> Personalize {
    Arc::new(|_| Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: usize) -> Page {
        Page { status: StatusCode::OK, body: Bytes::from(vec![b'x'; bytes]), fingerprint: 0 }
    }

    #[test]
    fn the_least_recently_used_pages_go_first_when_the_budget_is_spent() {
        let cache = PageCache::new(3 * cost("a", &page(100)), vec![], no_personal_parts());
        let g = cache.generation();
        cache.put("a".into(), page(100), g);
        cache.put("b".into(), page(100), g);
        cache.put("c".into(), page(100), g);
        assert!(cache.get("a").is_some()); // a is now the most recently used
        cache.put("d".into(), page(100), g);
        assert!(cache.get("b").is_none());
        assert!(cache.get("a").is_some() && cache.get("c").is_some() && cache.get("d").is_some());
        assert_eq!(cache.kept_bytes(), cost("a", &page(100)) * 3);
    }

    #[test]
    fn a_render_that_began_before_a_clear_is_not_kept() {
        let cache = PageCache::new(1000, vec![], no_personal_parts());
        let before = cache.generation();
        cache.clear();
        cache.put("a".into(), page(10), before);
        assert!(cache.get("a").is_none());
        cache.put("a".into(), page(10), cache.generation());
        assert!(cache.get("a").is_some());
    }

    #[test]
    fn a_page_too_large_to_keep_is_not_kept() {
        let cache = PageCache::new(10_000_000, vec![], no_personal_parts());
        cache.put("big".into(), page(LARGEST_KEPT_PAGE + 1), cache.generation());
        assert!(cache.get("big").is_none());
        assert_eq!(cache.kept_bytes(), 0);
    }

    #[test]
    fn slots_are_filled_per_request() {
        let kept = br#"<header><div data-personal="account"></div></header>"#;
        let filled = fill_slots(kept, &[("account", "<a>김동네</a>".into())]);
        assert_eq!(String::from_utf8(filled).unwrap(), r#"<header><div data-personal="account"><a>김동네</a></div></header>"#);
    }
}
