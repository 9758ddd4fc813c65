//! The social economy: Yeonghee's Thrift Store (`thrift`: what it takes, drop-off slots, donation
//! receipts) and the Coffee Jigi self-support café (`coffee`: menu, catering requests), where each
//! of their places is and whether it is open now (`hours`), and what their pages need from storage
//! (`ports`). Every figure is a dated row; every form is read by a constructor that bounds it.

pub mod coffee;
pub mod hours;
mod ports;
pub mod thrift;

pub use ports::*;

use crate::calendar::IsoDate;
use crate::lang::won;
use crate::Lang;
use serde::{Deserialize, Serialize};

/// Why a drop-off, a receipt or a catering request was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SocialError {
    #[error("bad donor name")]
    BadDonorName,
    #[error("bad donor kind")]
    BadDonorKind,
    #[error("bad birth date")]
    BadBirth,
    #[error("bad business number")]
    BadBusinessNumber,
    #[error("bad item")]
    BadItem { row: u32 },
    #[error("bad item value")]
    BadItemValue { row: u32, max: u64 },
    #[error("no items")]
    NoItems,
    #[error("too many items")]
    TooManyItems { max: u32 },
    #[error("bad date")]
    BadDate,
    #[error("too soon")]
    TooSoon { earliest: IsoDate },
    #[error("too far ahead")]
    TooFarAhead { days: u32 },
    #[error("bad time")]
    BadTime { earliest: (u8, u8), latest: (u8, u8) },
    #[error("bad place")]
    BadPlace,
    #[error("bad head count")]
    BadHeads { min: u32, max: u32 },
    #[error("no set")]
    NoSet,
    #[error("bad set")]
    BadSet,
    #[error("bad budget")]
    BadBudget { max: u64 },
    #[error("bad contact name")]
    BadContactName,
    #[error("bad phone")]
    BadPhone,
    #[error("bad note")]
    BadNote,
    #[error("bad outcome")]
    BadOutcome,
    #[error("bad quote")]
    BadQuote,
    #[error("bad reason")]
    BadReason,
    #[error("bad reference")]
    BadReference,
    #[error("not found")]
    NotFound,
    #[error("drop-off cancelled")]
    DropoffCancelled,
    #[error("drop-off not received")]
    NotReceived,
    #[error("already received")]
    AlreadyReceived,
    #[error("receipt already asked")]
    ReceiptAlreadyAsked,
    #[error("no receipt asked")]
    NoReceiptAsked,
    #[error("receipt already issued")]
    ReceiptAlreadyIssued,
    #[error("already answered")]
    AlreadyAnswered,
    #[error("nothing to accept")]
    NothingToAccept,
    #[error("already closed")]
    AlreadyClosed,
    #[error("too many open requests")]
    TooManyOpen { max: u32 },
    #[error("too many drop-offs booked")]
    TooManyDropoffs { max: u32 },
}

impl SocialError {
    /// Whether the state of things refused it (409) rather than the request itself (400).
    pub fn is_conflict(&self) -> bool {
        use SocialError::*;
        matches!(self, DropoffCancelled | NotReceived | AlreadyReceived | ReceiptAlreadyAsked | NoReceiptAsked | ReceiptAlreadyIssued
            | AlreadyAnswered | NothingToAccept | AlreadyClosed | TooManyOpen { .. } | TooManyDropoffs { .. })
    }

    pub fn message(&self, lang: Lang) -> String {
        use SocialError::*;
        let ko = lang == Lang::Ko;
        let hm = |(h, m): (u8, u8)| format!("{h:02}:{m:02}");
        match self {
            BadDonorName => lang.pick("기부자 이름(또는 상호)을 1–40자로 적어 주세요.", "Write the donor's name (or business name) in 1–40 characters.").into(),
            BadDonorKind => lang.pick("개인인지 사업자인지 골라 주세요.", "Choose whether the donor is a person or a business.").into(),
            BadBirth => lang.pick("생년월일을 1980-03-04처럼 적어 주세요.", "Write the date of birth like 1980-03-04.").into(),
            BadBusinessNumber => lang.pick("사업자등록번호 10자리를 123-45-67890처럼 정확히 적어 주세요.", "Write the 10-digit business registration number exactly, like 123-45-67890.").into(),
            BadItem { row } => if ko { format!("{row}번째 물품 이름을 1–60자로 적어 주세요.") } else { format!("Describe item {row} in 1–60 characters.") },
            BadItemValue { row, max } => if ko {
                format!("{row}번째 물품의 신고 금액을 1원–{} 사이 숫자로 적어 주세요.", won(*max, lang))
            } else {
                format!("Give item {row}'s declared value as a number from KRW 1 to {}.", won(*max, lang))
            },
            NoItems => lang.pick("기부한 물품을 한 가지 이상 적어 주세요.", "List at least one donated item.").into(),
            TooManyItems { max } => if ko { format!("물품은 {max}줄까지 적을 수 있습니다.") } else { format!("At most {max} item lines.") },
            BadDate => lang.pick("날짜를 2026-12-03처럼 적어 주세요.", "Write the date like 2026-12-03.").into(),
            TooSoon { earliest } => if ko {
                format!("케이터링은 근무일 기준 3일 전까지 신청해 주세요. 가장 빠른 날짜는 {earliest}입니다.")
            } else {
                format!("Catering needs at least 3 working days' notice: the earliest date is {earliest}.")
            },
            TooFarAhead { days } => if ko { format!("{days}일 안의 날짜만 신청할 수 있습니다.") } else { format!("Dates up to {days} days ahead only.") },
            BadTime { earliest, latest } => if ko {
                format!("시간은 {}–{} 사이, 30분 단위(예: 12:00)로 적어 주세요.", hm(*earliest), hm(*latest))
            } else {
                format!("Choose a time between {} and {} on the hour or half hour (e.g. 12:00).", hm(*earliest), hm(*latest))
            },
            BadPlace => lang.pick("장소를 2–100자로 적어 주세요.", "Write the place in 2–100 characters.").into(),
            BadHeads { min, max } => if ko { format!("인원은 {min}–{max}명으로 적어 주세요.") } else { format!("The head count is {min} to {max}.") },
            NoSet => lang.pick("메뉴를 한 가지 이상 골라 주세요.", "Choose at least one menu.").into(),
            BadSet => lang.pick("메뉴를 목록에서 골라 주세요.", "Choose menus from the list.").into(),
            BadBudget { max } => if ko {
                format!("예산을 1원–{} 사이 숫자로 적어 주세요.", won(*max, lang))
            } else {
                format!("Give the budget as a number from KRW 1 to {}.", won(*max, lang))
            },
            BadContactName => lang.pick("담당자 이름을 1–40자로 적어 주세요.", "Write the contact's name in 1–40 characters.").into(),
            BadPhone => lang.pick("연락처를 010-1234-5678처럼 적어 주세요.", "Write the phone number like 010-1234-5678.").into(),
            BadNote => lang.pick("메모는 300자까지 적을 수 있습니다.", "The note can be at most 300 characters.").into(),
            BadOutcome => lang.pick("견적 또는 거절을 골라 주세요.", "Choose a quote or a refusal.").into(),
            BadQuote => lang.pick("견적 금액을 숫자로 적어 주세요.", "Write the quote as a number of won.").into(),
            BadReason => lang.pick("거절 사유를 2–300자로 적어 주세요.", "Give the reason in 2–300 characters.").into(),
            BadReference => lang.pick("번호를 D-7Q2M-9XD4 처럼 적어 주세요.", "A reference looks like D-7Q2M-9XD4.").into(),
            NotFound => lang.pick("그런 신청이 없습니다.", "There is no such request.").into(),
            DropoffCancelled => lang.pick("취소된 방문 예약입니다.", "This drop-off was cancelled.").into(),
            NotReceived => lang.pick("물품을 받은 것을 확인한 뒤에 영수증을 발급할 수 있습니다.", "A receipt is issued once the drop-off has been received.").into(),
            AlreadyReceived => lang.pick("이미 받은 것으로 확인된 방문입니다.", "This drop-off is already marked received.").into(),
            ReceiptAlreadyAsked => lang.pick("이 방문에는 이미 영수증을 신청했습니다. 방문 하나에 영수증은 한 장입니다.", "A receipt is already asked for this drop-off: one receipt per drop-off.").into(),
            NoReceiptAsked => lang.pick("영수증 신청이 없는 방문입니다.", "No receipt was asked for this drop-off.").into(),
            ReceiptAlreadyIssued => lang.pick("이미 발급한 영수증입니다.", "This receipt is already issued.").into(),
            AlreadyAnswered => lang.pick("이미 답변한 신청입니다.", "This request has already been answered.").into(),
            NothingToAccept => lang.pick("수락할 견적이 없습니다.", "There is no quote to accept.").into(),
            AlreadyClosed => lang.pick("이미 끝난 신청이라 철회할 수 없습니다.", "This request is closed: it cannot be withdrawn.").into(),
            TooManyOpen { max } => if ko {
                format!("답변을 기다리는 신청이 이미 {max}건 있습니다. 답변을 받은 뒤 다시 신청해 주세요.")
            } else {
                format!("You already have {max} requests waiting for an answer: please wait for one before asking again.")
            },
            TooManyDropoffs { max } => if ko {
                format!("다가오는 방문 예약은 {max}건까지 할 수 있습니다.")
            } else {
                format!("At most {max} coming drop-offs can be booked at once.")
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_speaks_both_languages() {
        use SocialError::*;
        let day = IsoDate::parse("2026-12-03").unwrap();
        for e in [BadDonorName, BadDonorKind, BadBirth, BadBusinessNumber, BadItem { row: 2 }, BadItemValue { row: 1, max: 5 }, NoItems,
            TooManyItems { max: 5 }, BadDate, TooSoon { earliest: day }, TooFarAhead { days: 180 }, BadTime { earliest: (7, 0), latest: (20, 0) },
            BadPlace, BadHeads { min: 10, max: 300 }, NoSet, BadSet, BadBudget { max: 1 }, BadContactName, BadPhone, BadNote, BadOutcome,
            BadQuote, BadReason, BadReference, NotFound, DropoffCancelled, NotReceived, AlreadyReceived, ReceiptAlreadyAsked, NoReceiptAsked,
            ReceiptAlreadyIssued, AlreadyAnswered, NothingToAccept, AlreadyClosed, TooManyOpen { max: 5 }, TooManyDropoffs { max: 3 }] {
            assert!(e.message(Lang::Ko).chars().any(|c| ('가'..='힣').contains(&c)), "{e:?}");
            assert!(!e.message(Lang::En).chars().any(|c| ('가'..='힣').contains(&c)), "{e:?}");
        }
    }
}
