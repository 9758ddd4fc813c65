//! One account cannot hoard what residents share (issue 23, 4.6): per-account caps on bookings
//! still to come, read from `booking_caps` (data, one row per kind), refused with the number and
//! the reason in both languages; and a licence another account registered first can be claimed:
//! the refusal files the claim, staff see it on `/staff/cars` and move the licence, and both
//! accounts are told.

mod helpers;

use helpers::*;

async fn facility_slots(app: &TestApp, n: i64) -> (Vec<i64>, i64) {
    let slug: String = sqlx::query_scalar("SELECT slug FROM facilities ORDER BY slug LIMIT 1").fetch_one(&app.pool).await.unwrap();
    let min: i64 = sqlx::query_scalar("SELECT min_group FROM facilities WHERE slug = ?").bind(&slug).fetch_one(&app.pool).await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM seat_sessions WHERE kind = 'facility' AND resource = ? AND starts_at > '2026-11-24' AND closed = 0 ORDER BY starts_at LIMIT ?",
    )
    .bind(&slug)
    .bind(n)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(ids.len() as i64, n, "enough future slots");
    (ids, min)
}

#[tokio::test]
async fn an_account_holds_at_most_the_caps_number_of_facility_slots_ahead_and_is_told_why() {
    let app = TestApp::empty().await;
    let cap: i64 = sqlx::query_scalar("SELECT max_ahead FROM booking_caps WHERE kind = 'facility'").fetch_one(&app.pool).await.unwrap();
    let cookie = app.sign_up("hoarder@example.com", "독차지").await;
    let (slots, group) = facility_slots(&app, cap + 1).await;
    for (i, slot) in slots.iter().take(cap as usize).enumerate() {
        let reply = app.call("/api/book_facility", &format!("session={slot}&group={group}&key=hoard-key-{i:04}"), &cookie).await;
        assert_eq!(reply.status, 200, "booking {i}: {}", reply.body);
    }
    let over = app.call("/api/book_facility", &format!("session={}&group={group}&key=hoard-key-9999", slots[cap as usize]), &format!("{cookie}; lang=en")).await;
    assert_eq!(over.status, 409, "{}", over.body);
    let message = over.json()["message"].as_str().unwrap().to_string();
    assert!(message.contains(&cap.to_string()) && message.contains("so that more residents get a turn"), "{message}");
    let ko = app.call("/api/book_facility", &format!("session={}&group={group}&key=hoard-key-9998", slots[cap as usize]), &cookie).await;
    assert!(ko.json()["message"].as_str().unwrap().contains(&format!("{cap}건")), "{}", ko.body);
    // the cap is data: staff raise it, and the same booking goes through
    sqlx::query("UPDATE booking_caps SET max_ahead = max_ahead + 1 WHERE kind = 'facility'").execute(&app.pool).await.unwrap();
    let now_ok = app.call("/api/book_facility", &format!("session={}&group={group}&key=hoard-key-9997", slots[cap as usize]), &cookie).await;
    assert_eq!(now_ok.status, 200, "{}", now_ok.body);
    // another resident is not held back by the first one's bookings
    let other = app.sign_up("neighbour@example.com", "이웃").await;
    let (more, _) = facility_slots(&app, cap + 3).await;
    let reply = app.call("/api/book_facility", &format!("session={}&group={group}&key=other-key-0001", more[cap as usize + 2]), &other).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

async fn licensed(app: &TestApp, email: &str, number: &str) -> (String, Reply) {
    let cookie = app.sign_up(email, email.split('@').next().unwrap()).await;
    let body = format!("number={number}&issued_on=2015-03-02&expires_on=2030-12-31&birth_date=1990-05-05");
    let reply = app.call("/api/verify_licence", &body, &cookie).await;
    (cookie, reply)
}

#[tokio::test]
async fn an_account_holds_at_most_the_caps_number_of_car_trips_ahead() {
    let app = TestApp::empty().await;
    sqlx::query("DELETE FROM car_official_trips").execute(&app.pool).await.unwrap();
    let cap: i64 = sqlx::query_scalar("SELECT max_ahead FROM booking_caps WHERE kind = 'car'").fetch_one(&app.pool).await.unwrap();
    let (cookie, verified) = licensed(&app, "driver@example.com", "11-15-000001-78").await;
    assert_eq!(verified.status, 200, "{}", verified.body);
    let book = |day: i64, cookie: String| {
        let start = format!("2026-11-{}T19:00", 24 + day);
        let end = format!("2026-11-{}T20:00", 24 + day);
        let body = format!("car=4&start={}&end={}&key=trip-key-{day:04}", enc(&start), enc(&end));
        let app = &app;
        async move { app.call("/api/book_car", &body, &cookie).await }
    };
    for day in 0..cap {
        let reply = book(day, cookie.clone()).await;
        assert_eq!(reply.status, 200, "trip {day}: {}", reply.body);
    }
    let over = book(cap, format!("{cookie}; lang=en")).await;
    assert_eq!(over.status, 409, "{}", over.body);
    assert!(over.json()["message"].as_str().unwrap().contains(&format!("at most {cap} car trips")), "{}", over.body);
}

#[tokio::test]
async fn a_licence_registered_to_another_account_is_claimed_and_staff_move_it_to_its_holder() {
    let app = TestApp::empty().await;
    let (squatter, first) = licensed(&app, "first@example.com", "11-15-123456-78").await;
    assert_eq!(first.status, 200, "{}", first.body);
    let (holder, refused) = licensed(&app, "holder@example.com", "11-15-123456-78").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.json()["message"].as_str().unwrap().contains("직원"), "the refusal says the claim went to staff: {}", refused.body);
    // staff see the claim, with both names and the masked number only
    let staff = app.sign_up("desk@example.com", "담당").await;
    sqlx::query("UPDATE accounts SET role = 'staff' WHERE email = 'desk@example.com'").execute(&app.pool).await.unwrap();
    let page = app.get_as("/staff/cars", &staff).await;
    assert!(page.body.contains("data-testid=\"licence-dispute\""), "the claim is on the staff page");
    assert!(page.body.contains("holder") && page.body.contains("first"), "both accounts' names");
    assert!(!page.body.contains("123456"), "never the digits");
    assert_eq!(app.get_as("/staff/cars", &holder).await.body.contains("licence-dispute"), false, "residents do not see it");
    assert_eq!(app.call("/api/resolve_licence_dispute", "id=1&decision=move", &holder).await.status, 400, "staff only");
    let id: i64 = sqlx::query_scalar("SELECT id FROM licence_disputes WHERE state = 'open'").fetch_one(&app.pool).await.unwrap();
    // a plain form (JavaScript off)
    let moved = app.send(post_form("/api/resolve_licence_dispute", &format!("id={id}&decision=move"), &staff, "text/html")).await;
    assert!(moved.status.is_redirection(), "{}: {}", moved.status, moved.body);
    let owner: String = sqlx::query_scalar("SELECT a.email FROM car_licences l JOIN accounts a ON a.id = l.account_id").fetch_one(&app.pool).await.unwrap();
    assert_eq!(owner, "holder@example.com");
    assert!(app.get_as("/me/messages", &holder).await.body.contains("운전면허가 내 계정으로 옮겨졌습니다"));
    assert!(app.get_as("/me/messages", &squatter).await.body.contains("운전면허가 이 계정에서 빠졌습니다"));
    // the claim is closed; resolving it again finds nothing
    assert_eq!(app.call("/api/resolve_licence_dispute", &format!("id={id}&decision=refuse"), &staff).await.status, 404);
    // and the holder drives
    sqlx::query("DELETE FROM car_official_trips").execute(&app.pool).await.unwrap();
    let body = format!("car=4&start={}&end={}&key=holder-trip-0001", enc("2026-11-24T19:00"), enc("2026-11-24T20:00"));
    assert_eq!(app.call("/api/book_car", &body, &holder).await.status, 200);
}
