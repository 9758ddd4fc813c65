//! The programmes' server functions: the loan's rounds, starting an application (a draft to which
//! documents are uploaded), sending it, the resident's own applications, and the staff review.
//! Each argument is read through the same domain constructors as the pages' questions; a refusal
//! is a 400 (the request) or 409 (the state of things) in the resident's language.

use crate::error::AppError;
use domain::programmes::{Application, LoanRound};
use domain::IsoDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The loan's rounds and today's date, for the pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundsNow {
    pub today: IsoDate,
    pub rounds: Vec<LoanRound>,
}

impl RoundsNow {
    pub fn open(&self) -> Option<&LoanRound> {
        self.rounds.iter().find(|r| r.is_open(self.today))
    }

    pub fn next(&self) -> Option<&LoanRound> {
        self.rounds.iter().filter(|r| r.opens > self.today).min_by_key(|r| r.opens)
    }
}

#[server(endpoint = "loan_rounds")]
pub async fn loan_rounds() -> Result<RoundsNow, AppError> {
    let today = super::ssr::now()?.date();
    Ok(RoundsNow { today, rounds: super::ssr::programmes()?.rounds().await? })
}

/// Starts a loan application in the round open today with the answers of the eligibility pages;
/// sends the resident to the application's page to add the documents.
#[server(endpoint = "start_loan_application")]
#[allow(clippy::too_many_arguments)]
pub async fn start_loan_application(
    in_district: String,
    industry: String,
    collateral: String,
    evaluated: String,
    evaluated_on: String,
    amount: String,
    purpose: String,
    business_name: String,
    business_number: String,
    corporation: String,
) -> Result<String, AppError> {
    use domain::programmes::applications::{open_round, LoanAnswers, LoanForm};
    use domain::programmes::Answers;
    let form = LoanForm { in_district, industry, collateral, evaluated, evaluated_on, amount, purpose, business_name, business_number, corporation };
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = super::ssr::now()?;
    let store = super::ssr::programmes()?;
    let rounds = store.rounds().await?;
    let round = open_round(&rounds, now.date())?;
    let answers = LoanAnswers::from_form(&form, round, now.date())?;
    let application = store.start(viewer.id, Answers::SmeLoan(answers), Some(round.id), now).await?;
    leptos_axum::redirect(&format!("/me/applications/{}", application.reference));
    Ok(application.reference.to_string())
}

/// Starts a veterans' allowance application; the documents follow on its page.
#[server(endpoint = "start_veterans_application")]
pub async fn start_veterans_application(registered: String, resident: String, seoul_allowance: String, certificate_number: String) -> Result<String, AppError> {
    use domain::programmes::applications::{VeteranAnswers, VeteranForm};
    use domain::programmes::Answers;
    let answers = VeteranAnswers::from_form(&VeteranForm { registered, resident, seoul_allowance, certificate_number })?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let application = super::ssr::programmes()?.start(viewer.id, Answers::VeteransAllowance(answers), None, super::ssr::now()?).await?;
    leptos_axum::redirect(&format!("/me/applications/{}", application.reference));
    Ok(application.reference.to_string())
}

/// Sends the resident's draft `reference` for review: every document there, the round open.
#[server(endpoint = "submit_application")]
pub async fn submit_application(reference: String) -> Result<String, AppError> {
    let reference = super::ssr::reference(&reference)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let application = super::ssr::programmes()?.submit(viewer.id, reference, super::ssr::now()?).await?;
    leptos_axum::redirect(&format!("/me/applications/{}?sent=1", application.reference));
    Ok(application.reference.to_string())
}

/// Withdraws the resident's draft `reference`: it stops holding their place in the round. A plain
/// form comes back to the list, where it shows as withdrawn.
#[server(endpoint = "withdraw_application")]
pub async fn withdraw_application(reference: String) -> Result<String, AppError> {
    let reference = super::ssr::reference(&reference)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let application = super::ssr::programmes()?.withdraw(viewer.id, reference, super::ssr::now()?).await?;
    leptos_axum::redirect("/me/applications?withdrawn=1");
    Ok(application.reference.to_string())
}

#[server(endpoint = "my_applications")]
pub async fn my_applications() -> Result<Vec<Application>, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    Ok(super::ssr::programmes()?.applications_of(viewer.id).await?)
}

/// The resident's own application `reference` (another's is not found).
#[server(endpoint = "my_application")]
pub async fn my_application(reference: String) -> Result<Application, AppError> {
    let reference = super::ssr::reference(&reference)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    super::ssr::programmes()?.application(viewer.id, reference).await?.ok_or(AppError::NotFound)
}

/// Staff: every application sent, newest first.
#[server(endpoint = "applications_for_review")]
pub async fn applications_for_review() -> Result<Vec<Application>, AppError> {
    crate::accounts::ssr::require_staff()?;
    Ok(super::ssr::programmes()?.for_review().await?)
}

#[server(endpoint = "application_for_review")]
pub async fn application_for_review(reference: String) -> Result<Application, AppError> {
    crate::accounts::ssr::require_staff()?;
    let reference = super::ssr::reference(&reference)?;
    super::ssr::programmes()?.any(reference).await?.ok_or(AppError::NotFound)
}

/// Staff record the committee's decision: `outcome` is `approve` (a loan with the `amount`
/// approved, at most what was asked) or `reject` with a `reason`. The applicant gets a message.
#[server(endpoint = "decide_application")]
pub async fn decide_application(reference: String, outcome: String, amount: String, reason: String) -> Result<String, AppError> {
    use domain::programmes::Decision;
    crate::accounts::ssr::require_staff()?;
    let reference = super::ssr::reference(&reference)?;
    let store = super::ssr::programmes()?;
    let application = store.any(reference.clone()).await?.ok_or(AppError::NotFound)?;
    let decision = Decision::from_form(&outcome, &amount, &reason, &application.answers)?;
    let decided = store.decide(reference, decision, super::ssr::now()?).await?;
    leptos_axum::redirect(&format!("/staff/programmes/{}?decided=1", decided.reference));
    Ok(decided.reference.to_string())
}
