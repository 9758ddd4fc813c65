//! The two interface languages. Korean is the default; English is chosen with a visible switch.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    /// The value of `<html lang>` and of the `lang` cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// Anything but a clear "en" is Korean: a stale or forged cookie must never break a page.
    pub fn from_code(code: &str) -> Lang {
        if code.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Ko
        }
    }

    /// Picks the text for this language. Translations sit side by side where they are used, so a
    /// missing one is visible in review.
    pub fn pick<'a>(self, ko: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }

    /// The language a request's `Cookie` header asks for (its `lang` cookie).
    pub fn from_cookie_header(header: &str) -> Lang {
        Lang::from_cookie_headers([header])
    }

    /// The language a request asks for across all its `Cookie` headers: English if any says so.
    pub fn from_cookie_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> Lang {
        let mut lang = Lang::Ko;
        for_each_cookie(headers, |name, value| {
            if name == "lang" && Lang::from_code(value) == Lang::En {
                lang = Lang::En;
            }
        });
        lang
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }
}

/// Calls `each(name, value)` for every cookie in the given `Cookie` headers.
fn for_each_cookie<'a>(headers: impl IntoIterator<Item = &'a str>, mut each: impl FnMut(&str, &str)) {
    for header in headers {
        for (name, value) in header.split(';').filter_map(|c| c.trim().split_once('=')) {
            each(name.trim(), value.trim());
        }
    }
}

/// The first value of the cookie `name` across the given `Cookie` headers.
pub fn cookie_value<'a>(headers: impl IntoIterator<Item = &'a str>, name: &str) -> Option<&'a str> {
    headers
        .into_iter()
        .flat_map(|h| h.split(';').filter_map(|c| c.trim().split_once('=')))
        .find(|(k, _)| k.trim() == name)
        .map(|(_, v)| v.trim())
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn the_lang_cookie_chooses_english_and_anything_else_is_korean() {
        assert_eq!(Lang::from_cookie_header("a=1; lang=en; b=2"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=ko"), Lang::Ko);
        assert_eq!(Lang::from_cookie_header("lang=fr"), Lang::Ko);
        assert_eq!(Lang::from_cookie_header("language=en"), Lang::Ko);
        assert_eq!(Lang::from_cookie_header(""), Lang::Ko);
        assert_eq!(Lang::from_cookie_headers(["a=1", "lang=en"]), Lang::En);
    }
}
