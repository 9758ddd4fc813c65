//! District programmes: what a resident or a local business would get and how to apply. The SME
//! development-fund loan (`loan`: eligibility and the repayment schedule), the veterans' honour
//! allowance (`allowance`), both as rules with effective dates (`rules`: next year's rate or amount
//! is a new row); applications with their rounds, answers and documents (`applications`) and
//! their storage port (`ports`); and the social economy (`social`: the thrift store and the
//! self-support café).

pub mod allowance;
pub mod applications;
pub mod catalogue;
pub mod loan;
mod ports;
pub mod rules;
pub mod social;

pub use applications::{Answers, ApplicationKind, ApplicationState, Decision, DocumentKind, FileKind, LoanRound};
pub use ports::*;

use crate::calendar::IsoDate;
pub use crate::lang::won;
use crate::Lang;
use applications::Field;
use loan::{Collateral, Industry};
use serde::{Deserialize, Serialize};

/// Why an answer, an application or a document was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ProgrammeError {
    #[error("bad collateral")]
    BadCollateral,
    #[error("bad industry")]
    BadIndustry,
    #[error("bad purpose")]
    BadPurpose,
    #[error("bad amount")]
    BadAmount,
    #[error("amount step")]
    AmountStep { min: u64, step: u64 },
    #[error("over the cap")]
    OverCap { cap: u64, collateral: Collateral },
    #[error("over the evaluation")]
    OverEvaluation { value: u64 },
    #[error("excluded industry")]
    ExcludedIndustry { industry: Industry },
    #[error("not in the district")]
    NotInDistrict,
    #[error("unanswered")]
    Unanswered,
    #[error("bad date")]
    BadDate,
    #[error("evaluated too late")]
    EvaluatedTooLate { deadline: IsoDate },
    #[error("bad business number")]
    BadBusinessNumber,
    #[error("bad text")]
    BadText { field: Field, min: u32, max: u32 },
    #[error("window closed")]
    WindowClosed { next_opens: Option<IsoDate> },
    #[error("bad round")]
    BadRound,
    #[error("year not covered")]
    YearNotCovered,
    #[error("bad month")]
    BadMonth,
    #[error("not a registered veteran")]
    NotRegisteredVeteran,
    #[error("already enrolled")]
    AlreadyEnrolled,
    #[error("already applied")]
    AlreadyApplied { reference: String },
    #[error("business already applied")]
    BusinessAlreadyApplied,
    #[error("bad document kind")]
    BadDocumentKind,
    #[error("document not needed")]
    DocumentNotNeeded,
    #[error("empty file")]
    EmptyFile,
    #[error("file too large")]
    FileTooLarge,
    #[error("not a pdf or image")]
    NotPdfOrImage,
    #[error("missing documents")]
    MissingDocuments { missing: Vec<DocumentKind> },
    #[error("already sent")]
    AlreadySent,
    #[error("not sent")]
    NotSubmitted,
    #[error("decision over request")]
    DecisionOverRequest { requested: u64 },
    #[error("no such application")]
    NoSuchApplication,
    /// Withdrawn by the applicant, or expired unsent (`applications::DRAFT_DAYS`).
    #[error("withdrawn")]
    Withdrawn,
}

impl ProgrammeError {
    /// Whether the state of things refused it (409) rather than the request itself (400).
    pub fn is_conflict(&self) -> bool {
        matches!(self, ProgrammeError::WindowClosed { .. } | ProgrammeError::AlreadyApplied { .. } | ProgrammeError::BusinessAlreadyApplied
            | ProgrammeError::MissingDocuments { .. } | ProgrammeError::AlreadySent | ProgrammeError::NotSubmitted | ProgrammeError::Withdrawn)
    }

    pub fn message(&self, lang: Lang) -> String {
        use ProgrammeError::*;
        let ko = lang == Lang::Ko;
        match self {
            BadCollateral => lang.pick("담보 종류를 골라 주세요: 부동산 담보 또는 신용보증서.", "Choose the collateral: real estate or a credit-guarantee certificate.").into(),
            BadIndustry => lang.pick("업종을 목록에서 골라 주세요.", "Choose the industry from the list.").into(),
            BadPurpose => lang.pick("자금 용도를 골라 주세요: 시설자금 또는 운영자금.", "Choose what the loan is for: facility or operating funds.").into(),
            BadAmount => lang.pick("금액은 숫자로 적어 주세요(예: 50,000,000).", "Write the amount in figures (for example 50,000,000).").into(),
            AmountStep { min, step } => if ko {
                format!("융자 금액은 {} 이상, {} 단위로 신청할 수 있습니다.", won(*min, lang), won(*step, lang))
            } else {
                format!("The loan is at least {}, in steps of {}.", won(*min, lang), won(*step, lang))
            },
            OverCap { cap, collateral } => if ko {
                format!("{}(으)로는 업체당 최대 {}까지 빌릴 수 있습니다.", collateral.label(lang), won(*cap, lang))
            } else {
                format!("With {} a company may borrow at most {}.", collateral.label(lang).to_lowercase(), won(*cap, lang))
            },
            OverEvaluation { value } => if ko {
                format!("부동산 담보 융자는 은행 담보평가액({}) 안에서만 받을 수 있습니다.", won(*value, lang))
            } else {
                format!("A loan against real estate cannot exceed the bank's evaluation ({}).", won(*value, lang))
            },
            ExcludedIndustry { industry } => if ko {
                format!("{}은(는) 융자 지원 대상이 아닙니다(담배, 주류, 귀금속, 유흥주점, 금융, 부동산업 제외).", industry.label(lang))
            } else {
                format!("{} cannot borrow from the fund (tobacco, alcohol, precious metals, bars, finance and real estate are excluded).", industry.label(lang))
            },
            NotInDistrict => lang.pick("구 안에 있는 사업장(또는 구에 사는 분)만 신청할 수 있습니다.", "Only businesses located in (or people living in) the district can apply.").into(),
            Unanswered => lang.pick("예 또는 아니요를 골라 주세요.", "Please choose yes or no.").into(),
            BadDate => lang.pick("날짜를 2026-11-24처럼 적어 주세요. 오늘 이후 날짜는 안 됩니다.", "Write the date as 2026-11-24; it cannot be later than today.").into(),
            EvaluatedTooLate { deadline } => if ko {
                format!("이번 차수는 {deadline}까지 협약 은행의 담보평가를 마친 경우만 신청할 수 있습니다.")
            } else {
                format!("This round needs the partner bank's collateral evaluation done by {deadline}.")
            },
            BadBusinessNumber => lang.pick("사업자등록번호 10자리를 123-45-67890처럼 정확히 적어 주세요.", "Write the 10-digit business registration number exactly, like 123-45-67890.").into(),
            BadText { field, min, max } => if ko {
                format!("{}은(는) {min}–{max}자로 적어 주세요.", field.label(lang))
            } else {
                format!("{} must be {min}–{max} characters.", field.label(lang))
            },
            WindowClosed { next_opens } => match (next_opens, ko) {
                (Some(d), true) => format!("지금은 신청 기간이 아닙니다. 다음 접수는 {d}에 시작합니다."),
                (Some(d), false) => format!("Applications are closed now. The next round opens on {d}."),
                (None, true) => "지금은 신청 기간이 아닙니다. 다음 접수 일정은 공고로 알려 드립니다.".into(),
                (None, false) => "Applications are closed now. The next round will be announced.".into(),
            },
            BadRound => lang.pick("차수의 날짜가 맞지 않습니다.", "The round's dates do not agree.").into(),
            YearNotCovered => lang.pick("그 해의 기준은 아직 정해지지 않았습니다.", "That year's rules have not been set.").into(),
            BadMonth => lang.pick("월은 1–12 사이로 골라 주세요.", "Choose a month from 1 to 12.").into(),
            NotRegisteredVeteran => lang.pick("국가보훈부에 등록된 국가유공자만 받을 수 있습니다.", "Only veterans registered with the Ministry of Patriots and Veterans Affairs receive it.").into(),
            AlreadyEnrolled => lang.pick("서울시 보훈예우수당을 받는 분은 신청하지 않아도 자동으로 지급됩니다.", "Recipients of Seoul's allowance are enrolled automatically: there is nothing to apply for.").into(),
            AlreadyApplied { reference } => if ko {
                format!("이미 신청하셨습니다(신청 번호 {reference}). 같은 차수에는 한 번만 신청할 수 있습니다.")
            } else {
                format!("You have already applied (reference {reference}); one application per round.")
            },
            // said only when a complete application is sent, and without saying by whom or when
            BusinessAlreadyApplied => lang.pick(
                "이 사업자등록번호로는 이번 차수에 신청서를 보낼 수 없습니다. 사업자등록번호를 확인하시고, 맞다면 구청 중소기업 지원 창구에 문의해 주세요.",
                "An application for this business number cannot be sent in this round. Please check the number; if it is right, ask the district office's SME support desk.").into(),
            BadDocumentKind => lang.pick("서류 종류를 목록에서 골라 주세요.", "Choose the kind of document from the list.").into(),
            DocumentNotNeeded => lang.pick("이 신청에는 필요 없는 서류입니다.", "This application does not need that document.").into(),
            EmptyFile => lang.pick("파일을 골라 주세요.", "Choose a file to upload.").into(),
            FileTooLarge => lang.pick("파일은 10MB까지 올릴 수 있습니다.", "A file can be at most 10 MB.").into(),
            NotPdfOrImage => lang.pick("PDF, PNG, JPEG 파일만 올릴 수 있습니다(파일 내용으로 확인합니다).", "Only PDF, PNG or JPEG files are accepted (judged by their content).").into(),
            MissingDocuments { missing } => {
                let names: Vec<&str> = missing.iter().map(|d| d.label(lang)).collect();
                if ko {
                    format!("서류가 빠졌습니다: {}.", names.join(", "))
                } else {
                    format!("Documents are missing: {}.", names.join(", "))
                }
            }
            AlreadySent => lang.pick("이미 제출한 신청은 바꿀 수 없습니다.", "An application already sent cannot be changed.").into(),
            NotSubmitted => lang.pick("제출된 신청만 심사할 수 있습니다.", "Only applications that were sent can be decided.").into(),
            DecisionOverRequest { requested } => if ko {
                format!("승인 금액은 신청 금액({}) 이하로 적어 주세요.", won(*requested, lang))
            } else {
                format!("The approved amount cannot exceed the amount asked ({}).", won(*requested, lang))
            },
            NoSuchApplication => lang.pick("그런 신청이 없습니다.", "There is no such application.").into(),
            Withdrawn => if ko {
                format!("철회된 신청입니다(직접 철회했거나 {}일 동안 제출하지 않아 만료됨). 새로 신청해 주세요.", applications::DRAFT_DAYS)
            } else {
                format!("This application was withdrawn (by you, or because it was not sent within {} days). Please start a new one.", applications::DRAFT_DAYS)
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_speaks_both_languages() {
        let samples = [
            ProgrammeError::OverCap { cap: 50_000_000, collateral: Collateral::Guarantee },
            ProgrammeError::WindowClosed { next_opens: None },
            ProgrammeError::MissingDocuments { missing: vec![DocumentKind::Bankbook] },
            ProgrammeError::AlreadyApplied { reference: "L-AAAA-BBBB".into() },
            ProgrammeError::Withdrawn,
            ProgrammeError::BusinessAlreadyApplied,
            ProgrammeError::ExcludedIndustry { industry: Industry::Finance },
        ];
        for e in samples {
            assert_ne!(e.message(Lang::Ko), e.message(Lang::En));
        }
    }
}
