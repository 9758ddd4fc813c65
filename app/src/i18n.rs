//! Which language a page is in: Korean unless the resident chose English with the switch, which
//! stores the choice in the `lang` cookie.

use domain::Lang;
use leptos::prelude::*;

/// The page's language, provided once by `App`.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The language the request asks for (its `lang` cookie); Korean in the browser, where pages do
/// not render (islands get the language as a prop).
pub fn request_lang() -> Lang {
    imp::request_lang()
}

/// Where the language switch points: the server stores the choice and sends the resident back.
pub fn switch_href(to: Lang, back: &str) -> String {
    format!("/lang/{}?back={}", to.code(), domain::courses::form_encode(back))
}

#[cfg(feature = "ssr")]
mod imp {
    use super::*;

    pub fn request_lang() -> Lang {
        let Some(parts) = use_context::<http::request::Parts>() else { return Lang::Ko };
        let cookies = parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok());
        Lang::from_cookie_headers(cookies)
    }
}

#[cfg(not(feature = "ssr"))]
mod imp {
    use super::*;

    pub fn request_lang() -> Lang {
        Lang::Ko
    }
}
