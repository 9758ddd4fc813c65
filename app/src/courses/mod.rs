//! The lifelong-learning catalogue on the web: search with facets, a course's page, the district's
//! own courses.

pub mod api;
pub mod apply;
pub mod components;
mod live_search;
pub mod pages;
