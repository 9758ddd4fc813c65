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
    /// attempts still being checked make 5 (they may yet succeed). The `Attempt` ends it: `end`
    /// with the outcome, or dropped unended (the request was cut off or timed out mid-check),
    /// which counts as a failure, so an attempt can never stay "in flight" and lock the account.
    pub fn begin_attempt(&self, email: &str, from: Option<IpAddr>) -> Result<Attempt<'_>, u32> {
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
        Ok(Attempt { throttle: self, email: email.to_string(), from, ended: false })
    }

    /// Ends an attempt `begin_attempt` let through: a wrong password is charged to the account
    /// and the address, a right one leaves nothing behind.
    fn end_attempt(&self, email: &str, from: Option<IpAddr>, failed: bool) {
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
        let mut open: Vec<Attempt<'_>> = (0..5).map(|i| t.begin_attempt(&format!("u{i}@x.kr"), ip).unwrap()).collect();
        assert_eq!(t.begin_attempt("u5@x.kr", ip).err(), Some(1), "five in flight from one address");
        open.remove(0).end(false);
        let sixth = t.begin_attempt("u6@x.kr", ip).expect("a success gives its place back");
        for attempt in open {
            attempt.end(true);
        }
        sixth.end(true);
        assert!(matches!(t.begin_attempt("u7@x.kr", ip).err(), Some(s) if s > 50), "five failures: wait out the minute");
        assert!(t.begin_attempt("u7@x.kr", Some("127.0.0.1".parse().unwrap())).is_ok(), "loopback is this machine");
    }

    #[test]
    fn an_attempt_cut_off_mid_check_is_never_left_in_flight() {
        let t = LoginThrottle::new();
        let ip = Some("203.0.113.10".parse().unwrap());
        // five requests dropped before their check ended (a closed socket, the 10 s limit)
        for _ in 0..5 {
            drop(t.begin_attempt("victim@x.kr", ip).unwrap());
        }
        // charged as failures (they expire within the minute), never left holding the account
        let map = t.keys.lock().unwrap();
        assert!(map.values().all(|k| k.in_flight == 0), "nothing stays in flight");
    }
}

/// One password check under way (`LoginThrottle::begin_attempt`).
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    email: String,
    from: Option<IpAddr>,
    ended: bool,
}

impl Attempt<'_> {
    /// The check's outcome: a wrong password is charged, a right one leaves nothing behind.
    pub fn end(mut self, failed: bool) {
        self.ended = true;
        self.throttle.end_attempt(&self.email, self.from, failed);
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.ended {
            self.throttle.end_attempt(&self.email, self.from, true);
        }
    }
}
