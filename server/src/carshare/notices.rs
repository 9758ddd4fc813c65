//! What the car share tells residents in their messages (`/me/messages`), in Korean and English,
//! written inside the caller's transaction, so a message exists exactly when the change it
//! announces does.

use super::store::Done;
use domain::accounts::AccountId;
use domain::carshare::{Resource, Trip};
use domain::{Lang, SeoulTime};
use sqlx::SqliteConnection;

/// Where every car share message points: the resident's bookings.
pub const LINK: &str = "/me/bookings";

use crate::seats::notices::Notice;

/// The trip as a resident recognises it: the car (or space), its plate (label) and its window.
fn what(trip: &Trip, resource: &Resource, lang: Lang) -> String {
    format!("{} ({}), {} {}–{}", resource.name(lang), resource.label, trip.start.date(), trip.start.clock_text(), trip.end.clock_text())
}

/// Staff needed the car for an emergency official trip: the resident's trip is cancelled, free.
pub fn cancelled_for_official_use(trip: &Trip, resource: &Resource, purpose: &str) -> Notice {
    Notice {
        subject_ko: "예약하신 공유 차량이 긴급 공무로 취소되었습니다".into(),
        subject_en: "Your car share booking was cancelled for an emergency".into(),
        body_ko: format!(
            "{} 예약({})이 긴급 공무({purpose})로 취소되었습니다. 취소 수수료는 받지 않습니다. 불편을 드려 죄송합니다. 다른 시간을 예약해 주세요.",
            what(trip, resource, Lang::Ko),
            trip.reference
        ),
        body_en: format!(
            "Your booking {} ({}) was cancelled because the district needs it for an emergency ({purpose}). There is no fee. We are sorry for the trouble; please book another time.",
            trip.reference,
            what(trip, resource, Lang::En)
        ),
    }
}

pub async fn send(conn: &mut SqliteConnection, account: AccountId, notice: &Notice, now: SeoulTime) -> Done<()> {
    Ok(crate::seats::notices::write_message(conn, account, notice, LINK, now).await?)
}
