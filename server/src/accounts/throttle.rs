//! The login throttle: failures counted per account (email) and per address, in memory, with the
//! domain's rule (`domain::accounts::Failures`): 5 within 60 s and the next attempt waits.

use domain::accounts::Failures;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

pub struct LoginThrottle {
    started: Instant,
    failures: Mutex<HashMap<String, Failures>>,
}

/// Past this many keys, keys without recent failures are forgotten (a flood of made-up emails
/// cannot grow the map without bound).
const MAX_KEYS: usize = 100_000;

impl LoginThrottle {
    pub fn new() -> LoginThrottle {
        LoginThrottle { started: Instant::now(), failures: Mutex::new(HashMap::new()) }
    }

    fn now(&self) -> u64 {
        self.started.elapsed().as_secs()
    }

    fn keys(email: &str, from: Option<IpAddr>) -> Vec<String> {
        let mut keys = vec![format!("email:{}", email.to_lowercase())];
        keys.extend(from.map(|ip| format!("ip:{ip}")));
        keys
    }

    /// Counts an attempt on the account before its password is checked, in one step with the
    /// check, so guesses sent at once cannot all pass before any failure is known; `Err(seconds)`
    /// when the account or the address must wait. The address is charged only for real failures
    /// (`failed_from`): many residents behind one address may log in at the same moment.
    pub fn begin_attempt(&self, email: &str, from: Option<IpAddr>) -> Result<(), u32> {
        let now = self.now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(wait) = Self::keys(email, from).iter().filter_map(|k| map.get_mut(k).and_then(|f| f.retry_after(now))).max() {
            return Err(wait);
        }
        if map.len() > MAX_KEYS {
            map.retain(|_, f| f.retry_after(now).is_some() || !f.is_empty());
        }
        map.entry(Self::keys(email, None).remove(0)).or_default().record(now);
        Ok(())
    }

    /// Takes back the attempt `begin_attempt` counted (the password was right).
    pub fn forget_attempt(&self, email: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = map.get_mut(&Self::keys(email, None).remove(0)) {
            f.forget_last();
        }
    }

    /// A wrong password from `from`: the address is charged (the account already was).
    pub fn failed_from(&self, from: Option<IpAddr>) {
        let Some(ip) = from else { return };
        let now = self.now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(format!("ip:{ip}")).or_default().record(now);
    }

}

impl Default for LoginThrottle {
    fn default() -> LoginThrottle {
        LoginThrottle::new()
    }
}
