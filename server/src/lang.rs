//! The language switch: `/lang/en?back=/courses?q=…` stores the choice in a cookie and returns the
//! resident to the page they were on.

use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use domain::Lang;

#[derive(serde::Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// Only our own paths: never `//evil.example` or `/\evil.example`, which browsers read as other sites.
fn safe_back(back: Option<String>) -> String {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.starts_with("/\\") && !b.contains(['\r', '\n']) => b,
        _ => "/".to_string(),
    }
}

pub async fn switch(Path(code): Path<String>, Query(back): Query<Back>) -> (StatusCode, HeaderMap) {
    let lang = Lang::from_code(&code);
    let mut headers = HeaderMap::new();
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", lang.code());
    headers.insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).expect("ascii cookie"));
    let location = HeaderValue::from_str(&safe_back(back.back)).unwrap_or(HeaderValue::from_static("/"));
    headers.insert(header::LOCATION, location);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    (StatusCode::SEE_OTHER, headers)
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn the_switch_only_returns_to_our_own_pages() {
        assert_eq!(safe_back(Some("/courses?q=미술".into())), "/courses?q=미술");
        assert_eq!(safe_back(Some("//evil.example".into())), "/");
        assert_eq!(safe_back(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_back(Some("https://evil.example".into())), "/");
        assert_eq!(safe_back(None), "/");
    }
}
