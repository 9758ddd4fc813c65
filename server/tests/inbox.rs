//! District course applications, the waiting list and its offers in `/me/messages`, and the
//! private calendar feed, over HTTP against the real router and a fresh SQLite file. An offer
//! that expires is seen through a second app on the same database with its clock 3 hours later.

mod helpers;

use axum::body::Body;
use axum::http::Request;
use domain::calendar::FixedClock;
use domain::SeoulTime;
use helpers::*;
use http_body_util::BodyExt;
use server::{app as router_of, AppState, Settings};
use std::sync::Arc;
use tower::ServiceExt;

/// An upcoming district course with seats left, and its seat session.
async fn open_course(app: &TestApp) -> (i64, i64) {
    let (course, session): (String, i64) = sqlx::query_as(
        "SELECT resource, id FROM seat_sessions WHERE kind = 'course' AND taken + 2 <= capacity AND starts_at > '2026-11-24' ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    (course.parse().unwrap(), session)
}

/// Leaves exactly one seat in the course's session (test setup, as if others had applied).
async fn one_seat_left(app: &TestApp, session: i64) {
    sqlx::query("UPDATE seat_sessions SET taken = capacity - 1 WHERE id = ?").bind(session).execute(&app.pool).await.unwrap();
}

async fn account_id(app: &TestApp, email: &str) -> domain::accounts::AccountId {
    domain::accounts::AccountId(sqlx::query_scalar("SELECT id FROM accounts WHERE email = ?").bind(email).fetch_one(&app.pool).await.unwrap())
}

async fn apply(app: &TestApp, cookie: &str, course: i64, key: &str) -> Reply {
    app.call("/api/apply_course", &format!("course={course}&key={key}"), cookie).await
}

/// A full course with `waiter` first on its waiting list and a seat just offered to them.
async fn offer_to_waiter(app: &TestApp) -> (String, i64) {
    let holder = app.sign_up("holder@example.com", "김자리").await;
    let waiter = app.sign_up("waiter@example.com", "김대기").await;
    let (course, session) = open_course(app).await;
    one_seat_left(app, session).await;
    let reference = apply(app, &holder, course, "key-course-holder").await.json().as_str().unwrap().to_string();
    assert_eq!(apply(app, &waiter, course, "key-course-waiter").await.status, 409, "the course is full");
    let joined = app.call("/api/join_course_waitlist", &format!("course={course}"), &waiter).await;
    assert_eq!(joined.status, 200, "{}", joined.body);
    let entry = joined.json().as_i64().unwrap();
    let reference = domain::seats::BookingRef::parse(&reference).unwrap();
    let holder_id = account_id(app, "holder@example.com").await;
    domain::seats::SeatBook::cancel(app.state.seats.as_ref(), holder_id, &reference, test_now()).await.unwrap();
    (waiter, entry)
}

#[tokio::test]
async fn a_resident_applies_for_a_district_course_and_seats_left_come_from_its_session() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("learner@example.com", "김배움").await;
    let (course, session) = open_course(&app).await;
    let before: i64 = sqlx::query_scalar("SELECT taken FROM seat_sessions WHERE id = ?").bind(session).fetch_one(&app.pool).await.unwrap();
    let page = app.get_as(&format!("/learn/district/{course}/apply"), &cookie).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("action=\"/api/apply_course\""));
    let reply = apply(&app, &cookie, course, "key-course-0001").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.json().as_str().unwrap().starts_with("C-"));
    let after: i64 = sqlx::query_scalar("SELECT taken FROM seat_sessions WHERE id = ?").bind(session).fetch_one(&app.pool).await.unwrap();
    assert_eq!(after, before + 1);
    let list = app.get("/learn/district").await;
    assert!(list.body.contains(&format!("/learn/district/{course}/apply")), "an apply link per open course");
    assert_eq!(apply(&app, &cookie, course, "key-course-0002").await.status, 409, "one seat per person");
}

#[tokio::test]
async fn a_full_course_takes_a_waiting_list_and_a_course_with_seats_does_not() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("queue@example.com", "김줄").await;
    let (course, session) = open_course(&app).await;
    assert_eq!(app.call("/api/join_course_waitlist", &format!("course={course}"), &cookie).await.status, 409, "seats are left");
    sqlx::query("UPDATE seat_sessions SET taken = capacity WHERE id = ?").bind(session).execute(&app.pool).await.unwrap();
    let page = app.get_as(&format!("/learn/district/{course}/apply"), &cookie).await;
    assert!(page.body.contains("action=\"/api/join_course_waitlist\""), "a full course offers its waiting list");
    assert_eq!(app.call("/api/join_course_waitlist", &format!("course={course}"), &cookie).await.status, 200);
    let inbox = app.get_as("/me/messages", &cookie).await;
    assert!(inbox.body.contains("data-testid=\"wait\""));
    assert!(inbox.body.contains("/api/leave_waitlist"));
}

#[tokio::test]
async fn an_offered_seat_is_confirmed_from_the_messages_page() {
    let app = TestApp::seeded().await;
    let (waiter, entry) = offer_to_waiter(&app).await;
    let inbox = app.get_as("/me/messages", &waiter).await;
    assert!(inbox.body.contains("이 자리 확정"), "the confirm button");
    assert!(inbox.body.contains("새 메시지"), "the offer's message is unread");
    let confirmed = app.call("/api/confirm_offer", &format!("entry={entry}"), &waiter).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    assert!(confirmed.json().as_str().unwrap().starts_with("C-"));
    let message: i64 = sqlx::query_scalar("SELECT id FROM messages ORDER BY id DESC LIMIT 1").fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.call("/api/mark_read", &format!("message={message}"), &waiter).await.status, 200);
    let inbox = app.get_as("/me/messages", &waiter).await;
    assert!(!inbox.body.contains("새 메시지"), "read now");
    let stranger = app.sign_up("stranger@example.com", "김남").await;
    assert_eq!(app.call("/api/confirm_offer", &format!("entry={entry}"), &stranger).await.status, 400, "not theirs");
}

/// Sends `request` to `router` (an app with another clock) and reads the reply.
async fn send(router: &axum::Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let body = String::from_utf8_lossy(&response.into_body().collect().await.unwrap().to_bytes()).into_owned();
    Reply { status, headers, body }
}

#[tokio::test]
async fn an_offer_not_confirmed_within_two_hours_passes_on_and_says_so() {
    let app = TestApp::seeded().await;
    let (_, entry) = offer_to_waiter(&app).await;
    let later = SeoulTime::from_instant(test_now().instant() + time::Duration::hours(3));
    let state = AppState::load(app.pool.clone(), Settings::for_tests(), Arc::new(FixedClock(later))).await.unwrap();
    let router = router_of(state);
    let body = format!("email={}&password={}", enc("waiter@example.com"), enc("correct horse battery"));
    let login = send(&router, post_form("/api/log_in", &body, "", "application/json")).await;
    let cookie = session_cookie(&login).expect("logged in again");
    let reply = send(&router, post_form("/api/confirm_offer", &format!("entry={entry}"), &cookie, "application/json")).await;
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(reply.body.contains("passed") || reply.body.contains("넘어갔습니다"), "{}", reply.body);
}

#[tokio::test]
async fn the_calendar_feed_lists_only_the_owners_active_bookings() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("ical@example.com", "김달력").await;
    let other = app.sign_up("ical-other@example.com", "김남").await;
    let (course, _) = open_course(&app).await;
    let mine = apply(&app, &cookie, course, "key-course-ical1").await.json().as_str().unwrap().to_string();
    let theirs = apply(&app, &other, course, "key-course-ical2").await.json().as_str().unwrap().to_string();
    let url = app.call("/api/create_calendar_link", "", &cookie).await.json().as_str().unwrap().to_string();
    assert!(url.ends_with(".ics") && url.contains("/calendar/"), "{url}");
    let path = format!("/calendar/{}", url.rsplit('/').next().unwrap());
    let feed = app.get(&path).await;
    assert_eq!(feed.status, 200);
    assert_eq!(feed.headers["content-type"], "text/calendar; charset=utf-8");
    assert_eq!(feed.headers["cache-control"], "private, no-store");
    let body = &feed.body;
    assert!(body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && body.ends_with("END:VCALENDAR\r\n"));
    assert!(body.contains(&format!("UID:{mine}@dongne")));
    assert!(!body.contains(&theirs), "only the owner's bookings");
    assert_eq!(body.matches("BEGIN:VEVENT").count(), 1);
    assert!(body.contains("DTSTART:2026") && body.contains("Z\r\nDTEND:"));
    assert!(body.split("\r\n").all(|line| line.len() <= 75), "folded at 75 octets");
    assert!(!body.replace("\r\n", "").contains('\n'), "CRLF line ends only");
}

#[tokio::test]
async fn a_revoked_or_unknown_calendar_token_is_404() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("revoke@example.com", "김취소").await;
    let first = app.call("/api/create_calendar_link", "", &cookie).await.json().as_str().unwrap().to_string();
    let first_path = format!("/calendar/{}", first.rsplit('/').next().unwrap());
    assert_eq!(app.get(&first_path).await.status, 200);
    let second = app.call("/api/create_calendar_link", "", &cookie).await.json().as_str().unwrap().to_string();
    assert_eq!(app.get(&first_path).await.status, 404, "a new link ends the old one");
    let second_path = format!("/calendar/{}", second.rsplit('/').next().unwrap());
    assert_eq!(app.get(&second_path).await.status, 200);
    assert_eq!(app.call("/api/revoke_calendar_link", "", &cookie).await.status, 200);
    assert_eq!(app.get(&second_path).await.status, 404, "revoked");
    for unknown in [format!("/calendar/{}.ics", "0".repeat(64)), "/calendar/nope.ics".into(), "/calendar/%2e%2e.ics".into()] {
        assert_eq!(app.get(&unknown).await.status, 404, "{unknown}");
    }
    let stored: Option<String> = sqlx::query_scalar("SELECT calendar_token_hash FROM accounts WHERE email = 'revoke@example.com'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, None);
    let page = app.get_as("/me/calendar", &cookie).await;
    assert!(page.body.contains("/api/create_calendar_link"));
}

#[tokio::test]
async fn the_calendar_feed_lists_the_owners_car_share_trips_that_hold_their_window() {
    use domain::accounts::AccountId;
    use domain::carshare::{CarShare, Licence, LicenceForm, ResourceKind, TripRequest, TripWindow};
    let app = TestApp::empty().await;
    let store = app.state.carshare.store.clone();
    let mut drivers = Vec::new();
    for (i, email) in ["car-ical@example.com", "car-ical-other@example.com"].into_iter().enumerate() {
        let cookie = app.sign_up(email, "김운전").await;
        let id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = ?").bind(email).fetch_one(&app.pool).await.unwrap();
        let form = LicenceForm { number: format!("11-15-12345{i}-78"), issued_on: "2015-03-02".into(), expires_on: "2030-12-31".into(), birth_date: "1990-05-05".into() };
        let (licence, digits) = Licence::verify(&form, test_now().date()).unwrap();
        store.save_licence(AccountId(id), licence, digits, test_now()).await.unwrap();
        drivers.push((AccountId(id), cookie));
    }
    let book = |account: AccountId, kind: ResourceKind, resource: u32, start: &str, end: &str, key: &str| {
        let window = TripWindow::from_form(start, end, &kind.rules(), test_now()).unwrap();
        TripRequest { account, kind, resource, window, key: domain::seats::IdempotencyKey::parse(key).unwrap() }
    };
    let (me, cookie) = drivers[0].clone();
    let trip = store.book(book(me, ResourceKind::Car, 8, "2026-11-24T19:00", "2026-11-24T21:00", "ical-car-1"), test_now()).await.unwrap();
    let space = store.book(book(me, ResourceKind::Parking, 7, "2026-11-25T19:00", "2026-11-25T21:00", "ical-park-1"), test_now()).await.unwrap();
    let cancelled = store.book(book(me, ResourceKind::Car, 7, "2026-11-26T19:00", "2026-11-26T21:00", "ical-car-2"), test_now()).await.unwrap();
    store.cancel(me, cancelled.reference.clone(), test_now()).await.unwrap();
    let theirs = store.book(book(drivers[1].0, ResourceKind::Car, 6, "2026-11-24T19:00", "2026-11-24T21:00", "ical-car-3"), test_now()).await.unwrap();
    let url = app.call("/api/create_calendar_link", "", &cookie).await.json().as_str().unwrap().to_string();
    let feed = app.get(&format!("/calendar/{}", url.rsplit('/').next().unwrap())).await;
    assert_eq!(feed.status, 200);
    let body = feed.body.replace("\r\n ", "");
    assert_eq!(body.matches("BEGIN:VEVENT").count(), 2, "{body}");
    assert!(body.contains(&format!("UID:{}@dongne", trip.reference)) && body.contains(&format!("UID:{}@dongne", space.reference)));
    assert!(!body.contains(cancelled.reference.as_str()) && !body.contains(theirs.reference.as_str()), "{body}");
    assert!(body.contains("SUMMARY:전기차 공유: 토레스 EVX (89무 7145)\r\n"), "{body}");
    assert!(body.contains("DTSTART:20261124T100000Z\r\nDTEND:20261124T120000Z\r\n"), "{body}");
    assert!(body.contains("LOCATION:창4동 주민센터\r\n"), "{body}");
    assert!(body.contains(&format!("DESCRIPTION:예약 번호 {r}\\nCar share: KG Mobility Torres EVX (89무 7145)\\, Chang 4-dong Community Centre\\nBooking {r}", r = trip.reference)), "{body}");
    assert!(body.contains("SUMMARY:공유 주차: 창동 주민센터 주차장 (B-02)"), "{body}");
    assert!(feed.body.split("\r\n").all(|line| line.len() <= 75), "folded at 75 octets");
}
