//! The login throttle's rule: after `LIMIT` failures for one account or from one address within
//! `WINDOW`, further attempts are refused until the oldest of those failures leaves the window.
//! Pure: the server keeps the failure times and passes `now`.

use std::time::Duration;

pub const LIMIT: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(60);

/// Failure instants (seconds on any monotonic scale) for one key, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Failures(Vec<u64>);

impl Failures {
    /// Forgets failures that left the window.
    fn prune(&mut self, now: u64) {
        self.0.retain(|&t| now < t + WINDOW.as_secs());
    }

    /// `Some(seconds to wait)` when this key may not try now.
    pub fn retry_after(&mut self, now: u64) -> Option<u32> {
        self.prune(now);
        (self.0.len() >= LIMIT).then(|| (self.0[0] + WINDOW.as_secs() - now).max(1) as u32)
    }

    pub fn record(&mut self, now: u64) {
        self.prune(now);
        self.0.push(now);
    }

    /// Takes back the latest record (an attempt counted in advance that succeeded).
    pub fn forget_last(&mut self) {
        self.0.pop();
    }

    /// Failures still within the window at `now`.
    pub fn recent(&mut self, now: u64) -> usize {
        self.prune(now);
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Sign-ups one address may make within `SIGN_UP_WINDOW`: a household or a community centre's
/// desk signs a few residents up; a script signing up thousands (to learn which emails exist, or to
/// keep the hasher busy) is stopped at the sixth.
pub const SIGN_UPS_PER_ADDRESS: usize = 5;
pub const SIGN_UP_WINDOW: Duration = Duration::from_secs(3600);

/// One address's sign-up instants (seconds on any monotonic scale), oldest first.
#[derive(Clone, Debug, Default)]
pub struct SignUps(Vec<u64>);

impl SignUps {
    /// Counts a sign-up at `now`, or `Err(seconds to wait)` when the address has had its share.
    /// Counted before the password is hashed: a refused sign-up costs the server nothing.
    pub fn admit(&mut self, now: u64) -> Result<(), u32> {
        self.prune(now);
        if self.0.len() >= SIGN_UPS_PER_ADDRESS {
            return Err((self.0[0] + SIGN_UP_WINDOW.as_secs() - now).max(1) as u32);
        }
        self.0.push(now);
        Ok(())
    }

    /// Forgets sign-ups that left the window.
    pub fn prune(&mut self, now: u64) {
        self.0.retain(|&t| now < t + SIGN_UP_WINDOW.as_secs());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_sign_up_from_an_address_within_an_hour_waits_for_the_first_to_leave_it() {
        let mut s = SignUps::default();
        for t in [0, 100, 200, 300, 400] {
            assert_eq!(s.admit(t), Ok(()));
        }
        assert_eq!(s.admit(500), Err(3100));
        assert_eq!(s.admit(3600), Ok(()), "the sign-up at 0 has left the window");
        assert_eq!(s.admit(3601), Err(99));
    }

    #[test]
    fn the_fifth_failure_within_a_minute_locks_until_the_first_leaves_the_window() {
        let mut f = Failures::default();
        for t in [0, 10, 20, 30] {
            f.record(t);
            assert_eq!(f.retry_after(t), None);
        }
        f.record(40);
        assert_eq!(f.retry_after(41), Some(19));
        assert_eq!(f.retry_after(60), None, "the failure at 0 has left the window");
    }

    #[test]
    fn failures_spread_over_more_than_a_minute_never_lock() {
        let mut f = Failures::default();
        for t in (0..600).step_by(15) {
            f.record(t);
            assert_eq!(f.retry_after(t), None, "at {t}");
        }
    }
}
