//! Accounts' commands: `dongne staff add EMAIL` gives an existing account the staff role.

use clap::Subcommand;
use domain::accounts::Email;

#[derive(Subcommand)]
pub enum Staff {
    /// Give the account with this email the staff role (it must have signed up first)
    Add { email: String },
}

#[derive(Subcommand)]
pub enum Agencies {
    /// Let the account with this email act for an agency on the smart-city platform (it must have
    /// signed up first). AGENCY is a publisher of the data catalogue, such as `smart-information`
    /// or `koroad`; an account acts for one agency, so a new grant replaces the old.
    Grant { email: String, agency: String },
}

pub async fn agencies(pool: &sqlx::SqlitePool, command: Agencies, now: domain::SeoulTime) -> anyhow::Result<()> {
    match command {
        Agencies::Grant { email, agency } => {
            let email = Email::parse(&email).map_err(|e| anyhow::anyhow!(e.message(domain::Lang::En)))?;
            let Some(publisher) = domain::datasets::Publisher::parse(agency.trim()) else {
                let known: Vec<&str> = domain::datasets::Publisher::ALL.iter().map(|p| p.slug()).collect();
                anyhow::bail!("unknown agency {agency:?}: one of {}", known.join(", "));
            };
            if !crate::agencies::store::grant(pool, email.as_str(), publisher, now).await? {
                anyhow::bail!("no account has the email {}: sign up first, then run this again", email.as_str());
            }
            println!("{} now acts for {} ({})", email.as_str(), publisher.label(domain::Lang::En), publisher.slug());
            Ok(())
        }
    }
}

pub async fn staff(pool: &sqlx::SqlitePool, command: Staff) -> anyhow::Result<()> {
    match command {
        Staff::Add { email } => {
            let email = Email::parse(&email).map_err(|e| anyhow::anyhow!(e.message(domain::Lang::En)))?;
            let done = sqlx::query("UPDATE accounts SET role = 'staff' WHERE email = ?").bind(email.as_str()).execute(pool).await?;
            if done.rows_affected() == 0 {
                anyhow::bail!("no account has the email {}: sign up first, then run this again", email.as_str());
            }
            println!("{} is now staff", email.as_str());
            Ok(())
        }
    }
}
