//! How a sensor signs what it sends (`POST /api/v1/air/readings`), shared by the server that
//! checks and the simulator that sends.
//!
//! **Ed25519 (every key issued now).** `dongne sensors add|key` makes a key pair and prints the
//! private key (64 hex digits, the 32-byte seed) once; the device keeps it, the server stores only
//! the 32-byte public key. A stolen database therefore holds nothing that can sign. The signed text
//! is the scheme, method, path, timestamp, sequence number and the body's SHA-256, one per line:
//!
//! ```text
//! DONGNE-ED25519
//! POST
//! /api/v1/air/readings
//! 1795914000
//! 42
//! 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
//! ```
//!
//! and the signature is 64 bytes, sent as 128 hex digits.
//!
//! **HMAC-SHA256 (legacy, only for devices issued a key before Ed25519).** Such a device holds a
//! 256-bit key `K` and signs the same lines headed `DONGNE-HMAC-SHA256` with HMAC-SHA256 keyed by
//! SHA-256(K); the server keeps SHA-256(K), which is enough to sign, so these keys are replaced
//! (`dongne sensors key ID`, then the device is given its Ed25519 key) and no new ones are issued.
//! Its signature is 32 bytes, 64 hex digits. The length of the signature tells the schemes apart;
//! the server checks a device only by the scheme of its live key.
//!
//! Both are sent as the headers `X-Dongne-Device`, `X-Dongne-Timestamp` (Unix seconds),
//! `X-Dongne-Sequence` (per device, each larger than the last accepted) and `X-Dongne-Signature`.

use ed25519_dalek::Signer;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const DEVICE_HEADER: &str = "x-dongne-device";
pub const TIMESTAMP_HEADER: &str = "x-dongne-timestamp";
pub const SEQUENCE_HEADER: &str = "x-dongne-sequence";
pub const SIGNATURE_HEADER: &str = "x-dongne-signature";

/// How far a request's timestamp may be from the server's clock.
pub const MAX_SKEW_SECS: i64 = 300;

/// Hex digits of an Ed25519 signature and of a legacy HMAC one.
pub const ED25519_SIGNATURE_HEX: usize = 128;
pub const HMAC_SIGNATURE_HEX: usize = 64;

/// The two ways a stored key checks a signature (`air_keys.scheme`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Ed25519,
    Hmac,
}

impl Scheme {
    pub fn slug(self) -> &'static str {
        match self {
            Scheme::Ed25519 => "ed25519",
            Scheme::Hmac => "hmac",
        }
    }

    pub fn parse(text: &str) -> Option<Scheme> {
        match text {
            "ed25519" => Some(Scheme::Ed25519),
            "hmac" => Some(Scheme::Hmac),
            _ => None,
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Scheme::Ed25519 => "DONGNE-ED25519",
            Scheme::Hmac => "DONGNE-HMAC-SHA256",
        }
    }
}

/// A device's private Ed25519 key (its 32-byte seed): only the device holds it.
#[derive(Clone)]
pub struct DeviceSecret(ed25519_dalek::SigningKey);

impl std::fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceSecret(…)")
    }
}

impl PartialEq for DeviceSecret {
    fn eq(&self, other: &DeviceSecret) -> bool {
        self.0.to_bytes() == other.0.to_bytes()
    }
}

impl DeviceSecret {
    /// From 32 random bytes (the caller's random source: the domain has none).
    pub fn from_seed(seed: [u8; 32]) -> DeviceSecret {
        DeviceSecret(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    /// Reads the 64 hex digits a private key is handed out as.
    pub fn parse_hex(text: &str) -> Option<DeviceSecret> {
        parse_hex::<32>(text).map(DeviceSecret::from_seed)
    }

    pub fn to_hex(&self) -> String {
        hex(&self.0.to_bytes())
    }

    /// What the server stores: the public key.
    pub fn public_key(&self) -> StoredKey {
        StoredKey::Ed25519(self.0.verifying_key().to_bytes())
    }

    /// The signature's hex (128 digits) for a request.
    pub fn sign(&self, method: &str, path: &str, timestamp: i64, sequence: u64, body: &[u8]) -> String {
        let text = canonical(Scheme::Ed25519, method, path, timestamp, sequence, body);
        hex(&self.0.sign(text.as_bytes()).to_bytes())
    }
}

/// A legacy device key `K` (HMAC scheme): 32 bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceKey([u8; 32]);

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceKey(…)")
    }
}

impl DeviceKey {
    pub fn from_bytes(bytes: [u8; 32]) -> DeviceKey {
        DeviceKey(bytes)
    }

    /// Reads the 64 hex digits a key is handed out as.
    pub fn parse_hex(text: &str) -> Option<DeviceKey> {
        parse_hex::<32>(text).map(DeviceKey)
    }

    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// What the server stores and signatures are keyed with: SHA-256 of the key.
    pub fn signing_key(&self) -> SigningKey {
        SigningKey(Sha256::digest(self.0).into())
    }
}

/// SHA-256 of a legacy device key: what the server keeps for an HMAC device (and what signs).
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey(pub [u8; 32]);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

impl SigningKey {
    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length")
    }

    /// The signature's hex (64 digits) for a request.
    pub fn sign(&self, method: &str, path: &str, timestamp: i64, sequence: u64, body: &[u8]) -> String {
        let mut mac = self.mac();
        mac.update(canonical(Scheme::Hmac, method, path, timestamp, sequence, body).as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// A device's key as the server stores it (`air_keys.scheme` + the 32 bytes).
#[derive(Clone, PartialEq, Eq)]
pub enum StoredKey {
    /// The device's public key: checks, cannot sign.
    Ed25519([u8; 32]),
    /// Legacy: SHA-256 of the device's key, which both checks and signs.
    Hmac(SigningKey),
}

impl std::fmt::Debug for StoredKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoredKey({})", self.scheme().slug())
    }
}

impl StoredKey {
    /// From a stored row; `None` for an unknown scheme or a blob of the wrong length.
    pub fn from_row(scheme: &str, bytes: &[u8]) -> Option<StoredKey> {
        let bytes = <[u8; 32]>::try_from(bytes).ok()?;
        Some(match Scheme::parse(scheme)? {
            Scheme::Ed25519 => StoredKey::Ed25519(bytes),
            Scheme::Hmac => StoredKey::Hmac(SigningKey(bytes)),
        })
    }

    pub fn scheme(&self) -> Scheme {
        match self {
            StoredKey::Ed25519(_) => Scheme::Ed25519,
            StoredKey::Hmac(_) => Scheme::Hmac,
        }
    }

    pub fn bytes(&self) -> [u8; 32] {
        match self {
            StoredKey::Ed25519(b) => *b,
            StoredKey::Hmac(k) => k.0,
        }
    }

    /// Whether `signature_hex` signs the request under this key's scheme (a signature of the
    /// other scheme's length is refused). HMAC is compared in constant time; Ed25519 is checked
    /// strictly (no malleable or small-order forms).
    pub fn verify(&self, method: &str, path: &str, timestamp: i64, sequence: u64, body: &[u8], signature_hex: &str) -> bool {
        match self {
            StoredKey::Hmac(key) => {
                let Some(signature) = parse_hex::<32>(signature_hex) else { return false };
                let mut mac = key.mac();
                mac.update(canonical(Scheme::Hmac, method, path, timestamp, sequence, body).as_bytes());
                mac.verify_slice(&signature).is_ok()
            }
            StoredKey::Ed25519(public) => {
                let (Some(signature), Ok(public)) = (parse_hex::<64>(signature_hex), ed25519_dalek::VerifyingKey::from_bytes(public)) else {
                    return false;
                };
                let text = canonical(Scheme::Ed25519, method, path, timestamp, sequence, body);
                let signature = ed25519_dalek::Signature::from_bytes(&signature);
                public.verify_strict(text.as_bytes(), &signature).is_ok()
            }
        }
    }
}

/// Whether a header value has the shape of a signature of either scheme (before any key is read).
pub fn signature_shape_ok(text: &str) -> bool {
    matches!(text.len(), ED25519_SIGNATURE_HEX | HMAC_SIGNATURE_HEX) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The text that is signed.
pub fn canonical(scheme: Scheme, method: &str, path: &str, timestamp: i64, sequence: u64, body: &[u8]) -> String {
    format!("{}\n{method}\n{path}\n{timestamp}\n{sequence}\n{}", scheme.heading(), hex(&Sha256::digest(body)))
}

fn parse_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.trim();
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut bytes = [0u8; N];
    for (i, pair) in text.as_bytes().chunks(2).enumerate() {
        bytes[i] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "/api/v1/air/readings";

    #[test]
    fn an_ed25519_signature_verifies_with_the_public_key_and_any_change_breaks_it() {
        let secret = DeviceSecret::from_seed([7; 32]);
        let public = secret.public_key();
        let body = br#"{"readings":[]}"#;
        let sig = secret.sign("POST", PATH, 1_795_914_000, 42, body);
        assert_eq!(sig.len(), ED25519_SIGNATURE_HEX);
        assert!(public.verify("POST", PATH, 1_795_914_000, 42, body, &sig));
        assert!(!public.verify("POST", PATH, 1_795_914_001, 42, body, &sig));
        assert!(!public.verify("POST", PATH, 1_795_914_000, 43, body, &sig));
        assert!(!public.verify("POST", PATH, 1_795_914_000, 42, b"{}", &sig));
        assert!(!public.verify("POST", PATH, 1_795_914_000, 42, body, "zz"));
        assert!(!DeviceSecret::from_seed([8; 32]).public_key().verify("POST", PATH, 1_795_914_000, 42, body, &sig));
    }

    #[test]
    fn what_the_server_stores_for_an_ed25519_device_is_not_its_private_key() {
        let secret = DeviceSecret::from_seed([7; 32]);
        let stored = secret.public_key();
        assert_eq!(stored.scheme(), Scheme::Ed25519);
        assert_ne!(hex(&stored.bytes()), secret.to_hex());
        // the stored bytes used as a seed sign something the device's public key refuses
        let forger = DeviceSecret::from_seed(stored.bytes());
        let forged = forger.sign("POST", PATH, 1, 1, b"{}");
        assert!(!stored.verify("POST", PATH, 1, 1, b"{}", &forged));
        assert_eq!(StoredKey::from_row("ed25519", &stored.bytes()), Some(stored));
    }

    #[test]
    fn a_legacy_hmac_signature_still_verifies_and_the_schemes_do_not_cross() {
        let key = DeviceKey::from_bytes([7; 32]).signing_key();
        let stored = StoredKey::Hmac(key.clone());
        let body = br#"{"readings":[]}"#;
        let sig = key.sign("POST", PATH, 1_795_914_000, 42, body);
        assert_eq!(sig.len(), HMAC_SIGNATURE_HEX);
        assert!(stored.verify("POST", PATH, 1_795_914_000, 42, body, &sig));
        assert!(!stored.verify("POST", PATH, 1_795_914_000, 43, body, &sig));
        // an Ed25519 signature is not read as an HMAC one, nor the other way round
        let ed = DeviceSecret::from_seed([7; 32]);
        assert!(!stored.verify("POST", PATH, 1_795_914_000, 42, body, &ed.sign("POST", PATH, 1_795_914_000, 42, body)));
        assert!(!ed.public_key().verify("POST", PATH, 1_795_914_000, 42, body, &sig));
        assert_eq!(StoredKey::from_row("hmac", &key.0), Some(stored));
        assert_eq!(StoredKey::from_row("rsa", &key.0), None);
        assert_eq!(StoredKey::from_row("hmac", &[1, 2, 3]), None);
    }

    #[test]
    fn keys_are_written_as_64_hex_digits_and_signatures_have_one_of_two_lengths() {
        let key = DeviceKey::from_bytes([0xab; 32]);
        assert_eq!(DeviceKey::parse_hex(&key.to_hex()), Some(key));
        assert_eq!(DeviceKey::parse_hex("abc"), None);
        assert_eq!(DeviceKey::parse_hex(&"g".repeat(64)), None);
        let secret = DeviceSecret::from_seed([3; 32]);
        assert_eq!(DeviceSecret::parse_hex(&secret.to_hex()), Some(secret));
        assert_eq!(DeviceSecret::parse_hex(&"é".repeat(32)), None);
        assert!(signature_shape_ok(&"a".repeat(64)));
        assert!(signature_shape_ok(&"A".repeat(128)));
        assert!(!signature_shape_ok(&"a".repeat(96)));
        assert!(!signature_shape_ok(&"z".repeat(128)));
    }
}
