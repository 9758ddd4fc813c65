//! The catalogue on the server: its tables, its search index, demo data, CSV import and the public
//! JSON API.

pub mod api;
pub mod generate;
pub mod import;
pub mod search;
pub mod store;
