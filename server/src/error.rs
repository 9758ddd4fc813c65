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
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

/// Server functions answer every error with status 500 and the error in the body; this gives the
/// reply the status the `AppError` names (a refused argument is the caller's 400, not our 500) and
/// adds the message in the resident's language, leaving the encoded error for Leptos's client.
pub async fn server_fn_status(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let lang = crate::preferences::request_lang(request.headers());
    let response = next.run(request).await;
    // a plain form's error is already a redirect back to the form (JavaScript off): keep it
    let redirect = response.status().is_redirection() || response.headers().contains_key(header::LOCATION);
    if redirect || !response.headers().contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER) {
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
    Response::from_parts(parts, body.to_string().into())
}
