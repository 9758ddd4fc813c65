//! The privacy server function: deleting the signed-in account (`/api/delete_account`). A plain
//! form (JavaScript off) is sent on to `/privacy?deleted=1`; a script gets what was done as JSON.

use super::Closed;
use crate::error::AppError;
use leptos::prelude::*;

/// Deletes the signed-in account after its password and the `understood` checkbox; ends the
/// session. Limits before work: a guest is refused before anything is read, the checkbox and the
/// password's length before the password is hashed, and the hash runs behind a per-account throttle.
#[server(endpoint = "delete_account")]
pub async fn delete_account(password: String, understood: Option<String>) -> Result<Closed, AppError> {
    use crate::accounts::ssr::{require_viewer, session_control};
    let viewer = require_viewer()?;
    if understood.as_deref() != Some("yes") {
        return Err(AppError::bad_request(
            "계정을 지우면 되돌릴 수 없다는 안내를 확인했다고 표시해 주세요.",
            "Tick the box to confirm you understand that deleting the account cannot be undone.",
        ));
    }
    let password = domain::accounts::TypedPassword::parse(&password).map_err(|_| wrong_password())?;
    let closed = super::ssr::closing()?.close(viewer.id, &password).await?;
    session_control()?.log_out().await?;
    leptos_axum::redirect("/privacy?deleted=1");
    Ok(closed)
}

/// The refusal of a wrong (or empty, or over-long) password.
pub fn wrong_password() -> AppError {
    AppError::bad_request("비밀번호가 맞지 않습니다. 이 계정의 지금 비밀번호를 넣어 주세요.", "That is not the password. Type this account's current password.")
}
