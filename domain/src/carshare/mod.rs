//! Car share: the district's electric official cars in the hours officials do not use them, and
//! shared office car parks by the hour, through one time-window engine. A window is checked on
//! its own (`window`), then against the resource's schedule (`schedule`: the owner's hours on
//! working days, official trips, residents' trips each followed by a charging buffer), priced
//! (`price`), and the driver's licence is checked (`licence`). Storage re-checks the schedule
//! inside its write transaction (`ports`).

pub mod bikes;
pub mod holidays;
pub mod licence;
mod ports;
pub mod price;
pub mod schedule;
pub mod window;

#[cfg(test)]
mod properties;

pub use licence::{Licence, LicenceForm, LicenceKey};
pub use ports::*;
pub use schedule::{FreeWindow, Use, UseKind};
pub use window::{ResourceKind, Rules, TripWindow};

use crate::calendar::{IsoDate, SeoulTime};
use crate::Lang;
use serde::{Deserialize, Serialize};

/// Why a window, a licence or a change to a trip was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CarError {
    #[error("bad time")]
    BadTime,
    #[error("end before start")]
    EndBeforeStart,
    #[error("not on step")]
    NotOnStep { minutes: u32 },
    #[error("in the past")]
    InThePast,
    #[error("too far ahead")]
    TooFarAhead { days: u32 },
    #[error("too short")]
    TooShort { minutes: u32 },
    #[error("too long")]
    TooLong { hours: u32 },
    #[error("official use")]
    OfficialUse { from: SeoulTime, until: SeoulTime },
    #[error("taken")]
    Taken,
    #[error("charging gap")]
    ChargingGap { minutes: u32 },
    #[error("residents booked")]
    ResidentsBooked { references: Vec<String> },
    #[error("no such car")]
    NoSuchResource,
    /// Another account's trip: answered as if it did not exist.
    #[error("not found")]
    NotYours,
    #[error("no licence")]
    NoLicence,
    #[error("licence number")]
    LicenceNumber,
    #[error("licence dates")]
    LicenceDates,
    #[error("licence year")]
    LicenceYear,
    #[error("licence expired")]
    LicenceExpired { on: IsoDate },
    #[error("too young")]
    TooYoung { years: u32 },
    #[error("licence too new")]
    LicenceTooNew { since: IsoDate },
    #[error("licence of another account")]
    LicenceElsewhere,
    /// The account already holds `max` trips of this kind still to come (`booking_caps`).
    #[error("too many trips ahead")]
    TooManyAhead { kind: ResourceKind, max: u32 },
    #[error("not booked")]
    NotActive,
    #[error("already started")]
    Started,
    #[error("not started")]
    NotStarted,
    #[error("not later")]
    NotLonger,
    #[error("bad idempotency key")]
    BadKey,
    #[error("idempotency key reused")]
    KeyReused,
    #[error("reason needed")]
    NoReason,
}

impl CarError {
    /// Whether the refusal is about the state of things (409) rather than what was asked (400).
    pub fn is_conflict(&self) -> bool {
        matches!(self, CarError::OfficialUse { .. } | CarError::Taken | CarError::ChargingGap { .. } | CarError::ResidentsBooked { .. }
            | CarError::NotActive | CarError::Started | CarError::KeyReused | CarError::LicenceElsewhere | CarError::TooManyAhead { .. })
    }

    pub fn message(&self, lang: Lang) -> String {
        use CarError::*;
        let ko = lang == Lang::Ko;
        let pick = |k: &str, e: &str| if ko { k.to_string() } else { e.to_string() };
        match self {
            BadTime => pick("시간은 2026-11-24T19:00 처럼 날짜와 시각으로 적어 주세요.", "Write times as a date and a time, like 2026-11-24T19:00."),
            EndBeforeStart => pick("반납 시각은 출발 시각보다 늦어야 합니다.", "The return time must be after the start."),
            NotOnStep { minutes } => if ko { format!("시각은 {minutes}분 단위로 골라 주세요.") } else { format!("Times go in steps of {minutes} minutes.") },
            InThePast => pick("이미 지난 시각은 예약할 수 없습니다.", "That time has already passed."),
            TooFarAhead { days } => if ko { format!("{days}일 안의 시각만 예약할 수 있습니다.") } else { format!("You can book up to {days} days ahead.") },
            TooShort { minutes } => if ko { format!("최소 {minutes}분 이상 예약해 주세요.") } else { format!("Book at least {minutes} minutes.") },
            TooLong { hours } => if ko { format!("한 번에 최대 {hours}시간까지 예약할 수 있습니다.") } else { format!("One booking lasts at most {hours} hours.") },
            OfficialUse { from, until } => if ko {
                format!("{} {}–{}에는 공무에 쓰입니다. 다른 시간을 골라 주세요.", from.date(), from.clock_text(), until.clock_text())
            } else {
                format!("It is in official use on {} {}–{}. Please choose another time.", from.date(), from.clock_text(), until.clock_text())
            },
            Taken => pick("그 시간에는 이미 다른 예약이 있습니다. 다른 시간을 골라 주세요.", "It is already booked at that time. Please choose another time."),
            ChargingGap { minutes } => if ko {
                format!("이용과 이용 사이에는 충전을 위해 {minutes}분이 비어 있어야 합니다. 시간을 조금 옮겨 주세요.")
            } else {
                format!("Every trip is followed by {minutes} minutes of charging. Please move your time a little.")
            },
            ResidentsBooked { references } => if ko {
                format!("주민 예약({})과 겹칩니다. 긴급 공무일 때만 예약을 취소하고 쓸 수 있습니다.", references.join(", "))
            } else {
                format!("Residents have booked it then ({}). Only an emergency may cancel their trips.", references.join(", "))
            },
            NoSuchResource => pick("그런 차량이나 주차면이 없습니다.", "There is no such car or parking space."),
            NotYours => pick("그런 예약이 없습니다.", "There is no such booking."),
            NoLicence => pick("먼저 운전면허를 확인해 주세요.", "Please verify your driving licence first."),
            LicenceNumber => pick("면허 번호는 11-15-123456-78 처럼 숫자 12자리입니다.", "A licence number has 12 digits, like 11-15-123456-78."),
            LicenceDates => pick("면허 발급일, 만료일, 생년월일이 서로 맞지 않습니다. 다시 확인해 주세요.", "The issue date, expiry date and birth date do not agree. Please check them."),
            LicenceYear => pick("면허 번호 셋째·넷째 자리는 발급 연도의 끝 두 자리입니다. 발급일을 확인해 주세요.", "The third and fourth digits of the number are the year of issue. Please check the issue date."),
            LicenceExpired { on } => if ko { format!("운전면허가 {on}에 만료됩니다(되었습니다). 갱신한 뒤 다시 확인해 주세요.") } else { format!("Your licence expires (expired) on {on}. Please renew it and verify again.") },
            TooYoung { years } => if ko { format!("만 {years}세 이상만 이용할 수 있습니다.") } else { format!("Drivers must be {years} or older.") },
            LicenceTooNew { since } => if ko { format!("면허를 딴 지 1년이 지나야 합니다({since} 발급).") } else { format!("You must have held your licence for a year (issued {since}).") },
            LicenceElsewhere => pick(
                "이 면허는 다른 계정에 등록되어 있습니다. 확인 요청을 카셰어링 담당 직원에게 보냈습니다. 직원이 면허를 확인해 본인 것이 맞으면 이 계정으로 옮기고 메시지로 알려 드립니다.",
                "This licence is registered to another account. Your claim has gone to the car-share staff: they will check the licence and, if it is yours, move it to this account and tell you in your messages."),
            TooManyAhead { kind, max } => match (kind, ko) {
                (ResourceKind::Car, true) => format!("한 계정은 아직 다가오지 않은 차량 예약을 {max}건까지 가질 수 있습니다(더 많은 주민이 쓸 수 있도록). 예약 하나를 취소하거나 이용이 끝난 뒤 다시 예약해 주세요."),
                (ResourceKind::Car, false) => format!("One account may hold at most {max} car trips still to come, so that more residents get a turn. Cancel one, or book again once one has passed."),
                (ResourceKind::Parking, true) => format!("한 계정은 아직 다가오지 않은 주차 예약을 {max}건까지 가질 수 있습니다(더 많은 주민이 쓸 수 있도록). 예약 하나를 취소하거나 이용이 끝난 뒤 다시 예약해 주세요."),
                (ResourceKind::Parking, false) => format!("One account may hold at most {max} parking bookings still to come, so that more residents get a turn. Cancel one, or book again once one has passed."),
            },
            NotActive => pick("이미 취소되었거나 끝난 예약입니다.", "That booking has already been cancelled or has ended."),
            Started => pick("이미 시작된 예약은 취소할 수 없습니다. 일찍 반납해 주세요.", "A trip that has started cannot be cancelled: return it early instead."),
            NotStarted => pick("아직 시작되지 않은 예약입니다. 취소를 이용해 주세요.", "That trip has not started yet: cancel it instead."),
            NotLonger => pick("새 반납 시각은 지금 반납 시각보다 늦어야 합니다.", "The new return time must be later than the current one."),
            BadKey => pick("요청 번호가 올바르지 않습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.", "The request number is not valid. Please reload the page and try again."),
            KeyReused => pick("같은 요청 번호로 다른 예약을 할 수 없습니다. 페이지를 새로 고쳐 주세요.", "That request number was used for another booking. Please reload the page."),
            NoReason => pick("사유를 적어 주세요.", "Please give a reason."),
        }
    }
}

/// A refusal, or storage failing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CarFailure {
    #[error("{0}")]
    Refused(CarError),
    #[error("storage unavailable")]
    Unavailable,
}

impl From<CarError> for CarFailure {
    fn from(e: CarError) -> CarFailure {
        CarFailure::Refused(e)
    }
}

pub type CarResult<T> = Result<T, CarFailure>;
