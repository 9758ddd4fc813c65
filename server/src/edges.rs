//! What wraps every request, pages and built assets alike: refusing cross-site writes, limits,
//! time-outs, compression, security headers, request logs, and caching of the built assets.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Forms and server functions take small bodies; nothing legitimate sends more.
const BODY_LIMIT: usize = 64 * 1024;
/// A body of at most 64 KB that takes longer than this is trickled on purpose: it must not hold one
/// of the server's request slots for the whole request time-out.
const BODY_TIME: Duration = Duration::from_secs(3);
/// A document upload: a 10 MB file and its form around it, sent within a minute (a slow phone
/// line at 2 Mbit/s needs 40 s). The upload route reads its body itself, after it knows who asks.
pub(crate) const UPLOAD_LIMIT: usize = 10 * 1024 * 1024 + 64 * 1024;
pub(crate) const UPLOAD_TIME: Duration = Duration::from_secs(60);
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(90);
/// Uploads received at once, and from one address. An upload may hold its request slot for a
/// minute: without these, slow bodies would take all 512 slots and every page would answer 503.
/// Sixteen at a time is ~20 MB/s at a phone line's pace, far above what residents send.
pub(crate) const UPLOADS_AT_ONCE: usize = 16;
pub(crate) const UPLOADS_PER_ADDRESS: usize = 2;
/// A request still unanswered after this is answered 503 (we are overloaded: come back), not 408
/// (which would blame the client).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Scripts only from our own origin (`/islands.js`, `/pkg/…`; wasm needs `'wasm-unsafe-eval'`) and
/// the two fixed inline scripts Leptos writes into every page (its resource bookkeeping), allowed
/// by hash: kept pages are served many times, so a per-response nonce cannot work.
/// `tests/platform.rs` checks every inline script of every page against these hashes.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' \
     'sha256-2e+rGxtst+bbxdLf6Dp32aL0uyPdikvr0awq53hVU58=' 'sha256-PEoA+SZ6ZbFCusLsUEMftpXvTp6Abhw9kvgQnCC8l3U='; \
     style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// How the server sits in the network.
#[derive(Clone, Debug, Default)]
pub struct EdgeConfig {
    /// Behind a reverse proxy that sets `X-Forwarded-Host` and `X-Forwarded-Proto` (and strips any
    /// a client sent): the site's public host and scheme are read from them. Off by default, since
    /// without such a proxy any client could claim any host.
    pub trust_forwarded: bool,
}

impl EdgeConfig {
    /// The host this request was addressed to: `Host` on HTTP/1.1, the URI's authority on HTTP/2
    /// (which has no `Host` header), or the proxy's `X-Forwarded-Host` when trusted.
    pub(crate) fn public_host<'a>(&self, request: &'a Request) -> Option<&'a str> {
        let headers = request.headers();
        if self.trust_forwarded {
            // the last value is the one our proxy wrote; earlier ones may be a client's own
            if let Some(forwarded) = headers.get_all("x-forwarded-host").iter().next_back().and_then(|v| v.to_str().ok()) {
                return forwarded.rsplit(',').next().map(str::trim);
            }
        }
        header_str(headers, header::HOST.as_str()).or_else(|| request.uri().authority().map(|a| a.as_str()))
    }

    /// The address failures and per-address limits are counted against: the TCP peer, or behind
    /// a trusted proxy the last address it appended to `X-Forwarded-For`; an IPv6 address as its
    /// /64 (`caller_prefix`).
    pub fn client_ip(&self, request: &Request) -> Option<std::net::IpAddr> {
        if self.trust_forwarded {
            // the last line and its last address are our proxy's: earlier ones may be the client's
            let forwarded = last_line(request.headers(), "x-forwarded-for");
            if let Some(ip) = forwarded.and_then(|v| v.rsplit(',').next()).and_then(|ip| ip.trim().parse().ok()) {
                return Some(caller_prefix(ip));
            }
        }
        request.extensions().get::<crate::serve::ClientAddr>().map(|c| caller_prefix(c.0))
    }

    /// Whether the resident reached us over https (directly, or through a trusted proxy).
    pub fn is_https(&self, request: &Request) -> bool {
        request.uri().scheme_str() == Some("https")
            || (self.trust_forwarded && last_line(request.headers(), "x-forwarded-proto").and_then(|v| v.rsplit(',').next()).map(str::trim) == Some("https"))
    }
}

/// One caller's share of the address space: an IPv4 address itself (an IPv4-mapped IPv6 address
/// as that IPv4 address), an IPv6 address as its /64, the prefix one home or phone line is given,
/// so that a caller cannot take a new share of every per-address limit with each of its 2⁶⁴
/// addresses. Loopback stays loopback (the limits skip this machine).
pub fn caller_prefix(ip: std::net::IpAddr) -> std::net::IpAddr {
    use std::net::{IpAddr, Ipv6Addr};
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None if v6.is_loopback() => ip,
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
    }
}

/// A header's last line: a proxy that adds its own line (HAProxy) rather than appending to the
/// client's leaves the client's first.
fn last_line<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(name).iter().next_back().and_then(|v| v.to_str().ok())
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Server functions have no CSRF protection of their own: a write (anything but GET/HEAD/OPTIONS)
/// must come from our own pages. Browsers say where a request comes from in `Sec-Fetch-Site` and
/// `Origin`; a request with neither is not from a browser page and cannot carry a victim's cookies
/// cross-site, so it passes. `Origin` is compared with the host the browser addressed, which behind
/// a proxy is the forwarded host (see `EdgeConfig`).
fn is_cross_site(config: &EdgeConfig, request: &Request) -> bool {
    let headers = request.headers();
    if matches!(header_str(headers, "sec-fetch-site"), Some("cross-site" | "same-site")) {
        return true;
    }
    if !headers.contains_key(header::ORIGIN) {
        return false;
    }
    // present but unreadable (not visible ASCII): no browser sends that; refuse
    let Some(origin) = header_str(headers, header::ORIGIN.as_str()) else { return true };
    let origin_host = origin.split_once("://").map(|(_, host)| host);
    match (origin_host, config.public_host(request)) {
        (Some(o), Some(h)) => !o.eq_ignore_ascii_case(h),
        _ => true, // "null" or an unreadable origin, or no host to compare with
    }
}

async fn guard_writes(axum::extract::State(config): axum::extract::State<EdgeConfig>, request: Request, next: Next) -> Response {
    guard(&config, request, next, BODY_LIMIT, BODY_TIME).await
}

/// The uploads' places: all of them, and each address's share.
#[derive(Clone)]
struct UploadSlots {
    config: EdgeConfig,
    all: std::sync::Arc<tokio::sync::Semaphore>,
    per_address: std::sync::Arc<crate::serve::slots::KeyedSlots<std::net::IpAddr>>,
}

/// Refuses a cross-site upload, then holds one of the uploads' places (and one of the address's)
/// while the route runs; past either cap, 503 at once. The body is not read here: the route first
/// asks who is uploading and to which application, and reads the body only for its owner.
async fn guard_uploads(axum::extract::State(slots): axum::extract::State<UploadSlots>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    if is_cross_site(&slots.config, &request) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site upload");
        return crate::error::ApiError(app::AppError::Forbidden).into_response();
    }
    let busy = || (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "5")], UPLOADS_BUSY).into_response();
    let Ok(_place) = slots.all.try_acquire() else { return busy() };
    // a loopback peer is this machine (see README, Configuration): not capped per address
    let _share = match slots.config.client_ip(&request).filter(|ip| !ip.is_loopback()) {
        Some(ip) => match slots.per_address.try_take(ip) {
            Some(share) => Some(share),
            None => return busy(),
        },
        None => None,
    };
    next.run(request).await
}

const UPLOADS_BUSY: &str = "지금 올리는 파일이 많습니다. 잠시 후 다시 올려 주세요. / Too many uploads at once; please upload again shortly.";

/// Refuses a cross-site write, then reads its body within `limit` bytes and `time`.
async fn guard(config: &EdgeConfig, request: Request, next: Next, limit: usize, time: Duration) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    if is_cross_site(config, &request) {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "refused a cross-site write");
        return crate::error::ApiError(app::AppError::Forbidden).into_response();
    }
    // Read the body here, within the limit: a body streamed without a length would otherwise hit
    // the limit inside a server function and come back as a 500.
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(time, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => next.run(Request::from_parts(parts, bytes.into())).await,
        Ok(Err(_)) => (StatusCode::PAYLOAD_TOO_LARGE, "요청이 너무 큽니다. / The request is too large.").into_response(),
        Err(_) => (StatusCode::REQUEST_TIMEOUT, "요청이 너무 느리게 도착했습니다. / The request arrived too slowly.").into_response(),
    }
}

/// HSTS only over https: sent over plain http it would be ignored at best, and would pin a
/// development address to https at worst.
async fn strict_transport(axum::extract::State(config): axum::extract::State<EdgeConfig>, request: Request, next: Next) -> Response {
    let https = config.is_https(&request);
    let mut response = next.run(request).await;
    if https {
        response
            .headers_mut()
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

/// A request that ran out of time: 503 with when to come back.
async fn timed_out(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    // the time-out layer's own answer: a bare 503 (ours always carry a content type)
    if response.status() == StatusCode::SERVICE_UNAVAILABLE && !response.headers().contains_key(header::CONTENT_TYPE) {
        response = (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "5")],
            "잠시 후 다시 시도해 주세요. / The server is busy; please try again shortly.",
        )
            .into_response();
    }
    response
}

fn always(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Wraps the whole router (pages, API, server functions and `/pkg`).
pub fn around(router: Router, config: &EdgeConfig) -> Router {
    let limited = router
        .layer(middleware::from_fn_with_state(config.clone(), guard_writes))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn(timed_out))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT))
        .layer(CompressionLayer::new().br(true).gzip(true));
    headers(limited, config)
}

/// Wraps the document uploads: the same refusal of cross-site writes and the same headers, with
/// room for a 10 MB file and the time to send it, and caps on uploads in flight.
pub fn around_uploads(router: Router, config: &EdgeConfig) -> Router {
    let slots = UploadSlots {
        config: config.clone(),
        all: std::sync::Arc::new(tokio::sync::Semaphore::new(UPLOADS_AT_ONCE)),
        per_address: crate::serve::slots::KeyedSlots::new(UPLOADS_PER_ADDRESS),
    };
    let limited = router
        .layer(middleware::from_fn_with_state(slots, guard_uploads))
        .layer(RequestBodyLimitLayer::new(UPLOAD_LIMIT))
        .layer(middleware::from_fn(timed_out))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, UPLOAD_TIMEOUT));
    headers(limited, config)
}

fn headers(router: Router, config: &EdgeConfig) -> Router {
    router
        .layer(middleware::from_fn_with_state(config.clone(), strict_transport))
        .layer(always(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(always(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
        .layer(always(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(always(header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .layer(always(header::X_FRAME_OPTIONS, "DENY"))
        .layer(TraceLayer::new_for_http())
}

/// Built assets keep their names between releases, so browsers revalidate them after a day; a
/// missing one is not remembered (the next release may bring it).
pub fn long_cache(router: Router) -> Router {
    router.layer(middleware::from_fn(|request: Request, next: Next| async move {
        let mut response = next.run(request).await;
        let value = if response.status().is_success() { "public, max-age=86400" } else { "no-store" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        response
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut r = Request::post("/api/x");
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.body(Body::empty()).unwrap()
    }

    #[test]
    fn origin_is_compared_with_the_host_the_browser_addressed() {
        let direct = EdgeConfig::default();
        assert!(!is_cross_site(&direct, &post(&[("host", "dongne.example"), ("origin", "https://dongne.example")])));
        assert!(is_cross_site(&direct, &post(&[("host", "dongne.example"), ("origin", "https://evil.example")])));
        assert!(is_cross_site(&direct, &post(&[("origin", "null"), ("host", "dongne.example")])));
        // a forwarded host is only believed when configured
        let claims = [("host", "127.0.0.1:3000"), ("x-forwarded-host", "dongne.example"), ("origin", "https://dongne.example")];
        assert!(is_cross_site(&direct, &post(&claims)));
        assert!(!is_cross_site(&EdgeConfig { trust_forwarded: true }, &post(&claims)));
        let forged = [("host", "127.0.0.1:3000"), ("x-forwarded-host", "dongne.example"), ("origin", "https://evil.example")];
        assert!(is_cross_site(&EdgeConfig { trust_forwarded: true }, &post(&forged)));
        // a client's own X-Forwarded-Host before the proxy's is not believed
        let smuggled = [("host", "127.0.0.1:3000"), ("x-forwarded-host", "evil.example, dongne.example"), ("origin", "https://evil.example")];
        assert!(is_cross_site(&EdgeConfig { trust_forwarded: true }, &post(&smuggled)));
        // an origin that is there but unreadable is refused, not ignored
        let mut odd = post(&[("host", "dongne.example")]);
        odd.headers_mut().insert("origin", HeaderValue::from_bytes(b"https://\xffevil").unwrap());
        assert!(is_cross_site(&direct, &odd));
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_last_address_of_the_last_line() {
        let mut request = Request::get("/").body(Body::empty()).unwrap();
        // the client's own line first, then the line the proxy added
        request.headers_mut().append("x-forwarded-for", HeaderValue::from_static("1.2.3.4"));
        request.headers_mut().append("x-forwarded-for", HeaderValue::from_static("9.9.9.9, 203.0.113.5"));
        request.extensions_mut().insert(crate::serve::ClientAddr("10.0.0.1".parse().unwrap()));
        assert_eq!(EdgeConfig { trust_forwarded: true }.client_ip(&request), Some("203.0.113.5".parse().unwrap()));
        assert_eq!(EdgeConfig { trust_forwarded: false }.client_ip(&request), Some("10.0.0.1".parse().unwrap()));
    }

    #[test]
    fn an_ipv6_caller_is_counted_by_its_64_prefix_and_a_mapped_ipv4_as_itself() {
        let prefix = |text: &str| super::caller_prefix(text.parse().unwrap()).to_string();
        assert_eq!(prefix("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::");
        assert_eq!(prefix("2001:db8:1:2::1"), prefix("2001:db8:1:2:ffff::9"));
        assert_ne!(prefix("2001:db8:1:2::1"), prefix("2001:db8:1:3::1"));
        assert_eq!(prefix("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(prefix("203.0.113.7"), "203.0.113.7");
        assert_eq!(prefix("::1"), "::1");
    }

    #[test]
    fn on_http2_the_host_comes_from_the_authority() {
        let request = Request::post("https://dongne.example/api/x").header("origin", "https://dongne.example").body(Body::empty()).unwrap();
        assert!(!is_cross_site(&EdgeConfig::default(), &request));
        let request = Request::post("https://dongne.example/api/x").header("origin", "https://evil.example").body(Body::empty()).unwrap();
        assert!(is_cross_site(&EdgeConfig::default(), &request));
    }
}
