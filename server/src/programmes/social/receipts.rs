//! Thrift-store drop-offs as their donors and staff see them (seat-engine bookings of kind
//! `thrift_dropoff`, with the receipt asked for each), and the receipt's life: asked by the donor
//! for their own drop-off, the drop-off marked received by staff, the receipt issued with the
//! year's next number. Each write is one `BEGIN IMMEDIATE` transaction that re-reads what its rule
//! depends on; the table's UNIQUE keys and triggers hold the same rules if two writes race.

use super::unavailable;
use crate::seats::notices::{write_message, Notice};
use crate::seats::{parse_time, time_text};
use domain::accounts::AccountId;
use domain::lang::won;
use domain::programmes::social::thrift::{receipt_number, receipt_sequence, DonatedItem, Donor, ReceiptRequest};
use domain::programmes::social::{Dropoff, Receipt, SocialError, SocialFailure, SocialResult};
use domain::seats::{BookingRef, BookingStatus};
use domain::{IsoDate, Lang, SeoulTime};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection, SqlitePool};

const SELECT: &str = "SELECT b.id, b.reference, b.status, acc.name AS resident, s.starts_at, s.ends_at, \
     r.donor_name, r.donor_kind, r.donor_id, r.items, r.requested_at, r.number, r.issued_at \
     FROM bookings b JOIN seat_sessions s ON s.id = b.session_id JOIN accounts acc ON acc.id = b.account_id \
     LEFT JOIN thrift_receipts r ON r.booking_id = b.id WHERE s.kind = 'thrift_dropoff'";

/// Reads one row (a row that does not read is logged and skipped: something broke the tables'
/// contract).
fn dropoff_from(row: &SqliteRow) -> Option<Dropoff> {
    let read = || -> Option<Dropoff> {
        let receipt = match row.get::<Option<String>, _>("donor_name") {
            None => None,
            Some(name) => {
                let id: String = row.get("donor_id");
                let donor = match row.get::<String, _>("donor_kind").as_str() {
                    "person" => Donor::Person { birth: IsoDate::parse(&id)? },
                    _ => Donor::Business { number: id },
                };
                let items: Vec<DonatedItem> = serde_json::from_str(&row.get::<String, _>("items")).ok()?;
                Some(Receipt {
                    request: ReceiptRequest { name, donor, items },
                    requested_at: parse_time(&row.get::<String, _>("requested_at"))?,
                    number: row.get("number"),
                    issued_at: row.get::<Option<String>, _>("issued_at").and_then(|t| parse_time(&t)),
                })
            }
        };
        Some(Dropoff {
            reference: BookingRef::parse(&row.get::<String, _>("reference"))?,
            resident: row.get("resident"),
            starts_at: parse_time(&row.get::<String, _>("starts_at"))?,
            ends_at: parse_time(&row.get::<String, _>("ends_at"))?,
            status: BookingStatus::parse(&row.get::<String, _>("status"))?,
            receipt,
        })
    };
    let found = read();
    if found.is_none() {
        tracing::error!(id = row.get::<i64, _>("id"), "a drop-off row does not read");
    }
    found
}

pub(super) async fn dropoffs_of(pool: &SqlitePool, account: AccountId) -> sqlx::Result<Vec<Dropoff>> {
    let sql = format!("{SELECT} AND b.account_id = ? ORDER BY s.starts_at DESC, b.id DESC LIMIT 200");
    let rows = sqlx::query(&sql).bind(account.0).fetch_all(pool).await?;
    Ok(rows.iter().filter_map(dropoff_from).collect())
}

/// One drop-off by reference, of `account` only when given.
pub(super) async fn dropoff(conn: &mut SqliteConnection, account: Option<AccountId>, reference: &BookingRef) -> sqlx::Result<Option<Dropoff>> {
    let sql = format!("{SELECT} AND b.reference = ? AND (? IS NULL OR b.account_id = ?)");
    let account = account.map(|a| a.0);
    let row = sqlx::query(&sql).bind(reference.as_str()).bind(account).bind(account).fetch_optional(conn).await?;
    Ok(row.as_ref().and_then(dropoff_from))
}

/// Drop-offs in the window, and every received one whose receipt waits to be issued.
pub(super) async fn for_staff(pool: &SqlitePool, from: SeoulTime, to: SeoulTime) -> sqlx::Result<Vec<Dropoff>> {
    let sql = format!(
        "{SELECT} AND b.status IN ('booked', 'attended') AND ((s.starts_at >= ? AND s.starts_at < ?) OR (r.id IS NOT NULL AND r.number IS NULL)) \
         ORDER BY s.starts_at, b.id LIMIT 500"
    );
    let rows = sqlx::query(&sql).bind(time_text(from)).bind(time_text(to)).fetch_all(pool).await?;
    Ok(rows.iter().filter_map(dropoff_from).collect())
}

/// The drop-off row's id and account, for a write.
async fn booking_of(conn: &mut SqliteConnection, account: Option<AccountId>, reference: &BookingRef) -> sqlx::Result<Option<(i64, Dropoff)>> {
    let sql = format!("{SELECT} AND b.reference = ? AND (? IS NULL OR b.account_id = ?)");
    let account = account.map(|a| a.0);
    let row = sqlx::query(&sql).bind(reference.as_str()).bind(account).bind(account).fetch_optional(conn).await?;
    Ok(row.and_then(|r| dropoff_from(&r).map(|d| (r.get::<i64, _>("id"), d))))
}

pub(super) async fn request(pool: &SqlitePool, account: AccountId, reference: BookingRef, request: ReceiptRequest, now: SeoulTime) -> SocialResult<Dropoff> {
    let fail = unavailable("request a receipt");
    let mut tx = crate::db::begin_write(pool).await.map_err(&fail)?;
    let (id, found) = booking_of(&mut tx, Some(account), &reference).await.map_err(&fail)?.ok_or(SocialError::NotFound)?;
    if !matches!(found.status, BookingStatus::Booked | BookingStatus::Attended) {
        return Err(SocialError::DropoffCancelled.into());
    }
    if found.receipt.is_some() {
        return Err(SocialError::ReceiptAlreadyAsked.into());
    }
    let items = serde_json::to_string(&request.items).map_err(|_| SocialFailure::Unavailable)?;
    let inserted = sqlx::query(
        "INSERT INTO thrift_receipts (booking_id, account_id, dropoff_ref, dropoff_at, donor_name, donor_kind, donor_id, items, total_krw, requested_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(account.0)
    .bind(reference.as_str())
    .bind(time_text(found.starts_at))
    .bind(&request.name)
    .bind(request.donor.slug())
    .bind(request.donor.identifier())
    .bind(&items)
    .bind(request.total_krw() as i64)
    .bind(time_text(now))
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => return Err(SocialError::ReceiptAlreadyAsked.into()),
        Err(e) => return Err(fail(e)),
    }
    let dropoff = dropoff(&mut tx, Some(account), &reference).await.map_err(&fail)?.ok_or(SocialFailure::Unavailable)?;
    tx.commit().await.map_err(&fail)?;
    Ok(dropoff)
}

pub(super) async fn confirm(pool: &SqlitePool, reference: BookingRef, _now: SeoulTime) -> SocialResult<Dropoff> {
    let fail = unavailable("confirm a drop-off");
    let mut tx = crate::db::begin_write(pool).await.map_err(&fail)?;
    let (id, found) = booking_of(&mut tx, None, &reference).await.map_err(&fail)?.ok_or(SocialError::NotFound)?;
    match found.status {
        BookingStatus::Booked => {}
        BookingStatus::Attended => return Err(SocialError::AlreadyReceived.into()),
        _ => return Err(SocialError::DropoffCancelled.into()),
    }
    sqlx::query("UPDATE bookings SET status = 'attended' WHERE id = ? AND status = 'booked'").bind(id).execute(&mut *tx).await.map_err(&fail)?;
    let dropoff = dropoff(&mut tx, None, &reference).await.map_err(&fail)?.ok_or(SocialFailure::Unavailable)?;
    tx.commit().await.map_err(&fail)?;
    Ok(dropoff)
}

fn issued_notice(d: &Dropoff, number: &str) -> Notice {
    let total = d.receipt.as_ref().map_or(0, |r| r.request.total_krw());
    Notice {
        subject_ko: "기부금 영수증이 발급되었습니다".into(),
        subject_en: "Your donation receipt is issued".into(),
        body_ko: format!("영희네 나눔가게에 기부해 주셔서 감사합니다. 영수증 번호 {number}, 기부 금액 {}. 내 신청에서 보고 인쇄할 수 있습니다.", won(total, Lang::Ko)),
        body_en: format!("Thank you for giving to Yeonghee's Thrift Store. Receipt {number} for {}: see and print it in My applications.", won(total, Lang::En)),
    }
}

pub(super) async fn issue(pool: &SqlitePool, reference: BookingRef, now: SeoulTime) -> SocialResult<Dropoff> {
    let fail = unavailable("issue a receipt");
    let mut tx = crate::db::begin_write(pool).await.map_err(&fail)?;
    let (id, found) = booking_of(&mut tx, None, &reference).await.map_err(&fail)?.ok_or(SocialError::NotFound)?;
    let Some(receipt) = &found.receipt else { return Err(SocialError::NoReceiptAsked.into()) };
    if receipt.number.is_some() {
        return Err(SocialError::ReceiptAlreadyIssued.into());
    }
    if !found.received() {
        return Err(SocialError::NotReceived.into());
    }
    let year = now.date().year();
    let last: Option<String> = sqlx::query_scalar("SELECT MAX(number) FROM thrift_receipts WHERE number LIKE ?")
        .bind(format!("YH-{year}-%"))
        .fetch_one(&mut *tx)
        .await
        .map_err(&fail)?;
    let next = last.as_deref().and_then(|n| receipt_sequence(n, year)).unwrap_or(0) + 1;
    let number = receipt_number(year, next);
    sqlx::query("UPDATE thrift_receipts SET number = ?, issued_at = ? WHERE booking_id = ? AND number IS NULL")
        .bind(&number)
        .bind(time_text(now))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(&fail)?;
    let account: i64 = sqlx::query_scalar("SELECT account_id FROM bookings WHERE id = ?").bind(id).fetch_one(&mut *tx).await.map_err(&fail)?;
    let link = format!("/me/applications/dropoff/{reference}");
    write_message(&mut tx, AccountId(account), &issued_notice(&found, &number), &link, now).await.map_err(&fail)?;
    let dropoff = dropoff(&mut tx, None, &reference).await.map_err(&fail)?.ok_or(SocialFailure::Unavailable)?;
    tx.commit().await.map_err(&fail)?;
    Ok(dropoff)
}
