//! Coffee Jigi's catering requests: a resident asks (at most `OPEN_PER_ACCOUNT` waiting at once),
//! staff answer with a quote or a refusal that reaches the resident's messages, the resident
//! accepts the quote or withdraws. Each move is one `BEGIN IMMEDIATE` transaction whose UPDATE names
//! the state it leaves, so two racing moves cannot both happen; the table's CHECKs hold the states.

use super::unavailable;
use crate::seats::notices::{write_message, Notice};
use crate::seats::{parse_time, time_text};
use domain::accounts::AccountId;
use domain::lang::won;
use domain::programmes::social::coffee::{CateringAnswer, CateringRequest, CateringState};
use domain::programmes::social::{Catering, SocialError, SocialFailure, SocialResult};
use domain::seats::BookingRef;
use domain::{IsoDate, Lang, SeoulTime};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection, SqlitePool};

/// Requests one account may have waiting for an answer at once.
pub const OPEN_PER_ACCOUNT: i64 = 5;

const SELECT: &str = "SELECT c.*, acc.name AS resident FROM coffee_catering_requests c JOIN accounts acc ON acc.id = c.account_id";

fn catering_from(row: &SqliteRow) -> Option<Catering> {
    let read = || -> Option<Catering> {
        Some(Catering {
            reference: BookingRef::parse(&row.get::<String, _>("reference"))?,
            resident: row.get("resident"),
            request: CateringRequest {
                date: IsoDate::parse(&row.get::<String, _>("event_date"))?,
                time: row.get("event_time"),
                place: row.get("place"),
                heads: u32::try_from(row.get::<i64, _>("heads")).ok()?,
                sets: serde_json::from_str(&row.get::<String, _>("sets")).ok()?,
                budget_krw: u64::try_from(row.get::<i64, _>("budget_krw")).ok()?,
                contact_name: row.get("contact_name"),
                contact_phone: row.get("contact_phone"),
                note: row.get("note"),
            },
            state: CateringState::parse(&row.get::<String, _>("state"))?,
            quote_krw: row.get::<Option<i64>, _>("quote_krw").map(|n| n as u64),
            answer_note: row.get("answer_note"),
            created_at: parse_time(&row.get::<String, _>("created_at"))?,
            answered_at: row.get::<Option<String>, _>("answered_at").and_then(|t| parse_time(&t)),
        })
    };
    let found = read();
    if found.is_none() {
        tracing::error!(id = row.get::<i64, _>("id"), "a catering row does not read");
    }
    found
}

/// The account's requests (or, for staff, everyone's: the waiting ones first), newest first.
pub(super) async fn of(pool: &SqlitePool, account: Option<AccountId>) -> sqlx::Result<Vec<Catering>> {
    let rows = match account {
        Some(a) => sqlx::query(&format!("{SELECT} WHERE c.account_id = ? ORDER BY c.id DESC LIMIT 200")).bind(a.0).fetch_all(pool).await?,
        None => sqlx::query(&format!("{SELECT} ORDER BY c.state = 'requested' DESC, c.id DESC LIMIT 300")).fetch_all(pool).await?,
    };
    Ok(rows.iter().filter_map(catering_from).collect())
}

pub(super) async fn one(conn: &mut SqliteConnection, account: Option<AccountId>, reference: &BookingRef) -> sqlx::Result<Option<Catering>> {
    let account = account.map(|a| a.0);
    let row = sqlx::query(&format!("{SELECT} WHERE c.reference = ? AND (? IS NULL OR c.account_id = ?)"))
        .bind(reference.as_str())
        .bind(account)
        .bind(account)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().and_then(catering_from))
}

pub(super) async fn request(pool: &SqlitePool, account: AccountId, request: CateringRequest, now: SeoulTime) -> SocialResult<Catering> {
    let fail = unavailable("request catering");
    let mut tx = crate::db::begin_write(pool).await.map_err(&fail)?;
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM coffee_catering_requests WHERE account_id = ? AND state = 'requested'")
        .bind(account.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(&fail)?;
    if open >= OPEN_PER_ACCOUNT {
        return Err(SocialError::TooManyOpen { max: OPEN_PER_ACCOUNT as u32 }.into());
    }
    let sets = serde_json::to_string(&request.sets).map_err(|_| SocialFailure::Unavailable)?;
    let mut written = None;
    for _ in 0..4 {
        let reference = BookingRef::with_letter('J', rand::random::<u64>());
        let inserted = sqlx::query(
            "INSERT INTO coffee_catering_requests (reference, account_id, event_date, event_time, place, heads, sets, budget_krw, \
             contact_name, contact_phone, note, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?)",
        )
        .bind(reference.as_str())
        .bind(account.0)
        .bind(request.date.to_string())
        .bind(&request.time)
        .bind(&request.place)
        .bind(i64::from(request.heads))
        .bind(&sets)
        .bind(request.budget_krw as i64)
        .bind(&request.contact_name)
        .bind(&request.contact_phone)
        .bind(&request.note)
        .bind(time_text(now))
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {
                written = Some(reference);
                break;
            }
            // 40 random bits met an existing reference: draw again
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => continue,
            Err(e) => return Err(fail(e)),
        }
    }
    let reference = written.ok_or(SocialFailure::Unavailable)?;
    let catering = one(&mut tx, Some(account), &reference).await.map_err(&fail)?.ok_or(SocialFailure::Unavailable)?;
    tx.commit().await.map_err(&fail)?;
    Ok(catering)
}

fn answered_notice(c: &Catering) -> Notice {
    let when = format!("{} {}", c.request.date, c.request.time);
    let note = c.answer_note.clone().unwrap_or_default();
    match (c.state, c.quote_krw) {
        (CateringState::Quoted, Some(amount)) => Notice {
            subject_ko: "커피지기 케이터링 견적이 왔습니다".into(),
            subject_en: "Coffee Jigi sent a catering quote".into(),
            body_ko: format!("{when} ({}명) 케이터링 견적: {}. {note} 내 신청에서 수락하거나 철회해 주세요.", c.request.heads, won(amount, Lang::Ko)),
            body_en: format!("Catering on {when} for {}: quoted {}. {note} Accept or withdraw it in My applications.", c.request.heads, won(amount, Lang::En)),
        },
        _ => Notice {
            subject_ko: "커피지기 케이터링을 맡기 어렵습니다".into(),
            subject_en: "Coffee Jigi cannot take your catering".into(),
            body_ko: format!("{when} ({}명) 케이터링 신청에 응하기 어렵습니다. 사유: {note}", c.request.heads),
            body_en: format!("Coffee Jigi cannot cater on {when} for {}. Reason: {note}", c.request.heads),
        },
    }
}

pub(super) async fn answer(pool: &SqlitePool, reference: BookingRef, answer: CateringAnswer, now: SeoulTime) -> SocialResult<Catering> {
    let fail = unavailable("answer catering");
    let mut tx = crate::db::begin_write(pool).await.map_err(&fail)?;
    let found = one(&mut tx, None, &reference).await.map_err(&fail)?.ok_or(SocialError::NotFound)?;
    found.state.may_answer()?;
    let (state, quote, note) = match answer {
        CateringAnswer::Quote { amount_krw, note } => ("quoted", Some(amount_krw as i64), (!note.is_empty()).then_some(note)),
        CateringAnswer::Refuse { reason } => ("refused", None, Some(reason)),
    };
    let moved = sqlx::query("UPDATE coffee_catering_requests SET state = ?, quote_krw = ?, answer_note = ?, answered_at = ? WHERE reference = ? AND state = 'requested'")
        .bind(state)
        .bind(quote)
        .bind(&note)
        .bind(time_text(now))
        .bind(reference.as_str())
        .execute(&mut *tx)
        .await
        .map_err(&fail)?;
    if moved.rows_affected() == 0 {
        return Err(SocialError::AlreadyAnswered.into());
    }
    let account: i64 = sqlx::query_scalar("SELECT account_id FROM coffee_catering_requests WHERE reference = ?")
        .bind(reference.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(&fail)?;
    let catering = one(&mut tx, None, &reference).await.map_err(&fail)?.ok_or(SocialFailure::Unavailable)?;
    let link = format!("/me/applications/catering/{reference}");
    write_message(&mut tx, AccountId(account), &answered_notice(&catering), &link, now).await.map_err(&fail)?;
    tx.commit().await.map_err(&fail)?;
    Ok(catering)
}

/// What the resident does with their request.
pub(super) enum Close {
    Accept,
    Withdraw,
}

pub(super) async fn close(pool: &SqlitePool, account: AccountId, reference: BookingRef, how: Close, now: SeoulTime) -> SocialResult<Catering> {
    let fail = unavailable("close catering");
    let mut tx = crate::db::begin_write(pool).await.map_err(&fail)?;
    let found = one(&mut tx, Some(account), &reference).await.map_err(&fail)?.ok_or(SocialError::NotFound)?;
    let (to, from): (&str, &str) = match how {
        Close::Accept => {
            found.state.may_accept()?;
            ("accepted", "('quoted')")
        }
        Close::Withdraw => {
            found.state.may_withdraw()?;
            ("withdrawn", "('requested', 'quoted')")
        }
    };
    let sql = format!("UPDATE coffee_catering_requests SET state = ?, closed_at = ? WHERE reference = ? AND account_id = ? AND state IN {from}");
    let moved = sqlx::query(&sql).bind(to).bind(time_text(now)).bind(reference.as_str()).bind(account.0).execute(&mut *tx).await.map_err(&fail)?;
    if moved.rows_affected() == 0 {
        return Err(SocialError::AlreadyClosed.into());
    }
    let catering = one(&mut tx, Some(account), &reference).await.map_err(&fail)?.ok_or(SocialFailure::Unavailable)?;
    tx.commit().await.map_err(&fail)?;
    Ok(catering)
}
