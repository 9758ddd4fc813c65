//! A resident's driving licence, as far as the district can check it from what they type: the
//! number's shape (12 digits: region 11–28, the year of issue, serial, check digits), dates that
//! agree with each other, at least 21 years old, the licence held for at least a year and not
//! expired. A real deployment also asks the Road Traffic Authority's licence check; the rules here
//! are what the portal enforces whatever that answer is.

use super::CarError;
use crate::calendar::IsoDate;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const MIN_AGE: i32 = 21;
pub const MIN_YEARS_HELD: i32 = 1;

/// A licence that passed every check. The full number is not kept: `masked` shows its region and
/// last two digits, and `digits` is for the server to fingerprint (one licence, one account).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    pub masked: String,
    pub issued_on: IsoDate,
    pub expires_on: IsoDate,
    pub birth_date: IsoDate,
}

/// What the licence form sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceForm {
    pub number: String,
    pub issued_on: String,
    pub expires_on: String,
    pub birth_date: String,
}

/// Whole years from `from` to `to` (an age on a date).
pub fn years_between(from: IsoDate, to: IsoDate) -> i32 {
    let (a, b) = (from.date(), to.date());
    let mut years = b.year() - a.year();
    if (u8::from(b.month()), b.day()) < (u8::from(a.month()), a.day()) {
        years -= 1;
    }
    years
}

/// The licence number's 12 digits (hyphens and spaces allowed between them).
fn licence_digits(number: &str) -> Option<String> {
    if number.len() > 40 {
        return None;
    }
    let digits: String = number.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let ok = digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit());
    let region: u32 = digits.get(0..2)?.parse().ok()?;
    (ok && (11..=28).contains(&region)).then_some(digits)
}

impl Licence {
    /// Checks `form` on `today`. Returns the licence and its 12 digits.
    pub fn verify(form: &LicenceForm, today: IsoDate) -> Result<(Licence, String), CarError> {
        let digits = licence_digits(&form.number).ok_or(CarError::LicenceNumber)?;
        let date = |s: &str| IsoDate::parse(s).ok_or(CarError::LicenceDates);
        let (issued_on, expires_on, birth_date) = (date(&form.issued_on)?, date(&form.expires_on)?, date(&form.birth_date)?);
        let issue_year: i32 = digits[2..4].parse().map_err(|_| CarError::LicenceNumber)?;
        if issue_year != issued_on.date().year() % 100 {
            return Err(CarError::LicenceYear);
        }
        if !(birth_date < issued_on && issued_on < expires_on && issued_on <= today) || years_between(birth_date, issued_on) < 16 {
            return Err(CarError::LicenceDates);
        }
        if expires_on < today {
            return Err(CarError::LicenceExpired { on: expires_on });
        }
        if years_between(birth_date, today) < MIN_AGE {
            return Err(CarError::TooYoung { years: MIN_AGE as u32 });
        }
        if years_between(issued_on, today) < MIN_YEARS_HELD {
            return Err(CarError::LicenceTooNew { since: issued_on });
        }
        let masked = format!("{}-**-******-{}", &digits[0..2], &digits[10..12]);
        Ok((Licence { masked, issued_on, expires_on, birth_date }, digits))
    }

    /// A trip ending on `last_day` needs the licence valid through it.
    pub fn covers(&self, last_day: IsoDate) -> Result<(), CarError> {
        if self.expires_on < last_day {
            return Err(CarError::LicenceExpired { on: self.expires_on });
        }
        Ok(())
    }
}

/// The server's secret that licence numbers are fingerprinted with (32 bytes). A licence number
/// has 12 digits, of which the region (18 values) and the year of issue (beside it in the row) are
/// nearly known: a plain SHA-256 of them is reversed by trying 10⁸ serials. Keyed with a secret
/// kept outside the database, the stored fingerprint tells a thief of the database nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct LicenceKey([u8; 32]);

impl std::fmt::Debug for LicenceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LicenceKey(…)")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl LicenceKey {
    pub fn from_bytes(bytes: [u8; 32]) -> LicenceKey {
        LicenceKey(bytes)
    }

    /// Reads the key's 64 hex digits (surrounding whitespace allowed).
    pub fn parse_hex(text: &str) -> Option<LicenceKey> {
        let text = text.trim();
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, pair) in text.as_bytes().chunks(2).enumerate() {
            bytes[i] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        Some(LicenceKey(bytes))
    }

    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// What is stored for a licence's 12 digits: HMAC-SHA256(key, hex SHA-256(digits)), in hex.
    /// The inner SHA-256 is what rows stored before keys hold, so `rekey` turns such a row into
    /// the same fingerprint without the digits.
    pub fn fingerprint(&self, digits: &str) -> String {
        self.rekey(&hex(&Sha256::digest(digits.as_bytes())))
    }

    /// The fingerprint of a licence stored before keys, from its stored hex SHA-256.
    pub fn rekey(&self, legacy_sha256_hex: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(legacy_sha256_hex.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_needs_the_key_and_a_legacy_hash_rekeys_to_the_same_one() {
        let key = LicenceKey::from_bytes([5; 32]);
        let print = key.fingerprint("111512345678");
        assert_eq!(print.len(), 64);
        assert_ne!(print, hex(&Sha256::digest(b"111512345678")), "not the plain SHA-256");
        assert_ne!(print, LicenceKey::from_bytes([6; 32]).fingerprint("111512345678"), "another key, another fingerprint");
        assert_ne!(print, key.fingerprint("111512345679"));
        let legacy = hex(&Sha256::digest(b"111512345678"));
        assert_eq!(key.rekey(&legacy), print);
        assert_eq!(LicenceKey::parse_hex(&format!(" {}\n", key.to_hex())), Some(key));
        assert_eq!(LicenceKey::parse_hex("00"), None);
        assert_eq!(LicenceKey::parse_hex(&"x".repeat(64)), None);
    }

    fn form(number: &str, issued: &str, expires: &str, born: &str) -> LicenceForm {
        LicenceForm { number: number.into(), issued_on: issued.into(), expires_on: expires.into(), birth_date: born.into() }
    }

    fn today() -> IsoDate {
        IsoDate::parse("2026-11-23").unwrap()
    }

    #[test]
    fn a_good_licence_is_verified_and_only_its_mask_is_shown() {
        let (licence, digits) = Licence::verify(&form("11-15-123456-78", "2015-03-02", "2030-12-31", "1990-05-05"), today()).unwrap();
        assert_eq!(licence.masked, "11-**-******-78");
        assert_eq!(digits, "111512345678");
        assert!(licence.covers(IsoDate::parse("2030-12-31").unwrap()).is_ok());
        assert!(licence.covers(IsoDate::parse("2031-01-01").unwrap()).is_err());
    }

    #[test]
    fn age_twenty_one_and_one_year_held_count_to_the_day() {
        // 21 today, licence a year old today
        assert!(Licence::verify(&form("11 25 123456 78", "2025-11-23", "2035-11-23", "2005-11-23"), today()).is_ok());
        assert_eq!(Licence::verify(&form("111512345678", "2015-11-23", "2035-11-23", "2005-11-24"), today()).unwrap_err(), CarError::LicenceDates,
            "issued before the holder was 16");
        assert_eq!(Licence::verify(&form("112312345678", "2023-11-23", "2035-11-23", "2005-11-24"), today()).unwrap_err(), CarError::TooYoung { years: 21 });
        assert!(matches!(Licence::verify(&form("112512345678", "2025-11-24", "2035-11-23", "1990-01-01"), today()).unwrap_err(), CarError::LicenceTooNew { .. }));
    }

    #[test]
    fn an_expired_licence_or_one_that_does_not_add_up_is_refused() {
        assert!(matches!(Licence::verify(&form("111512345678", "2015-03-02", "2026-11-22", "1990-05-05"), today()).unwrap_err(), CarError::LicenceExpired { .. }));
        assert!(Licence::verify(&form("111512345678", "2015-03-02", "2026-11-23", "1990-05-05"), today()).is_ok(), "valid through today");
        assert_eq!(Licence::verify(&form("111612345678", "2015-03-02", "2030-12-31", "1990-05-05"), today()).unwrap_err(), CarError::LicenceYear);
        for number in ["", "1234", "99-15-123456-78", "11-15-12345a-78", "11-15-123456-789", &"1".repeat(500)] {
            assert_eq!(Licence::verify(&form(number, "2015-03-02", "2030-12-31", "1990-05-05"), today()).unwrap_err(), CarError::LicenceNumber, "{number:?}");
        }
        assert_eq!(Licence::verify(&form("111512345678", "2015-02-30", "2030-12-31", "1990-05-05"), today()).unwrap_err(), CarError::LicenceDates);
        assert_eq!(Licence::verify(&form("112712345678", "2027-01-01", "2030-12-31", "1990-05-05"), today()).unwrap_err(), CarError::LicenceDates, "issued in the future");
    }
}
