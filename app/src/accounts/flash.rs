//! How a refused plain form (JavaScript off) shows why: Leptos sends the resident back to the form
//! with the error in the address; the server moves it into a short-lived `flash` cookie (so a
//! crafted link cannot put words on our page) and the form's page shows it once.

use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// The cookie's name; the server sets it, the page reads and clears it.
pub const FLASH_COOKIE: &str = "flash";

/// The message of the form that was just refused, if any, as an alert above the form.
#[component]
pub fn FormError() -> impl IntoView {
    let lang = use_lang();
    take_flash().map(|e| {
        view! { <p class="error" role="alert" data-testid="form-error">{e.message(lang)}</p> }
    })
}

/// The flashed error of this request, cleared for the next one.
fn take_flash() -> Option<AppError> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let cookies = parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok());
        let value = domain::lang::cookie_value(cookies, FLASH_COOKIE)?;
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            let clear = format!("{FLASH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
            if let Ok(v) = http::HeaderValue::from_str(&clear) {
                res.append_header(http::header::SET_COOKIE, v);
            }
        }
        let json = domain::courses::url_pairs(&format!("e={value}")).into_iter().next()?.1;
        serde_json::from_str(&json).ok()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}
