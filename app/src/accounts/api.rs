//! The accounts' server functions, public endpoints at `/api/<name>` taking URL-encoded forms.
//! Each reads its fields through the domain's constructors (the same rules as the pages), answers
//! JSON when asked for JSON, and otherwise sends the browser on (`redirect`) like a plain form.

use crate::error::AppError;
use domain::accounts::{AccountId, ChildId};
use leptos::prelude::*;

/// Creates an account and signs it in. `resident` is a checkbox: present means yes.
#[server(endpoint = "sign_up")]
pub async fn sign_up(email: String, password: String, name: String, resident: Option<String>, next: Option<String>) -> Result<AccountId, AppError> {
    use super::ssr::*;
    let new = domain::accounts::NewAccount::parse(&email, &password, &name, resident.is_some())?;
    session_control()?.admit_sign_up()?;
    let id = accounts()?.sign_up(new).await?;
    session_control()?.start(id).await?;
    leptos_axum::redirect(&super::next_or(next.as_deref(), "/me?welcome=1"));
    Ok(id)
}

/// The same refusal for an unknown email and a wrong password; 429 after 5 failures a minute.
#[server(endpoint = "log_in")]
pub async fn log_in(email: String, password: String, next: Option<String>) -> Result<AccountId, AppError> {
    use super::ssr::*;
    use domain::accounts::{AccountError, Email, TypedPassword};
    let email = Email::parse(&email).map_err(|_| AccountError::WrongCredentials)?;
    let password = TypedPassword::parse(&password)?;
    let viewer = session_control()?.log_in(&email, &password).await?;
    leptos_axum::redirect(&super::next_or(next.as_deref(), "/me"));
    Ok(viewer.id)
}

#[server(endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    super::ssr::session_control()?.log_out().await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Changes the password; every other session of the account ends, this one goes on.
#[server(endpoint = "change_password")]
pub async fn change_password(old: String, new: String, confirm: String) -> Result<(), AppError> {
    use super::ssr::*;
    use domain::accounts::{AccountError, NewPassword, TypedPassword};
    let viewer = require_viewer()?;
    let old = TypedPassword::parse(&old)?;
    let new_password = NewPassword::parse(&new)?;
    if new != confirm {
        return Err(AccountError::PasswordsDiffer.into());
    }
    session_control()?.change_password(viewer.id, &old, &new_password).await?;
    leptos_axum::redirect("/me?done=password");
    Ok(())
}

/// A guardian adds a child (name, birth date `YYYY-MM-DD`).
#[server(endpoint = "add_child")]
pub async fn add_child(name: String, birth_date: String, next: Option<String>) -> Result<ChildId, AppError> {
    use super::ssr::*;
    let viewer = require_viewer()?;
    let child = domain::accounts::NewChild::parse(&name, &birth_date, today()?)?;
    let id = accounts()?.add_child(viewer.id, child).await?;
    leptos_axum::redirect(&super::next_or(next.as_deref(), "/me?done=child"));
    Ok(id)
}

/// Resets the idle timer (the warning's "stay logged in" button); the seconds left.
#[server(endpoint = "extend_session")]
pub async fn extend_session() -> Result<u32, AppError> {
    use super::ssr::*;
    require_viewer()?;
    session_control()?.extend().await
}

/// The signed-in account's children (for the pages).
#[server(endpoint = "my_children")]
pub async fn my_children() -> Result<Vec<domain::accounts::Child>, AppError> {
    use super::ssr::*;
    let viewer = require_viewer()?;
    Ok(accounts()?.children(viewer.id).await?)
}
