//! Car share pages: shared e-bike docks (`bikes`) and shared parking by the hour (`parking`).

pub mod bikes;
pub mod parking;
