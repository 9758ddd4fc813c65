//! What the seat engine tells residents in their messages (`/me/messages`), in Korean and English,
//! and writing them: inside the caller's transaction, so a message exists exactly when the change
//! it announces does.

use super::rows::{time_text, Done};
use domain::accounts::AccountId;
use domain::kids_cafe::Branch;
use domain::seats::{Kind, SessionSeats};
use domain::{Lang, SeoulTime};
use sqlx::SqliteConnection;

/// Where every seat message points: the resident's bookings, where offers are confirmed.
pub const LINK: &str = "/me/bookings";

pub struct Notice {
    pub subject_ko: String,
    pub subject_en: String,
    pub body_ko: String,
    pub body_en: String,
}

/// The session as a resident recognises it: the branch's name (or the resource) and its start.
fn what(session: &SessionSeats, lang: Lang) -> String {
    let place = match session.kind {
        Kind::KidsCafe => Branch::ALL
            .into_iter()
            .find(|b| b.slug() == session.resource)
            .map_or_else(|| session.resource.clone(), |b| b.name(lang).to_string()),
        Kind::ThriftDropoff => domain::programmes::social::thrift::NAME_KO.to_string(),
        Kind::Facility | Kind::Course => session.resource.clone(),
    };
    format!("{place}, {}", when(session.starts_at))
}

fn when(t: SeoulTime) -> String {
    let i = t.instant();
    format!("{} {:02}:{:02}", t.date(), i.hour(), i.minute())
}

/// A seat freed up and is held for the first one waiting until `expires_at`.
pub fn seat_offered(session: &SessionSeats, expires_at: SeoulTime) -> Notice {
    let until = when(expires_at);
    Notice {
        subject_ko: "대기하신 회차에 자리가 났습니다".into(),
        subject_en: "A seat is free for a session you are waiting for".into(),
        body_ko: format!(
            "{}에 자리가 났습니다. 2시간 안({until}까지)에 메시지 화면에서 확정해 주세요. 확정하지 않으면 다음 대기자에게 넘어갑니다.",
            what(session, Lang::Ko)
        ),
        body_en: format!(
            "A seat is free for {}. It is held for you for 2 hours: confirm it here in Messages by {until}, or it passes to the next person waiting.",
            what(session, Lang::En)
        ),
    }
}

/// Staff closed a session someone had booked.
pub fn session_closed(session: &SessionSeats) -> Notice {
    Notice {
        subject_ko: "예약하신 회차가 취소되었습니다".into(),
        subject_en: "A session you booked has been cancelled".into(),
        body_ko: format!("{} 회차를 운영하지 않게 되어 예약이 취소되었습니다. 불편을 드려 죄송합니다.", what(session, Lang::Ko)),
        body_en: format!("The session {} will not take place, so your booking is cancelled. We are sorry for the trouble.", what(session, Lang::En)),
    }
}

pub async fn send(conn: &mut SqliteConnection, account: AccountId, notice: &Notice, now: SeoulTime) -> Done<()> {
    Ok(write_message(conn, account, notice, LINK, now).await?)
}

/// Writes one message to `account`'s inbox, pointing at `link` (every domain that tells residents
/// something writes it here, inside its own transaction).
pub(crate) async fn write_message(conn: &mut SqliteConnection, account: AccountId, notice: &Notice, link: &str, now: SeoulTime) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO messages (account_id, created_at, subject_ko, subject_en, body_ko, body_en, link) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(account.0)
    .bind(time_text(now))
    .bind(&notice.subject_ko)
    .bind(&notice.subject_en)
    .bind(&notice.body_ko)
    .bind(&notice.body_en)
    .bind(link)
    .execute(conn)
    .await?;
    Ok(())
}
