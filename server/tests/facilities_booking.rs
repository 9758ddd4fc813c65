//! Booking a public room, hall or court over HTTP, as the booking pages' forms and outside tools
//! do: `/api/book_facility` within the facility's group limits, one group per slot, each account
//! seeing only its own bookings, and the pages of the two steps.

mod helpers;

use helpers::*;

/// A bookable slot tomorrow of `facility` and the facility's group limits.
async fn slot_of(app: &TestApp, facility: &str) -> (i64, u32, u32) {
    let id: i64 = sqlx::query_scalar(
        "SELECT id FROM seat_sessions WHERE kind = 'facility' AND resource = ? AND starts_at LIKE '2026-11-24T%' ORDER BY starts_at LIMIT 1",
    )
    .bind(facility)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (min, max): (i64, i64) =
        sqlx::query_as("SELECT min_group, max_group FROM facilities WHERE slug = ?").bind(facility).fetch_one(&app.pool).await.unwrap();
    (id, min as u32, max as u32)
}

async fn any_facility(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT slug FROM facilities ORDER BY slug LIMIT 1").fetch_one(&app.pool).await.unwrap()
}

async fn book(app: &TestApp, cookie: &str, session: i64, group: u32, key: &str) -> Reply {
    app.call("/api/book_facility", &format!("session={session}&group={group}&key={key}"), cookie).await
}

#[tokio::test]
async fn a_resident_books_a_facility_slot_and_gets_a_reference() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("hall@example.com", "김하나").await;
    let (session, min, _) = slot_of(&app, &any_facility(&app).await).await;
    let reply = book(&app, &cookie, session, min, "key-facility-0001").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reference = reply.json().as_str().unwrap().to_string();
    assert!(reference.starts_with("F-"), "{reference}");
    let (group, fee): (i64, i64) = sqlx::query_as("SELECT group_size, fee_krw FROM bookings WHERE reference = ?")
        .bind(&reference)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(group, min as i64);
    let facility_fee: i64 = sqlx::query_scalar("SELECT f.fee_krw FROM facilities f JOIN seat_sessions s ON s.resource = f.slug WHERE s.id = ?")
        .bind(session)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(fee, facility_fee, "the facility's fee, whatever the form says");
    let again = book(&app, &cookie, session, min, "key-facility-0001").await;
    assert_eq!(again.status, 200, "a retried form: {}", again.body);
    assert_eq!(again.json().as_str(), Some(reference.as_str()), "the same booking, not a second");
}

#[tokio::test]
async fn a_group_outside_the_facilitys_limits_is_refused_with_400() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("group@example.com", "김둘").await;
    let (session, min, max) = slot_of(&app, &any_facility(&app).await).await;
    for group in [max + 1, min.saturating_sub(1), 0, 10_000] {
        let reply = book(&app, &cookie, session, group, "key-facility-0002").await;
        assert_eq!(reply.status, 400, "group {group}: {}", reply.body);
    }
    let page = app.get_as(&format!("/facilities/book/check?session={session}&group={}", max + 1), &cookie).await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains(&format!("{max}명")), "the limits are named");
}

#[tokio::test]
async fn a_slot_already_booked_answers_409() {
    let app = TestApp::seeded().await;
    let first = app.sign_up("first@example.com", "김첫").await;
    let second = app.sign_up("second@example.com", "김둘").await;
    let (session, min, _) = slot_of(&app, &any_facility(&app).await).await;
    assert_eq!(book(&app, &first, session, min, "key-facility-first").await.status, 200);
    let late = book(&app, &second, session, min, "key-facility-second").await;
    assert_eq!(late.status, 409, "{}", late.body);
    let page = app.get_as(&format!("/facilities/book?session={session}"), &second).await;
    assert!(!page.body.contains("data-testid=\"group-form\""), "a booked slot offers no form");
}

#[tokio::test]
async fn another_accounts_booking_is_invisible() {
    let app = TestApp::seeded().await;
    let owner = app.sign_up("owner@example.com", "김주인").await;
    let other = app.sign_up("other@example.com", "김남").await;
    let (session, min, _) = slot_of(&app, &any_facility(&app).await).await;
    let reference = book(&app, &owner, session, min, "key-facility-owner").await.json().as_str().unwrap().to_string();
    let other_id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = 'other@example.com'").fetch_one(&app.pool).await.unwrap();
    let theirs = domain::seats::SeatBook::bookings_of(app.state.seats.as_ref(), domain::accounts::AccountId(other_id)).await.unwrap();
    assert!(theirs.is_empty());
    let link = app.call("/api/create_calendar_link", "", &other).await;
    let token = link.json().as_str().unwrap().rsplit('/').next().unwrap().to_string();
    let feed = app.get(&format!("/calendar/{token}")).await;
    assert_eq!(feed.status, 200);
    assert!(!feed.body.contains(&reference));
    let inbox = app.get_as("/me/messages", &other).await;
    assert!(!inbox.body.contains(&reference));
}

#[tokio::test]
async fn the_two_steps_show_the_question_then_everything_to_check() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("steps@example.com", "김단계").await;
    let (session, min, max) = slot_of(&app, &any_facility(&app).await).await;
    let ask = app.get_as(&format!("/facilities/book?session={session}"), &cookie).await;
    assert_eq!(ask.status, 200);
    assert!(ask.body.contains("몇 명이 이용하나요?"));
    assert!(ask.body.contains(&format!("max=\"{max}\"")));
    let check = app.get_as(&format!("/facilities/book/check?session={session}&group={min}"), &cookie).await;
    assert_eq!(check.status, 200);
    assert!(check.body.contains("action=\"/api/book_facility\"") && check.body.contains("name=\"key\""));
    let guest = app.get_as(&format!("/facilities/book?session={session}"), "").await;
    assert!(guest.status.is_redirection(), "a guest logs in first: {}", guest.status);
    let missing = app.get_as("/facilities/book?session=999999", &cookie).await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn garbage_to_every_new_server_function_is_400_never_500() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("garbage@example.com", "김쓰레기").await;
    let garbage = ["", "session=abc&group=x&key=%00", "session=-1&group=-5&key=short", "course=1e9&key=a;b", "entry=0", "message=%ZZ",
        "course=99999999999999999999999&entry=-0&message=1.5", "session=1&group=2&key=<script>alert(1)</script>"];
    let writes = ["book_facility", "apply_course", "join_course_waitlist", "mark_read", "confirm_offer", "leave_waitlist"];
    for f in writes {
        for body in garbage {
            let reply = app.call(&format!("/api/{f}"), body, &cookie).await;
            assert!(reply.status.is_client_error(), "{f} with {body:?}: {} {}", reply.status, reply.body);
            assert_ne!(reply.status, 404, "{f} exists");
        }
    }
    // the pages' reads answer "none" for an id that names nothing, and 400 for one that is no id
    for f in ["facility_slot", "course_to_apply", "calendar_link_status", "create_calendar_link", "revoke_calendar_link", "my_inbox"] {
        for body in garbage {
            let reply = app.call(&format!("/api/{f}"), body, &cookie).await;
            assert!(reply.status.as_u16() < 500, "{f} with {body:?}: {} {}", reply.status, reply.body);
        }
    }
    let pages = ["/facilities/book?session=abc", "/facilities/book/check?session=1&group=zz", "/learn/district/abc/apply", "/learn/district/0/apply"];
    for page in pages {
        let reply = app.get_as(page, &cookie).await;
        assert!(reply.status.is_client_error(), "{page}: {}", reply.status);
    }
}
