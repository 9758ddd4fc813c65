//! The agency desk's server functions. They are public endpoints: the caller must be signed in
//! and granted an agency; every argument is read by the domain's own parsers (a registration by
//! `ServiceDraft::parse`, numbers bounded), and a service or key of another agency is a 404.
//!
//! A browser's plain form is sent on to the page that shows the result; a caller asking for JSON
//! (`Accept: application/json`) gets the answer itself, so `/api/issue_service_key`'s JSON holds
//! the key: it is shown this once and kept only as its hash.

use crate::error::AppError;
use domain::datasets::services::{IssuedKey, PlatformError, ServiceInfo};
use domain::datasets::Publisher;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

impl From<PlatformError> for AppError {
    fn from(e: PlatformError) -> AppError {
        match e {
            PlatformError::Invalid { ko, en } => AppError::BadRequest { ko, en },
            PlatformError::NotFound => AppError::NotFound,
            PlatformError::Conflict { ko, en } => AppError::Conflict { ko, en },
            PlatformError::Unavailable => AppError::Unavailable,
        }
    }
}

/// What the desk shows: the agency acting and its services (`agency` is `None` for an account
/// no agency was granted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgencyDesk {
    pub agency: Option<Publisher>,
    pub services: Vec<ServiceInfo>,
}

/// A number in a form field: 1 to 9,999,999, digits only.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn number(raw: &str, what_ko: &str, what_en: &str) -> Result<u32, AppError> {
    let raw = raw.trim();
    (!raw.is_empty() && raw.len() <= 7 && raw.bytes().all(|b| b.is_ascii_digit()))
        .then(|| raw.parse::<u32>().ok())
        .flatten()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::bad_request(format!("{what_ko} 번호가 올바르지 않습니다."), format!("That is not a {what_en} number.")))
}

#[server(endpoint = "agency_desk")]
pub async fn read_agency_desk() -> Result<AgencyDesk, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let platform = ssr::platform()?;
    let Some(agency) = platform.agency_of(viewer.id).await? else { return Ok(AgencyDesk { agency: None, services: Vec::new() }) };
    Ok(AgencyDesk { agency: Some(agency), services: platform.services(agency).await? })
}

/// Registers a service; its dataset joins the catalogue at once.
#[server(endpoint = "register_service")]
pub async fn register_service(name: String, description: String, contact: String, theme: String, schema: String) -> Result<ServiceInfo, AppError> {
    let (platform, agency) = ssr::acting_agency().await?;
    let draft = domain::datasets::services::ServiceDraft::parse(&name, &description, &contact, &theme, &schema).map_err(PlatformError::from)?;
    let today = crate::accounts::ssr::today()?;
    let service = platform.register(agency, draft, today).await?;
    if !ssr::wants_json() {
        leptos_axum::redirect(&format!("/agency/services/{}?done=registered", service.id));
    }
    Ok(service)
}

/// Issues a key for one of the agency's services. The JSON answer holds the key; a browser is sent
/// to the service's page, which shows it once (carried there in a short-lived cookie scoped to
/// that page, never in the address).
#[server(endpoint = "issue_service_key")]
pub async fn issue_service_key(service: String) -> Result<IssuedKey, AppError> {
    let service = number(&service, "서비스", "service")?;
    let (platform, agency) = ssr::acting_agency().await?;
    let issued = platform.issue_key(agency, service, ssr::now()?).await?;
    if !ssr::wants_json() {
        let secure = crate::accounts::ssr::secure_attribute();
        ssr::set_cookie(&format!("{}={}; Path=/agency/services/{service}; Max-Age=300; HttpOnly; SameSite=Strict{secure}", ssr::NEW_KEY_COOKIE, issued.key));
        leptos_axum::redirect(&format!("/agency/services/{service}?done=key"));
    }
    Ok(issued)
}

/// Revokes a key of one of the agency's services: it is refused from now on.
#[server(endpoint = "revoke_service_key")]
pub async fn revoke_service_key(service: String, key: String) -> Result<(), AppError> {
    let service = number(&service, "서비스", "service")?;
    let key = number(&key, "키", "key")?;
    let (platform, agency) = ssr::acting_agency().await?;
    platform.revoke_key(agency, service, key, ssr::now()?).await?;
    if !ssr::wants_json() {
        leptos_axum::redirect(&format!("/agency/services/{service}?done=revoked"));
    }
    Ok(())
}

/// The key just issued for `service`, if this request carries it; cleared so it shows once.
pub fn take_new_key(service: u32) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        ssr::take_new_key(service)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = service;
        None
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use domain::datasets::services::AgencyPlatform;
    use domain::datasets::Publisher;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub const NEW_KEY_COOKIE: &str = "service_key";

    pub fn platform() -> Result<Arc<dyn AgencyPlatform>, AppError> {
        use_context::<Arc<dyn AgencyPlatform>>().ok_or(AppError::Unavailable)
    }

    pub fn now() -> Result<domain::SeoulTime, AppError> {
        Ok(use_context::<Arc<dyn domain::Clock>>().ok_or(AppError::Unavailable)?.now())
    }

    /// The platform and the agency the signed-in account acts for; 403 for an account no agency
    /// was granted.
    pub async fn acting_agency() -> Result<(Arc<dyn AgencyPlatform>, Publisher), AppError> {
        let viewer = crate::accounts::ssr::require_viewer()?;
        let platform = platform()?;
        let agency = platform.agency_of(viewer.id).await?.ok_or_else(|| AppError::NotAllowed {
            ko: "기관 계정만 할 수 있습니다. 구청 스마트정보과에 기관 권한을 요청해 주세요.".into(),
            en: "Only agency accounts can do this. Ask the district's Smart Information Division for agency access.".into(),
        })?;
        Ok((platform, agency))
    }

    /// Whether the caller asked for JSON rather than a page (an outside tool, not a plain form).
    pub fn wants_json() -> bool {
        use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(str::to_string))
            .is_some_and(|accept| accept.contains("application/json") && !accept.contains("text/html"))
    }

    pub fn set_cookie(cookie: &str) {
        if let (Some(res), Ok(v)) = (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(cookie)) {
            res.append_header(http::header::SET_COOKIE, v);
        }
    }

    pub fn take_new_key(service: u32) -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        let cookies = parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok());
        let key = domain::lang::cookie_value(cookies, NEW_KEY_COOKIE)?.to_string();
        let secure = crate::accounts::ssr::secure_attribute();
        set_cookie(&format!("{NEW_KEY_COOKIE}=; Path=/agency/services/{service}; Max-Age=0; HttpOnly; SameSite=Strict{secure}"));
        (key.len() <= 64 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')).then_some(key)
    }
}
