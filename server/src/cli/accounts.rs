//! Accounts' commands: `dongne staff add EMAIL` gives an existing account the staff role.

use clap::Subcommand;
use domain::accounts::Email;

#[derive(Subcommand)]
pub enum Staff {
    /// Give the account with this email the staff role (it must have signed up first)
    Add { email: String },
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
