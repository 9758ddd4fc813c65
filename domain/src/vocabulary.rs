//! Closed vocabularies (a course's subject, a dataset's source, …): each value has a stable slug
//! (URLs, API, CSV, the database) and a Korean and English label, and its position in `ALL` is the
//! ordinal the searches keep in their columns.

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $slug:literal, $ko:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $slug)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($ko, $en)),+ }
            }

            pub fn parse(slug: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.slug() == slug)
            }

            /// Position in `ALL`: the column value the search keeps for this facet.
            pub fn ordinal(self) -> u8 {
                self as u8
            }
        }
    };
}

pub(crate) use vocabulary;
