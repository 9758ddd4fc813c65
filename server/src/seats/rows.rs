//! How the seat engine's rows become domain values and back: stored time text, sessions, bookings,
//! waitlist entries, and the one internal error type the store's functions share.

use domain::accounts::AccountId;
use domain::kids_cafe::KidsCafeError;
use domain::seats::*;
use domain::{IsoDate, SeoulTime};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

/// A store function's failure: a refusal to pass on, or the database failing (logged at the edge
/// of the store, never shown).
#[derive(Debug)]
pub(crate) enum Fail {
    Refused(SeatError),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for Fail {
    fn from(e: sqlx::Error) -> Fail {
        Fail::Db(e)
    }
}

impl From<SeatError> for Fail {
    fn from(e: SeatError) -> Fail {
        Fail::Refused(e)
    }
}

impl From<KidsCafeError> for Fail {
    fn from(e: KidsCafeError) -> Fail {
        Fail::Refused(SeatError::KidsCafe(e))
    }
}

impl Fail {
    /// SQLite said "busy" or "locked": the same request may simply be tried again.
    pub(crate) fn is_busy(&self) -> bool {
        matches!(self, Fail::Db(e) if crate::db::is_busy(e))
    }

    pub(crate) fn into_failure(self, what: &str) -> SeatFailure {
        match self {
            Fail::Refused(e) => SeatFailure::Refused(e),
            Fail::Db(e) => {
                tracing::error!(error = %e, operation = what, "seat storage failed");
                SeatFailure::Unavailable
            }
        }
    }
}

pub(crate) type Done<T> = Result<T, Fail>;

/// Stored times are RFC 3339 in +09:00 to the second, so text order is time order and SQL can
/// compare them as text.
pub fn time_text(t: SeoulTime) -> String {
    let i = t.instant();
    format!("{}T{:02}:{:02}:{:02}+09:00", t.date(), i.hour(), i.minute(), i.second())
}

/// Reads a stored time (fractions of a second, if someone wrote them, are ignored); anything not
/// in +09:00 means the table was written by something that broke the contract: refuse loudly.
pub fn parse_time(s: &str) -> Option<SeoulTime> {
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    let rest = rest.strip_prefix('T')?.strip_suffix("+09:00")?;
    let (hms, fraction) = rest.split_once('.').unwrap_or((rest, "0"));
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut parts = hms.split(':').map(|p| p.parse::<u8>().ok());
    let (h, m, sec) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || sec > 59 {
        return None;
    }
    let at = SeoulTime::at(IsoDate::parse(date)?, h, m)?;
    Some(SeoulTime::from_instant(at.instant() + time::Duration::seconds(sec.into())))
}

fn decode<T>(value: Option<T>, what: &str, raw: &str) -> sqlx::Result<T> {
    value.ok_or_else(|| sqlx::Error::Decode(format!("stored {what} {raw:?} does not parse").into()))
}

pub(crate) fn time_at(row: &SqliteRow, column: &str) -> sqlx::Result<SeoulTime> {
    let raw: String = row.try_get(column)?;
    decode(parse_time(&raw), column, &raw)
}

fn count(row: &SqliteRow, column: &str) -> sqlx::Result<u32> {
    let n: i64 = row.try_get(column)?;
    u32::try_from(n).map_err(|_| sqlx::Error::Decode(format!("{column} {n} out of range").into()))
}

/// Session columns, aliased so a session reads the same joined to bookings or alone.
pub(crate) const SESSION_COLUMNS: &str = "s.id AS s_id, s.kind AS s_kind, s.resource AS s_resource, \
     s.starts_at AS s_starts_at, s.ends_at AS s_ends_at, s.opens_at AS s_opens_at, s.capacity AS s_capacity, \
     s.taken AS s_taken, s.closed AS s_closed";

pub(crate) fn session_from(row: &SqliteRow) -> sqlx::Result<SessionSeats> {
    let id: i64 = row.try_get("s_id")?;
    let kind: String = row.try_get("s_kind")?;
    Ok(SessionSeats {
        id: decode(SessionId::new(id), "session id", &id.to_string())?,
        kind: decode(Kind::parse(&kind), "kind", &kind)?,
        resource: row.try_get("s_resource")?,
        starts_at: time_at(row, "s_starts_at")?,
        ends_at: time_at(row, "s_ends_at")?,
        opens_at: time_at(row, "s_opens_at")?,
        capacity: count(row, "s_capacity")?,
        taken: count(row, "s_taken")?,
        closed: row.try_get("s_closed")?,
    })
}

pub(crate) async fn load_session(conn: &mut SqliteConnection, id: SessionId) -> sqlx::Result<Option<SessionSeats>> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM seat_sessions s WHERE s.id = ?");
    let row = sqlx::query(&sql).bind(id.get()).fetch_optional(conn).await?;
    row.as_ref().map(session_from).transpose()
}

/// A session that must exist for the request to make sense.
pub(crate) async fn session_or_refuse(conn: &mut SqliteConnection, id: SessionId) -> Done<SessionSeats> {
    load_session(conn, id).await?.ok_or(Fail::Refused(SeatError::NoSuchSession))
}

/// Everything a `Booking` is read from; filter and order are appended.
pub(crate) fn booking_select() -> String {
    format!(
        "SELECT b.id, b.reference, b.account_id, b.holder, c.name AS child_name, b.status, b.fee_krw, b.fee_waived, \
         b.group_size, b.created_at, {SESSION_COLUMNS} FROM bookings b JOIN seat_sessions s ON s.id = b.session_id \
         LEFT JOIN children c ON c.id = b.child_id"
    )
}

pub(crate) fn booking_from(row: &SqliteRow) -> sqlx::Result<Booking> {
    let reference: String = row.try_get("reference")?;
    let holder: String = row.try_get("holder")?;
    let status: String = row.try_get("status")?;
    Ok(Booking {
        reference: decode(BookingRef::parse(&reference), "reference", &reference)?,
        session: session_from(row)?,
        account: AccountId(row.try_get("account_id")?),
        holder: decode(Holder::parse(&holder), "holder", &holder)?,
        child_name: row.try_get("child_name")?,
        status: decode(BookingStatus::parse(&status), "status", &status)?,
        fee_krw: count(row, "fee_krw")?,
        fee_waived: row.try_get("fee_waived")?,
        group_size: count(row, "group_size")?,
        created_at: time_at(row, "created_at")?,
    })
}

pub(crate) async fn booking_by_id(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<Booking> {
    let sql = format!("{} WHERE b.id = ?", booking_select());
    booking_from(&sqlx::query(&sql).bind(id).fetch_one(conn).await?)
}

pub(crate) fn wait_select() -> String {
    format!(
        "SELECT w.id, w.account_id, w.holder, w.status, w.joined_at, w.offered_at, {SESSION_COLUMNS} \
         FROM waitlist w JOIN seat_sessions s ON s.id = w.session_id"
    )
}

pub(crate) fn wait_from(row: &SqliteRow) -> sqlx::Result<WaitEntry> {
    let id: i64 = row.try_get("id")?;
    let holder: String = row.try_get("holder")?;
    let status: String = row.try_get("status")?;
    let offered_at: Option<String> = row.try_get("offered_at")?;
    Ok(WaitEntry {
        id: decode(WaitId::new(id), "waitlist id", &id.to_string())?,
        session: session_from(row)?,
        account: AccountId(row.try_get("account_id")?),
        holder: decode(Holder::parse(&holder), "holder", &holder)?,
        status: decode(WaitStatus::parse(&status), "waitlist status", &status)?,
        joined_at: time_at(row, "joined_at")?,
        offered_at: offered_at.map(|raw| decode(parse_time(&raw), "offered_at", &raw)).transpose()?,
    })
}

pub(crate) async fn wait_by_id(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<WaitEntry> {
    let sql = format!("{} WHERE w.id = ?", wait_select());
    wait_from(&sqlx::query(&sql).bind(id).fetch_one(conn).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_read_back_as_the_same_moment() {
        let t = SeoulTime::at(IsoDate::parse("2026-11-28").unwrap(), 9, 5).unwrap();
        assert_eq!(time_text(t), "2026-11-28T09:05:00+09:00");
        assert_eq!(parse_time(&time_text(t)), Some(t));
        assert_eq!(parse_time("2026-11-28T09:05:00.250+09:00"), Some(t));
        for bad in ["2026-11-28T09:05:00Z", "2026-11-28 09:05:00+09:00", "2026-11-28T09:05+09:00", "2026-11-28T09:05:61+09:00"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }
}
