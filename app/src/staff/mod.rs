//! The staff desk: today's and this week's sessions with seats taken (`/staff`), a session's
//! roster with attendance, capacity and closing (`/staff/sessions/:id`), and each branch's opening
//! mode. Only accounts with the staff role get in; residents are refused, guests sent to log in.

pub mod api;
pub mod pages;

use crate::kids_cafe::lottery::OpeningMode;
use domain::kids_cafe::Branch;
use serde::{Deserialize, Serialize};

/// A session as the staff desk lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: i64,
    /// `kids_cafe`, `facility` or `course`.
    pub kind: String,
    pub resource: String,
    /// A facility's name (Korean, English); kids cafés are named by their branch.
    pub name: Option<(String, String)>,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub starts_at: String,
    pub taken: u32,
    pub capacity: u32,
    pub closed: bool,
}

/// One booking on a roster: who comes and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub reference: String,
    pub guardian: String,
    pub child: Option<String>,
    /// `booked`, `attended`, `no_show`.
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub today: domain::IsoDate,
    /// Kids-café sessions from today to six days on.
    pub sessions: Vec<SessionRow>,
    /// Today's facility slots and course sessions.
    pub others_today: Vec<SessionRow>,
    pub modes: Vec<(Branch, OpeningMode)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDesk {
    pub session: SessionRow,
    pub roster: Vec<RosterRow>,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::error::AppError;
    use domain::courses::BoxFuture;
    use domain::seats::SessionId;
    use domain::{IsoDate, SeoulTime};
    use leptos::prelude::*;
    use std::sync::Arc;

    /// What the staff pages read and change beyond the seat engine's own port.
    pub trait StaffDesk: Send + Sync {
        /// Sessions of `kind` starting on `from` up to (not including) `to`, by start.
        fn sessions_between(&self, kind: domain::seats::Kind, from: IsoDate, to: IsoDate) -> BoxFuture<'_, Result<Vec<SessionRow>, AppError>>;
        /// The guardians' names of a session's bookings, by booking reference.
        fn guardians(&self, session: SessionId) -> BoxFuture<'_, Result<Vec<(String, String)>, AppError>>;
        fn modes(&self) -> BoxFuture<'_, Result<Vec<(Branch, OpeningMode)>, AppError>>;
        /// Stores the mode; a lottery whose window is open now gets its round at once.
        fn set_mode(&self, branch: Branch, mode: OpeningMode, now: SeoulTime) -> BoxFuture<'_, Result<(), AppError>>;
    }

    pub fn desk() -> Result<Arc<dyn StaffDesk>, AppError> {
        use_context::<Arc<dyn StaffDesk>>().ok_or(AppError::Unavailable)
    }

    pub fn seats() -> Result<Arc<dyn domain::seats::SeatBook>, AppError> {
        use_context::<Arc<dyn domain::seats::SeatBook>>().ok_or(AppError::Unavailable)
    }
}
