//! What the programmes' pages need from storage, and the values that cross it. Writes are checked
//! again inside the storage's write transaction (one application per account and round, one per
//! business and round, documents complete before sending), and the database holds the same rules
//! as constraints.

use super::applications::{Answers, ApplicationKind, ApplicationState, Decision, DocumentKind, FileKind, LoanRound};
use super::ProgrammeError;
use crate::accounts::AccountId;
use crate::calendar::SeoulTime;
use crate::courses::BoxFuture;
use crate::seats::BookingRef;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub id: i64,
    pub kind: DocumentKind,
    pub file: FileKind,
    /// The name it was uploaded with, cleaned (`display_name`).
    pub name: String,
    pub bytes: u64,
    pub uploaded_at: SeoulTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub reference: BookingRef,
    pub kind: ApplicationKind,
    pub account: AccountId,
    /// The applicant's name as the account gives it (for staff).
    pub applicant: String,
    pub round: Option<LoanRound>,
    pub answers: Answers,
    pub state: ApplicationState,
    pub documents: Vec<DocumentInfo>,
    pub created_at: SeoulTime,
    pub submitted_at: Option<SeoulTime>,
    pub decided_at: Option<SeoulTime>,
    /// The committee's amount (loans).
    pub decided_krw: Option<u64>,
    pub decision_note: Option<String>,
}

impl Application {
    /// The required documents not uploaded yet.
    pub fn missing_documents(&self) -> Vec<DocumentKind> {
        super::applications::required_documents(&self.answers).into_iter().filter(|k| !self.documents.iter().any(|d| d.kind == *k)).collect()
    }
}

/// Why storage refused, or that it failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgrammeFailure {
    Refused(ProgrammeError),
    Unavailable,
}

impl From<ProgrammeError> for ProgrammeFailure {
    fn from(e: ProgrammeError) -> ProgrammeFailure {
        ProgrammeFailure::Refused(e)
    }
}

pub type ProgrammeResult<T> = Result<T, ProgrammeFailure>;

pub trait Programmes: Send + Sync {
    /// Every loan round, oldest first.
    fn rounds(&self) -> BoxFuture<'_, ProgrammeResult<Vec<LoanRound>>>;

    /// Starts an application (a draft, to which documents are added). A second one for the same
    /// programme (and round) is refused with the first one's reference.
    fn start(&self, account: AccountId, answers: Answers, round: Option<u32>, now: SeoulTime) -> BoxFuture<'_, ProgrammeResult<Application>>;

    /// The account's own application `reference` (`None` for anyone else's).
    fn application(&self, account: AccountId, reference: BookingRef) -> BoxFuture<'_, ProgrammeResult<Option<Application>>>;

    fn applications_of(&self, account: AccountId) -> BoxFuture<'_, ProgrammeResult<Vec<Application>>>;

    /// Adds (or replaces) a document of a draft application of `account`.
    fn add_document(&self, account: AccountId, reference: BookingRef, kind: DocumentKind, file: FileKind, name: String, bytes: Vec<u8>, now: SeoulTime) -> BoxFuture<'_, ProgrammeResult<DocumentInfo>>;

    /// A document's bytes, for its applicant (`Some(account)`) or staff (`None`).
    fn document(&self, reader: Option<AccountId>, reference: BookingRef, id: i64) -> BoxFuture<'_, ProgrammeResult<Option<(DocumentInfo, Vec<u8>)>>>;

    /// Sends a draft: every required document is there and (loans) its round is still open.
    fn submit(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, ProgrammeResult<Application>>;

    /// Withdraws a draft of `account`: it stops holding the account's place in its round. A sent
    /// application is the district's and cannot be withdrawn here.
    fn withdraw(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, ProgrammeResult<Application>>;

    /// Staff: applications sent or decided, newest first.
    fn for_review(&self) -> BoxFuture<'_, ProgrammeResult<Vec<Application>>>;

    /// Staff: any application by reference.
    fn any(&self, reference: BookingRef) -> BoxFuture<'_, ProgrammeResult<Option<Application>>>;

    /// Staff record the decision of a sent application; the applicant gets a message.
    fn decide(&self, reference: BookingRef, decision: Decision, now: SeoulTime) -> BoxFuture<'_, ProgrammeResult<Application>>;
}
