//! Applications to a programme: what was asked (`LoanAnswers`, `VeteranAnswers`, each read from
//! the form through the same checks as the eligibility pages), the loan's rounds with their
//! windows, the documents each programme needs, and what an uploaded document really is (read
//! from its first bytes, never from its name).

use super::loan::{check_amount, Collateral, Industry, Purpose};
use super::rules::loan_rules;
use super::ProgrammeError;
use crate::calendar::IsoDate;
use crate::Lang;
use serde::{Deserialize, Serialize};

/// The programmes residents apply to here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApplicationKind {
    SmeLoan,
    VeteransAllowance,
}

impl ApplicationKind {
    pub fn slug(self) -> &'static str {
        match self {
            ApplicationKind::SmeLoan => "sme-loan",
            ApplicationKind::VeteransAllowance => "veterans-allowance",
        }
    }

    pub fn parse(s: &str) -> Option<ApplicationKind> {
        match s.trim() {
            "sme-loan" => Some(ApplicationKind::SmeLoan),
            "veterans-allowance" => Some(ApplicationKind::VeteransAllowance),
            _ => None,
        }
    }

    /// The first letter of its reference numbers (`L-7Q2M-9XD4`, `H-…`).
    pub fn letter(self) -> char {
        match self {
            ApplicationKind::SmeLoan => 'L',
            ApplicationKind::VeteransAllowance => 'H',
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ApplicationKind::SmeLoan => lang.pick("중소기업 육성자금 융자", "SME development-fund loan"),
            ApplicationKind::VeteransAllowance => lang.pick("보훈예우수당", "Veterans' honour allowance"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApplicationState {
    /// Started: documents are being added; staff do not see it yet.
    Draft,
    /// Sent with every document: waiting for review.
    Submitted,
    Approved,
    Rejected,
    /// A draft the applicant withdrew, or that expired unsent (`draft_expired`): it holds nothing.
    Withdrawn,
}

impl ApplicationState {
    pub fn slug(self) -> &'static str {
        match self {
            ApplicationState::Draft => "draft",
            ApplicationState::Submitted => "submitted",
            ApplicationState::Approved => "approved",
            ApplicationState::Rejected => "rejected",
            ApplicationState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ApplicationState> {
        [ApplicationState::Draft, ApplicationState::Submitted, ApplicationState::Approved, ApplicationState::Rejected, ApplicationState::Withdrawn]
            .into_iter()
            .find(|k| k.slug() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ApplicationState::Draft => lang.pick("작성 중", "Not sent yet"),
            ApplicationState::Submitted => lang.pick("심사 중", "Under review"),
            ApplicationState::Approved => lang.pick("승인", "Approved"),
            ApplicationState::Rejected => lang.pick("반려", "Not approved"),
            ApplicationState::Withdrawn => lang.pick("철회됨", "Withdrawn"),
        }
    }

    /// Sent to the district (and perhaps decided): only these hold a business's place in a round.
    pub fn was_sent(self) -> bool {
        matches!(self, ApplicationState::Submitted | ApplicationState::Approved | ApplicationState::Rejected)
    }
}

/// Days a draft may wait unsent. A draft holds nothing (not the business's place: only sent
/// applications do), but the account's one application per round: an abandoned one gives it back.
pub const DRAFT_DAYS: i64 = 14;

/// Whether a draft started at `created_at` has expired at `now`: `DRAFT_DAYS` have passed, or its
/// round closed (it can never be sent).
pub fn draft_expired(created_at: crate::SeoulTime, round_closes: Option<IsoDate>, now: crate::SeoulTime) -> bool {
    let stale = now.instant() - created_at.instant() >= time::Duration::days(DRAFT_DAYS);
    stale || round_closes.is_some_and(|closes| closes < now.date())
}

/// The start time before which drafts have expired at `now` (what storage compares with).
pub fn drafts_expire_before(now: crate::SeoulTime) -> crate::SeoulTime {
    crate::SeoulTime::from_instant(now.instant() - time::Duration::days(DRAFT_DAYS))
}

/// A documents an application needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentKind {
    ApplicationForm,
    BusinessPlan,
    BusinessRegistration,
    CorporateRegistration,
    NationalTax,
    LocalTax,
    VatBase,
    MeritCertificate,
    Bankbook,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 9] = [
        DocumentKind::ApplicationForm,
        DocumentKind::BusinessPlan,
        DocumentKind::BusinessRegistration,
        DocumentKind::CorporateRegistration,
        DocumentKind::NationalTax,
        DocumentKind::LocalTax,
        DocumentKind::VatBase,
        DocumentKind::MeritCertificate,
        DocumentKind::Bankbook,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            DocumentKind::ApplicationForm => "application-form",
            DocumentKind::BusinessPlan => "business-plan",
            DocumentKind::BusinessRegistration => "business-registration",
            DocumentKind::CorporateRegistration => "corporate-registration",
            DocumentKind::NationalTax => "national-tax",
            DocumentKind::LocalTax => "local-tax",
            DocumentKind::VatBase => "vat-base",
            DocumentKind::MeritCertificate => "merit-certificate",
            DocumentKind::Bankbook => "bankbook",
        }
    }

    pub fn parse(s: &str) -> Result<DocumentKind, ProgrammeError> {
        let s = s.trim();
        DocumentKind::ALL.into_iter().find(|k| k.slug() == s).ok_or(ProgrammeError::BadDocumentKind)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DocumentKind::ApplicationForm => lang.pick("융자 신청서", "Application form"),
            DocumentKind::BusinessPlan => lang.pick("사업계획서", "Business plan"),
            DocumentKind::BusinessRegistration => lang.pick("사업자등록증명원", "Business registration certificate"),
            DocumentKind::CorporateRegistration => lang.pick("법인 등기사항전부증명서", "Corporate registration certificate"),
            DocumentKind::NationalTax => lang.pick("국세 납세증명서", "National tax payment certificate"),
            DocumentKind::LocalTax => lang.pick("지방세 납세증명서", "Local tax payment certificate"),
            DocumentKind::VatBase => lang.pick("부가가치세 과세표준증명원", "VAT tax-base certificate"),
            DocumentKind::MeritCertificate => lang.pick("국가유공자증", "National-merit certificate"),
            DocumentKind::Bankbook => lang.pick("통장 사본", "Copy of the bankbook"),
        }
    }
}

/// The documents this application must carry before it can be sent.
pub fn required_documents(answers: &Answers) -> Vec<DocumentKind> {
    use DocumentKind::*;
    match answers {
        Answers::SmeLoan(a) => {
            let mut docs = vec![ApplicationForm, BusinessPlan, BusinessRegistration];
            if a.corporation {
                docs.push(CorporateRegistration);
            }
            docs.extend([NationalTax, LocalTax, VatBase]);
            docs
        }
        Answers::VeteransAllowance(_) => vec![MeritCertificate, Bankbook],
    }
}

/// At most this many bytes per document.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// What a document's bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
}

impl FileKind {
    /// Reads the file's signature; anything that is not a PDF, PNG or JPEG is refused, whatever
    /// its name says.
    pub fn sniff(bytes: &[u8]) -> Result<FileKind, ProgrammeError> {
        if bytes.is_empty() {
            return Err(ProgrammeError::EmptyFile);
        }
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(ProgrammeError::FileTooLarge);
        }
        if bytes.starts_with(b"%PDF-") {
            Ok(FileKind::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Ok(FileKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Ok(FileKind::Jpeg)
        } else {
            Err(ProgrammeError::NotPdfOrImage)
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpeg",
        }
    }

    pub fn parse(s: &str) -> Option<FileKind> {
        [FileKind::Pdf, FileKind::Png, FileKind::Jpeg].into_iter().find(|k| k.slug() == s)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
        }
    }
}

/// A file's name as shown back: its last path part, printable characters only, at most 80.
pub fn display_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>')).take(80).collect();
    if clean.trim().is_empty() {
        "document".to_string()
    } else {
        clean.trim().to_string()
    }
}

/// One of the loan's application rounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanRound {
    pub id: u32,
    pub year: i32,
    pub number: u32,
    pub opens: IsoDate,
    pub closes: IsoDate,
    /// The partner bank must have evaluated the collateral by this day.
    pub collateral_deadline: IsoDate,
    /// When approved loans are paid out (the schedule counts from here).
    pub drawdown: IsoDate,
}

impl LoanRound {
    /// Checks the dates agree: the bank's deadline within the window, payment after it closes, and
    /// the year's rules set.
    pub fn new(id: u32, year: i32, number: u32, opens: IsoDate, closes: IsoDate, collateral_deadline: IsoDate, drawdown: IsoDate) -> Result<LoanRound, ProgrammeError> {
        if loan_rules(year).is_none() {
            return Err(ProgrammeError::YearNotCovered);
        }
        if !(opens <= collateral_deadline && collateral_deadline <= closes && closes < drawdown) || !(1..=12).contains(&number) {
            return Err(ProgrammeError::BadRound);
        }
        Ok(LoanRound { id, year, number, opens, closes, collateral_deadline, drawdown })
    }

    pub fn is_open(&self, today: IsoDate) -> bool {
        self.opens <= today && today <= self.closes
    }

    pub fn name(&self, lang: Lang) -> String {
        match lang {
            Lang::Ko => format!("{}년 {}차", self.year, self.number),
            Lang::En => format!("{} round {}", self.year, self.number),
        }
    }
}

/// When a loan of programme year `year` is paid out, for a schedule that names no date: the
/// year's first round's payment day, or 31 March (the usual first round's) when none is known.
pub fn usual_drawdown(rounds: &[LoanRound], year: i32) -> IsoDate {
    rounds
        .iter()
        .filter(|r| r.year == year)
        .map(|r| r.drawdown)
        .min()
        .or_else(|| IsoDate::parse(&format!("{year:04}-03-31")))
        .unwrap_or(IsoDate::from_date(time::macros::date!(2026 - 03 - 31)))
}

/// The round open on `today`, or why there is none (the next one, if known).
pub fn open_round(rounds: &[LoanRound], today: IsoDate) -> Result<&LoanRound, ProgrammeError> {
    rounds.iter().find(|r| r.is_open(today)).ok_or_else(|| ProgrammeError::WindowClosed {
        next_opens: rounds.iter().filter(|r| r.opens > today).map(|r| r.opens).min(),
    })
}

/// A Korean business registration number (사업자등록번호): ten digits, `123-45-67890`, whose last
/// digit is the National Tax Service's check digit.
pub fn parse_business_number(s: &str) -> Result<String, ProgrammeError> {
    let s = s.trim();
    if s.len() > 16 {
        return Err(ProgrammeError::BadBusinessNumber);
    }
    let digits: Vec<u32> = s.chars().filter(|c| *c != '-' && *c != ' ').map(|c| c.to_digit(10).filter(|_| c.is_ascii_digit())).collect::<Option<_>>().ok_or(ProgrammeError::BadBusinessNumber)?;
    if digits.len() != 10 {
        return Err(ProgrammeError::BadBusinessNumber);
    }
    const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let mut sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    sum += digits[8] * 5 / 10;
    if (10 - sum % 10) % 10 != digits[9] {
        return Err(ProgrammeError::BadBusinessNumber);
    }
    let text: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
    Ok(format!("{}-{}-{}", &text[..3], &text[3..5], &text[5..]))
}

/// A line of text from a form: trimmed, no control characters, `min..=max` characters.
pub fn parse_text(s: &str, min: usize, max: usize, field: Field) -> Result<String, ProgrammeError> {
    let s = s.trim();
    let n = s.chars().count();
    if n < min || n > max || s.chars().any(|c| c.is_control()) {
        return Err(ProgrammeError::BadText { field, min: min as u32, max: max as u32 });
    }
    Ok(s.to_string())
}

/// Which text field was wrong (for the message).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    BusinessName,
    CertificateNumber,
    Reason,
}

impl Field {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::BusinessName => lang.pick("상호", "The business name"),
            Field::CertificateNumber => lang.pick("국가유공자증 번호", "The certificate number"),
            Field::Reason => lang.pick("사유", "The reason"),
        }
    }
}

/// A yes/no question's answer: `yes` or `no`.
pub fn parse_yes_no(s: &str) -> Result<bool, ProgrammeError> {
    match s.trim() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(ProgrammeError::Unanswered),
    }
}

/// What a business answered, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanAnswers {
    pub business_name: String,
    /// `123-45-67890`.
    pub business_number: String,
    pub corporation: bool,
    pub industry: Industry,
    pub collateral: Collateral,
    /// The partner bank's evaluation (real estate only).
    pub evaluated_krw: Option<u64>,
    pub evaluated_on: IsoDate,
    pub amount_krw: u64,
    pub purpose: Purpose,
}

/// The loan form as sent (every field a string, as a form or a hostile client sends it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanForm {
    pub in_district: String,
    pub industry: String,
    pub collateral: String,
    pub evaluated: String,
    pub evaluated_on: String,
    pub amount: String,
    pub purpose: String,
    pub business_name: String,
    pub business_number: String,
    pub corporation: String,
}

/// The loan's eligibility questions, one per page, in order: in the district, industry,
/// collateral, the bank's evaluation, amount and purpose, the business.
pub const LOAN_STEPS: u8 = 6;

impl LoanForm {
    /// Checks the answers of steps `1..=through` in the pages' order under `rules` (the bank's
    /// `deadline` when a round is open): the first wrong (or missing) one and why.
    pub fn check_steps(&self, through: u8, rules: &super::rules::LoanRules, deadline: Option<IsoDate>, today: IsoDate) -> Result<(), (u8, ProgrammeError)> {
        let at = |step: u8| move |e: ProgrammeError| (step, e);
        if through >= 1 && !parse_yes_no(&self.in_district).map_err(at(1))? {
            return Err((1, ProgrammeError::NotInDistrict));
        }
        if through >= 2 {
            let industry = Industry::parse(&self.industry).map_err(at(2))?;
            if industry.excluded() {
                return Err((2, ProgrammeError::ExcludedIndustry { industry }));
            }
        }
        let collateral = if through >= 3 { Some(Collateral::parse(&self.collateral).map_err(at(3))?) } else { None };
        let mut evaluated = None;
        if through >= 4 {
            if collateral == Some(Collateral::RealEstate) {
                evaluated = Some(super::loan::parse_won(&self.evaluated).map_err(at(4))?);
            }
            let on = IsoDate::parse(&self.evaluated_on).filter(|d| *d <= today).ok_or((4, ProgrammeError::BadDate))?;
            if let Some(deadline) = deadline.filter(|d| on > *d) {
                return Err((4, ProgrammeError::EvaluatedTooLate { deadline }));
            }
        }
        if through >= 5 {
            let amount = super::loan::parse_won(&self.amount).map_err(at(5))?;
            check_amount(rules, amount, collateral.unwrap_or(Collateral::RealEstate), evaluated).map_err(at(5))?;
            Purpose::parse(&self.purpose).map_err(at(5))?;
        }
        if through >= 6 {
            parse_text(&self.business_name, 2, 60, Field::BusinessName).map_err(at(6))?;
            parse_business_number(&self.business_number).map_err(at(6))?;
            parse_yes_no(&self.corporation).map_err(at(6))?;
        }
        Ok(())
    }

    /// The fields as query pairs, for carrying answers from page to page.
    pub fn pairs(&self) -> [(&'static str, &str); 10] {
        [
            ("in_district", &self.in_district),
            ("industry", &self.industry),
            ("collateral", &self.collateral),
            ("evaluated", &self.evaluated),
            ("evaluated_on", &self.evaluated_on),
            ("amount", &self.amount),
            ("purpose", &self.purpose),
            ("business_name", &self.business_name),
            ("business_number", &self.business_number),
            ("corporation", &self.corporation),
        ]
    }
}

impl LoanAnswers {
    /// Every check of the eligibility pages, in their order, against the round the application
    /// goes into: the business is in the district, its industry may borrow, the bank evaluated
    /// the collateral by the round's deadline (and not in the future), the amount fits.
    pub fn from_form(form: &LoanForm, round: &LoanRound, today: IsoDate) -> Result<LoanAnswers, ProgrammeError> {
        let rules = loan_rules(round.year).ok_or(ProgrammeError::YearNotCovered)?;
        if !parse_yes_no(&form.in_district)? {
            return Err(ProgrammeError::NotInDistrict);
        }
        let industry = Industry::parse(&form.industry)?;
        if industry.excluded() {
            return Err(ProgrammeError::ExcludedIndustry { industry });
        }
        let collateral = Collateral::parse(&form.collateral)?;
        let evaluated_krw = match collateral {
            Collateral::RealEstate => Some(super::loan::parse_won(&form.evaluated)?),
            Collateral::Guarantee => None,
        };
        let evaluated_on = IsoDate::parse(&form.evaluated_on).ok_or(ProgrammeError::BadDate)?;
        if evaluated_on > today {
            return Err(ProgrammeError::BadDate);
        }
        if evaluated_on > round.collateral_deadline {
            return Err(ProgrammeError::EvaluatedTooLate { deadline: round.collateral_deadline });
        }
        let amount_krw = super::loan::parse_won(&form.amount)?;
        check_amount(rules, amount_krw, collateral, evaluated_krw)?;
        let purpose = Purpose::parse(&form.purpose)?;
        Ok(LoanAnswers {
            business_name: parse_text(&form.business_name, 2, 60, Field::BusinessName)?,
            business_number: parse_business_number(&form.business_number)?,
            corporation: parse_yes_no(&form.corporation)?,
            industry,
            collateral,
            evaluated_krw,
            evaluated_on,
            amount_krw,
            purpose,
        })
    }
}

/// What a veteran answered, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VeteranAnswers {
    pub certificate_number: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VeteranForm {
    pub registered: String,
    pub resident: String,
    pub seoul_allowance: String,
    pub certificate_number: String,
}

/// The allowance's questions, one per page: registered, resident, Seoul's allowance, certificate.
pub const VETERAN_STEPS: u8 = 4;

impl VeteranForm {
    /// Checks the answers of steps `1..=through` in order: the first wrong one and why.
    pub fn check_steps(&self, through: u8) -> Result<(), (u8, ProgrammeError)> {
        let questions: [(&str, fn(bool) -> Option<ProgrammeError>); 3] = [
            (&self.registered, |yes| (!yes).then_some(ProgrammeError::NotRegisteredVeteran)),
            (&self.resident, |yes| (!yes).then_some(ProgrammeError::NotInDistrict)),
            (&self.seoul_allowance, |yes| yes.then_some(ProgrammeError::AlreadyEnrolled)),
        ];
        for (step, (answer, refuse)) in (1u8..).zip(questions) {
            if through < step {
                return Ok(());
            }
            let yes = parse_yes_no(answer).map_err(|e| (step, e))?;
            if let Some(e) = refuse(yes) {
                return Err((step, e));
            }
        }
        if through >= 4 {
            VeteranAnswers::from_form(self).map_err(|e| (4, e))?;
        }
        Ok(())
    }
}

impl VeteranAnswers {
    /// A registered veteran living in the district who does not already receive Seoul's
    /// allowance (those are enrolled without applying).
    pub fn from_form(form: &VeteranForm) -> Result<VeteranAnswers, ProgrammeError> {
        if !parse_yes_no(&form.registered)? {
            return Err(ProgrammeError::NotRegisteredVeteran);
        }
        if !parse_yes_no(&form.resident)? {
            return Err(ProgrammeError::NotInDistrict);
        }
        if parse_yes_no(&form.seoul_allowance)? {
            return Err(ProgrammeError::AlreadyEnrolled);
        }
        let number = parse_text(&form.certificate_number, 4, 20, Field::CertificateNumber)?;
        if !number.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(ProgrammeError::BadText { field: Field::CertificateNumber, min: 4, max: 20 });
        }
        Ok(VeteranAnswers { certificate_number: number })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answers {
    SmeLoan(LoanAnswers),
    VeteransAllowance(VeteranAnswers),
}

impl Answers {
    pub fn kind(&self) -> ApplicationKind {
        match self {
            Answers::SmeLoan(_) => ApplicationKind::SmeLoan,
            Answers::VeteransAllowance(_) => ApplicationKind::VeteransAllowance,
        }
    }
}

/// What staff decide: approve (a loan with the committee's amount) or not, with a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Approve { amount_krw: Option<u64> },
    Reject { reason: String },
}

impl Decision {
    /// Reads the staff form: `approve` (a loan needs an amount no more than was asked) or `reject`
    /// with a reason of 2–300 characters.
    pub fn from_form(outcome: &str, amount: &str, reason: &str, answers: &Answers) -> Result<Decision, ProgrammeError> {
        match outcome.trim() {
            "approve" => match answers {
                Answers::SmeLoan(a) => {
                    let amount = super::loan::parse_won(amount)?;
                    if amount == 0 || amount > a.amount_krw {
                        return Err(ProgrammeError::DecisionOverRequest { requested: a.amount_krw });
                    }
                    Ok(Decision::Approve { amount_krw: Some(amount) })
                }
                Answers::VeteransAllowance(_) => Ok(Decision::Approve { amount_krw: None }),
            },
            "reject" => Ok(Decision::Reject { reason: parse_text(reason, 2, 300, Field::Reason)? }),
            _ => Err(ProgrammeError::Unanswered),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programmes::rules::loan_rules;

    fn d(s: &str) -> IsoDate {
        IsoDate::parse(s).unwrap()
    }

    fn round() -> LoanRound {
        LoanRound::new(1, 2026, 2, d("2026-11-02"), d("2026-12-11"), d("2026-12-04"), d("2027-01-29")).unwrap()
    }

    fn form() -> LoanForm {
        LoanForm {
            in_district: "yes".into(),
            industry: "manufacturing".into(),
            collateral: "real-estate".into(),
            evaluated: "200,000,000".into(),
            evaluated_on: "2026-11-20".into(),
            amount: "150000000".into(),
            purpose: "facility".into(),
            business_name: "동네공방".into(),
            business_number: "220-81-62517".into(),
            corporation: "yes".into(),
        }
    }

    #[test]
    fn a_business_registration_number_needs_its_check_digit() {
        assert_eq!(parse_business_number("2208162517"), Ok("220-81-62517".into()));
        assert_eq!(parse_business_number("220-81-62518"), Err(ProgrammeError::BadBusinessNumber));
        for bad in ["", "220-81-6251", "22O-81-62517", "２２０-81-62517", "220-81-62517-1234567"] {
            assert!(parse_business_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_complete_loan_form_is_read() {
        let a = LoanAnswers::from_form(&form(), &round(), d("2026-11-24")).unwrap();
        assert_eq!(a.amount_krw, 150_000_000);
        assert_eq!(a.evaluated_krw, Some(200_000_000));
        assert_eq!(required_documents(&Answers::SmeLoan(a.clone())).len(), 7);
        let sole = LoanAnswers { corporation: false, ..a };
        assert!(!required_documents(&Answers::SmeLoan(sole)).contains(&DocumentKind::CorporateRegistration));
    }

    #[test]
    fn the_pages_check_their_questions_in_order() {
        let rules = loan_rules(2026).unwrap();
        let today = d("2026-11-24");
        assert_eq!(form().check_steps(LOAN_STEPS, rules, Some(d("2026-12-04")), today), Ok(()));
        let empty = LoanForm::default();
        assert_eq!(empty.check_steps(0, rules, None, today), Ok(()));
        assert_eq!(empty.check_steps(1, rules, None, today), Err((1, ProgrammeError::Unanswered)));
        let bar = LoanForm { industry: "bars".into(), ..form() };
        assert_eq!(bar.check_steps(6, rules, None, today), Err((2, ProgrammeError::ExcludedIndustry { industry: Industry::Bars })));
        // later steps are not judged before their page
        let half = LoanForm { amount: String::new(), ..form() };
        assert_eq!(half.check_steps(4, rules, None, today), Ok(()));
        assert_eq!(half.check_steps(5, rules, None, today), Err((5, ProgrammeError::BadAmount)));
        assert_eq!(form().pairs().len(), 10);
    }

    #[test]
    fn each_wrong_answer_is_named() {
        let today = d("2026-11-24");
        let with = |f: fn(&mut LoanForm)| {
            let mut form = form();
            f(&mut form);
            LoanAnswers::from_form(&form, &round(), today).unwrap_err()
        };
        assert_eq!(with(|f| f.in_district = "no".into()), ProgrammeError::NotInDistrict);
        assert_eq!(with(|f| f.industry = "bars".into()), ProgrammeError::ExcludedIndustry { industry: Industry::Bars });
        assert_eq!(with(|f| f.industry = "casino".into()), ProgrammeError::BadIndustry);
        assert_eq!(with(|f| f.amount = "160000000".into()), ProgrammeError::OverCap { cap: 150_000_000, collateral: Collateral::RealEstate });
        assert_eq!(with(|f| f.evaluated = "90,000,000".into()), ProgrammeError::OverEvaluation { value: 90_000_000 });
        assert_eq!(with(|f| { f.collateral = "guarantee".into(); f.amount = "60000000".into() }), ProgrammeError::OverCap { cap: 50_000_000, collateral: Collateral::Guarantee });
        assert_eq!(with(|f| f.evaluated_on = "2026-11-25".into()), ProgrammeError::BadDate);
        assert_eq!(with(|f| f.business_name = "x".repeat(61)), ProgrammeError::BadText { field: Field::BusinessName, min: 2, max: 60 });
        assert_eq!(with(|f| f.corporation = "maybe".into()), ProgrammeError::Unanswered);
        let late = LoanAnswers::from_form(&LoanForm { evaluated_on: "2026-12-05".into(), ..form() }, &round(), d("2026-12-08"));
        assert_eq!(late, Err(ProgrammeError::EvaluatedTooLate { deadline: d("2026-12-04") }));
    }

    #[test]
    fn the_window_is_the_rounds_and_the_next_one_is_named() {
        let rounds = vec![round(), LoanRound::new(2, 2027, 1, d("2027-02-01"), d("2027-02-26"), d("2027-02-19"), d("2027-03-31")).unwrap()];
        assert_eq!(open_round(&rounds, d("2026-11-02")).unwrap().id, 1);
        assert_eq!(open_round(&rounds, d("2026-12-11")).unwrap().id, 1);
        assert_eq!(open_round(&rounds, d("2026-12-12")), Err(ProgrammeError::WindowClosed { next_opens: Some(d("2027-02-01")) }));
        assert_eq!(open_round(&rounds, d("2027-03-01")), Err(ProgrammeError::WindowClosed { next_opens: None }));
        assert_eq!(LoanRound::new(3, 2026, 1, d("2026-02-10"), d("2026-02-01"), d("2026-02-05"), d("2026-03-31")), Err(ProgrammeError::BadRound));
    }

    #[test]
    fn documents_are_judged_by_their_bytes_not_their_names() {
        assert_eq!(FileKind::sniff(b"%PDF-1.7\n..."), Ok(FileKind::Pdf));
        assert_eq!(FileKind::sniff(b"\x89PNG\r\n\x1a\n...."), Ok(FileKind::Png));
        assert_eq!(FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(FileKind::Jpeg));
        assert_eq!(FileKind::sniff(b"<html><script>"), Err(ProgrammeError::NotPdfOrImage));
        assert_eq!(FileKind::sniff(b""), Err(ProgrammeError::EmptyFile));
        assert_eq!(FileKind::sniff(&vec![b'%'; MAX_DOCUMENT_BYTES + 1]), Err(ProgrammeError::FileTooLarge));
        assert_eq!(display_name("C:\\Users\\me\\사업계획서.pdf"), "사업계획서.pdf");
        assert_eq!(display_name("../\u{0}"), "document");
    }

    #[test]
    fn veterans_already_paid_by_seoul_need_not_apply() {
        let form = VeteranForm { registered: "yes".into(), resident: "yes".into(), seoul_allowance: "no".into(), certificate_number: "11-23456".into() };
        assert!(VeteranAnswers::from_form(&form).is_ok());
        assert_eq!(VeteranAnswers::from_form(&VeteranForm { seoul_allowance: "yes".into(), ..form.clone() }), Err(ProgrammeError::AlreadyEnrolled));
        assert_eq!(VeteranAnswers::from_form(&VeteranForm { registered: "no".into(), ..form.clone() }), Err(ProgrammeError::NotRegisteredVeteran));
        assert!(VeteranAnswers::from_form(&VeteranForm { certificate_number: "<b>1234</b>".into(), ..form }).is_err());
    }

    #[test]
    fn the_allowance_pages_stop_at_the_first_answer_that_rules_it_out() {
        let form = VeteranForm { registered: "yes".into(), resident: "yes".into(), seoul_allowance: "no".into(), certificate_number: "11-23456".into() };
        assert_eq!(form.check_steps(VETERAN_STEPS), Ok(()));
        assert_eq!(VeteranForm { resident: "no".into(), ..form.clone() }.check_steps(4), Err((2, ProgrammeError::NotInDistrict)));
        assert_eq!(VeteranForm { seoul_allowance: "yes".into(), ..form.clone() }.check_steps(3), Err((3, ProgrammeError::AlreadyEnrolled)));
        assert_eq!(VeteranForm::default().check_steps(0), Ok(()));
        assert_eq!(VeteranForm { certificate_number: String::new(), ..form }.check_steps(3), Ok(()));
    }

    #[test]
    fn a_decision_cannot_lend_more_than_was_asked() {
        let answers = Answers::SmeLoan(LoanAnswers::from_form(&form(), &round(), d("2026-11-24")).unwrap());
        assert_eq!(Decision::from_form("approve", "120,000,000", "", &answers), Ok(Decision::Approve { amount_krw: Some(120_000_000) }));
        assert!(Decision::from_form("approve", "150,000,001", "", &answers).is_err());
        assert!(Decision::from_form("reject", "", "", &answers).is_err());
        assert!(Decision::from_form("maybe", "", "", &answers).is_err());
    }
}

#[cfg(test)]
mod draft_tests {
    use super::*;
    use crate::SeoulTime;

    fn at(day: &str, hour: u8) -> SeoulTime {
        SeoulTime::at(IsoDate::parse(day).unwrap(), hour, 0).unwrap()
    }

    #[test]
    fn a_draft_expires_fourteen_days_after_it_was_started_or_when_its_round_closes() {
        let started = at("2026-11-09", 10);
        assert!(!draft_expired(started, None, at("2026-11-23", 9)), "13 days 23 hours");
        assert!(draft_expired(started, None, at("2026-11-23", 10)), "14 days");
        let closes = IsoDate::parse("2026-11-20");
        assert!(!draft_expired(started, closes, at("2026-11-20", 23)), "the round's last day");
        assert!(draft_expired(started, closes, at("2026-11-21", 0)), "the day after it closed");
        assert_eq!(drafts_expire_before(at("2026-11-23", 10)), started);
    }

    #[test]
    fn only_sent_applications_hold_a_place() {
        assert!(!ApplicationState::Draft.was_sent() && !ApplicationState::Withdrawn.was_sent());
        assert!(ApplicationState::Submitted.was_sent() && ApplicationState::Approved.was_sent() && ApplicationState::Rejected.was_sent());
        assert_eq!(ApplicationState::parse("withdrawn"), Some(ApplicationState::Withdrawn));
    }
}
