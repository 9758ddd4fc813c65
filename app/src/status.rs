//! Lets a page set its HTTP status (404 for an unknown course, 400 for a search that cannot be read).

pub fn set_status(code: u16) {
    imp::set_status(code)
}

#[cfg(feature = "ssr")]
mod imp {
    pub fn set_status(code: u16) {
        if let (Some(res), Ok(status)) =
            (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
        {
            res.set_status(status);
        }
    }
}

#[cfg(not(feature = "ssr"))]
mod imp {
    pub fn set_status(_code: u16) {}
}
