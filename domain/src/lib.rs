//! Dongne's domain: the types that parse and the rules of each area of the portal, in plain Rust.
//! Nothing here knows about HTTP, HTML, SQL or a clock, so the same code runs on the server and in the
//! browser and is tested without either.

pub mod accounts;
pub mod air;
pub mod calendar;
pub mod carshare;
pub mod courses;
pub mod crowd;
pub mod datasets;
pub mod facilities;
pub mod kids_cafe;
pub mod lang;
pub mod paths;
pub mod privacy;
pub mod programmes;
pub mod seats;
pub mod sessions;
pub mod text;
pub mod text_size;
mod vocabulary;

pub use calendar::{Clock, IsoDate, SeoulTime};
pub use lang::Lang;
pub use text_size::TextSize;
