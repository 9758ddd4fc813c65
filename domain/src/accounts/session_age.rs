//! How long a signed-in session lasts: it ends after 30 minutes without a request (idle) and 12
//! hours after logging in whatever happens (absolute). The server records when it last saw the
//! session at most once a minute, so a busy resident does not cost a write per request.

/// Seconds without a request after which a session ends.
pub const IDLE_LIMIT_SECS: i64 = 30 * 60;
/// Seconds after logging in after which a session ends.
pub const ABSOLUTE_LIMIT_SECS: i64 = 12 * 60 * 60;
/// How stale "last seen" may get before it is written again.
pub const TOUCH_EVERY_SECS: i64 = 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionCheck {
    /// Log the session out.
    Ended,
    /// Still good; write `now` as last seen (this also renews the cookie).
    Touch,
    /// Still good; nothing to write.
    Fresh,
}

/// What to do with a session logged in at `signed_in_at` and last seen at `seen_at` (Unix seconds).
pub fn check_session(signed_in_at: Option<i64>, seen_at: Option<i64>, now: i64) -> SessionCheck {
    let Some(signed_in_at) = signed_in_at else { return SessionCheck::Ended };
    let seen_at = seen_at.unwrap_or(signed_in_at);
    if now - signed_in_at >= ABSOLUTE_LIMIT_SECS || now - seen_at >= IDLE_LIMIT_SECS {
        SessionCheck::Ended
    } else if now - seen_at >= TOUCH_EVERY_SECS {
        SessionCheck::Touch
    } else {
        SessionCheck::Fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ends_after_30_idle_minutes_or_12_hours_whichever_comes_first() {
        assert_eq!(check_session(Some(0), Some(0), 30), SessionCheck::Fresh);
        assert_eq!(check_session(Some(0), Some(0), 61), SessionCheck::Touch);
        assert_eq!(check_session(Some(0), Some(0), 29 * 60), SessionCheck::Touch);
        assert_eq!(check_session(Some(0), Some(0), 30 * 60), SessionCheck::Ended);
        // busy all day: still ends at 12 hours
        let now = 12 * 3600;
        assert_eq!(check_session(Some(0), Some(now - 10), now), SessionCheck::Ended);
        assert_eq!(check_session(Some(0), Some(now - 10), now - 1), SessionCheck::Fresh);
        assert_eq!(check_session(None, None, 5), SessionCheck::Ended, "a session nobody logged into");
    }
}
