//! Open data: the dataset catalogue's search (`/data`) and a dataset's page (`/data/:id`).

pub mod api;
mod chart;
pub mod pages;
