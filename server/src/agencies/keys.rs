//! Service keys: 32 random bytes written `dongne_sk_` + base64url, shown once and kept only as
//! SHA-256 (a key is random enough that a fast hash loses nothing; the lookup is by that hash).

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

const PREFIX: &str = "dongne_sk_";
/// How much of a key lists show.
const SHOWN: usize = PREFIX.len() + 4;

pub struct NewKey {
    pub text: String,
    pub hash: String,
    pub prefix: String,
}

pub fn generate() -> NewKey {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let text = format!("{PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes));
    NewKey { hash: hash(&text), prefix: text[..SHOWN].to_string(), text }
}

pub fn hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Whether `text` can be a key at all (so garbage is refused before any lookup).
pub fn well_formed(text: &str) -> bool {
    text.len() == PREFIX.len() + 43
        && text.starts_with(PREFIX)
        && text[PREFIX.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_well_formed_unique_and_stored_only_as_its_hash() {
        let (a, b) = (generate(), generate());
        assert!(well_formed(&a.text) && well_formed(&b.text));
        assert_ne!(a.text, b.text);
        assert_eq!(a.hash, hash(&a.text));
        assert_eq!(a.hash.len(), 64);
        assert!(a.text.starts_with(&a.prefix));
        assert!(!well_formed("dongne_sk_short"));
        assert!(!well_formed(&a.text.replace("dongne_sk_", "dongne_xx_")));
    }
}
