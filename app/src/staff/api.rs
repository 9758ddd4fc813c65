//! The staff desk's server functions, public endpoints at `/api/<name>` like every other: each
//! checks the staff role first, reads its fields through the domain's constructors (garbage is a
//! 400) and calls the seat engine, then sends the browser back to the page it came from.

use super::{Overview, SessionDesk, SessionRow};
use crate::error::AppError;
use domain::seats::SessionSeats;
use leptos::prelude::*;

/// A session as the desk lists it.
pub fn session_row(s: &SessionSeats) -> SessionRow {
    SessionRow { id: s.id.get(), kind: s.kind.slug().into(), resource: s.resource.clone(), name: None,
        starts_at: format!("{} {}", s.starts_at.date(), s.starts_at.clock_text()), taken: s.taken, capacity: s.capacity, closed: s.closed }
}

/// Reading the fields: only the server reads them (the browser only posts the form).
#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use domain::seats::SessionId;

    pub fn bad(ko: &str, en: &str) -> AppError {
        AppError::bad_request(ko, en)
    }

    pub fn session_id(s: &str) -> Result<SessionId, AppError> {
        SessionId::parse(s).ok_or_else(|| bad("회차 번호를 읽을 수 없습니다.", "The session number cannot be read."))
    }
}

/// Today's and this week's kids-café sessions, today's facility and course sessions, and each
/// branch's opening mode.
#[server(endpoint = "staff_overview")]
pub async fn staff_overview() -> Result<Overview, AppError> {
    crate::accounts::ssr::require_staff()?;
    let today = crate::accounts::ssr::today()?;
    let desk = super::ssr::desk()?;
    use domain::seats::Kind;
    let sessions = desk.sessions_between(Kind::KidsCafe, today, today.plus_days(7)).await?;
    let mut others_today = desk.sessions_between(Kind::Facility, today, today.plus_days(1)).await?;
    others_today.extend(desk.sessions_between(Kind::Course, today, today.plus_days(1)).await?);
    Ok(Overview { today, sessions, others_today, modes: desk.modes().await? })
}

/// One session with its roster.
#[server(endpoint = "staff_session")]
pub async fn staff_session(session: String) -> Result<SessionDesk, AppError> {
    use ssr::*;
    crate::accounts::ssr::require_staff()?;
    let id = session_id(&session)?;
    let seats = super::ssr::seats()?;
    let found = seats.session(id).await?.ok_or(AppError::NotFound)?;
    let names = super::ssr::desk()?.guardians(id).await?;
    use super::RosterRow;
    let roster = seats.roster(id).await?.into_iter().map(|b| RosterRow {
        guardian: names.iter().find(|(r, _)| r == b.reference.as_str()).map(|(_, n)| n.clone()).unwrap_or_default(),
        reference: b.reference.to_string(), child: b.child_name, status: b.status.slug().into(),
    }).collect();
    Ok(SessionDesk { session: session_row(&found), roster })
}

/// `reference` a booking reference (`K-7Q2M-9XD4`), `attendance` `attended` or `no_show`.
#[server(endpoint = "mark_attendance")]
pub async fn mark_attendance(reference: String, attendance: String) -> Result<String, AppError> {
    use domain::seats::{Attendance, BookingRef};
    use ssr::*;
    crate::accounts::ssr::require_staff()?;
    let reference = BookingRef::parse(&reference).ok_or_else(|| bad("예약 번호를 읽을 수 없습니다.", "The booking reference cannot be read."))?;
    let attendance = match attendance.trim() {
        "attended" => Attendance::Attended,
        "no_show" => Attendance::NoShow,
        _ => return Err(bad("출석은 attended 또는 no_show 입니다.", "Attendance is attended or no_show.")),
    };
    let booking = super::ssr::seats()?.mark_attendance(&reference, attendance).await?;
    leptos_axum::redirect(&format!("/staff/sessions/{}?done=attendance", booking.session.id));
    Ok(booking.status.slug().into())
}

/// `session` an id, `capacity` a whole number 0–10000, never below the seats taken.
#[server(endpoint = "set_capacity")]
pub async fn set_capacity(session: String, capacity: String) -> Result<u32, AppError> {
    use ssr::*;
    crate::accounts::ssr::require_staff()?;
    let id = session_id(&session)?;
    let capacity = capacity.trim().parse::<u32>().ok().filter(|c| *c <= 10_000)
        .ok_or_else(|| bad("정원은 0에서 10000 사이의 숫자입니다.", "The capacity is a whole number from 0 to 10000."))?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let changed = super::ssr::seats()?.set_capacity(id, capacity, now).await?;
    leptos_axum::redirect(&format!("/staff/sessions/{id}?done=capacity"));
    Ok(changed.capacity)
}

/// Closes `session`; everyone booked is told in their messages. The page asks to confirm first.
#[server(endpoint = "close_session")]
pub async fn close_session(session: String) -> Result<u32, AppError> {
    use ssr::*;
    crate::accounts::ssr::require_staff()?;
    let id = session_id(&session)?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let closed = super::ssr::seats()?.close_session(id, now).await?;
    leptos_axum::redirect(&format!("/staff/sessions/{id}?done=closed"));
    Ok(closed)
}

/// `branch` a branch slug, `mode` `first_come` or `lottery`.
#[server(endpoint = "set_opening_mode")]
pub async fn set_opening_mode(branch: String, mode: String) -> Result<String, AppError> {
    use crate::kids_cafe::lottery::OpeningMode;
    use ssr::*;
    crate::accounts::ssr::require_staff()?;
    let branch = domain::kids_cafe::Branch::parse(branch.trim()).ok_or_else(|| bad("지점을 읽을 수 없습니다.", "The branch cannot be read."))?;
    let mode = OpeningMode::parse(&mode).ok_or_else(|| bad("운영 방식은 first_come 또는 lottery 입니다.", "The mode is first_come or lottery."))?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    super::ssr::desk()?.set_mode(branch, mode, now).await?;
    leptos_axum::redirect("/staff?done=mode");
    Ok(mode.slug().into())
}
