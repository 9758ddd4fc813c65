//! The car-share pages and their server functions over HTTP, as a resident's browser uses them
//! with JavaScript off (plain forms, redirects) and as outside tools call them (JSON): the cars and
//! a car's week, the licence, the price check, booking tonight, my bookings, cancelling; two
//! accounts never see each other's trips; garbage to every server function is a 4xx with a
//! message, never a 5xx. The test clock is Monday 2026-11-23 10:00 in Seoul.

mod helpers;

use helpers::*;

const HTML: &str = "text/html";
const LICENCE: &str = "number=11-15-123456-78&issued_on=2015-03-02&expires_on=2035-12-31&birth_date=1990-05-05";

/// A resident signed up with a verified licence (its own number, one licence per account).
async fn driver(app: &TestApp, email: &str, serial: u32) -> String {
    let cookie = app.sign_up(email, "김운전").await;
    let body = LICENCE.replace("123456", &format!("{serial:06}"));
    let reply = app.call("/api/verify_licence", &body, &cookie).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    cookie
}

async fn book(app: &TestApp, cookie: &str, car: u32, start: &str, end: &str, key: &str) -> Reply {
    app.call("/api/book_car", &format!("car={car}&start={start}&end={end}&key={key}"), cookie).await
}

#[tokio::test]
async fn the_cars_page_lists_eight_cars_with_free_times_in_korean_and_english() {
    let app = TestApp::seeded().await;
    let page = app.get("/cars").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches(r#"data-testid="car""#).count(), 8);
    assert!(page.body.contains("아이오닉 5") && page.body.contains("12무 3456"));
    assert!(page.body.contains("11월 23일 (월) 18:30"), "tonight after office hours is the first free time");
    let en = app.send(get_with("/cars", &[("cookie", "lang=en")])).await;
    assert!(en.body.contains("Hyundai Ioniq 5") && en.body.contains("Night package"));
}

#[tokio::test]
async fn a_cars_week_has_a_row_per_day_with_office_hours_and_official_trips() {
    let app = TestApp::seeded().await;
    let page = app.get("/cars/1").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches(r#"data-testid="day-row""#).count(), 7);
    assert!(page.body.contains("08:30–18:30 공무 (업무 시간)"), "office hours in words");
    assert!(page.body.contains("19:00–21:30 공무 출장"), "the demo's official trip tomorrow evening");
    assert!(page.body.contains(r#"type="datetime-local""#) && page.body.contains(r#"value="2026-11-23T18:30""#), "the form offers the first free time");
    assert_eq!(app.get("/cars/999").await.status, 404);
    assert_eq!(app.get("/cars/abc").await.status, 404);
    assert_eq!(app.get("/cars/1?from=2026-02-30").await.status, 400);
    assert_eq!(app.get("/cars/1?from=2027-01-01").await.status, 400, "more than 14 days ahead");
}

#[tokio::test]
async fn with_javascript_off_a_resident_verifies_a_licence_books_tonight_and_cancels() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("plain@example.com", "김평문").await;
    // the check page without a licence says so and offers no confirm button
    let check = app.get_as("/cars/4/check?start=2026-11-23T19:00&end=2026-11-23T21:00", &cookie).await;
    assert_eq!(check.status, 200, "the price is shown, and the next step is the licence: {}", check.body);
    assert!(check.body.contains("6,000원") && check.body.contains("먼저 운전면허를 확인해") && !check.body.contains(r#"data-testid="confirm-form""#));

    let verified = app.send(post_form("/api/verify_licence", &format!("{LICENCE}&next=%2Fcars%2F4"), &cookie, HTML)).await;
    assert!(verified.status.is_redirection(), "{}", verified.status);
    assert_eq!(verified.headers["location"], "/cars/4");

    let check = app.get_as("/cars/4/check?start=2026-11-23T19:00&end=2026-11-23T21:00", &cookie).await;
    assert_eq!(check.status, 200, "{}", check.body);
    assert!(check.body.contains("6,000원") && check.body.contains(r#"data-testid="confirm-form""#));
    let key = check.body.split(r#"name="key" value=""#).nth(1).unwrap().split('"').next().unwrap().to_string();

    let body = format!("car=4&start=2026-11-23T19:00&end=2026-11-23T21:00&key={key}");
    let booked = app.send(post_form("/api/book_car", &body, &cookie, HTML)).await;
    assert!(booked.status.is_redirection(), "{} {}", booked.status, booked.body);
    let location = booked.headers["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/cars/trips/V-"), "{location}");
    let reference = location.trim_start_matches("/cars/trips/").to_string();
    let again = app.send(post_form("/api/book_car", &body, &cookie, HTML)).await;
    assert_eq!(again.headers["location"].to_str().unwrap(), location, "a resent form is the same trip");

    let trip = app.get_as(&location, &cookie).await;
    assert_eq!(trip.status, 200);
    assert!(trip.body.contains(&reference) && trip.body.contains("6,000원") && trip.body.contains("지금 취소하면 수수료가 없습니다"));
    let mine = app.get_as("/me/bookings", &cookie).await;
    assert!(mine.body.contains(&reference), "the trip is in my bookings");
    let week = app.get_as("/cars/4", &cookie).await;
    assert!(week.body.contains(&format!("/cars/trips/{reference}")), "the car's week marks it as mine");

    let cancelled = app.send(post_form("/api/cancel_car", &format!("reference={reference}&next=%2Fme%2Fbookings"), &cookie, HTML)).await;
    assert_eq!(cancelled.headers["location"], "/me/bookings");
    let mine = app.get_as("/me/bookings", &cookie).await;
    assert!(mine.body.contains(r#"data-status="cancelled""#));
}

#[tokio::test]
async fn a_booking_clash_with_a_kids_cafe_session_is_warned_before_confirming() {
    let app = TestApp::seeded().await;
    let cookie = driver(&app, "clash@example.com", 1).await;
    // another trip of the same resident on another car at the same time
    assert_eq!(book(&app, &cookie, 5, "2026-11-23T19:00", "2026-11-23T21:00", "clash-key-001").await.status, 200);
    let check = app.get_as("/cars/6/check?start=2026-11-23T20:00&end=2026-11-23T22:00", &cookie).await;
    assert_eq!(check.status, 200);
    assert!(check.body.contains(r#"data-testid="clash""#) && check.body.contains("V-"), "warned, and still offered");
    assert!(check.body.contains(r#"data-testid="confirm-form""#));
}

#[tokio::test]
async fn two_residents_never_see_each_others_trips() {
    let app = TestApp::seeded().await;
    let kim = driver(&app, "kim@example.com", 11).await;
    let lee = driver(&app, "lee@example.com", 12).await;
    let reply = book(&app, &kim, 7, "2026-11-23T19:00", "2026-11-23T20:00", "kim-trip-0001").await;
    let reference = reply.json().as_str().unwrap().to_string();
    assert_eq!(app.get_as(&format!("/cars/trips/{reference}"), &lee).await.status, 404);
    assert!(!app.get_as("/me/bookings", &lee).await.body.contains(&reference));
    let week = app.get_as("/cars/7", &lee).await;
    assert!(week.body.contains("예약됨") && !week.body.contains(&reference), "booked, but not whose");
    let refused = app.call("/api/cancel_car", &format!("reference={reference}"), &lee).await;
    assert_eq!(refused.status, 404, "{}", refused.body);
    let json = app.call("/api/car_trip", &format!("reference={reference}"), &lee).await;
    assert_eq!(json.status, 404);
    assert!(app.get_as(&format!("/cars/trips/{reference}"), &kim).await.status == 200);
    let api = app.get("/api/v1/cars/7/availability").await;
    assert!(!api.body.contains(&reference), "the public API names no trip");
}

#[tokio::test]
async fn garbage_to_every_car_server_function_is_a_4xx_with_a_message_and_changes_nothing() {
    let app = TestApp::seeded().await;
    let cookie = driver(&app, "garbage@example.com", 21).await;
    let long = "9".repeat(5_000);
    let calls: Vec<(&str, String)> = vec![
        ("/api/book_car", "car=0&start=2026-11-23T19:00&end=2026-11-23T20:00&key=garbage-key-1".into()),
        ("/api/book_car", "car=-1&start=2026-11-23T19:00&end=2026-11-23T20:00&key=garbage-key-1".into()),
        ("/api/book_car", format!("car={long}&start=x&end=y&key=garbage-key-1")),
        ("/api/book_car", "car=4&start=2026-11-23T19:05&end=2026-11-23T20:00&key=garbage-key-1".into()),
        ("/api/book_car", "car=4&start=2026-11-23T20:00&end=2026-11-23T19:00&key=garbage-key-1".into()),
        ("/api/book_car", "car=4&start=2026-11-23T09:00&end=2026-11-23T09:40&key=garbage-key-1".into()),
        ("/api/book_car", "car=4&start=2026-11-24T10:00&end=2026-11-24T11:00&key=garbage-key-1".into()),
        ("/api/book_car", "car=4&start=2026-11-23T19:00&end=2026-11-27T19:00&key=garbage-key-1".into()),
        ("/api/book_car", "car=4&start=2026-12-20T19:00&end=2026-12-20T20:00&key=garbage-key-1".into()),
        ("/api/book_car", "car=4&start=2026-11-23T19:00&end=2026-11-23T20:00&key=no".into()),
        ("/api/book_car", format!("car=4&start={long}&end=2026-11-23T20:00&key=garbage-key-1")),
        ("/api/book_car", "car=4".into()),
        ("/api/book_car", "".into()),
        ("/api/cancel_car", "reference=K-7Q2M-9XD4".into()),
        ("/api/cancel_car", "reference=V-0000-0000".into()),
        ("/api/cancel_car", format!("reference={long}")),
        ("/api/extend_car", "reference=V-7Q2M-9XD4&end=2026-11-23T22:00".into()),
        ("/api/extend_car", "reference=V-7Q2M-9XD4&end=soon".into()),
        ("/api/return_car", "reference=".into()),
        ("/api/car_trip", "reference=%00%01".into()),
        ("/api/car_week", "car=1&from=2026-13-01".into()),
        ("/api/car_week", format!("car=1&from={long}")),
        ("/api/car_check", "car=1&start=&end=".into()),
        ("/api/verify_licence", "number=12&issued_on=2015-03-02&expires_on=2035-12-31&birth_date=1990-05-05".into()),
        ("/api/verify_licence", "number=11-15-123456-78&issued_on=2015-03-02&expires_on=2020-12-31&birth_date=1990-05-05".into()),
        ("/api/verify_licence", "number=11-26-123456-78&issued_on=2026-03-02&expires_on=2035-12-31&birth_date=1990-05-05".into()),
        ("/api/verify_licence", "number=11-15-123456-78&issued_on=2015-03-02&expires_on=2035-12-31&birth_date=2010-05-05".into()),
        ("/api/verify_licence", format!("number={long}&issued_on={long}&expires_on=x&birth_date=y")),
        ("/api/add_official_trip", "car=1&start=2026-11-23T19:00&end=2026-11-23T20:00&purpose=x".into()),
        ("/api/remove_official_trip", "id=1".into()),
    ];
    for (endpoint, body) in &calls {
        for lang in ["ko", "en"] {
            let reply = app.send(post_form(endpoint, body, &format!("{cookie}; lang={lang}"), "application/json")).await;
            assert!(reply.status.is_client_error(), "{endpoint} {body:.80}: {} {}", reply.status, reply.body);
            let message = reply.json()["message"].as_str().unwrap_or_default().to_string();
            assert!(!message.is_empty(), "{endpoint}: a message");
            let hangul = message.chars().any(|c| ('가'..='힣').contains(&c));
            assert_eq!(hangul, lang == "ko", "{endpoint} answers in the resident's language: {message}");
        }
    }
    let trips: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM car_trips").fetch_one(&app.pool).await.unwrap();
    assert_eq!(trips, 0, "nothing was booked");
    let guest = app.call("/api/book_car", "car=4&start=2026-11-23T19:00&end=2026-11-23T20:00&key=guest-key-01", "").await;
    assert_eq!(guest.status, 401);
}

#[tokio::test]
async fn staff_add_an_emergency_official_trip_that_cancels_a_residents_trip_and_tells_them() {
    let app = TestApp::seeded().await;
    let resident = driver(&app, "trip@example.com", 31).await;
    let reference = book(&app, &resident, 8, "2026-11-23T19:00", "2026-11-23T21:00", "staff-key-001").await.json().as_str().unwrap().to_string();
    let staff = app.sign_up("staff@example.com", "김직원").await;
    sqlx::query("UPDATE accounts SET role = 'staff' WHERE email = 'staff@example.com'").execute(&app.pool).await.unwrap();
    let staff = app.log_in("staff@example.com", "correct horse battery", &staff).await;
    let staff = session_cookie(&staff).unwrap();
    assert_eq!(app.get_as("/staff/cars", &staff).await.status, 200);
    assert_eq!(app.get_as("/staff/cars", &resident).await.status, 403);

    let body = "car=8&start=2026-11-23T20:00&end=2026-11-23T22:00&purpose=%ED%99%94%EC%9E%AC+%ED%98%84%EC%9E%A5+%EC%A7%80%EC%9B%90";
    let refused = app.call("/api/add_official_trip", body, &staff).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let added = app.send(post_form("/api/add_official_trip", &format!("{body}&emergency=on"), &staff, HTML)).await;
    assert_eq!(added.headers["location"], "/staff/cars?done=added&cancelled=1");
    let trip = app.get_as(&format!("/cars/trips/{reference}"), &resident).await;
    assert!(trip.body.contains("공무로 취소됨") && trip.body.contains("화재 현장 지원"), "the reason is shown");
    let inbox = app.get_as("/me/messages", &resident).await;
    assert!(inbox.body.contains("화재 현장 지원"), "and told in their messages");
    let page = app.get_as("/staff/cars", &staff).await;
    assert!(page.body.contains("화재 현장 지원"));
}
