//! Claims of a licence registered to another account (`licence_disputes`, `0019`). The first
//! account to type a licence number holds it; when its real holder tries to register it, the
//! refusal files their claim here (the licence as they typed it, identified by the same digest as
//! `car_licences`), staff see it on `/staff/cars`, check the licence in person, and either move it
//! to the claimant (the other account loses it) or refuse the claim. Both accounts are told in their
//! messages, written in the same transaction as the decision.

use super::notices;
use super::store::Done;
use crate::seats::notices::Notice;
use crate::seats::{parse_time, time_text};
use domain::accounts::AccountId;
use domain::carshare::{CarError, Licence, LicenceDispute};
use domain::SeoulTime;
use sqlx::{Row, SqliteConnection};

/// Files (or refreshes) `claimant`'s one open claim of the licence whose keyed fingerprint is `fingerprint`, if another account
/// holds it.
pub(crate) async fn file(conn: &mut SqliteConnection, claimant: AccountId, licence: &Licence, fingerprint: &str, now: SeoulTime) -> Done<()> {
    let hash = fingerprint;
    let holder: Option<i64> = sqlx::query_scalar("SELECT account_id FROM car_licences WHERE digits_hmac = ?").bind(hash).fetch_optional(&mut *conn).await?;
    let Some(holder) = holder.filter(|h| *h != claimant.0) else { return Ok(()) };
    sqlx::query(
        "INSERT INTO licence_disputes (claimant_id, holder_id, digits_hmac, masked, issued_on, expires_on, birth_date, filed_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claimant_id) WHERE state = 'open' DO UPDATE SET holder_id = excluded.holder_id, \
         digits_hmac = excluded.digits_hmac, masked = excluded.masked, issued_on = excluded.issued_on, \
         expires_on = excluded.expires_on, birth_date = excluded.birth_date, filed_at = excluded.filed_at",
    )
    .bind(claimant.0)
    .bind(holder)
    .bind(hash)
    .bind(&licence.masked)
    .bind(licence.issued_on.to_string())
    .bind(licence.expires_on.to_string())
    .bind(licence.birth_date.to_string())
    .bind(time_text(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The open claims, oldest first, with both accounts' names.
pub(crate) async fn open(conn: &mut SqliteConnection) -> sqlx::Result<Vec<LicenceDispute>> {
    let rows = sqlx::query(
        "SELECT d.id, c.name AS claimant, h.name AS holder, d.masked, d.filed_at FROM licence_disputes d \
         JOIN accounts c ON c.id = d.claimant_id JOIN accounts h ON h.id = d.holder_id WHERE d.state = 'open' ORDER BY d.filed_at, d.id LIMIT 200",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(LicenceDispute {
                id: r.get("id"),
                claimant: r.get("claimant"),
                holder: r.get("holder"),
                masked: r.get("masked"),
                filed_at: parse_time(&r.get::<String, _>("filed_at"))?,
            })
        })
        .collect())
}

/// Staff's decision on claim `id`: move the licence to the claimant, or refuse the claim.
pub(crate) async fn resolve(conn: &mut SqliteConnection, id: i64, move_it: bool, now: SeoulTime) -> Done<()> {
    let row = sqlx::query("SELECT * FROM licence_disputes WHERE id = ? AND state = 'open'").bind(id).fetch_optional(&mut *conn).await?;
    let Some(row) = row else { return Err(CarError::NotYours.into()) };
    let (claimant, holder): (i64, i64) = (row.get("claimant_id"), row.get("holder_id"));
    let masked: String = row.get("masked");
    if move_it {
        // the licence leaves whichever account holds it now, and is the claimant's as they typed it
        sqlx::query("DELETE FROM car_licences WHERE digits_hmac = ?").bind(row.get::<String, _>("digits_hmac")).execute(&mut *conn).await?;
        sqlx::query(
            "INSERT INTO car_licences (account_id, digits_hmac, keyed, masked, issued_on, expires_on, birth_date, verified_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?) \
             ON CONFLICT (account_id) DO UPDATE SET digits_hmac = excluded.digits_hmac, keyed = 1, masked = excluded.masked, \
             issued_on = excluded.issued_on, expires_on = excluded.expires_on, birth_date = excluded.birth_date, verified_at = excluded.verified_at",
        )
        .bind(claimant)
        .bind(row.get::<String, _>("digits_hmac"))
        .bind(&masked)
        .bind(row.get::<String, _>("issued_on"))
        .bind(row.get::<String, _>("expires_on"))
        .bind(row.get::<String, _>("birth_date"))
        .bind(time_text(now))
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("UPDATE licence_disputes SET state = ?, resolved_at = ? WHERE id = ?")
        .bind(if move_it { "moved" } else { "refused" })
        .bind(time_text(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    notices::send(conn, AccountId(claimant), &to_claimant(&masked, move_it), now).await?;
    if move_it {
        notices::send(conn, AccountId(holder), &to_holder(&masked), now).await?;
    }
    Ok(())
}

fn to_claimant(masked: &str, moved: bool) -> Notice {
    if moved {
        Notice {
            subject_ko: "운전면허가 내 계정으로 옮겨졌습니다".into(),
            subject_en: "Your driving licence is now on your account".into(),
            body_ko: format!("직원이 면허({masked})를 확인해 이 계정으로 옮겼습니다. 이제 공유 차량을 예약할 수 있습니다."),
            body_en: format!("Staff checked the licence ({masked}) and moved it to this account. You can book shared cars now."),
        }
    } else {
        Notice {
            subject_ko: "운전면허 확인 요청이 받아들여지지 않았습니다".into(),
            subject_en: "Your licence claim was not accepted".into(),
            body_ko: format!("직원이 면허({masked})를 확인했지만 이 계정으로 옮기지 않았습니다. 구청 교통행정과에 문의해 주세요."),
            body_en: format!("Staff checked the licence ({masked}) and did not move it to this account. Please contact the district's transport office."),
        }
    }
}

fn to_holder(masked: &str) -> Notice {
    Notice {
        subject_ko: "운전면허가 이 계정에서 빠졌습니다".into(),
        subject_en: "A driving licence was removed from this account".into(),
        body_ko: format!("면허({masked})의 실제 소지자가 확인 요청을 했고, 직원이 확인해 그 계정으로 옮겼습니다. 본인 면허가 맞다면 구청 교통행정과에 문의해 주세요."),
        body_en: format!("The holder of the licence ({masked}) claimed it, and staff moved it to their account after checking it. If it is yours, please contact the district's transport office."),
    }
}
