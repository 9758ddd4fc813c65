//! The car share's tables (`0010_carshare.sql`) behind the domain's `CarShare` port. Every write
//! runs in one write transaction (the group commit's `BEGIN IMMEDIATE` batch, in its own
//! savepoint) that reads the resource's stored uses, runs the domain's check and writes, so two
//! residents can never both be given overlapping windows; the tables' triggers refuse an overlap
//! even if a code path forgot the check. Reads go straight to the pool.

use domain::accounts::AccountId;
use domain::carshare::price::{cancel_fee, Tariff, CARS, PARKING};
use domain::carshare::schedule::{check_official, check_resident};
use domain::carshare::*;
use domain::seats::BookingRef;
use domain::{IsoDate, SeoulTime};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

/// A store function's failure: a refusal to pass on, or the database failing (logged where it
/// becomes the port's `Unavailable`, never shown).
#[derive(Debug)]
pub(crate) enum Fail {
    Refused(CarError),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for Fail {
    fn from(e: sqlx::Error) -> Fail {
        Fail::Db(e)
    }
}

impl From<CarError> for Fail {
    fn from(e: CarError) -> Fail {
        Fail::Refused(e)
    }
}

impl Fail {
    /// SQLite said "busy" or "locked": the same request may simply be tried again.
    pub(crate) fn is_busy(&self) -> bool {
        matches!(self, Fail::Db(e) if crate::db::is_busy(e))
    }

    pub(crate) fn into_failure(self, what: &str) -> CarFailure {
        match self {
            Fail::Refused(e) => CarFailure::Refused(e),
            Fail::Db(e) => {
                tracing::error!(error = %e, operation = what, "car share storage failed");
                CarFailure::Unavailable
            }
        }
    }
}

pub(crate) type Done<T> = Result<T, Fail>;

/// Statuses that hold a window (`TripStatus::holds`), as the triggers list them.
pub(crate) const HOLDING: &str = "('booked', 'returned_early')";

pub fn tariff(kind: ResourceKind) -> Tariff {
    match kind {
        ResourceKind::Car => CARS,
        ResourceKind::Parking => PARKING,
    }
}

pub(crate) fn unix(t: SeoulTime) -> i64 {
    t.instant().unix_timestamp()
}

fn text(t: SeoulTime) -> String {
    crate::seats::time_text(t)
}

fn decode_err(what: &str, raw: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored car share {what} {raw:?} does not parse").into())
}

fn time_at(row: &SqliteRow, column: &str) -> sqlx::Result<SeoulTime> {
    let raw: String = row.try_get(column)?;
    crate::seats::parse_time(&raw).ok_or_else(|| decode_err(column, &raw))
}

fn kind_at(row: &SqliteRow) -> sqlx::Result<ResourceKind> {
    let raw: String = row.try_get("kind")?;
    ResourceKind::parse(&raw).ok_or_else(|| decode_err("kind", &raw))
}

fn number(row: &SqliteRow, column: &str) -> sqlx::Result<u32> {
    let n: i64 = row.try_get(column)?;
    u32::try_from(n).map_err(|_| decode_err(column, &n.to_string()))
}

fn date_at(row: &SqliteRow, column: &str) -> sqlx::Result<IsoDate> {
    let raw: String = row.try_get(column)?;
    IsoDate::parse(&raw).ok_or_else(|| decode_err(column, &raw))
}

pub(crate) const TRIP_COLUMNS: &str =
    "reference, kind, resource, account_id, starts_at, ends_at, price_krw, fee_krw, status, note, created_at";

pub(crate) fn trip_from(row: &SqliteRow) -> sqlx::Result<Trip> {
    let reference: String = row.try_get("reference")?;
    let status: String = row.try_get("status")?;
    Ok(Trip {
        reference: BookingRef::parse(&reference).ok_or_else(|| decode_err("reference", &reference))?,
        kind: kind_at(row)?,
        resource: number(row, "resource")?,
        account: AccountId(row.try_get("account_id")?),
        start: time_at(row, "starts_at")?,
        end: time_at(row, "ends_at")?,
        price_krw: number(row, "price_krw")?,
        fee_krw: number(row, "fee_krw")?,
        status: TripStatus::parse(&status).ok_or_else(|| decode_err("status", &status))?,
        note: row.try_get("note")?,
        created_at: time_at(row, "created_at")?,
    })
}

pub(crate) fn resource_from(row: &SqliteRow) -> sqlx::Result<Resource> {
    let range: Option<i64> = row.try_get("range_km")?;
    Ok(Resource {
        kind: kind_at(row)?,
        id: number(row, "id")?,
        name_ko: row.try_get("name_ko")?,
        name_en: row.try_get("name_en")?,
        label: row.try_get("label")?,
        place_ko: row.try_get("place_ko")?,
        place_en: row.try_get("place_en")?,
        range_km: range.and_then(|r| u32::try_from(r).ok()),
    })
}

pub(crate) fn official_from(row: &SqliteRow) -> sqlx::Result<OfficialTrip> {
    Ok(OfficialTrip {
        id: row.try_get("id")?,
        kind: kind_at(row)?,
        resource: number(row, "resource")?,
        start: time_at(row, "starts_at")?,
        end: time_at(row, "ends_at")?,
        purpose: row.try_get("purpose")?,
        emergency: row.try_get("emergency")?,
    })
}

pub(crate) fn licence_from(row: &SqliteRow) -> sqlx::Result<Licence> {
    Ok(Licence {
        masked: row.try_get("masked")?,
        issued_on: date_at(row, "issued_on")?,
        expires_on: date_at(row, "expires_on")?,
        birth_date: date_at(row, "birth_date")?,
    })
}

/// Writes the resources that are not there yet (the demo set on first start); how many were new.
pub async fn insert_missing(conn: &mut SqliteConnection, resources: &[Resource]) -> sqlx::Result<u64> {
    let mut added = 0;
    for r in resources {
        added += sqlx::query(
            "INSERT OR IGNORE INTO car_resources (kind, id, name_ko, name_en, label, place_ko, place_en, range_km) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(r.kind.slug())
        .bind(i64::from(r.id))
        .bind(&r.name_ko)
        .bind(&r.name_en)
        .bind(&r.label)
        .bind(&r.place_ko)
        .bind(&r.place_en)
        .bind(r.range_km.map(i64::from))
        .execute(&mut *conn)
        .await?
        .rows_affected();
    }
    Ok(added)
}

pub(crate) async fn resource(conn: &mut SqliteConnection, kind: ResourceKind, id: u32) -> Done<Resource> {
    let row = sqlx::query("SELECT * FROM car_resources WHERE kind = ? AND id = ?").bind(kind.slug()).bind(i64::from(id)).fetch_optional(conn).await?;
    match row {
        Some(row) => Ok(resource_from(&row)?),
        None => Err(CarError::NoSuchResource.into()),
    }
}

/// The official trips and held residents' trips of one resource that touch `from..to` (a
/// resident's trip with its buffer), in time order; `except` leaves one trip out (an extension
/// checks against the others).
pub(crate) async fn stored_uses(conn: &mut SqliteConnection, kind: ResourceKind, id: u32, from: SeoulTime, to: SeoulTime,
    except: Option<&BookingRef>) -> sqlx::Result<Vec<Use>> {
    let buffer = kind.rules().buffer_after.whole_seconds();
    let sql = format!(
        "SELECT 'official' AS what, starts_at, ends_at, '' AS reference, starts FROM car_official_trips \
           WHERE kind = ?1 AND resource = ?2 AND starts < ?4 AND ends > ?3 \
         UNION ALL \
         SELECT 'resident', starts_at, ends_at, reference, starts FROM car_trips \
           WHERE kind = ?1 AND resource = ?2 AND status IN {HOLDING} AND starts > ?3 - 73 * 3600 AND starts < ?4 \
             AND ends + ?5 > ?3 AND reference <> ?6 \
         ORDER BY starts"
    );
    let rows = sqlx::query(&sql)
        .bind(kind.slug())
        .bind(i64::from(id))
        .bind(unix(from))
        .bind(unix(to))
        .bind(buffer)
        .bind(except.map_or("", |r| r.as_str()))
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            let what: String = row.try_get("what")?;
            let kind = if what == "official" { UseKind::Official } else { UseKind::Resident };
            Ok(Use { kind, start: time_at(row, "starts_at")?, end: time_at(row, "ends_at")?, reference: row.try_get("reference")? })
        })
        .collect()
}

/// What a booking request is for, kept next to its idempotency key.
fn digest(req: &TripRequest) -> String {
    format!("{}|{}|{}|{}", req.kind.slug(), req.resource, req.window.start(), req.window.end())
}

/// The trip an earlier request with the same key made, or `KeyReused` when it asked for another.
async fn replay(conn: &mut SqliteConnection, req: &TripRequest) -> Done<Option<Trip>> {
    let sql = format!("SELECT {TRIP_COLUMNS}, request_digest FROM car_trips WHERE account_id = ? AND idempotency_key = ?");
    let row = sqlx::query(&sql).bind(req.account.0).bind(req.key.as_str()).fetch_optional(conn).await?;
    let Some(row) = row else { return Ok(None) };
    let stored: Option<String> = row.try_get("request_digest")?;
    if stored.as_deref() != Some(digest(req).as_str()) {
        return Err(CarError::KeyReused.into());
    }
    Ok(Some(trip_from(&row)?))
}

async fn licence_row(conn: &mut SqliteConnection, account: AccountId) -> sqlx::Result<Option<Licence>> {
    let row = sqlx::query("SELECT * FROM car_licences WHERE account_id = ?").bind(account.0).fetch_optional(conn).await?;
    row.as_ref().map(licence_from).transpose()
}

/// A car needs the driver's verified licence, valid through the trip's last day.
async fn licence_covers(conn: &mut SqliteConnection, kind: ResourceKind, account: AccountId, end: SeoulTime) -> Done<()> {
    if kind != ResourceKind::Car {
        return Ok(());
    }
    let licence = licence_row(conn, account).await?.ok_or(CarError::NoLicence)?;
    // a trip ending at midnight ends on the day before
    let last_day = SeoulTime::from_instant(end.instant() - time::Duration::seconds(1)).date();
    licence.covers(last_day)?;
    Ok(())
}

/// The account's trips of `kind` still to come stay under the kind's cap (`booking_caps`, read in
/// the same write transaction as the insert that follows).
async fn within_cap(conn: &mut SqliteConnection, kind: ResourceKind, account: AccountId, now: SeoulTime) -> Done<()> {
    let cap: Option<i64> = sqlx::query_scalar("SELECT max_ahead FROM booking_caps WHERE kind = ?").bind(kind.slug()).fetch_optional(&mut *conn).await?;
    let Some(max) = cap else { return Ok(()) };
    let ahead: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM car_trips WHERE account_id = ? AND kind = ? AND status = 'booked' AND starts > ?")
        .bind(account.0)
        .bind(kind.slug())
        .bind(unix(now))
        .fetch_one(&mut *conn)
        .await?;
    if ahead >= max {
        return Err(CarError::TooManyAhead { kind, max: max as u32 }.into());
    }
    Ok(())
}

/// An overlap the domain's check should have caught, refused by the triggers: said as `Taken`.
fn overlap_or(e: sqlx::Error) -> Fail {
    match &e {
        sqlx::Error::Database(d) if d.message().contains("car share overlap") => {
            tracing::warn!(error = %e, "the database refused an overlapping car share use");
            Fail::Refused(CarError::Taken)
        }
        _ => Fail::Db(e),
    }
}

/// Whether `window` fits the resource's schedule now (the others' trips, official use).
async fn fits(conn: &mut SqliteConnection, kind: ResourceKind, id: u32, window: TripWindow, except: Option<&BookingRef>) -> Done<()> {
    let rules = kind.rules();
    let from = SeoulTime::from_instant(window.start().instant() - rules.buffer_after);
    let to = SeoulTime::from_instant(window.end().instant() + rules.buffer_after);
    let stored = stored_uses(conn, kind, id, from, to, except).await?;
    check_resident(&rules, window, &stored)?;
    Ok(())
}

pub(crate) async fn book(conn: &mut SqliteConnection, req: &TripRequest, now: SeoulTime) -> Done<Trip> {
    if let Some(earlier) = replay(&mut *conn, req).await? {
        return Ok(earlier);
    }
    let rules = req.kind.rules();
    // the request's window is checked again here: the port is the authority, whoever built it
    let window = TripWindow::new(req.window.start(), req.window.end(), &rules, now)?;
    resource(&mut *conn, req.kind, req.resource).await?;
    within_cap(&mut *conn, req.kind, req.account, now).await?;
    licence_covers(&mut *conn, req.kind, req.account, window.end()).await?;
    fits(&mut *conn, req.kind, req.resource, window, None).await?;
    let price = tariff(req.kind).quote(window).total;
    for _ in 0..4 {
        let reference = BookingRef::with_letter(req.kind.letter(), rand::random::<u64>());
        let inserted = sqlx::query(
            "INSERT INTO car_trips (reference, kind, resource, account_id, starts, ends, starts_at, ends_at, status, price_krw, \
             idempotency_key, request_digest, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?)",
        )
        .bind(reference.as_str())
        .bind(req.kind.slug())
        .bind(i64::from(req.resource))
        .bind(req.account.0)
        .bind(unix(window.start()))
        .bind(unix(window.end()))
        .bind(text(window.start()))
        .bind(text(window.end()))
        .bind(i64::from(price))
        .bind(req.key.as_str())
        .bind(digest(req))
        .bind(text(now))
        .execute(&mut *conn)
        .await;
        match inserted {
            Ok(_) => return Ok(trip_by_ref(&mut *conn, &reference).await?.ok_or(Fail::Db(sqlx::Error::RowNotFound))?),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() && e.message().contains("car_trips.reference") => continue,
            Err(e) => return Err(overlap_or(e)),
        }
    }
    Err(Fail::Db(sqlx::Error::Protocol("no free car share reference after 4 draws".into())))
}

async fn trip_by_ref(conn: &mut SqliteConnection, reference: &BookingRef) -> sqlx::Result<Option<Trip>> {
    let sql = format!("SELECT {TRIP_COLUMNS} FROM car_trips WHERE reference = ?");
    let row = sqlx::query(&sql).bind(reference.as_str()).fetch_optional(conn).await?;
    row.as_ref().map(trip_from).transpose()
}

/// The account's own trip; another account's is answered as if it did not exist.
async fn own_trip(conn: &mut SqliteConnection, account: AccountId, reference: &BookingRef) -> Done<Trip> {
    match trip_by_ref(conn, reference).await? {
        Some(trip) if trip.account == account => Ok(trip),
        _ => Err(CarError::NotYours.into()),
    }
}

async fn save_trip(conn: &mut SqliteConnection, trip: &Trip) -> Done<()> {
    sqlx::query("UPDATE car_trips SET ends = ?, ends_at = ?, status = ?, price_krw = ?, fee_krw = ?, note = ? WHERE reference = ?")
        .bind(unix(trip.end))
        .bind(text(trip.end))
        .bind(trip.status.slug())
        .bind(i64::from(trip.price_krw))
        .bind(i64::from(trip.fee_krw))
        .bind(&trip.note)
        .bind(trip.reference.as_str())
        .execute(conn)
        .await
        .map_err(overlap_or)?;
    Ok(())
}

pub(crate) async fn cancel(conn: &mut SqliteConnection, account: AccountId, reference: &BookingRef, now: SeoulTime) -> Done<Trip> {
    let mut trip = own_trip(&mut *conn, account, reference).await?;
    if trip.status != TripStatus::Booked {
        return Err(CarError::NotActive.into());
    }
    trip.fee_krw = cancel_fee(trip.price_krw, trip.start, now).ok_or(CarError::Started)?;
    trip.status = TripStatus::Cancelled;
    save_trip(conn, &trip).await?;
    Ok(trip)
}

pub(crate) async fn extend(conn: &mut SqliteConnection, account: AccountId, reference: &BookingRef, end: SeoulTime, now: SeoulTime) -> Done<Trip> {
    let mut trip = own_trip(&mut *conn, account, reference).await?;
    if trip.status != TripStatus::Booked || now >= trip.end {
        return Err(CarError::NotActive.into());
    }
    if end <= trip.end {
        return Err(CarError::NotLonger.into());
    }
    // the start is kept (it may be past): the new window is checked as if asked at its start
    let window = TripWindow::new(trip.start, end, &trip.kind.rules(), trip.start)?;
    licence_covers(&mut *conn, trip.kind, account, end).await?;
    fits(&mut *conn, trip.kind, trip.resource, window, Some(reference)).await?;
    trip.end = end;
    trip.price_krw = tariff(trip.kind).quote(window).total;
    save_trip(conn, &trip).await?;
    Ok(trip)
}

pub(crate) async fn return_early(conn: &mut SqliteConnection, account: AccountId, reference: &BookingRef, now: SeoulTime) -> Done<Trip> {
    let mut trip = own_trip(&mut *conn, account, reference).await?;
    if trip.status != TripStatus::Booked || now >= trip.end {
        return Err(CarError::NotActive.into());
    }
    if now < trip.start {
        return Err(CarError::NotStarted.into());
    }
    let rules = trip.kind.rules();
    let shortest = SeoulTime::from_instant(trip.start.instant() + rules.shortest);
    let end = rules.round_up(now).max(shortest).min(trip.end);
    let window = TripWindow::stored(trip.start, end).ok_or(CarError::EndBeforeStart)?;
    trip.end = end;
    trip.status = TripStatus::ReturnedEarly;
    trip.price_krw = tariff(trip.kind).quote(window).total;
    save_trip(conn, &trip).await?;
    Ok(trip)
}

pub(crate) async fn add_official(conn: &mut SqliteConnection, req: &OfficialRequest, now: SeoulTime) -> Done<OfficialAdded> {
    let purpose = req.purpose.trim();
    if purpose.is_empty() || purpose.chars().count() > 500 {
        return Err(CarError::NoReason.into());
    }
    let window = req.window;
    if window.start() < now {
        return Err(CarError::InThePast.into());
    }
    let car = resource(&mut *conn, req.kind, req.resource).await?;
    let rules = req.kind.rules();
    let from = SeoulTime::from_instant(window.start().instant() - rules.buffer_after);
    let stored = stored_uses(&mut *conn, req.kind, req.resource, from, window.end(), None).await?;
    let in_the_way = check_official(&rules, window, &stored, req.emergency)?;
    let mut cancelled = Vec::with_capacity(in_the_way.len());
    for reference in in_the_way {
        let reference = BookingRef::parse(&reference).ok_or_else(|| Fail::Db(decode_err("reference", &reference)))?;
        let Some(mut trip) = trip_by_ref(&mut *conn, &reference).await? else { continue };
        trip.status = TripStatus::CancelledForOfficialUse;
        trip.fee_krw = 0;
        trip.note = purpose.to_string();
        save_trip(&mut *conn, &trip).await?;
        super::notices::send(&mut *conn, trip.account, &super::notices::cancelled_for_official_use(&trip, &car, purpose), now).await?;
        cancelled.push(trip);
    }
    let id = sqlx::query(
        "INSERT INTO car_official_trips (kind, resource, starts, ends, starts_at, ends_at, purpose, emergency, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(req.kind.slug())
    .bind(i64::from(req.resource))
    .bind(unix(window.start()))
    .bind(unix(window.end()))
    .bind(text(window.start()))
    .bind(text(window.end()))
    .bind(purpose)
    .bind(req.emergency)
    .bind(text(now))
    .execute(&mut *conn)
    .await
    .map_err(overlap_or)?
    .last_insert_rowid();
    let trip = OfficialTrip { id, kind: req.kind, resource: req.resource, start: window.start(), end: window.end(),
        purpose: purpose.to_string(), emergency: req.emergency };
    Ok(OfficialAdded { trip, cancelled })
}

pub(crate) async fn remove_official(conn: &mut SqliteConnection, id: i64) -> Done<()> {
    let gone = sqlx::query("DELETE FROM car_official_trips WHERE id = ?").bind(id).execute(conn).await?;
    if gone.rows_affected() == 0 {
        return Err(CarError::NotYours.into());
    }
    Ok(())
}

/// Saves `account`'s verified licence under `fingerprint` (`LicenceKey::fingerprint` of its
/// digits: what identifies it across accounts without keeping the number).
pub(crate) async fn save_licence(conn: &mut SqliteConnection, account: AccountId, licence: &Licence, fingerprint: &str, now: SeoulTime) -> Done<Licence> {
    let hash = fingerprint;
    let holder: Option<i64> = sqlx::query_scalar("SELECT account_id FROM car_licences WHERE digits_hmac = ?").bind(hash).fetch_optional(&mut *conn).await?;
    if holder.is_some_and(|a| a != account.0) {
        return Err(CarError::LicenceElsewhere.into());
    }
    let saved = sqlx::query(
        "INSERT INTO car_licences (account_id, digits_hmac, keyed, masked, issued_on, expires_on, birth_date, verified_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?) \
         ON CONFLICT (account_id) DO UPDATE SET digits_hmac = excluded.digits_hmac, keyed = 1, masked = excluded.masked, \
         issued_on = excluded.issued_on, expires_on = excluded.expires_on, birth_date = excluded.birth_date, verified_at = excluded.verified_at",
    )
    .bind(account.0)
    .bind(hash)
    .bind(&licence.masked)
    .bind(licence.issued_on.to_string())
    .bind(licence.expires_on.to_string())
    .bind(licence.birth_date.to_string())
    .bind(text(now))
    .execute(&mut *conn)
    .await;
    match saved {
        Ok(_) => Ok(licence.clone()),
        // another account saved the same licence a moment ago
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(CarError::LicenceElsewhere.into()),
        Err(e) => Err(e.into()),
    }
}

// reads

pub(crate) async fn resources(conn: &mut SqliteConnection, kind: ResourceKind) -> sqlx::Result<Vec<Resource>> {
    let rows = sqlx::query("SELECT * FROM car_resources WHERE kind = ? ORDER BY id").bind(kind.slug()).fetch_all(conn).await?;
    rows.iter().map(resource_from).collect()
}

pub(crate) async fn licence_of(conn: &mut SqliteConnection, account: AccountId) -> sqlx::Result<Option<Licence>> {
    licence_row(conn, account).await
}

pub(crate) async fn trips_of(conn: &mut SqliteConnection, account: AccountId) -> sqlx::Result<Vec<Trip>> {
    let sql = format!("SELECT {TRIP_COLUMNS} FROM car_trips WHERE account_id = ? ORDER BY starts DESC, id DESC");
    let rows = sqlx::query(&sql).bind(account.0).fetch_all(conn).await?;
    rows.iter().map(trip_from).collect()
}

pub(crate) async fn official_trips(conn: &mut SqliteConnection, kind: ResourceKind, from: SeoulTime, to: SeoulTime) -> sqlx::Result<Vec<OfficialTrip>> {
    let rows = sqlx::query("SELECT * FROM car_official_trips WHERE kind = ? AND starts < ? AND ends > ? ORDER BY starts, resource")
        .bind(kind.slug())
        .bind(unix(to))
        .bind(unix(from))
        .fetch_all(conn)
        .await?;
    rows.iter().map(official_from).collect()
}
