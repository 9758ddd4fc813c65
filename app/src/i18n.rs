//! Which language and text size a page is in: Korean and the standard size unless the resident
//! chose otherwise with the header's switches, which store the choice in the `lang` and `size`
//! cookies.

use domain::{Lang, TextSize};
use leptos::prelude::*;

/// The page's language, provided once by `App`.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The language the request asks for (its `lang` cookie); Korean in the browser, where pages do
/// not render (islands get the language as a prop).
pub fn request_lang() -> Lang {
    imp::request_cookies(|cookies: Vec<&str>| Lang::from_cookie_headers(cookies))
}

/// The text size the request asks for (its `size` cookie).
pub fn request_text_size() -> TextSize {
    imp::request_cookies(|cookies: Vec<&str>| TextSize::from_cookie_headers(cookies))
}

/// Where the language switch points: the server stores the choice and sends the resident back.
pub fn switch_href(to: Lang, back: &str) -> String {
    format!("/lang/{}?back={}", to.code(), domain::courses::form_encode(back))
}

/// Where a text-size button points.
pub fn text_size_href(to: TextSize, back: &str) -> String {
    format!("/text-size/{}?back={}", to.code(), domain::courses::form_encode(back))
}

#[cfg(feature = "ssr")]
mod imp {
    pub fn request_cookies<T: Default>(read: impl Fn(Vec<&str>) -> T) -> T {
        let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() else { return T::default() };
        read(parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect())
    }
}

#[cfg(not(feature = "ssr"))]
mod imp {
    pub fn request_cookies<T: Default>(_read: impl Fn(Vec<&str>) -> T) -> T {
        T::default()
    }
}
