//! Crowd levels: every hotspot now on a map and in a table with an alert banner (`/crowd`), and one
//! hotspot's last 24 hours (`/crowd/:id`). Drawn on the server; `public/crowd-live.js` keeps the
//! levels current without an island.

pub mod api;
mod chart;
mod map;
pub mod pages;
