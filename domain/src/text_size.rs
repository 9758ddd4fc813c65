//! The text size a resident chose with the header's 글자 크기 control (standard, large, largest),
//! kept in the `size` cookie like the language. Many residents who book district services are over
//! 70; the whole page scales with it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextSize {
    #[default]
    Standard,
    Large,
    Largest,
}

impl TextSize {
    pub const ALL: [TextSize; 3] = [TextSize::Standard, TextSize::Large, TextSize::Largest];

    /// The value of the `size` cookie and of `<html data-text-size>`.
    pub fn code(self) -> &'static str {
        match self {
            TextSize::Standard => "standard",
            TextSize::Large => "large",
            TextSize::Largest => "largest",
        }
    }

    /// Anything unknown is the standard size: a stale or forged cookie never breaks a page.
    pub fn from_code(code: &str) -> TextSize {
        TextSize::ALL.into_iter().find(|s| s.code() == code.trim()).unwrap_or_default()
    }

    /// The size a request's `Cookie` headers ask for.
    pub fn from_cookie_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> TextSize {
        crate::lang::cookie_value(headers, "size").map(TextSize::from_code).unwrap_or_default()
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            TextSize::Standard => lang.pick("보통", "Standard"),
            TextSize::Large => lang.pick("크게", "Large"),
            TextSize::Largest => lang.pick("가장 크게", "Largest"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TextSize;

    #[test]
    fn the_size_cookie_chooses_a_size_and_anything_else_is_standard() {
        assert_eq!(TextSize::from_cookie_headers(["lang=en; size=largest"]), TextSize::Largest);
        assert_eq!(TextSize::from_cookie_headers(["size=large"]), TextSize::Large);
        assert_eq!(TextSize::from_cookie_headers(["size=huge"]), TextSize::Standard);
        assert_eq!(TextSize::from_cookie_headers(["fontsize=large"]), TextSize::Standard);
        assert_eq!(TextSize::from_cookie_headers([]), TextSize::Standard);
    }
}
