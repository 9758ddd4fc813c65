//! Password hashing: argon2id with 19 MiB and 2 passes (OWASP's floor), run on the blocking pool
//! so it never stalls the async workers, in two lanes with their own places: log-ins (and password
//! changes) at most two at a time, new accounts' hashes at most one at a time. A flood of sign-ups
//! waits in its own lane and never in front of a resident logging in; neither lane can take all
//! memory and cores.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Hasher {
    /// Checking passwords at log-in, and hashing a signed-in resident's new one.
    permits: Arc<Semaphore>,
    /// Hashing the passwords of new accounts.
    sign_ups: Arc<Semaphore>,
    /// A hash of nothing anyone knows: an unknown email is checked against it, so it costs the
    /// same time as a wrong password and the answer cannot tell them apart.
    decoy: Arc<String>,
}

/// How many hashes may run at once in each lane.
const AT_ONCE: usize = 2;
const SIGN_UPS_AT_ONCE: usize = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Ok(argon2().hash_password(password.as_bytes(), &salt)?.to_string())
}

impl Hasher {
    pub fn new() -> Hasher {
        let decoy = hash_now(&format!("decoy-{}", rand::random::<u128>())).expect("hashing a decoy");
        Hasher { permits: Arc::new(Semaphore::new(AT_ONCE)), sign_ups: Arc::new(Semaphore::new(SIGN_UPS_AT_ONCE)), decoy: Arc::new(decoy) }
    }

    /// A signed-in resident's new password, in the log-ins' lane.
    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await?;
        Ok(tokio::task::spawn_blocking(move || hash_now(&password)).await?.map_err(|e| anyhow::anyhow!("{e}"))?)
    }

    /// A new account's password, in the sign-ups' own lane.
    pub async fn hash_for_sign_up(&self, password: String) -> anyhow::Result<String> {
        let _permit = self.sign_ups.acquire().await?;
        Ok(tokio::task::spawn_blocking(move || hash_now(&password)).await?.map_err(|e| anyhow::anyhow!("{e}"))?)
    }

    /// Whether `password` matches `stored` (or, for `None`, the decoy: always false, same cost).
    pub async fn verify(&self, password: String, stored: Option<String>) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await?;
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.decoy.as_ref().clone());
        let matches = tokio::task::spawn_blocking(move || match PasswordHash::new(&stored) {
            Ok(hash) => argon2().verify_password(password.as_bytes(), &hash).is_ok(),
            Err(_) => false,
        })
        .await?;
        Ok(known && matches)
    }
}

impl Default for Hasher {
    fn default() -> Hasher {
        Hasher::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_19_mib_2_passes_and_only_its_password_matches() {
        let h = Hasher::new();
        let stored = h.hash("열 글자 넘는 비밀번호".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(h.verify("열 글자 넘는 비밀번호".into(), Some(stored.clone())).await.unwrap());
        assert!(!h.verify("다른 비밀번호입니다만".into(), Some(stored)).await.unwrap());
        assert!(!h.verify("anything".into(), None).await.unwrap());
    }
}
