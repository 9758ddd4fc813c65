//! Public rooms, halls and courts on the web: the list (`/facilities`) and one facility's day of
//! slots (`/facilities/:slug?date=YYYY-MM-DD`). Booking pages come with the booking flow.

pub mod api;
pub mod booking;
pub mod pages;
