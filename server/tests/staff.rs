//! The staff desk through the real router: only staff get in (a resident is refused, a guest sent
//! to log in), attendance and its no-show block, capacity never below the seats taken, closing a
//! session tells everyone booked, opening modes, and garbage to every new server function is a 400.

mod helpers;

use domain::accounts::{AccountId, ChildId};
use domain::seats::{SeatBook, SeatError, SeatFailure, SessionId};
use domain::{IsoDate, SeoulTime};
use helpers::*;

fn at(date: &str, hour: u8, minute: u8) -> SeoulTime {
    SeoulTime::at(IsoDate::parse(date).unwrap(), hour, minute).unwrap()
}

/// A signed-up account promoted to staff, as `dongne staff add` does; its cookie.
async fn staff(app: &TestApp) -> String {
    let cookie = app.sign_up("staff@example.com", "직원").await;
    sqlx::query("UPDATE accounts SET role = 'staff' WHERE email = 'staff@example.com'").execute(&app.pool).await.unwrap();
    cookie
}

/// A resident with one preschool child; cookie, account and child.
async fn family(app: &TestApp, email: &str) -> (String, AccountId, ChildId) {
    let cookie = app.sign_up(email, "보호자").await;
    let reply = app.call("/api/add_child", "name=%ED%95%98%EB%8A%98&birth_date=2023-05-01", &cookie).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let child = ChildId::new(reply.json().as_i64().unwrap()).unwrap();
    let account: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = ?").bind(email).fetch_one(&app.pool).await.unwrap();
    (cookie, AccountId(account), child)
}

/// The Junggok session starting at `date hour:00`.
async fn session_at(app: &TestApp, date: &str, hour: u8) -> SessionId {
    let starts = server::seats::time_text(at(date, hour, 0));
    let id: i64 = sqlx::query_scalar("SELECT id FROM seat_sessions WHERE kind = 'kids_cafe' AND resource = 'junggok' AND starts_at = ?")
        .bind(starts).fetch_one(&app.pool).await.unwrap();
    SessionId::new(id).unwrap()
}

#[tokio::test]
async fn staff_pages_and_endpoints_refuse_residents_and_send_guests_to_log_in() {
    let app = TestApp::seeded().await;
    let guest = app.send(get_with("/staff", &[("accept", "text/html")])).await;
    assert!(guest.status.is_redirection(), "guest: {}", guest.status);
    assert!(guest.headers["location"].to_str().unwrap().starts_with("/log-in?next="));
    let (resident, _, _) = family(&app, "parent@example.com").await;
    let page = app.get_as("/staff", &resident).await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("직원만") || page.body.contains("Only district staff"));
    let session = session_at(&app, "2026-11-24", 10).await;
    for (uri, body) in [("/api/set_capacity", format!("session={session}&capacity=5")), ("/api/close_session", format!("session={session}")),
        ("/api/mark_attendance", "reference=K-2345-6789&attendance=attended".into()), ("/api/set_opening_mode", "branch=junggok&mode=lottery".into()),
        ("/api/staff_overview", String::new()), ("/api/staff_session", format!("session={session}"))] {
        let as_resident = app.call(uri, &body, &resident).await;
        assert_eq!(as_resident.status, 400, "{uri} as a resident: {}", as_resident.body);
        assert!(as_resident.body.contains("Only staff"), "{uri}: {}", as_resident.body);
        assert_eq!(app.call(uri, &body, "").await.status, 401, "{uri} as a guest");
    }
    let unchanged = app.state.seats.session(session).await.unwrap().unwrap();
    assert!(!unchanged.closed);
    assert_eq!(unchanged.capacity, 30);
}

#[tokio::test]
async fn staff_see_the_week_and_a_roster_with_guardian_and_child() {
    let app = TestApp::seeded().await;
    let staff = staff(&app).await;
    let (_, account, child) = family(&app, "parent@example.com").await;
    let session = session_at(&app, "2026-11-24", 10).await;
    let booking = app.state.seats.book_kids_cafe(account, child, session, false, None, test_now()).await.unwrap();
    let desk = app.get_as("/staff", &staff).await;
    assert_eq!(desk.status, 200);
    assert!(desk.body.contains(&format!("/staff/sessions/{session}")), "this week's sessions are listed");
    assert!(desk.body.contains("1 / 30"));
    let roster = app.get_as(&format!("/staff/sessions/{session}"), &staff).await;
    assert_eq!(roster.status, 200);
    assert!(roster.body.contains(booking.reference.as_str()) && roster.body.contains("보호자") && roster.body.contains("하늘"));
}

#[tokio::test]
async fn a_no_show_marked_by_staff_blocks_that_accounts_next_kids_cafe_booking() {
    let app = TestApp::seeded().await;
    let staff = staff(&app).await;
    let (_, account, child) = family(&app, "parent@example.com").await;
    let tuesday = session_at(&app, "2026-11-24", 10).await;
    let booking = app.state.seats.book_kids_cafe(account, child, tuesday, false, None, test_now()).await.unwrap();
    let reply = app.call("/api/mark_attendance", &format!("reference={}&attendance=no_show", booking.reference), &staff).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json(), "no_show");
    let saturday = session_at(&app, "2026-11-28", 10).await;
    let after_the_session = at("2026-11-24", 13, 0);
    let refused = app.state.seats.book_kids_cafe(account, child, saturday, false, None, after_the_session).await;
    assert!(matches!(refused, Err(SeatFailure::Refused(SeatError::Blocked { .. }))), "{refused:?}");
}

#[tokio::test]
async fn capacity_below_the_seats_taken_is_refused_with_the_reason_and_nothing_changes() {
    let app = TestApp::seeded().await;
    let staff = staff(&app).await;
    let (_, account, child) = family(&app, "parent@example.com").await;
    let session = session_at(&app, "2026-11-25", 10).await;
    app.state.seats.book_kids_cafe(account, child, session, false, None, test_now()).await.unwrap();
    let refused = app.call("/api/set_capacity", &format!("session={session}&capacity=0"), &staff).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("1 seats are already booked"), "{}", refused.body);
    assert_eq!(app.state.seats.session(session).await.unwrap().unwrap().capacity, 30);
    let done = app.call("/api/set_capacity", &format!("session={session}&capacity=12"), &staff).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(app.state.seats.session(session).await.unwrap().unwrap().capacity, 12);
}

#[tokio::test]
async fn closing_a_session_tells_every_account_booked_in_their_messages() {
    let app = TestApp::seeded().await;
    let staff = staff(&app).await;
    let session = session_at(&app, "2026-11-26", 10).await;
    let mut accounts = Vec::new();
    for email in ["a@example.com", "b@example.com"] {
        let (_, account, child) = family(&app, email).await;
        app.state.seats.book_kids_cafe(account, child, session, false, None, test_now()).await.unwrap();
        accounts.push(account);
    }
    let page = app.get_as(&format!("/staff/sessions/{session}?close=1"), &staff).await;
    assert!(page.body.contains("confirm-close"), "closing asks to confirm first");
    let reply = app.call("/api/close_session", &format!("session={session}"), &staff).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json(), 2);
    for account in accounts {
        let messages = app.state.seats.messages_of(account).await.unwrap();
        assert_eq!(messages.len(), 1, "{account:?}");
        assert!(messages[0].subject_en.contains("cancelled"));
    }
    assert!(app.state.seats.session(session).await.unwrap().unwrap().closed);
}

#[tokio::test]
async fn staff_set_a_branchs_opening_mode_and_back() {
    let app = TestApp::seeded().await;
    let staff = staff(&app).await;
    let mode = || async { sqlx::query_scalar::<_, String>("SELECT mode FROM branch_opening WHERE branch = 'jayang'").fetch_one(&app.pool).await.unwrap() };
    assert_eq!(app.call("/api/set_opening_mode", "branch=jayang&mode=lottery", &staff).await.status, 200);
    assert_eq!(mode().await, "lottery");
    assert!(app.get_as("/staff", &staff).await.body.contains("mode-jayang"));
    assert_eq!(app.call("/api/set_opening_mode", "branch=jayang&mode=first_come", &staff).await.status, 200);
    assert_eq!(mode().await, "first_come");
}

#[tokio::test]
async fn garbage_to_every_new_server_function_is_a_400_never_a_500() {
    let app = TestApp::seeded().await;
    let staff = staff(&app).await;
    let (resident, _, _) = family(&app, "parent@example.com").await;
    let cases: &[(&str, &[&str])] = &[
        ("/api/set_capacity", &["", "session=x&capacity=3", "session=1&capacity=-1", "session=1&capacity=99999999999", "session=0&capacity=1", "session=1"]),
        ("/api/close_session", &["", "session=abc", "session=-4", "session=1e3"]),
        ("/api/mark_attendance", &["", "reference=nope&attendance=attended", "reference=K-2345-6789&attendance=maybe", "attendance=no_show"]),
        ("/api/set_opening_mode", &["", "branch=mars&mode=lottery", "branch=junggok&mode=raffle", "branch=junggok"]),
        ("/api/staff_session", &["", "session=%00", "session=9999999999999999999999"]),
    ];
    for (uri, bodies) in cases {
        for body in *bodies {
            let reply = app.call(uri, body, &staff).await;
            assert_eq!(reply.status, 400, "{uri} {body:?}: {}", reply.body);
        }
    }
    for body in ["", "session=x&child=1", "session=1&child=zero", "session=1&child=-2", "session=&child="] {
        let reply = app.call("/api/apply_lottery", body, &resident).await;
        assert_eq!(reply.status, 400, "apply_lottery {body:?}: {}", reply.body);
    }
    for (uri, status) in [("/staff/sessions/abc", 400), ("/staff/sessions/999999", 404), ("/kids-cafe/lottery/mars", 404),
        ("/kids-cafe/lottery/junggok?week=2026-13-45", 400), ("/api/v1/kids-cafe/lottery?branch=mars", 400),
        ("/api/v1/kids-cafe/lottery?branch=junggok&week=x", 400)] {
        assert_eq!(app.get_as(uri, &staff).await.status, status, "{uri}");
    }
}

#[tokio::test]
async fn the_statistics_page_is_public_and_names_nobody() {
    let app = TestApp::seeded().await;
    let (_, account, child) = family(&app, "parent@example.com").await;
    let session = session_at(&app, "2026-11-24", 10).await;
    app.state.seats.book_kids_cafe(account, child, session, false, None, test_now()).await.unwrap();
    let page = app.get("/kids-cafe/stats").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("stats-table"));
    assert!(!page.body.contains("보호자") && !page.body.contains("하늘"));
}
