//! The lifelong-learning catalogue: what a course is, how a resident's search is read, and how
//! matches are filtered, counted by facet, sorted and paged.

mod facets;
mod model;
mod new_course;
mod ports;
mod query;
mod select;

pub use facets::*;
pub use model::*;
pub use new_course::*;
pub use ports::*;
pub use query::*;
pub use select::*;
