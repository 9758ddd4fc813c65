//! How often a signed-in account may try its password to delete itself: `DELETE_ATTEMPTS` in
//! `DELETE_WINDOW_SECS` (domain::privacy), charged before the hash is computed, and one attempt
//! at a time, so a borrowed session can neither guess the password at will nor queue hashes that
//! log-ins would wait behind. In memory, keyed by account (only signed-in callers reach it).

use domain::accounts::AccountId;
use domain::privacy::{DELETE_ATTEMPTS, DELETE_WINDOW_SECS};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Attempts {
    since: i64,
    count: u32,
    running: bool,
}

#[derive(Clone, Default)]
pub struct DeleteThrottle {
    accounts: Arc<Mutex<HashMap<i64, Attempts>>>,
}

/// Past this many accounts, those whose window has passed are forgotten.
const MAX_KEYS: usize = 100_000;

/// An attempt under way: ends when dropped.
pub struct Attempt {
    throttle: DeleteThrottle,
    account: i64,
    succeeded: bool,
}

impl Attempt {
    /// The password was right: the account's count is forgotten.
    pub fn succeeded(mut self) {
        self.succeeded = true;
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        let mut map = self.throttle.map();
        if self.succeeded {
            map.remove(&self.account);
        } else if let Some(a) = map.get_mut(&self.account) {
            a.running = false;
        }
    }
}

impl DeleteThrottle {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Attempts>> {
        self.accounts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Charges an attempt for `account` at `now` (Unix seconds), or the seconds to wait.
    pub fn begin(&self, account: AccountId, now: i64) -> Result<Attempt, u32> {
        let mut map = self.map();
        if map.len() >= MAX_KEYS {
            map.retain(|_, a| a.running || now - a.since < DELETE_WINDOW_SECS);
        }
        let a = map.entry(account.0).or_default();
        if a.running {
            return Err(2);
        }
        if now - a.since >= DELETE_WINDOW_SECS {
            *a = Attempts { since: now, count: 0, running: false };
        }
        if a.count >= DELETE_ATTEMPTS {
            return Err((a.since + DELETE_WINDOW_SECS - now).clamp(1, DELETE_WINDOW_SECS) as u32);
        }
        a.count += 1;
        a.running = true;
        drop(map);
        Ok(Attempt { throttle: self.clone(), account: account.0, succeeded: false })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_tries_a_quarter_hour_then_a_wait_and_one_at_a_time() {
        let t = DeleteThrottle::default();
        let me = AccountId(7);
        let first = t.begin(me, 1_000).unwrap();
        assert_eq!(t.begin(me, 1_000).err(), Some(2), "a second attempt while one runs waits");
        drop(first);
        for _ in 0..4 {
            drop(t.begin(me, 1_010).unwrap());
        }
        assert_eq!(t.begin(me, 1_010).err(), Some(890), "the sixth in the window waits for its end");
        assert!(t.begin(AccountId(8), 1_010).is_ok(), "another account is not held back");
        assert!(t.begin(me, 1_000 + DELETE_WINDOW_SECS).is_ok(), "a new window");
    }

    #[test]
    fn a_right_password_forgets_the_count() {
        let t = DeleteThrottle::default();
        let me = AccountId(7);
        for _ in 0..4 {
            drop(t.begin(me, 0).unwrap());
        }
        t.begin(me, 0).unwrap().succeeded();
        assert!(t.begin(me, 0).is_ok());
    }
}
