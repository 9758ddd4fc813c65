//! What wraps every request: refusing cross-site writes, limits, compression, security headers,
//! request logs, and caching of the built assets.

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::time::Duration;
use tower::Layer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Forms and server functions take small bodies; nothing legitimate sends more.
const BODY_LIMIT: usize = 64 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Server functions have no CSRF protection of their own: a write (anything but GET/HEAD/OPTIONS)
/// must come from our own pages. Browsers say where a request comes from in `Sec-Fetch-Site` and
/// `Origin`; a request with neither is not from a browser page and cannot carry a victim's cookies
/// cross-site, so it passes.
async fn guard_writes(request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(|o| o.split("://").nth(1).unwrap_or("").to_string());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let cross_site = matches!(fetch_site, Some("cross-site" | "same-site"))
        || matches!((&origin_host, host), (Some(o), Some(h)) if o != h)
        || matches!((&origin_host, host), (Some(_), None));
    if cross_site {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "refused a cross-site write");
        return (StatusCode::FORBIDDEN, "Cross-site requests are not accepted. / 다른 사이트에서 보낸 요청은 받지 않습니다.")
            .into_response();
    }
    // Read the body here, within the limit: a body streamed without a length would otherwise hit
    // the limit inside a server function and come back as a 500.
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => next.run(Request::from_parts(parts, bytes.into())).await,
        Err(_) => (StatusCode::PAYLOAD_TOO_LARGE, "The request is too large. / 요청이 너무 큽니다.").into_response(),
    }
}

pub fn around_pages(router: Router) -> Router {
    router
        .layer(middleware::from_fn(guard_writes))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(TraceLayer::new_for_http())
}

/// Built assets keep their names between releases, so browsers revalidate them after a day.
pub fn long_cache<S>(service: S) -> SetResponseHeader<S, HeaderValue> {
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"))
        .layer(service)
}
