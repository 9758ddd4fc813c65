//! How a sensor signs what it sends (`POST /api/v1/air/readings`), shared by the server that
//! checks and the simulator that sends.
//!
//! Each device holds a 256-bit key `K` (64 hex digits, shown once by `dongne sensors add`). It signs
//! with HMAC-SHA256 keyed by SHA-256(K); the server keeps only SHA-256(K), never K. The signed text
//! is the method, path, timestamp, sequence number and the body's SHA-256, one per line:
//!
//! ```text
//! DONGNE-HMAC-SHA256
//! POST
//! /api/v1/air/readings
//! 1795914000
//! 42
//! 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
//! ```
//!
//! sent as the headers `X-Dongne-Device`, `X-Dongne-Timestamp` (Unix seconds), `X-Dongne-Sequence`
//! (per device, each larger than the last accepted) and `X-Dongne-Signature` (hex).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const DEVICE_HEADER: &str = "x-dongne-device";
pub const TIMESTAMP_HEADER: &str = "x-dongne-timestamp";
pub const SEQUENCE_HEADER: &str = "x-dongne-sequence";
pub const SIGNATURE_HEADER: &str = "x-dongne-signature";

/// How far a request's timestamp may be from the server's clock.
pub const MAX_SKEW_SECS: i64 = 300;

/// A device key: 32 bytes.
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
        let text = text.trim();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, pair) in text.as_bytes().chunks(2).enumerate() {
            let digits = std::str::from_utf8(pair).ok()?;
            bytes[i] = u8::from_str_radix(digits, 16).ok()?;
        }
        Some(DeviceKey(bytes))
    }

    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// What the server stores and signatures are keyed with: SHA-256 of the key.
    pub fn signing_key(&self) -> SigningKey {
        SigningKey(Sha256::digest(self.0).into())
    }
}

/// SHA-256 of a device key: what the server keeps.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey(pub [u8; 32]);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

/// The text that is signed.
pub fn canonical(method: &str, path: &str, timestamp: i64, sequence: u64, body: &[u8]) -> String {
    format!("DONGNE-HMAC-SHA256\n{method}\n{path}\n{timestamp}\n{sequence}\n{}", hex(&Sha256::digest(body)))
}

impl SigningKey {
    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length")
    }

    /// The signature's hex for a request.
    pub fn sign(&self, method: &str, path: &str, timestamp: i64, sequence: u64, body: &[u8]) -> String {
        let mut mac = self.mac();
        mac.update(canonical(method, path, timestamp, sequence, body).as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// Whether `signature_hex` signs the request, compared in constant time.
    pub fn verify(&self, method: &str, path: &str, timestamp: i64, sequence: u64, body: &[u8], signature_hex: &str) -> bool {
        let Some(signature) = DeviceKey::parse_hex(signature_hex) else { return false };
        let mut mac = self.mac();
        mac.update(canonical(method, path, timestamp, sequence, body).as_bytes());
        mac.verify_slice(&signature.0).is_ok()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_and_any_change_breaks_it() {
        let key = DeviceKey::from_bytes([7; 32]).signing_key();
        let body = br#"{"readings":[]}"#;
        let sig = key.sign("POST", "/api/v1/air/readings", 1_795_914_000, 42, body);
        assert!(key.verify("POST", "/api/v1/air/readings", 1_795_914_000, 42, body, &sig));
        assert!(!key.verify("POST", "/api/v1/air/readings", 1_795_914_001, 42, body, &sig));
        assert!(!key.verify("POST", "/api/v1/air/readings", 1_795_914_000, 43, body, &sig));
        assert!(!key.verify("POST", "/api/v1/air/readings", 1_795_914_000, 42, b"{}", &sig));
        assert!(!key.verify("POST", "/api/v1/air/readings", 1_795_914_000, 42, body, "zz"));
        let other = DeviceKey::from_bytes([8; 32]).signing_key();
        assert!(!other.verify("POST", "/api/v1/air/readings", 1_795_914_000, 42, body, &sig));
    }

    #[test]
    fn keys_are_written_as_64_hex_digits() {
        let key = DeviceKey::from_bytes([0xab; 32]);
        assert_eq!(DeviceKey::parse_hex(&key.to_hex()), Some(key));
        assert_eq!(DeviceKey::parse_hex("abc"), None);
        assert_eq!(DeviceKey::parse_hex(&"g".repeat(64)), None);
    }
}
