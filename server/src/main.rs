//! `dongne`: serve the portal, (re)generate the demo data, or import data (see `server::cli`).

use std::time::Instant;

/// Rendering a page is many small allocations; glibc's allocator spent ~40% of a render in
/// malloc/free (perf), mimalloc much less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let started = Instant::now();
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tantivy=warn,sqlx=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // one JSON object per line for log collectors; readable lines on a terminal
    if std::env::var("DONGNE_LOG_FORMAT").is_ok_and(|f| f == "json") {
        logs.json().init();
    } else {
        logs.init();
    }
    if let Err(e) = server::cli::run(started).await {
        eprintln!("dongne: {e:#}");
        std::process::exit(1);
    }
}
