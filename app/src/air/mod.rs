//! Air quality for residents: the live district map and sensor table, a sensor's history, and the
//! spraying truck's suggested round. Pages are server components; the live updates are a small
//! plain script (`public/air-live.js`), no island, because they only rewrite text and classes.

pub mod api;
pub mod charts;
pub mod components;
pub mod map;
pub mod pages;
