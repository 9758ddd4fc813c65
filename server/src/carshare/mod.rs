//! Car share on the server: e-bike docks, their simulated feed and holds (`bikes`).

pub mod bikes;
