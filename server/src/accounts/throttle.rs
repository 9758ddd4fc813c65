//! The login throttle: attempts counted per account (email) and per address *before* any hash is
//! computed, in memory, with the domain's rule (`domain::accounts::Failures`): 5 failures within
//! 60 s and the next attempt waits. An attempt being checked counts as a failure until it is known
//! not to be one, so guesses sent at once cannot all reach the hasher before the first fails: of
//! 300 sent together from one address, at most 5 are hashed. Sign-ups are counted per address here
//! too (`domain::accounts::SignUps`).

use domain::accounts::{Failures, SignUps, LIMIT};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

pub struct LoginThrottle {
    started: Instant,
    keys: Mutex<HashMap<String, Key>>,
    sign_ups: Mutex<HashMap<IpAddr, SignUps>>,
}

/// One account's or address's failures, and its attempts being checked right now.
#[derive(Default)]
struct Key {
    failures: Failures,
    in_flight: usize,
}

/// Past this many keys, keys without recent failures or attempts are forgotten (a flood of made-up
/// emails cannot grow the maps without bound).
const MAX_KEYS: usize = 100_000;

impl LoginThrottle {
    pub fn new() -> LoginThrottle {
        LoginThrottle { started: Instant::now(), keys: Mutex::new(HashMap::new()), sign_ups: Mutex::new(HashMap::new()) }
    }

    fn now(&self) -> u64 {
        self.started.elapsed().as_secs()
    }

    /// The account's key, and the address's unless it is loopback: a loopback peer is this machine
    /// (a proxy not declared with `DONGNE_TRUST_FORWARDED`, behind which every visitor would be one
    /// address and one visitor's failures would lock everyone out; the benchmarks; the browser tests).
    fn keys(email: &str, from: Option<IpAddr>) -> Vec<String> {
        let mut keys = vec![format!("email:{}", email.to_lowercase())];
        keys.extend(from.filter(|ip| !ip.is_loopback()).map(|ip| format!("ip:{ip}")));
        keys
    }

    /// Counts an attempt on the account and on the address before its password is checked, in
    /// one step with the check. `Err(seconds)` when the account or the address must wait: 60 s
    /// from their oldest failure when 5 failed within the minute; a second when failures and the
    /// attempts still being checked make 5 (they may yet succeed). End it with `end_attempt`.
    pub fn begin_attempt(&self, email: &str, from: Option<IpAddr>) -> Result<(), u32> {
        let now = self.now();
        let mut map = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        let keys = Self::keys(email, from);
        let mut wait = None;
        for key in &keys {
            if let Some(k) = map.get_mut(key) {
                let refused = match k.failures.retry_after(now) {
                    Some(secs) => Some(secs),
                    None if k.failures.recent(now) + k.in_flight >= LIMIT => Some(1),
                    None => None,
                };
                wait = wait.max(refused);
            }
        }
        if let Some(secs) = wait {
            return Err(secs);
        }
        if map.len() > MAX_KEYS {
            map.retain(|_, k| k.in_flight > 0 || k.failures.recent(now) > 0);
        }
        for key in keys {
            map.entry(key).or_default().in_flight += 1;
        }
        Ok(())
    }

    /// Ends an attempt `begin_attempt` let through: a wrong password is charged to the account
    /// and the address, a right one leaves nothing behind.
    pub fn end_attempt(&self, email: &str, from: Option<IpAddr>, failed: bool) {
        let now = self.now();
        let mut map = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        for key in Self::keys(email, from) {
            if let Some(k) = map.get_mut(&key) {
                k.in_flight = k.in_flight.saturating_sub(1);
                if failed {
                    k.failures.record(now);
                }
            }
        }
    }

    /// Counts a sign-up from `from` before its password is hashed; `Err(seconds)` past the
    /// address's share (`domain::accounts::SIGN_UPS_PER_ADDRESS` an hour). Loopback peers are not
    /// counted (see `keys`).
    pub fn admit_sign_up(&self, from: Option<IpAddr>) -> Result<(), u32> {
        let Some(ip) = from.filter(|ip| !ip.is_loopback()) else { return Ok(()) };
        let now = self.now();
        let mut map = self.sign_ups.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > MAX_KEYS {
            map.retain(|_, s| {
                s.prune(now);
                !s.is_empty()
            });
        }
        map.entry(ip).or_default().admit(now)
    }
}

impl Default for LoginThrottle {
    fn default() -> LoginThrottle {
        LoginThrottle::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_in_flight_count_until_they_end_and_only_failures_stay() {
        let t = LoginThrottle::new();
        let ip = Some("203.0.113.9".parse().unwrap());
        for i in 0..5 {
            assert_eq!(t.begin_attempt(&format!("u{i}@x.kr"), ip), Ok(()));
        }
        assert_eq!(t.begin_attempt("u5@x.kr", ip), Err(1), "five in flight from one address");
        t.end_attempt("u0@x.kr", ip, false);
        assert_eq!(t.begin_attempt("u6@x.kr", ip), Ok(()), "a success gives its place back");
        for i in 1..5 {
            t.end_attempt(&format!("u{i}@x.kr"), ip, true);
        }
        t.end_attempt("u6@x.kr", ip, true);
        assert!(matches!(t.begin_attempt("u7@x.kr", ip), Err(s) if s > 50), "five failures: wait out the minute");
        assert_eq!(t.begin_attempt("u7@x.kr", Some("127.0.0.1".parse().unwrap())), Ok(()), "loopback is this machine");
    }
}
