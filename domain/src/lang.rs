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
    /// The Korean or the English of anything (owned text, views).
    pub fn choose<T>(self, ko: T, en: T) -> T {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }

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
        let english = cookies(headers).any(|(name, value)| name == "lang" && Lang::from_code(value) == Lang::En);
        if english {
            Lang::En
        } else {
            Lang::Ko
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }
}

/// Every (name, value) cookie in the given `Cookie` headers.
fn cookies<'a>(headers: impl IntoIterator<Item = &'a str>) -> impl Iterator<Item = (&'a str, &'a str)> {
    headers
        .into_iter()
        .flat_map(|h| h.split(';').filter_map(|c| c.trim().split_once('=')))
        .map(|(name, value)| (name.trim(), value.trim()))
}

/// The first value of the cookie `name` across the given `Cookie` headers.
pub fn cookie_value<'a>(headers: impl IntoIterator<Item = &'a str>, name: &str) -> Option<&'a str> {
    cookies(headers).find(|(k, _)| *k == name).map(|(_, v)| v)
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

/// An amount of money as the pages write it: "150,000,000원" / "KRW 150,000,000".
pub fn won(amount: u64, lang: Lang) -> String {
    let digits = amount.to_string();
    let grouped: String = digits
        .chars()
        .enumerate()
        .flat_map(|(i, c)| [(i > 0 && (digits.len() - i) % 3 == 0).then_some(','), Some(c)])
        .flatten()
        .collect();
    match lang {
        Lang::Ko => format!("{grouped}원"),
        Lang::En => format!("KRW {grouped}"),
    }
}

#[cfg(test)]
mod won_tests {
    use super::*;

    #[test]
    fn amounts_are_written_with_thousands_separators() {
        assert_eq!(won(150_000_000, Lang::Ko), "150,000,000원");
        assert_eq!(won(20_000, Lang::En), "KRW 20,000");
        assert_eq!(won(0, Lang::En), "KRW 0");
    }
}
