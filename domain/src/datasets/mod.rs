//! Open data: the district's dataset catalogue. What a dataset is and the checks its metadata and
//! rows pass (`model`), the vocabularies it is described by (`vocab`), how a resident's search is
//! read (`query`) and how matches are filtered, counted by facet and paged (`select`).

mod model;
mod ports;
mod query;
mod select;
pub mod services;
mod vocab;

pub use model::*;
pub use ports::*;
pub use query::*;
pub use select::*;
pub use vocab::*;
