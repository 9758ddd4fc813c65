//! `AppError` (the app crate's one outward error) as an HTTP answer: JSON for the public API and
//! server functions, with the status the error names and its message in Korean and English.

use app::AppError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::Lang;
use serde_json::json;

/// An `AppError` answered as the public API's JSON: `{"error": english, "message_ko": korean}`.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        let body = json!({ "error": self.0.message(Lang::En), "message_ko": self.0.message(Lang::Ko) });
        let mut response = (status, Json(body)).into_response();
        if let Some(secs) = retry_after(&self.0) {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Seconds a client should wait before trying again, for the errors that have one.
fn retry_after(error: &AppError) -> Option<u32> {
    match error {
        AppError::Unavailable => Some(5),
        AppError::TooManyRequests { retry_after_secs } => Some(*retry_after_secs),
        _ => None,
    }
}

/// Server functions answer every error with status 500 and the error in the body; this gives the
/// reply the status the `AppError` names (a refused argument is the caller's 400, not our 500) and
/// adds the message in the resident's language, leaving the encoded error for Leptos's client.
pub async fn server_fn_status(
    axum::extract::State(cookie): axum::extract::State<crate::accounts::CookiePolicy>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let secure = cookie.secure;
    let lang = crate::preferences::request_lang(request.headers());
    let response = next.run(request).await;
    // a plain form's error is already a redirect back to the form (JavaScript off): keep it
    let redirect = response.status().is_redirection() || response.headers().contains_key(header::LOCATION);
    let failed = response.headers().contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER);
    // only a server function's own refusal is flashed: any other redirect that carries `__err`
    // (a `back=`/`next=` someone crafted) is followed as it is and its words are never shown
    if redirect && failed {
        return flash_form_error(response, secure);
    }
    if redirect || !failed {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return ApiError(AppError::Unavailable).into_response();
    };
    let Ok(error) = serde_json::from_slice::<AppError>(&bytes) else {
        return axum::response::Response::from_parts(parts, bytes.into());
    };
    parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let mut body = serde_json::to_value(&error).unwrap_or_default();
    if let Some(object) = body.as_object_mut() {
        object.insert("message".into(), error.message(lang).into());
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(secs) = retry_after(&error) {
        parts.headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    Response::from_parts(parts, body.to_string().into())
}

/// A plain form (JavaScript off) that was refused comes back to its page with the error in the
/// address (`__err`, Leptos's way). Words in an address can be forged by anyone who sends a link,
/// so the error moves into a short-lived cookie only we can set, and the address is cleaned; a
/// form that needs a signed-in resident goes to the log-in page instead, to come back afterwards.
fn flash_form_error(mut response: Response, secure: bool) -> Response {
    let Some(location) = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string) else {
        return response;
    };
    let Some((base, query)) = location.split_once('?') else { return response };
    let pairs = domain::courses::url_pairs(query);
    let Some(encoded) = pairs.iter().find(|(k, _)| k == "__err").map(|(_, v)| v.clone()) else { return response };
    let kept: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k != "__err" && k != "__path").collect();
    let back_to = if kept.is_empty() {
        base.to_string()
    } else {
        let query: Vec<String> = kept.iter().map(|(k, v)| format!("{}={}", domain::courses::form_encode(k), domain::courses::form_encode(v))).collect();
        format!("{base}?{}", query.join("&"))
    };
    // Leptos puts the whole address of the form's page here; we only ever send our own path
    let path = local_part(&back_to);
    use base64::Engine as _;
    let error = base64::engine::general_purpose::URL_SAFE
        .decode(encoded.as_bytes())
        .ok()
        .and_then(|json| serde_json::from_slice::<AppError>(&json).ok())
        .unwrap_or(AppError::Unavailable);
    let headers = response.headers_mut();
    let target = if error == AppError::SignInRequired { app::accounts::log_in_href(&path) } else { path };
    if let Ok(value) = HeaderValue::from_str(&target) {
        headers.insert(header::LOCATION, value);
    }
    if let Some(value) = flash_cookie(&error, secure) {
        headers.append(header::SET_COOKIE, value);
    }
    *response.status_mut() = StatusCode::SEE_OTHER;
    response
}

/// The short-lived cookie that carries a refused form's error to the page it goes back to.
fn flash_cookie(error: &AppError, secure: bool) -> Option<HeaderValue> {
    let json = serde_json::to_string(error).unwrap_or_default();
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{}={}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax{secure}", app::accounts::flash::FLASH_COOKIE, domain::courses::form_encode(&json));
    HeaderValue::from_str(&cookie).ok()
}

/// Sends a plain form (JavaScript off) back to our own `path` (303), with `error` flashed for the
/// page to show once, as a refused server function's form is.
pub fn back_to_form(path: &str, error: &AppError, secure: bool) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(path) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    if let Some(value) = flash_cookie(error, secure) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `/path?query` of an address that may be absolute (`http://host/path?query`).
fn local_part(address: &str) -> String {
    let path = match address.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => address,
    };
    domain::paths::local_path(path).unwrap_or("/").to_string()
}

/// The query's parameters, each named in `allowed` at most once.
pub fn parameters(raw: Option<&str>, allowed: &[&str]) -> Result<Vec<(String, String)>, AppError> {
    let pairs = domain::courses::url_pairs(raw.unwrap_or(""));
    for (i, (name, _)) in pairs.iter().enumerate() {
        let shown: String = name.chars().take(40).collect();
        if !allowed.contains(&name.as_str()) {
            return Err(AppError::bad_request(format!("알 수 없는 항목입니다: {shown}"), format!("Unknown parameter: {shown}")));
        }
        if pairs[..i].iter().any(|(n, _)| n == name) {
            return Err(AppError::bad_request(format!("{shown} 항목을 한 번만 적어 주세요."), format!("Give {shown} only once.")));
        }
    }
    Ok(pairs)
}

/// Refuses any of `names` given with a blank value (`subject=`): the document's vocabularies have
/// no blank word, so an API client that sends one learns it rather than getting every item. (The
/// pages read the same queries leniently: a blank field of a hand-edited address filters nothing.)
pub fn no_blank(raw: Option<&str>, names: &[&str]) -> Result<(), AppError> {
    let blank = domain::courses::url_pairs(raw.unwrap_or("")).into_iter().find(|(k, v)| v.trim().is_empty() && names.contains(&k.as_str()));
    match blank {
        Some((name, _)) => Err(AppError::bad_request(
            format!("{name} 값이 비어 있습니다. 항목을 빼거나 값을 적어 주세요."),
            format!("{name} is blank: leave it out or give a value."),
        )),
        None => Ok(()),
    }
}
