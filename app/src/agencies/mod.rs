//! The agency desk of the smart-city platform: an agency's services, registering one, and its keys
//! (`/agency`, `/agency/services/:id`). Plain forms to server functions at stable paths, so outside
//! tools can set a service up too.

pub mod api;
pub mod pages;
