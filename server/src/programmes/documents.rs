//! An application's documents: uploaded on their own route (`POST
//! /programmes/applications/{reference}/documents`, multipart `kind` + `file`, up to 10 MB, outside
//! the pages' 64 KB limit but behind the same refusal of cross-site writes), judged by their bytes,
//! and read back (`GET /programmes/applications/{reference}/documents/{id}`) only by the applicant
//! and, once it is sent, staff, as a download that is never kept by a cache. A plain form
//! (JavaScript off) is sent back to the application's page, with the refusal shown there; a client
//! that asks for JSON gets the status and the refusal as JSON.
//!
//! Limits before work: a guest, or a reference that is not the caller's draft, is answered before a
//! byte of the body is read (a 10 MB body must not be read for someone who may not send it); the
//! edges cap uploads in flight (`edges::around_uploads`); the body has a minute to arrive.

use crate::error::{back_to_form, ApiError};
use crate::AppState;
use app::AppError;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use domain::accounts::Viewer;
use domain::programmes::applications::display_name;
use domain::programmes::{DocumentKind, FileKind, ProgrammeError, ProgrammeFailure, Programmes};
use domain::seats::BookingRef;
use serde_json::json;

use super::store::SqliteProgrammes;

/// The uploads, wrapped in the session and the upload edges (see `edges::around_uploads`).
pub fn upload_routes(state: AppState) -> Router {
    let routes = Router::new()
        .route("/programmes/applications/{reference}/documents", post(upload))
        // axum's `Multipart` stops at 2 MiB unless told; the edges hold the real limit
        .layer(axum::extract::DefaultBodyLimit::max(crate::edges::UPLOAD_LIMIT))
        .layer(axum::middleware::from_fn_with_state(state.accounts.clone(), crate::accounts::session::attach_viewer))
        .layer(state.accounts.layer(state.session_cookie))
        .with_state(state.clone());
    crate::edges::around_uploads(routes, &state.edges)
}

pub fn download_routes() -> Router<AppState> {
    Router::new().route("/programmes/applications/{reference}/documents/{id}", get(download))
}

fn reference(s: &str) -> Result<BookingRef, AppError> {
    BookingRef::parse(s).filter(|r| r.as_str().starts_with(['L', 'H'])).ok_or(AppError::NotFound)
}

fn refused(e: ProgrammeError) -> AppError {
    crate::programmes::api::app_error(ProgrammeFailure::Refused(e))
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"))
}

/// The kind and the file out of the form, at most one of each, within `edges::UPLOAD_TIME`.
async fn read_form(form: Multipart) -> Result<(DocumentKind, String, Vec<u8>), AppError> {
    match tokio::time::timeout(crate::edges::UPLOAD_TIME, read_fields(form)).await {
        Ok(read) => read,
        Err(_) => Err(AppError::bad_request(
            "파일이 1분 안에 다 오지 않았습니다. 연결이 좋은 곳에서 다시 올려 주세요.",
            "The file did not arrive within a minute. Please upload it again on a better connection.",
        )),
    }
}

/// Whether the body was cut by a length limit: the edges' limit reaches the form reader wrapped
/// (axum's body error around http-body-util's `LengthLimitError`, "length limit exceeded"), which
/// `MultipartError::status` does not see.
fn past_the_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(error) = cause {
        if error.to_string().contains("length limit exceeded") {
            return true;
        }
        cause = error.source();
    }
    false
}

async fn read_fields(mut form: Multipart) -> Result<(DocumentKind, String, Vec<u8>), AppError> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE || past_the_limit(&e) {
            return AppError::bad_request("파일이 10 MB를 넘습니다. 더 작게 만들어 올려 주세요.", "The file is larger than 10 MB. Please make it smaller and upload it again.");
        }
        AppError::bad_request("올린 양식을 읽을 수 없습니다. 다시 시도해 주세요.", "The form could not be read. Please try again.")
    };
    let odd = || AppError::bad_request("올린 양식을 읽을 수 없습니다. 다시 시도해 주세요.", "The form could not be read. Please try again.");
    let (mut kind, mut file) = (None, None);
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("kind") if kind.is_none() => {
                let text = field.text().await.map_err(unreadable)?;
                kind = Some(DocumentKind::parse(&text).map_err(refused)?);
            }
            Some("file") if file.is_none() => {
                let name = display_name(field.file_name().unwrap_or(""));
                let bytes = field.bytes().await.map_err(unreadable)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => return Err(odd()),
        }
    }
    let kind = kind.ok_or_else(|| refused(ProgrammeError::BadDocumentKind))?;
    let (name, bytes) = file.ok_or_else(|| refused(ProgrammeError::EmptyFile))?;
    Ok((kind, name, bytes))
}

/// Whether `reference` is `viewer`'s own draft, asked before its body is read: a stranger's
/// reference is 404 and a sent application 409, with nothing read.
async fn may_upload(store: &SqliteProgrammes, viewer: &Viewer, reference: &BookingRef) -> Result<(), AppError> {
    let application = store.application(viewer.id, reference.clone()).await.map_err(super::api::app_error)?.ok_or(AppError::NotFound)?;
    if application.state != domain::programmes::ApplicationState::Draft {
        return Err(refused(ProgrammeError::AlreadySent));
    }
    Ok(())
}

async fn upload(State(state): State<AppState>, Path(raw): Path<String>, viewer: Option<Extension<Viewer>>, headers: HeaderMap, form: Multipart) -> Response {
    let json = wants_json(&headers);
    let page = match reference(&raw) {
        Ok(r) => format!("/me/applications/{r}"),
        Err(_) => "/me/applications".to_string(),
    };
    let outcome = async {
        let Extension(viewer) = viewer.ok_or(AppError::SignInRequired)?;
        let reference = reference(&raw)?;
        let store = SqliteProgrammes::new(state.pool.clone());
        may_upload(&store, &viewer, &reference).await?;
        let (kind, name, bytes) = read_form(form).await?;
        let file = FileKind::sniff(&bytes).map_err(refused)?;
        let info = store.add_document(viewer.id, reference, kind, file, name, bytes, state.clock.now()).await.map_err(super::api::app_error)?;
        Ok::<_, AppError>(info)
    }
    .await;
    match (outcome, json) {
        (Ok(info), true) => (StatusCode::CREATED, Json(json!({ "id": info.id, "kind": info.kind.slug(), "file": info.file.slug(), "bytes": info.bytes }))).into_response(),
        (Ok(info), false) => {
            let mut response = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("{page}?uploaded={}", info.kind.slug())) {
                response.headers_mut().insert(header::LOCATION, v);
            }
            response
        }
        (Err(e), true) => ApiError(e).into_response(),
        (Err(AppError::SignInRequired), false) => back_to_form(&app::accounts::log_in_href(&page), &AppError::SignInRequired, state.session_cookie.secure),
        (Err(e), false) => back_to_form(&page, &e, state.session_cookie.secure),
    }
}

async fn download(State(state): State<AppState>, Path((raw, id)): Path<(String, String)>, viewer: Option<Extension<Viewer>>) -> Response {
    let outcome = async {
        let Extension(viewer) = viewer.ok_or(AppError::SignInRequired)?;
        let reference = reference(&raw)?;
        let id: i64 = id.parse().ok().filter(|n| *n > 0).ok_or(AppError::NotFound)?;
        let store = SqliteProgrammes::new(state.pool.clone());
        // the applicant's own, first; staff read only what was sent (drafts are hidden from them
        // everywhere else too)
        if let Some(found) = store.document(Some(viewer.id), reference.clone(), id).await.map_err(super::api::app_error)? {
            return Ok(found);
        }
        if viewer.is_staff() && store.any(reference.clone()).await.map_err(super::api::app_error)?.is_some() {
            return store.document(None, reference, id).await.map_err(super::api::app_error)?.ok_or(AppError::NotFound);
        }
        Err(AppError::NotFound)
    }
    .await;
    match outcome {
        Ok((info, bytes)) => {
            let disposition = format!("attachment; filename=\"document.{}\"; filename*=UTF-8''{}", info.file.slug(), domain::courses::form_encode(&info.name).replace('+', "%20"));
            let mut response = bytes.into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(info.file.content_type()));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
        Err(e) => ApiError(e).into_response(),
    }
}
