//! Residents' accounts: what an email, a password, a name and a child's details must be to be
//! accepted, who is signed in (`Viewer`), the login throttle's rule, and the storage port. Hashing,
//! sessions and cookies are the server's business; the rules about them live here.

mod session_age;
mod throttle;

pub use session_age::*;
pub use throttle::*;

use crate::calendar::IsoDate;
use crate::courses::BoxFuture;
use crate::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AccountId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64")]
pub struct ChildId(i64);

impl ChildId {
    pub fn new(id: i64) -> Option<ChildId> {
        (id > 0).then_some(ChildId(id))
    }
    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for ChildId {
    type Error = AccountError;
    fn try_from(id: i64) -> Result<ChildId, AccountError> {
        ChildId::new(id).ok_or(AccountError::NoSuchChild)
    }
}

impl std::fmt::Display for ChildId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Resident,
    Staff,
}

/// Who is signed in, as pages and server functions see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: AccountId,
    pub name: String,
    pub resident: bool,
    pub role: Role,
}

impl Viewer {
    pub fn is_staff(&self) -> bool {
        self.role == Role::Staff
    }
}

/// An email address as we accept it: trimmed, one `@`, a dot in the domain, no spaces, ≤ 254 bytes.
/// Compared without regard to case (storage collates NOCASE).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Email, AccountError> {
        let s = s.trim();
        let ok = (3..=254).contains(&s.len())
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty() && !domain.contains('@') && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
                }
                None => false,
            };
        ok.then(|| Email(s.to_string())).ok_or(AccountError::BadEmail)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = AccountError;
    fn try_from(s: String) -> Result<Email, AccountError> {
        Email::parse(&s)
    }
}
impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

/// A new password: 10 to 128 characters (a passphrase is welcome; the upper bound keeps hashing
/// cheap to refuse). Never printed, never serialised back out.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(s: &str) -> Result<NewPassword, AccountError> {
        let n = s.chars().count();
        if n < Self::MIN_CHARS {
            return Err(AccountError::PasswordTooShort);
        }
        if n > Self::MAX_CHARS {
            return Err(AccountError::PasswordTooLong);
        }
        Ok(NewPassword(s.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for NewPassword {
    type Error = AccountError;
    fn try_from(s: String) -> Result<NewPassword, AccountError> {
        NewPassword::parse(&s)
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// A password typed to log in: only bounded, so a megabyte "password" is refused before hashing.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct TypedPassword(String);

impl TypedPassword {
    pub fn parse(s: &str) -> Result<TypedPassword, AccountError> {
        if s.is_empty() || s.chars().count() > NewPassword::MAX_CHARS {
            return Err(AccountError::WrongCredentials);
        }
        Ok(TypedPassword(s.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TypedPassword {
    type Error = AccountError;
    fn try_from(s: String) -> Result<TypedPassword, AccountError> {
        TypedPassword::parse(&s)
    }
}

impl std::fmt::Debug for TypedPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TypedPassword(…)")
    }
}

/// A person's or child's name: trimmed, 1..=`max` characters, no control characters.
pub fn parse_name(s: &str, max: usize) -> Result<String, AccountError> {
    let s = s.trim();
    let n = s.chars().count();
    if n == 0 || n > max || s.chars().any(char::is_control) {
        return Err(AccountError::BadName { max });
    }
    Ok(s.to_string())
}

pub const NAME_MAX: usize = 50;
pub const CHILD_NAME_MAX: usize = 30;

#[derive(Clone, Debug)]
pub struct NewAccount {
    pub email: Email,
    pub password: NewPassword,
    pub name: String,
    pub resident: bool,
}

impl NewAccount {
    pub fn parse(email: &str, password: &str, name: &str, resident: bool) -> Result<NewAccount, AccountError> {
        Ok(NewAccount {
            email: Email::parse(email)?,
            password: NewPassword::parse(password)?,
            name: parse_name(name, NAME_MAX)?,
            resident,
        })
    }
}

/// A child as a guardian enters them: a name and a birth date that is real, not in the future
/// and less than 14 years ago (older children are not served by any seat here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewChild {
    pub name: String,
    pub birth_date: IsoDate,
}

impl NewChild {
    pub fn parse(name: &str, birth_date: &str, today: IsoDate) -> Result<NewChild, AccountError> {
        let name = parse_name(name, CHILD_NAME_MAX)?;
        let birth_date = IsoDate::parse(birth_date.trim()).ok_or(AccountError::BadBirthDate)?;
        if birth_date > today || birth_date < today.plus_days(-14 * 366) {
            return Err(AccountError::BadBirthDate);
        }
        Ok(NewChild { name, birth_date })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Child {
    pub id: ChildId,
    pub name: String,
    pub birth_date: IsoDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AccountError {
    #[error("bad email")]
    BadEmail,
    #[error("password too short")]
    PasswordTooShort,
    #[error("password too long")]
    PasswordTooLong,
    #[error("bad name")]
    BadName { max: usize },
    #[error("bad birth date")]
    BadBirthDate,
    #[error("email taken")]
    EmailTaken,
    /// Unknown account and wrong password alike: which one is never said.
    #[error("wrong credentials")]
    WrongCredentials,
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: u32 },
    #[error("no such child")]
    NoSuchChild,
    #[error("passwords differ")]
    PasswordsDiffer,
    #[error("too many children")]
    TooManyChildren { max: usize },
}

/// Children one account may add: more than any family books for, few enough that made-up
/// children cannot take a weekend session's seats.
pub const CHILDREN_MAX: usize = 6;

impl AccountError {
    pub fn message(&self, lang: Lang) -> String {
        use AccountError::*;
        match (self, lang) {
            (BadEmail, Lang::Ko) => "이메일 주소를 확인해 주세요. 예: name@example.com".into(),
            (BadEmail, Lang::En) => "Please check the email address, e.g. name@example.com.".into(),
            (PasswordTooShort, Lang::Ko) => format!("비밀번호는 {}자 이상이어야 합니다.", NewPassword::MIN_CHARS),
            (PasswordTooShort, Lang::En) => format!("The password must have at least {} characters.", NewPassword::MIN_CHARS),
            (PasswordTooLong, Lang::Ko) => format!("비밀번호는 {}자 이하여야 합니다.", NewPassword::MAX_CHARS),
            (PasswordTooLong, Lang::En) => format!("The password must have at most {} characters.", NewPassword::MAX_CHARS),
            (BadName { max }, Lang::Ko) => format!("이름을 1자 이상 {max}자 이하로 적어 주세요."),
            (BadName { max }, Lang::En) => format!("Please write a name of 1 to {max} characters."),
            (BadBirthDate, Lang::Ko) => "생년월일을 YYYY-MM-DD 형식의 실제 날짜로 적어 주세요.".into(),
            (BadBirthDate, Lang::En) => "Please give the birth date as a real date, YYYY-MM-DD.".into(),
            // never says whether the email has an account: only what to do next either way
            (EmailTaken, Lang::Ko) => "이 이메일로는 새로 가입할 수 없습니다. 이 이메일로 가입한 적이 있다면 로그인해 주시고, 아니라면 다른 이메일로 가입해 주세요.".into(),
            (EmailTaken, Lang::En) => "A new account cannot be made with this email. If you signed up with it before, please log in; otherwise, sign up with another email.".into(),
            (WrongCredentials, Lang::Ko) => "이메일 또는 비밀번호가 맞지 않습니다.".into(),
            (WrongCredentials, Lang::En) => "The email or the password is not right.".into(),
            (TooManyAttempts { retry_after_secs }, Lang::Ko) => {
                format!("로그인 시도가 너무 많습니다. {retry_after_secs}초 뒤에 다시 시도해 주세요.")
            }
            (TooManyAttempts { retry_after_secs }, Lang::En) => {
                format!("Too many login attempts. Please try again in {retry_after_secs} seconds.")
            }
            (NoSuchChild, Lang::Ko) => "이 계정에 등록된 어린이가 아닙니다.".into(),
            (NoSuchChild, Lang::En) => "This child is not on your account.".into(),
            (PasswordsDiffer, Lang::Ko) => "새 비밀번호 두 칸이 서로 다릅니다.".into(),
            (PasswordsDiffer, Lang::En) => "The two new passwords differ.".into(),
            (TooManyChildren { max }, Lang::Ko) => format!("한 계정에 자녀는 {max}명까지 등록할 수 있습니다. 더 필요하면 구청에 문의해 주세요."),
            (TooManyChildren { max }, Lang::En) => format!("An account can have at most {max} children. Please contact the district office if you need more."),
        }
    }
}

/// What the pages need from the accounts' storage. Password hashing happens behind it.
pub trait Accounts: Send + Sync {
    fn sign_up(&self, new: NewAccount) -> BoxFuture<'_, Result<AccountId, AccountsFailure>>;
    /// The account behind an email and password, or `WrongCredentials` (the same answer, after
    /// the same work, for an unknown email).
    fn check_password<'a>(&'a self, email: &'a Email, password: &'a TypedPassword) -> BoxFuture<'a, Result<Viewer, AccountsFailure>>;
    fn change_password<'a>(&'a self, id: AccountId, old: &'a TypedPassword, new: &'a NewPassword) -> BoxFuture<'a, Result<(), AccountsFailure>>;
    fn add_child(&self, id: AccountId, child: NewChild) -> BoxFuture<'_, Result<ChildId, AccountsFailure>>;
    fn children(&self, id: AccountId) -> BoxFuture<'_, Result<Vec<Child>, AccountsFailure>>;
}

/// A refusal the resident can act on, or storage failing (which they cannot).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccountsFailure {
    #[error(transparent)]
    Refused(#[from] AccountError),
    #[error("storage unavailable")]
    Unavailable,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_one_at_and_a_dotted_domain() {
        assert!(Email::parse(" kim@example.com ").is_ok());
        for bad in ["", "kim", "kim@", "@example.com", "kim@example", "kim@@example.com", "k im@example.com", "kim@.com"] {
            assert_eq!(Email::parse(bad), Err(AccountError::BadEmail), "{bad}");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(300))).is_err());
    }

    #[test]
    fn passwords_are_bounded_both_ways_and_never_printed() {
        assert_eq!(NewPassword::parse("short").unwrap_err(), AccountError::PasswordTooShort);
        assert_eq!(NewPassword::parse(&"x".repeat(129)).unwrap_err(), AccountError::PasswordTooLong);
        let p = NewPassword::parse("열 글자 넘는 비밀번호입니다").unwrap();
        assert!(!format!("{p:?}").contains("비밀번호"));
        assert!(TypedPassword::parse(&"x".repeat(10_000)).is_err());
    }

    #[test]
    fn a_child_is_born_in_the_past_and_names_are_bounded() {
        let today = IsoDate::parse("2026-11-23").unwrap();
        assert!(NewChild::parse("하늘", "2023-05-01", today).is_ok());
        assert_eq!(NewChild::parse("하늘", "2027-01-01", today).unwrap_err(), AccountError::BadBirthDate);
        assert_eq!(NewChild::parse("하늘", "2026-02-30", today).unwrap_err(), AccountError::BadBirthDate);
        assert_eq!(NewChild::parse("하늘", "1990-01-01", today).unwrap_err(), AccountError::BadBirthDate);
        assert!(NewChild::parse("   ", "2023-05-01", today).is_err());
        assert!(NewChild::parse(&"가".repeat(31), "2023-05-01", today).is_err());
    }

    #[test]
    fn every_account_error_speaks_both_languages() {
        use AccountError::*;
        for e in [BadEmail, PasswordTooShort, PasswordTooLong, BadName { max: 50 }, BadBirthDate, EmailTaken, WrongCredentials,
            TooManyAttempts { retry_after_secs: 42 }, NoSuchChild, PasswordsDiffer, TooManyChildren { max: 6 }] {
            assert_ne!(e.message(Lang::Ko), e.message(Lang::En));
        }
    }
}
