//! Kids cafés on the web: what they are and their rules (`/kids-cafe`), and a branch's week with
//! seats left (`/kids-cafe/:branch`). Booking pages come with the booking flow.

pub mod api;
pub mod booking;
pub mod components;
pub mod lottery;
pub mod pages;
pub mod seats_live;
pub mod stats;
