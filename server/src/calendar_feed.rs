//! The private iCal feed: `GET /calendar/{token}.ics` gives the token owner's active bookings (seats,
//! and car-share trips that still hold their window) as an RFC 5545 calendar that calendar apps subscribe to, and `SqliteCalendarLinks` makes and revokes
//! the tokens for `/me/calendar`. A token is 256 random bits; only its SHA-256 is stored, and the
//! feed finds the account by that hash (an index lookup on a digest, so nothing about the secret
//! leaks through timing, and a stolen database holds no working link).

use crate::courses::store::district_courses;
use crate::AppState;
use app::inbox::{kind_name, place_name};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::accounts::AccountId;
use domain::carshare::{CarShare, Resource, ResourceKind, Trip};
use domain::courses::{BoxFuture, DistrictCourse, StorageUnavailable};
use domain::facilities::Facilities;
use domain::kids_cafe::Branch;
use domain::seats::{Booking, BookingStatus, Kind, SeatBook};
use domain::{Lang, SeoulTime};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use std::sync::Arc;

pub fn routes() -> Router<AppState> {
    Router::new().route("/calendar/{file}", get(feed))
}

/// The hex SHA-256 of a token, as `accounts.calendar_token_hash` keeps it.
fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A token as we make them: 64 lowercase hex digits. Anything else is not looked up at all.
fn token_of(file: &str) -> Option<&str> {
    let token = file.strip_suffix(".ics")?;
    (token.len() == 64 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))).then_some(token)
}

async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = token_of(&file) else { return StatusCode::NOT_FOUND.into_response() };
    match feed_text(&state, token).await {
        Ok(Some(body)) => {
            let mut response = body.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "calendar feed failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

async fn feed_text(state: &AppState, token: &str) -> anyhow::Result<Option<String>> {
    let account: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE calendar_token_hash = ?")
        .bind(token_hash(token))
        .fetch_optional(&state.pool)
        .await?;
    let Some(account) = account else { return Ok(None) };
    let bookings = state.seats.bookings_of(AccountId(account)).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let places = Places { facilities: (*state.facilities.list).clone(), courses: district_courses(&state.pool).await? };
    let active: Vec<Booking> = bookings.into_iter().filter(|b| b.status == BookingStatus::Booked).collect();
    let trips = car_trips(state.carshare.store.as_ref(), AccountId(account)).await?;
    Ok(Some(calendar(&active, &trips, &places)))
}

/// The account's car-share trips that hold their window, each with its car or space.
async fn car_trips(store: &dyn CarShare, account: AccountId) -> anyhow::Result<Vec<(Trip, Resource)>> {
    let trips = store.trips_of(account).await.map_err(|_| anyhow::anyhow!("car share trips unavailable"))?;
    if trips.is_empty() {
        return Ok(Vec::new());
    }
    let mut resources = Vec::new();
    for kind in [ResourceKind::Car, ResourceKind::Parking] {
        resources.extend(store.resources(kind).await.map_err(|_| anyhow::anyhow!("car share resources unavailable"))?);
    }
    Ok(trips
        .into_iter()
        .filter(|t| t.status.holds())
        .filter_map(|t| {
            let r = resources.iter().find(|r| r.kind == t.kind && r.id == t.resource)?.clone();
            Some((t, r))
        })
        .collect())
}

/// What the feed names places with.
pub struct Places {
    pub facilities: Facilities,
    pub courses: Vec<DistrictCourse>,
}

impl Places {
    fn location(&self, b: &Booking) -> String {
        let s = &b.session;
        let found = match s.kind {
            Kind::KidsCafe => Branch::ALL.into_iter().find(|br| br.slug() == s.resource).map(|br| br.address(Lang::Ko).to_string()),
            Kind::Facility => {
                domain::facilities::FacilitySlug::parse(&s.resource).and_then(|slug| self.facilities.find(&slug)).map(|f| f.place_ko.clone())
            }
            Kind::Course => self.courses.iter().find(|c| c.id.to_string() == s.resource).map(|c| c.venue.clone()),
            Kind::ThriftDropoff => Some(domain::programmes::social::hours::Place::ThriftStore.whereabouts(Lang::Ko).to_string()),
        };
        found.unwrap_or_default()
    }
}

/// `20261128T010000Z`: the instant in UTC, as every calendar app reads it.
fn utc(t: SeoulTime) -> String {
    let u = t.instant().to_offset(time::UtcOffset::UTC);
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", u.year(), u8::from(u.month()), u.day(), u.hour(), u.minute(), u.second())
}

/// A TEXT value with `\`, `;`, `,` and line breaks escaped (RFC 5545 3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no line is longer than 75 octets (RFC 5545 3.1): a
/// continuation starts with a space, and a fold never splits a UTF-8 character (Hangul is 3 octets).
pub fn push_line(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// One event: its reference, when it was made, its window and its words.
struct Event<'a> {
    reference: &'a str,
    made: SeoulTime,
    start: SeoulTime,
    end: SeoulTime,
    summary: String,
    location: String,
    description: String,
}

fn push_event(out: &mut String, e: &Event<'_>) {
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}@dongne", e.reference));
    push_line(out, &format!("DTSTAMP:{}", utc(e.made)));
    push_line(out, &format!("DTSTART:{}", utc(e.start)));
    push_line(out, &format!("DTEND:{}", utc(e.end)));
    push_line(out, &format!("SUMMARY:{}", escape(&e.summary)));
    push_line(out, &format!("LOCATION:{}", escape(&e.location)));
    push_line(out, &format!("DESCRIPTION:{}", escape(&e.description)));
    push_line(out, "END:VEVENT");
}

/// A car-share trip's words: `전기차 공유: 아이오닉 5 (12무 3456)` at the car's bay, or the
/// parking space in its car park.
fn trip_event<'a>(trip: &'a Trip, r: &Resource) -> Event<'a> {
    let (what_ko, what_en) = match trip.kind {
        ResourceKind::Car => ("전기차 공유", "Car share"),
        ResourceKind::Parking => ("공유 주차", "Shared parking"),
    };
    Event {
        reference: trip.reference.as_str(),
        made: trip.created_at,
        start: trip.start,
        end: trip.end,
        summary: format!("{what_ko}: {} ({})", r.name_ko, r.label),
        location: r.place_ko.clone(),
        description: format!("예약 번호 {reference}\n{what_en}: {} ({}), {}\nBooking {reference}", r.name_en, r.label, r.place_en, reference = trip.reference),
    }
}

/// The whole calendar of `bookings` and car-share `trips`.
pub fn calendar(bookings: &[Booking], trips: &[(Trip, Resource)], places: &Places) -> String {
    let mut out = String::new();
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Dongne//Bookings//KO", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "X-WR-CALNAME:동네 예약 (Dongne bookings)", "X-WR-TIMEZONE:Asia/Seoul"] {
        push_line(&mut out, line);
    }
    for b in bookings {
        let s = &b.session;
        let (place_ko, place_en) = (
            place_name(s.kind, &s.resource, &places.facilities, &places.courses, Lang::Ko),
            place_name(s.kind, &s.resource, &places.facilities, &places.courses, Lang::En),
        );
        push_event(&mut out, &Event {
            reference: b.reference.as_str(),
            made: b.created_at,
            start: s.starts_at,
            end: s.ends_at,
            summary: format!("{}: {place_ko}", kind_name(s.kind, Lang::Ko)),
            location: places.location(b),
            description: format!("예약 번호 {r}\n{}: {place_en}\nBooking {r}", kind_name(s.kind, Lang::En), r = b.reference),
        });
    }
    for (trip, resource) in trips {
        push_event(&mut out, &trip_event(trip, resource));
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// `/me/calendar`'s links, over the accounts table.
pub struct SqliteCalendarLinks(pub SqlitePool);

fn unavailable(e: sqlx::Error) -> StorageUnavailable {
    tracing::error!(error = %e, "calendar link storage");
    StorageUnavailable
}

impl app::inbox::ssr::CalendarLinks for SqliteCalendarLinks {
    fn has_link(&self, account: AccountId) -> BoxFuture<'_, Result<bool, StorageUnavailable>> {
        Box::pin(async move {
            sqlx::query_scalar::<_, bool>("SELECT calendar_token_hash IS NOT NULL FROM accounts WHERE id = ?")
                .bind(account.0)
                .fetch_optional(&self.0)
                .await
                .map(|v| v.unwrap_or(false))
                .map_err(unavailable)
        })
    }

    fn create(&self, account: AccountId) -> BoxFuture<'_, Result<String, StorageUnavailable>> {
        Box::pin(async move {
            let token = hex::encode(rand::random::<[u8; 32]>());
            sqlx::query("UPDATE accounts SET calendar_token_hash = ? WHERE id = ?")
                .bind(token_hash(&token))
                .bind(account.0)
                .execute(&self.0)
                .await
                .map_err(unavailable)?;
            Ok(token)
        })
    }

    fn revoke(&self, account: AccountId) -> BoxFuture<'_, Result<(), StorageUnavailable>> {
        Box::pin(async move {
            sqlx::query("UPDATE accounts SET calendar_token_hash = NULL WHERE id = ?").bind(account.0).execute(&self.0).await.map_err(unavailable)?;
            Ok(())
        })
    }
}

/// What `/me/calendar`'s server functions find in context.
pub fn provide(pool: &SqlitePool) {
    leptos::prelude::provide_context::<Arc<dyn app::inbox::ssr::CalendarLinks>>(Arc::new(SqliteCalendarLinks(pool.clone())));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        push_line(&mut out, &format!("SUMMARY:{}", "가나다라".repeat(10)));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "가나다라".repeat(10)));
    }

    #[test]
    fn text_values_escape_commas_semicolons_backslashes_and_newlines() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn only_64_hex_digit_tokens_with_ics_are_looked_up() {
        let t = "a".repeat(64);
        assert_eq!(token_of(&format!("{t}.ics")), Some(t.as_str()));
        assert_eq!(token_of(&t), None);
        assert_eq!(token_of(&format!("{}.ics", "A".repeat(64))), None);
        assert_eq!(token_of("../etc.ics"), None);
    }
}
