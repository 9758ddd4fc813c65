//! The catalogue's commands: `dongne seed` and `dongne import courses FILE.csv`.

use crate::courses::{generate, import, store};
use clap::Subcommand;
use sqlx::SqlitePool;

#[derive(Subcommand)]
pub enum Import {
    /// A catalogue feed in CSV (columns: see the README)
    Courses {
        file: std::path::PathBuf,
        /// Import the valid rows even when some rows are invalid
        #[arg(long)]
        skip_invalid: bool,
    },
}

/// Replaces the catalogue with the deterministic demo data.
pub async fn seed(pool: &SqlitePool) -> anyhow::Result<()> {
    let courses = generate::catalogue();
    let district = generate::district_courses();
    store::replace_with(pool, &courses, &district).await?;
    tracing::info!(courses = courses.len(), district_courses = district.len(), "demo data generated");
    Ok(())
}

/// A new database gets the demo data, so `make run` shows a full portal.
pub async fn seed_on_first_start(pool: &SqlitePool) -> anyhow::Result<()> {
    if store::count_courses(pool).await? == 0 {
        seed(pool).await?;
    }
    Ok(())
}

pub async fn import(pool: &SqlitePool, what: Import) -> anyhow::Result<()> {
    let Import::Courses { file, skip_invalid } = what;
    let input = std::fs::File::open(&file).map_err(|e| anyhow::anyhow!("cannot open {}: {e}", file.display()))?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows").expect("valid template"));
    let report = import::import(pool, input, skip_invalid, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await?;
    bar.finish_and_clear();
    for e in &report.errors {
        eprintln!("line {}: {}", e.line, e.reasons.join("; "));
    }
    if !report.applied {
        anyhow::bail!(
            "{} invalid row(s): nothing was imported (fix them, or pass --skip-invalid to import the valid rows)",
            report.errors.len()
        );
    }
    println!(
        "imported: {} new, {} updated, {} unchanged, {} invalid skipped",
        report.inserted, report.updated, report.unchanged, report.skipped
    );
    if report.inserted + report.updated > 0 {
        println!("a running server shows the changes after `kill -HUP <its pid>` or a restart");
    }
    Ok(())
}
