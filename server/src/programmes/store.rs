//! The programmes' storage over `0012_programmes.sql` and `0018_application_drafts.sql`: rounds,
//! applications with their answers as JSON, and documents as blobs in the database (outside the web
//! root; read only through the applicant's or staff's route). Every write is one `BEGIN IMMEDIATE`
//! transaction that re-reads what the rule depends on; the table's unique indexes stop two racing
//! starts (one live application per account and round) or sends (one sent application per business
//! and round) that pass it together. Drafts hold no business's place; they expire
//! (`domain::programmes::applications::draft_expired`) in every write that could meet one, and in
//! the hourly chore.

use crate::seats::notices::{write_message, Notice};
use crate::seats::{parse_time, time_text};
use domain::accounts::AccountId;
use domain::courses::BoxFuture;
use domain::programmes::applications::required_documents;
use domain::programmes::*;
use domain::seats::BookingRef;
use domain::{IsoDate, Lang, SeoulTime};
use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection, SqlitePool};

pub struct SqliteProgrammes {
    pool: SqlitePool,
}

impl SqliteProgrammes {
    pub fn new(pool: SqlitePool) -> SqliteProgrammes {
        SqliteProgrammes { pool }
    }
}

/// A failure of storage: logged here, told to the page as "unavailable".
fn unavailable(what: &'static str) -> impl Fn(sqlx::Error) -> ProgrammeFailure {
    move |e| {
        tracing::error!(error = %e, operation = what, "programmes storage failed");
        ProgrammeFailure::Unavailable
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

const APPLICATION_COLUMNS: &str = "a.id, a.reference, a.kind, a.account_id, acc.name AS applicant, a.round_id, a.answers, a.state, \
     a.created_at, a.submitted_at, a.decided_at, a.decided_krw, a.decision_note";

fn round_from(row: &sqlx::sqlite::SqliteRow) -> Option<LoanRound> {
    let date = |c: &str| IsoDate::parse(&row.get::<String, _>(c));
    LoanRound::new(row.get::<i64, _>("id") as u32, row.get::<i64, _>("year") as i32, row.get::<i64, _>("number") as u32,
        date("opens")?, date("closes")?, date("collateral_deadline")?, date("drawdown")?).ok()
}

pub async fn rounds(conn: &mut SqliteConnection) -> sqlx::Result<Vec<LoanRound>> {
    let rows = sqlx::query("SELECT * FROM loan_rounds ORDER BY opens").fetch_all(conn).await?;
    Ok(rows.iter().filter_map(round_from).collect())
}

/// Writes `round` unless its year and number are there already; true when written.
pub async fn insert_round(conn: &mut SqliteConnection, round: &LoanRound) -> sqlx::Result<bool> {
    let done = sqlx::query("INSERT OR IGNORE INTO loan_rounds (year, number, opens, closes, collateral_deadline, drawdown) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(round.year)
        .bind(round.number)
        .bind(round.opens.to_string())
        .bind(round.closes.to_string())
        .bind(round.collateral_deadline.to_string())
        .bind(round.drawdown.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Reads one application row with its round and documents (a row that does not read is logged
/// and skipped: it was written by something that broke the table's contract).
async fn application_from(conn: &mut SqliteConnection, row: &sqlx::sqlite::SqliteRow, rounds: &[LoanRound]) -> sqlx::Result<Option<Application>> {
    let id: i64 = row.get("id");
    let read = || -> Option<Application> {
        let kind = ApplicationKind::parse(&row.get::<String, _>("kind"))?;
        let answers: Answers = serde_json::from_str(&row.get::<String, _>("answers")).ok()?;
        let round_id: Option<i64> = row.get("round_id");
        let opt_time = |c: &str| row.get::<Option<String>, _>(c).and_then(|t| parse_time(&t));
        Some(Application {
            reference: BookingRef::parse(&row.get::<String, _>("reference"))?,
            kind,
            account: AccountId(row.get("account_id")),
            applicant: row.get("applicant"),
            round: round_id.and_then(|r| rounds.iter().find(|x| i64::from(x.id) == r).cloned()),
            answers,
            state: ApplicationState::parse(&row.get::<String, _>("state"))?,
            documents: Vec::new(),
            created_at: parse_time(&row.get::<String, _>("created_at"))?,
            submitted_at: opt_time("submitted_at"),
            decided_at: opt_time("decided_at"),
            decided_krw: row.get::<Option<i64>, _>("decided_krw").map(|n| n as u64),
            decision_note: row.get("decision_note"),
        })
    };
    let Some(mut application) = read() else {
        tracing::error!(id, "an application row does not read");
        return Ok(None);
    };
    let docs = sqlx::query("SELECT id, kind, file_kind, name, bytes, uploaded_at FROM application_documents WHERE application_id = ? ORDER BY id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    application.documents = docs
        .iter()
        .filter_map(|d| {
            Some(DocumentInfo {
                id: d.get("id"),
                kind: DocumentKind::parse(&d.get::<String, _>("kind")).ok()?,
                file: FileKind::parse(&d.get::<String, _>("file_kind"))?,
                name: d.get("name"),
                bytes: d.get::<i64, _>("bytes") as u64,
                uploaded_at: parse_time(&d.get::<String, _>("uploaded_at"))?,
            })
        })
        .collect();
    Ok(Some(application))
}

async fn applications_where(conn: &mut SqliteConnection, filter: &str, bind: Option<&str>, account: Option<i64>) -> sqlx::Result<Vec<Application>> {
    let sql = format!("SELECT {APPLICATION_COLUMNS} FROM applications a JOIN accounts acc ON acc.id = a.account_id WHERE {filter} ORDER BY a.id DESC LIMIT 500");
    let mut query = sqlx::query(&sql);
    if let Some(b) = bind {
        query = query.bind(b.to_string());
    }
    if let Some(a) = account {
        query = query.bind(a);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let all_rounds = rounds(&mut *conn).await?;
    let mut out = Vec::new();
    for row in &rows {
        if let Some(a) = application_from(&mut *conn, row, &all_rounds).await? {
            out.push(a);
        }
    }
    Ok(out)
}

async fn by_reference(conn: &mut SqliteConnection, reference: &BookingRef, account: Option<AccountId>) -> sqlx::Result<Option<Application>> {
    let found = match account {
        Some(a) => applications_where(conn, "a.reference = ? AND a.account_id = ?", Some(reference.as_str()), Some(a.0)).await?,
        None => applications_where(conn, "a.reference = ?", Some(reference.as_str()), None).await?,
    };
    Ok(found.into_iter().next())
}

/// Marks the drafts that have expired at `now` as withdrawn (`draft_expired`: 14 days unsent, or
/// their round closed); how many.
pub async fn expire_drafts(conn: &mut SqliteConnection, now: SeoulTime) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE applications SET state = 'withdrawn', withdrawn_at = ?1 WHERE state = 'draft' \
         AND (created_at <= ?2 OR round_id IN (SELECT id FROM loan_rounds WHERE closes < ?3))",
    )
    .bind(time_text(now))
    .bind(time_text(applications::drafts_expire_before(now)))
    .bind(now.date().to_string())
    .execute(&mut *conn)
    .await?;
    drop_withdrawn_documents(conn).await?;
    Ok(done.rows_affected())
}

/// A withdrawn or expired draft was never sent, so its files are no record of the district's:
/// they go at once (otherwise start, upload 10 MB, withdraw, again would fill the disk).
async fn drop_withdrawn_documents(conn: &mut SqliteConnection) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM application_documents WHERE application_id IN (SELECT id FROM applications WHERE state = 'withdrawn')")
        .execute(conn)
        .await?;
    Ok(())
}

/// Expires drafts every hour (writes expire them too; this keeps the resident's list true).
pub fn start_chore(state: &crate::AppState) {
    let (pool, clock) = (state.pool.clone(), state.clock.clone());
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            let expired = async {
                let mut tx = crate::db::begin_write(&pool).await?;
                let n = expire_drafts(&mut tx, clock.now()).await?;
                tx.commit().await?;
                Ok::<_, sqlx::Error>(n)
            };
            match expired.await {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "unsent drafts expired"),
                Err(e) => tracing::warn!(error = %e, "expiring drafts failed"),
            }
        }
    });
}

fn decided_notice(application: &Application) -> Notice {
    let what = |lang| format!("{} ({})", application.kind.label(lang), application.reference);
    match application.state {
        ApplicationState::Approved => {
            let amount = |lang| application.decided_krw.map(|n| won(n, lang)).unwrap_or_default();
            Notice {
                subject_ko: "신청이 승인되었습니다".into(),
                subject_en: "Your application is approved".into(),
                body_ko: format!("{} 신청이 승인되었습니다. {}", what(Lang::Ko), if application.decided_krw.is_some() { format!("승인 금액: {}. 협약 은행에서 대출 약정을 진행해 주세요.", amount(Lang::Ko)) } else { "다음 달부터 지급됩니다.".into() }),
                body_en: format!("Your application {} is approved. {}", what(Lang::En), if application.decided_krw.is_some() { format!("Amount approved: {}. Please sign the loan agreement at the partner bank.", amount(Lang::En)) } else { "Payments start next month.".into() }),
            }
        }
        _ => {
            let reason = application.decision_note.clone().unwrap_or_default();
            Notice {
                subject_ko: "신청이 반려되었습니다".into(),
                subject_en: "Your application was not approved".into(),
                body_ko: format!("{} 신청이 반려되었습니다. 사유: {reason}", what(Lang::Ko)),
                body_en: format!("Your application {} was not approved. Reason: {reason}", what(Lang::En)),
            }
        }
    }
}

impl Programmes for SqliteProgrammes {
    fn rounds(&self) -> BoxFuture<'_, ProgrammeResult<Vec<LoanRound>>> {
        Box::pin(async move {
            let mut conn = self.pool.acquire().await.map_err(unavailable("rounds"))?;
            rounds(&mut conn).await.map_err(unavailable("rounds"))
        })
    }

    fn start(&self, account: AccountId, answers: Answers, round: Option<u32>, now: SeoulTime) -> BoxFuture<'_, ProgrammeResult<Application>> {
        Box::pin(async move {
            let fail = unavailable("start an application");
            let mut tx = crate::db::begin_write(&self.pool).await.map_err(&fail)?;
            let kind = answers.kind();
            let round = match (kind, round) {
                (ApplicationKind::SmeLoan, Some(id)) => {
                    let all = rounds(&mut tx).await.map_err(&fail)?;
                    let r = all.into_iter().find(|r| r.id == id).ok_or(ProgrammeError::BadRound)?;
                    if !r.is_open(now.date()) {
                        return Err(ProgrammeError::WindowClosed { next_opens: None }.into());
                    }
                    Some(r)
                }
                (ApplicationKind::SmeLoan, None) => return Err(ProgrammeError::BadRound.into()),
                (ApplicationKind::VeteransAllowance, _) => None,
            };
            expire_drafts(&mut tx, now).await.map_err(&fail)?;
            let round_key = round.as_ref().map_or(0, |r| i64::from(r.id));
            let existing: Option<String> = sqlx::query_scalar("SELECT reference FROM applications WHERE account_id = ? AND kind = ? AND round_key = ? AND state <> 'withdrawn'")
                .bind(account.0)
                .bind(kind.slug())
                .bind(round_key)
                .fetch_optional(&mut *tx)
                .await
                .map_err(&fail)?;
            if let Some(reference) = existing {
                return Err(ProgrammeError::AlreadyApplied { reference }.into());
            }
            // the business's place is not asked for here: a draft holds none (and a start must not
            // tell anyone whether a business applied); sending does (`submit`)
            let business = match &answers {
                Answers::SmeLoan(a) => Some(a.business_number.clone()),
                Answers::VeteransAllowance(_) => None,
            };
            let reference = BookingRef::with_letter(kind.letter(), rand::random::<u64>());
            let json = serde_json::to_string(&answers).map_err(|_| ProgrammeFailure::Unavailable)?;
            let inserted = sqlx::query(
                "INSERT INTO applications (reference, kind, account_id, round_id, round_key, business_number, answers, state, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?)",
            )
            .bind(reference.as_str())
            .bind(kind.slug())
            .bind(account.0)
            .bind(round.as_ref().map(|r| i64::from(r.id)))
            .bind(round_key)
            .bind(&business)
            .bind(&json)
            .bind(time_text(now))
            .execute(&mut *tx)
            .await;
            match inserted {
                Ok(_) => {}
                // the write lock makes this rare (a reference drawn twice, or a racing start that
                // passed the checks above in another process): the key answers it
                Err(e) if is_unique_violation(&e) => return Err(ProgrammeError::AlreadyApplied { reference: String::new() }.into()),
                Err(e) => return Err(fail(e)),
            }
            let application = by_reference(&mut tx, &reference, Some(account)).await.map_err(&fail)?.ok_or(ProgrammeFailure::Unavailable)?;
            tx.commit().await.map_err(&fail)?;
            Ok(application)
        })
    }

    fn application(&self, account: AccountId, reference: BookingRef) -> BoxFuture<'_, ProgrammeResult<Option<Application>>> {
        Box::pin(async move {
            let mut conn = self.pool.acquire().await.map_err(unavailable("read an application"))?;
            by_reference(&mut conn, &reference, Some(account)).await.map_err(unavailable("read an application"))
        })
    }

    fn applications_of(&self, account: AccountId) -> BoxFuture<'_, ProgrammeResult<Vec<Application>>> {
        Box::pin(async move {
            let mut conn = self.pool.acquire().await.map_err(unavailable("list applications"))?;
            applications_where(&mut conn, "a.account_id = ?", None, Some(account.0)).await.map_err(unavailable("list applications"))
        })
    }

    fn add_document(&self, account: AccountId, reference: BookingRef, kind: DocumentKind, file: FileKind, name: String, bytes: Vec<u8>, now: SeoulTime) -> BoxFuture<'_, ProgrammeResult<DocumentInfo>> {
        Box::pin(async move {
            let fail = unavailable("add a document");
            let mut tx = crate::db::begin_write(&self.pool).await.map_err(&fail)?;
            expire_drafts(&mut tx, now).await.map_err(&fail)?;
            let application = by_reference(&mut tx, &reference, Some(account)).await.map_err(&fail)?.ok_or(ProgrammeError::NoSuchApplication)?;
            if application.state == ApplicationState::Withdrawn {
                return Err(ProgrammeError::Withdrawn.into());
            }
            if application.state != ApplicationState::Draft {
                return Err(ProgrammeError::AlreadySent.into());
            }
            if !required_documents(&application.answers).contains(&kind) {
                return Err(ProgrammeError::DocumentNotNeeded.into());
            }
            let id: i64 = sqlx::query_scalar("SELECT id FROM applications WHERE reference = ?").bind(reference.as_str()).fetch_one(&mut *tx).await.map_err(&fail)?;
            sqlx::query("DELETE FROM application_documents WHERE application_id = ? AND kind = ?").bind(id).bind(kind.slug()).execute(&mut *tx).await.map_err(&fail)?;
            let digest = hex::encode(Sha256::digest(&bytes));
            let size = bytes.len() as i64;
            let doc_id = sqlx::query(
                "INSERT INTO application_documents (application_id, kind, file_kind, name, bytes, content, sha256, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(kind.slug())
            .bind(file.slug())
            .bind(&name)
            .bind(size)
            .bind(bytes)
            .bind(digest)
            .bind(time_text(now))
            .execute(&mut *tx)
            .await
            .map_err(&fail)?
            .last_insert_rowid();
            tx.commit().await.map_err(&fail)?;
            Ok(DocumentInfo { id: doc_id, kind, file, name, bytes: size as u64, uploaded_at: now })
        })
    }

    fn document(&self, reader: Option<AccountId>, reference: BookingRef, id: i64) -> BoxFuture<'_, ProgrammeResult<Option<(DocumentInfo, Vec<u8>)>>> {
        Box::pin(async move {
            let fail = unavailable("read a document");
            let mut conn = self.pool.acquire().await.map_err(&fail)?;
            let Some(application) = by_reference(&mut conn, &reference, reader).await.map_err(&fail)? else { return Ok(None) };
            let Some(info) = application.documents.into_iter().find(|d| d.id == id) else { return Ok(None) };
            let content: Vec<u8> = sqlx::query_scalar("SELECT content FROM application_documents WHERE id = ?").bind(id).fetch_one(&mut *conn).await.map_err(&fail)?;
            Ok(Some((info, content)))
        })
    }

    fn submit(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, ProgrammeResult<Application>> {
        Box::pin(async move {
            let fail = unavailable("send an application");
            let mut tx = crate::db::begin_write(&self.pool).await.map_err(&fail)?;
            expire_drafts(&mut tx, now).await.map_err(&fail)?;
            let application = by_reference(&mut tx, &reference, Some(account)).await.map_err(&fail)?.ok_or(ProgrammeError::NoSuchApplication)?;
            if application.state == ApplicationState::Withdrawn {
                return Err(ProgrammeError::Withdrawn.into());
            }
            if application.state != ApplicationState::Draft {
                return Err(ProgrammeError::AlreadySent.into());
            }
            if let Some(round) = &application.round {
                let all = rounds(&mut tx).await.map_err(&fail)?;
                if !round.is_open(now.date()) {
                    let next_opens = all.iter().filter(|r| r.opens > now.date()).map(|r| r.opens).min();
                    return Err(ProgrammeError::WindowClosed { next_opens }.into());
                }
            }
            let missing = application.missing_documents();
            if !missing.is_empty() {
                return Err(ProgrammeError::MissingDocuments { missing }.into());
            }
            // only now does the application take its business's place in the round: one sent
            // application per business (the unique index answers two sends that pass this together)
            if let Answers::SmeLoan(answers) = &application.answers {
                let taken: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM applications WHERE round_id = ? AND business_number = ? AND state IN ('submitted', 'approved', 'rejected')",
                )
                .bind(application.round.as_ref().map(|r| i64::from(r.id)))
                .bind(&answers.business_number)
                .fetch_optional(&mut *tx)
                .await
                .map_err(&fail)?;
                if taken.is_some() {
                    return Err(ProgrammeError::BusinessAlreadyApplied.into());
                }
            }
            let sent = sqlx::query("UPDATE applications SET state = 'submitted', submitted_at = ? WHERE reference = ? AND state = 'draft'")
                .bind(time_text(now))
                .bind(reference.as_str())
                .execute(&mut *tx)
                .await;
            match sent {
                Ok(_) => {}
                Err(e) if is_unique_violation(&e) => return Err(ProgrammeError::BusinessAlreadyApplied.into()),
                Err(e) => return Err(fail(e)),
            }
            let application = by_reference(&mut tx, &reference, Some(account)).await.map_err(&fail)?.ok_or(ProgrammeFailure::Unavailable)?;
            tx.commit().await.map_err(&fail)?;
            Ok(application)
        })
    }

    fn withdraw(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, ProgrammeResult<Application>> {
        Box::pin(async move {
            let fail = unavailable("withdraw an application");
            let mut tx = crate::db::begin_write(&self.pool).await.map_err(&fail)?;
            expire_drafts(&mut tx, now).await.map_err(&fail)?;
            let application = by_reference(&mut tx, &reference, Some(account)).await.map_err(&fail)?.ok_or(ProgrammeError::NoSuchApplication)?;
            match application.state {
                ApplicationState::Draft => {}
                ApplicationState::Withdrawn => return Err(ProgrammeError::Withdrawn.into()),
                _ => return Err(ProgrammeError::AlreadySent.into()),
            }
            sqlx::query("UPDATE applications SET state = 'withdrawn', withdrawn_at = ? WHERE reference = ? AND account_id = ? AND state = 'draft'")
                .bind(time_text(now))
                .bind(reference.as_str())
                .bind(account.0)
                .execute(&mut *tx)
                .await
                .map_err(&fail)?;
            drop_withdrawn_documents(&mut tx).await.map_err(&fail)?;
            let application = by_reference(&mut tx, &reference, Some(account)).await.map_err(&fail)?.ok_or(ProgrammeFailure::Unavailable)?;
            tx.commit().await.map_err(&fail)?;
            Ok(application)
        })
    }

    fn for_review(&self) -> BoxFuture<'_, ProgrammeResult<Vec<Application>>> {
        Box::pin(async move {
            let mut conn = self.pool.acquire().await.map_err(unavailable("list for review"))?;
            applications_where(&mut conn, "a.state IN ('submitted', 'approved', 'rejected')", None, None).await.map_err(unavailable("list for review"))
        })
    }

    fn any(&self, reference: BookingRef) -> BoxFuture<'_, ProgrammeResult<Option<Application>>> {
        Box::pin(async move {
            let mut conn = self.pool.acquire().await.map_err(unavailable("read an application"))?;
            let found = by_reference(&mut conn, &reference, None).await.map_err(unavailable("read an application"))?;
            // staff see what was sent, not residents' drafts (nor withdrawn ones)
            Ok(found.filter(|a| a.state.was_sent()))
        })
    }

    fn decide(&self, reference: BookingRef, decision: Decision, now: SeoulTime) -> BoxFuture<'_, ProgrammeResult<Application>> {
        Box::pin(async move {
            let fail = unavailable("decide an application");
            let mut tx = crate::db::begin_write(&self.pool).await.map_err(&fail)?;
            let application = by_reference(&mut tx, &reference, None).await.map_err(&fail)?.ok_or(ProgrammeError::NoSuchApplication)?;
            if application.state != ApplicationState::Submitted {
                return Err(ProgrammeError::NotSubmitted.into());
            }
            let (state, amount, note) = match decision {
                Decision::Approve { amount_krw } => ("approved", amount_krw.map(|n| n as i64), None),
                Decision::Reject { reason } => ("rejected", None, Some(reason)),
            };
            sqlx::query("UPDATE applications SET state = ?, decided_at = ?, decided_krw = ?, decision_note = ? WHERE reference = ? AND state = 'submitted'")
                .bind(state)
                .bind(time_text(now))
                .bind(amount)
                .bind(&note)
                .bind(reference.as_str())
                .execute(&mut *tx)
                .await
                .map_err(&fail)?;
            let application = by_reference(&mut tx, &reference, None).await.map_err(&fail)?.ok_or(ProgrammeFailure::Unavailable)?;
            let link = format!("/me/applications/{}", application.reference);
            write_message(&mut tx, application.account, &decided_notice(&application), &link, now).await.map_err(&fail)?;
            tx.commit().await.map_err(&fail)?;
            Ok(application)
        })
    }
}
