//! The resident's display choices: `/lang/en?back=…` and `/text-size/large?back=…` store the choice
//! in a cookie and return the resident to the page they were on, which must be one of ours.

use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::routing::get;
use axum::Router;
use domain::{Lang, TextSize};

pub fn routes() -> Router<crate::AppState> {
    Router::new().route("/lang/{code}", get(switch_lang)).route("/text-size/{size}", get(switch_text_size))
}

/// The language a request's cookies ask for.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    Lang::from_cookie_headers(cookie_headers(headers))
}

/// The text size a request's cookies ask for.
pub fn request_text_size(headers: &HeaderMap) -> TextSize {
    TextSize::from_cookie_headers(cookie_headers(headers))
}

fn cookie_headers(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok())
}

#[derive(serde::Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// Only a path on this site. Browsers drop tabs and newlines from addresses and read `\` as `/`,
/// so `/%09/evil.example` or `/\evil.example` would become `//evil.example`: another site. Any
/// control character, whitespace or backslash therefore sends the resident home instead.
fn safe_back(back: Option<String>) -> String {
    back.as_deref().and_then(domain::paths::local_path).unwrap_or("/").to_string()
}

/// Stores `cookie` (name=value) for a year and goes back.
fn remember(cookie: String, back: Option<String>) -> (StatusCode, HeaderMap) {
    let mut headers = HeaderMap::new();
    let cookie = format!("{cookie}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
    headers.insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).expect("ascii cookie"));
    let location = HeaderValue::from_str(&safe_back(back)).unwrap_or(HeaderValue::from_static("/"));
    headers.insert(header::LOCATION, location);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    (StatusCode::SEE_OTHER, headers)
}

async fn switch_lang(Path(code): Path<String>, Query(back): Query<Back>) -> (StatusCode, HeaderMap) {
    remember(format!("lang={}", Lang::from_code(&code).code()), back.back)
}

async fn switch_text_size(Path(size): Path<String>, Query(back): Query<Back>) -> (StatusCode, HeaderMap) {
    remember(format!("size={}", TextSize::from_code(&size).code()), back.back)
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn the_switch_only_returns_to_our_own_pages() {
        assert_eq!(safe_back(Some("/courses?q=미술".into())), "/courses?q=미술");
        assert_eq!(safe_back(Some("/courses?q=a+b".into())), "/courses?q=a+b");
        for evil in ["//evil.example", "/\\evil.example", "https://evil.example", "/\t/evil.example", "/\n/evil.example",
            "/ /evil.example", "/x\\..\\\\evil.example", "/\u{0}/evil.example", "evil.example"] {
            assert_eq!(safe_back(Some(evil.into())), "/", "{evil:?}");
        }
        assert_eq!(safe_back(None), "/");
    }
}
