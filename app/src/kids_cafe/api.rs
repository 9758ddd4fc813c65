//! Server functions the kids-café pages read through. They are public endpoints: a `Branch` can
//! only be one of the three, a `Week` only a Monday between 1900 and 2200, so a hand-made body is
//! refused with a 400 before the function runs. The time comes from the clock port.

use crate::error::AppError;
use domain::kids_cafe::{Branch, Week};
use domain::seats::SessionSeats;
use domain::{IsoDate, SeoulTime};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A branch's week as the page shows it, with the moment it was read (Seoul time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchWeek {
    pub branch: Branch,
    pub week: Week,
    pub today: IsoDate,
    pub now: SeoulTime,
    pub sessions: Vec<SessionSeats>,
    /// The week's seats are given by lottery (the branch's mode, or a round already made for it),
    /// with the applications' window: the page then says so instead of "booking opens".
    pub lottery: Option<(SeoulTime, SeoulTime)>,
}

/// Today in Seoul: the branches' status depends on it.
#[server(endpoint = "kids_cafe_today")]
pub async fn kids_cafe_today() -> Result<IsoDate, AppError> {
    Ok(ssr::clock()?.today())
}

/// One branch's sessions in `week`. Without one, this week, unless every session of it has
/// started (a Sunday evening): then next week, so a resident is first shown something to book.
#[server(endpoint = "kids_cafe_week")]
pub async fn kids_cafe_week(branch: Branch, week: Option<Week>) -> Result<BranchWeek, AppError> {
    use domain::seats::Kind;
    let now = ssr::clock()?.now();
    let store = ssr::sessions()?;
    let chosen = week.unwrap_or_else(|| Week::containing(now.date()));
    let sessions = store.between(Kind::KidsCafe, branch.slug(), chosen.monday(), chosen.end()).await?;
    if week.is_none() && sessions.iter().all(|s| s.starts_at <= now) {
        let next = chosen.next();
        let later = store.between(Kind::KidsCafe, branch.slug(), next.monday(), next.end()).await?;
        if !later.is_empty() {
            let lottery = lottery_of(branch, next, now).await?;
            return Ok(BranchWeek { branch, week: next, today: now.date(), now, sessions: later, lottery });
        }
    }
    let lottery = lottery_of(branch, chosen, now).await?;
    Ok(BranchWeek { branch, week: chosen, today: now.date(), now, sessions, lottery })
}

#[cfg(feature = "ssr")]
async fn lottery_of(branch: Branch, week: Week, now: SeoulTime) -> Result<Option<(SeoulTime, SeoulTime)>, AppError> {
    use super::lottery::OpeningMode;
    let round = super::lottery::ssr::desk()?.round(branch, week, now).await?;
    let by_lottery = round.mode == OpeningMode::Lottery || round.round.is_some();
    Ok(by_lottery.then(|| domain::kids_cafe::lottery_window(week.monday())))
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::error::AppError;
    use domain::sessions::SeatSessions;
    use domain::Clock;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn clock() -> Result<Arc<dyn Clock>, AppError> {
        use_context::<Arc<dyn Clock>>().ok_or(AppError::Unavailable)
    }

    pub fn sessions() -> Result<Arc<dyn SeatSessions>, AppError> {
        use_context::<Arc<dyn SeatSessions>>().ok_or(AppError::Unavailable)
    }
}
